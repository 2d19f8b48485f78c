"""Counts per unit and year by kind (the statistics issue reuses these), and the page."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from varde.organisation.models import Unit
from varde.security.actions import do_register_drug_test, do_register_find, do_register_incident
from varde.security.counts import CountRow, drug_test_counts, find_counts, incident_counts

OSLO = ZoneInfo("Europe/Oslo")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=OSLO)


@pytest.fixture
def history(org, people):
    for unit, kind, when in (
        (org.oslo, "violence_staff", "2024-03-01 10:00"),
        (org.oslo, "violence_staff", "2024-12-31 23:30"),  # 22:30 UTC: still 2024 in Norway
        (org.oslo, "escape", "2025-01-01 00:30"),  # 23:30 UTC on 31 Dec: 2025 in Norway
        (org.bergen, "fire", "2024-06-01 12:00"),
    ):
        do_register_incident(unit, kind=kind, occurred_at=at(when), description="x", actor=None)
    do_register_find(
        org.oslo, found_at=at("2024-05-05 09:00"), kind="drugs", place="mail", actor=None
    )
    for result in ("negative", "refused"):
        do_register_drug_test(
            people.oslo_inmate, org.oslo, taken_at=at("2024-07-07 08:00"), result=result, actor=None
        )


def test_incidents_per_unit_year_and_kind_in_norwegian_years(history, org):
    assert incident_counts() == sorted(
        [
            CountRow(org.oslo.pk, 2024, "violence_staff", 2),
            CountRow(org.oslo.pk, 2025, "escape", 1),
            CountRow(org.bergen.pk, 2024, "fire", 1),
        ]
    )
    assert incident_counts(years=[2025]) == [CountRow(org.oslo.pk, 2025, "escape", 1)]
    only_bergen = Unit.objects.filter(pk=org.bergen.pk)
    assert incident_counts(units=only_bergen) == [CountRow(org.bergen.pk, 2024, "fire", 1)]


def test_finds_and_tests(history, org):
    assert find_counts(years=[2024]) == [CountRow(org.oslo.pk, 2024, "drugs", 1)]
    assert drug_test_counts() == [
        CountRow(org.oslo.pk, 2024, "negative", 1),
        CountRow(org.oslo.pk, 2024, "refused", 1),
    ]


def test_counts_are_one_query(history, django_assert_num_queries):
    with django_assert_num_queries(1):
        incident_counts(years=[2024])


def test_page_for_analyst_shows_numbers_not_persons(history, org, people, personas, login):
    page = login(personas.anna).get(reverse("security:counts"), {"ar": 2024})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Oslo fengsel" in html and "Bergen fengsel" in html
    assert people.oslo_inmate.full_name not in html


def test_page_for_unit_staff_shows_their_units(history, org, personas, login):
    html = login(personas.alice).get(reverse("security:counts"), {"ar": 2024}).content.decode()
    assert "Oslo fengsel" in html and "Bergen fengsel" not in html


def test_index_and_menu(org, personas, login):
    for who in ("alice", "anna"):
        client = login(getattr(personas, who))
        home = client.get(reverse("home")).content.decode()
        assert reverse("security:index") in home
        assert client.get(reverse("security:index")).status_code == 200
    html = login(personas.alice).get(reverse("security:index")).content.decode()
    assert reverse("security:incidents", args=[org.oslo.pk]) in html
    assert reverse("security:incidents", args=[org.bergen.pk]) not in html
