"""Writing to the journal. Staff write notes; every case action adds an event entry."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.audit.actions import record_create
from varde.journal.models import EntryKind, JournalEntry

if TYPE_CHECKING:
    from varde.organisation.models import Unit, User
    from varde.people.models import Person


@transaction.atomic
def do_write_journal_entry(
    person: Person,
    *,
    kind: str,
    text: str,
    actor: User | None,
    at: datetime | None = None,
    unit: Unit | None = None,
    source_action: str = "",
) -> JournalEntry:
    """Add an entry to the person's journal (audited like every write to personal data)."""
    if not text.strip():
        raise ValidationError({"text": _("Journalnotatet kan ikke være tomt.")})
    entry = JournalEntry(
        person=person,
        at=at or timezone.now(),
        kind=kind,
        text=text.strip(),
        author=actor,
        author_name=actor.get_username() if actor else "system",
        unit=unit if unit is not None else (actor.unit if actor else None),
        source_action=source_action,
    )
    entry.full_clean()
    entry.save()
    record_create(entry, actor=actor, action="write_journal_entry", person=person)
    return entry


def journal_event(
    person: Person, text: str, *, actor: User | None, source_action: str, unit: Unit | None = None
) -> JournalEntry:
    """The journal line a case action adds about itself (call inside the action)."""
    return do_write_journal_entry(
        person, kind=EntryKind.EVENT, text=text, actor=actor, unit=unit, source_action=source_action
    )
