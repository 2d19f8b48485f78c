"""Legal day arithmetic (rules.md § 0.2-0.3): calendar months, term lengths, fractions, date_of."""

from __future__ import annotations

import pytest

from tests.sentencing.support import iso, o
from varde.sentencing.rules.conventions import Conventions
from varde.sentencing.rules.dates import Term, add_months, fraction_of, served_on, term_days

ROLL = Conventions(month_overflow="roll")
FIXED = Conventions(term_conversion="fixed")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2025-03-10", 9, "2025-12-10"),  # plain: same day of month
        ("2025-01-31", 1, "2025-02-28"),  # no 31 Feb → last day of February
        ("2024-01-31", 1, "2024-02-29"),  # leap year
        ("2024-02-29", 24, "2026-02-28"),  # leap day + 2 years (Example 0.3-C)
        ("2024-02-29", 48, "2028-02-29"),  # leap day + 4 years exists again
        ("2025-10-31", 4, "2026-02-28"),  # 31 Oct + 4 months
        ("2025-08-31", -6, "2025-02-28"),  # backwards, clipped
        ("2025-05-31", -3, "2025-02-28"),
        ("2025-12-15", 1, "2026-01-15"),  # across the year
        ("2026-01-15", -1, "2025-12-15"),
        ("1899-12-31", 2, "1900-02-28"),  # outside the fast table: slow path, same rule
        ("2400-12-31", 2, "2401-02-28"),
    ],
)
def test_add_months_clips_to_month_end(start: str, months: int, expected: str) -> None:
    assert iso(add_months(o(start), months)) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2025-01-31", 1, "2025-03-01"),  # no 31 Feb → first day of March
        ("2024-01-31", 1, "2024-03-01"),  # 29 Feb exists but 31 Feb does not
        ("2025-03-10", 9, "2025-12-10"),  # unaffected when the day exists
        ("2025-08-31", -6, "2025-03-01"),
    ],
)
def test_add_months_roll_convention(start: str, months: int, expected: str) -> None:
    assert iso(add_months(o(start), months, "roll")) == expected


def test_term_days_calendar_examples() -> None:
    # Example 0.3-A: 2025-03-10 → 2025-12-10 = 21 (rest of March) + 244 (Apr-Nov) + 10 = 275.
    assert term_days(o("2025-03-10"), Term(months=9)) == 275
    # Example 0.3-C: 2024-02-29 + 2 years → 2026-02-28 = 365 + 365 = 730.
    assert term_days(o("2024-02-29"), Term(years=2)) == 730
    # Example 0.3-D: 2025-01-31 + 1 month → 2025-02-28 = 28 days.
    assert term_days(o("2025-01-31"), Term(months=1)) == 28
    # Example 0.4-A: 2025-01-15 + 4 years → 2029-01-15 = 4 × 365 + 1 (29 Feb 2028) = 1461.
    assert term_days(o("2025-01-15"), Term(years=4)) == 1461
    # Days only: the days themselves, whatever the start.
    assert term_days(o("2025-01-31"), Term(days=120)) == 120
    # Months plus days: 2025-01-06 + 3 months = 2025-04-06 (25 + 28 + 31 + 6 = 90) + 45 = 135.
    assert term_days(o("2025-01-06"), Term(months=3, days=45)) == 135


def test_term_days_other_conventions() -> None:
    # Example 0.3-B: naive 30-day months: 9 × 30 = 270.
    assert term_days(o("2025-03-10"), Term(months=9), FIXED) == 270
    assert term_days(o("2025-03-10"), Term(years=1, months=1, days=2), FIXED) == 365 + 30 + 2
    # Roll: 2025-01-31 + 1 month = 2025-03-01 → 29 days.
    assert term_days(o("2025-01-31"), Term(months=1), ROLL) == 29


@pytest.mark.parametrize(
    ("total", "num", "den", "ceil", "floor", "half_up"),
    [
        (275, 2, 3, 184, 183, 183),  # 183.33
        (275, 1, 2, 138, 137, 138),  # 137.5
        (275, 1, 3, 92, 91, 92),  # 91.67
        (90, 2, 3, 60, 60, 60),  # exact
        (1, 1, 3, 1, 0, 0),
    ],
)
def test_fraction_of_roundings(
    total: int, num: int, den: int, ceil: int, floor: int, half_up: int
) -> None:
    assert fraction_of(total, num, den, "ceil") == ceil
    assert fraction_of(total, num, den, "floor") == floor
    assert fraction_of(total, num, den, "half_up") == half_up


def test_served_on_counts_the_start_day_as_day_one() -> None:
    start = o("2025-01-06")
    assert iso(served_on(start, 1)) == "2025-01-06"
    assert iso(served_on(start, 80)) == "2025-03-26"  # Jan 6 + 79 days (§ 1.4, 120-day row)
    # Credit counts as served: 92 days with 20 credited = day 72 = 2025-05-20 (Example 0.3-A).
    assert iso(served_on(o("2025-03-10"), 92, 20)) == "2025-05-20"
    # Non-counting days push it later.
    assert iso(served_on(start, 80, 0, 10)) == "2025-04-05"
    # Credit beyond the milestone gives a day before start (reached during remand).
    assert iso(served_on(o("2025-03-10"), 92, 100)) == "2025-03-01"
    # The other day-one convention: the committal day is day 0.
    assert iso(served_on(start, 1, start_is_day_one=False)) == "2025-01-07"
