"""The day-counting conventions that the statutes leave open (rules.md § 0.2, Appendix D).

KDI's guidelines (Retningslinjer til straffegjennomføringsloven) fix these in practice, but they
were not among the sources. Each open point is one field of :class:`Conventions`; the defaults
are the v1 conventions of issue 3. ``calc.py`` builds an instance from the Django setting
``VARDE_SENTENCE_CONVENTIONS`` (a dict of overrides) so KDI's final answer can be applied
without a code change. See docs/developers/sentencing-conventions.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

TERM_CONVERSIONS = ("calendar", "fixed")
MONTH_OVERFLOWS = ("clip", "roll")
FRACTION_ROUNDINGS = ("ceil", "floor", "half_up")
REMAND_READINGS = ("whole_period", "after_first_4_hours")


@dataclass(frozen=True, slots=True)
class Conventions:
    """Open day-counting choices; the defaults are the v1 conventions.

    ``term_conversion``: "calendar" = a years/months term lasts from ``start`` to the same day
    of the month that many months later (rules.md § 0.2 point 1); "fixed" = years and months
    are ``fixed_days_per_year`` / ``fixed_days_per_month`` days (Example 0.3-B).
    ``month_overflow``: when the same day of the month does not exist, "clip" to the month's
    last day (domstolloven § 148 analogy) or "roll" to the first day of the next month.
    ``start_is_day_one``: the committal day counts as day 1 (rules.md § 0.2 point 2).
    ``fraction_rounding``: how 2/3, 1/2 and 1/3 of the term become whole days (§ 0.2 point 4).
    ``eligible_from_next_day``: a milestone "served" on day D makes the person eligible (leave,
    EK) and releasable from D + 1; False uses D itself (as rules.md Example 0.4-A does).
    ``remand_credit_reading``: strl § 83 "påbegynte døgn ... utover 4 timer": ceil over the
    whole period once it exceeds 4 hours, or ceil over the time after the first 4 hours.
    ``naive_time_zone``: the zone of remand datetimes given without a UTC offset.
    """

    term_conversion: str = "calendar"
    fixed_days_per_month: int = 30
    fixed_days_per_year: int = 365
    month_overflow: str = "clip"
    start_is_day_one: bool = True
    fraction_rounding: str = "ceil"
    eligible_from_next_day: bool = True
    remand_credit_reading: str = "whole_period"
    naive_time_zone: str = "Europe/Oslo"

    def __post_init__(self) -> None:
        _check_choice("term_conversion", self.term_conversion, TERM_CONVERSIONS)
        _check_choice("month_overflow", self.month_overflow, MONTH_OVERFLOWS)
        _check_choice("fraction_rounding", self.fraction_rounding, FRACTION_ROUNDINGS)
        _check_choice("remand_credit_reading", self.remand_credit_reading, REMAND_READINGS)
        for name in ("fixed_days_per_month", "fixed_days_per_year"):
            value = getattr(self, name)
            if type(value) is not int or value <= 0:
                raise ValueError(f"{name} must be a positive integer, not {value!r}")
        for name in ("start_is_day_one", "eligible_from_next_day"):
            if type(getattr(self, name)) is not bool:
                raise ValueError(f"{name} must be true or false")
        if not isinstance(self.naive_time_zone, str) or not self.naive_time_zone:
            raise ValueError("naive_time_zone must be an IANA zone name such as 'Europe/Oslo'")

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, Any] | None) -> Conventions:
        """The defaults with ``overrides`` applied; unknown names are an error, not ignored."""
        if not overrides:
            return DEFAULT_CONVENTIONS
        known = {field.name for field in dataclasses.fields(cls)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise ValueError(f"unknown sentence convention(s): {', '.join(unknown)}")
        return cls(**dict(overrides))


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, not {value!r}")


DEFAULT_CONVENTIONS = Conventions()
