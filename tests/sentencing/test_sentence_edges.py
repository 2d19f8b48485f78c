"""Edges of the sentence rules: credit, non-counting days, age, fines, long terms, EK."""

from __future__ import annotations

import pytest

from tests.sentencing.support import o, sentence
from varde.sentencing.rules.sentence import (
    BOT_SUBSIDIAER,
    ek_conditional_offences,
    ek_offence_exclusion,
    is_long_term,
)


def test_non_counting_days_shift_every_date() -> None:
    # 120 days from 2025-01-06 with 10 non-counting days: every served-day date + 10.
    result = sentence("2025-01-06", days=120, non_counting=10)
    assert result["end_of_sentence"] == "2025-05-15"  # 2025-05-05 + 10
    assert result["two_thirds"] == "2025-04-05"  # 2025-03-26 + 10
    assert result["half"] == "2025-03-16"  # 60 days: 2025-03-06 + 10
    assert result["one_third"] == "2025-02-24"  # 40 days: 2025-02-14 + 10


def test_credit_larger_than_a_milestone_gives_a_day_before_start() -> None:
    # 275 days, 100 credited. 1/3 = 92 < 100: 2025-03-10 + (92 − 100 − 1) = 2025-03-01.
    result = sentence("2025-03-10", months=9, credited=100)
    assert result["one_third"] == "2025-03-01"
    # 2/3 = 184 → + 83 = 2025-06-01; EK: later of 2025-03-02 and 2025-06-02 − 6 months
    # (2024-12-02) = 2025-03-02, itself before start: eligible at once.
    assert result["two_thirds"] == "2025-06-01"
    assert result["ek_partial_from"] == "2025-03-02"
    # Leave still needs 4 months' custody: 2025-07-10.
    assert result["leave_eligible_from"] == "2025-07-10"


def test_credit_covering_two_thirds() -> None:
    # 90 days, 70 credited: 2/3 = 60 → 2025-01-06 + (60 − 70 − 1) = 2025-01-06 − 11 =
    # 2024-12-26: parole threshold already reached during remand (fsg § 4-4).
    result = sentence("2025-01-06", days=90, credited=70)
    assert result["two_thirds"] == "2024-12-26"
    assert result["end_of_sentence"] == "2025-01-25"  # 20 days: + 19


def test_under_18_partial_ek_from_start_and_full_ek_regardless() -> None:
    # A 1-year term for strl § 291 would bar EK for an adult; not for a 17-year-old.
    result = sentence("2025-06-02", years=1, under_18=True, offences=("strl-291",))
    assert result["ek_partial_from"] == "2025-06-02"
    assert result["ek_full_possible"] is True
    adult = sentence("2025-06-02", years=1, offences=("strl-291",))
    assert adult["ek_partial_from"] == "2025-10-02"
    assert adult["ek_full_possible"] is False


def test_under_18_without_parole_date_has_no_partial_ek() -> None:
    result = sentence("2025-01-06", days=45, under_18=True)
    assert result["two_thirds"] is None
    assert result["ek_partial_from"] is None


def test_fine_default_is_served_in_full() -> None:
    # fsg § 3-2 (3): 90 days subsidiary prison, no parole, no EK; end 2025-01-06 + 89.
    result = sentence("2025-01-06", days=90, reaction=BOT_SUBSIDIAER)
    assert result["end_of_sentence"] == "2025-04-05"
    assert result["two_thirds"] is None
    assert result["half"] is None
    assert result["parole_ordinary"] is False
    assert result["ek_partial_from"] is None
    assert result["ek_full_possible"] is False
    # Leave time is not about parole: 4 months from 2025-01-06 = 2025-05-06 (after the end).
    assert result["leave_eligible_from"] == "2025-05-06"


def test_long_term_boundary_is_twelve_calendar_years_from_start() -> None:
    # 2025-03-01 → 2037-03-01 = 12 × 365 + 3 (2028, 2032, 2036) = 4383 days.
    assert is_long_term(o("2025-03-01"), 4383) is False
    assert is_long_term(o("2025-03-01"), 4384) is True
    # From 2096-03-01 the 12 years hold only 2 leap days (2100 is not one): 4382.
    assert is_long_term(o("2096-03-01"), 4382) is False
    assert is_long_term(o("2096-03-01"), 4383) is True


def test_twenty_one_years_leave_after_four_years_of_custody() -> None:
    # 21 years from 2025-01-01 → 2046-01-01: 21 × 365 + 5 leap days = 7670; 1/3 = 2557 →
    # + 2556 = 2032-01-01 (2025-2031 hold 7 × 365 + 1 = 2556 days). Leave by 1/3 would be
    # 2032-01-02; the 4-year rule gives 2029-01-01.
    result = sentence("2025-01-01", years=21)
    assert result["total_days"] == 7670
    assert result["one_third"] == "2032-01-01"
    assert result["leave_eligible_from"] == "2029-01-01"
    # Custody from a year earlier (366 days remand): 1/3 at + 2190 = 2030-12-31, but the
    # 4 years run from 2024-01-01 → 2028-01-01.
    earlier = sentence("2025-01-01", years=21, credited=366, custody_from="2024-01-01")
    assert earlier["leave_eligible_from"] == "2028-01-01"


def test_leave_four_months_from_the_31st_and_a_leap_day() -> None:
    # 120 days: 1/3 (40 days) comes early, so the 4 months decide.
    # 31 Oct + 4 months = 28 Feb (clipped); 29 Feb 2024 + 4 months = 29 Jun 2024.
    assert sentence("2025-10-31", days=120)["leave_eligible_from"] == "2026-02-28"
    assert sentence("2024-02-29", days=120)["leave_eligible_from"] == "2024-06-29"


@pytest.mark.parametrize(
    ("start", "days", "possible"),
    [
        # 2023-08-31 + 6 months = 2024-02-29 → 30 + 31 + 30 + 31 + 31 + 29 = 182 days.
        ("2023-08-31", 182, True),
        ("2023-08-31", 183, False),
        # 2025-07-01 + 6 months = 2026-01-01 → 184 days: the longest 6 months.
        ("2025-07-01", 184, True),
        ("2025-07-01", 185, False),
        # 2025-08-31 + 6 months = 2026-02-28 → 181 days: the shortest.
        ("2025-08-31", 181, True),
        ("2025-08-31", 182, False),
    ],
)
def test_full_ek_six_month_limit(start: str, days: int, possible: bool) -> None:
    assert sentence(start, days=days)["ek_full_possible"] is possible


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("strl-291", "absolute"),  # ch. 26 starts
        ("strl-320", "absolute"),  # ch. 26 ends
        ("strl-299", "absolute"),
        ("strl-274", "absolute"),
        ("strl-275", "absolute"),
        ("strl-277", "absolute"),
        ("strl-279", "absolute"),
        ("strl-281", "absolute"),
        ("strl-286", "absolute"),
        ("strl-288", "absolute"),
        ("strl-271", "conditional"),
        ("strl-272", "conditional"),
        ("strl-273", "conditional"),
        ("strl-278", "conditional"),
        ("strl-280", "conditional"),
        ("strl-287", "conditional"),
        ("strl-276-2", "conditional"),  # sentence set under § 276 second para
        ("strl-276", None),
        ("strl-289", None),
        ("strl-290", None),
        ("strl-321", None),  # ch. 27 (theft)
        ("strl-270", None),
        ("vtrl-31", None),  # road traffic act: not in fsg § 7-2
        ("strl-271a", None),  # a lettered paragraph is a different offence
    ],
)
def test_ek_offence_exclusion_lists(code: str, kind: str | None) -> None:
    assert ek_offence_exclusion(code) == kind


def test_conditional_exclusion_keeps_full_ek_possible() -> None:
    # 120 days for strl § 271 (bodily assault): possible, with a note for the case worker.
    assert sentence("2025-01-06", days=120, offences=("strl-271",))["ek_full_possible"] is True
    assert ek_conditional_offences(("strl-271", "strl-291", "strl-287")) == ("strl-271", "strl-287")
    # Any absolutely excluded offence among several bars it.
    both = sentence("2025-01-06", days=120, offences=("strl-271", "strl-282"))
    assert both["ek_full_possible"] is False
