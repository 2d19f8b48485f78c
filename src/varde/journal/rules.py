"""Who may write which kind of journal note. Pure: roles and kinds in, kinds out.

Staff write notes; "event" entries are written only by the system, by the action that changed
the case. Prison officers write what they see and hear on the wing (conversations and
observations); roles that edit person data write every staff kind. Only what is relevant and
necessary for the execution of the sentence goes in (data minimisation, personvernforordningen
art. 5 (1) c; strgjfl § 7 d).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils.translation import gettext as _

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


CLOCK_SKEW = timedelta(minutes=5)  # a note dated "now" on a slightly fast client clock


def note_time_problem(at: datetime, *, now: datetime, backdate_days: int) -> str | None:
    """When a note may say it happened. A journal records what was known when: a note may be
    dated back to what it describes (a conversation yesterday, written today) but never into
    the future, and not further back than ``backdate_days`` (setting
    ``VARDE_JOURNAL_BACKDATE_DAYS``); the time of registration is always stored beside it.

    >>> from datetime import UTC
    >>> now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    >>> note_time_problem(datetime(2026, 3, 9, 15, 0, tzinfo=UTC), now=now, backdate_days=14)
    >>> note_time_problem(datetime(2026, 3, 11, 9, 0, tzinfo=UTC), now=now, backdate_days=14)
    'Tidspunktet kan ikke være fram i tid.'
    """
    if at > now + CLOCK_SKEW:
        return _("Tidspunktet kan ikke være fram i tid.")
    if at < now - timedelta(days=backdate_days):
        return _(
            "Et notat kan tilbakedateres høyst %(days)d dager. Skriv dagens dato og fortell "
            "i teksten når det skjedde."
        ) % {"days": backdate_days}
    return None
