"""Reads of stays, placements and absences: occupancy and capacity, a person's current stay
and timeline, and the stays a user may see.

Occupancy on a day is counted at the end of that day (the midnight count): a placement
occupies its place on day D when it began before midnight after D and had not ended by then.
Someone admitted at 10:00 is counted that day; someone released at 10:00 is not. A person
who is absent (leave, hospital, escape ...) keeps their place and is counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.execution.choices import (
    OPEN_BOOKING_STATUSES,
    OPEN_CALLIN_STATUSES,
    AbsenceKind,
    PostponementDecision,
    RestrictionKind,
    StayKind,
)
from varde.execution.models import (
    Absence,
    CallIn,
    Placement,
    PostponementRequest,
    RemandBooking,
    RemandRestriction,
    Stay,
)
from varde.execution.rules import (
    CHILD_AGE,
    OUTSIDE_PRISON,
    PRIORITY_AGE,
    non_counting_periods,
    queue_priority,
)
from varde.organisation.models import Capacity, PlaceClosure, Region, Unit
from varde.people.models import Person, Responsibility

if TYPE_CHECKING:
    from varde.community.models import CommunityCase
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
            TimelineEvent(
                absence.from_at,
                absence.get_kind_display(),
                detail or absence.exception_reason,
                absence.stops_time,
            )
        )
        if absence.kind in OUTSIDE_PRISON:  # ends in prison again, or with the release
            if absence.returned_at and absence.returned_at != stay.released_at:
                events.append(
                    TimelineEvent(
                        absence.returned_at, _("Tilbake i fengsel"), absence.get_kind_display()
                    )
                )
            continue
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
    """fsg § 3-30: the first day of ordinary leave for a stay serving a prison judgment — the
    judgment's own key date (``sentencing.queries.key_dates_for``: counted from admission,
    with remand credit, non-counting absences, combined sentences and any override); None for
    remand or a stay without a judgment."""
    from varde.sentencing.queries import key_dates_for

    judgment = stay.judgment
    if stay.kind != StayKind.SENTENCE or judgment is None:
        return None
    start, periods = execution_facts(judgment)
    start = start or timezone.localtime(stay.admitted_at).date()
    dates = key_dates_for(judgment, start=start, non_counting_periods=periods)
    return next((d.value for d in dates.dates if d.field == "leave_eligible_from"), None)


def _local_date(at: datetime | None) -> date | None:
    return timezone.localtime(at).date() if at is not None else None


# --- execution outside prison (strgjfl §§ 16, 16 a) and parole ------------------------------


def outside_prison_case(stay: Stay) -> CommunityCase | None:
    """The open community case (EK part-execution or § 16) that continues ``stay``, with its
    probation office; None when the person serves in prison."""
    from varde.community.choices import CaseKind
    from varde.community.models import OPEN_CASE_STATUSES

    return (
        stay.community_cases.filter(
            status__in=OPEN_CASE_STATUSES, kind__in=(CaseKind.EK_PARTIAL, CaseKind.AT_HOME)
        )
        .select_related("office")
        .first()
    )


def parole_case(stay: Stay) -> CommunityCase | None:
    """The open parole supervision case (strgjfl § 43) the release from ``stay`` opened;
    None when there is none (full term, or already ended)."""
    from varde.community.choices import CaseKind
    from varde.community.models import OPEN_CASE_STATUSES

    return stay.community_cases.filter(status__in=OPEN_CASE_STATUSES, kind=CaseKind.PAROLE).first()


def home_region_office(person: Person) -> Unit | None:
    """The probation office for the person's home: of the active offices in the region of
    their postal code (``progression_rules.region_for_postal_code``), the nearest by postal
    code (``rules.closest_office``). None without a Norwegian postal code or an office."""
    from varde.execution.progression_rules import region_for_postal_code
    from varde.execution.rules import closest_office
    from varde.organisation.choices import UnitKind

    region = region_for_postal_code(person.postal_code)
    if region is None:
        return None
    offices = Unit.objects.filter(
        kind=UnitKind.PROBATION_OFFICE, is_active=True, region__code=region
    ).values_list("pk", "postal_code", "name")
    chosen = closest_office(person.postal_code, list(offices))
    return Unit.objects.filter(pk=chosen).first() if chosen is not None else None


def parole_office_for(stay: Stay, outside: CommunityCase | None = None) -> Unit | None:
    """The probation office that follows up a parole from ``stay`` unless the case worker
    picks another (strgjfl § 43): the office of the EK / § 16 case the person is released
    from (``outside``, looked up when not given), else the office for their home."""
    outside = outside or outside_prison_case(stay)
    if outside is not None:
        return outside.office
    return home_region_office(stay.person)


# --- queue and call-in (soningskø, innkalling) ---------------------------------------------


def _born_after(today: date, years: int) -> date:
    """Persons born after this day are under ``years`` old on ``today``."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a common year: the birthday is 1 March
        return date(today.year - years, 3, 1) - timedelta(days=1)


def ek_full_possible_for(judgment: Judgment, start_on: date) -> bool:
    """strgjfl § 16 a, fsg § 7-2 through the sentencing engine: may the judgment be served in
    full with EK, starting ``start_on``? (prison ≤ 6 months, no excluded offence)."""
    from varde.people.rules import is_minor_on
    from varde.sentencing.queries import ENGINE_REACTION
    from varde.sentencing.rules.dates import Term, term_days
    from varde.sentencing.rules.sentence import ek_full_possible

    reaction = ENGINE_REACTION.get(judgment.reaction)  # type: ignore[call-overload]
    if reaction is None:
        return False
    start = start_on.toordinal()
    total = term_days(start, Term(judgment.term_years, judgment.term_months, judgment.term_days))
    offences = (judgment.main_offence, *judgment.other_offences)
    minor = is_minor_on(judgment.person.birth_date, start_on)
    return ek_full_possible(start, total, reaction, minor, offences)


def open_callin(judgment: Judgment) -> CallIn | None:
    return (
        CallIn.objects.filter(judgment=judgment, status__in=OPEN_CALLIN_STATUSES)
        .select_related("unit")
        .first()
    )


def _order_on() -> Greatest:
    """innkallingsforskriften § 3: the day the order was received (see
    ``rules.order_received_on``): the later of final date and receipt."""
    return Greatest(Coalesce("final_date", "received_on"), "received_on")


def _queue_region() -> Coalesce:
    """The region a queued judgment belongs to: that of the unit it is called in to, else
    that of the unit now responsible for the person (the latest open responsibility)."""
    callin = CallIn.objects.filter(judgment=OuterRef("pk"), status__in=OPEN_CALLIN_STATUSES).values(
        "unit__region_id"
    )[:1]
    responsible = (
        Responsibility.objects.filter(person=OuterRef("person_id"), date_to__isnull=True)
        .order_by("-date_from", "-id")
        .values("unit__region_id")[:1]
    )
    return Coalesce(Subquery(callin), Subquery(responsible))


def queued_judgments(today: date | None = None) -> QuerySet[Any]:
    """Judgments in the queue: final, not started, prison-type (fengsel, forvaring,
    subsidiary prison for a fine), annotated with ``order_on``, ``region_id``,
    ``priority_group`` (0 under 18, 1 under 23, 2 others: ``rules.queue_priority``) and
    ``called_in`` (an open call-in)."""
    from varde.sentencing.choices import (
        CUSTODIAL_REACTIONS,
        PREVENTIVE_REACTIONS,
        JudgmentStatus,
    )
    from varde.sentencing.models import Judgment

    today = today or timezone.localdate()
    born = "person__birth_date__gt"
    return Judgment.objects.filter(
        status=JudgmentStatus.QUEUED, reaction__in=CUSTODIAL_REACTIONS | PREVENTIVE_REACTIONS
    ).annotate(
        order_on=_order_on(),
        region_id=_queue_region(),
        priority_group=Case(
            When(**{born: _born_after(today, CHILD_AGE)}, then=Value(0)),
            When(**{born: _born_after(today, PRIORITY_AGE)}, then=Value(1)),
            default=Value(2),
        ),
        called_in=Exists(
            CallIn.objects.filter(judgment=OuterRef("pk"), status__in=OPEN_CALLIN_STATUSES)
        ),
        postponement_pending=Exists(
            PostponementRequest.objects.filter(
                judgment=OuterRef("pk"), decision=PostponementDecision.PENDING
            )
        ),
    )


@dataclass
class QueueEntry:
    judgment: Judgment
    waiting_days: int
    age: int | None
    priority: tuple[int, int]
    callin: CallIn | None


def queue_for(
    user: User,
    *,
    region: int | None = None,
    under_23: bool = False,
    not_called_in: bool = False,
    today: date | None = None,
) -> QuerySet[Any]:
    """The queue as the user may see it (persons visible to them), in priority order:
    under 18, under 23, then the rest, each oldest first (innkallingsforskriften § 3)."""
    today = today or timezone.localdate()
    queue = queued_judgments(today).filter(person__in=Person.objects.visible_to(user))
    if region:
        queue = queue.filter(region_id=region)
    if under_23:
        queue = queue.filter(priority_group__lt=2)
    if not_called_in:
        queue = queue.filter(called_in=False)
    return queue.select_related("person").order_by("priority_group", "order_on", "pk")


def queue_entries(judgments: Iterable[Judgment], today: date | None = None) -> list[QueueEntry]:
    """One page of ``queue_for`` with waiting time, age, priority and the open call-in
    (one query for the call-ins of the page)."""
    from varde.people.rules import age_on

    today = today or timezone.localdate()
    page = list(judgments)
    callins = {
        c.judgment_id: c
        for c in CallIn.objects.filter(
            judgment__in=page, status__in=OPEN_CALLIN_STATUSES
        ).select_related("unit")
    }
    entries = []
    for judgment in page:
        waiting = (today - judgment.order_on).days  # type: ignore[attr-defined]
        born = judgment.person.birth_date
        age = age_on(born, today) if born else None
        entries.append(
            QueueEntry(
                judgment, waiting, age, queue_priority(age, waiting), callins.get(judgment.pk)
            )
        )
    return entries


@dataclass
class QueueRow:
    """Queue figures for a region (or the country)."""

    name: str
    count: int = 0
    under_23: int = 0
    not_called_in: int = 0
    average_wait: float | None = None
    longest_wait: int | None = None


@dataclass
class QueueOverview:
    day: date
    regions: list[QueueRow]
    national: QueueRow
    oldest: list[dict[str, object]]


def queue_overview(region: int | None = None, *, today: date | None = None) -> QueueOverview:
    """Counts per region, average and longest waiting time, and the ten oldest cases.

    Three queries: figures grouped by region and receipt day in the database (at most one
    row per region and day), the region names, and the oldest cases. Averages are weighted
    from the grouped rows, so the same numbers come out on SQLite and PostgreSQL.
    """
    today = today or timezone.localdate()
    queue = queued_judgments(today)
    if region:
        queue = queue.filter(region_id=region)
    rows = queue.values("region_id", "order_on").annotate(
        n=Count("pk"),
        young=Count("pk", filter=Q(priority_group__lt=2)),
        waiting=Count("pk", filter=Q(called_in=False)),
    )
    totals: dict[int | None, list[tuple[int, int, int, int]]] = defaultdict(list)
    for row in rows.order_by():
        wait = (today - row["order_on"]).days
        totals[row["region_id"]].append((row["n"], row["young"], row["waiting"], wait))
    names = dict(Region.objects.filter(pk__in=[k for k in totals if k]).values_list("pk", "name"))
    regions = [
        _queue_row(names.get(key, _("Uten region")) if key else _("Uten region"), parts)
        for key, parts in totals.items()
    ]
    regions.sort(key=lambda r: r.name)
    national = _queue_row(_("Hele landet"), [p for parts in totals.values() for p in parts])
    oldest = list(
        queue.order_by("order_on", "pk").values(
            "pk", "court", "case_number", "order_on", "priority_group", "region_id"
        )[:10]
    )
    for case in oldest:
        case["waiting_days"] = (today - case["order_on"]).days
        case["region"] = names.get(case["region_id"], _("Uten region"))
    return QueueOverview(today, regions, national, oldest)


def _queue_row(name: str, parts: list[tuple[int, int, int, int]]) -> QueueRow:
    count = sum(p[0] for p in parts)
    return QueueRow(
        name=name,
        count=count,
        under_23=sum(p[1] for p in parts),
        not_called_in=sum(p[2] for p in parts),
        average_wait=round(sum(p[0] * p[3] for p in parts) / count, 1) if count else None,
        longest_wait=max((p[3] for p in parts), default=None),
    )


# --- remand (varetekt) -----------------------------------------------------------------------


def visible_remand_bookings(user: User) -> QuerySet[RemandBooking]:
    """Remand bookings of the persons ``user`` may see (the API's and views' only way)."""
    return RemandBooking.objects.filter(person__in=Person.objects.visible_to(user))


def open_remand_bookings(user: User) -> QuerySet[RemandBooking]:
    """Open bookings (requested or offered) the user may see, earliest deadline first."""
    return (
        visible_remand_bookings(user)
        .filter(status__in=OPEN_BOOKING_STATUSES)
        .select_related("person", "offered_unit")
        .order_by("deadline", "id")
    )


def open_remand_booking(person: Person) -> RemandBooking | None:
    return (
        RemandBooking.objects.filter(person=person, status__in=OPEN_BOOKING_STATUSES)
        .select_related("offered_unit")
        .first()
    )


def stay_restrictions(stay: Stay) -> list[RemandRestriction]:
    return list(stay.restrictions.order_by("valid_from", "id"))


def open_remand_stays(user: User) -> QuerySet[Stay]:
    """Remand stays now (open) of the persons ``user`` may see, longest in custody first,
    with their restrictions and the booking that carries the arrest time (three queries)."""
    return (
        visible_stays(user)
        .filter(kind=StayKind.REMAND, released_at__isnull=True)
        .select_related("person", "unit")
        .prefetch_related(
            Prefetch("restrictions", queryset=RemandRestriction.objects.order_by("valid_from")),
            "remand_bookings",
        )
        .order_by("admitted_at", "id")
    )


@dataclass
class RemandStayRow:
    """A remand stay on the remand page: custody since the arrest, the restrictions in
    force and the continuous full isolation (strpl § 186 a) running today."""

    stay: Stay
    custody_from: datetime
    restrictions: list[RemandRestriction]
    isolation_from: date | None
    isolation_until: date | None

    @property
    def isolation_days(self) -> int | None:
        if self.isolation_from is None or self.isolation_until is None:
            return None
        return (min(self.isolation_until, timezone.localdate()) - self.isolation_from).days + 1


def remand_stay_rows(stays: Iterable[Stay], today: date | None = None) -> list[RemandStayRow]:
    """One page of ``open_remand_stays`` as rows (no further queries)."""
    from varde.execution.rules import isolation_runs

    today = today or timezone.localdate()
    rows = []
    for stay in stays:
        restrictions = list(stay.restrictions.all())
        arrests = [b.arrested_at for b in stay.remand_bookings.all() if b.arrested_at]
        full = [
            (r.valid_from, r.valid_until)
            for r in restrictions
            if r.kind == RestrictionKind.FULL_ISOLATION
        ]
        run = next((r for r in isolation_runs(full) if r[0] <= today <= r[1]), None)
        rows.append(
            RemandStayRow(
                stay=stay,
                custody_from=min([stay.admitted_at, *arrests]),
                restrictions=[r for r in restrictions if r.valid_until >= today],
                isolation_from=run[0] if run else None,
                isolation_until=run[1] if run else None,
            )
        )
    return rows


# --- postponement (utsettelse, innkallingsforskriften §§ 5-8) -------------------------------


def pending_postponements(user: User) -> QuerySet[PostponementRequest]:
    """Applications not yet decided, of the persons ``user`` may see, oldest first (so that
    none is forgotten), with the judgment, the person and the open call-in's day of
    attendance (``current_start``): one query."""
    return (
        PostponementRequest.objects.filter(
            decision=PostponementDecision.PENDING,
            judgment__person__in=Person.objects.visible_to(user),
        )
        .select_related("judgment__person")
        .annotate(
            current_start=Subquery(
                CallIn.objects.filter(
                    judgment=OuterRef("judgment_id"), status__in=OPEN_CALLIN_STATUSES
                ).values("start_on")[:1]
            )
        )
        .order_by("received_on", "id")
    )
