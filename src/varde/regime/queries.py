"""Scoped reads of the daily regime: which units a user may open, the attendance grid, the
activity share for a period, today's time-out-of-cell figures and a person's last days.

The functions other apps call (alerts, statistics) are these: ``isolation_days`` (per-day
hours of one person or stay), ``unit_day`` (one unit's inmate-days and counts on a day),
``daily_counts`` (counts per day for a period), ``activity_overview`` (the share of prison
days with activity per unit, region and nation). They take no user: the caller scopes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.execution.models import Absence, Placement
from varde.execution.queries import end_of_day
from varde.organisation.choices import PRISON_KINDS, Scope
from varde.organisation.models import Unit
from varde.people.models import Person
from varde.regime.cell_time import (
    RegimeDay,
    covering,
    daily_counts,
    day_start,
    isolation_days,
    regime_days,
    unit_of,
)
from varde.regime.choices import ActivityKind, AttendanceStatus
from varde.regime.models import (
    ActivityOffer,
    Attendance,
    DepartmentDeviation,
    Enrolment,
    InmateDeviation,
    RegimeSchedule,
)
from varde.regime.rules import (
    ACTIVITY_WEEKDAYS,
    DayCounts,
    Prefill,
    activity_share,
    count_days,
    prefill,
    prison_days,
    runs_on,
)

if TYPE_CHECKING:
    from varde.execution.models import Stay
    from varde.organisation.models import User

__all__ = [
    "ActivityOverview",
    "Grid",
    "GridRow",
    "RegimeDay",
    "ShareRow",
    "UnitDay",
    "activity_overview",
    "activity_target",
    "attendance_grid",
    "daily_counts",
    "get_unit_for_user",
    "isolation_days",
    "person_days",
    "regime_units_for",
    "unit_day",
    "unit_of",
]


def activity_target() -> float:
    """VARDE_ACTIVITY_TARGET: the share of prison days with activity aimed at, in per cent
    (85 in the ministry's requirements for 2024)."""
    return float(settings.VARDE_ACTIVITY_TARGET)


# --- scope -------------------------------------------------------------------------------


def regime_units_for(user: User) -> QuerySet[Unit]:
    """The prison units (and departments) whose daily regime ``user`` may open: their own
    unit and its departments, the units of their region, or all (national scope)."""
    units = Unit.objects.filter(kind__in=PRISON_KINDS, is_active=True).select_related(
        "region", "parent"
    )
    if not user.has_perm("regime.view_figures"):
        return units.none()
    if user.scope == Scope.NATIONAL:
        return units
    if user.scope == Scope.REGION and user.region_id:
        return units.filter(region_id=user.region_id)
    if user.scope == Scope.UNIT and user.unit_id:
        return units.filter(Q(pk=user.unit_id) | Q(parent_id=user.unit_id))
    return units.none()


def get_unit_for_user(user: User, unit_id: int) -> Unit:
    """The unit, if ``user`` may open its regime pages (which name inmates): 403 for roles
    without person records, 404 for a unit outside their scope or not a prison."""
    if not user.has_perm("regime.view_regime"):
        raise PermissionDenied
    unit = regime_units_for(user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def departments_of(unit: Unit) -> list[Unit]:
    """The departments of a prison (empty for a prison without, or for a department)."""
    return list(unit.departments.filter(is_active=True, kind__in=PRISON_KINDS).order_by("name"))


def regime_owners(unit: Unit) -> list[Unit]:
    """The units whose default regime may be set from this unit's page: the unit itself
    (for a prison with departments: the common regime its departments follow unless they
    have their own) and each of its departments."""
    return [unit, *departments_of(unit)]


def department_choice(unit: Unit, department_id: str | None) -> Unit | None:
    """The department chosen by ``?avdeling=`` (None: the whole unit); 404 if not its own."""
    if not department_id:
        return None
    if not department_id.isdigit():
        raise Http404
    found = unit.departments.filter(pk=int(department_id)).first()
    if found is None:
        raise Http404
    return found


def with_departments(unit: Unit) -> Any:
    """The ids of the unit and its departments, as a subquery (a ``values`` queryset)."""
    return Unit.objects.filter(Q(pk=unit.pk) | Q(parent_id=unit.pk)).values("pk")


def offers_for(unit: Unit, day: date | None = None) -> QuerySet[ActivityOffer]:
    """The activities of the unit, of its departments and the prison-wide ones of its prison;
    those in force on ``day`` when given."""
    owners = Q(pk=unit.pk) | Q(parent_id=unit.pk)
    if unit.parent_id:
        owners |= Q(pk=unit.parent_id)
    units = Unit.objects.filter(owners).values("pk")
    offers = ActivityOffer.objects.filter(unit_id__in=units).select_related("unit")
    if day is not None:
        offers = offers.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )
    return offers.order_by("kind", "name")


def offers_with_enrolled(unit: Unit, day: date) -> QuerySet[ActivityOffer]:
    """The activities in force on ``day`` with how many are enrolled that day."""
    open_on_day = Q(enrolments__date_from__lte=day) & (
        Q(enrolments__date_to__isnull=True) | Q(enrolments__date_to__gte=day)
    )
    return offers_for(unit, day).annotate(enrolled=Count("enrolments", filter=open_on_day))


def present(units: Unit | list[int], day: date, user: User | None = None) -> list[Placement]:
    """Placements covering the midnight after ``day`` at a unit and its departments (or at
    the units listed), with stay, person and unit, of persons the user may see; by name."""
    if isinstance(units, Unit):
        # A subquery, not "unit = X OR unit.parent = X": the planner then starts from the
        # placements of the unit (an index) instead of from everyone the user may see.
        where = Q(unit_id__in=with_departments(units))
    else:
        where = Q(unit_id__in=units)
    placements = Placement.objects.filter(where, covering(day, day))
    if user is not None:
        placements = placements.filter(stay__person__in=Person.objects.visible_to(user))
    return list(
        placements.select_related("stay__person", "unit").order_by(
            "stay__person__last_name", "stay__person__first_name", "stay__person_id"
        )
    )


# --- the attendance grid -----------------------------------------------------------------


@dataclass
class GridRow:
    """An inmate present in the department that day: enrolments running that day, what is
    registered (or None) and what the grid proposes."""

    placement: Placement
    enrolments: list[Enrolment]
    registered: Attendance | None
    proposal: Prefill
    away: str = ""  # absence kind that day (leave, day release ...)
    deviations: list[str] = field(default_factory=list)  # inmate deviation kinds that day

    @property
    def person(self) -> Person:
        return self.placement.stay.person

    @property
    def stay_id(self) -> int:
        return self.placement.stay_id

    @property
    def status(self) -> str:
        return self.registered.status if self.registered else self.proposal.status

    @property
    def reason(self) -> str:
        return self.registered.reason if self.registered else self.proposal.reason

    @property
    def offer_id(self) -> int | None:
        return self.registered.offer_id if self.registered else self.proposal.offer


@dataclass
class Grid:
    unit: Unit
    department: Unit | None
    day: date
    rows: list[GridRow]
    offers: list[ActivityOffer]
    departments: list[Unit]

    @property
    def registered(self) -> int:
        return sum(1 for row in self.rows if row.registered is not None)


def _open_on(day: date) -> Q:
    return Q(date_from__lte=day) & (Q(date_to__isnull=True) | Q(date_to__gte=day))


def _during(day: date, start: str, end: str) -> Q:
    return Q(**{f"{start}__lt": end_of_day(day)}) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day_start(day)})
    )


def attendance_grid(
    unit: Unit, day: date, user: User | None, department: Unit | None = None
) -> Grid:
    """The grid of one department (or the whole unit) on ``day``: one row per inmate present,
    pre-filled from their enrolments, absences and deviations (seven queries)."""
    placements = present(department or unit, day, user)
    stays = [p.stay_id for p in placements]
    enrolments: dict[int, list[Enrolment]] = defaultdict(list)
    for enrolment in (
        Enrolment.objects.filter(_open_on(day), stay_id__in=stays)
        .select_related("offer")
        .order_by("date_from", "pk")
    ):
        offer = enrolment.offer
        in_force = offer.valid_from <= day and (offer.valid_to is None or offer.valid_to >= day)
        if in_force and runs_on(offer.weekdays, day):
            enrolments[enrolment.stay_id].append(enrolment)
    registered = {a.stay_id: a for a in Attendance.objects.filter(day=day, stay_id__in=stays)}
    away = {
        a.stay_id: a.kind
        for a in Absence.objects.filter(_during(day, "from_at", "returned_at"), stay_id__in=stays)
    }
    deviations: dict[int, list[str]] = defaultdict(list)
    for d in InmateDeviation.objects.filter(_during(day, "from_at", "to_at"), stay_id__in=stays):
        deviations[d.stay_id].append(d.kind)
    rows = []
    for p in placements:
        offers_today = [(e.offer_id, e.offer.kind) for e in enrolments[p.stay_id]]
        proposal = prefill(
            offers_today,
            absence_kind=away.get(p.stay_id),
            deviation_kinds=deviations[p.stay_id],
        )
        rows.append(
            GridRow(
                p,
                enrolments[p.stay_id],
                registered.get(p.stay_id),
                proposal,
                away.get(p.stay_id, ""),
                deviations[p.stay_id],
            )
        )
    offers = list(offers_for(department or unit, day))
    return Grid(unit, department, day, rows, offers, departments_of(unit))


# --- time out of cell for a unit and day -------------------------------------------------


@dataclass
class UnitDay:
    """A unit's inmates on a day with their hours, and the counts (dagsmåling)."""

    unit: Unit
    day: date
    rows: list[tuple[Placement, RegimeDay]]
    counts: DayCounts

    @property
    def isolated(self) -> list[tuple[Placement, RegimeDay]]:
        """Inmates with 22 hours or more without meaningful contact (Mandela rule 44)."""
        return [(p, d) for p, d in self.rows if d.isolated and not d.away_all_day]


def unit_day(unit: Unit, day: date, user: User | None = None) -> UnitDay:
    """Hours out of cell and of meaningful contact of each inmate of the unit (and its
    departments) on ``day``, and the counts under 8 and 4 hours out and isolated."""
    placements = present(unit, day, user)
    by_stay = {d.stay_id: d for d in regime_days(placements, day, day)}
    rows = [(p, by_stay[p.stay_id]) for p in placements if p.stay_id in by_stay]
    counts = count_days(d.hours for _p, d in rows if not d.away_all_day)
    return UnitDay(unit, day, rows, counts)


# --- the activity share ------------------------------------------------------------------


@dataclass
class ShareRow:
    """Prison days and days with activity of a unit, a region or the nation."""

    name: str
    region: str = ""
    unit_id: int | None = None
    days: int = 0
    with_activity: int = 0

    @property
    def share(self) -> float | None:
        return activity_share(self.with_activity, self.days)

    def add(self, other: ShareRow) -> None:
        self.days += other.days
        self.with_activity += other.with_activity


@dataclass
class ActivityOverview:
    first: date
    last: date
    target: float
    units: list[ShareRow]
    regions: list[ShareRow]
    national: ShareRow


def _local_day(at: datetime) -> date:
    return timezone.localtime(at).date()


def _whole_days(absence: Mapping[str, Any]) -> tuple[date, date] | None:
    """The days an absence covers from midnight to midnight (None: none)."""
    start = absence["from_at"]
    assert start is not None
    local = timezone.localtime(start)
    first = local.date() if local.time() == time.min else local.date() + timedelta(days=1)
    end = absence["returned_at"]
    last = _local_day(end) - timedelta(days=1) if end is not None else date.max
    return (first, last) if first <= last else None


def prison_days_by_unit(first: date, last: date, unit_ids: list[int] | None) -> dict[int, int]:
    """Counted prison days (weekdays in a placement, less whole days away) per unit."""
    placements = Placement.objects.filter(covering(first, last))
    if unit_ids is not None:
        placements = placements.filter(unit_id__in=unit_ids)
    rows = list(placements.values("stay_id", "unit_id", "from_at", "to_at"))
    gaps: dict[int, list[tuple[date, date]]] = defaultdict(list)
    absences = Absence.objects.filter(
        _during_range(first, last), stay_id__in=placements.values("stay_id")
    )
    for absence in absences.values("stay_id", "from_at", "returned_at"):
        whole = _whole_days(absence)
        if whole is not None:
            gaps[absence["stay_id"]].append(whole)
    days: dict[int, int] = defaultdict(int)
    for row in rows:
        start = max(first, _local_day(row["from_at"]))
        end = last if row["to_at"] is None else min(last, _local_day(row["to_at"]) - timedelta(1))
        days[row["unit_id"]] += prison_days(start, end, gaps[row["stay_id"]], ACTIVITY_WEEKDAYS)
    return days


def _during_range(first: date, last: date) -> Q:
    return Q(from_at__lt=end_of_day(last)) & (
        Q(returned_at__isnull=True) | Q(returned_at__gt=day_start(first))
    )


def activity_days_by_unit(first: date, last: date, unit_ids: list[int] | None) -> dict[int, int]:
    """Inmate-days with activity (attended) on counted weekdays per unit (one query)."""
    attended = Attendance.objects.filter(
        status=AttendanceStatus.ATTENDED,
        day__gte=first,
        day__lte=last,
        day__iso_week_day__in=sorted(ACTIVITY_WEEKDAYS),
    )
    if unit_ids is not None:
        attended = attended.filter(unit_id__in=unit_ids)
    rows = attended.values("unit_id").annotate(n=Count("id")).order_by()
    return {row["unit_id"]: row["n"] for row in rows}


def activity_overview(
    first: date, last: date, units: QuerySet[Unit] | None = None
) -> ActivityOverview:
    """Styringsparameter (2024): the share of prison days with activity from ``first`` to
    ``last`` per unit (where inmates are placed), per region and nationally. A prison day is
    a weekday the inmate's placement covers, less whole days away; a day with activity is
    one registered as attended. Four queries whatever the period."""
    unit_ids = list(units.values_list("pk", flat=True)) if units is not None else None
    days = prison_days_by_unit(first, last, unit_ids)
    active = activity_days_by_unit(first, last, unit_ids)
    named = Unit.objects.filter(pk__in=set(days) | set(active)).select_related("region")
    rows: list[ShareRow] = []
    regions: dict[str, ShareRow] = {}
    for unit in named.order_by("region__name", "name"):
        row = ShareRow(unit.name, unit.region.name, unit.pk, days.get(unit.pk, 0))
        row.with_activity = active.get(unit.pk, 0)
        rows.append(row)
        regions.setdefault(unit.region.name, ShareRow(unit.region.name)).add(row)
    national = ShareRow(_("Hele landet"))
    for region in regions.values():
        national.add(region)
    return ActivityOverview(first, last, activity_target(), rows, list(regions.values()), national)


def unit_share(unit: Unit, first: date, last: date) -> ShareRow:
    """The activity share of one unit with its departments."""
    ids = unit_of(unit)
    row = ShareRow(unit.name, unit.region.name, unit.pk)
    row.days = sum(prison_days_by_unit(first, last, ids).values())
    row.with_activity = sum(activity_days_by_unit(first, last, ids).values())
    return row


# --- a person's last days ----------------------------------------------------------------


@dataclass(frozen=True)
class PersonDay:
    day: date
    attendance: Attendance | None
    regime: RegimeDay | None


def person_days(person: Person, first: date, last: date) -> list[PersonDay]:
    """The person's days in prison from ``first`` to ``last``, newest first: activity as
    registered, hours out of cell and of meaningful contact."""
    regime = {d.day: d for d in isolation_days(person, first, last)}
    attendance = {
        a.day: a
        for a in Attendance.objects.filter(
            person=person, day__gte=first, day__lte=last
        ).select_related("offer")
    }
    days = sorted(set(regime) | set(attendance), reverse=True)
    return [PersonDay(day, attendance.get(day), regime.get(day)) for day in days]


# --- settings pages ----------------------------------------------------------------------


@dataclass
class RegimeOwner:
    """A department (or unit) with its default regime in force and the next one planned."""

    unit: Unit
    current: RegimeSchedule | None
    inherited: bool = False  # following the prison's regime
    planned: list[RegimeSchedule] = field(default_factory=list)


def regime_settings(unit: Unit, today: date) -> list[RegimeOwner]:
    """The default regime in force today of each department (or the unit), and those set
    to start later (two queries)."""
    owners = regime_owners(unit)
    ids = [o.pk for o in owners] + ([o.parent_id for o in owners if o.parent_id])
    schedules: dict[int, list[RegimeSchedule]] = defaultdict(list)
    for schedule in (
        RegimeSchedule.objects.filter(unit_id__in=ids)
        .prefetch_related("periods")
        .order_by("-valid_from")
    ):
        schedules[schedule.unit_id].append(schedule)
    result = []
    for owner in owners:
        own = schedules.get(owner.pk, [])
        current = next((s for s in own if s.valid_from <= today), None)
        inherited = False
        if current is None and owner.parent_id:
            parent = schedules.get(owner.parent_id, [])
            current = next((s for s in parent if s.valid_from <= today), None)
            inherited = current is not None
        planned = sorted((s for s in own if s.valid_from > today), key=lambda s: s.valid_from)
        result.append(RegimeOwner(owner, current, inherited, planned))
    return result


def department_deviations(unit: Unit, since: date) -> QuerySet[DepartmentDeviation]:
    """Deviations of the unit and its departments ending on or after ``since``."""
    return (
        DepartmentDeviation.objects.filter(Q(unit=unit) | Q(unit__parent=unit), date_to__gte=since)
        .select_related("unit")
        .order_by("date_from", "starts_at")
    )


def inmate_deviations(unit: Unit, user: User, since: date) -> QuerySet[InmateDeviation]:
    """Open or recent deviations of inmates placed at the unit now, whom the user may see."""
    stays = Placement.objects.filter(
        Q(unit=unit) | Q(unit__parent=unit), to_at__isnull=True
    ).values("stay_id")
    return (
        InmateDeviation.objects.filter(stay_id__in=stays)
        .filter(person__in=Person.objects.visible_to(user))
        .filter(Q(to_at__isnull=True) | Q(to_at__gte=day_start(since)))
        .select_related("person")
        .order_by("-from_at")
    )


def current_placement(stay: Stay) -> Placement | None:
    return stay.placements.filter(to_at__isnull=True).select_related("unit").first()


def enrolments_of(offer: ActivityOffer, user: User, day: date) -> QuerySet[Enrolment]:
    """Who is enrolled in the activity on ``day`` (persons the user may see)."""
    return (
        Enrolment.objects.filter(_open_on(day), offer=offer)
        .filter(person__in=Person.objects.visible_to(user))
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )


def day_release_kind() -> str:
    return ActivityKind.DAY_RELEASE
