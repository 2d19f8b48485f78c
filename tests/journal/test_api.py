"""The journal API: list (only visible persons, ``?person=``), create through the action with
Norwegian messages, reads in the access log, and the OpenAPI schema."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from drf_spectacular.drainage import GENERATOR_STATS

from varde.audit.models import AccessLog, AuditEvent
from varde.journal.actions import do_write_journal_entry
from varde.journal.models import JournalEntry

pytestmark = pytest.mark.django_db

URL = "/api/journal/"
JSON = "application/json"


@pytest.fixture
def entries(people):
    return {
        name: do_write_journal_entry(
            getattr(people, name), kind="observation", text=f"Om {name}.", actor=None
        )
        for name in ("oslo_inmate", "bergen_inmate", "probation_client")
    }


def test_list_shows_only_visible_persons_and_logs_each_read(login, personas, people, entries):
    response = login(personas.carl).get(URL)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["text"] for r in results] == ["Om oslo_inmate."]
    assert set(results[0]) == {
        "id",
        "person",
        "at",
        "recorded_at",
        "kind",
        "text",
        "author_name",
        "unit",
        "source_action",
        "corrects",
    }
    log = AccessLog.objects.get()
    assert (log.actor, log.person_id, log.channel) == (personas.carl, people.oslo_inmate.pk, "api")


def test_list_filters_by_person(login, personas, people, entries):
    client = login(personas.rune)  # region øst: Oslo fengsel and Oslo friomsorgskontor
    assert len(client.get(URL).json()["results"]) == 2
    one = client.get(URL, {"person": people.probation_client.pk}).json()["results"]
    assert [r["person"] for r in one] == [people.probation_client.pk]
    assert client.get(URL, {"person": people.bergen_inmate.pk}).json()["results"] == []
    bad = client.get(URL, {"person": "abc"})
    assert bad.status_code == 400
    assert bad.json() == {"person": ["Oppgi personens ID som et tall."]}


def test_retrieve_is_scoped_and_logged(login, personas, people, entries):
    client = login(personas.bob)
    assert client.get(f"{URL}{entries['oslo_inmate'].pk}/").status_code == 404
    response = client.get(f"{URL}{entries['bergen_inmate'].pk}/")
    assert response.status_code == 200
    assert AccessLog.objects.get().person_id == people.bergen_inmate.pk


def test_create_goes_through_the_action(login, personas, people):
    data = {"person": people.oslo_inmate.pk, "kind": "conversation", "text": "Samtale i celle."}
    response = login(personas.alice).post(URL, data, content_type=JSON)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["author_name"], body["unit"], body["kind"]) == (
        "alice",
        personas.alice.unit_id,
        "conversation",
    )
    entry = JournalEntry.objects.get()
    assert AuditEvent.objects.filter(object_id=str(entry.pk), action="write_journal_entry").exists()


def test_create_a_correction(login, personas, people, entries):
    old = entries["oslo_inmate"]
    data = {
        "person": people.oslo_inmate.pk,
        "kind": "decision",
        "text": "Rettet.",
        "corrects": old.pk,
    }
    response = login(personas.carl).post(URL, data, content_type=JSON)
    assert response.status_code == 201
    assert response.json()["corrects"] == old.pk


@pytest.mark.parametrize(
    ("persona", "data", "errors"),
    [
        ("alice", {"kind": "decision", "text": "x"}, {"kind"}),
        ("carl", {"kind": "event", "text": "x"}, {"kind"}),
        ("carl", {"kind": "observation", "text": "   "}, {"text"}),
        ("carl", {"kind": "observation"}, {"text"}),
    ],
)
def test_create_refusals_are_400_in_norwegian(login, personas, people, persona, data, errors):
    data = {"person": people.oslo_inmate.pk, **data}
    response = login(getattr(personas, persona)).post(URL, data, content_type=JSON)
    assert response.status_code == 400
    assert set(response.json()) == errors
    assert not JournalEntry.objects.exists()


def test_empty_text_message(login, personas, people):
    data = {"person": people.oslo_inmate.pk, "kind": "observation", "text": ""}
    response = login(personas.carl).post(URL, data, content_type=JSON)
    assert response.json() == {"text": ["Journalnotatet kan ikke være tomt."]}


def test_create_for_a_person_out_of_scope_says_not_found(login, personas, people, entries):
    data = {"person": people.bergen_inmate.pk, "kind": "observation", "text": "x"}
    response = login(personas.carl).post(URL, data, content_type=JSON)
    assert response.status_code == 400
    assert response.json()["person"] == [
        "Fant ikke personen. Oppgi ID-en til en person du har tilgang til."
    ]
    data = {
        "person": people.oslo_inmate.pk,
        "kind": "observation",
        "text": "x",
        "corrects": entries["bergen_inmate"].pk,
    }
    response = login(personas.carl).post(URL, data, content_type=JSON)
    assert response.json() == {"corrects": ["Fant ikke notatet som skal rettes."]}
    assert JournalEntry.objects.count() == 3


def test_entries_cannot_be_changed_or_deleted_over_the_api(login, personas, entries):
    client = login(personas.carl)
    url = f"{URL}{entries['oslo_inmate'].pk}/"
    assert client.put(url, {"text": "x"}, content_type=JSON).status_code == 405
    assert client.patch(url, {"text": "x"}, content_type=JSON).status_code == 405
    assert client.delete(url).status_code == 405


def test_anonymous_gets_401_and_analyst_403(client, login, personas, people):
    assert Client().get(URL).status_code == 401
    data = {"person": people.oslo_inmate.pk, "kind": "observation", "text": "x"}
    assert Client().post(URL, data, content_type=JSON).status_code == 401
    analyst = login(personas.anna)
    assert analyst.get(URL).status_code == 403
    assert analyst.post(URL, data, content_type=JSON).status_code == 403


def test_schema_documents_the_journal_without_warnings(tmp_path, capsys):
    GENERATOR_STATS.reset()
    target = tmp_path / "schema.yaml"
    err = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target), stderr=err)
    captured = capsys.readouterr()
    warnings = err.getvalue() + captured.err + captured.out
    assert "Warning" not in warnings and "Error" not in warnings, warnings
    schema = target.read_text()
    assert "/api/journal/:" in schema
    assert "/api/journal/{id}/:" in schema
    assert "name: person" in schema
