"""Helpers for the queue and call-in tests: queued judgments registered through the action."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from tests.sentencing.judgments import prison_fields
from varde.people.models import Person
from varde.sentencing.actions import do_register_judgment
from varde.sentencing.models import Judgment


def queued(person: Person, *, waited: int = 10, case: str = "", **extra: Any) -> Judgment:
    """A final prison judgment received ``waited`` days ago (status "I soningskø")."""
    received = timezone.localdate() - timedelta(days=waited)
    fields = prison_fields(
        case_number=case or f"25-{person.pk}-{waited}",
        judgment_date=received - timedelta(days=20),
        final_date=received,
        received_on=received,
        credited_days=0,
        **extra,
    )
    return do_register_judgment(person, actor=None, **fields)


def years_ago(years: int, days: int = 0) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)
