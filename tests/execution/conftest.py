"""Helpers for the execution tests: a fresh person, and admitting them through the action."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import Org, make_person
from varde.execution.actions import do_admit
from varde.execution.models import Stay
from varde.organisation.choices import SecurityLevel
from varde.people.models import Person


def ago(days: float = 0, hours: float = 0) -> datetime:
    return timezone.now() - timedelta(days=days, hours=hours)


@pytest.fixture
def newcomer(org: Org) -> Person:
    """A person no unit is responsible for yet (registered by the system)."""
    return make_person("Nils", "Nykommer", date(1988, 4, 2), seed=11)


def admit(person: Person, unit: Any, *, days_ago: float = 10, **kwargs: Any) -> Stay:
    kwargs.setdefault("security_level", SecurityLevel.HIGH)
    return do_admit(person, unit, actor=None, at=ago(days_ago), **kwargs)
