"""Legal deadlines (domstolloven §§ 148-149), appeal deadlines (strgjfl § 7 letter e;
forvaltningsloven § 29) and processing deadlines: worked examples and properties."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from varde.decisions import rules
from varde.decisions.choices import AppealPeriod, ApplicationKind

OSLO = rules.OSLO


def at(y: int, m: int, d: int, h: int = 12, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=OSLO)


# --- holidays --------------------------------------------------------------------------------


def test_easter_sunday_known_years():
    assert rules.easter_sunday(2024) == date(2024, 3, 31)
    assert rules.easter_sunday(2025) == date(2025, 4, 20)
    assert rules.easter_sunday(2026) == date(2026, 4, 5)
    assert rules.easter_sunday(2038) == date(2038, 4, 25)  # the latest possible


def test_public_holidays_2025():
    assert rules.public_holidays(2025) == {
        date(2025, 1, 1),
        date(2025, 4, 17),  # skjærtorsdag
        date(2025, 4, 18),  # langfredag
        date(2025, 4, 20),  # 1. påskedag
        date(2025, 4, 21),  # 2. påskedag
        date(2025, 5, 1),
        date(2025, 5, 17),
        date(2025, 5, 29),  # Kristi himmelfartsdag
        date(2025, 6, 8),  # 1. pinsedag
        date(2025, 6, 9),  # 2. pinsedag
        date(2025, 12, 25),
        date(2025, 12, 26),
    }


def test_christmas_eve_and_saturdays():
    assert rules.is_working_day(date(2025, 12, 24))  # julaften: an ordinary Wednesday
    assert not rules.is_working_day(date(2025, 3, 8))  # Saturday
    assert not rules.is_holiday(date(2025, 3, 8))  # ... but not a helgedag
    assert rules.is_holiday(date(2025, 3, 9))  # Sunday


# --- deadlines in days, weeks, months --------------------------------------------------------


def test_days_start_day_does_not_count():
    # domstolloven § 148 first para: 7 days from Monday 3 March ends Monday 10 March.
    assert rules.deadline_in_days(date(2025, 3, 3), 7) == date(2025, 3, 10)


def test_days_ending_on_easter_move_to_the_next_working_day():
    # Thursday 10 April + 7 = Maundy Thursday 17 April → Tuesday 22 April 2025.
    assert rules.deadline_in_days(date(2025, 4, 10), 7) == date(2025, 4, 22)


def test_days_ending_on_17_may_saturday_move_to_monday():
    assert rules.deadline_in_days(date(2025, 5, 10), 7) == date(2025, 5, 19)


def test_weeks_end_on_the_same_weekday():
    assert rules.deadline_in_weeks(date(2025, 3, 3), 3) == date(2025, 3, 24)


def test_months_clip_to_the_last_day():
    # 31 January + 1 month: February has no 31st → 28 February 2025 (a Friday).
    assert rules.deadline_in_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    # 29 February 2024 + 12 months → 28 February 2025.
    assert rules.deadline_in_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    # 30 November 2024 + 1 month = 30 December 2024 (Monday).
    assert rules.deadline_in_months(date(2024, 11, 30), 1) == date(2024, 12, 30)
    # 1 March 2025 + 1 month = 1 April 2025 (Tuesday).
    assert rules.deadline_in_months(date(2025, 3, 1), 1) == date(2025, 4, 1)


def test_hours_skip_sundays_but_not_saturdays():
    # Friday 14:00 + 48 h: Friday 10 h, Saturday 24 h, Sunday not counted, Monday 14 h.
    assert rules.deadline_in_hours(at(2025, 3, 7, 14), 48) == at(2025, 3, 10, 14)
    # Monday 09:00 + 48 h = Wednesday 09:00.
    assert rules.deadline_in_hours(at(2025, 3, 3, 9), 48) == at(2025, 3, 5, 9)


def test_hours_over_easter():
    # Wednesday 16 April 12:00: 12 h that day; Thursday and Friday holidays; Saturday 24 h;
    # Sunday and Easter Monday holidays; 12 h on Tuesday → Tuesday 22 April 12:00.
    assert rules.deadline_in_hours(at(2025, 4, 16, 12), 48) == at(2025, 4, 22, 12)


def test_hours_starting_on_a_sunday_start_counting_on_monday():
    assert rules.deadline_in_hours(at(2025, 3, 9, 15), 48) == at(2025, 3, 12, 0)


# --- appeal deadlines ------------------------------------------------------------------------


def test_appeal_deadline_strgjfl_7_days():
    deadline = rules.appeal_deadline(at(2025, 4, 10, 9), AppealPeriod.STRGJFL)
    assert deadline.last_day == date(2025, 4, 22)
    assert deadline.ends_at == datetime(2025, 4, 22, 23, 59, 59, tzinfo=OSLO)
    assert deadline.text() == "22.04.2025"
    assert "§ 7" in deadline.basis


def test_appeal_deadline_48_hours_for_breach_reactions():
    deadline = rules.appeal_deadline(at(2025, 3, 7, 14), AppealPeriod.BREACH)
    assert deadline.ends_at == at(2025, 3, 10, 14)
    assert deadline.text() == "10.03.2025 14:00"


def test_appeal_deadline_forvaltningsloven_3_weeks():
    deadline = rules.appeal_deadline(at(2025, 3, 3), AppealPeriod.GENERAL)
    assert deadline.last_day == date(2025, 3, 24)
    assert "§ 29" in deadline.basis


def test_appeal_in_time_up_to_the_end_of_the_last_day():
    deadline = rules.appeal_deadline(at(2025, 3, 3), AppealPeriod.STRGJFL)
    assert rules.appeal_in_time(at(2025, 3, 10, 23, 59), deadline)
    assert not rules.appeal_in_time(at(2025, 3, 11, 0, 1), deadline)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 60))
def test_day_deadlines_are_working_days_at_least_n_days_on(start, days):
    end = rules.deadline_in_days(start, days)
    assert rules.is_working_day(end)
    assert end >= start + timedelta(days=days)
    # ... and the first working day from there: nothing earlier would do.
    day = start + timedelta(days=days)
    while day < end:
        assert not rules.is_working_day(day)
        day += timedelta(days=1)


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31)),
    st.integers(1, 96),
)
def test_hour_deadlines_count_exactly_the_hours_outside_holidays(start, hours):
    end = rules.deadline_in_hours(start, hours)
    counted = timedelta()
    cursor = start
    while cursor < end:
        step = min(datetime.combine(cursor.date() + timedelta(days=1), datetime.min.time()), end)
        if not rules.is_holiday(cursor.date()):
            counted += step - cursor
        cursor = step
    assert counted == timedelta(hours=hours)
    assert end >= start + timedelta(hours=hours)


# --- processing deadlines --------------------------------------------------------------------


def test_every_kind_has_a_default_processing_deadline():
    kinds = {v.kind for v in rules.DEFAULT_PROCESSING_DEADLINES}
    assert kinds == set(ApplicationKind.values)


def test_processing_days_picks_the_version_in_force():
    stored = [
        rules.DeadlineVersion(ApplicationKind.LEAVE, 14, date(2026, 1, 1), "KDI 2026"),
        rules.DeadlineVersion(ApplicationKind.LEAVE, 10, date(2027, 1, 1), "KDI 2027"),
    ]
    assert rules.processing_days(ApplicationKind.LEAVE, date(2025, 6, 1), stored).days == 21
    assert rules.processing_days(ApplicationKind.LEAVE, date(2026, 6, 1), stored).days == 14
    assert rules.processing_days(ApplicationKind.LEAVE, date(2027, 1, 1), stored).source == (
        "KDI 2027"
    )
    # Before every version (an old application): the first default.
    assert rules.processing_days(ApplicationKind.LEAVE, date(2020, 1, 1)).days == 21


def test_processing_deadline_and_interim_reply():
    # Leave received Monday 3 March 2025: 21 days → Monday 24 March.
    assert rules.processing_deadline(date(2025, 3, 3), 21) == date(2025, 3, 24)
    # Interim reply within one month (fvl § 11 a): 3 April 2025.
    assert rules.interim_reply_due(date(2025, 3, 3)) == date(2025, 4, 3)


def test_median_and_share():
    assert rules.median_days([3, 10, 40]) == 10.0
    assert rules.median_days([2, 4]) == 3.0
    assert rules.median_days([]) is None
    assert rules.share(2, 3) == 66.7
    assert rules.share(0, 0) is None
