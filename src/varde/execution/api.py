"""Stays over REST: scoped through the persons the user may see; every POST calls the same
action as the person page (``varde.execution.actions``)."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from varde.audit.actions import record_access
from varde.community.rules import PAROLE_REPORTING_MONTHS
from varde.execution import actions
from varde.execution.choices import (
    OPEN_BOOKING_STATUSES,
    OPEN_CALLIN_STATUSES,
    OUTSIDE_PRISON_CHOICES,
    TRANSFER_REASONS,
    AbsenceKind,
    ExecutionForm,
    LeaveType,
    PenaltyScale,
    PostponementGround,
    ReleaseType,
    RemandBookingStatus,
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
from varde.execution.queries import (
    leave_eligible_from,
    queue_for,
    visible_remand_bookings,
    visible_stays,
)
from varde.execution.rules import RETURN_CAUSES
from varde.organisation.choices import SecurityLevel
from varde.organisation.models import Unit, User
from varde.people.api import PersonPermission
from varde.people.models import Person
from varde.people.rules import age_on
from varde.sentencing.models import Judgment
from varde.sentencing.queries import judgments_visible_to


class PlacementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Placement
        fields = ["id", "unit", "security_level", "sex", "from_at", "to_at", "reason", "note"]


class AbsenceSerializer(serializers.ModelSerializer):
    stops_time = serializers.BooleanField(read_only=True)

    class Meta:
        model = Absence
        fields = [
            "id",
            "kind",
            "leave_type",
            "from_at",
            "expected_return",
            "returned_at",
            "exception_reason",
            "note",
            "stops_time",
        ]


class StayListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stay
        fields = [
            "id",
            "person",
            "judgment",
            "kind",
            "admitted_at",
            "released_at",
            "release_type",
            "unit",
            "security_level",
        ]


class RestrictionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RemandRestriction
        fields = [
            "id",
            "kind",
            "ruling_reference",
            "valid_from",
            "valid_until",
            "penalty_scale",
            "review_pointless",
            "weighty_reasons",
            "note",
        ]


class StaySerializer(StayListSerializer):
    placements = PlacementSerializer(many=True, read_only=True)
    absences = AbsenceSerializer(many=True, read_only=True)
    restrictions = RestrictionSerializer(
        many=True, read_only=True, help_text="Restriksjoner under varetekt (strpl. §§ 186, 186 a)"
    )

    class Meta(StayListSerializer.Meta):
        fields = [*StayListSerializer.Meta.fields, "placements", "absences", "restrictions"]


# --- inputs of the actions ------------------------------------------------------------------


class PlaceInput(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(is_active=True))
    security_level = serializers.ChoiceField(choices=SecurityLevel.choices)
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class AdmitInput(PlaceInput):
    person = serializers.IntegerField(help_text="Personens id (må være synlig for deg)")
    kind = serializers.ChoiceField(choices=StayKind.choices, default=StayKind.SENTENCE)
    judgment = serializers.IntegerField(required=False, allow_null=True, default=None)


class RecallInput(PlaceInput):
    person = serializers.IntegerField(help_text="Personens id (må være synlig for deg)")


class TransferInput(PlaceInput):
    reason = serializers.ChoiceField(choices=[(r.value, r.label) for r in TRANSFER_REASONS])


class AbsenceInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AbsenceKind.choices)
    leave_type = serializers.ChoiceField(
        choices=LeaveType.choices, required=False, allow_blank=True, default=""
    )
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    expected_return = serializers.DateTimeField(required=False, allow_null=True, default=None)
    exception_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ReturnInput(serializers.Serializer):
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ReleaseInput(ReturnInput):
    """As the release form: a parole from a sentence opens supervision at ``office`` (by
    default the EK / § 16 case's office, else the office for the person's home) with a
    reporting duty of ``reporting_months`` (strgjfl § 43; fsg § 3-42)."""

    release_type = serializers.ChoiceField(choices=ReleaseType.choices)
    office = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="Friomsorgskontoret som følger opp prøveløslatelsen",
    )
    reporting_months = serializers.IntegerField(
        required=False,
        default=PAROLE_REPORTING_MONTHS,
        help_text="Møteplikt i måneder ved prøveløslatelse (1-12, normalt 3)",
    )


class OutsidePrisonInput(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=OUTSIDE_PRISON_CHOICES,
        help_text="Delgjennomføring med EK (§ 16 a) eller gjennomføring i hjemmet (§ 16)",
    )
    office = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True), help_text="Friomsorgskontoret"
    )
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    exception_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=300,
        help_text="Unntak etter strgjfl. § 16 a annet ledd",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ReturnToPrisonInput(PlaceInput):
    cause = serializers.ChoiceField(choices=[(k, str(v)) for k, v in RETURN_CAUSES.items()])


class RestrictionInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RestrictionKind.choices)
    ruling_reference = serializers.CharField(max_length=100, help_text="Saksnummer og dato")
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    penalty_scale = serializers.ChoiceField(
        choices=PenaltyScale.choices, default=PenaltyScale.UP_TO_6_YEARS
    )
    review_pointless = serializers.BooleanField(required=False, default=False)
    weighty_reasons = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class StayViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Stays of the persons you may see. Writes need a role that edits case data."""

    permission_classes = [permissions.IsAuthenticated, PersonPermission]

    @property
    def staff(self) -> User:
        return cast(User, self.request.user)

    def get_queryset(self) -> QuerySet[Stay]:
        stays = visible_stays(self.staff).order_by("-admitted_at", "-id")
        if self.action != "list":
            stays = stays.prefetch_related(
                Prefetch("placements", queryset=Placement.objects.order_by("from_at", "id")),
                "absences",
                "restrictions",
            )
        return stays

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return StayListSerializer if self.action == "list" else StaySerializer

    def _input(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _person(self, person_id: int) -> Person:
        return get_object_or_404(Person.objects.visible_to(self.staff), pk=person_id)

    def _done(self, stay: Stay, code: int = status.HTTP_200_OK) -> Response:
        """The stay as it is now. A release dated back past the scope's grace days takes the
        person out of the user's scope: the answer still shows what they just wrote."""
        found = self.get_queryset().filter(pk=stay.pk).first()
        return Response(StaySerializer(found or stay).data, status=code)

    @extend_schema(request=AdmitInput, responses={201: StaySerializer})
    @action(detail=False, methods=["post"])
    def admit(self, request: Request) -> Response:
        """Innsettelse: a new stay and its first placement."""
        data = self._input(AdmitInput)
        person = self._person(data.pop("person"))
        judgment_id = data.pop("judgment")
        judgment = get_object_or_404(person.judgments, pk=judgment_id) if judgment_id else None
        stay = actions.do_admit(
            person,
            data.pop("unit"),
            judgment=cast("Judgment | None", judgment),
            actor=self.staff,
            **data,
        )
        return self._done(stay, status.HTTP_201_CREATED)

    @extend_schema(request=RecallInput, responses={201: StaySerializer})
    @action(detail=False, methods=["post"])
    def recall(self, request: Request) -> Response:
        """Gjeninnsettelse after breach of parole conditions (strgjfl § 44)."""
        data = self._input(RecallInput)
        person = self._person(data.pop("person"))
        stay = actions.do_recall(person, data.pop("unit"), actor=self.staff, **data)
        return self._done(stay, status.HTTP_201_CREATED)

    @extend_schema(request=TransferInput, responses={200: StaySerializer})
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: str | None = None) -> Response:
        data = self._input(TransferInput)
        stay = actions.do_transfer(self.get_object(), data.pop("unit"), actor=self.staff, **data)
        return self._done(stay)

    @extend_schema(request=AbsenceInput, responses={201: StaySerializer})
    @action(detail=True, methods=["post"])
    def absence(self, request: Request, pk: str | None = None) -> Response:
        """Start an absence (leave, day release, escape ...)."""
        data = self._input(AbsenceInput)
        stay = self.get_object()
        actions.do_start_absence(
            stay,
            data.pop("kind"),
            leave_eligible_from=leave_eligible_from(stay),
            actor=self.staff,
            **data,
        )
        return self._done(stay, status.HTTP_201_CREATED)

    @extend_schema(request=ReturnInput, responses={200: StaySerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def end_absence(self, request: Request, pk: str | None = None) -> Response:
        """End the open absence (the person is back)."""
        data = self._input(ReturnInput)
        absence = actions.do_end_absence(self.get_object(), actor=self.staff, **data)
        return self._done(absence.stay)

    @extend_schema(request=ReleaseInput, responses={200: StaySerializer})
    @action(detail=True, methods=["post"])
    def release(self, request: Request, pk: str | None = None) -> Response:
        data = self._input(ReleaseInput)
        stay = actions.do_release(
            self.get_object(), data.pop("release_type"), actor=self.staff, **data
        )
        return self._done(stay)

    @extend_schema(request=OutsidePrisonInput, responses={201: StaySerializer})
    @action(detail=True, methods=["post"], url_path="outside-prison")
    def outside_prison(self, request: Request, pk: str | None = None) -> Response:
        """EK part-execution (strgjfl § 16 a) or § 16 at home: the place is freed and the
        probation office's case opens."""
        stay = self.get_object()  # out of scope: 404 before anything else
        data = self._input(OutsidePrisonInput)
        actions.do_start_outside_prison(
            stay, data.pop("kind"), data.pop("office"), actor=self.staff, **data
        )
        return self._done(stay, status.HTTP_201_CREATED)

    @extend_schema(request=ReturnToPrisonInput, responses={200: StaySerializer})
    @action(detail=True, methods=["post"], url_path="return-to-prison")
    def return_to_prison(self, request: Request, pk: str | None = None) -> Response:
        """Back in prison from EK part-execution or § 16 (a place is reserved)."""
        stay = self.get_object()
        data = self._input(ReturnToPrisonInput)
        actions.do_return_to_prison(stay, data.pop("unit"), actor=self.staff, **data)
        return self._done(stay)

    @extend_schema(request=RestrictionInput, responses={201: StaySerializer})
    @action(detail=True, methods=["post"])
    def restrictions(self, request: Request, pk: str | None = None) -> Response:
        """A court-ordered restriction during remand (strpl. §§ 186, 186 a)."""
        stay = self.get_object()
        data = self._input(RestrictionInput)
        actions.do_add_restriction(stay, data.pop("kind"), actor=self.staff, **data)
        return self._done(stay, status.HTTP_201_CREATED)


# --- queue (soningskø) and call-ins (innkalling) --------------------------------------------


class CallInSerializer(serializers.ModelSerializer):
    class Meta:
        model = CallIn
        fields = [
            "id",
            "judgment",
            "unit",
            "security_level",
            "form",
            "sent_on",
            "start_on",
            "status",
            "letter",
        ]


class QueueEntrySerializer(serializers.ModelSerializer):
    """A queued judgment with its waiting time, the person's age and the call-in state."""

    order_on = serializers.DateField(read_only=True, help_text="Fullbyrdingsordre mottatt")
    waiting_days = serializers.SerializerMethodField()
    age = serializers.SerializerMethodField()
    priority_group = serializers.IntegerField(
        read_only=True, help_text="0 under 18, 1 under 23, 2 øvrige (innkallingsforskriften § 3)"
    )
    region = serializers.IntegerField(source="region_id", read_only=True, allow_null=True)
    callin = serializers.SerializerMethodField()

    class Meta:
        model = Judgment
        fields = [
            "id",
            "person",
            "reaction",
            "court",
            "case_number",
            "order_on",
            "waiting_days",
            "age",
            "priority_group",
            "region",
            "callin",
        ]

    def get_waiting_days(self, judgment: Any) -> int:
        return int((timezone.localdate() - judgment.order_on).days)

    def get_age(self, judgment: Judgment) -> int | None:
        born = judgment.person.birth_date
        return age_on(born, timezone.localdate()) if born else None

    @extend_schema_field(CallInSerializer(allow_null=True))
    def get_callin(self, judgment: Any) -> dict[str, Any] | None:
        found = judgment.open_callins
        return CallInSerializer(found[0]).data if found else None


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("region", int, description="Regionens id"),
            OpenApiParameter("under_23", bool, description="Bare under 23 år"),
            OpenApiParameter("not_called_in", bool, description="Bare ikke innkalt"),
        ]
    )
)
class QueueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The queue for the persons you may see, in priority order (innkallingsforskriften § 3)."""

    permission_classes = [permissions.IsAuthenticated, PersonPermission]
    serializer_class = QueueEntrySerializer

    def get_queryset(self) -> QuerySet[Any]:
        params = self.request.query_params
        region = params.get("region", "")
        return queue_for(
            cast(User, self.request.user),
            region=int(region) if region.isdigit() else None,
            under_23=params.get("under_23") in {"1", "true"},
            not_called_in=params.get("not_called_in") in {"1", "true"},
        ).prefetch_related(
            Prefetch(
                "callins",
                queryset=CallIn.objects.filter(status__in=OPEN_CALLIN_STATUSES),
                to_attr="open_callins",
            )
        )


class CallInInput(serializers.Serializer):
    judgment = serializers.IntegerField(help_text="Dommens id (personen må være synlig for deg)")
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(is_active=True))
    security_level = serializers.ChoiceField(choices=SecurityLevel.choices)
    form = serializers.ChoiceField(choices=ExecutionForm.choices, default=ExecutionForm.PRISON)
    start_on = serializers.DateField()
    letter = serializers.CharField(required=False, allow_blank=True, default="")


class CallInViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Call-ins of the persons you may see. POST sends one (innkallingsforskriften §§ 2-3)."""

    permission_classes = [permissions.IsAuthenticated, PersonPermission]
    serializer_class = CallInSerializer

    def get_queryset(self) -> QuerySet[CallIn]:
        user = cast(User, self.request.user)
        return CallIn.objects.filter(judgment__person__in=Person.objects.visible_to(user)).order_by(
            "-sent_on", "-id"
        )

    @extend_schema(request=CallInInput, responses={201: CallInSerializer})
    def create(self, request: Request) -> Response:
        data = CallInInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        user = cast(User, request.user)
        judgment = get_object_or_404(judgments_visible_to(user), pk=fields.pop("judgment"))
        callin = actions.do_send_callin(judgment, fields.pop("unit"), actor=user, **fields)
        return Response(CallInSerializer(callin).data, status=status.HTTP_201_CREATED)


# --- remand bookings (varetekt) --------------------------------------------------------------


class RemandBookingSerializer(serializers.ModelSerializer):
    overdue = serializers.SerializerMethodField(
        help_text="Ikke tilbudt plass innen fristen (Politiarrestforskriften § 3-1)"
    )

    class Meta:
        model = RemandBooking
        fields = [
            "id",
            "person",
            "police_district",
            "arrested_at",
            "requested_at",
            "deadline",
            "status",
            "offered_unit",
            "offered_security_level",
            "offered_at",
            "stay",
            "note",
            "overdue",
        ]

    def get_overdue(self, booking: RemandBooking) -> bool:
        return booking.status == RemandBookingStatus.REQUESTED and booking.deadline < timezone.now()


class RemandBookingInput(serializers.Serializer):
    person = serializers.IntegerField(help_text="Personens id (må være synlig for deg)")
    police_district = serializers.CharField(max_length=100)
    requested_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    arrested_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Pågripelsen: fristen regnes herfra; politiarrest gir fradrag (strl. § 83)",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class RemandOfferInput(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(is_active=True))
    security_level = serializers.ChoiceField(choices=SecurityLevel.choices)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("open", bool, description="Bare åpne bestillinger")]
    )
)
class RemandBookingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Police requests for a remand place for the persons you may see, earliest deadline
    first. POST registers one (the deadline is computed); ``offer`` offers a place."""

    permission_classes = [permissions.IsAuthenticated, PersonPermission]
    serializer_class = RemandBookingSerializer

    def get_queryset(self) -> QuerySet[RemandBooking]:
        bookings = visible_remand_bookings(cast(User, self.request.user))
        if self.request.query_params.get("open") in {"1", "true"}:
            bookings = bookings.filter(status__in=OPEN_BOOKING_STATUSES)
        return bookings.order_by("deadline", "id")

    @extend_schema(request=RemandBookingInput, responses={201: RemandBookingSerializer})
    def create(self, request: Request) -> Response:
        data = RemandBookingInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        user = cast(User, request.user)
        person = get_object_or_404(Person.objects.visible_to(user), pk=fields.pop("person"))
        booking = actions.do_book_remand(person, actor=user, **fields)
        return Response(RemandBookingSerializer(booking).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RemandOfferInput, responses={200: RemandBookingSerializer})
    @action(detail=True, methods=["post"])
    def offer(self, request: Request, pk: str | None = None) -> Response:
        """Offer a place at a unit and security level (capacity is checked)."""
        data = RemandOfferInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        booking = actions.do_offer_remand_place(
            self.get_object(), fields.pop("unit"), actor=cast(User, request.user), **fields
        )
        return Response(RemandBookingSerializer(booking).data)


# --- postponement (utsettelse, innkallingsforskriften §§ 5-8) ---------------------------------


class PostponementSerializer(serializers.ModelSerializer):
    class Meta:
        model = PostponementRequest
        fields = [
            "id",
            "judgment",
            "received_on",
            "ground",
            "reason",
            "decision",
            "new_start_on",
            "decided_by_name",
            "decided_at",
            "decision_note",
        ]


class PostponementInput(serializers.Serializer):
    judgment = serializers.IntegerField(help_text="Dommens id (personen må være synlig for deg)")
    received_on = serializers.DateField()
    ground = serializers.ChoiceField(
        choices=PostponementGround.choices, default=PostponementGround.OTHER
    )
    reason = serializers.CharField(max_length=2000)


class PostponementDecisionInput(serializers.Serializer):
    granted = serializers.BooleanField()
    new_start_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Påkrevd ved innvilgelse"
    )
    decision_note = serializers.CharField(max_length=2000, help_text="Begrunnelse")
    ground_not_met = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Avslag på obligatorisk grunn (§ 6): vilkårene er ikke oppfylt",
    )


class PostponementViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Applications to postpone the start of execution for the persons you may see. POST
    registers one; ``decide`` grants (moving the open call-in) or refuses it."""

    permission_classes = [permissions.IsAuthenticated, PersonPermission]
    serializer_class = PostponementSerializer

    @property
    def staff(self) -> User:
        return cast(User, self.request.user)

    def get_queryset(self) -> QuerySet[PostponementRequest]:
        return (
            PostponementRequest.objects.filter(
                judgment__person__in=Person.objects.visible_to(self.staff)
            )
            .select_related("judgment__person")
            .order_by("-received_on", "-id")
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        found = self.get_object()
        record_access(
            actor=self.staff, person=found.judgment.person, channel="api", path=request.path
        )
        return Response(PostponementSerializer(found).data)

    @extend_schema(request=PostponementInput, responses={201: PostponementSerializer})
    def create(self, request: Request) -> Response:
        data = PostponementInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        judgment = get_object_or_404(judgments_visible_to(self.staff), pk=fields.pop("judgment"))
        found = actions.do_request_postponement(judgment, actor=self.staff, **fields)
        return Response(PostponementSerializer(found).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PostponementDecisionInput, responses={200: PostponementSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        data = PostponementDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        found = actions.do_decide_postponement(
            self.get_object(), actor=self.staff, **dict(data.validated_data)
        )
        return Response(PostponementSerializer(found).data)
