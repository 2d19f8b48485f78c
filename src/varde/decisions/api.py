"""Applications, decisions, appeals and victim notification over REST: scoped exactly as the
screens (``varde.decisions.queries``), every POST calls the same action
(``varde.decisions.actions``). Victim data needs a case-handling role at the responsible
unit, as on the screens."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from varde.audit.actions import record_access
from varde.core.pagination import CountInPagePagination
from varde.decisions import actions, queries
from varde.decisions.choices import (
    AppealOutcome,
    ApplicationKind,
    Channel,
    NoticeEvent,
    Outcome,
)
from varde.decisions.models import (
    Appeal,
    Application,
    Decision,
    Forwarding,
    VictimContact,
    VictimNotice,
)
from varde.organisation.models import Unit, User
from varde.people.api import PersonPermission
from varde.people.models import Person
from varde.sentencing.models import Judgment

# --- output ----------------------------------------------------------------------------------


class ForwardingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Forwarding
        fields = [
            "id",
            "appeal",
            "from_level",
            "to_level",
            "recommendation",
            "forwarded_at",
            "forwarded_by_name",
        ]


class AppealSerializer(serializers.ModelSerializer):
    class Meta:
        model = Appeal
        fields = [
            "id",
            "decision",
            "received_at",
            "text",
            "in_time",
            "level",
            "outcome",
            "reasons",
            "child_interest",
            "decided_level",
            "decided_at",
            "decided_by_name",
        ]


class DecisionSerializer(serializers.ModelSerializer):
    appeal = AppealSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "application",
            "outcome",
            "legal_basis",
            "legal_basis_text",
            "reasons",
            "child_interest",
            "child_interest_required",
            "level",
            "copy_to_region",
            "decided_at",
            "decided_by_name",
            "notified_at",
            "notified_channel",
            "notified_to",
            "guardian_informed",
            "appeal_period",
            "appeal_deadline",
            "appeal",
        ]


class ApplicationListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Application
        fields = [
            "id",
            "person",
            "judgment",
            "unit",
            "kind",
            "received_on",
            "deadline",
            "routing_level",
            "level",
            "status",
        ]


class ApplicationSerializer(ApplicationListSerializer):
    decision = DecisionSerializer(read_only=True, allow_null=True)
    forwardings = ForwardingSerializer(many=True, read_only=True)

    class Meta(ApplicationListSerializer.Meta):
        fields = [
            *ApplicationListSerializer.Meta.fields,
            "text",
            "requested_from",
            "requested_to",
            "target_unit",
            "concerns_child",
            "dispensation",
            "deadline_days",
            "deadline_source",
            "interim_reply_due",
            "interim_reply_on",
            "refusal_level",
            "routing_basis",
            "withdrawn_on",
            "registered_by_name",
            "forwardings",
            "decision",
        ]


# --- input -----------------------------------------------------------------------------------


class ApplicationInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ApplicationKind.choices)
    received_on = serializers.DateField()
    text = serializers.CharField()
    judgment = serializers.PrimaryKeyRelatedField(
        queryset=Judgment.objects.all(), required=False, allow_null=True, default=None
    )
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )
    target_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )
    requested_from = serializers.DateField(required=False, allow_null=True, default=None)
    requested_to = serializers.DateField(required=False, allow_null=True, default=None)
    concerns_child = serializers.BooleanField(required=False, default=False)
    dispensation = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The persons the user may see (none when built without a user, e.g. for the schema).
        self.fields["person"] = serializers.PrimaryKeyRelatedField(
            queryset=Person.objects.visible_to(user or AnonymousUser())
        )


class RecommendationInput(serializers.Serializer):
    recommendation = serializers.CharField()


class DecisionInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    legal_basis = serializers.CharField(help_text="Kode for hjemmelen, f.eks. strgjfl-33")
    reasons = serializers.CharField(allow_blank=True)
    child_interest = serializers.CharField(required=False, allow_blank=True, default="")
    notified_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    channel = serializers.ChoiceField(
        choices=Channel.choices, required=False, allow_blank=True, default=""
    )
    notified_to = serializers.CharField(required=False, allow_blank=True, default="")
    guardian_informed = serializers.BooleanField(required=False, default=False)


class DayInput(serializers.Serializer):
    day = serializers.DateField()


class NotifyInput(serializers.Serializer):
    notified_at = serializers.DateTimeField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    notified_to = serializers.CharField()
    guardian_informed = serializers.BooleanField(required=False, default=False)


class AppealInput(serializers.Serializer):
    received_at = serializers.DateTimeField()
    text = serializers.CharField()


class AppealDecisionInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=AppealOutcome.choices)
    reasons = serializers.CharField(allow_blank=True)
    child_interest = serializers.CharField(required=False, allow_blank=True, default="")


def _input(request: Request, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class _Staff:
    """The signed-in staff member (the permission classes require one)."""

    @property
    def staff(self) -> User:
        return cast(User, cast(Any, self).request.user)


# --- applications ----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("person", int, description="Bare søknader fra denne personen"),
            OpenApiParameter("status", str, description="Bare søknader med denne statusen"),
        ]
    ),
)
class ApplicationViewSet(
    _Staff, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Applications (søknader) from the persons you may see. Writes need a role that edits
    case data; deciding and forwarding need the level the case lies at."""

    permission_classes = [permissions.IsAuthenticated, PersonPermission]
    pagination_class = CountInPagePagination

    def get_queryset(self) -> QuerySet[Application]:
        found = queries.applications_visible_to(self.staff).order_by("-received_on", "-id")
        person = self.request.query_params.get("person")
        if person and person.isdigit():
            found = found.filter(person_id=int(person))
        wanted = self.request.query_params.get("status")
        if wanted:
            found = found.filter(status=wanted)
        if self.action != "list":
            found = found.select_related("decision", "decision__appeal").prefetch_related(
                "forwardings"
            )
        return found

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return ApplicationListSerializer if self.action == "list" else ApplicationSerializer

    def _done(self, application: Application, code: int = status.HTTP_200_OK) -> Response:
        fresh = queries.get_application_for_user(self.staff, application.pk)
        return Response(ApplicationSerializer(fresh).data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        application = self.get_object()
        record_access(actor=self.staff, person=application.person, channel="api", path=request.path)
        return Response(self.get_serializer(application).data)

    @extend_schema(request=ApplicationInput, responses={201: ApplicationSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Register an application; deadline and routing are computed."""
        serializer = ApplicationInput(data=request.data, user=self.staff)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person = data.pop("person")
        application = actions.do_register_application(person, actor=self.staff, **data)
        return self._done(application, status.HTTP_201_CREATED)

    @extend_schema(request=RecommendationInput, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def forward(self, request: Request, pk: str | None = None) -> Response:
        """Send the application to the level that must decide, with a recommendation."""
        application = self.get_object()
        actions.do_forward_application(
            application, actor=self.staff, **_input(request, RecommendationInput)
        )
        return self._done(application)

    @extend_schema(request=DecisionInput, responses={201: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """Decide: outcome, legal basis and reasons required; the child's best interest where
        a child is affected; optionally the notification."""
        application = self.get_object()
        actions.do_decide_application(
            application, actor=self.staff, **_input(request, DecisionInput)
        )
        return self._done(application, status.HTTP_201_CREATED)

    @extend_schema(request=DayInput, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"], url_path="interim-reply")
    def interim_reply(self, request: Request, pk: str | None = None) -> Response:
        """An interim reply was sent (forvaltningsloven § 11 a)."""
        application = self.get_object()
        actions.do_register_interim_reply(
            application, actor=self.staff, **_input(request, DayInput)
        )
        return self._done(application)

    @extend_schema(request=DayInput, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """The applicant withdrew the application."""
        application = self.get_object()
        actions.do_withdraw_application(application, actor=self.staff, **_input(request, DayInput))
        return self._done(application)


class DecisionViewSet(
    _Staff, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """First-instance decisions (vedtak) on applications from the persons you may see."""

    permission_classes = [permissions.IsAuthenticated, PersonPermission]
    serializer_class = DecisionSerializer
    pagination_class = CountInPagePagination

    def get_queryset(self) -> QuerySet[Decision]:
        return (
            queries.decisions_visible_to(self.staff)
            .select_related("application__person", "appeal")
            .order_by("-decided_at", "-id")
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        decision = self.get_object()
        person = decision.application.person
        record_access(actor=self.staff, person=person, channel="api", path=request.path)
        return Response(self.get_serializer(decision).data)

    def _done(self, decision: Decision, code: int = status.HTTP_200_OK) -> Response:
        return Response(DecisionSerializer(self.get_queryset().get(pk=decision.pk)).data, code)

    @extend_schema(request=NotifyInput, responses={200: DecisionSerializer})
    @action(detail=True, methods=["post"])
    def notify(self, request: Request, pk: str | None = None) -> Response:
        """When, how and to whom the decision was made known; sets the appeal deadline."""
        decision = self.get_object()
        actions.do_notify_decision(decision, actor=self.staff, **_input(request, NotifyInput))
        return self._done(decision)

    @extend_schema(request=AppealInput, responses={201: DecisionSerializer})
    @action(detail=True, methods=["post"])
    def appeal(self, request: Request, pk: str | None = None) -> Response:
        """Register an appeal (klage) against the decision."""
        decision = self.get_object()
        actions.do_register_appeal(decision, actor=self.staff, **_input(request, AppealInput))
        return self._done(decision, status.HTTP_201_CREATED)


class AppealViewSet(
    _Staff, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Appeals (klager) on decisions for the persons you may see."""

    permission_classes = [permissions.IsAuthenticated, PersonPermission]
    serializer_class = AppealSerializer
    pagination_class = CountInPagePagination

    def get_queryset(self) -> QuerySet[Appeal]:
        return (
            queries.appeals_visible_to(self.staff)
            .select_related("decision__application__person", "decision__application__unit")
            .order_by("-received_at", "-id")
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        appeal = self.get_object()
        person = appeal.decision.application.person
        record_access(actor=self.staff, person=person, channel="api", path=request.path)
        return Response(self.get_serializer(appeal).data)

    def _done(self, appeal: Appeal) -> Response:
        return Response(AppealSerializer(self.get_queryset().get(pk=appeal.pk)).data)

    @extend_schema(request=RecommendationInput, responses={200: AppealSerializer})
    @action(detail=True, methods=["post"])
    def forward(self, request: Request, pk: str | None = None) -> Response:
        """The first instance keeps its decision: send the appeal to the appeals body."""
        appeal = self.get_object()
        actions.do_forward_appeal(appeal, actor=self.staff, **_input(request, RecommendationInput))
        return self._done(appeal)

    @extend_schema(request=AppealDecisionInput, responses={200: AppealSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """Decide the appeal where it lies."""
        appeal = self.get_object()
        actions.do_decide_appeal(appeal, actor=self.staff, **_input(request, AppealDecisionInput))
        return self._done(appeal)


# --- victims ---------------------------------------------------------------------------------


class VictimPermission(permissions.BasePermission):
    """Victim contact data: case-handling roles of a responsible unit only."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return queries.can_handle_victims(cast(User, request.user))


class VictimContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = VictimContact
        fields = [
            "id",
            "person",
            "judgment",
            "name",
            "relation",
            "phone",
            "email",
            "address",
            "preferred_channel",
            "consent_on",
            "withdrawn_on",
            "note",
        ]
        read_only_fields = ["withdrawn_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "person" in self.fields:
            field: Any = self.fields["person"]
            field.queryset = queries.victim_persons_for(cast(User, request.user))


class VictimNoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = VictimNotice
        fields = [
            "id",
            "contact",
            "event",
            "event_day",
            "source",
            "basis",
            "sent_at",
            "channel",
            "conditions",
            "note",
            "sent_by_name",
        ]
        read_only_fields = ["basis", "sent_by_name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "contact" in self.fields:
            field: Any = self.fields["contact"]
            field.queryset = queries.victim_contacts_visible_to(cast(User, request.user))


class DueNoticeSerializer(serializers.Serializer):
    contact = serializers.IntegerField(source="contact.pk")
    person = serializers.IntegerField(source="contact.person_id")
    event = serializers.ChoiceField(choices=NoticeEvent.choices, source="movement.event")
    event_day = serializers.DateField(source="movement.day")
    found_in = serializers.CharField(source="movement.source")
    basis = serializers.CharField(source="rule.basis")
    in_advance = serializers.BooleanField(source="rule.in_advance")
    overdue = serializers.BooleanField()


class VictimContactViewSet(
    _Staff,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Victims and surviving relatives who asked to be told (strgjfl § 7 b)."""

    permission_classes = [permissions.IsAuthenticated, VictimPermission]
    serializer_class = VictimContactSerializer
    pagination_class = CountInPagePagination

    def get_queryset(self) -> QuerySet[VictimContact]:
        return queries.victim_contacts_visible_to(self.staff).select_related("person")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        contact = self.get_object()
        record_access(actor=self.staff, person=contact.person, channel="api", path=request.path)
        return Response(self.get_serializer(contact).data)

    def perform_create(self, serializer: serializers.BaseSerializer[VictimContact]) -> None:
        data = dict(serializer.validated_data)
        data.pop("withdrawn_on", None)
        person, judgment = data.pop("person"), data.pop("judgment")
        serializer.instance = actions.do_register_victim_contact(
            person, judgment, actor=self.staff, **data
        )

    @extend_schema(request=DayInput, responses={200: VictimContactSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """The person no longer wants notices."""
        contact = self.get_object()
        actions.do_withdraw_victim_contact(contact, actor=self.staff, **_input(request, DayInput))
        return Response(VictimContactSerializer(self.get_queryset().get(pk=contact.pk)).data)


class VictimNoticeViewSet(
    _Staff, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Notices sent to victims and surviving relatives (each one logged), and those due."""

    permission_classes = [permissions.IsAuthenticated, VictimPermission]
    serializer_class = VictimNoticeSerializer
    pagination_class = CountInPagePagination

    def get_queryset(self) -> QuerySet[VictimNotice]:
        return queries.victim_notices_visible_to(self.staff).order_by("-sent_at", "-id")

    def perform_create(self, serializer: serializers.BaseSerializer[VictimNotice]) -> None:
        data = dict(serializer.validated_data)
        contact = data.pop("contact")
        serializer.instance = actions.do_register_victim_notice(contact, actor=self.staff, **data)

    @extend_schema(responses={200: DueNoticeSerializer(many=True)})
    @action(detail=False, methods=["get"], pagination_class=None)
    def due(self, request: Request) -> Response:
        """Notices to send now: movements an active registration has not been told about."""
        due = queries.notice_worklist(self.staff, timezone.localdate())
        return Response(DueNoticeSerializer(due, many=True).data)
