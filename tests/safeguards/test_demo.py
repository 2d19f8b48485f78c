"""The demo data: every seeded violation raises exactly its deviation, and the cases handled
by the book raise none."""

from __future__ import annotations

import random

import pytest

from varde.safeguards import sync
from varde.safeguards.demo import SCENARIOS, seed_safeguards
from varde.safeguards.models import CoerciveMeasure, Deviation, Exclusion

pytestmark = pytest.mark.django_db


def test_each_seeded_violation_raises_exactly_its_deviation(org, people):
    seeded = seed_safeguards(random.Random(7))
    assert len(seeded) == len(SCENARIOS)
    raised: dict[str, set[str]] = {item.scenario.name: set() for item in seeded}
    by_key = {sync.decision_prefix(item.decision): item for item in seeded}
    for key in Deviation.objects.values_list("key", flat=True):
        kind, pk, requirement = key.split(":", 2)
        raised[by_key[f"{kind}:{pk}"].scenario.name].add(requirement)
    assert raised == {item.scenario.name: set(item.scenario.expected) for item in seeded}
    assert any(item.scenario.expected for item in seeded)
    assert any(not item.scenario.expected for item in seeded)
    assert sync.sync_deviations().created == 0  # the seed ran the sync already


def test_the_demo_covers_every_kind_of_alert_and_the_statistics(org, people):
    seed_safeguards(random.Random(7))
    sources = set(Deviation.objects.values_list("source", flat=True))
    assert sources == {"deadline_passed", "doctor_notice_missing"}
    assert Exclusion.objects.filter(minor=True).exists()
    assert CoerciveMeasure.objects.filter(end_at__isnull=True).exists()  # still in the cell
    years = {m.start_at.year for m in CoerciveMeasure.objects.all()}
    assert len(years) >= 3  # a few years of history
    assert seed_safeguards() == []  # once only


def test_the_regime_demo_raises_exactly_its_mandela_alerts(org, people):
    """Oslo: one inmate locked in with no contact for 20 days (rule 44 and, past 15 days, the
    severe alert of rules 43-44), one with exactly 2 hours with staff (rule 44 only); the one
    on his own wish with staff contact, the one in court and everyone else raise none. The
    lock-down after lunch a week ago leaves 2 hours of company when it falls on a weekend
    (10-12): then it is a rule 44 day for everyone at Oslo, and raised as such."""
    from tests.regime.conftest import make_inmates
    from varde.regime.demo import load_demo_regime
    from varde.regime.models import DepartmentDeviation, InmateDeviation

    oslo = make_inmates(org.oslo, 6, seed=800)
    make_inmates(org.bergen, 3, seed=900)
    load_demo_regime(random.Random(1))
    seed_safeguards(random.Random(7))
    locked = InmateDeviation.objects.get(kind="excluded_full", windows=[]).person_id
    two_hours = InmateDeviation.objects.exclude(windows=[]).get(kind="excluded_full").person_id
    raised: dict[int, set[str]] = {}
    for person_id, source in Deviation.objects.filter(key__startswith="mandela:").values_list(
        "person_id", "source"
    ):
        raised.setdefault(person_id, set()).add(source)
    expected = {locked: {"mandela_breach", "mandela_prolonged"}, two_hours: {"mandela_breach"}}
    if DepartmentDeviation.objects.get().date_from.isoweekday() > 5:
        for stay in oslo:
            expected.setdefault(stay.person_id, {"mandela_breach"})
    assert raised == expected
    assert sync.sync_deviations().created == 0
