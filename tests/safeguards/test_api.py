"""The safeguards API: scoped like the screens, writes through the same actions (Norwegian
messages, nothing saved on refusal), reads in the access log, documented in OpenAPI."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS

from tests.safeguards.conftest import D, H, exclusion, measure
from varde.audit.models import AccessLog
from varde.safeguards import sync
from varde.safeguards.models import CoerciveMeasure, Deviation, Exclusion

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _new_exclusion(person, unit, **extra):
    data = {
        "person": person.pk,
        "unit": unit.pk,
        "ground": "preventive_b",
        "extent": "full",
        "start_at": (timezone.now() - H).isoformat(),
        "reasons": "Truet ansatte.",
        "authorised_by": "Inspektør Hansen",
        "told": ["inmate"],
    }
    return data | extra


def test_exclusions_are_scoped_and_carry_their_deadlines(login, personas, org, people):
    found = exclusion(people.oslo_inmate, org.oslo, hours_ago=30)
    exclusion(people.bergen_inmate, org.bergen)
    client = login(personas.alice)
    listing = client.get("/api/exclusions/").json()
    assert [row["id"] for row in listing["results"]] == [found.pk]
    detail = client.get(f"/api/exclusions/{found.pk}/").json()
    deadlines = {d["key"]: d for d in detail["deadlines"]}
    assert deadlines["doctor"]["state"] == "overdue"
    assert deadlines["doctor"]["paragraph"] == "strgjfl § 37 syvende ledd"
    assert detail["legal_basis_text"] == "strgjfl § 37 første ledd bokstav b"
    assert AccessLog.objects.filter(person=people.oslo_inmate, channel="api").count() == 2
    bergen = Exclusion.objects.get(person=people.bergen_inmate)
    assert client.get(f"/api/exclusions/{bergen.pk}/").status_code == 404
    assert client.get("/api/exclusions/?person=x").status_code == 400
    assert client.get(f"/api/exclusions/?person={people.bergen_inmate.pk}").json()["count"] == 0


def test_create_through_the_action_with_norwegian_refusals(login, personas, org, minor):
    client = login(personas.carl)
    refused = client.post("/api/exclusions/", _new_exclusion(minor, org.oslo), content_type=JSON)
    assert refused.status_code == 400
    assert "barnets beste" in refused.json()["best_interest"][0]
    assert not Exclusion.objects.exists()
    start = (timezone.now() - H / 6).isoformat()
    data = _new_exclusion(minor, org.oslo, best_interest="Vurdert med verge.", start_at=start)
    created = client.post("/api/exclusions/", data, content_type=JSON)
    assert created.status_code == 201 and created.json()["minor"] is True
    pk = created.json()["id"]
    told = {"recipient": "region", "at": timezone.now().isoformat()}
    response = client.post(f"/api/exclusions/{pk}/notice/", told, content_type=JSON)
    states = {d["key"]: d["state"] for d in response.json()["deadlines"]}
    assert response.status_code == 201 and states["region_now"] == "met"
    ended = client.post(
        f"/api/exclusions/{pk}/end/", {"end_at": timezone.now().isoformat()}, content_type=JSON
    )
    assert ended.status_code == 200 and ended.json()["end_at"]
    alice = login(personas.alice)
    other = _new_exclusion(minor, org.oslo, best_interest="x")
    assert alice.post("/api/exclusions/", other, content_type=JSON).status_code == 403


def test_coercive_measures_and_supervision(login, personas, org, people):
    cell = measure(people.oslo_inmate, org.oslo, hours_ago=2)
    alice = login(personas.alice)
    note = {"at": timezone.now().isoformat(), "text": "Rolig."}
    response = alice.post(f"/api/coercive-measures/{cell.pk}/supervision/", note, content_type=JSON)
    assert response.status_code == 201
    assert response.json()["supervision_notes"][0]["text"] == "Rolig."
    review = {"level": "unit", "outcome": "continue", "at": timezone.now().isoformat()}
    denied = alice.post(f"/api/coercive-measures/{cell.pk}/review/", review, content_type=JSON)
    assert denied.status_code == 403
    carl = login(personas.carl)
    data = {
        "person": people.oslo_inmate.pk,
        "unit": org.oslo.pk,
        "kind": "security_bed",
        "basis": "attack",
        "start_at": timezone.now().isoformat(),
        "reasons": "Skadet seg selv.",
        "authorised_by": "Inspektør Hansen",
    }
    refused = carl.post("/api/coercive-measures/", data, content_type=JSON)
    assert refused.status_code == 400 and "doctor_not_sought_reason" in refused.json()
    created = carl.post(
        "/api/coercive-measures/", data | {"doctor_statement_sought": True}, content_type=JSON
    )
    assert created.status_code == 201
    assert {d["key"] for d in created.json()["deadlines"]} >= {"doctor", "region_report"}
    assert CoerciveMeasure.objects.count() == 2
    listing = carl.get("/api/coercive-measures/?open=true").json()
    assert listing["count"] == 2


def test_deviations_scoped_registered_and_closed(login, personas, org, people):
    exclusion(people.oslo_inmate, org.oslo, hours_ago=2 * 24)
    exclusion(people.bergen_inmate, org.bergen, hours_ago=2 * 24)
    sync.sync_deviations()
    carl = login(personas.carl)
    rows = carl.get("/api/deviations/?status=open").json()["results"]
    assert [r["person"] for r in rows] == [people.oslo_inmate.pk]
    assert rows[0]["source"] == "doctor_notice_missing"
    bergen = Deviation.objects.get(unit=org.bergen)
    assert carl.get(f"/api/deviations/{bergen.pk}/").status_code == 404
    due = (timezone.localdate() + 3 * D).isoformat()
    bad = carl.post("/api/deviations/", {"unit": org.bergen.pk, "title": "x", "due_on": due})
    assert bad.status_code == 400
    made = carl.post(
        "/api/deviations/", {"unit": org.oslo.pk, "title": "Manglende lufting", "due_on": due}
    )
    assert made.status_code == 201 and made.json()["source"] == "manual"
    pk = made.json()["id"]
    refused = carl.post(f"/api/deviations/{pk}/close/", {"note": ""}, content_type=JSON)
    assert refused.status_code == 400 and "Skriv hva som er gjort" in str(refused.json())
    closed = carl.post(f"/api/deviations/{pk}/close/", {"note": "Ordnet."}, content_type=JSON)
    assert closed.json()["status"] == "closed"
    assert login(personas.alice).post(f"/api/deviations/{pk}/close/", {}).status_code == 403


def test_anonymous_and_analyst(login, personas, org, people):
    found = exclusion(people.oslo_inmate, org.oslo)
    for url in ("/api/exclusions/", f"/api/exclusions/{found.pk}/", "/api/deviations/"):
        assert Client().get(url).status_code == 401
        assert login(personas.anna).get(url).status_code == 403


def test_schema_documents_the_safeguards_without_warnings(tmp_path, capsys):
    GENERATOR_STATS.reset()
    target = tmp_path / "schema.yaml"
    err = io.StringIO()
    call_command("spectacular", "--validate", "--file", str(target), stderr=err)
    captured = capsys.readouterr()
    output = err.getvalue() + captured.err + captured.out
    mine = ("safeguards", "Safeguard", "Coercive", "Exclusion", "Deviation")
    problems = [line for line in output.splitlines() if any(word in line for word in mine)]
    assert problems == []
    schema = target.read_text()
    for path in (
        "/api/exclusions/{id}/notice/:",
        "/api/coercive-measures/{id}/supervision/:",
        "/api/deviations/{id}/close/:",
    ):
        assert path in schema
    assert "SafeguardGroundEnum" in schema and "CoerciveKindEnum" in schema
