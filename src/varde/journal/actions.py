"""Writing to the journal. Staff write notes; every case action adds an event entry.

Entries are never changed or deleted: a correction is a new entry that refers to the old one.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.audit.actions import actor_name, record_create
from varde.journal.models import EntryKind, JournalEntry
from varde.journal.rules import SYSTEM_KINDS, note_kinds_for_role, note_time_problem

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
    corrects: JournalEntry | None = None,
) -> JournalEntry:
    """Add an entry to the person's journal (audited like every write to personal data).

    A note written by staff (no ``source_action``) must be of a kind the author's role may
    write; "event" entries come only from actions (``source_action`` names the action).
    ``corrects`` is an earlier entry in the same journal that this one puts right. ``at`` is
    when it happened (a staff note may be dated back, ``rules.note_time_problem``); the
    registration time is stored as ``recorded_at``.
    """
    if not text.strip():
        raise ValidationError({"text": _("Journalnotatet kan ikke være tomt.")})
    now = timezone.now()
    if at is not None and actor is not None and not source_action:  # staff dating a note
        problem = note_time_problem(at, now=now, backdate_days=settings.VARDE_JOURNAL_BACKDATE_DAYS)
        if problem:
            raise ValidationError({"at": problem})
    _check_kind(kind, actor=actor, source_action=source_action)
    if corrects is not None and corrects.person_id != person.pk:
        raise ValidationError(
            {"corrects": _("Notatet som skal rettes, står i en annen persons journal.")}
        )
    entry = JournalEntry(
        person=person,
        at=at or now,
        recorded_at=now,
        kind=kind,
        text=text.strip(),
        author=actor,
        author_name=actor_name(actor),
        unit=unit if unit is not None else (actor.unit if actor else None),
        source_action=source_action,
        corrects=corrects,
    )
    entry.full_clean()
    entry.save()
    record_create(entry, actor=actor, action="write_journal_entry", person=person)
    return entry


def _check_kind(kind: str, *, actor: User | None, source_action: str) -> None:
    if kind not in EntryKind.values:
        raise ValidationError({"kind": _("Velg en type notat fra listen.")})
    if source_action:
        return  # written by an action, which answers for what it writes
    if kind in SYSTEM_KINDS:
        raise ValidationError(
            {"kind": _("Hendelser skrives bare av systemet. Velg en annen type notat.")}
        )
    if actor is not None and kind not in note_kinds_for_role(actor.role):
        allowed = ", ".join(
            str(EntryKind(k).label).lower() for k in note_kinds_for_role(actor.role)
        )
        raise ValidationError(
            {
                "kind": _("Din rolle kan ikke skrive denne typen notat. Du kan skrive: %(kinds)s.")
                % {"kinds": allowed or "–"}
            }
        )


def journal_event(
    person: Person, text: str, *, actor: User | None, source_action: str, unit: Unit | None = None
) -> JournalEntry:
    """The journal line a case action adds about itself (call inside the action)."""
    return do_write_journal_entry(
        person, kind=EntryKind.EVENT, text=text, actor=actor, unit=unit, source_action=source_action
    )
