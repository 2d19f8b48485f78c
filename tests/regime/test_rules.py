"""The pure rules of the daily regime: hours out of cell and of meaningful contact (interval
arithmetic, worked examples and hypothesis properties), Mandela rule 44, the counts, the
activity share's prison days, and what the grid proposes."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from varde.regime.rules import (
    ALONE,
    DAY_MINUTES,
    LOCKED,
    ORDINARY,
    PARTIAL,
    STAFF,
    DayHours,
    Span,
    activity_share,
    attendance_day_problem,
    attendance_problem,
    cap_problem,
    count_days,
    day_hours,
    day_type,
    deviation_caps,
    is_isolation_day,
    longest_isolation_run,
    periods_problem,
    prefill,
    prison_days,
    runs_on,
    weekdays_between,
    weekdays_problem,
    windows_problem,
)

H = 60
# Weekday regime of the tests: 08–12 and 13–16 ordinary company, 18–19 alone (airing).
WEEKDAY = [
    Span(8 * H, 12 * H, ORDINARY),
    Span(13 * H, 16 * H, ORDINARY),
    Span(18 * H, 19 * H, ALONE),
]


# --- worked examples -------------------------------------------------------------------


def test_a_normal_day_counts_out_of_cell_contact_and_company():
    hours = day_hours(WEEKDAY)
    assert (hours.hours_out, hours.hours_contact, hours.hours_company) == (8.0, 7.0, 7.0)
    assert not hours.isolated


def test_a_lock_down_for_staffing_takes_the_afternoon():
    """Department deviation 12:00–24:00 locked in: only the morning is left."""
    hours = day_hours(WEEKDAY, caps=[Span(12 * H, DAY_MINUTES, LOCKED)])
    assert (hours.hours_out, hours.hours_contact) == (4.0, 4.0)


def test_partial_company_cap_keeps_time_out_but_not_ordinary_company():
    hours = day_hours(WEEKDAY, caps=[Span(0, DAY_MINUTES, PARTIAL)])
    assert (hours.hours_out, hours.hours_contact, hours.hours_company) == (8.0, 7.0, 7.0)
    hours = day_hours(WEEKDAY, caps=[Span(0, DAY_MINUTES, STAFF)])
    assert (hours.hours_out, hours.hours_contact, hours.hours_company) == (8.0, 7.0, 0.0)


def test_full_exclusion_with_two_hours_of_staff_contact_is_still_isolation():
    """Excluded all day, with 13:00–15:00 with staff: exactly 2 hours of contact leaves 22
    hours without, which is solitary confinement under Mandela rule 44."""
    caps = deviation_caps(0, DAY_MINUTES, LOCKED, [Span(13 * H, 15 * H, STAFF)])
    hours = day_hours(WEEKDAY, caps=caps)
    assert (hours.contact_minutes, hours.out_minutes) == (120, 120)
    assert hours.isolated


def test_excluded_with_three_hours_of_contact_is_not_isolation():
    caps = deviation_caps(0, DAY_MINUTES, LOCKED, [Span(13 * H, 16 * H, STAFF)])
    assert not day_hours(WEEKDAY, caps=caps).isolated


def test_a_window_outside_the_unlock_periods_adds_nothing():
    """Caps only reduce: staff contact planned while the department is locked gives none."""
    caps = deviation_caps(0, DAY_MINUTES, LOCKED, [Span(20 * H, 22 * H, STAFF)])
    assert day_hours(WEEKDAY, caps=caps).contact_minutes == 0


def test_time_away_counts_as_out_and_with_people_but_not_as_company():
    """Day release 07:00–15:00 with a locked department: out and with people all the same."""
    hours = day_hours(WEEKDAY, caps=[Span(0, DAY_MINUTES, LOCKED)], away=[(7 * H, 15 * H)])
    assert (hours.hours_out, hours.hours_contact, hours.hours_company) == (8.0, 8.0, 0.0)
    assert hours.away_minutes == 8 * H


def test_overlapping_periods_take_the_higher_level_once():
    hours = day_hours([Span(8 * H, 12 * H, STAFF), Span(10 * H, 14 * H, ORDINARY)])
    assert (hours.out_minutes, hours.contact_minutes, hours.company_minutes) == (360, 360, 240)


def test_spans_outside_the_day_are_clipped():
    assert day_hours([Span(-100, 30 * H, ORDINARY)]).out_minutes == DAY_MINUTES


def test_mandela_line_is_22_hours_without_contact():
    assert is_isolation_day(0)
    assert is_isolation_day(120)  # 22 hours without: isolation
    assert not is_isolation_day(121)
    assert longest_isolation_run([True, True, False, True, True, True, None, True]) == 3
    assert longest_isolation_run([True] * 16) == 16


def test_counts_follow_the_report_thresholds():
    counts = count_days(
        [
            DayHours(8 * H, 7 * H, 7 * H),  # 8 hours out: not under 8
            DayHours(8 * H - 1, 7 * H, 7 * H),  # under 8
            DayHours(4 * H - 1, 2 * H, 0),  # under 8 and 4, isolated (2 h)
            DayHours(4 * H, 3 * H, 0),  # under 8 only
            None,  # no regime registered
        ]
    )
    assert (counts.inmates, counts.out_under_8, counts.out_under_4) == (5, 3, 1)
    assert (counts.isolated, counts.without_schedule) == (1, 1)


def test_day_type():
    assert day_type(date(2026, 3, 6)) == "weekday"  # Friday
    assert day_type(date(2026, 3, 7)) == "weekend"


# --- validating regimes ----------------------------------------------------------------


def test_periods_must_be_ordered_and_not_overlap():
    ok = [("weekday", time(8), time(12), "ordinary"), ("weekend", time(8), time(12), "staff")]
    assert periods_problem(ok) is None
    assert "over midnatt" in periods_problem([("weekday", time(22), time(2), "ordinary")])
    overlap = [("weekday", time(8), time(12), "ordinary"), ("weekday", time(11), time(13), "staff")]
    assert "overlapper" in periods_problem(overlap)
    assert periods_problem([("weekday", time(8), time(9), "locked")]) is not None
    assert periods_problem([("holiday", time(8), time(9), "staff")]) is not None


def test_deviations_must_reduce():
    assert cap_problem("locked") is None
    assert cap_problem("ordinary") is not None
    assert windows_problem([(time(13), time(15), "staff")]) is None
    assert windows_problem([(time(15), time(13), "staff")]) is not None
    assert windows_problem([(time(13), time(15), "ordinary")]) is not None


# --- activity --------------------------------------------------------------------------


def test_weekdays():
    assert weekdays_problem("12345") is None
    assert weekdays_problem("") is not None
    assert weekdays_problem("18") is not None
    assert weekdays_problem("112") is not None
    assert runs_on("123", date(2026, 3, 4))  # Wednesday
    assert not runs_on("123", date(2026, 3, 5))


def test_prison_days_are_weekdays_less_whole_days_away():
    # Monday 2 March to Sunday 15 March 2026: ten weekdays.
    first, last = date(2026, 3, 2), date(2026, 3, 15)
    assert weekdays_between(first, last) == 10
    # Away Thursday 5 to Monday 9 (leave): Thu, Fri, Mon are not prison days.
    assert prison_days(first, last, [(date(2026, 3, 5), date(2026, 3, 9))]) == 7
    # Overlapping absences are not subtracted twice; absences outside are ignored.
    gaps = [(date(2026, 3, 5), date(2026, 3, 6)), (date(2026, 3, 6), date(2026, 3, 9))]
    assert prison_days(first, last, [*gaps, (date(2026, 1, 1), date(2026, 1, 9))]) == 7
    assert prison_days(last, first) == 0


def test_activity_share():
    assert activity_share(79, 100) == 79.0
    assert activity_share(2, 3) == 66.7
    assert activity_share(0, 0) is None
    assert activity_share(5, 4) == 100.0


def test_attendance_rows():
    assert attendance_problem("attended", "", 3) is None
    assert "hvilken aktivitet" in attendance_problem("attended", "", None)
    assert "årsak" in attendance_problem("absent", "", 3)
    assert attendance_problem("absent", "sick", 3) is None
    assert attendance_problem("none", "", None) is None
    assert attendance_problem("maybe", "", None) is not None
    today = date(2026, 3, 10)
    assert attendance_day_problem(today, today) is None
    assert attendance_day_problem(today + timedelta(days=1), today) is not None
    assert attendance_day_problem(today - timedelta(days=31), today) is None
    assert attendance_day_problem(today - timedelta(days=32), today) is not None


def test_prefill():
    work = [(7, "workshop")]
    assert prefill([]).status == "none"
    assert prefill(work) == prefill(work, deviation_kinds=["own_wish"])
    assert (prefill(work).status, prefill(work).offer) == ("attended", 7)
    assert prefill(work, absence_kind="leave").reason == "away"
    assert prefill(work, deviation_kinds=["court"]).reason == "court"
    assert prefill(work, deviation_kinds=["excluded_full"]).reason == "excluded"
    release = [(7, "workshop"), (9, "day_release")]
    assert prefill(release, absence_kind="day_release").offer == 9
    assert prefill(work, absence_kind="day_release").status == "absent"


# --- properties ------------------------------------------------------------------------

minute = st.integers(min_value=-120, max_value=DAY_MINUTES + 120)
level = st.integers(min_value=ALONE, max_value=ORDINARY)
cap_level = st.integers(min_value=LOCKED, max_value=PARTIAL)


@st.composite
def spans(draw: st.DrawFn, levels: st.SearchStrategy[int]) -> Span:
    a, b = sorted((draw(minute), draw(minute)))
    return Span(a, b, draw(levels))


schedules = st.lists(spans(level), max_size=6)
caps = st.lists(spans(cap_level), max_size=4)
away = st.lists(st.tuples(minute, minute).map(lambda t: tuple(sorted(t))), max_size=2)


@settings(deadline=None)  # a loaded machine must not fail a pure property
@given(schedules, caps, away)
def test_hours_never_exceed_the_day_and_nest(unlocked, limits, gone):
    hours = day_hours(unlocked, limits, gone)
    assert 0 <= hours.company_minutes <= hours.contact_minutes <= hours.out_minutes
    assert hours.out_minutes <= DAY_MINUTES
    assert hours.away_minutes <= hours.out_minutes


@settings(deadline=None)
@given(schedules, caps, caps)
def test_deviations_only_reduce(unlocked, limits, more):
    without = day_hours(unlocked, limits)
    with_more = day_hours(unlocked, limits + more)
    assert with_more.out_minutes <= without.out_minutes
    assert with_more.contact_minutes <= without.contact_minutes
    assert with_more.company_minutes <= without.company_minutes


@settings(deadline=None)
@given(schedules, caps, away)
def test_computing_is_idempotent_and_order_free(unlocked, limits, gone):
    once = day_hours(unlocked, limits, gone)
    assert day_hours(list(reversed(unlocked)), list(reversed(limits)), gone) == once
    assert day_hours(unlocked + unlocked, limits + limits, gone + gone) == once


@settings(deadline=None)
@given(schedules, st.tuples(minute, minute), cap_level, st.lists(spans(cap_level), max_size=3))
def test_a_deviation_with_windows_never_gives_more_than_the_regime(unlocked, window, lvl, wins):
    start, end = sorted(window)
    limited = day_hours(unlocked, deviation_caps(start, end, lvl, wins))
    plain = day_hours(unlocked)
    assert limited.contact_minutes <= plain.contact_minutes
    assert limited.out_minutes <= plain.out_minutes


@settings(deadline=None)
@given(st.dates(max_value=date(2100, 1, 1)), st.integers(min_value=0, max_value=800))
def test_weekdays_between_matches_counting(first, length):
    days = [first + timedelta(days=n) for n in range(length + 1)]
    expected = sum(1 for day in days if day.isoweekday() <= 5)
    assert weekdays_between(first, first + timedelta(days=length)) == expected


@pytest.mark.parametrize("contact", [0, 60, 119, 120, 121, 1440])
def test_isolation_matches_the_22_hour_wording(contact):
    assert is_isolation_day(contact) == (DAY_MINUTES - contact >= 22 * 60)
