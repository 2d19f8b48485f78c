"""Preventive detention (forvaring): time frame, minimum time and their milestones.

strl §§ 43-44 and forvaringsforskriften §§ 5, 9, 11 (rules.md § 5). Remand is credited in
full in both the time frame and the minimum time (strl § 83 sixth para). Dates are ordinals.
"""

from __future__ import annotations

from typing import NamedTuple

from varde.sentencing.rules.conventions import DEFAULT_CONVENTIONS, Conventions
from varde.sentencing.rules.dates import Term, add_months, fraction_of, served_on, term_days

EXTENSION_SUIT_MONTHS = 3  # strl § 43 (1) last sentence: suit "senest 3 måneder før utløpet"


class ForvaringDates(NamedTuple):
    """Dates of one forvaring judgment (ordinals; None when no minimum time was set)."""

    time_frame_served_on: int
    minimum_time_served_on: int | None
    two_thirds_minimum_served_on: int | None
    extension_suit_deadline: int


def time_frame_served_on(
    start: int, time_frame_days: int, credited: int = 0, conv: Conventions = DEFAULT_CONVENTIONS
) -> int:
    """forvaringsforskriften § 5 (1)-(2); strl § 43 (1): the last day of the time frame."""
    return served_on(start, time_frame_days, credited, 0, conv.start_is_day_one)


def minimum_time_served_on(
    start: int, minimum_days: int, credited: int = 0, conv: Conventions = DEFAULT_CONVENTIONS
) -> int:
    """forvaringsforskriften § 5 (1); strl § 44 (1): the last day of the minimum time.

    Parole is not possible before the minimum time has expired.
    """
    return served_on(start, minimum_days, credited, 0, conv.start_is_day_one)


def two_thirds_minimum_served_on(
    start: int, minimum_days: int, credited: int = 0, conv: Conventions = DEFAULT_CONVENTIONS
) -> int:
    """forvaringsforskriften § 9 (2), § 11 (2), § 12: 2/3 of the minimum time served.

    Earliest transfer to lower security / transitional housing, ordinary leave and day release.
    """
    days = fraction_of(minimum_days, 2, 3, conv.fraction_rounding)
    return served_on(start, days, credited, 0, conv.start_is_day_one)


def extension_suit_deadline(time_frame_on: int, conv: Conventions = DEFAULT_CONVENTIONS) -> int:
    """strl § 43 (1) last sentence: a suit to extend is brought at the latest 3 months before
    the time frame expires — (the day after the last day of the frame) − 3 months.

    domstolloven § 148 may move a deadline that ends on a holiday; that is not applied here.
    """
    return add_months(time_frame_on + 1, -EXTENSION_SUIT_MONTHS, conv.month_overflow)


def compute_forvaring(
    start: int,
    time_frame: Term,
    minimum_time: Term | None = None,
    credited: int = 0,
    conv: Conventions = DEFAULT_CONVENTIONS,
) -> ForvaringDates:
    """strl §§ 43-44, forvaringsforskriften §§ 5, 9, 11: all forvaring dates from ``start``."""
    frame_on = time_frame_served_on(start, term_days(start, time_frame, conv), credited, conv)
    minimum_on = two_thirds_on = None
    if minimum_time is not None:
        minimum_days = term_days(start, minimum_time, conv)
        minimum_on = minimum_time_served_on(start, minimum_days, credited, conv)
        two_thirds_on = two_thirds_minimum_served_on(start, minimum_days, credited, conv)
    return ForvaringDates(
        frame_on, minimum_on, two_thirds_on, extension_suit_deadline(frame_on, conv)
    )
