"""The regime demo data shows what the pages are for: inmates under 8 and 4 hours out of
cell, isolation by Mandela rule 44 (one run longer than 15 days), and registered attendance;
a second run adds nothing. Also: the unit page's queries do not grow with its inmates."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.regime.conftest import last_weekday, make_inmates
from varde.regime.demo import load_demo_regime
from varde.regime.models import ActivityOffer, Attendance, InmateDeviation
from varde.regime.queries import isolation_days, unit_day
from varde.regime.rules import PROLONGED_ISOLATION_DAYS, longest_isolation_run

pytestmark = pytest.mark.django_db


def test_demo_has_compliant_and_non_compliant_days(org, personas):
    oslo = make_inmates(org.oslo, 6, seed=800)
    make_inmates(org.bergen, 3, seed=900)
    load_demo_regime(random.Random(1))
    day = last_weekday(timezone.localdate() - timedelta(days=1))
    oslo_day = unit_day(org.oslo, day)
    assert oslo_day.counts.isolated >= 2  # fully excluded, and excluded with exactly 2 hours
    assert oslo_day.counts.out_under_8 < oslo_day.counts.inmates  # 8.5 hours for the others
    bergen_day = unit_day(org.bergen, day)
    assert bergen_day.counts.out_under_8 == bergen_day.counts.inmates == 3
    excluded = InmateDeviation.objects.filter(kind="excluded_full", windows=[]).get()
    days = isolation_days(excluded.stay, timezone.localdate() - timedelta(days=30), day)
    assert longest_isolation_run([d.isolated for d in days]) > PROLONGED_ISOLATION_DAYS
    assert Attendance.objects.filter(unit=org.oslo, status="attended").exists()
    assert {s.pk for s in oslo} >= set(
        Attendance.objects.filter(unit=org.oslo).values_list("stay_id", flat=True)
    )
    offers, rows = ActivityOffer.objects.count(), Attendance.objects.count()
    load_demo_regime(random.Random(2))
    assert (ActivityOffer.objects.count(), Attendance.objects.count()) == (offers, rows)


def test_unit_page_queries_do_not_grow_with_the_inmates(regime, org, personas, login):
    client = login(personas.alice)
    url = reverse("regime:unit", args=[org.oslo.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make_inmates(org.oslo, 10, seed=950)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
