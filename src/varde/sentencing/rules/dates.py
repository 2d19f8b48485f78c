"""Legal day arithmetic: calendar months, term lengths, fractions and "the day k is served".

All dates are date ordinals (``date.toordinal()``) so the hot path stays on plain ints; use
:func:`to_date` / ``date.toordinal()`` at the edges. Conventions (rules.md § 0.2) come in as a
:class:`~varde.sentencing.rules.conventions.Conventions`.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from typing import NamedTuple

from varde.sentencing.rules.conventions import DEFAULT_CONVENTIONS, Conventions

_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_TABLE_FIRST_YEAR = 1900
# Ordinal of the first day of every month 1900-01 .. 2400-12 (plus 2401-01): month arithmetic
# on plain ints with one C-level bisect, several times faster than going through ``date``.
_MONTH_STARTS = [
    date(year, month, 1).toordinal()
    for year in range(_TABLE_FIRST_YEAR, 2401)
    for month in range(1, 13)
] + [date(2401, 1, 1).toordinal()]


class Term(NamedTuple):
    """A term as imposed: years, months and days (strl § 31 third para)."""

    years: int = 0
    months: int = 0
    days: int = 0


def to_date(ordinal: int) -> date:
    """The date of an ordinal."""
    return date.fromordinal(ordinal)


def _month_length(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month]


def add_months(ordinal: int, months: int, overflow: str = "clip") -> int:
    """domstolloven § 148 (analogy): the same day of the month ``months`` later (or earlier).

    When that month has no such day, "clip" gives its last day (31 Jan + 1 month = 28/29 Feb)
    and "roll" the first day of the following month (31 Jan + 1 month = 1 Mar).
    """
    starts = _MONTH_STARTS
    index = bisect_right(starts, ordinal) - 1
    target = index + months
    if index < 0 or target < 0 or target + 1 >= len(starts) or index + 1 >= len(starts):
        return _add_months_slow(ordinal, months, overflow)
    first = starts[target]
    offset = ordinal - starts[index]  # day of month - 1
    length = starts[target + 1] - first
    if offset < length:
        return first + offset
    return first + length - 1 if overflow == "clip" else first + length


def _add_months_slow(ordinal: int, months: int, overflow: str) -> int:
    d = date.fromordinal(ordinal)
    index = d.month - 1 + months
    year = d.year + index // 12
    month = index % 12 + 1
    day = d.day
    last = _month_length(year, month)
    if day <= last:
        return date(year, month, day).toordinal()
    return date(year, month, last).toordinal() + (0 if overflow == "clip" else 1)


def term_days(start: int, term: Term, conv: Conventions = DEFAULT_CONVENTIONS) -> int:
    """strl § 31 third para; rules.md § 0.2 point 1: the total days T of a term from ``start``.

    A term in days is its days. A term in years/months is, by the calendar convention, the
    distance from ``start`` to the same day of the month that many months later (clipped to
    the month's end), plus any extra days: 9 months from 2025-03-10 = 275 days.
    """
    months = 12 * term.years + term.months
    if conv.term_conversion == "fixed":
        return (
            term.years * conv.fixed_days_per_year
            + term.months * conv.fixed_days_per_month
            + term.days
        )
    if months == 0:
        return term.days
    return add_months(start, months, conv.month_overflow) - start + term.days


def fraction_of(total: int, numerator: int, denominator: int, rounding: str = "ceil") -> int:
    """rules.md § 0.2 point 4: ``total * numerator / denominator`` in whole days, integer-exact.

    "ceil" (v1: the fraction must *have been* served, so a part day counts as a whole day),
    "floor", or "half_up".
    """
    product = total * numerator
    if rounding == "ceil":
        return -(-product // denominator)
    if rounding == "floor":
        return product // denominator
    return (2 * product + denominator) // (2 * denominator)


def served_on(
    start: int,
    served_days: int,
    credited_days: int = 0,
    non_counting_days: int = 0,
    start_is_day_one: bool = True,
) -> int:
    """fsg §§ 3-2, 3-3; rules.md § 0.2 points 2-3: the day on which ``served_days`` are served.

    ``date_of(k) = start + (k - credited_days - 1 + non_counting_days)``: the committal day is
    day 1, credited days (remand, transport) count as already served, and non-counting days
    (interruption, escape) push the date later. May give a date before ``start`` when the
    milestone was reached during remand.
    """
    offset = served_days - credited_days + non_counting_days
    return start + offset - 1 if start_is_day_one else start + offset
