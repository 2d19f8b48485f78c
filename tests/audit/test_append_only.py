"""The audit trail is append-only: the application can add rows but never change or delete
them; and a person's log holds their own events and reads, newest first."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction

from varde.audit.actions import record_access
from varde.audit.models import AccessLog, AppendOnlyError, AuditEvent
from varde.audit.queries import person_log
from varde.people.actions import do_add_alias, do_update_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(people):
    return AuditEvent.objects.filter(person_id=people.oslo_inmate.pk).order_by("id").first()


@pytest.fixture
def read(personas, people):
    return record_access(
        actor=personas.alice, person=people.oslo_inmate, channel="web", path="/personer/1/"
    )


def row_values(model, pk):
    return model.objects.filter(pk=pk).values().get()


@pytest.fixture(params=["event", "read"])
def row(request, event, read):
    return {"event": event, "read": read}[request.param]


def test_fixture_rows_exist(event, read):
    assert event.action == "register_person"
    assert read.actor_name == "alice"


def test_changed_instance_cannot_be_saved(row):
    model = type(row)
    before = row_values(model, row.pk)
    row.actor_name = "mallory"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.save(update_fields=["actor_name"])
    assert row_values(model, row.pk) == before


def test_instance_cannot_be_deleted(row):
    model = type(row)
    before = row_values(model, row.pk)
    with pytest.raises(AppendOnlyError):
        row.delete()
    assert row_values(model, row.pk) == before


def test_queryset_update_and_delete_are_refused(row):
    model = type(row)
    before = model.objects.count()
    snapshot = row_values(model, row.pk)
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).update(actor_name="mallory")
    with pytest.raises(AppendOnlyError):
        model.objects.update(actor_name="mallory")
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).delete()
    with pytest.raises(AppendOnlyError):
        model.objects.all().delete()
    assert model.objects.count() == before
    assert row_values(model, row.pk) == snapshot


def test_bulk_update_is_refused(row):
    model = type(row)
    snapshot = row_values(model, row.pk)
    row.actor_name = "mallory"
    # bulk_update runs in its own atomic block: give it a savepoint to roll back to.
    with pytest.raises(AppendOnlyError), transaction.atomic():
        model.objects.bulk_update([row], ["actor_name"])
    assert row_values(model, row.pk) == snapshot


def test_update_or_create_cannot_change_an_existing_row(row):
    model = type(row)
    snapshot = row_values(model, row.pk)
    with pytest.raises(AppendOnlyError):
        model.objects.update_or_create(pk=row.pk, defaults={"actor_name": "mallory"})
    assert row_values(model, row.pk) == snapshot


def test_new_instance_with_an_existing_pk_cannot_overwrite_the_row(row):
    """A fresh instance carrying an existing pk must not turn into an UPDATE."""
    model = type(row)
    snapshot = row_values(model, row.pk)
    forged = model(**{**snapshot, "actor_name": "mallory"})
    assert forged._state.adding
    with pytest.raises((AppendOnlyError, IntegrityError)), transaction.atomic():
        forged.save()
    assert row_values(model, row.pk) == snapshot


def test_new_rows_can_still_be_added(personas, people):
    before = AccessLog.objects.count()
    record_access(actor=personas.alice, person=people.oslo_inmate, channel="api", path="/api/")
    assert AccessLog.objects.count() == before + 1


def test_audit_rows_outlive_the_person_row(people):
    # The person FK is DO_NOTHING without a DB constraint: erasing the person's row (not an
    # application path, but a database one) must not take the audit trail with it.
    person_id = people.released_long_ago.pk
    count = AuditEvent.objects.filter(person_id=person_id).count()
    assert count == 3  # register, open and close responsibility (conftest)
    people.released_long_ago.delete()
    assert AuditEvent.objects.filter(person_id=person_id).count() == count


# --- person_log ----------------------------------------------------------------------------


def test_person_log_holds_only_the_persons_own_events_and_reads(personas, people):
    ola, kari = people.oslo_inmate, people.bergen_inmate
    do_add_alias(ola, "Ole Haugstad", actor=personas.carl)
    do_update_person(kari, actor=personas.ada, reason="Rettet", phone="40000000")
    record_access(actor=personas.alice, person=ola, channel="web", path="/p/ola/")
    record_access(actor=personas.bob, person=kari, channel="web", path="/p/kari/")

    events, reads = person_log(ola)
    assert events.count() >= 2  # register, open_responsibility, add_alias
    assert {e.person_id for e in events} == {ola.pk}
    assert "add_alias" in {e.action for e in events}
    assert "update_person" not in {e.action for e in events}  # that was Kari's
    assert [r.path for r in reads] == ["/p/ola/"]

    assert AuditEvent.objects.filter(person_id=kari.pk).count() == person_log(kari)[0].count()


def test_person_log_reads_newest_first_by_time(personas, people):
    """Ordered by the time of the event, not by insertion order: the later clock time comes
    first even when it was inserted earlier (e.g. after a clock correction)."""
    person = people.oslo_inmate
    noon = datetime(2030, 5, 1, 10, 0, tzinfo=UTC)
    morning = datetime(2030, 5, 1, 8, 0, tzinfo=UTC)
    evening = datetime(2030, 5, 1, 18, 0, tzinfo=UTC)
    with time_machine.travel(noon, tick=False):
        do_add_alias(person, "Noon", actor=personas.carl)
        record_access(actor=personas.alice, person=person, channel="web", path="/noon/")
    with time_machine.travel(morning, tick=False):
        do_add_alias(person, "Morning", actor=personas.carl)
        record_access(actor=personas.alice, person=person, channel="web", path="/morning/")
    with time_machine.travel(evening, tick=False):
        do_add_alias(person, "Evening", actor=personas.carl)
        record_access(actor=personas.alice, person=person, channel="web", path="/evening/")

    events, reads = person_log(person)
    alias_names = [e.changes["name"][1] for e in events if e.action == "add_alias"]
    assert alias_names == ["Evening", "Noon", "Morning"]
    assert [r.path for r in reads] == ["/evening/", "/noon/", "/morning/"]
    # Everything registered by the fixture (now, before 2030) comes after these.
    assert events[0].at == evening
    assert all(e.at < morning for e in events[3:])


def test_person_log_ties_in_time_break_newest_insert_first(personas, people):
    person = people.oslo_inmate
    moment = datetime(2030, 5, 1, 10, 0, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        do_add_alias(person, "First", actor=personas.carl)
        do_add_alias(person, "Second", actor=personas.carl)
    events, _reads = person_log(person)
    assert [e.changes["name"][1] for e in events[:2]] == ["Second", "First"]
