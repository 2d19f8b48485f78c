"""Occupancy and the capacity overview: places, closed, occupied, free and utilisation per
unit, region and nationally, with closures; and the unit overview page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_person
from tests.execution.conftest import admit, ago
from varde.execution.actions import do_release, do_start_absence
from varde.execution.queries import capacity_overview, occupancy_on
from varde.organisation.choices import PlaceSex, SecurityLevel, UnitKind
from varde.organisation.models import Capacity, PlaceClosure, Unit

pytestmark = pytest.mark.django_db


def _people(n, seed=0):
    return [make_person("Per", f"Son{i}", date(1990, 1, 1), seed=500 + seed + i) for i in range(n)]


def _close(unit, places, level=SecurityLevel.HIGH):
    today = timezone.localdate()
    PlaceClosure.objects.create(
        unit=unit,
        security_level=level,
        places=places,
        date_from=today - timedelta(days=1),
        date_to=today + timedelta(days=1),
        reason="Bemanning",
    )


def test_occupancy_counts_at_the_end_of_the_day(org):
    a, b, c = _people(3)
    admit(a, org.oslo, days_ago=3)
    stay = admit(b, org.oslo, days_ago=3)
    do_release(stay, "full_term", actor=None, at=ago(days=1))
    admit(c, org.bergen, days_ago=0.01)
    today = timezone.localdate()
    key = (org.oslo.pk, SecurityLevel.HIGH, PlaceSex.MALE)
    assert occupancy_on(today)[key] == 1
    assert occupancy_on(today - timedelta(days=2))[key] == 2
    assert (org.bergen.pk, SecurityLevel.HIGH, PlaceSex.MALE) in occupancy_on(today)


def test_absent_person_keeps_the_place(org):
    (a,) = _people(1)
    stay = admit(a, org.oslo)
    do_start_absence(stay, "escape", actor=None)
    units = {row.name: row for row in capacity_overview(timezone.localdate()).units}
    assert units["Oslo fengsel"].occupied == 1


def test_overview_numbers_per_unit_region_and_nation(org):
    _close(org.oslo, 40)
    for person in _people(3):
        admit(person, org.oslo)
    for person in _people(2, seed=10):
        admit(person, org.bergen)
    overview = capacity_overview(timezone.localdate())
    units = {row.name: row for row in overview.units}
    oslo = units["Oslo fengsel"]
    assert (oslo.places, oslo.closed, oslo.open, oslo.occupied, oslo.free) == (240, 40, 200, 3, 197)
    assert oslo.utilisation == 1.5
    assert oslo.by_level == {SecurityLevel.HIGH: 200}
    regions = {row.name: row for row in overview.regions}
    assert (regions["Region øst"].places, regions["Region øst"].occupied) == (360, 3)  # Oslo+Ila
    assert regions["Region vest"].utilisation == 1.0
    national = overview.national
    assert (national.places, national.closed, national.occupied, national.free) == (
        560,
        40,
        5,
        515,
    )
    assert "Oslo friomsorgskontor" not in units  # no places


def test_closures_never_close_more_than_the_group_has(org):
    _close(org.ila, 500)
    _close(org.bergen, 5, level=SecurityLevel.LOWER)  # Bergen has no lower places
    units = {row.name: row for row in capacity_overview(timezone.localdate()).units}
    ila = units["Ila fengsel og forvaringsanstalt"]
    assert (ila.closed, ila.open, ila.utilisation) == (120, 0, None)
    assert units["Bergen fengsel"].closed == 0


def test_overview_can_be_limited_to_units(org):
    overview = capacity_overview(timezone.localdate(), Unit.objects.filter(region=org.vest))
    assert [row.name for row in overview.units] == ["Bergen fengsel"]
    assert overview.national.places == 200


def test_overview_query_count_is_fixed(org, django_assert_num_queries):
    for i in range(20):
        unit = Unit.objects.create(
            code=f"u{i}", name=f"Enhet {i}", kind=UnitKind.PRISON_LOWER, region=org.vest
        )
        Capacity.objects.create(
            unit=unit, security_level="lower", places=10, valid_from=date(2020, 1, 1)
        )
    for person in _people(4):
        admit(person, org.oslo)
    with django_assert_num_queries(4):
        overview = capacity_overview(timezone.localdate())
    assert len(overview.units) == 23 and overview.national.occupied == 4


def _cells(html, name):
    match = re.search(rf"<tr><td>{re.escape(name)}</td><td>[^<]*</td>(.*?)</tr>", html, re.S)
    assert match
    return re.findall(r'<td class="numeric">([^<]*)</td>', match.group(1))


def test_unit_overview_page_shows_occupied_free_and_utilisation(login, org, personas):
    _close(org.oslo, 40)
    for person in _people(3):
        admit(person, org.oslo)
    html = login(personas.anna).get(reverse("organisation:units")).content.decode()
    # high, lower, transitional, closed, occupied, free, utilisation
    assert _cells(html, "Oslo fengsel") == ["200", "0", "0", "40", "3", "197", "1,5 %"]
    assert _cells(html, "Ila fengsel og forvaringsanstalt")[-1] == "0,0 %"
    assert "Per region og nasjonalt" in html and "Hele landet" in html
    assert re.search(r"<th scope=\"row\">Region øst</th><td class=\"numeric\">360</td>", html)
