"""Community cases over REST: scoped through the persons the user may see; every write calls
the same action as the case page (``varde.community.actions``): hours, reporting, breaches,
ND phases, EK equipment and the EK schedule."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from varde.audit.actions import record_access
from varde.community import actions, rules
from varde.community.choices import (
    BreachResponse,
    ContactKind,
    EkTechnology,
    EquipmentEventKind,
    NdPhase,
    SchedulePurpose,
    Weekday,
)
from varde.community.models import (
    Breach,
    CommunityCase,
    EquipmentEvent,
    HoursLog,
    NdPhaseChange,
    ReportingEvent,
    ScheduleEntry,
)
from varde.community.queries import case_row, cases_visible_to, with_progress
from varde.organisation.models import User
from varde.people.api import PersonPermission


class HoursLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = HoursLog
        fields = ["id", "day", "hours", "activity", "registered_by_name"]


class ReportingEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingEvent
        fields = ["id", "day", "kind", "attended", "note"]


class BreachSerializer(serializers.ModelSerializer):
    class Meta:
        model = Breach
        fields = [
            "id",
            "day",
            "description",
            "response",
            "conditions",
            "deadline",
            "deadline_basis",
            "decided_by_name",
            "decided_on",
        ]


class NdPhaseChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = NdPhaseChange
        fields = [
            "id",
            "from_phase",
            "to_phase",
            "decided_on",
            "court_reference",
            "reason",
            "convicted_heard",
            "registered_by_name",
        ]


class EquipmentEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = EquipmentEvent
        fields = [
            "id",
            "kind",
            "technology",
            "device_id",
            "replaced_device_id",
            "at",
            "note",
            "person_informed",
            "registered_by_name",
        ]


class MountedSerializer(serializers.Serializer):
    technology = serializers.ChoiceField(choices=EkTechnology.choices)
    device_id = serializers.CharField()


class ScheduleEntrySerializer(serializers.ModelSerializer):
    start_time = serializers.CharField(read_only=True, help_text="tt:mm")
    end_time = serializers.CharField(read_only=True, help_text="tt:mm (24:00: midnatt)")

    class Meta:
        model = ScheduleEntry
        fields = ["id", "weekday", "start_time", "end_time", "purpose", "note"]


class CommunityCaseListSerializer(serializers.ModelSerializer):
    hours_performed = serializers.DecimalField(max_digits=6, decimal_places=1, read_only=True)
    last_contact = serializers.DateField(read_only=True, allow_null=True)
    nd_phase_since = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = CommunityCase
        fields = [
            "id",
            "person",
            "judgment",
            "office",
            "kind",
            "status",
            "start",
            "planned_end",
            "ended_on",
            "hours_ordered",
            "hours_performed",
            "reporting_every_days",
            "last_contact",
            "nd_phase",
            "nd_phase_since",
        ]


class CommunityCaseSerializer(CommunityCaseListSerializer):
    hours_remaining = serializers.SerializerMethodField()
    on_track = serializers.SerializerMethodField()
    reporting_overdue = serializers.SerializerMethodField()
    hours_logs = HoursLogSerializer(many=True, read_only=True)
    reportings = ReportingEventSerializer(many=True, read_only=True)
    breaches = BreachSerializer(many=True, read_only=True)
    nd_phase_changes = NdPhaseChangeSerializer(many=True, read_only=True)
    equipment_events = EquipmentEventSerializer(many=True, read_only=True)
    mounted_equipment = serializers.SerializerMethodField()
    schedule_entries = ScheduleEntrySerializer(many=True, read_only=True)

    class Meta(CommunityCaseListSerializer.Meta):
        fields = [
            *CommunityCaseListSerializer.Meta.fields,
            "hours_remaining",
            "on_track",
            "reporting_overdue",
            "hours_logs",
            "reportings",
            "breaches",
            "nd_phase_changes",
            "equipment_events",
            "mounted_equipment",
            "schedule_entries",
        ]

    @extend_schema_field(MountedSerializer(many=True))
    def get_mounted_equipment(self, case: CommunityCase) -> list[dict[str, str]]:
        """What is mounted on the person now (EK), from the equipment events in time order."""
        events = ((e.kind, e.technology, e.device_id) for e in case.equipment_events.all())
        mounted = rules.mounted_devices(events)
        return [{"technology": tech, "device_id": device} for tech, device in mounted.items()]

    @extend_schema(responses=serializers.DecimalField(max_digits=6, decimal_places=1))
    def get_hours_remaining(self, case: CommunityCase) -> str | None:
        remaining = case_row(case, timezone.localdate()).hours_remaining
        return None if remaining is None else f"{remaining:.1f}"

    def get_on_track(self, case: CommunityCase) -> bool | None:
        return case_row(case, timezone.localdate()).on_track

    def get_reporting_overdue(self, case: CommunityCase) -> bool:
        return case_row(case, timezone.localdate()).reporting_overdue


class HoursInput(serializers.Serializer):
    day = serializers.DateField()
    hours = serializers.DecimalField(max_digits=4, decimal_places=1)
    activity = serializers.CharField(max_length=200)


class ReportingInput(serializers.Serializer):
    day = serializers.DateField()
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    attended = serializers.BooleanField(default=True)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class BreachInput(serializers.Serializer):
    day = serializers.DateField()
    description = serializers.CharField()
    response = serializers.ChoiceField(choices=BreachResponse.choices)
    conditions = serializers.CharField(required=False, allow_blank=True, default="")


class NdPhaseInput(serializers.Serializer):
    to_phase = serializers.ChoiceField(choices=NdPhase.choices)
    decided_on = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    court_reference = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100
    )
    convicted_heard = serializers.BooleanField(default=False)


class EquipmentInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EquipmentEventKind.choices)
    technology = serializers.ChoiceField(choices=EkTechnology.choices)
    at = serializers.DateTimeField()
    device_id = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    person_informed = serializers.BooleanField(default=False)


class ScheduleInput(serializers.Serializer):
    weekday = serializers.ChoiceField(choices=Weekday.choices, help_text="0 = mandag")
    start_time = serializers.CharField(max_length=5, help_text="tt:mm")
    end_time = serializers.CharField(max_length=5, help_text="tt:mm (24:00: midnatt)")
    purpose = serializers.ChoiceField(choices=SchedulePurpose.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)

    def _clock(self, value: str) -> int:
        minutes = rules.parse_clock(value)
        if minutes is None:
            raise serializers.ValidationError("Skriv klokkeslettet som tt:mm, for eksempel 07:30.")
        return minutes

    def validate_start_time(self, value: str) -> int:
        return self._clock(value)

    def validate_end_time(self, value: str) -> int:
        return self._clock(value)

    def action_args(self) -> dict[str, Any]:
        data = self.validated_data
        return {
            "weekday": data["weekday"],
            "start_minute": data["start_time"],
            "end_minute": data["end_time"],
            "purpose": data["purpose"],
            "note": data["note"],
        }


ENTRY_ID = OpenApiParameter("entry_id", OpenApiTypes.INT, OpenApiParameter.PATH)


class CommunityCaseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Cases in the community (friomsorgen) of the persons you may see. Writes need a role
    that edits case data."""

    permission_classes = [permissions.IsAuthenticated, PersonPermission]

    @property
    def staff(self) -> User:
        return cast(User, self.request.user)

    def get_queryset(self) -> QuerySet[CommunityCase]:
        cases = with_progress(cases_visible_to(self.staff)).order_by("-start", "-id")
        if self.action != "list":
            cases = cases.select_related("person").prefetch_related(
                Prefetch("hours_logs", queryset=HoursLog.objects.order_by("-day", "-id")),
                "reportings",
                "breaches",
                "nd_phase_changes",
                "equipment_events",
                "schedule_entries",
            )
        return cases

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return CommunityCaseListSerializer if self.action == "list" else CommunityCaseSerializer

    def _input(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _done(self, case: CommunityCase, code: int = status.HTTP_201_CREATED) -> Response:
        data = CommunityCaseSerializer(self.get_queryset().get(pk=case.pk)).data
        return Response(data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        record_access(actor=self.staff, person=case.person, channel="api", path=request.path)
        return Response(self.get_serializer(case).data)

    @extend_schema(request=HoursInput, responses={201: CommunityCaseSerializer})
    @action(detail=True, methods=["post"])
    def hours(self, request: Request, pk: str | None = None) -> Response:
        """Log hours performed (community sentence, fine service)."""
        case = self.get_object()
        actions.do_log_hours(case, actor=self.staff, **self._input(HoursInput))
        return self._done(case)

    @extend_schema(request=ReportingInput, responses={201: CommunityCaseSerializer})
    @action(detail=True, methods=["post"])
    def reporting(self, request: Request, pk: str | None = None) -> Response:
        """Register a contact under the reporting duty (attended or missed)."""
        case = self.get_object()
        actions.do_register_reporting(case, actor=self.staff, **self._input(ReportingInput))
        return self._done(case)

    @extend_schema(request=BreachInput, responses={201: CommunityCaseSerializer})
    @action(detail=True, methods=["post"])
    def breach(self, request: Request, pk: str | None = None) -> Response:
        """Register a breach and the response (strgjfl § 58)."""
        case = self.get_object()
        actions.do_register_breach(case, actor=self.staff, **self._input(BreachInput))
        return self._done(case)

    @extend_schema(request=NdPhaseInput, responses={201: CommunityCaseSerializer})
    @action(detail=True, methods=["post"], url_path="nd-phase")
    def nd_phase(self, request: Request, pk: str | None = None) -> Response:
        """Register the court's ruling moving an ND programme to another phase
        (narkotikaprogramforskriften § 7; back only with reasons, strl § 39)."""
        case = self.get_object()
        actions.do_change_nd_phase(case, actor=self.staff, **self._input(NdPhaseInput))
        return self._done(case)

    @extend_schema(request=EquipmentInput, responses={201: CommunityCaseSerializer})
    @action(detail=True, methods=["post"])
    def equipment(self, request: Request, pk: str | None = None) -> Response:
        """Register EK equipment mounted, replaced, failing, alarming or removed (fsg § 7-5)."""
        case = self.get_object()
        actions.do_register_equipment_event(case, actor=self.staff, **self._input(EquipmentInput))
        return self._done(case)

    @extend_schema(request=ScheduleInput, responses={201: CommunityCaseSerializer})
    @action(detail=True, methods=["post"])
    def schedule(self, request: Request, pk: str | None = None) -> Response:
        """Add a weekly period away from home to the EK schedule (fsg §§ 7-4, 7-6)."""
        case = self.get_object()
        actions.do_add_schedule_entry(case, actor=self.staff, **self._schedule_input())
        return self._done(case)

    def _schedule_input(self) -> dict[str, Any]:
        serializer = ScheduleInput(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.action_args()

    def _entry(self, case: CommunityCase, entry_id: str) -> ScheduleEntry:
        entry = case.schedule_entries.filter(pk=int(entry_id)).first()
        if entry is None:
            raise Http404
        return entry

    @extend_schema(
        methods=["PUT"],
        parameters=[ENTRY_ID],
        request=ScheduleInput,
        responses={200: CommunityCaseSerializer},
    )
    @extend_schema(methods=["DELETE"], parameters=[ENTRY_ID], request=None, responses={204: None})
    @action(
        detail=True,
        methods=["put", "delete"],
        url_path=r"schedule/(?P<entry_id>[0-9]+)",
    )
    def schedule_entry(
        self, request: Request, pk: str | None = None, entry_id: str = ""
    ) -> Response:
        """Change or remove a period of the EK schedule."""
        case = self.get_object()
        entry = self._entry(case, entry_id)
        if request.method == "DELETE":
            actions.do_remove_schedule_entry(entry, actor=self.staff)
            return Response(status=status.HTTP_204_NO_CONTENT)
        actions.do_change_schedule_entry(entry, actor=self.staff, **self._schedule_input())
        return self._done(case, status.HTTP_200_OK)
