"""Scoped reads for reintegration. Views and the API reach reports, assessments and plans
only through these functions: a record is visible when its person is
(``Person.objects.visible_to``); an out-of-scope record is a 404.

Also here: the office where a person lives, the office worklist of pre-sentence reports,
the execution starts still waiting for a needs assessment, the counts of offered / declined /
completed assessments per unit and year (the statistics reuse :func:`assessment_counts`),
and the plan's next review from the expected release date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import mean
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from varde.organisation.choices import PRISON_KINDS, Role, Scope, UnitKind
from varde.organisation.models import Unit, User
from varde.people.models import Person
from varde.people.queries import can_see_person_records
from varde.reintegration import rules
from varde.reintegration.choices import (
    OPEN_PSR_STATUSES,
    AssessmentStatus,
    PlanStatus,
    PsrStatus,
)
from varde.reintegration.models import (
    AssessmentScore,
    Disclosure,
    DisclosureConsent,
    FollowUpPlan,
    NavReleaseNotice,
    NeedsAssessment,
    PartnerAgency,
    PlanGoal,
    PlanStep,
    PreSentenceReport,
    Referral,
    ReleaseChecklist,
)

if TYPE_CHECKING:
    from varde.community.models import CommunityCase
    from varde.execution.models import Stay


# --- units -----------------------------------------------------------------------------------

WORKLIST_KINDS = PRISON_KINDS | {UnitKind.PROBATION_OFFICE}


def worklist_units_for(user: User) -> QuerySet[Unit]:
    """Prisons and probation offices whose reintegration worklist ``user`` may open."""
    units = Unit.objects.filter(kind__in=WORKLIST_KINDS, is_active=True).select_related("region")
    if not can_see_person_records(user):
        return units.none()
    if user.scope == Scope.NATIONAL:
        return units
    if user.scope == Scope.REGION and user.region_id:
        return units.filter(region_id=user.region_id)
    if user.scope == Scope.UNIT and user.unit_id:
        return units.filter(Q(pk=user.unit_id) | Q(parent_id=user.unit_id))
    return units.none()


def get_worklist_unit(user: User, unit_id: int) -> Unit:
    unit = worklist_units_for(user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def probation_offices() -> QuerySet[Unit]:
    return Unit.objects.filter(kind=UnitKind.PROBATION_OFFICE, is_active=True).select_related(
        "region"
    )


def home_office_for(person: Person) -> Unit | None:
    """The probation office where the person lives (``rules.home_office``), or None."""
    offices = list(probation_offices())
    refs = [rules.Office(o.pk, o.code, o.region.code, o.city) for o in offices]
    found = rules.home_office(person.postal_code, person.city, refs)
    return next((o for o in offices if found and o.pk == found.pk), None)


def request_offices_for(user: User, person: Person) -> QuerySet[Unit]:
    """Offices a request may be registered at: those in the user's scope, and the office
    where the person lives (so a request can be forwarded there); none for staff without a
    probation office in their scope."""
    from varde.organisation.queries import units_assignable_by

    mine = units_assignable_by(user).filter(kind=UnitKind.PROBATION_OFFICE)
    if not mine.exists():
        return probation_offices().none()
    home = home_office_for(person)
    return probation_offices().filter(Q(pk__in=mine.values("pk")) | Q(pk=home.pk if home else 0))


def officers_of(office: Unit) -> QuerySet[User]:
    """The office's probation officers, who may be given a report."""
    return User.objects.filter(role=Role.PROBATION_OFFICER, unit=office, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def person_executions(person: Person) -> list[tuple[str, str]]:
    """Open stays and community cases of the person as choices for an offer."""
    from varde.community.models import OPEN_CASE_STATUSES, CommunityCase
    from varde.execution.models import Stay

    found: list[tuple[str, str]] = []
    for stay in Stay.objects.filter(person=person, released_at__isnull=True).select_related("unit"):
        found.append((f"stay:{stay.pk}", f"{stay.get_kind_display()}, {stay.unit.name}"))
    cases = CommunityCase.objects.filter(person=person, status__in=OPEN_CASE_STATUSES)
    for case in cases.select_related("office"):
        found.append((f"case:{case.pk}", f"{case.get_kind_display()}, {case.office.name}"))
    return found


def resolve_execution(person: Person, value: str) -> tuple[Stay | None, CommunityCase | None]:
    """The stay or case named by a ``person_executions`` choice (404 if not the person's)."""
    from varde.community.models import CommunityCase
    from varde.execution.models import Stay

    kind, _sep, raw = value.partition(":")
    if not value:
        return None, None
    if not raw.isdigit() or kind not in ("stay", "case"):
        raise Http404
    if kind == "stay":
        return get_object_or_404(Stay, pk=int(raw), person=person), None
    return None, get_object_or_404(CommunityCase, pk=int(raw), person=person)


def staff_for(unit: Unit) -> QuerySet[User]:
    """Staff who may answer for a step: active staff of the plan's unit and its departments."""
    return User.objects.filter(Q(unit=unit) | Q(unit__parent=unit), is_active=True).order_by(
        "last_name", "first_name", "username"
    )


# --- pre-sentence reports --------------------------------------------------------------------


def reports_visible_to(user: User) -> QuerySet[PreSentenceReport]:
    return PreSentenceReport.objects.filter(person__in=Person.objects.visible_to(user))


def get_report_for_user(user: User, report_id: int) -> PreSentenceReport:
    report = (
        reports_visible_to(user)
        .select_related("person", "office", "officer")
        .prefetch_related("interviews")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise Http404
    return report


def person_reports(person: Person) -> list[PreSentenceReport]:
    """The person's reports, newest first (the person was reached through a scoped read)."""
    return list(PreSentenceReport.objects.filter(person=person).select_related("office", "officer"))


@dataclass(frozen=True)
class Freshness:
    report: PreSentenceReport
    state: str  # rules.CURRENT / SUPPLEMENT / NEW

    @property
    def label(self) -> str:
        return rules.freshness_label(self.state)


def latest_freshness(reports: list[PreSentenceReport], today: date) -> Freshness | None:
    """Whether the person's newest delivered report can still be used (PU-reglene § 4)."""
    sent = [r for r in reports if r.status == PsrStatus.SENT and r.sent_at]
    if not sent:
        return None
    newest = max(sent, key=lambda r: r.sent_at or timezone.now())
    delivered = newest.delivered_on
    assert delivered is not None
    return Freshness(newest, rules.psr_freshness(delivered, today, minor=newest.minor))


@dataclass
class ReportRow:
    report: PreSentenceReport
    days_left: int | None
    overdue: bool
    priority: bool  # a minor whose deadline is near or passed

    @property
    def days_over(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def report_row(report: PreSentenceReport, today: date) -> ReportRow:
    deadline = report.deadline
    days_left = (deadline - today).days if deadline else None
    key = rules.worklist_key(deadline, report.minor, today)
    return ReportRow(report, days_left, rules.is_overdue(deadline, today), key[0] == 0)


def office_worklist(office: Unit, user: User, today: date) -> list[ReportRow]:
    """Open reports of the office that the user may see, in worklist order (minors due
    first, then by deadline)."""
    reports = (
        reports_visible_to(user)
        .filter(office=office, status__in=OPEN_PSR_STATUSES)
        .select_related("person", "officer")
    )
    ordered = sorted(reports, key=lambda r: (*rules.worklist_key(r.deadline, r.minor, today), r.pk))
    return [report_row(r, today) for r in ordered]


@dataclass(frozen=True)
class ProcessingTime:
    delivered: int
    mean_days: float | None
    minors: int
    minors_mean_days: float | None
    minors_within_target: int


def processing_times(office: Unit, year: int) -> ProcessingTime:
    """Reports the office delivered in ``year``: how many, and the mean days from request
    to delivery, for all and for minors (with how many minors met the target)."""
    rows = PreSentenceReport.objects.filter(
        office=office, status=PsrStatus.SENT, sent_at__year=year
    ).values_list("received_on", "sent_at", "minor")
    target = settings.VARDE_PSR_MINOR_TARGET_DAYS
    days = [(rules.processing_days(r, timezone.localtime(s).date()), m) for r, s, m in rows]
    minors = [d for d, minor in days if minor]
    return ProcessingTime(
        len(days),
        round(mean(d for d, _m in days), 1) if days else None,
        len(minors),
        round(mean(minors), 1) if minors else None,
        sum(1 for d in minors if d <= target),
    )


# --- needs assessments -----------------------------------------------------------------------


def assessments_visible_to(user: User) -> QuerySet[NeedsAssessment]:
    return NeedsAssessment.objects.filter(person__in=Person.objects.visible_to(user))


def get_assessment_for_user(user: User, assessment_id: int) -> NeedsAssessment:
    found = (
        assessments_visible_to(user)
        .select_related("person", "unit")
        .prefetch_related("scores")
        .filter(pk=assessment_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def person_assessments(person: Person) -> list[NeedsAssessment]:
    return list(NeedsAssessment.objects.filter(person=person).select_related("unit"))


def scores_by_area(assessment: NeedsAssessment) -> dict[str, AssessmentScore]:
    return {s.area_code: s for s in assessment.scores.all()}


@dataclass(frozen=True)
class AssessmentTask:
    """An execution that started without a needs assessment being offered."""

    person: Person
    started_on: date
    label: str
    stay: Stay | None = None
    community_case: CommunityCase | None = None


def assessment_tasks(unit: Unit, user: User) -> list[AssessmentTask]:
    """Sentence stays at the unit (and its departments) and community cases at the office
    that have no assessment yet, oldest start first (two queries)."""
    from varde.community.models import OPEN_CASE_STATUSES, CommunityCase
    from varde.execution.choices import StayKind
    from varde.execution.models import Stay

    visible = Person.objects.visible_to(user)
    units = Q(unit=unit) | Q(unit__parent=unit)
    stays = (
        Stay.objects.filter(units, released_at__isnull=True, kind=StayKind.SENTENCE)
        .filter(person__in=visible)
        .exclude(Exists(NeedsAssessment.objects.filter(stay=OuterRef("pk"))))
        .select_related("person")
    )
    cases = (
        CommunityCase.objects.filter(office=unit, status__in=OPEN_CASE_STATUSES)
        .filter(person__in=visible)
        .exclude(Exists(NeedsAssessment.objects.filter(community_case=OuterRef("pk"))))
        .exclude(Exists(NeedsAssessment.objects.filter(stay=OuterRef("stay_id"))))
        .select_related("person")
    )
    tasks = [
        AssessmentTask(
            s.person, timezone.localtime(s.admitted_at).date(), s.get_kind_display(), stay=s
        )
        for s in stays
    ]
    tasks += [
        AssessmentTask(c.person, c.start, c.get_kind_display(), community_case=c) for c in cases
    ]
    return sorted(tasks, key=lambda t: (t.started_on, t.person.last_name, t.person.pk))


@dataclass(frozen=True)
class AssessmentCounts:
    unit_id: int
    unit_name: str
    offered: int
    declined: int
    completed: int


def assessment_counts(year: int, units: QuerySet[Unit] | None = None) -> list[AssessmentCounts]:
    """Needs assessments offered in ``year`` per unit, and of those how many were declined
    and how many completed (one cohort: all three counted by the year of the offer). One
    aggregate query; the statistics issue reuses it."""
    found = NeedsAssessment.objects.filter(offered_on__year=year)
    if units is not None:
        found = found.filter(unit__in=units)
    rows = (
        found.values("unit_id", "unit__name")
        .annotate(
            offered=Count("pk"),
            declined=Count("pk", filter=Q(status=AssessmentStatus.DECLINED)),
            completed=Count("pk", filter=Q(status=AssessmentStatus.COMPLETED)),
        )
        .order_by("unit__name", "unit_id")
    )
    return [
        AssessmentCounts(r["unit_id"], r["unit__name"], r["offered"], r["declined"], r["completed"])
        for r in rows
    ]


# --- follow-up plans -------------------------------------------------------------------------


def plans_visible_to(user: User) -> QuerySet[FollowUpPlan]:
    return FollowUpPlan.objects.filter(person__in=Person.objects.visible_to(user))


def with_goals(plans: QuerySet[FollowUpPlan]) -> QuerySet[FollowUpPlan]:
    steps = PlanStep.objects.select_related("responsible_staff").order_by("due_on", "id")
    goals = PlanGoal.objects.prefetch_related(Prefetch("steps", queryset=steps))
    return plans.select_related("person", "unit", "assessment").prefetch_related(
        Prefetch("goals", queryset=goals), "reviews"
    )


def get_plan_for_user(user: User, plan_id: int) -> FollowUpPlan:
    plan = with_goals(plans_visible_to(user)).filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    return plan


def active_plan(person: Person) -> FollowUpPlan | None:
    return with_goals(FollowUpPlan.objects.filter(person=person, status=PlanStatus.ACTIVE)).first()


def expected_release_on(person: Person) -> date | None:
    """The expected release from the current sentence stay, from the sentencing engine's key
    dates (``key_dates_for``, as execution reads them): the 2/3 date when ordinary parole
    applies, else the end of the sentence; for preventive detention the minimum time, else
    the time frame. None when the person is not serving a sentence in prison."""
    from varde.execution.choices import StayKind
    from varde.execution.queries import current_stay, execution_facts
    from varde.sentencing.choices import KeyDateField
    from varde.sentencing.queries import key_dates_for

    stay = current_stay(person)
    if stay is None or stay.kind != StayKind.SENTENCE or stay.judgment is None:
        return None
    start, periods = execution_facts(stay.judgment)
    start = start or timezone.localtime(stay.admitted_at).date()
    dates = key_dates_for(stay.judgment, start=start, non_counting_periods=periods)
    order = [KeyDateField.END_OF_SENTENCE, KeyDateField.MINIMUM_TIME, KeyDateField.TIME_FRAME]
    if dates.parole_ordinary:
        order.insert(0, KeyDateField.TWO_THIRDS)
    for name in order:
        found = dates.get(name)
        if found is not None and found.value is not None:
            return found.value
    return None


def plan_next_review(plan: FollowUpPlan, release_on: date | None) -> rules.Review:
    return rules.next_review(
        plan.started_on,
        plan.last_reviewed_on,
        interval_days=settings.VARDE_PLAN_REVIEW_DAYS,
        release_on=release_on,
        before_release_days=settings.VARDE_PLAN_RELEASE_REVIEW_DAYS,
    )


@dataclass(frozen=True)
class ReviewRow:
    plan: FollowUpPlan
    review: rules.Review
    overdue: bool


def plans_due_for_review(
    unit: Unit, user: User, today: date, horizon_days: int = 14
) -> list[ReviewRow]:
    """Active plans of the unit whose next review is within ``horizon_days`` or passed."""
    plans = (
        plans_visible_to(user)
        .filter(Q(unit=unit) | Q(unit__parent=unit), status=PlanStatus.ACTIVE)
        .select_related("person")
    )
    rows = []
    for plan in plans:
        review = plan_next_review(plan, expected_release_on(plan.person))
        if review.on <= today + timedelta(days=horizon_days):
            rows.append(ReviewRow(plan, review, review.on < today))
    return sorted(rows, key=lambda r: (r.review.on, r.plan.pk))


# --- partner agencies, consents, disclosures -------------------------------------------------


def agencies() -> QuerySet[PartnerAgency]:
    """The agency register (no personal data about convicted persons: open to all staff)."""
    return PartnerAgency.objects.filter(is_active=True)


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    return Referral.objects.filter(person__in=Person.objects.visible_to(user)).select_related(
        "person", "agency", "unit"
    )


def consents_visible_to(user: User) -> QuerySet[DisclosureConsent]:
    return DisclosureConsent.objects.filter(
        person__in=Person.objects.visible_to(user)
    ).select_related("person", "agency")


def disclosures_visible_to(user: User) -> QuerySet[Disclosure]:
    return Disclosure.objects.filter(person__in=Person.objects.visible_to(user)).select_related(
        "person", "agency"
    )


def checklists_visible_to(user: User) -> QuerySet[ReleaseChecklist]:
    return (
        ReleaseChecklist.objects.filter(person__in=Person.objects.visible_to(user))
        .select_related("person", "unit", "stay")
        .prefetch_related("items")
    )


def nav_notices_visible_to(user: User) -> QuerySet[NavReleaseNotice]:
    return NavReleaseNotice.objects.filter(
        person__in=Person.objects.visible_to(user)
    ).select_related("person", "unit", "agency")


def consent_is_current(consent: DisclosureConsent, at: datetime) -> bool:
    return rules.consent_in_force(
        given_on=consent.given_on,
        valid_until=consent.valid_until,
        withdrawn_at=consent.withdrawn_at,
        at=at,
    )


# --- release planning ------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistState:
    """What is left on a release checklist, and the § 41 coordination flag."""

    open_items: list[str]
    coordination_duty: bool
    coordination: str | None  # the problem, None when settled or not required

    @property
    def complete(self) -> bool:
        return not self.open_items and self.coordination is None


def checklist_state(checklist: ReleaseChecklist, today: date) -> ChecklistState:
    duty = rules.coordination_duty_applies(checklist.person.birth_date, today)
    items = [(str(i.get_code_display()), i.status) for i in checklist.items.all()]
    return ChecklistState(
        rules.open_items(items),
        duty,
        rules.coordination_problem(
            duty=duty, consent=checklist.coordination_consent, coordinator=checklist.coordinator
        ),
    )


@dataclass(frozen=True)
class ReleaseRow:
    person: Person
    stay: Stay
    release_on: date
    checklist: ReleaseChecklist | None
    state: ChecklistState | None
    under_25: bool


def release_worklist(unit: Unit, user: User, today: date) -> list[ReleaseRow]:
    """Every open sentence stay at the unit (and its departments) whose expected release
    (``expected_release_on``, from the sentencing engine's key dates) falls in the next 90
    days, sorted by release date, with the state of its checklist (none yet, or what is
    left). Complete checklists are kept on the list, marked as such."""
    from varde.execution.choices import StayKind
    from varde.execution.models import Stay

    stays = (
        Stay.objects.filter(
            Q(unit=unit) | Q(unit__parent=unit), released_at__isnull=True, kind=StayKind.SENTENCE
        )
        .filter(person__in=Person.objects.visible_to(user))
        .select_related("person")
    )
    checklists = {
        c.stay_id: c
        for c in ReleaseChecklist.objects.filter(stay__in=stays)
        .select_related("person")
        .prefetch_related("items")
    }
    rows = []
    for stay in stays:
        release_on = expected_release_on(stay.person)
        if not rules.releases_within(release_on, today):
            continue
        assert release_on is not None
        checklist = checklists.get(stay.pk)
        rows.append(
            ReleaseRow(
                stay.person,
                stay,
                release_on,
                checklist,
                checklist_state(checklist, today) if checklist else None,
                rules.coordination_duty_applies(stay.person.birth_date, today),
            )
        )
    return sorted(rows, key=lambda r: (r.release_on, r.person.last_name, r.person.pk))
