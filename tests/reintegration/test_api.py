"""/api/pre-sentence-reports/, /api/needs-assessments/, /api/follow-up-plans/: scoped like
the screens (other office or prison: empty lists and 404), writes through the same actions
(refusals 400 in Norwegian, nothing saved), the PDF as sent, and the OpenAPI schema."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from tests.reintegration.conftest import request_for, today

from varde.audit.models import AccessLog, AuditEvent
from varde.reintegration import actions, areas
from varde.reintegration.models import NeedsAssessment, PreSentenceReport

pytestmark = pytest.mark.django_db

PSR = "/api/pre-sentence-reports/"
NEEDS = "/api/needs-assessments/"
PLANS = "/api/follow-up-plans/"


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_anonymous_and_analyst_are_refused(client, login, personas):
    for url in (PSR, NEEDS, PLANS):
        assert client.get(url).status_code in (401, 403)
        assert login(personas.anna).get(url).status_code == 403


def test_reports_are_scoped_by_person(login, personas, extra, org, accused):
    report = request_for(accused, org.oslo_fri, personas.frida)
    assert [r["id"] for r in login(personas.frida).get(PSR).json()["results"]] == [report.pk]
    for user in (extra.berit, personas.bob):
        client = login(user)
        assert client.get(PSR).json()["results"] == []
        assert client.get(f"{PSR}{report.pk}/").status_code == 404
    # Another office's probation officer may write, but not there: 404; a prison officer: 403.
    assign = f"{PSR}{report.pk}/assign/"
    assert _post(login(extra.berit), assign, {"officer": extra.berit.pk}).status_code == 404
    assert _post(login(personas.bob), assign, {"officer": extra.berit.pk}).status_code == 403


def test_report_flow_over_the_api(login, personas, extra, org, accused):
    client = login(personas.frida)
    response = _post(
        client,
        PSR,
        {
            "person": accused.pk,
            "office": org.oslo_fri.pk,
            "requester_kind": "prosecutor",
            "requester": "Oslo politidistrikt",
            "reference": "API-1",
            "received_on": today().isoformat(),
            "requested_by": (today() + timedelta(days=21)).isoformat(),
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["deadline"] == (today() + timedelta(days=21)).isoformat()
    assert body["status"] == "received" and body["overdue"] is False and body["sha256"] is None
    url = f"{PSR}{body['id']}/"
    assert (
        _post(client, f"{url}assign/", {"officer": extra.fredrik.pk}).json()["officer"]
        == extra.fredrik.pk
    )
    response = _post(client, f"{url}interviews/", {"day": today().isoformat(), "kind": "office"})
    assert response.status_code == 201 and len(response.json()["interviews"]) == 1
    text = {name: "Tekst." for name in actions.REPORT_TEXT_FIELDS} | {
        "suitability_ek": "conditional"
    }
    assert _post(client, f"{url}text/", text).json()["suitability_ek"] == "conditional"
    assert client.get(f"{url}pdf/").status_code == 404  # not sent yet
    sent = _post(client, f"{url}send/", {"recipient": "Oslo tingrett"})
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    pdf = client.get(f"{url}pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    report = PreSentenceReport.objects.get(pk=body["id"])
    assert bytes(pdf.content) == bytes(report.document.pdf)
    assert sent.json()["sha256"] == report.document.sha256
    client.get(url)
    assert AccessLog.objects.filter(actor=personas.frida, channel="api").count() == 2


def test_refusals_are_400_in_norwegian(login, personas, extra, org, accused):
    client = login(personas.frida)
    response = _post(
        client,
        PSR,
        {
            "person": accused.pk,
            "office": org.oslo_fri.pk,
            "requester_kind": "court",
            "requester": "Oslo tingrett",
            "reference": "X",
            "received_on": today().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "leveringsdato" in str(response.json())
    assert not PreSentenceReport.objects.exists()
    report = request_for(accused, org.oslo_fri, personas.frida)
    response = _post(client, f"{PSR}{report.pk}/assign/", {"officer": extra.berit.pk})
    assert response.status_code == 400 and "Oslo friomsorgskontor" in str(response.json())


def test_person_outside_scope_is_not_found(login, personas, people, org):
    response = _post(
        login(personas.frida),
        NEEDS,
        {"person": people.bergen_inmate.pk, "unit": org.oslo_fri.pk},
    )
    assert response.status_code == 400 and "Fant ikke personen" in str(response.json())


def test_assessment_and_plan_over_the_api(login, personas, stay):
    client = login(personas.carl)
    response = _post(client, NEEDS, {"person": stay.person_id, "stay": stay.pk})
    assert response.status_code == 201, response.json()
    url = f"{NEEDS}{response.json()['id']}/"
    refused = _post(client, f"{url}consent/", {"consented": True, "on": today().isoformat()})
    assert refused.status_code == 400 and "skriftlig" in str(refused.json())
    ok = _post(
        client, f"{url}consent/", {"consented": True, "written": True, "on": today().isoformat()}
    )
    assert ok.json()["status"] == "consented"
    version = areas.version_in_force(today())
    rows = [{"area_code": a.code, "need": 1, "resource": 2} for a in version.areas]
    assert len(_post(client, f"{url}scores/", {"scores": rows}).json()["scores"]) == len(rows)
    done = _post(client, f"{url}complete/", {"summary": "Oppsummert."})
    assert done.json()["status"] == "completed"
    assessment = NeedsAssessment.objects.get()
    response = _post(client, PLANS, {"person": stay.person_id, "assessment": assessment.pk})
    assert response.status_code == 201, response.json()
    plan_url = f"{PLANS}{response.json()['id']}/"
    goal = _post(client, f"{plan_url}goals/", {"area_code": "work", "goal": "Jobb"}).json()[
        "goals"
    ][0]
    body = _post(
        client,
        f"{plan_url}steps/",
        {
            "goal": goal["id"],
            "description": "CV",
            "responsible_kind": "staff",
            "responsible_staff": personas.carl.pk,
        },
    ).json()
    step = body["goals"][0]["steps"][0]
    assert step["responsible_name"] == "Carl"
    body = _post(client, f"{plan_url}step-status/", {"step": step["id"], "status": "done"}).json()
    assert body["goals"][0]["steps"][0]["completed_on"] == today().isoformat()
    body = _post(client, f"{plan_url}reviews/", {"note": "Gjennomgått."}).json()
    assert body["last_reviewed_on"] == today().isoformat() and body["next_review_on"]
    pdf = client.get(f"{plan_url}pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert login(personas.bob).get(plan_url).status_code == 404
    assert AuditEvent.objects.filter(action="add_plan_step", actor=personas.carl).exists()


def test_schema_lists_the_endpoints(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(target), stderr=io.StringIO())
    schema = target.read_text()
    for path in (
        "/api/pre-sentence-reports/{id}/send/:",
        "/api/pre-sentence-reports/{id}/pdf/:",
        "/api/needs-assessments/{id}/consent/:",
        "/api/follow-up-plans/{id}/steps/:",
    ):
        assert path in schema, path
    for enum in (
        "PsrStatusEnum:",
        "PsrSuitabilityEnum:",
        "PlanStepStatusEnum:",
        "AssessmentStatusEnum:",
    ):
        assert enum in schema, enum
