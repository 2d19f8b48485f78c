"""Who may write which kind of journal note. Pure: roles and kinds in, kinds out.

Staff write notes; "event" entries are written only by the system, by the action that changed
the case. Prison officers write what they see and hear on the wing (conversations and
observations); roles that edit person data write every staff kind. Only what is relevant and
necessary for the execution of the sentence goes in (data minimisation, personvernforordningen
art. 5 (1) c; strgjfl § 7 d).
"""

from __future__ import annotations

from varde.journal.choices import EntryKind
from varde.organisation.choices import PERSON_EDIT_ROLES, Role

SYSTEM_KINDS = frozenset({EntryKind.EVENT})
OFFICER_KINDS = (EntryKind.CONVERSATION, EntryKind.OBSERVATION)
STAFF_KINDS = tuple(kind for kind in EntryKind if kind not in SYSTEM_KINDS)


def note_kinds_for_role(role: str) -> tuple[EntryKind, ...]:
    """The kinds of note a member of staff with ``role`` may write (empty: none).

    >>> note_kinds_for_role("prison_officer")
    (<EntryKind.CONVERSATION: 'conversation'>, <EntryKind.OBSERVATION: 'observation'>)
    """
    if role in PERSON_EDIT_ROLES:
        return STAFF_KINDS
    if role == Role.PRISON_OFFICER:
        return OFFICER_KINDS
    return ()
