"""Helpers for the safeguards tests: a unit leader at Oslo, a 17-year-old inmate there, and
decisions made through the actions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import Org, People, _user, make_person
from varde.organisation.choices import Role, Scope
from varde.organisation.models import User
from varde.people.actions import do_open_responsibility
from varde.people.models import Person
from varde.safeguards.actions import do_decide_exclusion, do_decide_measure
from varde.safeguards.models import CoerciveMeasure, Exclusion

H = timedelta(hours=1)
D = timedelta(days=1)


@pytest.fixture
def leader(org: Org, personas: Any) -> User:
    """Lena, unit leader at Oslo fengsel (owns automatic deviations there)."""
    return _user("lena", Role.UNIT_LEADER, Scope.UNIT, org.oslo)


@pytest.fixture
def minor(org: Org, people: People) -> Person:
    """A 17-year-old at Oslo fengsel."""
    today = timezone.localdate()
    born = today - (17 * 365 + 100) * D
    person = make_person("Mina", "Ung", born, sex="female", seed=17)
    do_open_responsibility(person, org.oslo, date_from=today - 30 * D, reason="stay", actor=None)
    return person


def exclusion(person: Person, unit: Any, *, hours_ago: float = 1, **extra: Any) -> Exclusion:
    fields: dict[str, Any] = {
        "unit": unit,
        "ground": "preventive_b",
        "extent": "full",
        "start_at": timezone.now() - hours_ago * H,
        "reasons": "Truet ansatte; samtaler har ikke hjulpet.",
        "authorised_by": "Inspektør Hansen",
        "actor": None,
    }
    return do_decide_exclusion(person, **(fields | extra))


def measure(
    person: Person, unit: Any, kind: str = "security_cell", *, hours_ago: float = 1, **extra: Any
) -> CoerciveMeasure:
    fields: dict[str, Any] = {
        "unit": unit,
        "kind": kind,
        "basis": "attack",
        "start_at": timezone.now() - hours_ago * H,
        "reasons": "Angrep en medinnsatt.",
        "authorised_by": "Inspektør Hansen",
        "doctor_statement_sought": True,
        "actor": None,
    }
    return do_decide_measure(person, **(fields | extra))
