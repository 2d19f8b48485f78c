"""Reads of stays, placements and absences: occupancy and capacity, a person's current stay
and timeline, and the stays a user may see.

Occupancy on a day is counted at the end of that day (the midnight count): a placement
occupies its place on day D when it began before midnight after D and had not ended by then.
Someone admitted at 10:00 is counted that day; someone released at 10:00 is not. A person
who is absent (leave, hospital, escape ...) keeps their place and is counted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.execution.choices import AbsenceKind, StayKind
from varde.execution.models import Absence, Placement, Stay
from varde.execution.rules import non_counting_periods
from varde.organisation.models import Capacity, PlaceClosure, Unit
from varde.people.models import Person

if TYPE_CHECKING:
    from varde.organisation.models import User
    from varde.sentencing.models import Judgment
    from varde.sentencing.rules.recalc import NonCountingPeriod

Group = tuple[int, str, str]  # (unit id, security level, sex of place)


def end_of_day(day: date) -> datetime:
    """Midnight after ``day`` in the current time zone (Europe/Oslo)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _on_day(day: date) -> Q:
    midnight = end_of_day(day)
    return Q(from_at__lt=midnight) & (Q(to_at__isnull=True) | Q(to_at__gte=midnight))


def _capacity_in_force(day: date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def occupied_from(unit: Unit, security_level: str, sex: str, at: datetime) -> int:
    """Placements of this unit, level and sex not ended by ``at`` (open then, or starting
    later): what an open-ended placement from ``at`` would share the places with. Counting
    only those open at the instant ``at`` would miss a placement that a parallel officer
    committed with a slightly later start."""
    return Placement.objects.filter(
        Q(to_at__isnull=True) | Q(to_at__gt=at), unit=unit, security_level=security_level, sex=sex
    ).count()


def open_places(unit: Unit, security_level: str, sex: str, day: date) -> int:
    """Places of this unit, level and sex in force on ``day``, minus closures (never < 0)."""
    group = {"unit": unit, "security_level": security_level, "sex": sex}
    places = Capacity.objects.filter(_capacity_in_force(day), **group).aggregate(n=Sum("places"))
    closed = PlaceClosure.objects.filter(date_from__lte=day, date_to__gte=day, **group).aggregate(
        n=Sum("places")
    )
    return max(0, (places["n"] or 0) - (closed["n"] or 0))


def occupancy_on(day: date, units: QuerySet[Unit] | None = None) -> dict[Group, int]:
    """Occupied places per (unit id, security level, sex) on ``day`` (one grouped query)."""
    placements = Placement.objects.filter(_on_day(day))
    if units is not None:
        placements = placements.filter(unit__in=units)
    rows = placements.values("unit_id", "security_level", "sex").annotate(n=Count("id"))
    return {(r["unit_id"], r["security_level"], r["sex"]): r["n"] for r in rows.order_by()}


# --- capacity overview -------------------------------------------------------------------


@dataclass
class CapacityRow:
    """Places, closed, occupied and free for a unit, a region or the country on a day."""

    name: str
    region: str = ""
    places: int = 0  # in force, before closures
    closed: int = 0
    occupied: int = 0
    by_level: dict[str, int] = field(default_factory=dict)  # open places per security level

    @property
    def open(self) -> int:
        return self.places - self.closed

    @property
    def free(self) -> int:
        """Open places not occupied (negative when closures leave more people than places)."""
        return self.open - self.occupied

    @property
    def utilisation(self) -> float | None:
        """Occupied as a percentage of open places (belegg); None without open places."""
        return round(100 * self.occupied / self.open, 1) if self.open else None

    def add(self, other: CapacityRow) -> None:
        self.places += other.places
        self.closed += other.closed
        self.occupied += other.occupied
        for level, count in other.by_level.items():
            self.by_level[level] = self.by_level.get(level, 0) + count


@dataclass
class CapacityOverview:
    day: date
    units: list[CapacityRow]
    regions: list[CapacityRow]
    national: CapacityRow


def _grouped(queryset: QuerySet[Capacity] | QuerySet[PlaceClosure]) -> dict[Group, int]:
    rows = queryset.values("unit_id", "security_level", "sex").annotate(n=Sum("places"))
    return {(r["unit_id"], r["security_level"], r["sex"]): r["n"] for r in rows.order_by()}


def capacity_overview(day: date, units: QuerySet[Unit] | None = None) -> CapacityOverview:
    """strgjfl § 10; årsrapport "kapasitetsutnyttelse": per unit with places on ``day``, and
    per region and nationally: places, closed places, occupied, free and utilisation %.

    Four queries whatever the number of units: capacities, closures and occupancy are summed
    per (unit, level, sex) in the database; then the units' names. Closures count only
    against a group that has places, and never close more than it has (as
    ``organisation.rules.places_on``).
    """
    capacities = Capacity.objects.filter(_capacity_in_force(day))
    closures = PlaceClosure.objects.filter(date_from__lte=day, date_to__gte=day)
    if units is not None:
        capacities = capacities.filter(unit__in=units)
        closures = closures.filter(unit__in=units)
    places, closed = _grouped(capacities), _grouped(closures)
    occupied = occupancy_on(day, units)
    rows: dict[int, CapacityRow] = defaultdict(lambda: CapacityRow(""))
    for group, count in places.items():
        row = rows[group[0]]
        shut = min(count, closed.get(group, 0))
        row.add(CapacityRow("", "", count, shut, occupied.get(group, 0), {group[1]: count - shut}))
    for group, count in occupied.items():
        if group not in places:  # people placed where no places are in force: still occupied
            rows[group[0]].occupied += count
    named = (
        Unit.objects.filter(pk__in=rows).select_related("region").order_by("region__name", "name")
    )
    unit_rows: list[CapacityRow] = []
    regions: dict[str, CapacityRow] = {}
    for unit in named:
        row = rows[unit.pk]
        row.name, row.region = unit.name, unit.region.name
        unit_rows.append(row)
        regions.setdefault(unit.region.name, CapacityRow(unit.region.name)).add(row)
    national = CapacityRow(_("Hele landet"))
    for region in regions.values():
        national.add(region)
    return CapacityOverview(day, unit_rows, list(regions.values()), national)


# --- a person's stays --------------------------------------------------------------------


def visible_stays(user: User) -> QuerySet[Stay]:
    """Stays of the persons ``user`` may see (the API's and views' only way to stays)."""
    return Stay.objects.filter(person__in=Person.objects.visible_to(user))


def current_stay(person: Person) -> Stay | None:
    """The person's open stay, with its unit (None when not inside)."""
    return (
        Stay.objects.filter(person=person, released_at__isnull=True)
        .select_related("unit", "unit__region", "judgment")
        .first()
    )


def open_absence(stay: Stay) -> Absence | None:
    return stay.absences.filter(returned_at__isnull=True).first()


def last_stay(person: Person) -> Stay | None:
    return Stay.objects.filter(person=person).order_by("-admitted_at", "-id").first()


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    title: str
    detail: str = ""
    stops_time: bool = False


def _stay_events(stay: Stay) -> list[TimelineEvent]:
    events: list[TimelineEvent] = []
    for index, placement in enumerate(stay.placements.all()):
        place = f"{placement.unit.name}, {placement.get_security_level_display()}"
        title = stay.get_kind_display() if index == 0 else placement.get_reason_display()
        verb = _("Innsatt") if index == 0 else _("Overført")
        events.append(TimelineEvent(placement.from_at, f"{verb}: {title}", place))
    for absence in stay.absences.all():
        detail = absence.get_leave_type_display() if absence.leave_type else absence.note
        events.append(
            TimelineEvent(absence.from_at, absence.get_kind_display(), detail, absence.stops_time)
        )
        if absence.returned_at:
            back = (
                _("Tilbake fra fravær")
                if absence.kind != AbsenceKind.FAILURE_TO_RETURN
                else (_("Pågrepet / kom tilbake"))
            )
            events.append(TimelineEvent(absence.returned_at, back, absence.get_kind_display()))
    if stay.released_at:
        events.append(
            TimelineEvent(stay.released_at, _("Løslatt"), stay.get_release_type_display())
        )
    return events


def person_stays(person: Person) -> list[Stay]:
    """Every stay of the person with placements (and units) and absences: three queries."""
    return list(
        Stay.objects.filter(person=person)
        .select_related("unit")
        .prefetch_related(
            Prefetch("placements", queryset=Placement.objects.select_related("unit")),
            "absences",
        )
    )


def timeline(stays: list[Stay]) -> list[TimelineEvent]:
    """Stays, placements, absences and releases, newest first."""
    events = [event for stay in stays for event in _stay_events(stay)]
    return sorted(events, key=lambda e: e.at, reverse=True)


def execution_facts(judgment: Judgment) -> tuple[date | None, list[NonCountingPeriod]]:
    """What the execution adds to a judgment's key dates: the first day of execution (the
    admission of the sentence stay serving it) and the periods that do not count as sentence
    time (escape, absconding, interruption: fsg § 3-3). (None, []) before admission."""
    stay = (
        Stay.objects.filter(judgment=judgment, kind=StayKind.SENTENCE)
        .prefetch_related("absences")
        .order_by("admitted_at")
        .first()
    )
    if stay is None:
        return None, []
    start = timezone.localtime(stay.admitted_at).date()
    absences = [
        (a.kind, timezone.localtime(a.from_at).date(), _local_date(a.returned_at))
        for a in stay.absences.all()
    ]
    periods = non_counting_periods(absences, until=timezone.localdate())
    return start, [p for p in periods if p.first >= start.toordinal()]


def leave_eligible_from(stay: Stay) -> date | None:
    """fsg § 3-30 (5) through the sentencing engine: the first day of ordinary leave for a
    stay serving a prison judgment, counted from admission with the court's remand credit and
    the stay's non-counting absences; None for remand or a stay without a judgment."""
    from varde.sentencing.rules.dates import Term, term_days, to_date
    from varde.sentencing.rules.recalc import recalculate_sentence

    judgment = stay.judgment
    if stay.kind != StayKind.SENTENCE or judgment is None:
        return None
    start_day, periods = execution_facts(judgment)
    start = (start_day or timezone.localtime(stay.admitted_at).date()).toordinal()
    term = Term(judgment.term_years, judgment.term_months, judgment.term_days)
    total = term_days(start, term)
    if total <= 0:
        return None
    dates, _shifts, _custody = recalculate_sentence(start, total, judgment.credited_days, periods)
    return to_date(dates.leave_eligible_from)


def _local_date(at: datetime | None) -> date | None:
    return timezone.localtime(at).date() if at is not None else None
