"""Scoped reads of community cases, and the caseload with hours progress, overdue reporting
and breach deadlines. Views and the API reach cases only through these functions: a case is
visible when its person is (``Person.objects.visible_to``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from varde.community import rules
from varde.community.choices import EK_KINDS, CaseKind
from varde.community.models import (
    OPEN_CASE_STATUSES,
    Breach,
    CommunityCase,
    EquipmentEvent,
    HoursLog,
    NdPhaseChange,
    ReportingEvent,
    ScheduleEntry,
)
from varde.people.models import Person
from varde.sentencing.choices import KeyDateField

if TYPE_CHECKING:
    from varde.organisation.models import User
    from varde.sentencing.models import Judgment

# Breach deadlines shown on the caseload: those in the next two weeks (and any passed).
DEADLINE_HORIZON_DAYS = 14
PRISON_BASED = frozenset({CaseKind.EK_PARTIAL, CaseKind.AT_HOME})


def cases_visible_to(user: User) -> QuerySet[CommunityCase]:
    """Cases of the persons ``user`` may see."""
    return CommunityCase.objects.filter(person__in=Person.objects.visible_to(user))


def _counting_contacts() -> Q:
    """Contacts that fulfil the reporting duty of their case's kind
    (``rules.contact_fulfils_duty``), as a filter on reporting events."""
    listed = Q()
    for case_kind, contact_kinds in rules.REPORTING_CONTACTS.items():
        listed |= Q(case__kind=case_kind, kind__in=contact_kinds)
    others = ~Q(case__kind__in=list(rules.REPORTING_CONTACTS)) & Q(
        kind__in=rules.DEFAULT_REPORTING_CONTACTS
    )
    return listed | others


def with_progress(cases: QuerySet[CommunityCase]) -> QuerySet[CommunityCase]:
    """Annotate hours performed, the last attended contact that fulfils the reporting duty,
    and when the current ND phase began (all computed in the database)."""
    performed = (
        HoursLog.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    last_contact = (
        ReportingEvent.objects.filter(_counting_contacts(), case=OuterRef("pk"), attended=True)
        .order_by()
        .values("case")
        .annotate(last=Max("day"))
        .values("last")
    )
    phase_since = (
        NdPhaseChange.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(last=Max("decided_on"))
        .values("last")
    )
    return cases.annotate(
        hours_performed=Coalesce(Subquery(performed), Decimal(0)),
        last_contact=Subquery(last_contact),
        nd_phase_since=Coalesce(Subquery(phase_since), F("start")),
    )


def get_case_for_user(user: User, case_id: int) -> CommunityCase:
    """The case, if the user may see its person; 404 otherwise."""
    case = (
        with_progress(cases_visible_to(user))
        .select_related("person", "judgment", "office")
        .prefetch_related(
            Prefetch("hours_logs", queryset=HoursLog.objects.order_by("-day", "-id")),
            "reportings",
            "breaches",
        )
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    return case


def person_cases(person: Person) -> list[CommunityCase]:
    """A person's cases, newest first (the person has been reached through a scoped read)."""
    cases = CommunityCase.objects.filter(person=person).select_related("office", "judgment")
    return list(with_progress(cases))


def open_case_for(judgment: Judgment) -> CommunityCase | None:
    return CommunityCase.objects.filter(judgment=judgment, status__in=OPEN_CASE_STATUSES).first()


# --- ND phases, EK equipment and schedule ----------------------------------------------------


def phase_history(case: CommunityCase) -> list[NdPhaseChange]:
    """The court's phase rulings of an ND case, oldest first (none for other kinds)."""
    if case.kind != CaseKind.ND_PROGRAMME:
        return []
    return list(case.nd_phase_changes.all())


def last_phase_change_on(case: CommunityCase) -> date | None:
    found = case.nd_phase_changes.order_by("-decided_on", "-id").first()
    return found.decided_on if found else None


def equipment_events(case: CommunityCase) -> list[EquipmentEvent]:
    """The EK case's equipment events, oldest first (none for other kinds)."""
    if case.kind not in EK_KINDS:
        return []
    return list(case.equipment_events.all())


def mounted_now(case: CommunityCase, events: list[EquipmentEvent] | None = None) -> dict[str, str]:
    """What is mounted on the person now: technology → device id."""
    if events is None:
        events = equipment_events(case)
    return rules.mounted_devices((e.kind, e.technology, e.device_id) for e in events)


def mounted_at(case: CommunityCase, at: datetime) -> dict[str, str]:
    """What was mounted at ``at`` (the events up to then)."""
    events = case.equipment_events.filter(at__lte=at).order_by("at", "id")
    return rules.mounted_devices(events.values_list("kind", "technology", "device_id"))


def last_equipment_change_at(case: CommunityCase) -> datetime | None:
    found = (
        case.equipment_events.filter(kind__in=rules.STATE_CHANGES).order_by("-at", "-id").first()
    )
    return found.at if found else None


def schedule(case: CommunityCase) -> list[ScheduleEntry]:
    """The EK case's weekly schedule, Monday first (none for other kinds)."""
    if case.kind not in EK_KINDS:
        return []
    return list(case.schedule_entries.all())


def probation_end_for(case: CommunityCase) -> date | None:
    """The end of the probation period of a programme's judgment (strl §§ 34, 39), from the
    sentencing engine."""
    from varde.sentencing.queries import key_dates_for

    found = key_dates_for(case.judgment, start=case.start).get(KeyDateField.PROBATION_END)
    return found.value if found is not None else None


# --- caseload --------------------------------------------------------------------------------


@dataclass
class CaseRow:
    """One line of the caseload: the case and what needs attention."""

    case: CommunityCase
    hours_remaining: Decimal | None
    hours_percent: int | None
    on_track: bool | None
    days_since_contact: int
    reporting_overdue: bool
    days_in_phase: int | None = None


def caseload_cases(user: User) -> QuerySet[CommunityCase]:
    """Open cases of the persons the user sees (a probation officer: their office's), with
    hours performed and the last contact, soonest planned end first."""
    return (
        with_progress(cases_visible_to(user).filter(status__in=OPEN_CASE_STATUSES))
        .select_related("person", "office")
        .order_by("planned_end", "pk")
    )


def caseload(user: User, today: date | None = None) -> list[CaseRow]:
    """The caseload as rows (the API and tests; the page paginates ``caseload_cases``)."""
    today = today or timezone.localdate()
    return [case_row(case, today) for case in caseload_cases(user)]


def case_row(case: CommunityCase, today: date) -> CaseRow:
    performed: Decimal = getattr(case, "hours_performed", Decimal(0))
    last: date | None = getattr(case, "last_contact", None)
    remaining = percent = on_track = None
    if case.hours_ordered:
        remaining = rules.hours_remaining(case.hours_ordered, performed)
        percent = min(int(performed * 100 / case.hours_ordered), 100)
        if case.planned_end:
            on_track = rules.hours_on_track(
                case.hours_ordered, performed, case.start, case.planned_end, today
            )
    phase_since: date | None = getattr(case, "nd_phase_since", None)
    return CaseRow(
        case=case,
        days_in_phase=(
            rules.days_in_phase(phase_since, today)
            if case.nd_phase and phase_since is not None
            else None
        ),
        hours_remaining=remaining,
        hours_percent=percent,
        on_track=on_track,
        days_since_contact=rules.days_since_contact(last, case.start, today),
        reporting_overdue=rules.reporting_overdue(
            case.kind, last, case.start, today, case.reporting_every_days
        ),
    )


def breach_deadlines(user: User, today: date | None = None) -> QuerySet[Breach]:
    """Breach deadlines of open cases that have passed or fall in the next two weeks."""
    today = today or timezone.localdate()
    return (
        Breach.objects.filter(
            case__in=cases_visible_to(user).filter(status__in=OPEN_CASE_STATUSES),
            deadline__lte=today + timedelta(days=DEADLINE_HORIZON_DAYS),
        )
        .filter(Q(deadline__gte=today - timedelta(days=DEADLINE_HORIZON_DAYS)))
        .select_related("case__person")
        .order_by("deadline", "pk")
    )


# --- planned end -----------------------------------------------------------------------------


def planned_end_for(judgment: Judgment, kind: str, start: date) -> date | None:
    """The planned end of a case from the sentencing engine (``key_dates_for``): the end of
    the execution period (community sentence, RK, fine service), of the probation period (ND),
    expected release (EK, § 16), or the end of the reporting period (parole, fsg § 3-42)."""
    from varde.execution.queries import execution_facts
    from varde.sentencing.queries import key_dates_for

    if kind == CaseKind.PAROLE:
        return rules.parole_reporting_end(start)
    if kind in PRISON_BASED:
        began, non_counting = execution_facts(judgment)
        dates = key_dates_for(judgment, start=began, non_counting_periods=non_counting)
    else:
        dates = key_dates_for(judgment, start=start)
    for field in (
        KeyDateField.EXECUTION_END,
        KeyDateField.PROBATION_END,
        KeyDateField.TWO_THIRDS,
        KeyDateField.END_OF_SENTENCE,
    ):
        found = dates.get(field)
        if found is not None and found.value is not None:
            return found.value
    return None
