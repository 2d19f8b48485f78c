"""Recalculation (omberegning) after time that does not count as sentence time (fsg § 3-3).

The case flow records a stay's non-counting periods — sentence interruption (strgjfl § 35),
escape/absconding/failure to return, transfer to remand in another case or to another
reaction — and calls :func:`recalculate_sentence`. A period moves a milestone only if it began
on or before the day the milestone would otherwise fall (each non-counting day is skipped when
counting served days), so an escape after the 2/3 date leaves the 2/3 date alone but moves the
end of the sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from varde.sentencing.rules.conventions import DEFAULT_CONVENTIONS, Conventions
from varde.sentencing.rules.dates import add_months
from varde.sentencing.rules.sentence import (
    FENGSEL,
    LEAVE_CUSTODY_MONTHS,
    LONG_TERM_LEAVE_YEARS,
    SentenceDates,
    ek_full_possible,
    ek_partial_from,
    half_days,
    is_long_term,
    one_third_days,
    parole_ordinary,
    parole_possible,
    two_thirds_days,
)

INTERRUPTION = "interruption"  # straffavbrudd, strgjfl § 35 — at liberty
ABSENCE = "absence"  # rømning, unnvikelse, uteblivelse — at liberty
OTHER_CUSTODY = "other_custody"  # remand in another case / another reaction — still detained
PERIOD_KINDS = (INTERRUPTION, ABSENCE, OTHER_CUSTODY)
BREAKS_CUSTODY = frozenset({INTERRUPTION, ABSENCE})


class NonCountingPeriod(NamedTuple):
    """Days ``first`` to ``last`` (ordinals, both inclusive) that do not count (fsg § 3-3)."""

    first: int
    last: int
    kind: str = ABSENCE

    @classmethod
    def between(cls, first: date, last: date, kind: str = ABSENCE) -> NonCountingPeriod:
        """A period from dates (both days included)."""
        return cls(first.toordinal(), last.toordinal(), kind)

    @property
    def days(self) -> int:
        return self.last - self.first + 1


def check_periods(start: int, periods: Sequence[NonCountingPeriod]) -> list[NonCountingPeriod]:
    """The periods in date order; ValueError if one is reversed, before ``start`` or overlaps."""
    ordered = sorted(periods)
    previous: NonCountingPeriod | None = None
    for period in ordered:
        if period.kind not in PERIOD_KINDS:
            raise ValueError(f"unknown kind {period.kind!r} (expected {', '.join(PERIOD_KINDS)})")
        if period.last < period.first:
            raise ValueError("a period ends before it begins")
        if period.first < start:
            raise ValueError("a non-counting period begins before the sentence started")
        if previous is not None and period.first <= previous.last:
            raise ValueError("non-counting periods overlap")
        previous = period
    return ordered


def shift_through(on: int, periods: Sequence[NonCountingPeriod]) -> int:
    """fsg § 3-3: the day ``on`` moved past every non-counting day up to it.

    ``periods`` must be sorted and disjoint. A period that begins on or before the (already
    moved) date adds its length; later periods do not touch it.
    """
    for period in periods:
        if period.first > on:
            break
        on += period.days
    return on


def non_counting_days(periods: Sequence[NonCountingPeriod]) -> int:
    """fsg § 3-3: the total of non-counting days (what moves the end of the sentence)."""
    return sum(period.days for period in periods)


def custody_restart(custody_from: int, before: int, periods: Sequence[NonCountingPeriod]) -> int:
    """fsg § 3-30 (5): continuous deprivation of liberty restarts after time at liberty.

    An interruption or an escape that began before ``before`` breaks the continuity; the
    4 months (or 4 years) then run from the day after it ended. Transfer to remand in another
    case keeps the person detained and does not break it.
    """
    for period in periods:
        if period.first >= before:
            break
        if period.kind in BREAKS_CUSTODY:
            custody_from = max(custody_from, period.last + 1)
    return custody_from


def recalculated_leave(
    start: int,
    total: int,
    one_third_on: int,
    custody_from: int,
    periods: Sequence[NonCountingPeriod],
    conv: Conventions = DEFAULT_CONVENTIONS,
) -> tuple[int, int]:
    """fsg § 3-30 (5) with fsg § 3-3: leave date and the custody start it was counted from."""
    after_third = one_third_on + 1 if conv.eligible_from_next_day else one_third_on
    long_term = is_long_term(start, total, conv)
    eligible = after_third
    for _ in range(len(periods) + 1):
        four_months = add_months(custody_from, LEAVE_CUSTODY_MONTHS, conv.month_overflow)
        eligible = max(after_third, four_months)
        if long_term:
            years = add_months(custody_from, 12 * LONG_TERM_LEAVE_YEARS, conv.month_overflow)
            eligible = min(eligible, years)
        restarted = custody_restart(custody_from, eligible, periods)
        if restarted == custody_from:
            break
        custody_from = restarted
    return eligible, custody_from


def recalculate_sentence(
    start: int,
    total: int,
    credited: int,
    periods: Sequence[NonCountingPeriod],
    custody_from: int | None = None,
    reaction: str = FENGSEL,
    under_18: bool = False,
    offences: Sequence[str] = (),
    conv: Conventions = DEFAULT_CONVENTIONS,
) -> tuple[SentenceDates, dict[str, int], int]:
    """fsg § 3-3 second para: recompute end, parole and progression dates after absences.

    Returns the dates, the non-counting days that moved each milestone ("end", "one_third",
    "two_thirds", "half"), and the custody start the leave date was counted from.
    """
    ordered = check_periods(start, periods)
    base = start - credited - (1 if conv.start_is_day_one else 0)
    shifts: dict[str, int] = {}

    def place(name: str, days: int) -> int:
        on = shift_through(base + days, ordered)
        shifts[name] = on - (base + days)
        return on

    one_third_on = place("one_third", one_third_days(total, conv))
    m23 = two_thirds_days(total, conv)
    two_thirds_on = place("two_thirds", m23) if parole_possible(m23, total, reaction) else None
    m12 = half_days(total, conv)
    half_on = place("half", m12) if parole_possible(m12, total, reaction) else None
    custody = start if custody_from is None else custody_from
    leave, custody = recalculated_leave(start, total, one_third_on, custody, ordered, conv)
    dates = SentenceDates(
        total,
        place("end", total),
        one_third_on,
        two_thirds_on,
        two_thirds_on is not None and parole_ordinary(total, m23),
        half_on,
        leave,
        ek_partial_from(start, one_third_on, two_thirds_on, under_18, conv),
        ek_full_possible(start, total, reaction, under_18, offences, conv),
    )
    return dates, shifts, custody
