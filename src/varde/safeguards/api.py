"""Exclusions, coercive measures and deviations over REST: the same scoped queries and the
same actions as the screens (``varde.safeguards.queries`` / ``actions``); reads of a person's
decisions are logged like page views."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, cast

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from varde.audit.actions import record_access
from varde.organisation.models import Unit, User
from varde.people.models import Person
from varde.safeguards import actions, alerts, clocks, queries, rules
from varde.safeguards.choices import (
    DeadlineState,
    ExclusionGround,
    Extent,
    MeasureBasis,
    MeasureKind,
    Recipient,
    ReviewLevel,
    ReviewOutcome,
)
from varde.safeguards.models import (
    CoerciveMeasure,
    Decision,
    Deviation,
    Exclusion,
    Notice,
    Review,
    SupervisionNote,
)


class SafeguardPermission(permissions.BasePermission):
    """Reading needs person access; each write names its own permission (``write_perm``)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            perm = "safeguards.view_safeguards"
        else:
            perm = getattr(view, "write_perms", {}).get(view.action, view.write_perm)
        return bool(request.user and request.user.has_perm(perm))


# --- serializers ------------------------------------------------------------------------------


class SafeguardNoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notice
        fields = ["id", "recipient", "at", "note", "registered_by_name"]


class SafeguardReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = Review
        fields = ["id", "level", "outcome", "at", "reasons", "best_interest", "decided_by_name"]


class SupervisionNoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupervisionNote
        fields = ["id", "at", "text", "written_by_name"]


class SafeguardDeadlineSerializer(serializers.Serializer):
    """One deadline of the decision's clock and how it stands now."""

    key = serializers.CharField(source="requirement.key")
    label = serializers.CharField(source="requirement.label")  # type: ignore[assignment]
    paragraph = serializers.CharField(source="requirement.paragraph")
    due_at = serializers.DateTimeField(source="requirement.due_at")
    state = serializers.ChoiceField(choices=DeadlineState.choices)
    met_at = serializers.DateTimeField(allow_null=True)


DECISION_FIELDS = [
    "id",
    "person",
    "unit",
    "legal_basis",
    "legal_basis_text",
    "reasons",
    "best_interest",
    "minor",
    "rule_set",
    "decided_at",
    "authorised_by",
    "decided_by_name",
    "appeal_deadline_at",
    "start_at",
    "end_at",
    "end_note",
    "notices",
    "reviews",
    "deadlines",
]


class SafeguardDecisionSerializer(serializers.ModelSerializer):
    notices = SafeguardNoticeSerializer(many=True, read_only=True)
    reviews = SafeguardReviewSerializer(many=True, read_only=True)
    deadlines = serializers.SerializerMethodField()

    @extend_schema_field(SafeguardDeadlineSerializer(many=True))
    def get_deadlines(self, decision: Decision) -> Any:
        return SafeguardDeadlineSerializer(clocks.deadlines(decision), many=True).data


class ExclusionSerializer(SafeguardDecisionSerializer):
    class Meta:
        model = Exclusion
        fields = [*DECISION_FIELDS, "extent", "planned_review_on"]


class CoerciveMeasureSerializer(SafeguardDecisionSerializer):
    supervision_notes = SupervisionNoteSerializer(many=True, read_only=True)

    class Meta:
        model = CoerciveMeasure
        fields = [
            *DECISION_FIELDS,
            "kind",
            "doctor_statement_sought",
            "doctor_statement",
            "doctor_not_sought_reason",
            "supervision_notes",
        ]


class SafeguardDecisionInput(serializers.Serializer):
    person = serializers.IntegerField()
    unit = serializers.IntegerField()
    start_at = serializers.DateTimeField()
    reasons = serializers.CharField(allow_blank=True)
    authorised_by = serializers.CharField(max_length=150, allow_blank=True)
    best_interest = serializers.CharField(required=False, allow_blank=True, default="")
    told = serializers.ListField(
        child=serializers.ChoiceField(choices=Recipient.choices), required=False, default=list
    )


class ExclusionInput(SafeguardDecisionInput):
    ground = serializers.ChoiceField(choices=ExclusionGround.choices)
    extent = serializers.ChoiceField(choices=Extent.choices)
    planned_review_on = serializers.DateField(required=False, allow_null=True, default=None)


class CoerciveMeasureInput(SafeguardDecisionInput):
    kind = serializers.ChoiceField(choices=MeasureKind.choices)
    basis = serializers.ChoiceField(choices=MeasureBasis.choices)
    doctor_statement_sought = serializers.BooleanField(default=False)
    doctor_statement = serializers.CharField(required=False, allow_blank=True, default="")
    doctor_not_sought_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300
    )


class SafeguardNoticeInput(serializers.Serializer):
    recipient = serializers.ChoiceField(choices=Recipient.choices)
    at = serializers.DateTimeField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class SafeguardReviewInput(serializers.Serializer):
    level = serializers.ChoiceField(choices=ReviewLevel.choices)
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    at = serializers.DateTimeField()
    reasons = serializers.CharField(allow_blank=True)
    best_interest = serializers.CharField(required=False, allow_blank=True, default="")


class SafeguardEndInput(serializers.Serializer):
    end_at = serializers.DateTimeField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class SupervisionInput(serializers.Serializer):
    at = serializers.DateTimeField()
    text = serializers.CharField(max_length=500)


# --- decisions --------------------------------------------------------------------------------


class SafeguardDecisionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Shared by exclusions and coercive measures: scoped reads (``?person=``, ``?open=``),
    create, notice, review, end."""

    permission_classes = [permissions.IsAuthenticated, SafeguardPermission]
    write_perm = "safeguards.change_decision"

    @property
    def staff(self) -> User:
        return cast(User, self.request.user)

    def visible(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        decisions = queries.with_events(self.visible()).order_by("-start_at", "-id")
        params = self.request.query_params
        if self.action == "list" and params.get("person"):
            if not params["person"].isdigit():
                raise ApiValidationError({"person": [_("Oppgi personens ID som et tall.")]})
            decisions = decisions.filter(person_id=int(params["person"]))
        if self.action == "list" and params.get("open") in ("true", "1"):
            decisions = decisions.filter(end_at__isnull=True)
        return decisions

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        items = list(page) if page is not None else list(self.get_queryset())
        self._log_reads(items, request)
        data = self.get_serializer(items, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        decision = self.get_object()
        self._log_reads([decision], request)
        return Response(self.get_serializer(decision).data)

    def _log_reads(self, decisions: Iterable[Decision], request: Request) -> None:
        for person in {d.person_id: d.person for d in decisions}.values():
            record_access(actor=self.staff, person=person, channel="api", path=request.path)

    def _input(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _common(self, data: dict[str, Any]) -> tuple[Person, dict[str, Any]]:
        """The person (scoped) and the decision fields every action takes."""
        person = Person.objects.visible_to(self.staff).filter(pk=data.pop("person")).first()
        if person is None:
            raise ApiValidationError({"person": [_("Fant ingen person med denne ID-en.")]})
        unit = Unit.objects.filter(pk=data.pop("unit")).first()
        if unit is None:
            raise ApiValidationError({"unit": [_("Fant ingen enhet med denne ID-en.")]})
        return person, {**data, "unit": unit, "actor": self.staff}

    def _done(self, decision: Decision, code: int = status.HTTP_201_CREATED) -> Response:
        fresh = self.get_queryset().get(pk=decision.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    @extend_schema(request=SafeguardNoticeInput)
    @action(detail=True, methods=["post"])
    def notice(self, request: Request, pk: str | None = None) -> Response:
        """Record who was told, and when (telling the inmate starts the appeal period)."""
        decision = self.get_object()
        actions.do_add_notice(decision, actor=self.staff, **self._input(SafeguardNoticeInput))
        return self._done(decision)

    @extend_schema(request=SafeguardReviewInput)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        """A position on continuing the measure (unit, region or KDI)."""
        decision = self.get_object()
        actions.do_add_review(decision, actor=self.staff, **self._input(SafeguardReviewInput))
        return self._done(decision)

    @extend_schema(request=SafeguardEndInput)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        """End the measure."""
        decision = self.get_object()
        actions.do_end(decision, actor=self.staff, **self._input(SafeguardEndInput))
        return self._done(decision, status.HTTP_200_OK)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("person", int, description="Bare denne personens"),
            OpenApiParameter("open", bool, description="Bare pågående"),
        ]
    ),
    notice=extend_schema(request=SafeguardNoticeInput, responses={201: ExclusionSerializer}),
    review=extend_schema(request=SafeguardReviewInput, responses={201: ExclusionSerializer}),
    end=extend_schema(request=SafeguardEndInput, responses={200: ExclusionSerializer}),
)
class ExclusionViewSet(SafeguardDecisionViewSet):
    """Exclusions from company (strgjfl §§ 37, 39) of the persons you may see, with their
    deadlines. Writes need a role that changes case data."""

    serializer_class = ExclusionSerializer

    def visible(self) -> QuerySet[Exclusion]:
        return queries.exclusions_visible_to(self.staff)

    @extend_schema(request=ExclusionInput, responses={201: ExclusionSerializer})
    def create(self, request: Request) -> Response:
        """Decide an exclusion (legal basis, reasons, the child's best interest for a minor)."""
        person, data = self._common(self._input(ExclusionInput))
        return self._done(actions.do_decide_exclusion(person, **data))


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("person", int, description="Bare denne personens"),
            OpenApiParameter("open", bool, description="Bare pågående"),
        ]
    ),
    notice=extend_schema(request=SafeguardNoticeInput, responses={201: CoerciveMeasureSerializer}),
    review=extend_schema(request=SafeguardReviewInput, responses={201: CoerciveMeasureSerializer}),
    end=extend_schema(request=SafeguardEndInput, responses={200: CoerciveMeasureSerializer}),
)
class CoerciveMeasureViewSet(SafeguardDecisionViewSet):
    """Use of coercive means (strgjfl § 38) on the persons you may see, with the reporting
    deadlines and the supervision log."""

    serializer_class = CoerciveMeasureSerializer
    write_perms = {"supervision": "safeguards.log_supervision"}

    def visible(self) -> QuerySet[CoerciveMeasure]:
        return queries.measures_visible_to(self.staff).prefetch_related("supervision_notes")

    @extend_schema(request=CoerciveMeasureInput, responses={201: CoerciveMeasureSerializer})
    def create(self, request: Request) -> Response:
        """Register the use of a coercive means."""
        person, data = self._common(self._input(CoerciveMeasureInput))
        return self._done(actions.do_decide_measure(person, **data))

    @extend_schema(request=SupervisionInput, responses={201: CoerciveMeasureSerializer})
    @action(detail=True, methods=["post"])
    def supervision(self, request: Request, pk: str | None = None) -> Response:
        """A line in the continuous supervision log."""
        measure = self.get_object()
        actions.do_add_supervision_note(measure, actor=self.staff, **self._input(SupervisionInput))
        return self._done(measure)


# --- deviations -------------------------------------------------------------------------------


class DeviationSerializer(serializers.ModelSerializer):
    source = serializers.CharField(  # type: ignore[assignment]
        read_only=True, help_text="Kilde: deadline_passed, doctor_notice_missing, ... (utvidbar)"
    )

    class Meta:
        model = Deviation
        fields = [
            "id",
            "unit",
            "person",
            "source",
            "title",
            "description",
            "owner",
            "due_on",
            "status",
            "exclusion",
            "measure",
            "created_at",
            "created_by_name",
            "closed_at",
            "closed_by_name",
            "closure_note",
        ]
        read_only_fields = fields


class DeviationInput(serializers.Serializer):
    unit = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    due_on = serializers.DateField()
    owner = serializers.IntegerField(required=False, allow_null=True, default=None)


class DeviationAssignInput(serializers.Serializer):
    owner = serializers.IntegerField(allow_null=True)
    due_on = serializers.DateField()


class DeviationCloseInput(serializers.Serializer):
    note = serializers.CharField(allow_blank=True)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("status", str, enum=["open", "closed"], description="Status")]
    )
)
class DeviationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The deviation register (internal control) of the units in your scope: automatic
    deviations from passed deadlines and manual ones; register, assign, close."""

    serializer_class = DeviationSerializer
    permission_classes = [permissions.IsAuthenticated, SafeguardPermission]
    write_perm = "safeguards.change_deviation"

    @property
    def staff(self) -> User:
        return cast(User, self.request.user)

    def get_queryset(self) -> QuerySet[Deviation]:
        found = queries.deviations_visible_to(self.staff).order_by("due_on", "id")
        wanted = self.request.query_params.get("status")
        if self.action == "list" and wanted in ("open", "closed"):
            found = found.filter(status=wanted)
        return found

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset().select_related("person"))
        items = list(page) if page is not None else list(self.get_queryset())
        self._log_reads(items, request)
        data = self.get_serializer(items, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        deviation = self.get_object()
        self._log_reads([deviation], request)
        return Response(self.get_serializer(deviation).data)

    def _log_reads(self, deviations: Iterable[Deviation], request: Request) -> None:
        persons = {d.person_id: d.person for d in deviations if d.person is not None}
        for person in persons.values():
            record_access(actor=self.staff, person=person, channel="api", path=request.path)

    def _input(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _owner(self, owner_id: int | None) -> User | None:
        if owner_id is None:
            return None
        owner = User.objects.filter(pk=owner_id, is_active=True).first()
        if owner is None:
            raise ApiValidationError({"owner": [_("Fant ingen ansatt med denne ID-en.")]})
        return owner

    @extend_schema(request=DeviationInput, responses={201: DeviationSerializer})
    def create(self, request: Request) -> Response:
        """Register a deviation by hand."""
        data = self._input(DeviationInput)
        unit = queries.units_in_scope(self.staff).filter(pk=data.pop("unit")).first()
        if unit is None:
            raise ApiValidationError({"unit": [_("Velg en enhet du har tilgang til.")]})
        data["owner"] = self._owner(data.get("owner"))
        deviation = actions.do_register_deviation(unit, actor=self.staff, **data)
        return Response(DeviationSerializer(deviation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DeviationAssignInput, responses={200: DeviationSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        """Give the deviation an owner and a due date."""
        data = self._input(DeviationAssignInput)
        deviation = actions.do_assign_deviation(
            self.get_object(),
            owner=self._owner(data["owner"]),
            due_on=data["due_on"],
            actor=self.staff,
        )
        return Response(DeviationSerializer(deviation).data)

    @extend_schema(request=DeviationCloseInput, responses={200: DeviationSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Close the deviation with a note on what was done."""
        deviation = actions.do_close_deviation(
            self.get_object(), actor=self.staff, **self._input(DeviationCloseInput)
        )
        return Response(DeviationSerializer(deviation).data)


# --- Mandela-rule alerts ----------------------------------------------------------------------


class MandelaAlertSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[rules.ALERT_ISOLATION, rules.ALERT_PROLONGED, rules.ALERT_OUT_OF_CELL]
    )
    severe = serializers.BooleanField(help_text="Til enhetsleder og regionalt nivå")
    paragraph = serializers.CharField()
    run_start = serializers.DateField(help_text="Første døgn i rekken")
    run_days = serializers.IntegerField(help_text="Døgn på rad til og med denne dagen")


class MandelaRowSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="placement.stay.person_id")
    unit = serializers.IntegerField(source="placement.unit_id")
    hours_contact = serializers.FloatField(source="day.hours_contact")
    hours_out = serializers.FloatField(source="day.hours_out")
    alerts = MandelaAlertSerializer(many=True)


class MandelaDaySerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    day = serializers.DateField()
    rule_set = serializers.CharField()
    min_out_minutes = serializers.IntegerField(allow_null=True)
    rows = MandelaRowSerializer(many=True)


class MandelaAlertViewSet(viewsets.ViewSet):
    """The daily alert list of a unit (and its departments): isolation (Mandela rule 44),
    prolonged isolation over 15 days (rules 43-44) and, under the 2026 reform, under four
    hours out of cell (strgjfl § 17). Persons outside your scope are left out."""

    permission_classes = [permissions.IsAuthenticated, SafeguardPermission]
    write_perm = "safeguards.view_safeguards"

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, required=True, description="Enhetens id"),
            OpenApiParameter("day", date, description="Dag (standard: i dag)"),
        ],
        responses=MandelaDaySerializer,
    )
    def list(self, request: Request) -> Response:
        staff = cast(User, request.user)
        unit_id = request.query_params.get("unit", "")
        unit = (
            queries.units_in_scope(staff).filter(pk=int(unit_id)).first()
            if unit_id.isdigit()
            else None
        )
        if unit is None:
            raise NotFound
        try:
            day = date.fromisoformat(request.query_params.get("day") or "")
        except ValueError:
            day = timezone.localdate()
        found = alerts.unit_alerts(unit, day, staff)
        for row in found.rows:
            record_access(actor=staff, person=row.person, channel="api", path=request.path)
        return Response(MandelaDaySerializer(found).data)
