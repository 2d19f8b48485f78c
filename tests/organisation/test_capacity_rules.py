"""Places on a date: capacity in force minus closures, per security level and sex."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from varde.organisation.choices import PlaceSex, SecurityLevel, UnitKind
from varde.organisation.models import Capacity, PlaceClosure, Region, Unit
from varde.organisation.queries import capacity_on
from varde.organisation.rules import PlacePeriod, places_by_level, places_on

HIGH, LOWER = SecurityLevel.HIGH, SecurityLevel.LOWER
MALE, FEMALE = PlaceSex.MALE, PlaceSex.FEMALE
START = date(2024, 1, 1)

CAPACITY = [
    PlacePeriod(HIGH, MALE, 100, START, None),
    PlacePeriod(HIGH, FEMALE, 20, START, None),
    PlacePeriod(LOWER, MALE, 40, START, date(2024, 12, 31)),
]


def closure(places: int, start: date, end: date, level: str = HIGH, sex: str = MALE):
    return PlacePeriod(level, sex, places, start, end)


def test_without_closures_all_places_in_force_are_open():
    assert places_on(date(2024, 6, 1), CAPACITY, []) == {
        (HIGH, MALE): 100,
        (HIGH, FEMALE): 20,
        (LOWER, MALE): 40,
    }


def test_capacity_counts_from_its_first_to_its_last_day():
    assert (LOWER, MALE) not in places_on(START - timedelta(days=1), CAPACITY, [])
    assert places_on(START, CAPACITY, [])[(LOWER, MALE)] == 40
    assert places_on(date(2024, 12, 31), CAPACITY, [])[(LOWER, MALE)] == 40
    assert (LOWER, MALE) not in places_on(date(2025, 1, 1), CAPACITY, [])


@pytest.mark.parametrize(
    ("day", "open_places"),
    [
        (date(2024, 3, 9), 100),  # the day before
        (date(2024, 3, 10), 70),  # first day, inclusive
        (date(2024, 3, 15), 70),
        (date(2024, 3, 20), 70),  # last day, inclusive
        (date(2024, 3, 21), 100),  # the day after
    ],
)
def test_a_closure_reduces_places_only_within_its_dates(day, open_places):
    closures = [closure(30, date(2024, 3, 10), date(2024, 3, 20))]
    assert places_on(day, CAPACITY, closures)[(HIGH, MALE)] == open_places


def test_closures_never_take_places_below_zero():
    closures = [
        closure(80, date(2024, 3, 1), date(2024, 3, 31)),
        closure(80, date(2024, 3, 15), date(2024, 4, 15)),
    ]
    assert places_on(date(2024, 3, 10), CAPACITY, closures)[(HIGH, MALE)] == 20
    assert places_on(date(2024, 3, 20), CAPACITY, closures)[(HIGH, MALE)] == 0
    assert places_on(date(2024, 4, 10), CAPACITY, closures)[(HIGH, MALE)] == 20


def test_closures_are_separated_by_sex_and_level():
    closures = [closure(15, START, date(2024, 12, 31), HIGH, FEMALE)]
    open_places = places_on(date(2024, 6, 1), CAPACITY, closures)
    assert open_places[(HIGH, FEMALE)] == 5
    assert open_places[(HIGH, MALE)] == 100
    assert open_places[(LOWER, MALE)] == 40


def test_a_closure_of_a_group_without_capacity_changes_nothing():
    closures = [closure(10, START, date(2024, 12, 31), LOWER, FEMALE)]
    assert places_on(date(2024, 6, 1), CAPACITY, closures) == places_on(
        date(2024, 6, 1), CAPACITY, []
    )


def test_places_by_level_sums_the_sexes():
    closures = [closure(10, START, date(2024, 12, 31), HIGH, FEMALE)]
    by_level = places_by_level(places_on(date(2024, 6, 1), CAPACITY, closures))
    assert by_level == {HIGH: 110, LOWER: 40}


days = st.dates(min_value=date(2023, 12, 1), max_value=date(2025, 2, 1))
closure_periods = st.builds(
    lambda places, start, length, level, sex: closure(
        places, start, start + timedelta(days=length), level, sex
    ),
    st.integers(min_value=0, max_value=150),
    days,
    st.integers(min_value=0, max_value=90),
    st.sampled_from([HIGH, LOWER]),
    st.sampled_from([MALE, FEMALE]),
)


@given(day=days, closures=st.lists(closure_periods, max_size=6))
def test_open_places_stay_between_zero_and_capacity(day, closures):
    full = places_on(day, CAPACITY, [])
    open_places = places_on(day, CAPACITY, closures)
    assert open_places.keys() == full.keys()
    for key, places in open_places.items():
        assert 0 <= places <= full[key]


@pytest.mark.django_db
def test_capacity_on_applies_closures_in_force_that_day():
    region = Region.objects.create(code="nord", name="Region nord")
    unit = Unit.objects.create(
        code="tromso-fengsel",
        name="Tromsø fengsel",
        kind=UnitKind.PRISON_HIGH,
        region=region,
        city="Tromsø",
    )
    Capacity.objects.create(unit=unit, security_level=HIGH, sex=MALE, places=37, valid_from=START)
    Capacity.objects.create(unit=unit, security_level=HIGH, sex=FEMALE, places=2, valid_from=START)
    PlaceClosure.objects.create(
        unit=unit,
        security_level=HIGH,
        sex=MALE,
        places=10,
        date_from=date(2024, 5, 1),
        date_to=date(2024, 5, 31),
        reason="Bemanning",
    )
    PlaceClosure.objects.create(
        unit=unit,
        security_level=HIGH,
        sex=FEMALE,
        places=5,
        date_from=date(2024, 5, 1),
        date_to=date(2024, 5, 31),
        reason="Vedlikehold",
    )
    [before] = capacity_on(date(2024, 4, 30))
    assert (before.total, before.closed) == (39, 0)
    [during] = capacity_on(date(2024, 5, 31))
    assert (during.by_level, during.closed) == ({HIGH: 27}, 12)
    [after] = capacity_on(date(2024, 6, 1))
    assert (after.total, after.closed) == (39, 0)
