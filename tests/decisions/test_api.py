"""The API for applications, decisions, appeals and victim notification: scoped as the
screens, the same actions and Norwegian refusals; processing-time statistics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.decisions.conftest import apply, decide, judgment_for, today
from varde.audit.models import AccessLog
from varde.decisions import actions, queries
from varde.decisions.models import Application, Decision

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_list_is_scoped(people, personas):
    apply(people.oslo_inmate)
    apply(people.bergen_inmate, text="Bergen")
    carl = api(personas.carl).get("/api/applications/").json()
    assert [row["person"] for row in carl["results"]] == [people.oslo_inmate.pk]
    bob = api(personas.bob).get("/api/applications/").json()
    assert [row["person"] for row in bob["results"]] == [people.bergen_inmate.pk]
    assert api(personas.anna).get("/api/applications/").status_code == 403


def test_retrieve_logs_access_and_out_of_scope_is_404(people, personas):
    application = apply(people.oslo_inmate)
    response = api(personas.carl).get(f"/api/applications/{application.pk}/")
    assert response.status_code == 200 and response.json()["routing_level"] == "local"
    assert AccessLog.objects.filter(channel="api", person=people.oslo_inmate).exists()
    assert api(personas.bob).get(f"/api/applications/{application.pk}/").status_code == 404


def test_create_and_decide(people, personas):
    client = api(personas.carl)
    created = client.post(
        "/api/applications/",
        {
            "person": people.oslo_inmate.pk,
            "kind": "day_release",
            "received_on": today().isoformat(),
            "text": "Frigang til arbeid.",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["deadline_days"] == 30
    refused = client.post(
        f"/api/applications/{pk}/decide/",
        {"outcome": "refused", "legal_basis": "strgjfl-20", "reasons": ""},
        format="json",
    )
    assert refused.status_code == 400
    assert "Et avslag må begrunnes" in str(refused.json())
    ok = client.post(
        f"/api/applications/{pk}/decide/",
        {
            "outcome": "granted",
            "legal_basis": "strgjfl-20",
            "reasons": "Arbeidsavtale foreligger.",
            "notified_at": timezone.now().isoformat(),
            "channel": "in_person",
            "notified_to": "Søkeren",
        },
        format="json",
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["decision"]["appeal_deadline"] is not None


def test_create_for_a_person_out_of_scope_is_refused(people, personas):
    response = api(personas.frida).post(  # edits, but not the prison's inmates
        "/api/applications/",
        {
            "person": people.oslo_inmate.pk,
            "kind": "leave",
            "received_on": today().isoformat(),
            "text": "x",
        },
        format="json",
    )
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_read_only_role_cannot_write(people, personas):
    application = apply(people.oslo_inmate)
    response = api(personas.alice).post(
        f"/api/applications/{application.pk}/decide/", {}, format="json"
    )
    assert response.status_code == 403


def test_forward_appeal_flow(people, personas):
    judgment_for(people.oslo_inmate, term_years=12)
    application = apply(people.oslo_inmate)
    carl, rune = api(personas.carl), api(personas.rune)
    assert (
        carl.post(
            f"/api/applications/{application.pk}/forward/",
            {"recommendation": "Anbefales."},
            format="json",
        ).status_code
        == 200
    )
    rune.post(
        f"/api/applications/{application.pk}/decide/",
        {"outcome": "refused", "legal_basis": "strgjfl-33", "reasons": "Nei."},
        format="json",
    )
    decision = Decision.objects.get()
    notify = rune.post(
        f"/api/decisions/{decision.pk}/notify/",
        {
            "notified_at": timezone.now().isoformat(),
            "channel": "letter",
            "notified_to": "Søkeren",
        },
        format="json",
    )
    assert notify.status_code == 200, notify.content
    appealed = carl.post(
        f"/api/decisions/{decision.pk}/appeal/",
        {"received_at": timezone.now().isoformat(), "text": "Klage."},
        format="json",
    )
    assert appealed.status_code == 201
    appeal_id = appealed.json()["appeal"]["id"]
    forwarded = rune.post(
        f"/api/appeals/{appeal_id}/forward/", {"recommendation": "Bør stå."}, format="json"
    )
    assert forwarded.json()["level"] == "kdi"
    done = api(personas.ada).post(
        f"/api/appeals/{appeal_id}/decide/",
        {"outcome": "upheld", "reasons": "Enig."},
        format="json",
    )
    assert done.status_code == 200 and done.json()["outcome"] == "upheld"
    assert api(personas.carl).get("/api/appeals/").json()["results"][0]["outcome"] == "upheld"


def test_victim_endpoints_only_for_case_handlers(people, personas):
    judgment = judgment_for(people.oslo_inmate)
    contact = actions.do_register_victim_contact(
        people.oslo_inmate,
        judgment,
        name="Vera",
        relation="victim",
        email="vera@example.org",
        consent_on=today(),
        actor=None,
    )
    for who in ("alice", "rune", "anna", "ada"):
        client = api(getattr(personas, who))
        assert client.get("/api/victim-contacts/").status_code == 403, who
        assert client.get("/api/victim-notices/due/").status_code == 403, who
    assert api(personas.frida).get("/api/victim-contacts/").json()["results"] == []
    carl = api(personas.carl)
    assert [c["name"] for c in carl.get("/api/victim-contacts/").json()["results"]] == ["Vera"]
    leave_day = today() + timedelta(days=3)
    decide(apply(people.oslo_inmate, requested_from=leave_day))
    due = carl.get("/api/victim-notices/due/").json()
    assert [(d["event"], d["event_day"]) for d in due] == [("leave", leave_day.isoformat())]
    sent = carl.post(
        "/api/victim-notices/",
        {
            "contact": contact.pk,
            "event": "leave",
            "event_day": leave_day.isoformat(),
            "sent_at": timezone.now().isoformat(),
            "channel": "email",
        },
        format="json",
    )
    assert sent.status_code == 201, sent.content
    assert sent.json()["basis"] == "strgjfl. § 36 tredje ledd"
    assert carl.get("/api/victim-notices/due/").json() == []
    frida = api(personas.frida).post(
        "/api/victim-notices/",
        {
            "contact": contact.pk,
            "event": "leave",
            "event_day": leave_day.isoformat(),
            "sent_at": timezone.now().isoformat(),
            "channel": "email",
        },
        format="json",
    )
    assert frida.status_code == 400  # the contact is not among those she may see


def test_create_victim_contact_through_the_api(people, personas):
    judgment = judgment_for(people.oslo_inmate)
    response = api(personas.carl).post(
        "/api/victim-contacts/",
        {
            "person": people.oslo_inmate.pk,
            "judgment": judgment.pk,
            "name": "Ola",
            "relation": "survivor",
            "phone": "123",
            "preferred_channel": "phone",
            "consent_on": today().isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    refused = api(personas.bob).post(
        "/api/victim-contacts/", {"person": people.oslo_inmate.pk}, format="json"
    )
    assert refused.status_code == 403


# --- statistics ------------------------------------------------------------------------------


def test_processing_statistics_median_and_share(people, personas, org):
    decided_fast = apply(people.oslo_inmate, days_ago=4)
    decide(decided_fast)
    slow = apply(people.oslo_inmate, days_ago=40)
    decide(slow)
    apply(people.oslo_inmate, days_ago=30)  # open and overdue
    rows = queries.processing_statistics(personas.carl, today().year)
    leave = next(r for r in rows if r.unit == "Oslo fengsel")
    assert (leave.decided, leave.within, leave.open, leave.open_overdue) == (2, 1, 1, 1)
    assert leave.median_days == 22.0  # 4 and 40 days
    assert leave.share_within == 50.0
    assert queries.processing_statistics(personas.bob, today().year) == []
    national = queries.processing_statistics(personas.anna, today().year)
    assert sum(r.decided for r in national) == 2
