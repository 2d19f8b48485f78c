"""Persons over REST: the same scoped querysets, permissions and actions as the UI."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from varde.audit.actions import record_access
from varde.core.pagination import CountInPagePagination
from varde.organisation.models import Unit, User
from varde.people.actions import PERSON_FIELDS, do_register_person, do_update_person
from varde.people.models import Alias, Person, Relative
from varde.people.queries import search_persons


class AliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = Alias
        fields = ["id", "name"]


class RelativeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Relative
        fields = ["id", "relation", "name", "birth_date", "phone", "lives_with_person"]


class PersonListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = [
            "id",
            "national_id",
            "id_kind",
            "first_name",
            "middle_name",
            "last_name",
            "birth_date",
            "sex",
        ]


class PersonSerializer(serializers.ModelSerializer):
    aliases = AliasSerializer(many=True, read_only=True)
    relatives = RelativeSerializer(many=True, read_only=True)
    responsible_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True),
        write_only=True,
        required=False,
        help_text="Enheten som får ansvar ved registrering (standard: egen enhet)",
    )
    reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text="Begrunnelse (påkrevd ved endring)",
    )

    class Meta:
        model = Person
        fields = [
            "id",
            *PERSON_FIELDS,
            "id_kind",
            "aliases",
            "relatives",
            "responsible_unit",
            "reason",
        ]
        read_only_fields = ["id_kind"]
        extra_kwargs: dict[str, dict[str, Any]] = {"national_id": {"validators": []}}


class PersonPermission(permissions.BasePermission):
    """Reading needs a role with person access; writing a role that edits persons."""

    def has_permission(self, request: Request, view: Any) -> bool:
        perm = (
            "people.view_person"
            if request.method in permissions.SAFE_METHODS
            else "people.change_person"
        )
        return bool(request.user and request.user.has_perm(perm))


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("q", str, description="Søk: ID, navn eller fødselsdato")]
    ),
)
class PersonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [permissions.IsAuthenticated, PersonPermission]
    pagination_class = CountInPagePagination

    @property
    def staff(self) -> User:
        """The signed-in staff member (IsAuthenticated has run before any handler)."""
        return cast(User, self.request.user)

    def get_queryset(self) -> QuerySet[Person]:
        query = self.request.query_params.get("q", "")
        if self.action == "list" and query:
            return search_persons(self.staff, query)
        persons = Person.objects.visible_to(self.staff)
        if self.action == "retrieve":
            persons = persons.prefetch_related("aliases", "relatives")
        return persons.order_by("last_name", "first_name", "id")

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Person]]:
        return PersonListSerializer if self.action == "list" else PersonSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        record_access(actor=self.staff, person=person, channel="api", path=request.path)
        return Response(self.get_serializer(person).data)

    def perform_create(self, serializer: serializers.BaseSerializer[Person]) -> None:
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        serializer.instance = do_register_person(actor=self.staff, reason=reason, **data)

    def perform_update(self, serializer: serializers.BaseSerializer[Person]) -> None:
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        data.pop("responsible_unit", None)  # set at registration only
        serializer.instance = do_update_person(
            cast(Person, serializer.instance),
            actor=self.staff,
            reason=reason,
            **data,
        )
