"""Progression (issue 4 item 6): for each person serving a sentence at a unit, what they are
eligible for and from when, and the unit's worklist.

The dates come from the sentencing engine (``key_dates_for``) with the stay's start and the
periods that do not count (fsg § 3-3), as on the judgment page; the milestones are chosen by
the pure rules in ``progression_rules``. A unit's list is read in a fixed number of queries
whatever the number of inmates (stays with person and judgment, the judgment's overrides and
combined members, the first stays of the judgments and their absences); the dates are computed
in Python (the engine does more than 100 000 sentences a second).

Who may see a unit's list: staff whose role opens person records (others: 403), whose scope
covers the unit (its own staff and the staff of its departments' parent, its region, national;
others: 404). The inmates are further limited to the persons the user may see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import F, FilteredRelation, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from varde.community.choices import CaseKind
from varde.community.models import OPEN_CASE_STATUSES
from varde.execution.choices import StayKind
from varde.execution.models import Stay
from varde.execution.progression_rules import (
    WORKLIST_DAYS,
    Eligibility,
    due_within,
    lower_security_presumption,
    progression_milestones,
)
from varde.execution.queries import visible_stays
from varde.execution.rules import OUTSIDE_PRISON, non_counting_periods, outside_prison_text
from varde.organisation.choices import PRISON_KINDS, Scope, SecurityLevel
from varde.organisation.models import Unit
from varde.people.queries import can_see_person_records
from varde.sentencing.calc import conventions
from varde.sentencing.choices import PREVENTIVE_REACTIONS
from varde.sentencing.models import DateOverride, Judgment
from varde.sentencing.queries import key_dates_for

OUTSIDE_CASE_KINDS = (CaseKind.EK_PARTIAL, CaseKind.AT_HOME)

if TYPE_CHECKING:
    from varde.organisation.models import User
    from varde.people.models import Person
    from varde.sentencing.rules.recalc import NonCountingPeriod


# --- access ------------------------------------------------------------------------------


def worklist_units_for(user: User) -> QuerySet[Unit]:
    """The prison units whose progression list ``user`` may open (none without person access)."""
    units = Unit.objects.filter(kind__in=PRISON_KINDS, is_active=True).select_related("region")
    if not can_see_person_records(user):
        return units.none()
    if user.scope == Scope.NATIONAL:
        return units
    if user.scope == Scope.REGION and user.region_id:
        return units.filter(region_id=user.region_id)
    if user.scope == Scope.UNIT and user.unit_id:
        return units.filter(Q(pk=user.unit_id) | Q(parent_id=user.unit_id))
    return units.none()


def get_unit_for_worklist(user: User, unit_id: int) -> Unit:
    """The unit, if ``user`` may see its list: 403 for roles without person records, 404 for
    a unit outside the user's scope (or not a prison)."""
    if not can_see_person_records(user):
        raise PermissionDenied
    unit = worklist_units_for(user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


# --- per person --------------------------------------------------------------------------


@dataclass
class Progress:
    """A person serving at the unit: their milestones and whether § 11's presumption for
    lower security applies while they are at high security."""

    stay: Stay
    start: date
    milestones: list[Eligibility]
    total_days: int | None = None
    short_at_high: bool = False
    problem: str = ""
    outside: str = ""  # "Delgjennomføring med EK ved ..." for a person serving outside prison

    @property
    def person(self) -> Person:
        return self.stay.person

    def reached(self, today: date) -> list[Eligibility]:
        return [m for m in self.milestones if m.reached(today)]

    def upcoming(self, today: date) -> list[Eligibility]:
        return [m for m in self.milestones if not m.reached(today)]


@dataclass(frozen=True)
class WorklistRow:
    progress: Progress
    milestone: Eligibility


@dataclass
class Worklist:
    unit: Unit
    today: date
    days: int
    inmates: list[Progress] = field(default_factory=list)
    upcoming: list[WorklistRow] = field(default_factory=list)
    short_at_high: list[Progress] = field(default_factory=list)


def _local_date(at: datetime | None) -> date | None:
    return timezone.localtime(at).date() if at is not None else None


def _facts(first: Stay, today: date) -> tuple[date, list[NonCountingPeriod]]:
    """As ``execution.queries.execution_facts``, from a prefetched stay: the admission of the
    first sentence stay serving the judgment, and the periods of it that do not count."""
    start = timezone.localtime(first.admitted_at).date()
    absences = [
        (a.kind, timezone.localtime(a.from_at).date(), _local_date(a.returned_at))
        for a in first.absences.all()
    ]
    periods = non_counting_periods(absences, until=today)
    return start, [p for p in periods if p.first >= start.toordinal()]


def _serving_stays(unit: Unit, user: User) -> list[Stay]:
    """Open sentence stays at the unit or its departments, of persons the user may see, with
    everything the engine reads (four queries). Each stay carries ``outside_kind`` and
    ``outside_office``: the kind of its open EK / § 16 absence and the office of the
    probation case that follows it (joined in the same query; at most one of each is open)."""
    judgments = Judgment.objects.select_related("person", "combined_with").prefetch_related(
        Prefetch("overrides", queryset=DateOverride.objects.all()),
        "combined_members",
        "combined_with__combined_members",
    )
    return list(
        visible_stays(user)
        .filter(Q(unit=unit) | Q(unit__parent=unit))
        .filter(released_at__isnull=True, kind=StayKind.SENTENCE, judgment__isnull=False)
        .alias(
            open_outside=FilteredRelation(
                "absences",
                condition=Q(absences__returned_at__isnull=True, absences__kind__in=OUTSIDE_PRISON),
            ),
            open_case=FilteredRelation(
                "community_cases",
                condition=Q(
                    community_cases__status__in=OPEN_CASE_STATUSES,
                    community_cases__kind__in=OUTSIDE_CASE_KINDS,
                ),
            ),
        )
        .annotate(outside_kind=F("open_outside__kind"), outside_office=F("open_case__office__name"))
        .select_related("person", "unit")
        .prefetch_related(Prefetch("judgment", queryset=judgments))
        .order_by("person__last_name", "person__first_name", "pk")
    )


def _first_stays(judgment_ids: set[int]) -> dict[int, Stay]:
    """The first sentence stay of each judgment, with its absences (two queries)."""
    stays = (
        Stay.objects.filter(judgment_id__in=judgment_ids, kind=StayKind.SENTENCE)
        .prefetch_related("absences")
        .order_by("admitted_at", "pk")
    )
    first: dict[int, Stay] = {}
    for stay in stays:
        assert stay.judgment_id is not None
        first.setdefault(stay.judgment_id, stay)
    return first


def progress_of(stay: Stay, first: Stay, today: date, *, next_day: bool = True) -> Progress:
    """The milestones of one stay from the engine's key dates (no query when prefetched)."""
    judgment = stay.judgment
    assert judgment is not None
    start, periods = _facts(first, today)
    dates = key_dates_for(judgment, start=start, non_counting_periods=periods)
    values = {d.field: d.value for d in dates.dates}
    kind = getattr(stay, "outside_kind", None)
    high = stay.security_level == SecurityLevel.HIGH and not kind
    milestones = progression_milestones(
        values,
        start=start,
        high_security=high,
        preventive=judgment.reaction in PREVENTIVE_REACTIONS,
        eligible_from_next_day=next_day,
        outside_prison=bool(kind),
    )
    short = bool(dates.total_days and high and lower_security_presumption(dates.total_days, start))
    outside = (
        outside_prison_text(kind, getattr(stay, "outside_office", None) or "–") if kind else ""
    )
    return Progress(stay, start, milestones, dates.total_days, short, dates.problem, outside)


def unit_progress(unit: Unit, user: User, today: date) -> list[Progress]:
    """Every person serving a sentence at the unit (that the user may see), with their
    milestones: six queries whatever the number of inmates."""
    stays = _serving_stays(unit, user)
    firsts = _first_stays({s.judgment_id for s in stays if s.judgment_id is not None})
    next_day = conventions().eligible_from_next_day
    return [
        progress_of(stay, firsts.get(stay.judgment_id or 0, stay), today, next_day=next_day)
        for stay in stays
    ]


def unit_worklist(unit: Unit, user: User, today: date, days: int = WORKLIST_DAYS) -> Worklist:
    """The unit's worklist: milestones reached in the next ``days`` days (by date, then
    name) and the people with sentences up to 2 years at high security (strgjfl § 11)."""
    inmates = unit_progress(unit, user, today)
    rows = [WorklistRow(p, m) for p in inmates for m in due_within(p.milestones, today, days)]
    return Worklist(
        unit,
        today,
        days,
        inmates,
        sorted(rows, key=lambda r: (r.milestone.on, _name_key(r.progress))),
        [p for p in inmates if p.short_at_high],
    )


def _name_key(progress: Progress) -> tuple[str, str, int]:
    person = progress.person
    return (person.last_name, person.first_name, person.pk)
