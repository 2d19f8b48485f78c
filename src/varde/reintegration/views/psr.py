"""Pre-sentence report pages: register a request, the report page with its forms (assign,
interviews, the report text, send, withdraw), and the document as HTML and PDF."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.core.http import AuthedRequest
from varde.people.queries import get_person_for_user
from varde.reintegration import actions, rules
from varde.reintegration.choices import PsrStatus
from varde.reintegration.documents import PSR_TEMPLATE, psr_context, psr_pdf
from varde.reintegration.forms import (
    AssignForm,
    InterviewForm,
    PsrReportForm,
    PsrRequestForm,
    SendForm,
    WithdrawForm,
)
from varde.reintegration.models import PreSentenceReport
from varde.reintegration.queries import (
    get_report_for_user,
    home_office_for,
    officers_of,
    report_row,
    request_offices_for,
)
from varde.reintegration.views.common import can_edit, edit, log_read, pdf_response, run, view


def _url(report: PreSentenceReport) -> str:
    return reverse("reintegration:psr", args=[report.pk])


def request_form(request: AuthedRequest, person: Any, data: Any = None) -> PsrRequestForm:
    return PsrRequestForm(
        data,
        offices=request_offices_for(request.user, person),
        home=home_office_for(person),
    )


@edit
def register(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    form = request_form(request, person, request.POST)

    def do() -> PreSentenceReport:
        data = dict(form.cleaned_data)
        return actions.do_register_psr_request(person, actor=request.user, **data)

    back = reverse("reintegration:person", args=[person.pk])
    return run(request, form, do, _("Bestillingen er registrert."), back, then=_url)


@view
def detail(request: AuthedRequest, report_id: int) -> HttpResponse:
    report = get_report_for_user(request.user, report_id)
    log_read(request, report.person)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "report": report,
        "row": report_row(report, today),
        "interviews": list(report.interviews.all()),
        "processing_days": rules.processing_days(report.received_on, report.delivered_on)
        if report.delivered_on
        else rules.processing_days(report.received_on, today),
        "retention_until": rules.retention_until(report.delivered_on)
        if report.delivered_on
        else None,
        "can_edit": can_edit(request) and report.is_open,
    }
    if context["can_edit"]:
        context["forms"] = {
            "assign": AssignForm(report=report, officers=officers_of(report.office)),
            "interview": InterviewForm(),
            "withdraw": WithdrawForm(),
        }
        if report.status == PsrStatus.ASSIGNED:
            context["forms"]["report"] = PsrReportForm(report=report)
            context["forms"]["send"] = SendForm(initial={"recipient": report.requester})
    return render(request, "reintegration/psr_detail.html", context)


@edit
def assign(request: AuthedRequest, report_id: int) -> HttpResponse:
    report = get_report_for_user(request.user, report_id)
    form = AssignForm(request.POST, report=report, officers=officers_of(report.office))

    def do() -> object:
        return actions.do_assign_psr(report, form.cleaned_data["officer"], actor=request.user)

    return run(request, form, do, _("Personundersøkelsen er tildelt."), _url(report))


@edit
def interview(request: AuthedRequest, report_id: int) -> HttpResponse:
    report = get_report_for_user(request.user, report_id)
    form = InterviewForm(request.POST)

    def do() -> object:
        return actions.do_add_psr_interview(report, actor=request.user, **form.cleaned_data)

    return run(request, form, do, _("Samtalen er registrert."), _url(report))


@edit
def write(request: AuthedRequest, report_id: int) -> HttpResponse:
    report = get_report_for_user(request.user, report_id)
    form = PsrReportForm(request.POST, report=report)

    def do() -> object:
        return actions.do_write_psr(report, actor=request.user, **form.cleaned_data)

    return run(request, form, do, _("Utkastet er lagret."), _url(report))


@edit
def send(request: AuthedRequest, report_id: int) -> HttpResponse:
    report = get_report_for_user(request.user, report_id)
    form = SendForm(request.POST)

    def do() -> object:
        return actions.do_send_psr(
            report, recipient=form.cleaned_data["recipient"], actor=request.user
        )

    return run(request, form, do, _("Personundersøkelsen er sendt."), _url(report))


@edit
def withdraw(request: AuthedRequest, report_id: int) -> HttpResponse:
    report = get_report_for_user(request.user, report_id)
    form = WithdrawForm(request.POST)

    def do() -> object:
        return actions.do_withdraw_psr(report, note=form.cleaned_data["note"], actor=request.user)

    return run(request, form, do, _("Bestillingen er trukket tilbake."), _url(report))


@view
def document(request: AuthedRequest, report_id: int) -> HttpResponse:
    """The report as the court will see it (HTML print view; a draft until sent)."""
    report = get_report_for_user(request.user, report_id)
    log_read(request, report.person)
    context = psr_context(report, draft=report.status != PsrStatus.SENT)
    return render(request, PSR_TEMPLATE, context)


@view
def pdf(request: AuthedRequest, report_id: int) -> HttpResponse:
    """The PDF exactly as sent; before sending, a draft marked as such."""
    report = get_report_for_user(request.user, report_id)
    log_read(request, report.person)
    name = f"personundersokelse-{report.pk}.pdf"
    if report.status == PsrStatus.SENT:
        stored = getattr(report, "document", None)
        if stored is None:
            raise Http404
        return pdf_response(bytes(stored.pdf), name)
    if report.status == PsrStatus.WITHDRAWN:
        raise Http404
    return pdf_response(psr_pdf(report, draft=True), f"utkast-{name}")
