"""Demo data for friomsorgen (``varde demo`` calls :func:`open_demo_cases`): a case for each
person with a community-type judgment and an open responsibility at a probation office, with
hours logged and reporting contacts. Everything goes through the actions (audit, journal)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from varde.community.actions import do_log_hours, do_open_case, do_register_reporting
from varde.community.choices import CaseKind, ContactKind
from varde.community.models import CommunityCase
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
    """Sessions and contacts every 4-12 days over (at most) the last four months."""
    day = max(case.start, today - timedelta(days=120))
    left = Decimal(case.hours_ordered or 0)
    while True:
        day += timedelta(days=rng.randint(4, 12))
        if day > today:
            break
        if left >= 3 and rng.random() < 0.8:
            hours = Decimal(rng.choice([3, 4, 6]))
            do_log_hours(case, day=day, hours=hours, activity=rng.choice(ACTIVITIES), actor=None)
            left -= hours
        do_register_reporting(
            case,
            day=day,
            kind=rng.choice([ContactKind.MEETING, ContactKind.PHONE]),
            attended=rng.random() < 0.92,
            actor=None,
        )
