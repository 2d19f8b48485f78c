"""Which kinds of note each role may write (pure rule)."""

from __future__ import annotations

import pytest

from varde.journal.models import EntryKind
from varde.journal.rules import note_kinds_for_role
from varde.organisation.choices import Role

EDITORS = [
    Role.PRISON_CASE_WORKER,
    Role.PROBATION_OFFICER,
    Role.UNIT_LEADER,
    Role.REGIONAL_OFFICER,
    Role.SYSTEM_ADMIN,
]


def test_prison_officers_write_conversations_and_observations():
    assert note_kinds_for_role(Role.PRISON_OFFICER) == (
        EntryKind.CONVERSATION,
        EntryKind.OBSERVATION,
    )


@pytest.mark.parametrize("role", EDITORS)
def test_editing_roles_write_every_kind_but_events(role):
    assert set(note_kinds_for_role(role)) == set(EntryKind) - {EntryKind.EVENT}


@pytest.mark.parametrize("role", [Role.KDI_ANALYST, Role.KRUS_STAFF, "", "unknown"])
def test_roles_without_person_records_write_nothing(role):
    assert note_kinds_for_role(role) == ()


def test_nobody_writes_events_by_hand():
    assert all(EntryKind.EVENT not in note_kinds_for_role(role) for role in Role)
