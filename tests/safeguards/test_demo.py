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
