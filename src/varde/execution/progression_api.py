"""Progression and placement support over REST, scoped as the pages
(``progression_views``): ``GET /api/progression/?unit=`` and
``GET /api/placement-options/?person=&date=``."""

from __future__ import annotations

from typing import Any, cast

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from varde.audit.actions import record_access
from varde.execution.placement_support import placement_support
from varde.execution.progression import get_unit_for_worklist, unit_worklist
from varde.execution.progression_views import parse_day
from varde.organisation.models import User
from varde.people.api import PersonPermission
from varde.people.queries import get_person_for_user


class MilestoneSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="label")
    basis = serializers.CharField(help_text="Lovhjemmel")
    on = serializers.DateField(help_text="Tidligste dato")


class InmateProgressSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    name = serializers.CharField(source="person.full_name")
    stay = serializers.IntegerField(source="stay.pk")
    security_level = serializers.CharField(source="stay.security_level")
    start = serializers.DateField()
    total_days = serializers.IntegerField(allow_null=True)
    short_at_high = serializers.BooleanField()
    problem = serializers.CharField()
    milestones = MilestoneSerializer(many=True)


class WorklistRowSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="progress.person.pk")
    name = serializers.CharField(source="progress.person.full_name")
    milestone = MilestoneSerializer()


class WorklistSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    today = serializers.DateField()
    days = serializers.IntegerField()
    upcoming = WorklistRowSerializer(many=True)
    short_at_high = serializers.SerializerMethodField()
    inmates = InmateProgressSerializer(many=True)

    def get_short_at_high(self, obj: Any) -> list[int]:
        return [p.person.pk for p in obj.short_at_high]


class ConflictSerializer(serializers.Serializer):
    """A person at the unit the person conflicts with (security register)."""

    kind = serializers.CharField(help_text="keep_apart eller group")
    severity = serializers.CharField(help_text="conflict, eller caution (avdeling/celle)")
    scope = serializers.CharField(help_text="Omfang for keep_apart: cell, department, unit")
    person = serializers.IntegerField(
        source="person.pk", allow_null=True, default=None, help_text="Tom utenfor din tilgang"
    )
    groups = serializers.ListField(
        child=serializers.CharField(),
        help_text="Gruppenavn; bare med tilgang til gruppetilhørighet",
    )


class UnitOptionSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    region = serializers.CharField(source="unit.region.code")
    security_level = serializers.CharField()
    sex = serializers.CharField()
    free = serializers.IntegerField()
    home_region = serializers.BooleanField()
    youth_unit = serializers.BooleanField()
    presumption = serializers.BooleanField(help_text="strgjfl § 11: nivået skal vurderes")
    keep_apart = serializers.IntegerField(help_text="Medsiktede ved enheten nå")
    conflicts = ConflictSerializer(many=True)


class PlacementSupportSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    date = serializers.DateField(source="day")
    age = serializers.IntegerField(allow_null=True)
    under_18 = serializers.BooleanField()
    home_region = serializers.CharField(allow_null=True)
    judgment = serializers.IntegerField(source="judgment.pk", allow_null=True, default=None)
    total_days = serializers.IntegerField(allow_null=True)
    lower_security = serializers.BooleanField()
    transitional = serializers.BooleanField()
    keep_apart_cases = serializers.SerializerMethodField()
    options = UnitOptionSerializer(many=True)

    def get_keep_apart_cases(self, obj: Any) -> list[str]:
        return sorted(obj.conflicts)


def _int_param(request: Request, name: str) -> int:
    raw = request.query_params.get(name, "")
    if not raw.isdigit():
        raise ValidationError({name: [_("Oppgi %(name)s som et tall.") % {"name": name}]})
    return int(raw)


class ProgressionViewSet(viewsets.ViewSet):
    """A unit's progression worklist (the page ``/enheter/<id>/progresjon/``)."""

    permission_classes = [permissions.IsAuthenticated, PersonPermission]

    @extend_schema(
        parameters=[OpenApiParameter("unit", int, required=True, description="Enhetens id")],
        responses=WorklistSerializer,
    )
    def list(self, request: Request) -> Response:
        user = cast(User, request.user)
        unit = get_unit_for_worklist(user, _int_param(request, "unit"))
        worklist = unit_worklist(unit, user, timezone.localdate())
        return Response(WorklistSerializer(worklist).data)


class PlacementOptionsViewSet(viewsets.ViewSet):
    """Placement decision support for a person on a date (default today)."""

    permission_classes = [permissions.IsAuthenticated, PersonPermission]

    @extend_schema(
        parameters=[
            OpenApiParameter("person", int, required=True, description="Personens id"),
            OpenApiParameter("date", str, description="Dato (ÅÅÅÅ-MM-DD), standard i dag"),
        ],
        responses=PlacementSupportSerializer,
    )
    def list(self, request: Request) -> Response:
        user = cast(User, request.user)
        person = get_person_for_user(user, _int_param(request, "person"))
        record_access(actor=user, person=person, channel="api", path=request.path)
        raw = request.query_params.get("date")
        day = parse_day(raw)
        if raw and day is None:
            raise ValidationError({"date": [_("Oppgi datoen som ÅÅÅÅ-MM-DD.")]})
        support = placement_support(
            person, day or timezone.localdate(), user, channel="api", path=request.path
        )
        return Response(PlacementSupportSerializer(support).data)
