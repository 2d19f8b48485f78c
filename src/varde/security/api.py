"""The security register over REST, scoped as the pages and writing through the same
actions: incidents, contraband finds and drug tests (by unit), keep-apart relations (by
person), groups and affiliations (``security.access_affiliations``; every read logged in
``AffiliationRead``), the affiliation read log (system administrators), and counts per unit
and year (analysts too)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from varde.audit.actions import record_access
from varde.organisation.models import Unit, User
from varde.people.models import Person
from varde.people.queries import get_person_for_user
from varde.security import actions
from varde.security.choices import (
    AffiliationSource,
    Confidence,
    ContrabandKind,
    DrugTestResult,
    FindPlace,
    GroupKind,
    IncidentKind,
    InvolvementRole,
    KeepApartScope,
    QuantityUnit,
    SampleKind,
    Substance,
)
from varde.security.counts import drug_test_counts, find_counts, incident_counts
from varde.security.models import (
    Affiliation,
    AffiliationRead,
    ContrabandFind,
    CriminalGroup,
    DrugTest,
    Incident,
    KeepApart,
)
from varde.security.permissions import COUNT_ROLES
from varde.security.queries import (
    affiliation_reads,
    affiliations_of,
    finds_visible_to,
    get_affiliation_for_user,
    get_keep_apart_for_user,
    groups_register,
    in_period,
    incidents_visible_to,
    keep_apart_for,
    tests_visible_to,
    units_in_scope,
    visible_names,
)


def _perm(read: str, write: str) -> type[permissions.BasePermission]:
    """Reading needs ``read``, writing ``write`` (django-rules permissions)."""

    class Permission(permissions.BasePermission):
        def has_permission(self, request: Request, view: Any) -> bool:
            perm = read if request.method in permissions.SAFE_METHODS else write
            return bool(request.user and request.user.has_perm(perm))

    return Permission


def _staff(request: Request) -> User:
    return cast(User, request.user)


def _input(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _persons(user: User, ids: list[int]) -> dict[int, Person]:
    """The persons with these ids the user may see; an unknown or hidden id is refused alike."""
    found = visible_names(user, set(ids))
    missing = sorted(set(ids) - set(found))
    if missing:
        raise ValidationError({"person": [_("Ukjent person: %(ids)s.") % {"ids": missing}]})
    return found


def _day_param(request: Request, name: str) -> date | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: [_("Oppgi datoen som ÅÅÅÅ-MM-DD.")]}) from None


def _person_param(request: Request) -> Person:
    raw = request.query_params.get("person", "")
    if not raw.isdigit():
        raise ValidationError({"person": [_("Oppgi person som et tall.")]})
    return get_person_for_user(_staff(request), int(raw))


PERIOD_PARAMETERS = [
    OpenApiParameter("unit", int, description="Enhetens id"),
    OpenApiParameter("from", str, description="Fra dato (ÅÅÅÅ-MM-DD)"),
    OpenApiParameter("to", str, description="Til og med dato (ÅÅÅÅ-MM-DD)"),
]


def _period(request: Request, rows: QuerySet[Any], time_field: str, kind_field: str) -> Any:
    unit = request.query_params.get("unit", "")
    if unit:
        if not unit.isdigit():
            raise ValidationError({"unit": [_("Oppgi enhet som et tall.")]})
        rows = rows.filter(unit_id=int(unit))
    return in_period(
        rows,
        time_field,
        date_from=_day_param(request, "from"),
        date_to=_day_param(request, "to"),
        kind=request.query_params.get("kind", ""),
        kind_field=kind_field,
    )


# --- rows that name persons: the names the user may not see are left out ---------------------


class ScopedPersonsViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """List and retrieve with the ids of the persons the user may see in the serializer
    context (one query per page), so rows never name a person outside the user's scope."""

    def person_ids(self, rows: list[Any]) -> set[int]:
        return {row.person_id for row in rows if getattr(row, "person_id", None)}

    def visible_context(self, rows: list[Any]) -> dict[str, Any]:
        return {"visible": set(visible_names(_staff(self.request), self.person_ids(rows)))}

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(rows)
        items = list(page if page is not None else rows)
        serializer = self.get_serializer_class()(
            items, many=True, context=self.visible_context(items)
        )
        if page is not None:
            return self.get_paginated_response(serializer.data)
        return Response(serializer.data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.serialize(self.get_object()))

    def serialize(self, row: Any) -> Any:
        return self.get_serializer_class()(row, context=self.visible_context([row])).data


@extend_schema_field({"type": "integer", "nullable": True})
class PersonField(serializers.Field):
    """The row's person id, or null when the user may not see the person."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs |= {"read_only": True, "source": "*"}
        kwargs.setdefault("help_text", "Personens id; tom når personen er utenfor din tilgang")
        super().__init__(**kwargs)

    def to_representation(self, row: Any) -> int | None:
        visible: set[int] = self.context.get("visible", set())
        return row.person_id if row.person_id in visible else None


# --- incidents -------------------------------------------------------------------------------


class InvolvedSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text="Personens id")
    role = serializers.ChoiceField(choices=InvolvementRole.choices)


class IncidentSerializer(serializers.ModelSerializer):
    involved = serializers.SerializerMethodField()
    involved_hidden = serializers.SerializerMethodField(
        help_text="Involverte personer utenfor din tilgang (bare talt)"
    )

    class Meta:
        model = Incident
        fields = [
            "id",
            "unit",
            "kind",
            "occurred_at",
            "description",
            "injuries",
            "injury_note",
            "follow_up",
            "follow_up_done",
            "registered_by_name",
            "registered_at",
            "involved",
            "involved_hidden",
        ]

    @extend_schema_field(InvolvedSerializer(many=True))
    def get_involved(self, incident: Incident) -> list[dict[str, Any]]:
        visible: set[int] = self.context.get("visible", set())
        return [
            {"person": i.person_id, "role": i.role}
            for i in incident.involvements.all()
            if i.person_id in visible
        ]

    def get_involved_hidden(self, incident: Incident) -> int:
        visible: set[int] = self.context.get("visible", set())
        return sum(1 for i in incident.involvements.all() if i.person_id not in visible)


class IncidentInput(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    kind = serializers.ChoiceField(choices=IncidentKind.choices)
    occurred_at = serializers.DateTimeField()
    description = serializers.CharField()
    injuries = serializers.BooleanField(default=False)
    injury_note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300
    )
    follow_up = serializers.CharField(required=False, allow_blank=True, default="")
    involved = InvolvedSerializer(many=True, required=False, default=list)


class FollowUpInput(serializers.Serializer):
    follow_up = serializers.CharField(allow_blank=True)
    done = serializers.BooleanField(default=False)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            *PERIOD_PARAMETERS,
            OpenApiParameter("kind", str, enum=IncidentKind.values, description="Type hendelse"),
        ]
    )
)
class IncidentViewSet(ScopedPersonsViewSet):
    """Incidents at the units in your scope. Involved persons outside your scope are counted
    (``involved_hidden``), never named."""

    permission_classes = [
        permissions.IsAuthenticated,
        _perm("security.view_incidents", "security.register_incidents"),
    ]
    serializer_class = IncidentSerializer

    def get_queryset(self) -> QuerySet[Incident]:
        rows = incidents_visible_to(_staff(self.request)).prefetch_related("involvements")
        if self.action == "list":
            rows = _period(self.request, rows, "occurred_at", "kind")
        return rows.order_by("-occurred_at", "-id")

    def person_ids(self, rows: list[Any]) -> set[int]:
        return {i.person_id for row in rows for i in row.involvements.all()}

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One incident; each involved person shown is logged as read."""
        incident = self.get_object()
        named = visible_names(_staff(request), self.person_ids([incident]))
        for person in named.values():
            record_access(actor=_staff(request), person=person, channel="api", path=request.path)
        return Response(IncidentSerializer(incident, context={"visible": set(named)}).data)

    def _fresh(self, incident: Incident, code: int = status.HTTP_201_CREATED) -> Response:
        return Response(self.serialize(self.get_queryset().get(pk=incident.pk)), status=code)

    @extend_schema(request=IncidentInput, responses={201: IncidentSerializer})
    def create(self, request: Request) -> Response:
        """Register an incident with the persons involved and their roles."""
        data = _input(IncidentInput, request.data)
        user = _staff(request)
        involved = data.pop("involved")
        persons = _persons(user, [row["person"] for row in involved])
        incident = actions.do_register_incident(
            data.pop("unit"),
            involved=[(persons[row["person"]], row["role"]) for row in involved],
            actor=user,
            **data,
        )
        return self._fresh(incident)

    @extend_schema(request=InvolvedSerializer, responses={201: IncidentSerializer})
    @action(detail=True, methods=["post"])
    def involvements(self, request: Request, pk: str | None = None) -> Response:
        """Add a person involved in the incident."""
        incident = self.get_object()
        data = _input(InvolvedSerializer, request.data)
        person = _persons(_staff(request), [data["person"]])[data["person"]]
        actions.do_add_involvement(incident, person, role=data["role"], actor=_staff(request))
        return self._fresh(incident)

    @extend_schema(request=FollowUpInput, responses={200: IncidentSerializer})
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request: Request, pk: str | None = None) -> Response:
        """Record the follow-up of the incident and whether it is done."""
        incident = self.get_object()
        data = _input(FollowUpInput, request.data)
        actions.do_update_follow_up(incident, actor=_staff(request), **data)
        return self._fresh(incident, status.HTTP_200_OK)


# --- contraband finds ------------------------------------------------------------------------


class FindSerializer(serializers.ModelSerializer):
    person = PersonField()

    class Meta:
        model = ContrabandFind
        fields = [
            "id",
            "unit",
            "found_at",
            "kind",
            "place",
            "description",
            "quantity",
            "quantity_unit",
            "person",
            "registered_by_name",
            "registered_at",
        ]


class FindInput(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    found_at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=ContrabandKind.choices)
    place = serializers.ChoiceField(choices=FindPlace.choices)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300
    )
    quantity = serializers.DecimalField(
        max_digits=9, decimal_places=2, required=False, allow_null=True, default=None
    )
    quantity_unit = serializers.ChoiceField(
        choices=QuantityUnit.choices, required=False, allow_blank=True, default=""
    )
    person = serializers.IntegerField(required=False, allow_null=True, default=None)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            *PERIOD_PARAMETERS,
            OpenApiParameter("kind", str, enum=ContrabandKind.values, description="Hva ble funnet"),
        ]
    )
)
class ContrabandFindViewSet(ScopedPersonsViewSet):
    """Contraband finds at the units in your scope."""

    permission_classes = [
        permissions.IsAuthenticated,
        _perm("security.view_incidents", "security.register_incidents"),
    ]
    serializer_class = FindSerializer

    def get_queryset(self) -> QuerySet[ContrabandFind]:
        rows = finds_visible_to(_staff(self.request))
        if self.action == "list":
            rows = _period(self.request, rows, "found_at", "kind")
        return rows.order_by("-found_at", "-id")

    @extend_schema(request=FindInput, responses={201: FindSerializer})
    def create(self, request: Request) -> Response:
        """Register a find (linked to a person when known)."""
        data = _input(FindInput, request.data)
        user = _staff(request)
        person_id = data.pop("person")
        person = _persons(user, [person_id])[person_id] if person_id else None
        find = actions.do_register_find(data.pop("unit"), person=person, actor=user, **data)
        return Response(self.serialize(find), status=status.HTTP_201_CREATED)


# --- drug tests ------------------------------------------------------------------------------


class DrugTestSerializer(serializers.ModelSerializer):
    person = PersonField()
    substances = serializers.ListField(child=serializers.ChoiceField(choices=Substance.choices))

    class Meta:
        model = DrugTest
        fields = [
            "id",
            "person",
            "unit",
            "taken_at",
            "sample",
            "result",
            "substances",
            "note",
            "registered_by_name",
            "registered_at",
        ]


class DrugTestInput(serializers.Serializer):
    person = serializers.IntegerField()
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    taken_at = serializers.DateTimeField()
    sample = serializers.ChoiceField(choices=SampleKind.choices, default=SampleKind.URINE)
    result = serializers.ChoiceField(choices=DrugTestResult.choices)
    substances = serializers.ListField(
        child=serializers.ChoiceField(choices=Substance.choices), required=False, default=list
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ResultInput(serializers.Serializer):
    result = serializers.ChoiceField(
        choices=DrugTestResult.choices, help_text="negative eller positive"
    )
    substances = serializers.ListField(
        child=serializers.ChoiceField(choices=Substance.choices), required=False, default=list
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            *PERIOD_PARAMETERS,
            OpenApiParameter("kind", str, enum=DrugTestResult.values, description="Resultat"),
        ]
    )
)
class DrugTestViewSet(ScopedPersonsViewSet):
    """Drug tests (strgjfl § 29) at the units in your scope."""

    permission_classes = [
        permissions.IsAuthenticated,
        _perm("security.view_incidents", "security.register_incidents"),
    ]
    serializer_class = DrugTestSerializer

    def get_queryset(self) -> QuerySet[DrugTest]:
        rows = tests_visible_to(_staff(self.request))
        if self.action == "list":
            rows = _period(self.request, rows, "taken_at", "result")
        return rows.order_by("-taken_at", "-id")

    @extend_schema(request=DrugTestInput, responses={201: DrugTestSerializer})
    def create(self, request: Request) -> Response:
        """Register a test: taken (answer to come), refused, negative or positive."""
        data = _input(DrugTestInput, request.data)
        user = _staff(request)
        person_id = data.pop("person")
        person = _persons(user, [person_id])[person_id]
        test = actions.do_register_drug_test(person, data.pop("unit"), actor=user, **data)
        return Response(self.serialize(test), status=status.HTTP_201_CREATED)

    @extend_schema(request=ResultInput, responses={200: DrugTestSerializer})
    @action(detail=True, methods=["post"])
    def result(self, request: Request, pk: str | None = None) -> Response:
        """The laboratory's answer for a test that was taken."""
        test = self.get_object()
        data = _input(ResultInput, request.data)
        test = actions.do_record_test_result(test, actor=_staff(request), **data)
        return Response(self.serialize(test))


# --- keep apart ------------------------------------------------------------------------------


class KeepApartSerializer(serializers.ModelSerializer):
    persons = serializers.SerializerMethodField(
        help_text="De to personene; tom plass for en person utenfor din tilgang"
    )

    class Meta:
        model = KeepApart
        fields = [
            "id",
            "persons",
            "scope",
            "reason",
            "date_from",
            "date_to",
            "registered_by_name",
            "registered_at",
        ]

    def get_persons(self, relation: KeepApart) -> list[int | None]:
        visible: set[int] = self.context.get("visible", set())
        return [
            pid if pid in visible else None for pid in (relation.person_a_id, relation.person_b_id)
        ]


class KeepApartInput(serializers.Serializer):
    person = serializers.IntegerField()
    other = serializers.IntegerField()
    scope = serializers.ChoiceField(choices=KeepApartScope.choices)
    reason = serializers.CharField()
    date_from = serializers.DateField(required=False, allow_null=True, default=None)
    date_to = serializers.DateField(required=False, allow_null=True, default=None)


class EndWithReasonInput(serializers.Serializer):
    reason = serializers.CharField()
    date_to = serializers.DateField(required=False, allow_null=True, default=None)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("person", int, required=True, description="Personens id")]
    )
)
class KeepApartViewSet(ScopedPersonsViewSet):
    """Who a person must be kept apart from (symmetric: found from either side)."""

    permission_classes = [
        permissions.IsAuthenticated,
        _perm("people.view_person", "security.change_keep_apart"),
    ]
    serializer_class = KeepApartSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[KeepApart]:
        if self.action == "list" and not getattr(self, "swagger_fake_view", False):
            person = _person_param(self.request)
            record_access(
                actor=_staff(self.request), person=person, channel="api", path=self.request.path
            )
            return keep_apart_for(person)
        visible = Person.objects.visible_to(_staff(self.request))
        return KeepApart.objects.filter(person_a__in=visible) | KeepApart.objects.filter(
            person_b__in=visible
        )

    def person_ids(self, rows: list[Any]) -> set[int]:
        return {pid for r in rows for pid in (r.person_a_id, r.person_b_id)}

    @extend_schema(request=KeepApartInput, responses={201: KeepApartSerializer})
    def create(self, request: Request) -> Response:
        """Register that two persons must be kept apart (cell, department or unit)."""
        data = _input(KeepApartInput, request.data)
        user = _staff(request)
        person_id, other_id = data.pop("person"), data.pop("other")
        persons = _persons(user, [person_id, other_id])
        relation = actions.do_register_keep_apart(
            persons[person_id], persons[other_id], actor=user, **data
        )
        return Response(self.serialize(relation), status=status.HTTP_201_CREATED)

    @extend_schema(request=EndWithReasonInput, responses={200: KeepApartSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        """The persons no longer need to be kept apart."""
        relation = get_keep_apart_for_user(_staff(request), int(pk or 0))
        data = _input(EndWithReasonInput, request.data)
        relation = actions.do_end_keep_apart(relation, actor=_staff(request), **data)
        return Response(self.serialize(relation))


# --- groups and affiliation ------------------------------------------------------------------

_AFFILIATION = _perm("security.access_affiliations", "security.access_affiliations")


class GroupSerializer(serializers.ModelSerializer):
    reason = serializers.CharField(write_only=True, help_text="Begrunnelse (påkrevd)")

    class Meta:
        model = CriminalGroup
        fields = ["id", "name", "kind", "description", "is_active", "reason"]
        read_only_fields = ["is_active"]
        extra_kwargs: dict[str, dict[str, Any]] = {
            "name": {"validators": []},
            "kind": {"choices": GroupKind.choices},
        }


class CriminalGroupViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """The group register (criminal networks, gangs). Security-cleared staff only."""

    permission_classes = [permissions.IsAuthenticated, _AFFILIATION]
    serializer_class = GroupSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[CriminalGroup]:
        return groups_register()

    def perform_create(self, serializer: serializers.BaseSerializer[CriminalGroup]) -> None:
        serializer.instance = actions.do_register_group(
            actor=_staff(self.request), **dict(serializer.validated_data)
        )


class AffiliationSerializer(serializers.ModelSerializer):
    group_name = serializers.CharField(source="group.name", read_only=True)

    class Meta:
        model = Affiliation
        fields = [
            "id",
            "person",
            "group",
            "group_name",
            "date_from",
            "date_to",
            "source",
            "confidence",
            "reason",
            "registered_by_name",
            "registered_at",
        ]


class AffiliationInput(serializers.Serializer):
    person = serializers.IntegerField()
    group = serializers.PrimaryKeyRelatedField(queryset=CriminalGroup.objects.all())
    date_from = serializers.DateField()
    date_to = serializers.DateField(required=False, allow_null=True, default=None)
    # "source" shadows Field.source for the type checker; DRF takes it as a declared field.
    source = serializers.ChoiceField(choices=AffiliationSource.choices)  # type: ignore[assignment]
    confidence = serializers.ChoiceField(choices=Confidence.choices)
    reason = serializers.CharField()


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("person", int, required=True, description="Personens id")]
    )
)
class AffiliationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A person's group affiliations. Security-cleared staff only; every read is logged in
    the affiliation read log."""

    permission_classes = [permissions.IsAuthenticated, _AFFILIATION]
    serializer_class = AffiliationSerializer
    pagination_class = None

    def _log(self, person_id: int) -> None:
        actions.record_affiliation_read(
            actor=_staff(self.request),
            persons=[person_id],
            channel="api",
            path=self.request.path,
            purpose="person",
        )

    def get_queryset(self) -> QuerySet[Affiliation]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, no request
            return Affiliation.objects.none()
        person = _person_param(self.request)
        self._log(person.pk)
        return affiliations_of(person)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        affiliation = get_affiliation_for_user(_staff(request), int(kwargs["pk"]))
        self._log(affiliation.person_id)
        return Response(AffiliationSerializer(affiliation).data)

    @extend_schema(request=AffiliationInput, responses={201: AffiliationSerializer})
    def create(self, request: Request) -> Response:
        """Register an affiliation (the reason is required)."""
        data = _input(AffiliationInput, request.data)
        user = _staff(request)
        person = get_person_for_user(user, data.pop("person"))
        affiliation = actions.do_register_affiliation(person, data.pop("group"), actor=user, **data)
        return Response(AffiliationSerializer(affiliation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EndWithReasonInput, responses={200: AffiliationSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        """The affiliation has ended (or was wrong: say so in the reason)."""
        affiliation = get_affiliation_for_user(_staff(request), int(pk or 0))
        data = _input(EndWithReasonInput, request.data)
        affiliation = actions.do_end_affiliation(affiliation, actor=_staff(request), **data)
        return Response(AffiliationSerializer(affiliation).data)


class AffiliationReadSerializer(serializers.ModelSerializer):
    class Meta:
        model = AffiliationRead
        fields = ["id", "at", "actor", "actor_name", "person", "channel", "path", "purpose"]


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("person", int, required=True, description="Personens id")]
    )
)
class AffiliationReadViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Who read a person's affiliation data (system administrators)."""

    permission_classes = [
        permissions.IsAuthenticated,
        _perm("security.view_affiliation_log", "security.view_affiliation_log"),
    ]
    serializer_class = AffiliationReadSerializer

    def get_queryset(self) -> QuerySet[AffiliationRead]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, no request
            return AffiliationRead.objects.none()
        return affiliation_reads(_person_param(self.request))


# --- counts ----------------------------------------------------------------------------------


class CountRowSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id")
    year = serializers.IntegerField()
    kind = serializers.CharField(help_text="Type hendelse, type beslag eller testresultat")
    count = serializers.IntegerField()


COUNTS = {"incidents": incident_counts, "finds": find_counts, "tests": drug_test_counts}


class SecurityCountsViewSet(viewsets.ViewSet):
    """Incidents, finds or drug tests per unit, year and kind (no persons): national for
    analysts and KRUS, your units' for others."""

    permission_classes = [
        permissions.IsAuthenticated,
        _perm("security.view_counts", "security.view_counts"),
    ]

    @extend_schema(
        parameters=[
            OpenApiParameter("what", str, enum=list(COUNTS), description="Standard: incidents"),
            OpenApiParameter("year", int, description="År (standard: alle)"),
        ],
        responses=CountRowSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        user = _staff(request)
        what = request.query_params.get("what", "incidents")
        if what not in COUNTS:
            raise ValidationError({"what": [_("Velg incidents, finds eller tests.")]})
        raw = request.query_params.get("year", "")
        if raw and not raw.isdigit():
            raise ValidationError({"year": [_("Oppgi år som et tall.")]})
        units = Unit.objects.all() if user.role in COUNT_ROLES else units_in_scope(user)
        rows = COUNTS[what](years=[int(raw)] if raw else None, units=units)
        return Response(CountRowSerializer(rows, many=True).data)
