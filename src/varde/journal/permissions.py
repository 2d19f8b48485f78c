"""Permissions for the journal (django-rules). Scope (whose journal) comes from the person
querysets; these say what the role may do with a journal in scope."""

from __future__ import annotations

from typing import Any

import rules

from varde.core.permissions import edits_persons, has_person_access
from varde.journal.rules import note_kinds_for_role


@rules.predicate
def writes_journal_notes(user: Any) -> bool:
    return bool(note_kinds_for_role(getattr(user, "role", "") or ""))


# Reading a journal is reading the person's record.
rules.add_perm("journal.view_journal", rules.is_active & has_person_access)
rules.add_perm("journal.add_journalentry", rules.is_active & writes_journal_notes)
# The export for the person's right of access: system administrators and editors.
rules.add_perm("journal.export_journal", rules.is_active & edits_persons)
