"""Scoped reads of exclusions, coercive measures and deviations; the worklist of deadlines,
the person page's panel, open deviations per unit and the statistics of coercive measures.

Views and the API reach these records only through this module: a decision is visible when
its person is (``Person.objects.visible_to``); a deviation when its unit is in the user's
scope and its person, if any, is visible. Counts per unit and year are aggregates without
persons, for every role that may see the overview (KDI's analysts included).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone

from varde.organisation.models import Unit
from varde.organisation.queries import units_assignable_by
from varde.people.models import Person
from varde.people.queries import can_see_person_records
from varde.safeguards import clocks, rules
from varde.safeguards.choices import DeviationStatus, MeasureKind
from varde.safeguards.models import (
    CoerciveMeasure,
    ContactActivity,
    ContactPlan,
    Decision,
    Deviation,
    Exclusion,
    SupervisionNote,
)

if TYPE_CHECKING:
    from varde.execution.models import RemandRestriction
    from varde.organisation.models import User

D = TypeVar("D", Exclusion, CoerciveMeasure)

# Ended measures stay on worklists (and in the deviation sync) this long: notices due after
# a short measure ended (a doctor told the next morning) are still followed up.
RECENT = timedelta(days=35)


def units_in_scope(user: User) -> QuerySet[Unit]:
    """The units whose safeguards the user follows: their unit and its departments, their
    region's units, or all (the same scope as assigning responsibility)."""
    return units_assignable_by(user)


def exclusions_visible_to(user: User) -> QuerySet[Exclusion]:
    return Exclusion.objects.filter(person__in=Person.objects.visible_to(user))


def measures_visible_to(user: User) -> QuerySet[CoerciveMeasure]:
    return CoerciveMeasure.objects.filter(person__in=Person.objects.visible_to(user))


def with_events(decisions: QuerySet[D]) -> QuerySet[D]:
    """What the clocks read, in a fixed number of queries."""
    return decisions.select_related("person", "unit").prefetch_related("notices", "reviews")


def get_exclusion_for_user(user: User, exclusion_id: int) -> Exclusion:
    found = (
        with_events(exclusions_visible_to(user))
        .prefetch_related(
            Prefetch(
                "contact_plans",
                queryset=ContactPlan.objects.prefetch_related(
                    Prefetch("activities", queryset=ContactActivity.objects.order_by("day", "id"))
                ),
            )
        )
        .filter(pk=exclusion_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def get_measure_for_user(user: User, measure_id: int) -> CoerciveMeasure:
    found = (
        with_events(measures_visible_to(user))
        .prefetch_related(
            Prefetch("supervision_notes", queryset=SupervisionNote.objects.order_by("at", "id"))
        )
        .filter(pk=measure_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def deviations_visible_to(user: User) -> QuerySet[Deviation]:
    if not can_see_person_records(user):
        return Deviation.objects.none()
    visible_person = Q(person__isnull=True) | Q(person__in=Person.objects.visible_to(user))
    return Deviation.objects.filter(visible_person, unit__in=units_in_scope(user))


def get_deviation_for_user(user: User, deviation_id: int) -> Deviation:
    found = (
        deviations_visible_to(user)
        .select_related("unit", "person", "owner", "exclusion", "measure")
        .filter(pk=deviation_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def live(decisions: QuerySet[D], as_of: datetime) -> QuerySet[D]:
    """Open, or ended in the last ``RECENT`` days."""
    return decisions.filter(Q(end_at__isnull=True) | Q(end_at__gte=as_of - RECENT)).filter(
        start_at__lte=as_of
    )


# --- the worklist -----------------------------------------------------------------------------


@dataclass
class WorkItem:
    """A deadline to act on: overdue, or due within the horizon."""

    decision: Exclusion | CoerciveMeasure
    deadline: rules.Deadline

    @property
    def is_exclusion(self) -> bool:
        return isinstance(self.decision, Exclusion)


@dataclass
class Worklist:
    overdue: list[WorkItem] = field(default_factory=list)
    upcoming: list[WorkItem] = field(default_factory=list)


def worklist(user: User, *, unit: Unit | None = None, as_of: datetime | None = None) -> Worklist:
    """Deadlines of the decisions the user sees (of one unit and its departments, if given):
    those passed without being met, and those due in the next ``clocks.LOOKAHEAD`` — of ended
    decisions too: a notice still due after a short measure shows before it passes."""
    as_of = as_of or timezone.now()
    found = Worklist()
    for decision in _live_decisions(user, unit, as_of):
        for deadline in clocks.deadlines(decision, as_of):
            if deadline.state == rules.OVERDUE:
                found.overdue.append(WorkItem(decision, deadline))
            elif deadline.state == rules.UPCOMING:  # also after the end (a doctor told later)
                found.upcoming.append(WorkItem(decision, deadline))
    found.overdue.sort(key=lambda item: item.deadline.requirement.due_at)
    found.upcoming.sort(key=lambda item: item.deadline.requirement.due_at)
    return found


def _live_decisions(
    user: User, unit: Unit | None, as_of: datetime
) -> list[Exclusion | CoerciveMeasure]:
    exclusions = live(exclusions_visible_to(user), as_of)
    measures = live(measures_visible_to(user), as_of)
    if unit is not None:
        in_unit = Q(unit=unit) | Q(unit__parent=unit)
        exclusions, measures = exclusions.filter(in_unit), measures.filter(in_unit)
    return [*with_events(exclusions), *with_events(measures)]


# --- the person page --------------------------------------------------------------------------


@dataclass
class PanelRow:
    decision: Exclusion | CoerciveMeasure
    next: rules.Deadline | None
    overdue: int


@dataclass
class PersonSafeguards:
    exclusions: list[PanelRow]
    measures: list[PanelRow]
    ended: list[Exclusion | CoerciveMeasure]
    court_restrictions: list[RemandRestriction]


def person_safeguards(person: Person, as_of: datetime | None = None) -> PersonSafeguards:
    """Open exclusions and coercive measures with their next deadline, those ended in the
    last weeks, and the court's isolation restrictions in force (shown, not copied)."""
    as_of = as_of or timezone.now()
    rows: dict[bool, list[PanelRow]] = {True: [], False: []}
    ended: list[Exclusion | CoerciveMeasure] = []
    decisions: list[Exclusion | CoerciveMeasure] = [
        *with_events(live(Exclusion.objects.filter(person=person), as_of)),
        *with_events(live(CoerciveMeasure.objects.filter(person=person), as_of)),
    ]
    for decision in decisions:
        if not decision.is_open:
            ended.append(decision)
            continue
        deadlines = clocks.deadlines(decision, as_of)
        overdue = sum(1 for d in deadlines if d.state == rules.OVERDUE)
        row = PanelRow(decision, rules.next_deadline(deadlines), overdue)
        rows[isinstance(decision, Exclusion)].append(row)
    return PersonSafeguards(rows[True], rows[False], ended, court_isolation(person, as_of))


def court_isolation(person: Person, as_of: datetime) -> list[RemandRestriction]:
    """Court-ordered isolation (strpl §§ 186, 186 a) in force in the current stay."""
    from varde.execution.choices import RestrictionKind
    from varde.execution.queries import current_stay, stay_restrictions

    stay = current_stay(person)
    if stay is None:
        return []
    today = timezone.localdate(as_of)
    isolation = {RestrictionKind.FULL_ISOLATION, RestrictionKind.PARTIAL_ISOLATION}
    return [
        r
        for r in stay_restrictions(stay)
        if r.kind in isolation and r.valid_from <= today <= r.valid_until
    ]


# --- the contact plan -------------------------------------------------------------------------


@dataclass
class ContactWeek:
    plan: ContactPlan
    rows: list[tuple[rules.ContactDay, list[ContactActivity]]]


def contact_weeks(exclusion: Exclusion, as_of: datetime | None = None) -> list[ContactWeek]:
    """The exclusion's weekly plans, each day summed (planned, offered, accepted, done) and
    judged once it is over: less than the rule set's minimum is a shortfall."""
    as_of = as_of or timezone.now()
    tz = timezone.get_current_timezone()
    rule_set = rules.rule_set_named(exclusion.rule_set)
    judged = set(rules.whole_days(exclusion.start_at, exclusion.end_at, as_of, tz))
    first = timezone.localdate(exclusion.start_at)
    last = timezone.localdate(exclusion.end_at) if exclusion.end_at else None
    weeks = []
    for plan in exclusion.contact_plans.all():
        days = [plan.week_start + timedelta(days=n) for n in range(7)]
        days = [d for d in days if d >= first and (last is None or d <= last)]
        activities = list(plan.activities.all())
        by_day: dict[date, list[ContactActivity]] = defaultdict(list)
        for activity in activities:
            by_day[activity.day].append(activity)
        summed = rules.contact_days(
            days,
            ((a.day, a.planned_minutes, a.offered, a.accepted, a.done_minutes) for a in activities),
            judged=judged,
            rules=rule_set,
        )
        weeks.append(ContactWeek(plan, [(day, by_day[day.day]) for day in summed]))
    return weeks


# --- overview: open deviations per unit -------------------------------------------------------


@dataclass
class UnitDeviations:
    unit: Unit
    open: int
    overdue: int


def open_deviations_per_unit(user: User, today: date | None = None) -> list[UnitDeviations]:
    """Open deviations (and how many are past their due date) per unit in the user's
    scope, grouped by region in the template. Counts only."""
    today = today or timezone.localdate()
    units = units_in_scope(user).select_related("region").order_by("region__name", "name")
    counts = {
        row["unit"]: row
        for row in Deviation.objects.filter(unit__in=units, status=DeviationStatus.OPEN)
        .values("unit")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
    }
    return [
        UnitDeviations(unit, counts[unit.pk]["open"], counts[unit.pk]["overdue"])
        for unit in units
        if unit.pk in counts
    ]


# --- statistics of coercive measures (appendix 5 of the annual report) ------------------------

STAT_KINDS: tuple[str, ...] = tuple(MeasureKind.values)


@dataclass
class StatRow:
    year: int
    counts: list[int]
    total: int


def coercive_statistics(user: User) -> list[StatRow]:
    """Decisions on coercive means per year and kind, for the units in the user's scope,
    newest year first; columns in the order of appendix 5 (``STAT_KINDS``)."""
    grouped: dict[int, dict[str, int]] = defaultdict(dict)
    rows: Any = (
        CoerciveMeasure.objects.filter(unit__in=units_in_scope(user))
        .annotate(year=ExtractYear("start_at"))
        .values("year", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        grouped[row["year"]][row["kind"]] = row["n"]
    return [
        StatRow(
            year, [grouped[year].get(kind, 0) for kind in STAT_KINDS], sum(grouped[year].values())
        )
        for year in sorted(grouped, reverse=True)
    ]


def decisions_of(item: Decision) -> str:
    """``exclusion`` or ``measure``: the URL and key prefix of a decision."""
    return "exclusion" if isinstance(item, Exclusion) else "measure"
