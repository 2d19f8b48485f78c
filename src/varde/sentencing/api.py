"""Judgments over REST: the same scoped querysets, permissions and actions as the UI."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from varde.audit.actions import record_access
from varde.organisation.models import User
from varde.people.api import PersonPermission
from varde.people.models import Person
from varde.sentencing.actions import JUDGMENT_FIELDS, do_register_judgment
from varde.sentencing.models import DateOverride, Judgment
from varde.sentencing.queries import judgments_visible_to, key_dates_for


class TraceEntrySerializer(serializers.Serializer):
    field = serializers.CharField(help_text="Datoen forklaringen gjelder")
    rule = serializers.CharField(help_text="Rettsgrunnlag")
    explanation = serializers.CharField(help_text="Forklaring på norsk")


class OverrideSerializer(serializers.ModelSerializer):
    class Meta:
        model = DateOverride
        fields = ["id", "field", "date", "reason", "created_by_name", "created_at"]


class KeyDateSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.DateField(allow_null=True, help_text="Gjeldende dato (overstyrt om satt)")
    computed = serializers.DateField(allow_null=True, help_text="Beregnet dato")
    overridden = serializers.BooleanField()
    override = OverrideSerializer(allow_null=True)
    trace = TraceEntrySerializer(many=True)


class KeyDatesSerializer(serializers.Serializer):
    start = serializers.DateField(help_text="Oppstart (faktisk eller forventet)")
    start_expected = serializers.BooleanField(help_text="Sann når oppstarten er forventet")
    total_days = serializers.IntegerField(allow_null=True)
    parole_ordinary = serializers.BooleanField(allow_null=True)
    ek_full_possible = serializers.BooleanField(allow_null=True)
    problem = serializers.CharField(allow_blank=True)
    dates = KeyDateSerializer(many=True)
    facts = TraceEntrySerializer(many=True)
    combined = serializers.SerializerMethodField()

    def get_combined(self, obj: Any) -> list[int]:
        return [judgment.pk for judgment in obj.combined]


class JudgmentSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.visible_to(AnonymousUser()),  # set per request in get_fields
        error_messages={"does_not_exist": "Personen finnes ikke, eller du har ikke tilgang."},
    )
    other_offences = serializers.ListField(
        child=serializers.CharField(max_length=30), required=False, default=list
    )
    combined_with = serializers.PrimaryKeyRelatedField(
        queryset=Judgment.objects.none(), required=False, allow_null=True
    )

    class Meta:
        model = Judgment
        fields = ["id", "person", *JUDGMENT_FIELDS, "status"]
        read_only_fields = ["status"]
        validators: list[Any] = []

    def get_fields(self) -> dict[str, Any]:
        """The person and the judgment to combine with are chosen among those in scope."""
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            user = cast(User, request.user)
            fields["person"].queryset = Person.objects.visible_to(user)  # type: ignore[attr-defined]
            fields["combined_with"].queryset = judgments_visible_to(user)  # type: ignore[attr-defined]
        return fields


class JudgmentDetailSerializer(JudgmentSerializer):
    key_dates = serializers.SerializerMethodField()

    class Meta(JudgmentSerializer.Meta):
        fields = [*JudgmentSerializer.Meta.fields, "key_dates"]

    @extend_schema_field(KeyDatesSerializer)
    def get_key_dates(self, obj: Judgment) -> dict[str, Any]:
        return dict(KeyDatesSerializer(key_dates_for(obj)).data)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("person", int, description="Bare dommene til denne personen")]
    ),
)
class JudgmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Judgments of the persons the caller may see; retrieve includes key dates and trace."""

    permission_classes = [permissions.IsAuthenticated, PersonPermission]

    @property
    def staff(self) -> User:
        return cast(User, self.request.user)

    def get_queryset(self) -> QuerySet[Judgment]:
        judgments = judgments_visible_to(self.staff).select_related("person", "combined_with")
        person = self.request.query_params.get("person", "")
        if self.action == "list" and person.isdigit():
            judgments = judgments.filter(person_id=int(person))
        if self.action == "retrieve":
            judgments = judgments.prefetch_related("overrides")
        return judgments.order_by("-received_on", "-id")

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Judgment]]:
        return JudgmentDetailSerializer if self.action == "retrieve" else JudgmentSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        judgment = self.get_object()
        record_access(actor=self.staff, person=judgment.person, channel="api", path=request.path)
        return Response(self.get_serializer(judgment).data)

    def perform_create(self, serializer: serializers.BaseSerializer[Judgment]) -> None:
        data = dict(serializer.validated_data)
        person = data.pop("person")
        serializer.instance = do_register_judgment(person, actor=self.staff, **data)
