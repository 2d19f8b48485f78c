"""The unit overview: today's open places per security level, closures subtracted on the
days they cover, behind login, with a query count that does not grow with the units."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from varde.organisation.choices import PlaceSex, SecurityLevel, UnitKind
from varde.organisation.models import Capacity, PlaceClosure, Unit

pytestmark = pytest.mark.django_db

URL = reverse("organisation:units")
LEVELS = [SecurityLevel.HIGH, SecurityLevel.LOWER, SecurityLevel.TRANSITIONAL]


def _row(html: str, unit_name: str) -> dict[str, int]:
    """The numbers in a unit's row: one per security level, then the closed places."""
    match = re.search(
        rf"<tr><td>{re.escape(unit_name)}</td><td>[^<]*</td>(.*?)</tr>", html, flags=re.S
    )
    assert match, f"no row for {unit_name}"
    numbers = [int(n) for n in re.findall(r'<td class="numeric">(-?\d+)</td>', match.group(1))]
    # One per level, closed, then occupied and free (tests/execution checks those two).
    assert len(numbers) == len(LEVELS) + 3
    levels = numbers[: len(LEVELS)]
    return {**dict(zip(LEVELS, levels, strict=True)), "closed": numbers[len(LEVELS)]}


def _page(login, user) -> str:
    response = login(user).get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _close(
    unit: Unit, places: int, start: date, end: date, level: str = SecurityLevel.HIGH
) -> None:
    PlaceClosure.objects.create(
        unit=unit,
        security_level=level,
        places=places,
        date_from=start,
        date_to=end,
        reason="Bemanning",
    )


def test_requires_login(client, org):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={URL}"


@pytest.mark.parametrize("persona", ["alice", "frida", "rune", "anna", "ada"])
def test_every_signed_in_role_sees_the_overview(persona, login, personas):
    html = _page(login, getattr(personas, persona))
    assert "Enheter og kapasitet" in html
    assert _row(html, "Oslo fengsel")[SecurityLevel.HIGH] == 240


def test_shows_open_places_today_per_security_level(login, org, personas):
    Capacity.objects.create(
        unit=org.oslo,
        security_level=SecurityLevel.LOWER,
        sex=PlaceSex.FEMALE,
        places=20,
        valid_from=date(2020, 1, 1),
    )
    html = _page(login, personas.alice)
    assert timezone.localdate().strftime("%d.%m.%Y") in html
    assert _row(html, "Oslo fengsel") == {
        SecurityLevel.HIGH: 240,
        SecurityLevel.LOWER: 20,
        SecurityLevel.TRANSITIONAL: 0,
        "closed": 0,
    }
    assert _row(html, "Bergen fengsel")[SecurityLevel.HIGH] == 200
    assert _row(html, "Ila fengsel og forvaringsanstalt")[SecurityLevel.HIGH] == 120
    assert "Sum (580 plasser)" in html
    # A probation office has no places and is not listed.
    assert "<td>Oslo friomsorgskontor</td>" not in html


def test_capacity_not_in_force_today_does_not_count(login, org, personas):
    today = timezone.localdate()
    Capacity.objects.create(
        unit=org.oslo,
        security_level=SecurityLevel.LOWER,
        places=30,
        valid_from=today + timedelta(days=1),
    )
    Capacity.objects.create(
        unit=org.oslo,
        security_level=SecurityLevel.TRANSITIONAL,
        places=10,
        valid_from=date(2020, 1, 1),
        valid_to=today - timedelta(days=1),
    )
    row = _row(_page(login, personas.alice), "Oslo fengsel")
    assert (row[SecurityLevel.LOWER], row[SecurityLevel.TRANSITIONAL]) == (0, 0)


def test_closure_covering_today_reduces_open_places(login, org, personas):
    today = timezone.localdate()
    _close(org.oslo, 12, today - timedelta(days=3), today + timedelta(days=3))
    html = _page(login, personas.alice)
    assert _row(html, "Oslo fengsel") == {
        SecurityLevel.HIGH: 228,
        SecurityLevel.LOWER: 0,
        SecurityLevel.TRANSITIONAL: 0,
        "closed": 12,
    }
    assert _row(html, "Bergen fengsel")[SecurityLevel.HIGH] == 200
    assert "Sum (548 plasser)" in html


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (-10, -1, 240),  # ended yesterday
        (1, 10, 240),  # starts tomorrow
        (-5, 0, 235),  # ends today (inclusive)
        (0, 0, 235),  # today only
        (0, 5, 235),  # starts today
    ],
)
def test_closure_counts_only_on_the_days_it_covers(start, end, expected, login, org, personas):
    today = timezone.localdate()
    _close(org.oslo, 5, today + timedelta(days=start), today + timedelta(days=end))
    row = _row(_page(login, personas.alice), "Oslo fengsel")
    assert row[SecurityLevel.HIGH] == expected
    assert row["closed"] == 240 - expected


def test_closures_never_go_below_zero_and_only_hit_their_level(login, org, personas):
    today = timezone.localdate()
    _close(org.oslo, 500, today, today)
    _close(org.bergen, 5, today, today, level=SecurityLevel.LOWER)  # Bergen has no lower
    html = _page(login, personas.alice)
    assert _row(html, "Oslo fengsel")[SecurityLevel.HIGH] == 0
    assert _row(html, "Oslo fengsel")["closed"] == 240
    assert _row(html, "Bergen fengsel") == {
        SecurityLevel.HIGH: 200,
        SecurityLevel.LOWER: 0,
        SecurityLevel.TRANSITIONAL: 0,
        "closed": 0,
    }


def test_query_count_does_not_grow_with_the_units(
    login, org, personas, django_assert_max_num_queries
):
    client = login(personas.alice)
    client.get(URL)  # warm-up
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    today = timezone.localdate()
    for i in range(25):
        unit = Unit.objects.create(
            code=f"fengsel-{i}",
            name=f"Testfengsel {i}",
            kind=UnitKind.PRISON_LOWER,
            region=org.vest,
        )
        Capacity.objects.create(
            unit=unit, security_level=SecurityLevel.LOWER, places=10, valid_from=date(2020, 1, 1)
        )
        Capacity.objects.create(
            unit=unit, security_level=SecurityLevel.HIGH, places=5, valid_from=date(2020, 1, 1)
        )
        _close(unit, 1, today, today, level=SecurityLevel.LOWER)
    # Session, user, the user's unit (header), capacities, closures, occupancy (placements),
    # units, Django's own permission tables (once, for the menu entry alice lacks), the units
    # with a progression worklist for her, session save (3 statements).
    assert len(few) <= 13
    with django_assert_max_num_queries(len(few)):
        html = client.get(URL).content.decode()
    assert _row(html, "Testfengsel 24") == {
        SecurityLevel.HIGH: 5,
        SecurityLevel.LOWER: 9,
        SecurityLevel.TRANSITIONAL: 0,
        "closed": 1,
    }
