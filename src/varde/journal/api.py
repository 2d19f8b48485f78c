"""The journal over REST: the same scoped querysets, permissions and action as the UI."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from varde.audit.actions import record_access
from varde.journal.actions import do_write_journal_entry
from varde.journal.models import JournalEntry
from varde.journal.queries import entries_visible_to
from varde.organisation.models import User
from varde.people.models import Person


class _VisiblePersonField(serializers.PrimaryKeyRelatedField):
    """A person the caller may see (any other id: "not found", never "not yours")."""

    default_error_messages = {
        "does_not_exist": _("Fant ikke personen. Oppgi ID-en til en person du har tilgang til."),
        "incorrect_type": _("Oppgi personens ID som et tall."),
        "required": _("Oppgi personen notatet gjelder."),
    }

    def get_queryset(self) -> QuerySet[Person]:
        return Person.objects.visible_to(self.context["request"].user)


class _VisibleEntryField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("Fant ikke notatet som skal rettes."),
        "incorrect_type": _("Oppgi notatets ID som et tall."),
    }

    def get_queryset(self) -> QuerySet[JournalEntry]:
        return entries_visible_to(self.context["request"].user)


class JournalEntrySerializer(serializers.ModelSerializer):
    person = _VisiblePersonField(help_text="Personen notatet gjelder")
    corrects = _VisibleEntryField(
        required=False, allow_null=True, help_text="Notatet som dette notatet retter (valgfritt)"
    )

    class Meta:
        model = JournalEntry
        fields = [
            "id",
            "person",
            "at",
            "recorded_at",
            "kind",
            "text",
            "author_name",
            "unit",
            "source_action",
            "corrects",
        ]
        read_only_fields = ["recorded_at", "author_name", "unit", "source_action"]
        extra_kwargs: dict[str, dict[str, Any]] = {
            "at": {"required": False, "help_text": "Når det skjedde (tomt: nå)"},
            "text": {"error_messages": {"blank": _("Journalnotatet kan ikke være tomt.")}},
        }


class JournalPermission(permissions.BasePermission):
    """Reading needs person access; writing a role that writes journal notes."""

    def has_permission(self, request: Request, view: Any) -> bool:
        perm = (
            "journal.view_journal"
            if request.method in permissions.SAFE_METHODS
            else "journal.add_journalentry"
        )
        return bool(request.user and request.user.has_perm(perm))


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("person", int, description="Bare notater om denne personen")]
    ),
)
class JournalEntryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Journal entries of the persons the caller may see, newest first. Entries are never
    changed or deleted: a correction is a new entry with ``corrects`` set."""

    serializer_class = JournalEntrySerializer
    permission_classes = [permissions.IsAuthenticated, JournalPermission]

    @property
    def staff(self) -> User:
        return cast(User, self.request.user)

    def get_queryset(self) -> QuerySet[JournalEntry]:
        entries = entries_visible_to(self.staff).order_by("-at", "-id")
        person = self.request.query_params.get("person")
        if self.action == "list" and person is not None:
            if not person.isdigit():
                raise ValidationError({"person": [_("Oppgi personens ID som et tall.")]})
            entries = entries.filter(person_id=int(person))
        return entries.select_related("person")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        entries = list(page) if page is not None else list(self.get_queryset())
        self._log_reads(entries, request)
        data = self.get_serializer(entries, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entry = self.get_object()
        self._log_reads([entry], request)
        return Response(self.get_serializer(entry).data)

    def perform_create(self, serializer: serializers.BaseSerializer[JournalEntry]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = do_write_journal_entry(data.pop("person"), actor=self.staff, **data)

    def _log_reads(self, entries: Iterable[JournalEntry], request: Request) -> None:
        """Each person whose journal the response shows has had their record read."""
        persons = {entry.person_id: entry.person for entry in entries}
        for person in persons.values():
            record_access(actor=self.staff, person=person, channel="api", path=request.path)
