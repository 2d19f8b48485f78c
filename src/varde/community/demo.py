"""Demo data for friomsorgen (``varde demo`` calls :func:`open_demo_cases`): a case for each
person with a community-type judgment and an open responsibility at a probation office, with
hours logged and reporting contacts. Everything goes through the actions (audit, journal)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal

from django.utils import timezone

from varde.community.actions import do_log_hours, do_open_case, do_register_reporting
from varde.community.choices import CaseKind, ContactKind
from varde.community.models import CommunityCase
from varde.community.rules import expected_hours
from varde.organisation.choices import UnitKind
from varde.people.models import Responsibility
from varde.sentencing.models import Judgment

KIND_OF_REACTION = {
    "community_sentence": CaseKind.COMMUNITY_SENTENCE,
    "rk_programme": CaseKind.RK_PROGRAMME,
    "nd_programme": CaseKind.ND_PROGRAMME,
    "fine_service": CaseKind.FINE_SERVICE,
}
ACTIVITIES = [
    "Arbeid i idrettslag",
    "Vedlikehold, kirkegård",
    "Program: Brottsbrytande",
    "Kartleggingssamtale",
]


def open_demo_cases(rng: random.Random) -> int:
    """Open the cases; returns how many."""
    today = timezone.localdate()
    offices = Responsibility.objects.filter(
        unit__kind=UnitKind.PROBATION_OFFICE, date_to__isnull=True
    ).select_related("person", "unit")
    opened = 0
    for responsibility in offices.order_by("pk"):
        judgment = (
            Judgment.objects.filter(
                person_id=responsibility.person_id, reaction__in=list(KIND_OF_REACTION)
            )
            .order_by("-received_on")
            .first()
        )
        if judgment is None or CommunityCase.objects.filter(judgment=judgment).exists():
            continue
        start = max(responsibility.date_from, judgment.received_on)
        case = do_open_case(
            responsibility.person,
            judgment,
            responsibility.unit,
            kind=KIND_OF_REACTION[judgment.reaction],
            start=min(start, today),
            actor=None,
        )
        _activity(case, rng, today)
        opened += 1
    return opened


def _activity(case: CommunityCase, rng: random.Random, today: date) -> None:
    """Sessions and contacts on the first day and then every 3-7 days (contacts over at most
    the last four months). Most keep pace with the execution period (strl § 49 c: each session does
    the hours due a week ahead, at most a working day); about one in six falls behind."""
    left = Decimal(case.hours_ordered or 0)
    done = Decimal(0)
    behind = rng.random() < 0.15
    for day in _session_days(case.start, today, rng):
        if left > 0 and (not behind or rng.random() < 0.5):
            hours = _hours_due(case, done, day) if not behind else Decimal(rng.choice([2, 3]))
            hours = min(hours, left)
            if hours > 0:
                activity = rng.choice(ACTIVITIES)
                do_log_hours(case, day=day, hours=hours, activity=activity, actor=None)
                left, done = left - hours, done + hours
        if day >= today - timedelta(days=120):
            do_register_reporting(
                case,
                day=day,
                kind=rng.choice([ContactKind.MEETING, ContactKind.PHONE]),
                attended=rng.random() < 0.92,
                actor=None,
            )


def _session_days(start: date, today: date, rng: random.Random) -> list[date]:
    days, day = [], start
    while day <= today:
        days.append(day)
        day += timedelta(days=rng.randint(3, 7))
    return days


def _hours_due(case: CommunityCase, done: Decimal, day: date) -> Decimal:
    """The hours that keep the case on track until a week after ``day`` (whole hours,
    1 to 8): what a probation office would plan for the next session."""
    if case.planned_end is None or not case.hours_ordered:
        return Decimal(3)
    due = expected_hours(case.hours_ordered, case.start, case.planned_end, day + timedelta(7))
    return Decimal(min(max(int((due - done).to_integral_value(rounding=ROUND_CEILING)), 1), 8))
