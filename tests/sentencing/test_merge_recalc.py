"""Sentences served together (fsg § 3-2) and recalculation after absences (fsg § 3-3)."""

from __future__ import annotations

import pytest

from tests.sentencing.support import iso, o, readable, sentence
from varde.sentencing.rules.dates import Term
from varde.sentencing.rules.merge import merge_terms, merged_total_days
from varde.sentencing.rules.recalc import (
    ABSENCE,
    INTERRUPTION,
    OTHER_CUSTODY,
    NonCountingPeriod,
    check_periods,
    non_counting_days,
    recalculate_sentence,
    shift_through,
)


def test_merge_adds_components_before_the_calendar() -> None:
    assert merge_terms([Term(1, 2, 0), Term(0, 6, 10)]) == Term(1, 8, 10)
    # 8 months + 4 months from 2025-03-10 = 1 year → 2026-03-10: 365 days.
    assert merged_total_days(o("2025-03-10"), [Term(months=8), Term(months=4)]) == 365
    # 1 month + 1 month from 2025-01-31 = 2 months → 2025-03-31: 28 + 31 = 59 days
    # (chaining each month separately would clip twice and give 56).
    assert merged_total_days(o("2025-01-31"), [Term(months=1), Term(months=1)]) == 59
    # Day terms and month terms: 3 months (90 days from 2025-01-06) + 45 + 30 days = 165.
    terms = [Term(months=3), Term(days=45), Term(days=30)]
    assert merged_total_days(o("2025-01-06"), terms) == 165


def test_merge_needs_a_term() -> None:
    with pytest.raises(ValueError, match="at least one"):
        merge_terms([])


START = "2025-01-06"  # 120-day sentence: 1/3 02-14, 1/2 03-06, 2/3 03-26, end 05-05


def recalc(*periods: NonCountingPeriod, custody_from: str | None = None) -> dict[str, object]:
    dates, _, _ = recalculate_sentence(
        o(START), 120, 0, list(periods), None if custody_from is None else o(custody_from)
    )
    return readable(dates)


def period(first: str, last: str, kind: str = ABSENCE) -> NonCountingPeriod:
    return NonCountingPeriod(o(first), o(last), kind)


def test_escape_after_two_thirds_moves_only_the_end() -> None:
    # Escape 2025-04-01 to 2025-04-03 (3 days) after the 2/3 date 2025-03-26.
    result = recalc(period("2025-04-01", "2025-04-03"))
    assert result["two_thirds"] == "2025-03-26"
    assert result["half"] == "2025-03-06"
    assert result["one_third"] == "2025-02-14"
    assert result["end_of_sentence"] == "2025-05-08"  # 2025-05-05 + 3
    # Continuity broken: 4 months run again from 2025-04-04 → 2025-08-04.
    assert result["leave_eligible_from"] == "2025-08-04"


def test_interruption_before_milestones_moves_them() -> None:
    # Interruption 2025-03-01 to 2025-03-10 (10 days): 1/3 (02-14) is before it, 1/2 (03-06)
    # and 2/3 (03-26) are not → + 10.
    result = recalc(period("2025-03-01", "2025-03-10", INTERRUPTION))
    assert result["one_third"] == "2025-02-14"
    assert result["half"] == "2025-03-16"
    assert result["two_thirds"] == "2025-04-05"
    assert result["end_of_sentence"] == "2025-05-15"


def test_a_shifted_date_can_reach_a_later_period() -> None:
    # Periods 03-20..03-25 (6 days) and 03-30..03-31 (2 days). The 2/3 day (80th counted
    # day) by hand: Jan 6-31 = 26, Feb = 28 → 54, Mar 1-19 = 19 → 73; Mar 26-29 → 77;
    # (Mar 30-31 skipped) Apr 1-3 → 80. So 2025-04-03.
    result = recalc(period("2025-03-20", "2025-03-25"), period("2025-03-30", "2025-03-31"))
    assert result["two_thirds"] == "2025-04-03"
    assert result["end_of_sentence"] == "2025-05-13"  # + 8


def test_a_period_starting_on_the_milestone_day_moves_it() -> None:
    # 2/3 would fall on 2025-03-26; an escape that day means day 80 is not yet served.
    assert recalc(period("2025-03-26", "2025-03-26"))["two_thirds"] == "2025-03-27"
    # One that starts the day after leaves it.
    assert recalc(period("2025-03-27", "2025-03-27"))["two_thirds"] == "2025-03-26"


def test_remand_in_another_case_keeps_custody_continuous() -> None:
    # Transfer to remand in another case 03-01..03-10: dates move, but the person stayed
    # detained, so leave still counts 4 months from the start: 2025-05-06.
    result = recalc(period("2025-03-01", "2025-03-10", OTHER_CUSTODY))
    assert result["end_of_sentence"] == "2025-05-15"
    assert result["leave_eligible_from"] == "2025-05-06"


def test_absence_after_the_leave_date_does_not_move_it() -> None:
    # One-year sentence from 2025-06-02: leave 2025-10-02 (1/3 + 1; 4 months = 10-02 too).
    dates, _, _ = recalculate_sentence(
        o("2025-06-02"), 365, 0, [period("2025-11-01", "2025-11-05")]
    )
    assert iso(dates.leave_eligible_from) == "2025-10-02"
    assert iso(dates.end_of_sentence) == "2026-06-06"  # 2026-06-01 + 5


def test_shifts_are_reported_per_milestone() -> None:
    _, shifts, custody = recalculate_sentence(
        o(START), 120, 0, [period("2025-03-01", "2025-03-10", INTERRUPTION)]
    )
    assert shifts == {"one_third": 0, "two_thirds": 10, "half": 10, "end": 10}
    assert iso(custody) == "2025-03-11"


def test_no_periods_equals_the_plain_calculation() -> None:
    assert recalc() == sentence(START, days=120)


def test_bad_periods_are_rejected() -> None:
    start = o(START)
    with pytest.raises(ValueError, match="overlap"):
        check_periods(
            start, [period("2025-03-01", "2025-03-05"), period("2025-03-05", "2025-03-06")]
        )
    with pytest.raises(ValueError, match="ends before"):
        check_periods(start, [period("2025-03-05", "2025-03-01")])
    with pytest.raises(ValueError, match="before the sentence"):
        check_periods(start, [period("2025-01-01", "2025-01-10")])
    with pytest.raises(ValueError, match="unknown kind"):
        check_periods(start, [NonCountingPeriod(start + 5, start + 6, "holiday")])


def test_period_helpers() -> None:
    periods = [period("2025-03-01", "2025-03-10"), period("2025-04-01", "2025-04-01")]
    assert non_counting_days(periods) == 11
    assert iso(shift_through(o("2025-02-28"), periods)) == "2025-02-28"
    assert iso(shift_through(o("2025-03-01"), periods)) == "2025-03-11"
    # 03-25 + 10 = 04-04, which passes 04-01 → + 1.
    assert iso(shift_through(o("2025-03-25"), periods)) == "2025-04-05"
