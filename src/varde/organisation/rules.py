"""Pure rules for the organisation: capacity on a date and staff scope consistency."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from varde.organisation.choices import Scope


@dataclass(frozen=True)
class PlacePeriod:
    """Places of one security level (and sex) over ``[start, end]``; ``end`` None = open."""

    security_level: str
    sex: str
    places: int
    start: date
    end: date | None


def places_on(
    day: date, capacities: Iterable[PlacePeriod], closures: Iterable[PlacePeriod]
) -> dict[tuple[str, str], int]:
    """Places open on ``day`` per (security level, sex): capacity in force minus closures.

    A capacity or closure counts on every day from its first to its last day inclusive.
    Closures never take a group below zero (closing more than exists closes the group).
    """
    open_places: dict[tuple[str, str], int] = {}
    for period in capacities:
        if _covers(period, day):
            key = (period.security_level, period.sex)
            open_places[key] = open_places.get(key, 0) + period.places
    for period in closures:
        key = (period.security_level, period.sex)
        if _covers(period, day) and key in open_places:
            open_places[key] = max(0, open_places[key] - period.places)
    return open_places


def places_by_level(places: dict[tuple[str, str], int]) -> dict[str, int]:
    """Sum places per security level over the sexes."""
    by_level: dict[str, int] = {}
    for (level, _sex), count in places.items():
        by_level[level] = by_level.get(level, 0) + count
    return by_level


def _covers(period: PlacePeriod, day: date) -> bool:
    return period.start <= day and (period.end is None or day <= period.end)


def scope_problem(scope: str, *, has_unit: bool, has_region: bool) -> str | None:
    """Why a staff member's scope is inconsistent, in Norwegian; None when it is fine.

    Unit scope needs a unit; region scope needs a region; national scope needs neither.
    """
    if scope == Scope.UNIT and not has_unit:
        return _("En ansatt med omfang «enhet» må ha en enhet.")
    if scope == Scope.REGION and not has_region:
        return _("En ansatt med omfang «region» må ha en region.")
    return None
