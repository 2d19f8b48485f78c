"""Screens for applications and decisions: the unit's worklist, the application page with
its forms (forward, decide, notify, appeal), the person page's panel, the processing-time
statistics, the processing-deadline table, and victim notification (per person and the
list of notices to send).

Every form posts to its own view, which calls one action and returns with a message; a
refusal shows the rule's Norwegian message and saves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from varde.audit.actions import record_access
from varde.core.http import AuthedRequest
from varde.decisions import actions, queries, rules
from varde.decisions.choices import OPEN_STATUSES, ApplicationStatus, Channel
from varde.decisions.forms import (
    AppealDecisionForm,
    AppealForm,
    ApplicationForm,
    DayForm,
    DeadlineSettingForm,
    DecisionForm,
    ForwardForm,
    NotifyForm,
    StatisticsForm,
    VictimContactForm,
    VictimNoticeForm,
)
from varde.decisions.models import Application
from varde.organisation.choices import Role
from varde.people.queries import get_person_for_user

_view = permission_required("people.view_person", raise_exception=True)


def _edit(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, a role that edits case data, and POST only."""
    return login_required(
        permission_required("people.change_person", raise_exception=True)(require_POST(view))
    )


def _flash(request: AuthedRequest, error: ValidationError | forms.BaseForm) -> None:
    if isinstance(error, ValidationError):
        for text in error.messages:
            messages.error(request, text)
        return
    for name, errors in error.errors.items():
        label = error.fields[name].label if name in error.fields else ""
        for text in map(str, errors):
            messages.error(request, f"{label}: {text}" if label else text)


def _run(
    request: AuthedRequest, form: forms.Form, do: Callable[[], Any], done: str, back: str
) -> HttpResponse:
    if not form.is_valid():
        _flash(request, form)
        return redirect(back)
    try:
        result = do()
    except ValidationError as exc:
        _flash(request, exc)
        return redirect(back)
    messages.success(request, done)
    if isinstance(result, Application):
        return redirect("decisions:application", application_id=result.pk)
    return redirect(back)


def _url(application: Application) -> str:
    return reverse("decisions:application", args=[application.pk])


# --- worklist, statistics, deadline table ----------------------------------------------------


def _level_label(level: str | None) -> str:
    return rules.level_label(level).lower() if level else ""


@login_required
@_view
def worklist(request: AuthedRequest) -> HttpResponse:
    """Open applications at the user's level, overdue first; appeals; copies (under 18)."""
    today = timezone.localdate()
    return render(
        request,
        "decisions/worklist.html",
        {
            "work": queries.worklist(request.user, today),
            "can_handle_victims": queries.can_handle_victims(request.user),
            "today": today,
            "level": _level_label(rules.actor_level(request.user.role, request.user.scope)),
        },
    )


@login_required
def statistics(request: AuthedRequest) -> HttpResponse:
    """Processing times per unit and kind (aggregates: analysts may see them)."""
    year = timezone.localdate().year
    form = StatisticsForm(request.GET or None, initial={"year": year})
    if form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    rows = queries.processing_statistics(request.user, year)
    return render(
        request,
        "decisions/statistics.html",
        {
            "form": form,
            "year": year,
            "rows": rows,
            "total": queries.statistics_totals(rows),
        },
    )


@login_required
def deadlines(request: AuthedRequest) -> HttpResponse:
    """The processing-deadline table in force, its stored versions, and (system
    administrators) a form to add a version."""
    from varde.decisions.models import DeadlineSetting

    can_edit = request.user.role == Role.SYSTEM_ADMIN or request.user.is_superuser
    form = DeadlineSettingForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.do_set_processing_deadline(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _flash(request, exc)
            else:
                messages.success(request, _("Den nye fristen er lagret."))
                return redirect("decisions:deadlines")
        else:
            _flash(request, form)
    today = timezone.localdate()
    return render(
        request,
        "decisions/deadlines.html",
        {
            "table": queries.deadline_table(today),
            "versions": DeadlineSetting.objects.all(),
            "form": form if can_edit else None,
            "today": today,
        },
    )


# --- one application -------------------------------------------------------------------------


def _detail_forms(request: AuthedRequest, application: Application) -> dict[str, Any]:
    user = request.user
    if not user.has_perm("people.change_person"):
        return {}
    found: dict[str, Any] = {}
    decision = getattr(application, "decision", None)
    if application.status in OPEN_STATUSES:
        if queries.acts_at(user, application.level, application):
            routing = rules.Routing(
                application.routing_level, application.refusal_level, application.routing_basis
            )
            if rules.level_rank(application.level) >= rules.level_rank(routing.refusal_level):
                found["decide"] = DecisionForm(application=application)
            if rules.forward_problem(routing, application.level) is None:
                found["forward"] = ForwardForm(prefix="videresend")
        if application.interim_reply_on is None:
            found["interim"] = DayForm(prefix="foreløpig")
        found["withdraw"] = DayForm(prefix="trekk")
    if decision is not None and decision.notified_at is None:
        found["notify"] = NotifyForm()
    if application.status == ApplicationStatus.DECIDED:
        found["appeal"] = AppealForm()
    appeal = getattr(decision, "appeal", None) if decision is not None else None
    if appeal is not None and appeal.is_open and queries.acts_at(user, appeal.level, application):
        found["appeal_decision"] = AppealDecisionForm()
        if appeal.level == decision.level:  # type: ignore[union-attr]
            found["appeal_forward"] = ForwardForm(prefix="klage-videresend")
    return found


@login_required
@_view
def application_detail(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = queries.get_application_for_user(request.user, application_id)
    record_access(actor=request.user, person=application.person, channel="web", path=request.path)
    today = timezone.localdate()
    decision = getattr(application, "decision", None)
    appeal = getattr(decision, "appeal", None) if decision is not None else None
    deadline = (
        rules.appeal_deadline(decision.notified_at, decision.appeal_period)
        if decision is not None and decision.notified_at is not None
        else None
    )
    return render(
        request,
        "decisions/application_detail.html",
        {
            "application": application,
            "decision": decision,
            "appeal": appeal,
            "appeal_deadline": deadline,
            "row": queries.work_row(application, today),
            "is_open": application.status in OPEN_STATUSES,
            "only_refusal_here": rules.level_rank(application.level)
            < rules.level_rank(application.routing_level),
            "child_interest_needed": rules.child_interest_required(
                minor_children=queries.minor_children(application.person, today),
                applicant_is_minor=queries.is_minor(application.person, today),
                concerns_child=application.concerns_child,
            ),
            "forms": _detail_forms(request, application),
            "today": today,
        },
    )


@login_required
@_view
def person_panel(request: AuthedRequest, person_id: int) -> HttpResponse:
    """The person's applications (htmx partial on the person page, or a page of its own)."""
    person = get_person_for_user(request.user, person_id)
    context: dict[str, Any] = {
        "person": person,
        "applications": queries.person_applications(person),
        "can_handle_victims": queries.can_handle_victims(request.user),
        "today": timezone.localdate(),
    }
    if request.user.has_perm("people.change_person"):
        context["form"] = ApplicationForm()
    template = (
        "decisions/_applications_panel.html"
        if request.htmx
        else "decisions/person_applications.html"
    )
    return render(request, template, context)


@_edit
def register_application(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    form = ApplicationForm(request.POST)

    def do() -> Application:
        return actions.do_register_application(person, actor=request.user, **form.cleaned_data)

    back = reverse("decisions:person", args=[person.pk])
    return _run(request, form, do, _("Søknaden er registrert."), back)


@_edit
def forward_application(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = queries.get_application_for_user(request.user, application_id)
    form = ForwardForm(request.POST, prefix="videresend")

    def do() -> object:
        return actions.do_forward_application(
            application, recommendation=form.cleaned_data["recommendation"], actor=request.user
        )

    return _run(request, form, do, _("Søknaden er sendt videre."), _url(application))


@_edit
def decide_application(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = queries.get_application_for_user(request.user, application_id)
    form = DecisionForm(request.POST, application=application)

    def do() -> object:
        data = form.cleaned_data
        notify = data["notify_now"]
        return actions.do_decide_application(
            application,
            outcome=data["outcome"],
            legal_basis=data["legal_basis"],
            reasons=data["reasons"],
            child_interest=data["child_interest"],
            notified_at=(data["notified_at"] or timezone.now()) if notify else None,
            channel=data["channel"],
            notified_to=data["notified_to"],
            guardian_informed=data["guardian_informed"],
            actor=request.user,
        )

    return _run(request, form, do, _("Vedtaket er lagret."), _url(application))


@_edit
def notify_decision(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = queries.get_application_for_user(request.user, application_id)
    form = NotifyForm(request.POST)

    def do() -> object:
        decision = getattr(application, "decision", None)
        if decision is None:
            raise ValidationError(_("Søknaden er ikke avgjort ennå."))
        return actions.do_notify_decision(decision, actor=request.user, **form.cleaned_data)

    return _run(request, form, do, _("Underretningen er registrert."), _url(application))


@_edit
def interim_reply(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = queries.get_application_for_user(request.user, application_id)
    form = DayForm(request.POST, prefix="foreløpig")

    def do() -> object:
        return actions.do_register_interim_reply(
            application, day=form.cleaned_data["day"], actor=request.user
        )

    return _run(request, form, do, _("Foreløpig svar er registrert."), _url(application))


@_edit
def withdraw_application(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = queries.get_application_for_user(request.user, application_id)
    form = DayForm(request.POST, prefix="trekk")

    def do() -> object:
        return actions.do_withdraw_application(
            application, day=form.cleaned_data["day"], actor=request.user
        )

    return _run(request, form, do, _("Søknaden er trukket."), _url(application))


@_edit
def register_appeal(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = queries.get_application_for_user(request.user, application_id)
    form = AppealForm(request.POST)

    def do() -> object:
        decision = getattr(application, "decision", None)
        if decision is None:
            raise ValidationError(_("Søknaden er ikke avgjort ennå."))
        return actions.do_register_appeal(decision, actor=request.user, **form.cleaned_data)

    return _run(request, form, do, _("Klagen er registrert."), _url(application))


def _open_appeal(application: Application) -> Any:
    decision = getattr(application, "decision", None)
    appeal = getattr(decision, "appeal", None) if decision is not None else None
    if appeal is None:
        raise ValidationError(_("Vedtaket er ikke påklaget."))
    return appeal


@_edit
def forward_appeal(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = queries.get_application_for_user(request.user, application_id)
    form = ForwardForm(request.POST, prefix="klage-videresend")

    def do() -> object:
        return actions.do_forward_appeal(
            _open_appeal(application),
            recommendation=form.cleaned_data["recommendation"],
            actor=request.user,
        )

    return _run(request, form, do, _("Klagen er sendt klageinstansen."), _url(application))


@_edit
def decide_appeal(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = queries.get_application_for_user(request.user, application_id)
    form = AppealDecisionForm(request.POST)

    def do() -> object:
        return actions.do_decide_appeal(
            _open_appeal(application), actor=request.user, **form.cleaned_data
        )

    return _run(request, form, do, _("Klagen er avgjort."), _url(application))


# --- victims ---------------------------------------------------------------------------------


def _require_victim_access(request: AuthedRequest) -> None:
    if not queries.can_handle_victims(request.user):
        raise PermissionDenied


@login_required
def notices(request: AuthedRequest) -> HttpResponse:
    """Notices to send to victims and surviving relatives, late ones first."""
    _require_victim_access(request)
    today = timezone.localdate()
    due = queries.notice_worklist(request.user, today)
    return render(
        request,
        "decisions/notices.html",
        {"due": due, "today": today, "channels": Channel.choices},
    )


@login_required
def person_victims(request: AuthedRequest, person_id: int) -> HttpResponse:
    """Who wants to be told about this person's movements, what is due, what was sent."""
    _require_victim_access(request)
    person = get_person_for_user(request.user, person_id)
    record_access(actor=request.user, person=person, channel="web", path=request.path)
    today = timezone.localdate()
    due = [d for d in queries.notice_worklist(request.user, today) if d.person.pk == person.pk]
    return render(
        request,
        "decisions/person_victims.html",
        {
            "person": person,
            "contacts": queries.person_victim_contacts(person),
            "due": due,
            "form": VictimContactForm(person=person),
            "notice_form": VictimNoticeForm(),
            "withdraw_form": DayForm(prefix="trekk"),
            "channels": Channel.choices,
            "today": today,
        },
    )


def _victims_url(person_id: int) -> str:
    return reverse("decisions:person_victims", args=[person_id])


@login_required
@require_POST
def register_victim(request: AuthedRequest, person_id: int) -> HttpResponse:
    _require_victim_access(request)
    person = get_person_for_user(request.user, person_id)
    form = VictimContactForm(request.POST, person=person)

    def do() -> object:
        data = dict(form.cleaned_data)
        judgment = data.pop("judgment")
        return actions.do_register_victim_contact(person, judgment, actor=request.user, **data)

    return _run(request, form, do, _("Registrert."), _victims_url(person.pk))


@login_required
@require_POST
def withdraw_victim(request: AuthedRequest, contact_id: int) -> HttpResponse:
    _require_victim_access(request)
    contact = queries.get_victim_contact_for_user(request.user, contact_id)
    form = DayForm(request.POST, prefix="trekk")

    def do() -> object:
        return actions.do_withdraw_victim_contact(
            contact, day=form.cleaned_data["day"], actor=request.user
        )

    return _run(
        request,
        form,
        do,
        _("Ønsket om varsel er trukket tilbake."),
        _victims_url(contact.person_id),
    )


@login_required
@require_POST
def register_notice(request: AuthedRequest, contact_id: int) -> HttpResponse:
    _require_victim_access(request)
    contact = queries.get_victim_contact_for_user(request.user, contact_id)
    form = VictimNoticeForm(request.POST)

    def do() -> object:
        return actions.do_register_victim_notice(contact, actor=request.user, **form.cleaned_data)

    back = _victims_url(contact.person_id)
    if request.POST.get("next") == reverse("decisions:notices"):  # sent from the worklist
        back = reverse("decisions:notices")
    return _run(request, form, do, _("Varselet er registrert."), back)
