"""Scoped reads of the journal. A journal is reached through a person the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef

from varde.journal.models import JournalEntry
from varde.people.models import Person

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from varde.organisation.models import User


def journal_of(person: Person, *, kind: str = "") -> QuerySet[JournalEntry]:
    """The person's journal, newest first, with what the list shows (no N+1).

    ``is_corrected`` tells whether a later entry corrects the entry.
    """
    entries = JournalEntry.objects.filter(person=person)
    if kind:
        entries = entries.filter(kind=kind)
    corrected = JournalEntry.objects.filter(corrects=OuterRef("pk"))
    return (
        entries.select_related("unit", "corrects")
        .annotate(is_corrected=Exists(corrected))
        .order_by("-at", "-id")
    )


def journal_for_export(person: Person) -> QuerySet[JournalEntry]:
    """The whole journal in the order it was written (for the person's right of access)."""
    return journal_of(person).order_by("at", "id")


def entries_visible_to(user: User) -> QuerySet[JournalEntry]:
    """Journal entries of the persons the user may see."""
    return JournalEntry.objects.filter(person__in=Person.objects.visible_to(user))
