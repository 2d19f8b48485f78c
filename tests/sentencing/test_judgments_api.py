"""The judgments API: list scoped to visible persons (and ?person=), retrieve with key dates
and trace, create through the action (audit row, Norwegian messages), roles, and the schema."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS

from tests.sentencing.judgments import prison_fields
from varde.audit.models import AccessLog, AuditEvent
from varde.journal.models import JournalEntry
from varde.sentencing.actions import do_register_judgment
from varde.sentencing.models import Judgment

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def judgments(personas, people) -> dict[str, Judgment]:
    return {
        "oslo": do_register_judgment(people.oslo_inmate, actor=None, **prison_fields()),
        "bergen": do_register_judgment(people.bergen_inmate, actor=None, **prison_fields()),
        "client": do_register_judgment(
            people.probation_client,
            actor=None,
            **prison_fields(reaction="community_sentence", term_months=4, hours=90),
        ),
    }


def _payload(person_id: int, **extra: object) -> dict[str, object]:
    data = {
        "person": person_id,
        "court": "Oslo tingrett",
        "case_number": "25-1",
        "judgment_date": "2025-02-20",
        "final_date": "2025-03-10",
        "received_on": "2025-03-10",
        "main_offence": "strl-321",
        "other_offences": ["strl-351"],
        "reaction": "prison",
        "term_months": 9,
        "credited_days": 20,
    }
    data.update(extra)
    return data


def _ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_list_is_scoped_to_visible_persons(login, personas, judgments):
    assert _ids(login(personas.alice).get("/api/judgments/")) == {judgments["oslo"].pk}
    assert _ids(login(personas.bob).get("/api/judgments/")) == {judgments["bergen"].pk}
    assert _ids(login(personas.rune).get("/api/judgments/")) == {
        judgments["oslo"].pk,
        judgments["client"].pk,
    }
    assert len(_ids(login(personas.ada).get("/api/judgments/"))) == 3


def test_list_filtered_by_person(login, personas, people, judgments):
    response = login(personas.ada).get("/api/judgments/", {"person": people.bergen_inmate.pk})
    assert _ids(response) == {judgments["bergen"].pk}


def test_analyst_gets_403_and_anonymous_401(client, login, personas, judgments):
    assert client.get("/api/judgments/").status_code == 401
    assert login(personas.anna).get("/api/judgments/").status_code == 403


def test_retrieve_has_key_dates_and_trace_and_is_logged(login, personas, judgments):
    judgment = judgments["oslo"]
    response = login(personas.alice).get(f"/api/judgments/{judgment.pk}/")
    assert response.status_code == 200
    key_dates = response.json()["key_dates"]
    assert key_dates["start"] == "2025-03-10" and key_dates["start_expected"] is True
    assert key_dates["total_days"] == 275
    by_field = {d["field"]: d for d in key_dates["dates"]}
    assert by_field["end_of_sentence_on"]["value"] == "2025-11-19"
    assert by_field["two_thirds_served_on"]["value"] == "2025-08-20"
    assert by_field["two_thirds_served_on"]["trace"][0]["rule"] == "strgjfl § 42 første ledd"
    assert AccessLog.objects.filter(person=judgment.person, channel="api").exists()


def test_retrieve_outside_scope_is_404(login, personas, judgments):
    assert login(personas.bob).get(f"/api/judgments/{judgments['oslo'].pk}/").status_code == 404


def test_case_worker_creates_a_judgment_through_the_action(login, personas, people):
    response = login(personas.carl).post(
        "/api/judgments/", _payload(people.oslo_inmate.pk), content_type=JSON
    )
    assert response.status_code == 201, response.json()
    judgment = Judgment.objects.get(pk=response.json()["id"])
    assert judgment.status == "queued"
    assert AuditEvent.objects.filter(action="register_judgment", actor=personas.carl).exists()
    assert JournalEntry.objects.filter(source_action="register_judgment").exists()


def test_create_with_bad_input_is_400_in_norwegian(login, personas, people):
    response = login(personas.carl).post(
        "/api/judgments/",
        _payload(people.oslo_inmate.pk, main_offence="tyveri", credited_days=500),
        content_type=JSON,
    )
    assert response.status_code == 400
    body = response.json()
    assert "lovbruddskode" in body["main_offence"][0]
    assert "kortere enn straffen" in body["credited_days"][0]
    assert not Judgment.objects.exists()


def test_officer_cannot_create(login, personas, people):
    response = login(personas.alice).post(
        "/api/judgments/", _payload(people.oslo_inmate.pk), content_type=JSON
    )
    assert response.status_code == 403
    assert not Judgment.objects.exists()


def test_create_for_a_person_outside_scope_is_400_without_revealing(login, personas, people):
    response = login(personas.carl).post(
        "/api/judgments/", _payload(people.bergen_inmate.pk), content_type=JSON
    )
    assert response.status_code == 400
    assert "finnes ikke" in response.json()["person"][0]
    assert not Judgment.objects.exists()


def test_schema_generates_without_warnings(tmp_path, capsys):
    GENERATOR_STATS.reset()
    target = tmp_path / "schema.yaml"
    err = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target), stderr=err)
    captured = capsys.readouterr()
    warnings = err.getvalue() + captured.err + captured.out
    assert "Warning" not in warnings and "Error" not in warnings, warnings
    schema = target.read_text()
    assert "/api/judgments/{id}/:" in schema
    assert "key_dates" in schema
