"""Writing to the journal: the audit row, Norwegian refusals with nothing saved, the role
rules for kinds, corrections, and entries that cannot be changed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from varde.audit.models import AppendOnlyError, AuditEvent
from varde.journal.actions import do_write_journal_entry, journal_event
from varde.journal.models import EntryKind, JournalEntry

pytestmark = pytest.mark.django_db


def test_writing_an_entry_writes_an_audit_row(personas, people):
    entry = do_write_journal_entry(
        people.oslo_inmate,
        kind=EntryKind.OBSERVATION,
        text="  Rolig på avdelingen. ",
        actor=personas.alice,
    )
    assert (entry.text, entry.author_name, entry.unit) == (
        "Rolig på avdelingen.",
        "alice",
        personas.alice.unit,
    )
    event = AuditEvent.objects.get(object_type="journal.journalentry")
    assert (event.action, event.verb, event.actor, event.person_id) == (
        "write_journal_entry",
        "create",
        personas.alice,
        people.oslo_inmate.pk,
    )
    assert event.object_id == str(entry.pk)
    assert event.changes["text"] == [None, "Rolig på avdelingen."]


@pytest.mark.parametrize("text", ["", "   \n "])
def test_empty_text_is_refused_in_norwegian_and_nothing_is_saved(personas, people, text):
    with pytest.raises(ValidationError) as caught:
        do_write_journal_entry(
            people.oslo_inmate, kind=EntryKind.CONVERSATION, text=text, actor=personas.carl
        )
    assert caught.value.message_dict == {"text": ["Journalnotatet kan ikke være tomt."]}
    assert not JournalEntry.objects.exists()
    assert not AuditEvent.objects.filter(object_type="journal.journalentry").exists()


@pytest.mark.parametrize(
    ("persona", "kind", "allowed"),
    [
        ("alice", EntryKind.CONVERSATION, True),
        ("alice", EntryKind.OBSERVATION, True),
        ("alice", EntryKind.DECISION, False),
        ("alice", EntryKind.PARTNER_CONTACT, False),
        ("carl", EntryKind.DECISION, True),
        ("carl", EntryKind.PARTNER_CONTACT, True),
        ("frida", EntryKind.PARTNER_CONTACT, True),
        ("ada", EntryKind.CONVERSATION, True),
        ("anna", EntryKind.CONVERSATION, False),
    ],
)
def test_role_decides_which_kinds_staff_may_write(personas, people, persona, kind, allowed):
    write = lambda: do_write_journal_entry(  # noqa: E731
        people.oslo_inmate, kind=kind, text="Notat.", actor=getattr(personas, persona)
    )
    if allowed:
        assert write().kind == kind
    else:
        with pytest.raises(ValidationError) as caught:
            write()
        assert "Din rolle kan ikke skrive denne typen notat" in caught.value.message_dict["kind"][0]
        assert not JournalEntry.objects.exists()


def test_officer_is_told_which_kinds_they_may_write(personas, people):
    with pytest.raises(ValidationError) as caught:
        do_write_journal_entry(
            people.oslo_inmate, kind=EntryKind.DECISION, text="x", actor=personas.alice
        )
    assert caught.value.message_dict["kind"] == [
        "Din rolle kan ikke skrive denne typen notat. Du kan skrive: samtale, observasjon."
    ]


@pytest.mark.parametrize("persona", ["alice", "carl", "ada"])
def test_staff_cannot_write_events(personas, people, persona):
    with pytest.raises(ValidationError) as caught:
        do_write_journal_entry(
            people.oslo_inmate,
            kind=EntryKind.EVENT,
            text="Løslatt.",
            actor=getattr(personas, persona),
        )
    assert caught.value.message_dict["kind"] == [
        "Hendelser skrives bare av systemet. Velg en annen type notat."
    ]
    assert not JournalEntry.objects.exists()


def test_unknown_kind_is_refused(personas, people):
    with pytest.raises(ValidationError) as caught:
        do_write_journal_entry(people.oslo_inmate, kind="gossip", text="x", actor=personas.carl)
    assert caught.value.message_dict["kind"] == ["Velg en type notat fra listen."]


def test_actions_write_events_whoever_acts(personas, people):
    """A case action done by a prison officer still adds its event line."""
    entry = journal_event(
        people.oslo_inmate, "Satt inn.", actor=personas.alice, source_action="admit_inmate"
    )
    assert (entry.kind, entry.source_action, entry.author) == (
        EntryKind.EVENT,
        "admit_inmate",
        personas.alice,
    )
    system = journal_event(people.oslo_inmate, "Frist passert.", actor=None, source_action="x")
    assert (system.author_name, system.unit) == ("system", None)


def test_a_correction_is_a_new_entry_referring_to_the_old(personas, people):
    old = do_write_journal_entry(
        people.oslo_inmate,
        kind=EntryKind.CONVERSATION,
        text="Samtale 3. mars.",
        actor=personas.carl,
    )
    new = do_write_journal_entry(
        people.oslo_inmate,
        kind=EntryKind.CONVERSATION,
        text="Rettelse: samtalen var 4. mars.",
        actor=personas.carl,
        corrects=old,
    )
    old.refresh_from_db()
    assert old.text == "Samtale 3. mars."
    assert list(old.corrections.all()) == [new]
    event = AuditEvent.objects.get(object_id=str(new.pk), object_type="journal.journalentry")
    assert event.changes["corrects_id"] == [None, old.pk]


def test_a_correction_must_be_in_the_same_journal(personas, people):
    other = do_write_journal_entry(
        people.bergen_inmate, kind=EntryKind.CONVERSATION, text="x", actor=None
    )
    with pytest.raises(ValidationError) as caught:
        do_write_journal_entry(
            people.oslo_inmate,
            kind=EntryKind.CONVERSATION,
            text="y",
            actor=personas.carl,
            corrects=other,
        )
    assert "corrects" in caught.value.message_dict
    assert JournalEntry.objects.count() == 1


def test_entries_cannot_be_changed_or_deleted(personas, people):
    entry = do_write_journal_entry(
        people.oslo_inmate, kind=EntryKind.OBSERVATION, text="Original.", actor=personas.alice
    )
    entry.text = "Endret i ettertid."
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        JournalEntry.objects.filter(pk=entry.pk).update(text="x")
    with pytest.raises(AppendOnlyError):
        JournalEntry.objects.all().delete()
    assert JournalEntry.objects.get().text == "Original."
