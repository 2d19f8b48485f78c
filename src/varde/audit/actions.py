"""Writing audit rows. Only actions call these, inside their own transaction."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models

from varde.audit.models import AccessLog, AuditEvent, EventVerb

if TYPE_CHECKING:
    from varde.organisation.models import User
    from varde.people.models import Person

Snapshot = dict[str, Any]


def snapshot(instance: models.Model) -> Snapshot:
    """The instance's concrete field values, JSON-ready, keyed by attribute name."""
    values: Snapshot = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"search_name", "created_at", "updated_at"}:
            continue
        values[field.attname] = _json_value(getattr(instance, field.attname))
    return values


def actor_name(actor: User | None) -> str:
    """The name a record keeps of who did something: the username, or "system" for jobs."""
    return actor.get_username() if actor else "system"


def _json_value(value: Any) -> Any:
    """A field value as JSON can hold it: dates, times of day and datetimes as ISO text."""
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def diff(before: Snapshot, after: Snapshot) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for each field whose value changed."""
    keys = before.keys() | after.keys()
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def filled(values: Snapshot) -> Snapshot:
    """The fields that hold a value (empty and None are not worth listing)."""
    return {k: v for k, v in values.items() if v not in (None, "")}


def record_event(
    *,
    actor: User | None,
    action: str,
    verb: str,
    instance: models.Model,
    person: Person | None,
    changes: dict[str, list[Any]],
    reason: str = "",
) -> AuditEvent:
    """Append one audit event for a write that ``action`` made to ``instance``."""
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=actor_name(actor),
        action=action,
        verb=verb,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        person=person,
        changes=changes,
        reason=reason,
    )


def record_create(
    instance: models.Model,
    *,
    actor: User | None,
    action: str,
    person: Person | None,
    reason: str = "",
) -> AuditEvent:
    """Append a create event listing the new record's filled-in fields."""
    return record_event(
        actor=actor,
        action=action,
        verb=EventVerb.CREATE,
        instance=instance,
        person=person,
        changes=diff({}, filled(snapshot(instance))),
        reason=reason,
    )


def record_update(
    instance: models.Model,
    before: Snapshot,
    *,
    actor: User | None,
    action: str,
    person: Person | None,
    reason: str = "",
) -> AuditEvent | None:
    """Append an update event with the changed fields; nothing when nothing changed."""
    changes = diff(before, snapshot(instance))
    if not changes:
        return None
    return record_event(
        actor=actor,
        action=action,
        verb=EventVerb.UPDATE,
        instance=instance,
        person=person,
        changes=changes,
        reason=reason,
    )


def record_delete(
    instance: models.Model,
    *,
    actor: User | None,
    action: str,
    person: Person | None,
    reason: str = "",
) -> AuditEvent:
    """Append a delete event keeping the removed record's filled-in fields."""
    return record_event(
        actor=actor,
        action=action,
        verb=EventVerb.DELETE,
        instance=instance,
        person=person,
        changes=diff(filled(snapshot(instance)), {}),
        reason=reason,
    )


def record_access(*, actor: User, person: Person, channel: str, path: str) -> AccessLog:
    """Log that ``actor`` read ``person``'s record."""
    return AccessLog.objects.create(
        actor=actor,
        actor_name=actor.get_username(),
        person=person,
        channel=channel,
        path=path[:300],
    )
