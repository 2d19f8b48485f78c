"""Time out of cell from the database: the department's regime in force on the day, its
deviations and the inmate's own, absences, the prison's regime for a department without
one, and ``isolation_days`` for the alerts (per-day hours, a Mandela run)."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

from tests.regime.conftest import STANDARD, PeriodInput, last_weekday, local, make_inmates
from varde.execution.actions import do_start_absence, do_transfer
from varde.organisation.choices import SecurityLevel, UnitKind
from varde.organisation.models import Capacity, Unit
from varde.regime.actions import (
    do_add_department_deviation,
    do_add_inmate_deviation,
    do_cancel_department_deviation,
    do_end_inmate_deviation,
    do_set_schedule,
)
from varde.regime.queries import daily_counts, isolation_days, unit_day
from varde.regime.rules import longest_isolation_run

pytestmark = pytest.mark.django_db


def _hours(unit, day, stay):
    rows = {d.stay_id: d for _p, d in unit_day(unit, day).rows}
    return rows[stay.pk].hours


def test_a_normal_weekday_and_weekend(regime, org):
    weekday = last_weekday()
    saturday = weekday + timedelta(days=(6 - weekday.isoweekday()) % 7)
    if saturday >= timezone.localdate():
        saturday -= timedelta(days=7)
    stay = regime.stays[0]
    assert (
        _hours(org.oslo, weekday, stay).hours_out,
        _hours(org.oslo, weekday, stay).hours_contact,
    ) == (8.0, 7.0)
    weekend = _hours(org.oslo, saturday, stay)
    assert (weekend.hours_out, weekend.hours_contact, weekend.hours_company) == (4.0, 4.0, 3.0)
    counts = unit_day(org.oslo, saturday).counts
    assert (counts.inmates, counts.out_under_8, counts.out_under_4, counts.isolated) == (3, 3, 0, 0)


def test_a_new_regime_applies_from_its_day_and_past_days_keep_theirs(regime, org):
    day = last_weekday()
    before = last_weekday(day - timedelta(days=7))
    shorter = [PeriodInput("weekday", time(9), time(12), "ordinary")]
    do_set_schedule(org.oslo, valid_from=day, periods=shorter, actor=None)
    assert _hours(org.oslo, day, regime.stays[0]).hours_out == 3.0
    assert _hours(org.oslo, before, regime.stays[0]).hours_out == 8.0
    counts = unit_day(org.oslo, day).counts
    assert (counts.out_under_8, counts.out_under_4) == (3, 3)


def test_a_department_deviation_reduces_everyone_until_withdrawn(regime, org, leader):
    day = last_weekday()
    lockdown = do_add_department_deviation(
        org.oslo,
        kind="staffing",
        date_from=day,
        date_to=day,
        starts_at=time(12),
        ends_at=time(23, 59),
        level="locked",
        actor=leader,
    )
    assert {d.hours_out for _p, d in unit_day(org.oslo, day).rows} == {4.0}
    do_cancel_department_deviation(lockdown, actor=leader, reason="Feilregistrert")
    assert {d.hours_out for _p, d in unit_day(org.oslo, day).rows} == {8.0}


def test_an_excluded_inmate_with_two_hours_of_staff_is_isolated(regime, org, personas):
    day = last_weekday()
    excluded, other = regime.stays[0], regime.stays[1]
    do_add_inmate_deviation(
        excluded,
        kind="excluded_full",
        from_at=local(day - timedelta(days=20), 9),
        windows=[(time(13), time(15), "staff")],
        actor=personas.alice,
    )
    hours = _hours(org.oslo, day, excluded)
    assert (hours.contact_minutes, hours.company_minutes) == (120, 0)
    assert _hours(org.oslo, day, other).hours_out == 8.0
    today = unit_day(org.oslo, day)
    assert today.counts.isolated == 1
    assert [p.stay_id for p, _d in today.isolated] == [excluded.pk]


def test_isolation_days_give_per_day_hours_for_a_15_day_check(regime, org, personas):
    """Fully excluded, locked in, for 18 days (weekends too): 18 isolation days in a row."""
    today = timezone.localdate()
    stay = regime.stays[0]
    deviation = do_add_inmate_deviation(
        stay, kind="excluded_full", from_at=local(today - timedelta(days=17)), actor=None
    )
    days = isolation_days(stay.person, today - timedelta(days=25), today)
    assert len(days) == 26 and days[0].day == today - timedelta(days=25)
    assert [d.isolated for d in days[-18:]] == [True] * 18
    assert not any(d.isolated for d in days[:-18])
    assert longest_isolation_run([d.isolated for d in days]) == 18
    assert days[-1].hours_out == 0.0 and days[-1].hours_contact == 0.0
    # The same through the stay; ended at 23:00 yesterday: today is a normal day again.
    do_end_inmate_deviation(deviation, to_at=local(today - timedelta(days=1), 23), actor=None)
    by_stay = isolation_days(stay, today - timedelta(days=2), today)
    assert [d.isolated for d in by_stay] == [True, True, False]


def test_own_wish_keeps_staff_contact(regime, org):
    day = last_weekday()
    do_add_inmate_deviation(
        regime.stays[2], kind="own_wish", from_at=local(day - timedelta(days=2)), actor=None
    )
    hours = _hours(org.oslo, day, regime.stays[2])
    assert (hours.hours_out, hours.hours_contact, hours.hours_company) == (8.0, 7.0, 0.0)


def test_a_whole_day_in_hospital_is_left_out_of_the_counts(regime, org):
    today = timezone.localdate()
    do_start_absence(
        regime.stays[0], "hospital", at=local(today - timedelta(days=3), 8), actor=None
    )
    day = today - timedelta(days=1)
    rows = {d.stay_id: d for _p, d in unit_day(org.oslo, day).rows}
    assert rows[regime.stays[0].pk].away_all_day
    assert unit_day(org.oslo, day).counts.inmates == 2


def test_a_department_without_a_regime_follows_its_prison(org, personas):
    ullersmo = Unit.objects.create(
        code="romerike-ullersmo",
        name="Ullersmo",
        kind=UnitKind.PRISON_HIGH,
        region=org.ost,
        parent=org.oslo,
    )
    Capacity.objects.create(
        unit=ullersmo,
        security_level=SecurityLevel.HIGH,
        places=10,
        valid_from=timezone.localdate() - timedelta(days=400),
    )
    stays = make_inmates(ullersmo, 2, seed=300)
    day = last_weekday()
    counts = unit_day(org.oslo, day).counts
    assert (counts.inmates, counts.without_schedule) == (2, 2)
    do_set_schedule(org.oslo, valid_from=day - timedelta(days=10), periods=STANDARD, actor=None)
    assert _hours(org.oslo, day, stays[0]).hours_out == 8.0
    own = [PeriodInput("weekday", time(8), time(10), "partial")]
    do_set_schedule(ullersmo, valid_from=day - timedelta(days=5), periods=own, actor=None)
    assert _hours(ullersmo, day, stays[0]).hours_out == 2.0
    assert unit_day(org.oslo, day).counts.isolated == 2


def test_a_transfer_day_is_reported_once_at_the_new_unit(regime, org):
    today = timezone.localdate()
    do_transfer(
        regime.stays[0],
        org.ila,
        security_level=SecurityLevel.HIGH,
        reason="security",
        at=local(today - timedelta(days=2), 11),
        actor=None,
    )
    days = isolation_days(regime.stays[0].person, today - timedelta(days=4), today)
    assert [d.unit_id for d in days] == [org.oslo.pk] * 2 + [org.ila.pk] * 3
    assert days[-1].hours is None  # Ila has no regime registered


def test_daily_counts_for_a_period(regime, org):
    today = timezone.localdate()
    counts = daily_counts([org.oslo.pk], today - timedelta(days=6), today)
    assert len(counts) == 7
    assert all(c.inmates == 3 for c in counts.values())
