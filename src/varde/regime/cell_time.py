"""Time out of cell and meaningful human contact per inmate-day, read from the database and
computed by the pure rules (``rules.day_hours``).

For a set of placements and a date range the inputs are read in five queries whatever the
number of inmates and days: the default regimes of their departments (and of the prisons
the departments belong to) with their unlock periods, the department deviations, the inmate
deviations and the absences of the stays. Inmate-days with the same inputs (most of a
department on a normal day) are computed once.

An inmate belongs to a department on day D when their placement there covers midnight at
the end of D (the midnight count of ``execution.queries``). A department without a default
regime of its own follows its prison's; with neither, the day has no hours (``None``) and
is reported as "without a regime" rather than as 24 hours locked in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from varde.execution.models import Absence, Placement, Stay
from varde.execution.queries import end_of_day
from varde.regime.models import DepartmentDeviation, InmateDeviation, RegimeSchedule
from varde.regime.rules import (
    DAY_MINUTES,
    RANK,
    DayCounts,
    DayHours,
    Span,
    count_days,
    day_hours,
    day_type,
    deviation_caps,
    end_minute_of,
    minute_of,
)

if TYPE_CHECKING:
    from varde.organisation.models import Unit
    from varde.people.models import Person

Window = tuple[int, int]


@dataclass(frozen=True)
class RegimeDay:
    """One inmate-day: where, and the hours (None when no default regime applies)."""

    day: date
    person_id: int
    stay_id: int
    unit_id: int
    hours: DayHours | None

    @property
    def hours_out(self) -> float | None:
        return None if self.hours is None else self.hours.hours_out

    @property
    def hours_contact(self) -> float | None:
        return None if self.hours is None else self.hours.hours_contact

    @property
    def isolated(self) -> bool | None:
        """Mandela rule 44: 22 hours or more without meaningful human contact."""
        return None if self.hours is None else self.hours.isolated

    @property
    def away_all_day(self) -> bool:
        return self.hours is not None and self.hours.away_minutes >= DAY_MINUTES


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def covering(first: date, last: date) -> Q:
    """Placements covering the midnight after at least one day from ``first`` to ``last``."""
    return Q(from_at__lt=end_of_day(last)) & (
        Q(to_at__isnull=True) | Q(to_at__gte=end_of_day(first))
    )


def covered_days(placement: Placement, first: date, last: date) -> Iterable[date]:
    """The days from ``first`` to ``last`` whose end-of-day midnight the placement covers."""
    start = max(first, timezone.localtime(placement.from_at).date())
    end = last
    if placement.to_at is not None:
        end = min(last, timezone.localtime(placement.to_at).date() - timedelta(days=1))
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def minutes_within(day: date, start: datetime, end: datetime | None) -> Window | None:
    """The part of ``start``–``end`` (None: open) on ``day``, in minutes of its wall clock."""
    midnight = datetime.combine(day, time.min)
    a = int((timezone.localtime(start).replace(tzinfo=None) - midnight).total_seconds() // 60)
    b = DAY_MINUTES
    if end is not None:
        b = int((timezone.localtime(end).replace(tzinfo=None) - midnight).total_seconds() // 60)
    a, b = max(0, a), min(DAY_MINUTES, b)
    return (a, b) if a < b else None


# --- reading the inputs ------------------------------------------------------------------


class Inputs:
    """The regimes, deviations and absences behind a set of placements and days."""

    def __init__(self, placements: list[Placement], first: date, last: date) -> None:
        unit_ids = {p.unit_id for p in placements}
        parents = {p.unit.parent_id for p in placements if p.unit.parent_id}
        units = unit_ids | parents
        stays = {p.stay_id for p in placements}
        self.parent = {p.unit_id: p.unit.parent_id for p in placements}
        self.schedules: dict[int, list[RegimeSchedule]] = defaultdict(list)
        schedules = RegimeSchedule.objects.filter(unit_id__in=units, valid_from__lte=last)
        for schedule in schedules.order_by("-valid_from").prefetch_related("periods"):
            self.schedules[schedule.unit_id].append(schedule)
        self.department: dict[int, list[DepartmentDeviation]] = defaultdict(list)
        for deviation in DepartmentDeviation.objects.filter(
            unit_id__in=units, date_from__lte=last, date_to__gte=first, cancelled=False
        ):
            self.department[deviation.unit_id].append(deviation)
        start, end = day_start(first), end_of_day(last)
        self.inmate: dict[int, list[InmateDeviation]] = defaultdict(list)
        for inmate in InmateDeviation.objects.filter(stay_id__in=stays, from_at__lt=end).filter(
            Q(to_at__isnull=True) | Q(to_at__gt=start)
        ):
            self.inmate[inmate.stay_id].append(inmate)
        self.absences: dict[int, list[Absence]] = defaultdict(list)
        for absence in Absence.objects.filter(stay_id__in=stays, from_at__lt=end).filter(
            Q(returned_at__isnull=True) | Q(returned_at__gt=start)
        ):
            self.absences[absence.stay_id].append(absence)

    def schedule(self, unit_id: int, day: date) -> RegimeSchedule | None:
        """The default regime in force on ``day``: the department's own, else its prison's."""
        for owner in (unit_id, self.parent.get(unit_id)):
            for schedule in self.schedules.get(owner or 0, []):
                if schedule.valid_from <= day:
                    return schedule
        return None

    def unlocked(self, schedule: RegimeSchedule, day: date) -> tuple[Span, ...]:
        kind = day_type(day)
        return tuple(
            Span(minute_of(p.starts_at), end_minute_of(p.ends_at), RANK[p.level])
            for p in schedule.periods.all()
            if p.day_type == kind
        )

    def caps(self, unit_id: int, stay_id: int, day: date) -> tuple[Span, ...]:
        caps: list[Span] = []
        for owner in (unit_id, self.parent.get(unit_id)):
            for d in self.department.get(owner or 0, []):
                if d.date_from <= day <= d.date_to:
                    level = RANK[d.level]
                    caps.append(Span(minute_of(d.starts_at), end_minute_of(d.ends_at), level))
        for inmate in self.inmate.get(stay_id, []):
            window = minutes_within(day, inmate.from_at, inmate.to_at)
            if window is not None:
                caps.extend(deviation_caps(*window, RANK[inmate.level], windows_of(inmate)))
        return tuple(sorted(caps, key=lambda s: (s.start, s.end, s.level)))

    def away(self, stay_id: int, day: date) -> tuple[Window, ...]:
        spans = (minutes_within(day, a.from_at, a.returned_at) for a in self.absences[stay_id])
        return tuple(sorted(s for s in spans if s is not None))


def windows_of(deviation: InmateDeviation) -> list[Span]:
    """The daily windows stored on a deviation (``[{"start", "end", "level"}]``)."""
    spans = []
    for w in deviation.windows or []:
        start, end = time.fromisoformat(w["start"]), time.fromisoformat(w["end"])
        spans.append(Span(minute_of(start), end_minute_of(end), RANK[w["level"]]))
    return spans


# --- computing ---------------------------------------------------------------------------


def with_units(placements: QuerySet[Placement]) -> list[Placement]:
    return list(placements.select_related("unit").order_by("from_at", "pk"))


def regime_days(placements: list[Placement], first: date, last: date) -> list[RegimeDay]:
    """Every inmate-day from ``first`` to ``last`` of the given placements (which must have
    ``unit`` loaded), in order of placement and day."""
    inputs = Inputs(placements, first, last)
    memo: dict[tuple[object, ...], DayHours] = {}
    days = []
    for p in placements:
        for day in covered_days(p, first, last):
            schedule = inputs.schedule(p.unit_id, day)
            hours = None
            if schedule is not None:
                unlocked = inputs.unlocked(schedule, day)
                caps = inputs.caps(p.unit_id, p.stay_id, day)
                away = inputs.away(p.stay_id, day)
                key = (unlocked, caps, away)
                if key not in memo:
                    memo[key] = day_hours(unlocked, caps, away)
                hours = memo[key]
            days.append(RegimeDay(day, p.stay.person_id, p.stay_id, p.unit_id, hours))
    return days


def placements_at(unit_ids: Iterable[int], first: date, last: date) -> QuerySet[Placement]:
    return Placement.objects.filter(covering(first, last), unit_id__in=list(unit_ids))


def unit_days(unit_ids: Iterable[int], first: date, last: date) -> list[RegimeDay]:
    """Every inmate-day at these units (departments) from ``first`` to ``last``."""
    placements = with_units(placements_at(unit_ids, first, last).select_related("stay"))
    return regime_days(placements, first, last)


def daily_counts(unit_ids: Iterable[int], first: date, last: date) -> dict[date, DayCounts]:
    """For each day: inmates, under 8 and under 4 hours out of cell, isolation days, and
    those without a regime (those away all day are left out)."""
    by_day: dict[date, list[DayHours | None]] = defaultdict(list)
    for regime_day in unit_days(unit_ids, first, last):
        if not regime_day.away_all_day:
            by_day[regime_day.day].append(regime_day.hours)
    result = {}
    day = first
    while day <= last:
        result[day] = count_days(by_day.get(day, []))
        day += timedelta(days=1)
    return result


def isolation_days(person_or_stay: Person | Stay, first: date, last: date) -> list[RegimeDay]:
    """The inmate-days of a person (or of one stay) from ``first`` to ``last``, one per day
    in prison, with hours out of cell, hours of meaningful contact and the Mandela flag, for
    the alerts: more than 15 consecutive isolation days is prolonged solitary confinement
    (``rules.longest_isolation_run``). A day with two placements (a transfer) is reported
    once, at the later placement; days without a default regime have ``hours`` None."""
    placements = Placement.objects.filter(covering(first, last))
    if isinstance(person_or_stay, Stay):
        placements = placements.filter(stay_id=person_or_stay.pk)
    else:
        placements = placements.filter(stay__person_id=person_or_stay.pk)
    days = {
        d.day: d for d in regime_days(with_units(placements.select_related("stay")), first, last)
    }
    return [days[day] for day in sorted(days)]


def unit_of(unit: Unit) -> list[int]:
    """The unit and its departments: where its inmates are placed."""
    return [unit.pk, *unit.departments.order_by().values_list("pk", flat=True)]
