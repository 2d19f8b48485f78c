"""Helpers for the regime tests: inmates admitted through the real action, a unit leader,
a default regime and an activity at Oslo fengsel.

The standard regime used throughout (``STANDARD``): weekdays 08:00–12:00 ordinary company,
13:00–16:00 ordinary company, 18:00–19:00 alone (airing): 7 hours with contact, 8 out of
cell; weekends 10:00–13:00 ordinary company, 15:00–16:00 staff only: 4 hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import Org, Personas, _user, make_person
from varde.execution.actions import do_admit
from varde.execution.models import Stay
from varde.organisation.choices import Role, Scope, SecurityLevel
from varde.organisation.models import Unit, User
from varde.regime.actions import PeriodInput, do_create_offer, do_enrol, do_set_schedule
from varde.regime.models import ActivityOffer, RegimeSchedule

STANDARD = [
    PeriodInput("weekday", time(8), time(12), "ordinary"),
    PeriodInput("weekday", time(13), time(16), "ordinary"),
    PeriodInput("weekday", time(18), time(19), "alone"),
    PeriodInput("weekend", time(10), time(13), "ordinary"),
    PeriodInput("weekend", time(15), time(16), "staff"),
]
NAMES = ["Ahmed", "Bjørn", "Carlos", "Dag", "Erik", "Finn", "Geir", "Hans", "Ivar", "Jon"]


def local(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def admit(person: Any, unit: Unit, *, days_ago: int = 60, hour: int = 10) -> Stay:
    at = local(timezone.localdate() - timedelta(days=days_ago), hour)
    return do_admit(person, unit, security_level=SecurityLevel.HIGH, actor=None, at=at)


def make_inmates(unit: Unit, count: int, *, days_ago: int = 60, seed: int = 100) -> list[Stay]:
    stays = []
    for n in range(count):
        person = make_person(
            NAMES[n % len(NAMES)],
            f"Innsatt{n:02d}",
            date(1980 + n % 20, 1 + n % 12, 3),
            seed=seed + n,
        )
        stays.append(admit(person, unit, days_ago=days_ago))
    return stays


@dataclass
class Regime:
    leader: User
    stays: list[Stay]
    schedule: RegimeSchedule
    workshop: ActivityOffer
    school: ActivityOffer


@pytest.fixture
def leader(org: Org, personas: Personas) -> User:
    """Lena, unit leader at Oslo fengsel."""
    return _user("lena", Role.UNIT_LEADER, Scope.UNIT, org.oslo)


@pytest.fixture
def regime(org: Org, personas: Personas, leader: User) -> Regime:
    """Three inmates at Oslo fengsel (60 days in), the standard regime from 90 days ago, a
    workshop (weekdays) with the first two enrolled, and a school (Mon–Wed) with none."""
    stays = make_inmates(org.oslo, 3)
    start = timezone.localdate() - timedelta(days=90)
    schedule = do_set_schedule(org.oslo, valid_from=start, periods=STANDARD, actor=None)
    workshop = do_create_offer(
        org.oslo,
        kind="workshop",
        name="Snekkerverkstedet",
        capacity=10,
        weekdays="12345",
        starts_at=time(8, 30),
        ends_at=time(14, 30),
        valid_from=start,
        actor=None,
    )
    school = do_create_offer(
        org.oslo,
        kind="school",
        name="Skolen",
        capacity=2,
        weekdays="123",
        starts_at=time(9),
        ends_at=time(12),
        valid_from=start,
        actor=None,
    )
    enrolled_from = timezone.localdate() - timedelta(days=59)
    for stay in stays[:2]:
        do_enrol(workshop, stay, date_from=enrolled_from, actor=None)
    return Regime(leader, stays, schedule, workshop, school)


def last_weekday(before: date | None = None) -> date:
    """The latest Monday–Friday on or before ``before`` (default today)."""
    day = before or timezone.localdate()
    while day.isoweekday() > 5:
        day -= timedelta(days=1)
    return day
