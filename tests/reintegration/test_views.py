"""Reintegration screens: access (anonymous, analyst, other office, read-only role),
the main paths through the forms (request → report sent; offer → consent → scores →
summary → plan → print), the person page's panel, the worklist order and its query count,
access logging, and no inline script or style under the CSP."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.reintegration.conftest import request_for, today, written_report

from varde.audit.models import AccessLog
from varde.reintegration import actions, areas
from varde.reintegration.models import FollowUpPlan, NeedsAssessment, PreSentenceReport

pytestmark = pytest.mark.django_db


def _post(client, name, *args, data=None):
    return client.post(reverse(f"reintegration:{name}", args=args), data or {})


def _messages(response) -> str:
    return " ".join(str(m) for m in response.wsgi_request._messages)


@pytest.fixture
def report(org, personas, extra, accused):
    return request_for(accused, org.oslo_fri, personas.frida)


def test_anonymous_goes_to_login(client, report):
    for url in (
        reverse("reintegration:index"),
        reverse("reintegration:psr", args=[report.pk]),
        reverse("reintegration:person", args=[report.person_id]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response.url
    assert _post(client, "send_psr", report.pk).status_code == 302


def test_analyst_is_refused(login, personas, report):
    client = login(personas.anna)
    assert client.get(reverse("reintegration:index")).status_code == 403
    assert client.get(reverse("reintegration:psr", args=[report.pk])).status_code == 403


def test_other_office_and_other_prison_get_404(login, personas, extra, org, report):
    for user in (extra.berit, personas.bob):
        client = login(user)
        assert client.get(reverse("reintegration:psr", args=[report.pk])).status_code == 404
        assert client.get(reverse("reintegration:psr_pdf", args=[report.pk])).status_code == 404
        assert (
            client.get(reverse("reintegration:person", args=[report.person_id])).status_code == 404
        )
        assert (
            client.get(reverse("reintegration:worklist", args=[org.oslo_fri.pk])).status_code == 404
        )
    client = login(extra.berit)
    assert (
        _post(client, "assign_psr", report.pk, data={"assign-officer": extra.berit.pk}).status_code
        == 404
    )


def test_read_only_role_cannot_post(login, personas, org, stay):
    client = login(personas.alice)  # prison officer at Oslo fengsel: sees the inmate
    assert client.get(reverse("reintegration:person", args=[stay.person_id])).status_code == 200
    response = _post(
        client, "offer_assessment", stay.person_id, data={"offer-execution": f"stay:{stay.pk}"}
    )
    assert response.status_code == 403
    assert not NeedsAssessment.objects.exists()


def test_index_shows_own_unit_or_lists_units(login, personas, org):
    response = login(personas.frida).get(reverse("reintegration:index"))
    assert response.status_code == 200
    assert "Tilbakeføring – Oslo friomsorgskontor" in response.content.decode()
    page = login(personas.rune).get(reverse("reintegration:index")).content.decode()
    assert "Oslo friomsorgskontor" in page and "Oslo fengsel" in page and "Bergen" not in page


def test_nav_entry(login, personas):
    page = login(personas.carl).get("/").content.decode()
    assert reverse("reintegration:index") in page


def test_request_to_sent_report_through_the_screens(login, personas, extra, accused, org):
    client = login(personas.frida)
    person_url = reverse("reintegration:person", args=[accused.pk])
    panel = client.get(person_url, HTTP_HX_REQUEST="true").content.decode()
    assert "Registrer bestilling av personundersøkelse" in panel
    response = _post(
        client,
        "register_psr",
        accused.pk,
        data={
            "psr-office": org.oslo_fri.pk,
            "psr-requester_kind": "court",
            "psr-requester": "Oslo tingrett",
            "psr-reference": "26-012345MED-OTIR/01",
            "psr-received_on": today().isoformat(),
            "psr-court_date": (today() + timedelta(days=20)).isoformat(),
            "psr-kind": "",
        },
    )
    report = PreSentenceReport.objects.get(reference="26-012345MED-OTIR/01")
    assert response.status_code == 302 and response.url == reverse(
        "reintegration:psr", args=[report.pk]
    )
    assert report.deadline == today() + timedelta(days=19)
    _post(client, "assign_psr", report.pk, data={"assign-officer": extra.fredrik.pk})
    _post(
        client,
        "psr_interview",
        report.pk,
        data={
            "interview-day": today().isoformat(),
            "interview-kind": "office",
            "interview-note": "x",
        },
    )
    text = {f"report-{name}": "Tekst." for name in actions.REPORT_TEXT_FIELDS}
    text |= {f"report-{name}": "not_assessed" for name in actions.SUITABILITY_FIELDS}
    text["report-suitability_ek"] = "suitable"
    response = _post(client, "write_psr", report.pk, data=text)
    assert "Utkastet er lagret." in _messages(response)
    page = client.get(reverse("reintegration:psr", args=[report.pk])).content.decode()
    assert "Send personundersøkelsen" in page
    draft = client.get(reverse("reintegration:psr_pdf", args=[report.pk]))
    assert draft["Content-Type"] == "application/pdf" and "utkast" in draft["Content-Disposition"]
    response = _post(client, "send_psr", report.pk, data={"send-recipient": "Oslo tingrett"})
    assert "Personundersøkelsen er sendt." in _messages(response)
    report.refresh_from_db()
    assert report.status == "sent"
    sent = client.get(reverse("reintegration:psr_pdf", args=[report.pk]))
    assert bytes(sent.content) == bytes(report.document.pdf)
    document = client.get(reverse("reintegration:psr_document", args=[report.pk])).content.decode()
    assert "PERSONUNDERSØKELSE" in document and accused.full_name in document
    assert "UTKAST" not in document


def test_refusal_shows_the_rule_and_saves_nothing(login, personas, report):
    client = login(personas.frida)
    actions.do_assign_psr(report, personas.frida, actor=personas.frida)
    response = _post(client, "send_psr", report.pk, data={"send-recipient": "Oslo tingrett"})
    assert "Fyll ut før sending" in _messages(response)
    report.refresh_from_db()
    assert report.status == "assigned"


def test_worklist_orders_minors_due_first_and_pins_queries(
    login, personas, extra, accused, minor, org
):
    request_for(accused, org.oslo_fri, personas.frida, requested_by=today() + timedelta(days=3))
    request_for(minor, org.oslo_fri, personas.frida, requested_by=today() + timedelta(days=6))
    late = request_for(
        accused, org.oslo_fri, personas.frida, n=2, requested_by=today() + timedelta(days=1)
    )
    PreSentenceReport.objects.filter(pk=late.pk).update(deadline=today() - timedelta(days=2))
    client = login(personas.frida)
    url = reverse("reintegration:worklist", args=[org.oslo_fri.pk])
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    rows = re.findall(r'data-report="(\d+)"', page)
    minors = [str(r.pk) for r in PreSentenceReport.objects.filter(minor=True)]
    assert rows[0] in minors and rows[1] == str(late.pk)
    assert "Forfalt" in page and "Mindreårig" in page
    for n in range(3, 8):
        request_for(accused, org.oslo_fri, personas.frida, n=n)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_assessment_and_plan_through_the_screens(login, personas, org, stay):
    client = login(personas.carl)
    worklist = client.get(reverse("reintegration:worklist", args=[org.oslo.pk])).content.decode()
    assert stay.person.full_name in worklist and "Tilbudt i dag" in worklist
    back = reverse("reintegration:worklist", args=[org.oslo.pk])
    response = _post(
        client,
        "offer_assessment",
        stay.person_id,
        data={
            "offer-execution": f"stay:{stay.pk}",
            "offer-offered_on": today().isoformat(),
            "tilbake": back,
        },
    )
    assessment = NeedsAssessment.objects.get(stay=stay)
    assert response.url == reverse("reintegration:assessment", args=[assessment.pk])
    assert stay.person.full_name not in client.get(back).content.decode()
    response = _post(
        client,
        "consent",
        assessment.pk,
        data={"consent-answer": "yes", "consent-on": today().isoformat()},
    )
    assert "skriftlig" in _messages(response)
    _post(
        client,
        "consent",
        assessment.pk,
        data={"consent-answer": "yes", "consent-on": today().isoformat(), "consent-written": "on"},
    )
    version = areas.version_named(assessment.config_version)
    scores = {}
    for area in version.areas:
        scores |= {f"scores-{area.code}__need": "2", f"scores-{area.code}__resource": "1"}
    scores["scores-housing__note"] = "Uten fast bolig"
    _post(client, "score", assessment.pk, data=scores)
    _post(client, "complete", assessment.pk, data={"complete-summary": "Du trenger et sted å bo."})
    assessment.refresh_from_db()
    assert assessment.status == "completed"
    page = client.get(reverse("reintegration:assessment", args=[assessment.pk])).content.decode()
    assert "Uten fast bolig" in page and "Lag oppfølgingsplan fra kartleggingen" in page
    response = _post(client, "create_plan", stay.person_id, data={"assessment": assessment.pk})
    plan = FollowUpPlan.objects.get(person=stay.person)
    assert plan.assessment == assessment
    _post(
        client,
        "add_goal",
        plan.pk,
        data={"goal-area_code": "housing", "goal-goal": "Bolig ved løslatelse"},
    )
    goal = plan.goals.get()
    _post(
        client,
        "add_step",
        plan.pk,
        data={
            "step-goal": goal.pk,
            "step-description": "Søke bolig",
            "step-responsible_kind": "agency",
            "step-agency": "NAV Grünerløkka",
            "step-due_on": (today() + timedelta(days=14)).isoformat(),
        },
    )
    step = goal.steps.get()
    assert step.responsible_name == "NAV Grünerløkka"
    _post(client, "step_status", plan.pk, step.pk, data={"status": "in_progress"})
    step.refresh_from_db()
    assert step.status == "in_progress"
    _post(
        client,
        "review_plan",
        plan.pk,
        data={"review-reviewed_on": today().isoformat(), "review-note": "Bra."},
    )
    page = client.get(reverse("reintegration:plan", args=[plan.pk])).content.decode()
    assert "NAV Grünerløkka" in page and "Bra." in page
    printout = client.get(reverse("reintegration:plan_print", args=[plan.pk])).content.decode()
    assert "Min oppfølgingsplan" in printout and "Du trenger et sted å bo." in printout
    pdf = client.get(reverse("reintegration:plan_pdf", args=[plan.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    person_page = client.get(reverse("people:detail", args=[stay.person_id])).content.decode()
    assert reverse("reintegration:person", args=[stay.person_id]) in person_page
    panel = client.get(
        reverse("reintegration:person", args=[stay.person_id]), HTTP_HX_REQUEST="true"
    )
    assert "Bolig ved løslatelse" in panel.content.decode()
    assert "<html" not in panel.content.decode()


def test_reading_logs_access(login, personas, report):
    client = login(personas.frida)
    client.get(reverse("reintegration:psr", args=[report.pk]))
    client.get(reverse("reintegration:psr_document", args=[report.pk]))
    assert AccessLog.objects.filter(actor=personas.frida, person=report.person).count() == 2


def test_no_inline_script_or_style(login, personas, org, stay, report):
    plan = actions.do_create_plan(stay.person, actor=personas.carl)
    assessment = actions.do_offer_assessment(stay.person, stay=stay, actor=personas.carl)
    pages = {
        "worklist": login(personas.frida).get(
            reverse("reintegration:worklist", args=[org.oslo_fri.pk])
        ),
        "psr": login(personas.frida).get(reverse("reintegration:psr", args=[report.pk])),
        "document": login(personas.frida).get(
            reverse("reintegration:psr_document", args=[report.pk])
        ),
        "assessment": login(personas.carl).get(
            reverse("reintegration:assessment", args=[assessment.pk])
        ),
        "plan": login(personas.carl).get(reverse("reintegration:plan", args=[plan.pk])),
        "print": login(personas.carl).get(reverse("reintegration:plan_print", args=[plan.pk])),
        "panel": login(personas.carl).get(reverse("reintegration:person", args=[stay.person_id])),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        html = response.content.decode()
        for attributes, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S):
            assert "src=" in attributes and not body.strip(), name
        assert not re.search(r"\sstyle\s*=", html), name
        assert not re.search(r"<style", html), name
        assert not re.search(r"<[^>]*\son[a-z]+\s*=", html, flags=re.I), name
        assert "script-src 'self'" in response["Content-Security-Policy"], name


def test_sent_report_pdf_is_stored_not_rerendered(login, personas, report):
    report = written_report(report, personas.frida)
    report = actions.do_send_psr(report, recipient="Oslo tingrett", actor=personas.frida)
    PreSentenceReport.objects.filter(pk=report.pk).update(conclusion="Endret i ettertid")
    response = login(personas.frida).get(reverse("reintegration:psr_pdf", args=[report.pk]))
    assert bytes(response.content) == bytes(report.document.pdf)
