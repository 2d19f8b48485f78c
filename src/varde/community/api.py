"""Community cases over REST: scoped through the persons the user may see; every POST calls
the same action as the case page (``varde.community.actions``)."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from varde.community import actions
from varde.community.choices import BreachResponse, ContactKind
from varde.community.models import Breach, CommunityCase, HoursLog, ReportingEvent
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
            "deadline",
            "deadline_basis",
            "decided_by_name",
            "decided_on",
        ]


class CommunityCaseListSerializer(serializers.ModelSerializer):
    hours_performed = serializers.DecimalField(max_digits=6, decimal_places=1, read_only=True)
    last_contact = serializers.DateField(read_only=True, allow_null=True)

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
        ]


class CommunityCaseSerializer(CommunityCaseListSerializer):
    hours_remaining = serializers.SerializerMethodField()
    on_track = serializers.SerializerMethodField()
    reporting_overdue = serializers.SerializerMethodField()
    hours_logs = HoursLogSerializer(many=True, read_only=True)
    reportings = ReportingEventSerializer(many=True, read_only=True)
    breaches = BreachSerializer(many=True, read_only=True)

    class Meta(CommunityCaseListSerializer.Meta):
        fields = [
            *CommunityCaseListSerializer.Meta.fields,
            "hours_remaining",
            "on_track",
            "reporting_overdue",
            "hours_logs",
            "reportings",
            "breaches",
        ]

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
            cases = cases.prefetch_related(
                Prefetch("hours_logs", queryset=HoursLog.objects.order_by("-day", "-id")),
                "reportings",
                "breaches",
            )
        return cases

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return CommunityCaseListSerializer if self.action == "list" else CommunityCaseSerializer

    def _input(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _done(self, case: CommunityCase) -> Response:
        data = CommunityCaseSerializer(self.get_queryset().get(pk=case.pk)).data
        return Response(data, status=status.HTTP_201_CREATED)

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
