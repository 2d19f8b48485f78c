"""Pre-sentence report actions: registration (office, deadline, minors, responsibility),
assignment, interviews, writing, sending (the PDF kept as sent, audit and journal) and
withdrawal; refusals in Norwegian change nothing; access by office."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from tests.reintegration.conftest import request_for, today, written_report

from varde.audit.models import AuditEvent
from varde.journal.models import JournalEntry
from varde.people.models import Person, Responsibility
from varde.reintegration import actions
from varde.reintegration.models import PreSentenceReport, PsrDocument, PsrInterview
from varde.reintegration.pdf import sha256

pytestmark = pytest.mark.django_db


def test_register_sets_deadline_office_responsibility_audit_and_journal(
    org, personas, extra, accused
):
    report = request_for(accused, org.oslo_fri, personas.frida)
    assert report.status == "received" and report.kind == "new" and report.minor is False
    assert report.deadline == today() + timedelta(days=30)
    assert AuditEvent.objects.filter(
        action="register_psr_request", object_id=str(report.pk)
    ).exists()
    entry = JournalEntry.objects.get(person=accused, source_action="register_psr_request")
    assert "Oslo politidistrikt" in entry.text and "frist" in entry.text


def test_minor_gets_the_target_deadline(org, personas, extra, minor, settings):
    settings.VARDE_PSR_MINOR_TARGET_DAYS = 21
    report = request_for(
        minor, org.oslo_fri, personas.frida, requested_by=today() + timedelta(days=60)
    )
    assert report.minor is True
    assert report.deadline == report.received_on + timedelta(days=21)
    assert (
        "mindreårig"
        in JournalEntry.objects.get(person=minor, source_action="register_psr_request").text
    )


def test_register_opens_a_responsibility_for_an_office_that_had_none(org, personas, extra, accused):
    """Registered at the office where the person lives (Bergen): Bergen's staff then see them."""
    Person.objects.filter(pk=accused.pk).update(postal_code="5003", city="Bergen")
    accused.refresh_from_db()
    assert not Person.objects.visible_to(extra.berit).filter(pk=accused.pk).exists()
    report = request_for(accused, extra.bergen_fri, personas.frida)
    assert report.responsibility.unit == extra.bergen_fri
    assert report.responsibility.reason == "pre_sentence_report"
    assert Person.objects.visible_to(extra.berit).filter(pk=accused.pk).exists()


def test_office_must_be_own_or_where_the_person_lives(org, personas, extra, accused):
    before = PreSentenceReport.objects.count()
    with pytest.raises(ValidationError) as refused:
        request_for(accused, extra.bergen_fri, personas.frida)  # lives in Oslo
    assert "der personen bor" in str(refused.value)
    with pytest.raises(ValidationError, match="friomsorgskontor"):
        request_for(accused, org.oslo, personas.frida)
    assert PreSentenceReport.objects.count() == before


def test_refusals_in_norwegian_change_nothing(org, personas, extra, accused):
    counts = (
        PreSentenceReport.objects.count(),
        JournalEntry.objects.count(),
        AuditEvent.objects.count(),
    )
    for bad in (
        {"requested_by": None},
        {"received_on": today() + timedelta(days=1)},
        {"requested_by": today() - timedelta(days=10)},
        {"requester": " "},
    ):
        with pytest.raises(ValidationError):
            request_for(accused, org.oslo_fri, personas.frida, **bad)
    assert counts == (
        PreSentenceReport.objects.count(),
        JournalEntry.objects.count(),
        AuditEvent.objects.count(),
    )


def test_roles_and_offices_that_may_not_write(org, personas, extra, accused):
    with pytest.raises(PermissionDenied):
        request_for(accused, org.oslo_fri, personas.alice)  # prison officer: reads only
    with pytest.raises(PermissionDenied):
        request_for(accused, org.oslo_fri, personas.bob)  # cannot see the person
    report = request_for(accused, org.oslo_fri, personas.frida)
    with pytest.raises(PermissionDenied):
        actions.do_assign_psr(report, personas.frida, actor=extra.berit)  # other office
    # A prison case worker who sees the person (in custody at Oslo prison) may read the
    # report but neither work on it nor register a request, even at the person's home office.
    Responsibility.objects.create(person=accused, unit=org.oslo, date_from=today(), reason="stay")
    with pytest.raises(PermissionDenied):
        actions.do_assign_psr(report, personas.frida, actor=personas.carl)
    with pytest.raises(PermissionDenied, match="Bare friomsorgen"):
        request_for(accused, org.oslo_fri, personas.carl, n=2)
    assert PreSentenceReport.objects.get(pk=report.pk).officer is None
    assert PreSentenceReport.objects.count() == 1


def test_assign_only_to_the_offices_probation_officers(org, personas, extra, accused):
    report = request_for(accused, org.oslo_fri, personas.frida)
    with pytest.raises(ValidationError, match="friomsorgsmedarbeider ved Oslo"):
        actions.do_assign_psr(report, extra.berit, actor=personas.frida)
    with pytest.raises(ValidationError):
        actions.do_assign_psr(report, personas.carl, actor=personas.frida)
    report = actions.do_assign_psr(report, extra.fredrik, actor=personas.frida)
    assert report.officer == extra.fredrik and report.status == "assigned"
    assert "Fredrik" in JournalEntry.objects.get(person=accused, source_action="assign_psr").text


def test_interview_dates_and_writing_needs_assignment(org, personas, extra, accused):
    report = request_for(accused, org.oslo_fri, personas.frida)
    with pytest.raises(ValidationError, match="Tildel"):
        actions.do_write_psr(report, actor=personas.frida, housing="x")
    with pytest.raises(ValidationError, match="mellom"):
        actions.do_add_psr_interview(
            report, day=today() + timedelta(days=1), kind="office", actor=personas.frida
        )
    with pytest.raises(ValidationError, match="mellom"):
        actions.do_add_psr_interview(
            report, day=today() - timedelta(days=30), kind="office", actor=personas.frida
        )
    assert not PsrInterview.objects.exists()
    actions.do_add_psr_interview(report, day=today(), kind="home_visit", actor=personas.frida)
    assert AuditEvent.objects.filter(action="add_psr_interview").count() == 1


def test_write_rejects_unknown_fields_and_values(org, personas, extra, accused):
    report = request_for(accused, org.oslo_fri, personas.frida)
    actions.do_assign_psr(report, personas.frida, actor=personas.frida)
    with pytest.raises(ValidationError, match="Ukjente felt"):
        actions.do_write_psr(report, actor=personas.frida, status="sent")
    with pytest.raises(ValidationError):
        actions.do_write_psr(report, actor=personas.frida, suitability_ek="maybe")
    report = actions.do_write_psr(report, actor=personas.frida, housing="  Leier.  ")
    assert report.housing == "Leier."
    event = AuditEvent.objects.filter(action="write_psr").latest("pk")
    assert event.changes["housing"] == ["", "Leier."]


def test_send_refuses_an_incomplete_report(org, personas, extra, accused):
    report = request_for(accused, org.oslo_fri, personas.frida)
    with pytest.raises(ValidationError, match="Tildel"):
        actions.do_send_psr(report, recipient="Oslo tingrett", actor=personas.frida)
    actions.do_assign_psr(report, personas.frida, actor=personas.frida)
    with pytest.raises(ValidationError, match="Fyll ut før sending: Personlige forhold"):
        actions.do_send_psr(report, recipient="Oslo tingrett", actor=personas.frida)
    report.refresh_from_db()
    assert report.status == "assigned" and report.sent_at is None
    assert not PsrDocument.objects.exists()


def test_send_stores_the_pdf_logs_and_ends_the_responsibility(org, personas, extra, accused):
    Person.objects.filter(pk=accused.pk).update(postal_code="5003", city="Bergen")
    accused.refresh_from_db()
    report = request_for(accused, extra.bergen_fri, personas.frida)
    report = written_report(report, extra.berit)
    report = actions.do_send_psr(report, recipient="Bergen tingrett", actor=extra.berit)
    assert report.status == "sent" and report.sent_to == "Bergen tingrett"
    assert report.sent_by == extra.berit and report.delivered_on == today()
    document = PsrDocument.objects.get(report=report)
    assert bytes(document.pdf).startswith(b"%PDF") and document.sha256 == sha256(
        bytes(document.pdf)
    )
    event = AuditEvent.objects.get(action="send_psr", object_type="reintegration.psrdocument")
    assert event.changes["sha256"] == [None, document.sha256]
    assert "5 dager fra bestilling" in JournalEntry.objects.get(source_action="send_psr").text
    report.responsibility.refresh_from_db()
    assert report.responsibility.date_to == today()
    with pytest.raises(ValidationError, match="sendt"):
        actions.do_write_psr(report, actor=extra.berit, housing="endret")


def test_withdraw_needs_a_reason(org, personas, extra, accused):
    report = request_for(accused, org.oslo_fri, personas.frida)
    with pytest.raises(ValidationError):
        actions.do_withdraw_psr(report, note=" ", actor=personas.frida)
    report = actions.do_withdraw_psr(report, note="Saken henlagt", actor=personas.frida)
    assert report.status == "withdrawn"
    with pytest.raises(ValidationError, match="trukket tilbake"):
        actions.do_assign_psr(report, personas.frida, actor=personas.frida)


def test_supplement_suggested_when_the_last_report_is_over_a_year_old(
    org, personas, extra, accused
):
    report = written_report(request_for(accused, org.oslo_fri, personas.frida), personas.frida)
    report = actions.do_send_psr(report, recipient="Oslo tingrett", actor=personas.frida)
    PreSentenceReport.objects.filter(pk=report.pk).update(
        sent_at=report.sent_at - timedelta(days=400)
    )
    follow_up = request_for(accused, org.oslo_fri, personas.frida, n=2)
    assert follow_up.kind == "supplement"
    PreSentenceReport.objects.filter(pk=report.pk).update(
        sent_at=report.sent_at - timedelta(days=1200)
    )
    assert request_for(accused, org.oslo_fri, personas.frida, n=3).kind == "new"
