"""Reads of the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from varde.audit.models import AccessLog, AuditEvent

if TYPE_CHECKING:
    from varde.people.models import Person


def person_log(person: Person) -> tuple[QuerySet[AuditEvent], QuerySet[AccessLog]]:
    """All changes to the person's data, and all reads of their record, newest first."""
    events = AuditEvent.objects.filter(person_id=person.pk).order_by("-at", "-id")
    reads = AccessLog.objects.filter(person_id=person.pk).order_by("-at", "-id")
    return events, reads
