"""Remand credit (varetektsfradrag), strl § 83 second para (rules.md § 2.2).

Periods are (from, to) pairs of POSIX seconds — exact elapsed time, so a night across a
daylight-saving change counts its real 23 or 25 hours. Parsing datetimes and time zones is the
caller's job (``calc.py``); this module only counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from varde.sentencing.rules.conventions import DEFAULT_CONVENTIONS, Conventions

THRESHOLD_SECONDS = 4 * 3600  # "utover 4 timer"
DAY_SECONDS = 24 * 3600  # døgn
ISOLATION_BLOCK_SECONDS = 2 * DAY_SECONDS  # "hvert påbegynte tidsrom av 2 døgn"

Period = tuple[int, int]


class RemandCredit(NamedTuple):
    """Credit in days: base (custody) + isolation bonus = credited."""

    base_days: int
    isolation_days: int
    credited_days: int


class PeriodError(ValueError):
    """A period list that cannot be counted; ``field`` names the period ("custody[1]")."""

    def __init__(self, message: str, field: str):
        self.field = field
        super().__init__(message)


def custody_days(seconds: int, conv: Conventions = DEFAULT_CONVENTIONS) -> int:
    """strl § 83 (2) first sentence: 1 day per started døgn once custody exceeds 4 hours.

    v1 reading: ceil(seconds / 24 h) when longer than 4 hours, else 0 (1 191 h → 50 days).
    Alternative ("after_first_4_hours"): ceil((seconds − 4 h) / 24 h).
    """
    if seconds <= THRESHOLD_SECONDS:
        return 0
    if conv.remand_credit_reading == "after_first_4_hours":
        seconds -= THRESHOLD_SECONDS
    return -(-seconds // DAY_SECONDS)


def isolation_days(seconds: int) -> int:
    """strl § 83 (2) second sentence: +1 day per started 2 døgn in complete isolation over 4 h.

    Any started 2-day period counts (HR-2004-02022-A): 14 days 3 hours → 8 extra days.
    """
    if seconds <= THRESHOLD_SECONDS:
        return 0
    return -(-seconds // ISOLATION_BLOCK_SECONDS)


def join_periods(periods: Sequence[Period], field: str) -> list[Period]:
    """Sorted periods with touching ones joined; PeriodError if reversed or overlapping.

    One unbroken deprivation of liberty recorded as two periods that meet (police cell, then
    prison) is counted as one, so splitting a record never adds a rounding day.
    """
    for index, (begin, end) in enumerate(periods):
        if end < begin:
            raise PeriodError("the period ends before it begins", f"{field}[{index}]")
    order = sorted(range(len(periods)), key=lambda i: periods[i])
    joined: list[Period] = []
    last_index = -1
    for index in order:
        begin, end = periods[index]
        if joined and begin < joined[-1][1]:
            raise PeriodError(
                f"overlaps {field}[{last_index}]; give each stretch of time once",
                f"{field}[{index}]",
            )
        if joined and begin == joined[-1][1]:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((begin, end))
        last_index = index
    return joined


def remand_credit(
    custody: Sequence[Period],
    full_isolation: Sequence[Period] = (),
    conv: Conventions = DEFAULT_CONVENTIONS,
) -> RemandCredit:
    """strl § 83 (2): credit for custody plus the bonus for complete isolation.

    Each (joined) custody period earns :func:`custody_days`; each isolation period earns
    :func:`isolation_days`. Isolation must lie within custody (PeriodError otherwise).
    """
    stays = join_periods(custody, "custody")
    isolations = join_periods(full_isolation, "full_isolation")
    for index, (begin, end) in enumerate(full_isolation):
        if not any(s_begin <= begin and end <= s_end for s_begin, s_end in stays):
            raise PeriodError(
                "complete isolation must lie within a custody period",
                f"full_isolation[{index}]",
            )
    base = sum(custody_days(end - begin, conv) for begin, end in stays)
    extra = sum(isolation_days(end - begin) for begin, end in isolations)
    return RemandCredit(base, extra, base + extra)
