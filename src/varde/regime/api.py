"""The daily regime over REST, scoped as the pages: activity offers, enrolments, attendance
(read, and a day's grid saved through the same action as the page), daily figures of time
out of cell, the activity share, and a person's days.

Lists that name persons need person access and reach only persons the user may see, at
units in their scope; the figures (no names) are open to KDI's analysts too.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from varde.audit.actions import record_access
from varde.execution.models import Stay
from varde.organisation.models import Unit, User
from varde.people.models import Person
from varde.people.queries import get_person_for_user
from varde.regime import actions
from varde.regime.choices import AbsenceReason, ActivityKind, AttendanceStatus
from varde.regime.models import ActivityOffer, Attendance, Enrolment
from varde.regime.queries import (
    activity_overview,
    daily_counts,
    department_choice,
    get_unit_for_user,
    isolation_days,
    regime_units_for,
    unit_of,
)

MAX_DAYS = 366


class RegimePermission(permissions.BasePermission):
    """Reading needs ``read_perm`` on the view, writing ``write_perm`` (per view)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        safe = request.method in permissions.SAFE_METHODS
        perm = view.read_perm if safe else view.write_perm
        return bool(request.user and request.user.has_perm(perm))


def _staff(request: Request) -> User:
    return cast(User, request.user)


def _day(request: Request, name: str, default: date) -> date:
    raw = request.query_params.get(name)
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError as error:
        raise ValidationError({name: [_("Oppgi datoen som ÅÅÅÅ-MM-DD.")]}) from error


def _period(request: Request) -> tuple[date, date]:
    """``from`` and ``to`` (default: the last 30 days to yesterday), at most a year."""
    last = _day(request, "to", timezone.localdate() - timedelta(days=1))
    first = _day(request, "from", last - timedelta(days=29))
    if first > last:
        raise ValidationError({"from": [_("Fra-datoen må være før til-datoen.")]})
    if (last - first).days >= MAX_DAYS:
        raise ValidationError({"from": [_("Velg en periode på høyst ett år.")]})
    return first, last


def _int(request: Request, name: str, *, required: bool = True) -> int | None:
    raw = request.query_params.get(name, "")
    if not raw and not required:
        return None
    if not raw.isdigit():
        raise ValidationError({name: [_("Oppgi %(name)s som et tall.") % {"name": name}]})
    return int(raw)


# --- offers --------------------------------------------------------------------------------


class OfferSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivityOffer
        fields = [
            "id",
            "unit",
            "kind",
            "name",
            "capacity",
            "weekdays",
            "starts_at",
            "ends_at",
            "valid_from",
            "valid_to",
        ]
        read_only_fields = ["valid_to"]
        extra_kwargs: dict[str, dict[str, Any]] = {
            "unit": {"queryset": Unit.objects.filter(is_active=True)},
            "kind": {"choices": ActivityKind.choices},
        }


UNIT_PARAM = OpenApiParameter("unit", int, description="Enhetens id (med avdelinger)")


@extend_schema(parameters=[UNIT_PARAM])
class OfferViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Activity offers of the units in your scope (work, school, programme, day release ...).
    Creating one needs a role that manages activities."""

    permission_classes = [permissions.IsAuthenticated, RegimePermission]
    read_perm, write_perm = "regime.view_figures", "regime.manage_activities"
    serializer_class = OfferSerializer

    def get_queryset(self) -> QuerySet[ActivityOffer]:
        offers = ActivityOffer.objects.filter(unit__in=regime_units_for(_staff(self.request)))
        unit = _int(self.request, "unit", required=False) if self.action == "list" else None
        if unit is not None:
            offers = offers.filter(Q(unit_id=unit) | Q(unit__parent_id=unit))
        return offers.order_by("unit_id", "kind", "name", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        unit = data.pop("unit")
        if not regime_units_for(_staff(self.request)).filter(pk=unit.pk).exists():
            raise ValidationError({"unit": [_("Enheten er utenfor ditt ansvarsområde.")]})
        serializer.instance = actions.do_create_offer(unit, actor=_staff(self.request), **data)


# --- enrolments ----------------------------------------------------------------------------


class EnrolmentSerializer(serializers.ModelSerializer):
    offer = serializers.PrimaryKeyRelatedField(queryset=ActivityOffer.objects.none())
    stay = serializers.PrimaryKeyRelatedField(queryset=Stay.objects.none())

    class Meta:
        model = Enrolment
        fields = ["id", "offer", "person", "stay", "date_from", "date_to"]
        read_only_fields = ["person", "date_to"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Offers and stays to choose from: those of the caller's scope."""
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            user = _staff(request)
            offers = ActivityOffer.objects.filter(unit__in=regime_units_for(user))
            stays = Stay.objects.filter(
                person__in=Person.objects.visible_to(user), released_at__isnull=True
            )
            self.fields["offer"].queryset = offers  # type: ignore[attr-defined]
            self.fields["stay"].queryset = stays  # type: ignore[attr-defined]


class EndInput(serializers.Serializer):
    date_to = serializers.DateField()


@extend_schema(parameters=[UNIT_PARAM, OpenApiParameter("person", int, description="Personens id")])
class EnrolmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Who is enrolled in which activity, for persons you may see at units in your scope."""

    permission_classes = [permissions.IsAuthenticated, RegimePermission]
    read_perm, write_perm = "regime.view_regime", "regime.manage_activities"
    serializer_class = EnrolmentSerializer

    def get_queryset(self) -> QuerySet[Enrolment]:
        user = _staff(self.request)
        enrolments = Enrolment.objects.filter(
            offer__unit__in=regime_units_for(user), person__in=Person.objects.visible_to(user)
        )
        if self.action == "list":
            unit = _int(self.request, "unit", required=False)
            person = _int(self.request, "person", required=False)
            if unit is not None:
                enrolments = enrolments.filter(
                    Q(offer__unit_id=unit) | Q(offer__unit__parent_id=unit)
                )
            if person is not None:
                enrolments = enrolments.filter(person_id=person)
        return enrolments.order_by("-date_from", "-pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        serializer.instance = actions.do_enrol(
            data["offer"], data["stay"], date_from=data["date_from"], actor=_staff(self.request)
        )

    @extend_schema(request=EndInput, responses={200: EnrolmentSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        """The inmate's last day in the activity."""
        enrolment = self.get_object()
        data = EndInput(data=request.data)
        data.is_valid(raise_exception=True)
        done = actions.do_end_enrolment(
            enrolment, date_to=data.validated_data["date_to"], actor=_staff(request)
        )
        return Response(EnrolmentSerializer(done).data)


# --- attendance ----------------------------------------------------------------------------


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["id", "person", "stay", "unit", "day", "status", "reason", "offer"]


class AttendanceRowInput(serializers.Serializer):
    stay = serializers.IntegerField()
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)
    reason = serializers.ChoiceField(
        choices=AbsenceReason.choices, required=False, allow_blank=True, default=""
    )
    offer = serializers.IntegerField(required=False, allow_null=True, default=None)


class GridInput(serializers.Serializer):
    unit = serializers.IntegerField(help_text="Enheten (fengselet)")
    department = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Avdelingen, om bare én"
    )
    day = serializers.DateField()
    rows = AttendanceRowInput(many=True)


class GridResult(serializers.Serializer):
    created = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()


@extend_schema(
    parameters=[
        UNIT_PARAM,
        OpenApiParameter("person", int, description="Personens id"),
        OpenApiParameter("from", date, description="Fra dato"),
        OpenApiParameter("to", date, description="Til og med dato"),
    ]
)
class AttendanceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Attendance per inmate-day (attended, absent with a reason, no activity)."""

    permission_classes = [permissions.IsAuthenticated, RegimePermission]
    read_perm, write_perm = "regime.view_regime", "regime.register_attendance"
    serializer_class = AttendanceSerializer

    def get_queryset(self) -> QuerySet[Attendance]:
        user = _staff(self.request)
        first, last = _period(self.request)
        rows = Attendance.objects.filter(
            unit__in=regime_units_for(user),
            person__in=Person.objects.visible_to(user),
            day__gte=first,
            day__lte=last,
        )
        unit = _int(self.request, "unit", required=False)
        person = _int(self.request, "person", required=False)
        if unit is not None:
            rows = rows.filter(Q(unit_id=unit) | Q(unit__parent_id=unit))
        if person is not None:
            rows = rows.filter(person_id=person)
        return rows.order_by("-day", "pk")

    @extend_schema(request=GridInput, responses={201: GridResult})
    @action(detail=False, methods=["post"])
    def register(self, request: Request) -> Response:
        """Save a day's grid for a unit (or one department), as the page does."""
        user = _staff(request)
        data = GridInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        unit = get_unit_for_user(user, values["unit"])
        department = department_choice(unit, str(values["department"] or ""))
        entries = [
            actions.AttendanceEntry(r["stay"], r["status"], r["reason"], r["offer"])
            for r in values["rows"]
        ]
        result = actions.do_register_attendance(
            unit, values["day"], entries, actor=user, department=department
        )
        return Response(GridResult(result).data, status=status.HTTP_201_CREATED)


# --- figures -------------------------------------------------------------------------------


class DayCountsSerializer(serializers.Serializer):
    day = serializers.DateField()
    inmates = serializers.IntegerField()
    out_under_8 = serializers.IntegerField(help_text="Under 8 timer utenfor cellen")
    out_under_4 = serializers.IntegerField(help_text="Under 4 timer utenfor cellen")
    isolated = serializers.IntegerField(
        help_text="2 timer eller mindre meningsfull kontakt (Mandela-regel 44)"
    )
    without_schedule = serializers.IntegerField(help_text="Uten registrert dagsregime")


class DailyFiguresViewSet(viewsets.ViewSet):
    """Time out of cell per day for a unit and its departments (the dagsmåling, every day)."""

    permission_classes = [permissions.IsAuthenticated, RegimePermission]
    read_perm, write_perm = "regime.view_figures", "regime.view_figures"

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, required=True, description="Enhetens id"),
            OpenApiParameter("from", date, description="Fra dato (standard: 30 dager tilbake)"),
            OpenApiParameter("to", date, description="Til og med dato (standard: i går)"),
        ],
        responses=DayCountsSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        unit_id = cast(int, _int(request, "unit"))
        unit = regime_units_for(_staff(request)).filter(pk=unit_id).first()
        if unit is None:
            raise NotFound
        first, last = _period(request)
        counts = daily_counts(unit_of(unit), first, last)
        data = [{"day": day, **vars(c)} for day, c in sorted(counts.items())]
        return Response(DayCountsSerializer(data, many=True).data)


class ShareRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    region = serializers.CharField()
    unit = serializers.IntegerField(source="unit_id", allow_null=True)
    days = serializers.IntegerField(help_text="Døgn i fengsel (hverdager)")
    with_activity = serializers.IntegerField(help_text="Døgn med aktivitet")
    share = serializers.FloatField(allow_null=True, help_text="Prosent")


class ActivityShareSerializer(serializers.Serializer):
    first = serializers.DateField()
    last = serializers.DateField()
    target = serializers.FloatField(help_text="VARDE_ACTIVITY_TARGET, prosent")
    units = ShareRowSerializer(many=True)
    regions = ShareRowSerializer(many=True)
    national = ShareRowSerializer()


class ActivityShareViewSet(viewsets.ViewSet):
    """The share of prison days with activity per unit, region and nation (your scope)."""

    permission_classes = [permissions.IsAuthenticated, RegimePermission]
    read_perm, write_perm = "regime.view_figures", "regime.view_figures"

    @extend_schema(
        parameters=[
            OpenApiParameter("from", date, description="Fra dato (standard: 30 dager tilbake)"),
            OpenApiParameter("to", date, description="Til og med dato (standard: i går)"),
        ],
        responses=ActivityShareSerializer,
    )
    def list(self, request: Request) -> Response:
        first, last = _period(request)
        overview = activity_overview(first, last, regime_units_for(_staff(request)))
        return Response(ActivityShareSerializer(overview).data)


class PersonDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    unit = serializers.IntegerField(source="unit_id")
    hours_out = serializers.FloatField(allow_null=True, help_text="Timer utenfor cellen")
    hours_contact = serializers.FloatField(
        allow_null=True, help_text="Timer med meningsfull menneskelig kontakt"
    )
    isolated = serializers.BooleanField(
        allow_null=True, help_text="22 timer eller mer uten meningsfull kontakt"
    )


class PersonDaysViewSet(viewsets.ViewSet):
    """A person's days in prison: hours out of cell and of meaningful contact per day."""

    permission_classes = [permissions.IsAuthenticated, RegimePermission]
    read_perm, write_perm = "regime.view_regime", "regime.view_regime"

    @extend_schema(
        parameters=[
            OpenApiParameter("person", int, required=True, description="Personens id"),
            OpenApiParameter("from", date, description="Fra dato"),
            OpenApiParameter("to", date, description="Til og med dato"),
        ],
        responses=PersonDaySerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        user = _staff(request)
        person = get_person_for_user(user, cast(int, _int(request, "person")))
        record_access(actor=user, person=person, channel="api", path=request.path)
        first, last = _period(request)
        return Response(PersonDaySerializer(isolation_days(person, first, last), many=True).data)
