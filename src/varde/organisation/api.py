from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from varde.organisation.models import Unit
from varde.organisation.queries import units_for_listing


class UnitSerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "region",
            "parent",
            "street_address",
            "postal_code",
            "city",
        ]


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Units of the service (not personal data: every signed-in user may list them)."""

    serializer_class = UnitSerializer

    def get_queryset(self) -> QuerySet[Unit]:
        return units_for_listing().order_by("id")
