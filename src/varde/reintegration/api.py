"""Reintegration over REST: pre-sentence reports, needs assessments and follow-up plans,
scoped through the persons the caller may see (others: 404); every POST calls the same
action as the screens (``varde.reintegration.actions``); reading one logs the access."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from varde.audit.actions import record_access
from varde.organisation.models import Unit, User
from varde.people.api import PersonPermission
from varde.people.models import Person
from varde.reintegration import actions, rules
from varde.reintegration.choices import (
    ChecklistItemCode,
    CoordinationConsent,
    DataCategory,
    GoalStatus,
    InterviewKind,
    ItemStatus,
    PsrKind,
    PsrStatus,
    ReferralStatus,
    RequesterKind,
    ResponsibleKind,
    StepStatus,
    Suitability,
)
from varde.reintegration.documents import plan_context, plan_pdf
from varde.reintegration.models import (
    AssessmentScore,
    ChecklistItem,
    Disclosure,
    DisclosureConsent,
    FollowUpPlan,
    NavReleaseNotice,
    NeedsAssessment,
    PartnerAgency,
    PlanGoal,
    PlanReview,
    PlanStep,
    PreSentenceReport,
    PsrInterview,
    Referral,
    ReleaseChecklist,
)
from varde.reintegration.queries import (
    agencies,
    assessments_visible_to,
    checklist_state,
    checklists_visible_to,
    consent_is_current,
    consents_visible_to,
    disclosures_visible_to,
    expected_release_on,
    nav_notices_visible_to,
    plan_next_review,
    plans_visible_to,
    referrals_visible_to,
    reports_visible_to,
    resolve_execution,
    staff_for,
    with_goals,
)


@extend_schema_field(OpenApiTypes.INT)
class _VisiblePersonField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("Fant ikke personen. Oppgi ID-en til en person du har tilgang til."),
        "incorrect_type": _("Oppgi personens ID som et tall."),
    }

    def get_queryset(self) -> QuerySet[Person]:
        return Person.objects.visible_to(self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class _OfficeField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": _("Fant ikke kontoret.")}

    def get_queryset(self) -> QuerySet[Unit]:
        return Unit.objects.filter(is_active=True)


@extend_schema_field(OpenApiTypes.INT)
class _StaffField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": _("Fant ikke den ansatte.")}

    def get_queryset(self) -> QuerySet[User]:
        return User.objects.filter(is_active=True)


def _input(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class _Scoped(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, PersonPermission]

    @property
    def staff(self) -> User:
        return cast(User, self.request.user)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        found = self.get_object()
        record_access(actor=self.staff, person=found.person, channel="api", path=request.path)
        return Response(self.get_serializer(found).data)


# --- pre-sentence reports ------------------------------------------------------------------


class PsrInterviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = PsrInterview
        fields = ["id", "day", "kind", "note", "registered_by_name"]


class PreSentenceReportSerializer(serializers.ModelSerializer):
    interviews = PsrInterviewSerializer(many=True, read_only=True)
    overdue = serializers.SerializerMethodField()
    processing_days = serializers.SerializerMethodField()
    sha256 = serializers.SerializerMethodField()

    class Meta:
        model = PreSentenceReport
        fields = [
            "id",
            "person",
            "office",
            "kind",
            "status",
            "requester_kind",
            "requester",
            "reference",
            "charge",
            "offence_on",
            "received_on",
            "requested_by",
            "court_date",
            "deadline",
            "minor",
            "overdue",
            "processing_days",
            "officer",
            "assigned_on",
            "personal_situation",
            "housing",
            "work_education",
            "health",
            "substance_use",
            "network",
            "suitability_community_sentence",
            "suitability_ek",
            "suitability_programmes",
            "assessment",
            "conclusion",
            "sent_at",
            "sent_to",
            "sent_by_name",
            "sha256",
            "interviews",
        ]

    def get_overdue(self, report: PreSentenceReport) -> bool:
        return report.is_open and rules.is_overdue(report.deadline, timezone.localdate())

    def get_processing_days(self, report: PreSentenceReport) -> int:
        """Days from receipt to delivery (to today while open)."""
        return rules.processing_days(
            report.received_on, report.delivered_on or timezone.localdate()
        )

    def get_sha256(self, report: PreSentenceReport) -> str | None:
        """SHA-256 of the PDF as sent (null until sent)."""
        document = getattr(report, "document", None)
        return document.sha256 if document is not None else None


class PsrRequestInput(serializers.Serializer):
    person = _VisiblePersonField()
    office = _OfficeField()
    requester_kind = serializers.ChoiceField(choices=RequesterKind.choices)
    requester = serializers.CharField(max_length=150)
    reference = serializers.CharField(max_length=60)
    received_on = serializers.DateField()
    requested_by = serializers.DateField(required=False, allow_null=True, default=None)
    court_date = serializers.DateField(required=False, allow_null=True, default=None)
    offence_on = serializers.DateField(required=False, allow_null=True, default=None)
    charge = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    kind = serializers.ChoiceField(
        choices=PsrKind.choices, required=False, allow_blank=True, default=""
    )


class PsrAssignInput(serializers.Serializer):
    officer = _StaffField()


class PsrInterviewInput(serializers.Serializer):
    day = serializers.DateField()
    kind = serializers.ChoiceField(choices=InterviewKind.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PsrTextInput(serializers.Serializer):
    personal_situation = serializers.CharField(required=False, allow_blank=True)
    housing = serializers.CharField(required=False, allow_blank=True)
    work_education = serializers.CharField(required=False, allow_blank=True)
    health = serializers.CharField(required=False, allow_blank=True)
    substance_use = serializers.CharField(required=False, allow_blank=True)
    network = serializers.CharField(required=False, allow_blank=True)
    suitability_community_sentence = serializers.ChoiceField(
        choices=Suitability.choices, required=False
    )
    suitability_ek = serializers.ChoiceField(choices=Suitability.choices, required=False)
    suitability_programmes = serializers.ChoiceField(choices=Suitability.choices, required=False)
    assessment = serializers.CharField(required=False, allow_blank=True)
    conclusion = serializers.CharField(required=False, allow_blank=True)


class PsrSendInput(serializers.Serializer):
    recipient = serializers.CharField(max_length=200)


class ReintegrationNoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=300)


class PreSentenceReportViewSet(_Scoped):
    """Pre-sentence reports (personundersøkelser) of the persons you may see. Writes need a
    role that edits case data and the report's office in your scope."""

    serializer_class = PreSentenceReportSerializer

    def get_queryset(self) -> QuerySet[PreSentenceReport]:
        reports = reports_visible_to(self.staff).select_related("document")
        office = self.request.query_params.get("office")
        if office and office.isdigit():
            reports = reports.filter(office_id=int(office))
        return reports.prefetch_related("interviews").order_by("-received_on", "-id")

    def _done(self, report: PreSentenceReport, code: int = status.HTTP_200_OK) -> Response:
        return Response(
            self.get_serializer(self.get_queryset().get(pk=report.pk)).data, status=code
        )

    @extend_schema(request=PsrRequestInput, responses={201: PreSentenceReportSerializer})
    def create(self, request: Request) -> Response:
        """Register a request for a report (from the prosecutor or the court)."""
        data = _input(PsrRequestInput, request)
        person = data.pop("person")
        report = actions.do_register_psr_request(person, actor=self.staff, **data)
        return self._done(report, status.HTTP_201_CREATED)

    @extend_schema(request=PsrAssignInput, responses={200: PreSentenceReportSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        """Give the report to one of the office's probation officers."""
        report = self.get_object()
        actions.do_assign_psr(report, _input(PsrAssignInput, request)["officer"], actor=self.staff)
        return self._done(report)

    @extend_schema(request=PsrInterviewInput, responses={201: PreSentenceReportSerializer})
    @action(detail=True, methods=["post"])
    def interviews(self, request: Request, pk: str | None = None) -> Response:
        """Register a conversation held for the report."""
        report = self.get_object()
        actions.do_add_psr_interview(report, actor=self.staff, **_input(PsrInterviewInput, request))
        return self._done(report, status.HTTP_201_CREATED)

    @extend_schema(request=PsrTextInput, responses={200: PreSentenceReportSerializer})
    @action(detail=True, methods=["post"])
    def text(self, request: Request, pk: str | None = None) -> Response:
        """Save sections, suitability and conclusion (only the fields given)."""
        report = self.get_object()
        actions.do_write_psr(report, actor=self.staff, **_input(PsrTextInput, request))
        return self._done(report)

    @extend_schema(request=PsrSendInput, responses={200: PreSentenceReportSerializer})
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str | None = None) -> Response:
        """Send the report: the PDF is produced and kept exactly as sent."""
        report = self.get_object()
        actions.do_send_psr(report, actor=self.staff, **_input(PsrSendInput, request))
        return self._done(report)

    @extend_schema(request=ReintegrationNoteInput, responses={200: PreSentenceReportSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """The requester withdrew the request."""
        report = self.get_object()
        actions.do_withdraw_psr(report, actor=self.staff, **_input(ReintegrationNoteInput, request))
        return self._done(report)

    @extend_schema(
        request=None,
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The PDF exactly as sent (404 until the report is sent)."""
        report = self.get_object()
        document = getattr(report, "document", None)
        if report.status != PsrStatus.SENT or document is None:
            raise Http404
        record_access(actor=self.staff, person=report.person, channel="api", path=request.path)
        return HttpResponse(bytes(document.pdf), content_type="application/pdf")


# --- needs assessments ---------------------------------------------------------------------


class AssessmentScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentScore
        fields = ["area_code", "area_label", "need", "resource", "note"]


class NeedsAssessmentSerializer(serializers.ModelSerializer):
    scores = AssessmentScoreSerializer(many=True, read_only=True)

    class Meta:
        model = NeedsAssessment
        fields = [
            "id",
            "person",
            "unit",
            "stay",
            "community_case",
            "config_version",
            "status",
            "offered_on",
            "offered_by_name",
            "consent_on",
            "consent_note",
            "summary",
            "completed_on",
            "scores",
        ]


class AssessmentOfferInput(serializers.Serializer):
    person = _VisiblePersonField()
    stay = serializers.IntegerField(required=False, allow_null=True, default=None)
    community_case = serializers.IntegerField(required=False, allow_null=True, default=None)
    unit = _OfficeField(required=False, allow_null=True, default=None)
    offered_on = serializers.DateField(required=False, allow_null=True, default=None)


class AssessmentConsentInput(serializers.Serializer):
    consented = serializers.BooleanField()
    written = serializers.BooleanField(default=False)
    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class AssessmentScoreInput(serializers.Serializer):
    area_code = serializers.CharField(max_length=40)
    need = serializers.IntegerField(required=False, allow_null=True, default=None)
    resource = serializers.IntegerField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AssessmentScoresInput(serializers.Serializer):
    scores = AssessmentScoreInput(many=True)


class AssessmentSummaryInput(serializers.Serializer):
    summary = serializers.CharField()


class NeedsAssessmentViewSet(_Scoped):
    """Needs and resources assessments (kartlegging) of the persons you may see."""

    serializer_class = NeedsAssessmentSerializer

    def get_queryset(self) -> QuerySet[NeedsAssessment]:
        return (
            assessments_visible_to(self.staff)
            .prefetch_related("scores")
            .order_by("-offered_on", "-id")
        )

    def _done(self, found: NeedsAssessment, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=found.pk)).data, status=code)

    @extend_schema(request=AssessmentOfferInput, responses={201: NeedsAssessmentSerializer})
    def create(self, request: Request) -> Response:
        """Offer the assessment (for a stay or a community case of the person)."""
        data = _input(AssessmentOfferInput, request)
        person = data["person"]
        stay_id, case_id = data["stay"], data["community_case"]
        link = f"stay:{stay_id}" if stay_id else f"case:{case_id}" if case_id else ""
        stay, case = resolve_execution(person, link)
        found = actions.do_offer_assessment(
            person,
            stay=stay,
            community_case=case,
            unit=data["unit"],
            offered_on=data["offered_on"],
            actor=self.staff,
        )
        return self._done(found, status.HTTP_201_CREATED)

    @extend_schema(request=AssessmentConsentInput, responses={200: NeedsAssessmentSerializer})
    @action(detail=True, methods=["post"])
    def consent(self, request: Request, pk: str | None = None) -> Response:
        """Written consent (``written`` must be true) or a refusal, with its date."""
        found = self.get_object()
        actions.do_record_consent(
            found, actor=self.staff, **_input(AssessmentConsentInput, request)
        )
        return self._done(found)

    @extend_schema(request=AssessmentScoresInput, responses={200: NeedsAssessmentSerializer})
    @action(detail=True, methods=["post"])
    def scores(self, request: Request, pk: str | None = None) -> Response:
        """Need and resource per area (on the scales of the assessment's version)."""
        found = self.get_object()
        rows = _input(AssessmentScoresInput, request)["scores"]
        scores = {row.pop("area_code"): row for row in map(dict, rows)}
        actions.do_score_assessment(found, scores=scores, actor=self.staff)
        return self._done(found)

    @extend_schema(request=AssessmentSummaryInput, responses={200: NeedsAssessmentSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        """Complete with a plain-language summary for the person."""
        found = self.get_object()
        actions.do_complete_assessment(
            found, actor=self.staff, **_input(AssessmentSummaryInput, request)
        )
        return self._done(found)


# --- follow-up plans ----------------------------------------------------------------------


class PlanStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanStep
        fields = [
            "id",
            "description",
            "responsible_kind",
            "responsible_staff",
            "responsible_name",
            "due_on",
            "status",
            "completed_on",
        ]


class PlanGoalSerializer(serializers.ModelSerializer):
    steps = PlanStepSerializer(many=True, read_only=True)

    class Meta:
        model = PlanGoal
        fields = ["id", "area_code", "area_label", "goal", "status", "steps"]


class PlanReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanReview
        fields = ["id", "reviewed_on", "kind", "note", "reviewed_by_name"]


class FollowUpPlanSerializer(serializers.ModelSerializer):
    goals = PlanGoalSerializer(many=True, read_only=True)
    reviews = PlanReviewSerializer(many=True, read_only=True)
    next_review_on = serializers.SerializerMethodField()

    class Meta:
        model = FollowUpPlan
        fields = [
            "id",
            "person",
            "unit",
            "assessment",
            "status",
            "started_on",
            "last_reviewed_on",
            "next_review_on",
            "closed_on",
            "created_by_name",
            "goals",
            "reviews",
        ]

    def get_next_review_on(self, plan: FollowUpPlan) -> date | None:
        """The next review (the regular interval, or before the expected release)."""
        if plan.status != "active":
            return None
        return plan_next_review(plan, expected_release_on(plan.person)).on


class PlanCreateInput(serializers.Serializer):
    person = _VisiblePersonField()
    assessment = serializers.IntegerField(required=False, allow_null=True, default=None)


class PlanGoalInput(serializers.Serializer):
    area_code = serializers.CharField(max_length=40)
    goal = serializers.CharField(max_length=300)


class PlanStepInput(serializers.Serializer):
    goal = serializers.IntegerField()
    description = serializers.CharField(max_length=300)
    responsible_kind = serializers.ChoiceField(choices=ResponsibleKind.choices)
    responsible_staff = serializers.IntegerField(required=False, allow_null=True, default=None)
    agency = serializers.CharField(required=False, allow_blank=True, default="", max_length=150)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class PlanStepStatusInput(serializers.Serializer):
    step = serializers.IntegerField()
    status = serializers.ChoiceField(choices=StepStatus.choices)


class PlanGoalStatusInput(serializers.Serializer):
    goal = serializers.IntegerField()
    status = serializers.ChoiceField(choices=GoalStatus.choices)


class PlanReviewInput(serializers.Serializer):
    note = serializers.CharField()
    reviewed_on = serializers.DateField(required=False, allow_null=True, default=None)


class FollowUpPlanViewSet(_Scoped):
    """Personal follow-up plans (personlige oppfølgingsplaner) of the persons you may see."""

    serializer_class = FollowUpPlanSerializer

    def get_queryset(self) -> QuerySet[FollowUpPlan]:
        return with_goals(plans_visible_to(self.staff)).order_by("-started_on", "-id")

    def _done(self, plan: FollowUpPlan, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=plan.pk)).data, status=code)

    @extend_schema(request=PlanCreateInput, responses={201: FollowUpPlanSerializer})
    def create(self, request: Request) -> Response:
        """Start the person's plan (built on a completed assessment when given)."""
        data = _input(PlanCreateInput, request)
        person = data["person"]
        assessment = None
        if data["assessment"]:
            assessment = get_object_or_404(
                assessments_visible_to(self.staff), pk=data["assessment"], person=person
            )
        plan = actions.do_create_plan(person, assessment=assessment, actor=self.staff)
        return self._done(plan, status.HTTP_201_CREATED)

    @extend_schema(request=PlanGoalInput, responses={201: FollowUpPlanSerializer})
    @action(detail=True, methods=["post"])
    def goals(self, request: Request, pk: str | None = None) -> Response:
        """Add a goal in one of the areas."""
        plan = self.get_object()
        actions.do_add_goal(plan, actor=self.staff, **_input(PlanGoalInput, request))
        return self._done(plan, status.HTTP_201_CREATED)

    @extend_schema(request=PlanStepInput, responses={201: FollowUpPlanSerializer})
    @action(detail=True, methods=["post"])
    def steps(self, request: Request, pk: str | None = None) -> Response:
        """Add a step to a goal: the responsible is a member of staff (``responsible_staff``),
        the person, or an agency by name (``agency``)."""
        plan = self.get_object()
        data = _input(PlanStepInput, request)
        goal = get_object_or_404(PlanGoal, pk=data.pop("goal"), plan=plan)
        staff_id = data.pop("responsible_staff")
        staff = get_object_or_404(staff_for(plan.unit), pk=staff_id) if staff_id else None
        actions.do_add_step(goal, responsible_staff=staff, actor=self.staff, **data)
        return self._done(plan, status.HTTP_201_CREATED)

    @extend_schema(request=PlanStepStatusInput, responses={200: FollowUpPlanSerializer})
    @action(detail=True, methods=["post"], url_path="step-status")
    def step_status(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        data = _input(PlanStepStatusInput, request)
        step = get_object_or_404(PlanStep, pk=data["step"], goal__plan=plan)
        actions.do_set_step_status(step, status=data["status"], actor=self.staff)
        return self._done(plan)

    @extend_schema(request=PlanGoalStatusInput, responses={200: FollowUpPlanSerializer})
    @action(detail=True, methods=["post"], url_path="goal-status")
    def goal_status(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        data = _input(PlanGoalStatusInput, request)
        goal = get_object_or_404(PlanGoal, pk=data["goal"], plan=plan)
        actions.do_set_goal_status(goal, status=data["status"], actor=self.staff)
        return self._done(plan)

    @extend_schema(request=PlanReviewInput, responses={201: FollowUpPlanSerializer})
    @action(detail=True, methods=["post"])
    def reviews(self, request: Request, pk: str | None = None) -> Response:
        """Register a review (counts as the review before release inside its window)."""
        plan = self.get_object()
        data = _input(PlanReviewInput, request)
        actions.do_review_plan(
            plan,
            note=data["note"],
            reviewed_on=data["reviewed_on"],
            release_on=expected_release_on(plan.person),
            actor=self.staff,
        )
        return self._done(plan, status.HTTP_201_CREATED)

    @extend_schema(request=ReintegrationNoteInput, responses={200: FollowUpPlanSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        actions.do_close_plan(plan, actor=self.staff, **_input(ReintegrationNoteInput, request))
        return self._done(plan)

    @extend_schema(
        request=None,
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The plan printed for the person."""
        plan = self.get_object()
        record_access(actor=self.staff, person=plan.person, channel="api", path=request.path)
        release = expected_release_on(plan.person)
        review = plan_next_review(plan, release) if plan.status == "active" else None
        context = plan_context(
            plan, today=timezone.localdate(), next_review=review, release_on=release
        )
        return HttpResponse(plan_pdf(context), content_type="application/pdf")


# --- partner agencies, referrals, consents, disclosures ----------------------------------------


class PartnerAgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = PartnerAgency
        fields = ["id", "kind", "name", "municipality", "contact", "is_active"]
        read_only_fields = ["id", "is_active"]


class PartnerAgencyViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The register of partner agencies (NAV, health, school, housing, child welfare,
    voluntary organisations). Holds no personal data about convicted persons."""

    permission_classes = [permissions.IsAuthenticated, PersonPermission]
    serializer_class = PartnerAgencySerializer

    def get_queryset(self) -> QuerySet[PartnerAgency]:
        return agencies()

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Register an agency."""
        data = _input(PartnerAgencySerializer, request)
        agency = actions.do_register_agency(actor=cast(User, request.user), **data)
        return Response(self.get_serializer(agency).data, status=status.HTTP_201_CREATED)


@extend_schema_field(OpenApiTypes.INT)
class _AgencyField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": _("Fant ikke samarbeidspartneren.")}

    def get_queryset(self) -> QuerySet[PartnerAgency]:
        return agencies()


class ReferralSerializer(serializers.ModelSerializer):
    class Meta:
        model = Referral
        fields = [
            "id",
            "person",
            "unit",
            "agency",
            "request",
            "sent_on",
            "status",
            "response",
            "response_on",
            "created_by_name",
        ]
        read_only_fields = fields


class ReferralInput(serializers.Serializer):
    person = _VisiblePersonField()
    agency = _AgencyField()
    request = serializers.CharField(max_length=300)
    sent_on = serializers.DateField()


class ReferralResponseInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    response = serializers.CharField(required=False, allow_blank=True, default="")
    response_on = serializers.DateField(required=False, allow_null=True, default=None)


class ReferralViewSet(_Scoped):
    """Referrals and agreements with partner agencies, for the persons you may see."""

    serializer_class = ReferralSerializer

    def get_queryset(self) -> QuerySet[Referral]:
        return referrals_visible_to(self.staff).order_by("-sent_on", "-id")

    @extend_schema(request=ReferralInput, responses={201: ReferralSerializer})
    def create(self, request: Request) -> Response:
        """Register a referral: what is asked, of which agency, on which day."""
        data = _input(ReferralInput, request)
        person = data.pop("person")
        referral = actions.do_register_referral(person, actor=self.staff, **data)
        return Response(self.get_serializer(referral).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReferralResponseInput, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str | None = None) -> Response:
        """The agency's answer."""
        referral = actions.do_record_referral_response(
            self.get_object(), actor=self.staff, **_input(ReferralResponseInput, request)
        )
        return Response(self.get_serializer(referral).data)


class DisclosureConsentSerializer(serializers.ModelSerializer):
    in_force = serializers.SerializerMethodField()

    class Meta:
        model = DisclosureConsent
        fields = [
            "id",
            "person",
            "agency",
            "categories",
            "given_on",
            "valid_until",
            "withdrawn_at",
            "note",
            "in_force",
            "registered_by_name",
        ]
        read_only_fields = fields

    def get_in_force(self, consent: DisclosureConsent) -> bool:
        return consent_is_current(consent, timezone.now())


class DisclosureConsentInput(serializers.Serializer):
    person = _VisiblePersonField()
    agency = _AgencyField()
    categories = serializers.ListField(child=serializers.ChoiceField(choices=DataCategory.choices))
    given_on = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DisclosureConsentViewSet(_Scoped):
    """The persons' consents to share data with an agency (what, to whom, until when)."""

    serializer_class = DisclosureConsentSerializer

    def get_queryset(self) -> QuerySet[DisclosureConsent]:
        return consents_visible_to(self.staff).order_by("-given_on", "-id")

    @extend_schema(request=DisclosureConsentInput, responses={201: DisclosureConsentSerializer})
    def create(self, request: Request) -> Response:
        """Register a consent."""
        data = _input(DisclosureConsentInput, request)
        person = data.pop("person")
        consent = actions.do_register_consent(person, actor=self.staff, **data)
        return Response(self.get_serializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: DisclosureConsentSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """Withdraw the consent: nothing is shared under it from now on."""
        consent = actions.do_withdraw_consent(self.get_object(), actor=self.staff)
        return Response(self.get_serializer(consent).data)


class DisclosureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Disclosure
        fields = [
            "id",
            "person",
            "agency",
            "categories",
            "outcome",
            "consent",
            "purpose",
            "reason",
            "at",
            "by_name",
        ]
        read_only_fields = fields


class DisclosureInput(serializers.Serializer):
    person = _VisiblePersonField()
    agency = _AgencyField()
    categories = serializers.ListField(child=serializers.ChoiceField(choices=DataCategory.choices))
    purpose = serializers.CharField(required=False, allow_blank=True, default="")


class DisclosureViewSet(_Scoped):
    """What was shared with which agency, when and by whom, and the attempts refused for
    want of consent."""

    serializer_class = DisclosureSerializer

    def get_queryset(self) -> QuerySet[Disclosure]:
        return disclosures_visible_to(self.staff).order_by("-at", "-id")

    @extend_schema(
        request=DisclosureInput,
        responses={
            201: DisclosureSerializer,
            400: OpenApiResponse(
                description="Refused: no consent in force (the attempt is logged)"
            ),
        },
    )
    def create(self, request: Request) -> Response:
        """Share data with an agency; refused (and logged) without consent in force."""
        data = _input(DisclosureInput, request)
        person = data.pop("person")
        disclosure = actions.do_disclose(person, actor=self.staff, **data)
        return Response(self.get_serializer(disclosure).data, status=status.HTTP_201_CREATED)


# --- release planning ------------------------------------------------------------------------


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "code", "status", "note", "responsible"]
        read_only_fields = fields


class ReleaseChecklistSerializer(serializers.ModelSerializer):
    items = ChecklistItemSerializer(many=True, read_only=True)
    complete = serializers.SerializerMethodField()
    coordination_duty = serializers.SerializerMethodField()

    class Meta:
        model = ReleaseChecklist
        fields = [
            "id",
            "person",
            "stay",
            "unit",
            "release_on",
            "coordination_consent",
            "coordinator",
            "coordination_duty",
            "complete",
            "items",
        ]
        read_only_fields = fields

    def get_complete(self, checklist: ReleaseChecklist) -> bool:
        return checklist_state(checklist, timezone.localdate()).complete

    def get_coordination_duty(self, checklist: ReleaseChecklist) -> bool:
        return checklist_state(checklist, timezone.localdate()).coordination_duty


class ChecklistOpenInput(serializers.Serializer):
    person = _VisiblePersonField()


class ChecklistItemInput(serializers.Serializer):
    code = serializers.ChoiceField(choices=ChecklistItemCode.choices)
    status = serializers.ChoiceField(choices=ItemStatus.choices)
    responsible = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CoordinationInput(serializers.Serializer):
    consent = serializers.ChoiceField(choices=CoordinationConsent.choices)
    coordinator = serializers.CharField(required=False, allow_blank=True, default="")


class ReleaseChecklistViewSet(_Scoped):
    """Release checklists (strgjfl § 41) of the persons you may see."""

    serializer_class = ReleaseChecklistSerializer

    def get_queryset(self) -> QuerySet[ReleaseChecklist]:
        return checklists_visible_to(self.staff).order_by("release_on", "id")

    def _done(self, checklist: ReleaseChecklist, code: int = status.HTTP_200_OK) -> Response:
        return Response(
            self.get_serializer(self.get_queryset().get(pk=checklist.pk)).data, status=code
        )

    @extend_schema(request=ChecklistOpenInput, responses={201: ReleaseChecklistSerializer})
    def create(self, request: Request) -> Response:
        """Open the checklist for the person's current sentence stay."""
        from varde.execution.queries import current_stay

        person = _input(ChecklistOpenInput, request)["person"]
        stay = current_stay(person)
        if stay is None:
            raise Http404
        return self._done(
            actions.do_open_checklist(stay, actor=self.staff), status.HTTP_201_CREATED
        )

    @extend_schema(request=ChecklistItemInput, responses={200: ReleaseChecklistSerializer})
    @action(detail=True, methods=["post"])
    def items(self, request: Request, pk: str | None = None) -> Response:
        """Status, note and responsible for one item (by code)."""
        checklist = self.get_object()
        data = _input(ChecklistItemInput, request)
        item = get_object_or_404(ChecklistItem, checklist=checklist, code=data.pop("code"))
        actions.do_update_checklist_item(item, actor=self.staff, **data)
        return self._done(checklist)

    @extend_schema(request=CoordinationInput, responses={200: ReleaseChecklistSerializer})
    @action(detail=True, methods=["post"])
    def coordination(self, request: Request, pk: str | None = None) -> Response:
        """Under 25: the answer on coordination and who coordinates (strgjfl § 41)."""
        checklist = self.get_object()
        actions.do_record_coordination(
            checklist, actor=self.staff, **_input(CoordinationInput, request)
        )
        return self._done(checklist)


class NavReleaseNoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = NavReleaseNotice
        fields = [
            "id",
            "person",
            "checklist",
            "agency",
            "unit",
            "release_on",
            "contact",
            "status",
            "created_by_name",
            "created_at",
            "sent_at",
        ]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.INT)
class _ChecklistField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": _("Fant ikke løslatelsesplanen.")}

    def get_queryset(self) -> QuerySet[ReleaseChecklist]:
        return checklists_visible_to(self.context["request"].user)


class NavNoticeInput(serializers.Serializer):
    checklist = _ChecklistField()
    agency = _AgencyField()
    contact = serializers.CharField(max_length=200)


class NavReleaseNoticeViewSet(_Scoped):
    """Release notices to NAV (outbound records; the exchange sends them)."""

    serializer_class = NavReleaseNoticeSerializer

    def get_queryset(self) -> QuerySet[NavReleaseNotice]:
        return nav_notices_visible_to(self.staff).order_by("-created_at", "-id")

    @extend_schema(request=NavNoticeInput, responses={201: NavReleaseNoticeSerializer})
    def create(self, request: Request) -> Response:
        """Create the notice; refused (and logged) without consent to share the release
        date and contact details with that NAV office."""
        data = _input(NavNoticeInput, request)
        checklist = data.pop("checklist")
        notice = actions.do_create_nav_notice(checklist, actor=self.staff, **data)
        return Response(self.get_serializer(notice).data, status=status.HTTP_201_CREATED)
