"""The security API: scoped as the pages, writing through the same actions, errors in
Norwegian; affiliation endpoints need the permission and log every read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.security.conftest import REASON, ago
from varde.security.actions import (
    do_register_affiliation,
    do_register_drug_test,
    do_register_incident,
    do_register_keep_apart,
)
from varde.security.models import AffiliationRead, Incident, KeepApart


@pytest.fixture
def incident(org, people):
    return do_register_incident(
        org.oslo,
        kind="violence_staff",
        occurred_at=ago(days=1),
        description="Slag mot betjent",
        involved=[(people.oslo_inmate, "aggressor"), (people.released_long_ago, "witness")],
        actor=None,
    )


def test_incident_list_and_detail_are_scoped(incident, org, people, personas, login):
    data = login(personas.alice).get("/api/incidents/").json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["involved"] == [{"person": people.oslo_inmate.pk, "role": "aggressor"}]
    assert row["involved_hidden"] == 1  # released long ago: counted, never named
    assert login(personas.bob).get("/api/incidents/").json()["count"] == 0
    assert login(personas.bob).get(f"/api/incidents/{incident.pk}/").status_code == 404
    assert login(personas.anna).get("/api/incidents/").status_code == 403
    assert login(personas.rune).get(f"/api/incidents/{incident.pk}/").status_code == 200


def test_incident_filters(incident, org, personas, login):
    client = login(personas.alice)
    assert client.get("/api/incidents/", {"kind": "fire"}).json()["count"] == 0
    assert client.get("/api/incidents/", {"unit": org.oslo.pk}).json()["count"] == 1
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert client.get("/api/incidents/", {"from": tomorrow}).json()["count"] == 0
    bad = client.get("/api/incidents/", {"from": "i går"})
    assert bad.status_code == 400 and bad.json()["from"] == ["Oppgi datoen som ÅÅÅÅ-MM-DD."]


def test_create_incident_and_follow_up(org, people, personas, login):
    client = login(personas.carl)
    payload = {
        "unit": org.oslo.pk,
        "kind": "threats_inmates",
        "occurred_at": ago(hours=3).isoformat(),
        "description": "Truet medinnsatt",
        "involved": [{"person": people.oslo_inmate.pk, "role": "aggressor"}],
    }
    response = client.post("/api/incidents/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["involved"] == [{"person": people.oslo_inmate.pk, "role": "aggressor"}]
    follow = client.post(
        f"/api/incidents/{made['id']}/follow-up/",
        {"follow_up": "Samtale", "done": True},
        content_type="application/json",
    )
    assert follow.status_code == 200 and follow.json()["follow_up_done"]


def test_create_refusals_are_norwegian_and_save_nothing(org, people, personas, login):
    client = login(personas.carl)
    future = {
        "unit": org.oslo.pk,
        "kind": "fire",
        "occurred_at": (timezone.now() + timedelta(hours=2)).isoformat(),
        "description": "Brann",
    }
    response = client.post("/api/incidents/", future, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["occurred_at"] == ["Tidspunktet kan ikke være fram i tid."]
    hidden = future | {
        "occurred_at": ago(hours=1).isoformat(),
        "involved": [{"person": people.bergen_inmate.pk, "role": "victim"}],
    }
    response = client.post("/api/incidents/", hidden, content_type="application/json")
    assert response.status_code == 400 and "Ukjent person" in response.json()["person"][0]
    other_unit = future | {"unit": org.bergen.pk, "occurred_at": ago(hours=1).isoformat()}
    response = client.post("/api/incidents/", other_unit, content_type="application/json")
    assert response.json()["unit"] == ["Du kan ikke registrere for denne enheten."]
    assert not Incident.objects.exists()
    assert login(personas.anna).post("/api/incidents/", future).status_code == 403


def test_finds_and_tests(org, people, personas, login):
    client = login(personas.alice)
    response = client.post(
        "/api/contraband-finds/",
        {
            "unit": org.oslo.pk,
            "found_at": ago(hours=1).isoformat(),
            "kind": "drugs",
            "place": "visit",
            "quantity": "1.50",
            "quantity_unit": "grams",
            "person": people.oslo_inmate.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["person"] == people.oslo_inmate.pk
    response = client.post(
        "/api/drug-tests/",
        {
            "person": people.oslo_inmate.pk,
            "unit": org.oslo.pk,
            "taken_at": ago(hours=1).isoformat(),
            "result": "taken",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    test_id = response.json()["id"]
    response = client.post(
        f"/api/drug-tests/{test_id}/result/",
        {"result": "positive", "substances": []},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["substances"] == ["Velg hvilke stoffer prøven var positiv for."]
    response = client.post(
        f"/api/drug-tests/{test_id}/result/",
        {"result": "positive", "substances": ["cocaine"]},
        content_type="application/json",
    )
    assert response.json()["substances"] == ["cocaine"]
    assert login(personas.bob).get("/api/drug-tests/").json()["count"] == 0
    assert login(personas.bob).get("/api/contraband-finds/").json()["count"] == 0


def test_tests_list_does_not_name_persons_out_of_scope(org, people, personas, login):
    do_register_drug_test(
        people.released_long_ago, org.oslo, taken_at=ago(days=150), result="negative", actor=None
    )
    row = login(personas.alice).get("/api/drug-tests/").json()["results"][0]
    assert row["person"] is None


def test_keep_apart_api(people, personas, login):
    client = login(personas.carl)
    response = client.post(
        "/api/keep-apart/",
        {
            "person": people.oslo_inmate.pk,
            "other": people.released_recently.pk,
            "scope": "unit",
            "reason": REASON,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    relation = response.json()
    listed = client.get("/api/keep-apart/", {"person": people.released_recently.pk}).json()
    assert [r["id"] for r in listed] == [relation["id"]]
    response = client.post(
        f"/api/keep-apart/{relation['id']}/end/",
        {"reason": "kort"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "begrunnelse" in response.json()["reason"][0]
    response = client.post(
        f"/api/keep-apart/{relation['id']}/end/",
        {"reason": "Ikke lenger nødvendig"},
        content_type="application/json",
    )
    assert response.json()["date_to"] == timezone.localdate().isoformat()
    assert login(personas.alice).post("/api/keep-apart/", {}).status_code == 403
    assert (
        login(personas.bob).get("/api/keep-apart/", {"person": people.oslo_inmate.pk}).status_code
        == 404
    )


def test_keep_apart_api_hides_the_other_side_out_of_scope(people, personas, login):
    do_register_keep_apart(
        people.oslo_inmate, people.bergen_inmate, scope="cell", reason=REASON, actor=None
    )
    rows = login(personas.alice).get("/api/keep-apart/", {"person": people.oslo_inmate.pk}).json()
    assert sorted(rows[0]["persons"], key=str) == sorted([people.oslo_inmate.pk, None], key=str)
    assert KeepApart.objects.count() == 1


def test_affiliation_api_needs_clearance_and_logs_reads(people, gang, cleared, personas, login):
    affiliation = do_register_affiliation(
        people.oslo_inmate,
        gang,
        date_from=timezone.localdate(),
        source="police",
        confidence="confirmed",
        reason=REASON,
        actor=None,
    )
    for user in (personas.alice, cleared.ulf, cleared.pia, personas.anna):
        client = login(user)
        assert (
            client.get("/api/affiliations/", {"person": people.oslo_inmate.pk}).status_code == 403
        )
        assert client.get(f"/api/affiliations/{affiliation.pk}/").status_code == 403
        assert client.get("/api/groups/").status_code == 403
    assert not AffiliationRead.objects.exists()
    client = login(cleared.siri)
    rows = client.get("/api/affiliations/", {"person": people.oslo_inmate.pk}).json()
    assert [r["group_name"] for r in rows] == ["Nordre gjeng"]
    assert client.get(f"/api/affiliations/{affiliation.pk}/").json()["reason"] == REASON
    assert AffiliationRead.objects.filter(channel="api", actor_name="siri").count() == 2
    assert client.get("/api/affiliations/", {"person": people.bergen_inmate.pk}).status_code == 404
    assert (
        client.get("/api/affiliation-reads/", {"person": people.oslo_inmate.pk}).status_code == 403
    )
    log = login(personas.ada).get("/api/affiliation-reads/", {"person": people.oslo_inmate.pk})
    assert {r["actor_name"] for r in log.json()["results"]} == {"siri"}


def test_affiliation_api_writes(people, gang, cleared, login):
    client = login(cleared.siri)
    response = client.post(
        "/api/affiliations/",
        {
            "person": people.oslo_inmate.pk,
            "group": gang.pk,
            "date_from": timezone.localdate().isoformat(),
            "source": "court",
            "confidence": "confirmed",
            "reason": "x",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "begrunnelse" in response.json()["reason"][0]
    response = client.post(
        "/api/groups/",
        {"name": "Vestre", "kind": "gang", "reason": REASON},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["name"] == "Vestre"


def test_counts_for_analysts(org, people, personas, login):
    do_register_incident(
        org.oslo, kind="fire", occurred_at=ago(hours=2), description="x", actor=None
    )
    year = timezone.localdate().year
    rows = login(personas.anna).get("/api/security-counts/", {"year": year}).json()
    assert rows == [{"unit": org.oslo.pk, "year": year, "kind": "fire", "count": 1}]
    assert login(personas.bob).get("/api/security-counts/").json() == []
    bad = login(personas.anna).get("/api/security-counts/", {"what": "x"})
    assert bad.status_code == 400
