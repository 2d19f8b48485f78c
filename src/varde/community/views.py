"""Friomsorg screens: the caseload of the probation office, the case page with its forms,
and the person page's panel of community cases (loaded by htmx from its own URL).

Every form posts to its own view, which calls one action and returns to the case page with
a message; a refusal shows the rule's Norwegian message and saves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from varde.audit.actions import record_access
from varde.community import actions
from varde.community.forms import BreachForm, CloseForm, HoursForm, OpenCaseForm, ReportingForm
from varde.community.models import CommunityCase
from varde.community.queries import (
    breach_deadlines,
    case_row,
    caseload_cases,
    get_case_for_user,
    person_cases,
)
from varde.core.http import AuthedRequest
from varde.people.queries import get_person_for_user

PAGE_SIZE = 50
_view = permission_required("people.view_person", raise_exception=True)


@login_required
@_view
def caseload(request: AuthedRequest) -> HttpResponse:
    """Open cases of the office: hours progress, days since contact, breach deadlines."""
    today = timezone.localdate()
    page = Paginator(caseload_cases(request.user), PAGE_SIZE).get_page(request.GET.get("side"))
    rows = [case_row(case, today) for case in page]
    return render(
        request,
        "community/caseload.html",
        {
            "page": page,
            "rows": rows,
            "overdue": [row for row in rows if row.reporting_overdue],
            "deadlines": breach_deadlines(request.user, today),
            "today": today,
        },
    )


@login_required
@_view
def case_detail(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    record_access(actor=request.user, person=case.person, channel="web", path=request.path)
    can_edit = request.user.has_perm("people.change_person") and case.is_open
    context: dict[str, Any] = {
        "case": case,
        "row": case_row(case, timezone.localdate()),
        "can_edit": can_edit,
    }
    if can_edit:
        context["forms"] = {
            "reporting": ReportingForm(),
            "breach": BreachForm(),
            "close": CloseForm(),
        }
        if case.hours_ordered:
            context["forms"]["hours"] = HoursForm()
    return render(request, "community/case_detail.html", context)


@login_required
@_view
def person_panel(request: AuthedRequest, person_id: int) -> HttpResponse:
    """The person's community cases (htmx partial on the person page, or a page of its own)."""
    person = get_person_for_user(request.user, person_id)
    context: dict[str, Any] = {"person": person, "cases": person_cases(person)}
    if request.user.has_perm("people.change_person"):
        form = OpenCaseForm(person=person, user=request.user)
        if form.fields["judgment"].queryset.exists():  # type: ignore[attr-defined]
            context["open_form"] = form
    template = "community/_cases_panel.html" if request.htmx else "community/person_cases.html"
    return render(request, template, context)


# --- writes --------------------------------------------------------------------------------


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
    for field, errors in error.errors.items():
        label = error.fields[field].label if field in error.fields else ""
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
    if isinstance(result, CommunityCase):
        return redirect("community:case", case_id=result.pk)
    return redirect(back)


def _case_url(case: CommunityCase) -> str:
    return reverse("community:case", args=[case.pk])


@_edit
def open_case(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    form = OpenCaseForm(request.POST, person=person, user=request.user)

    def do() -> CommunityCase:
        data = form.cleaned_data
        return actions.do_open_case(
            person,
            data["judgment"],
            data["office"],
            kind=data["kind"],
            start=data["start"],
            reporting_every_days=data["reporting_every_days"],
            actor=request.user,
        )

    back = reverse("community:person", args=[person.pk])
    return _run(request, form, do, _("Saken i friomsorgen er startet."), back)


@_edit
def log_hours(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    form = HoursForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_log_hours(
            case,
            day=data["day"],
            hours=data["hours"],
            activity=data["activity"],
            actor=request.user,
        )

    return _run(request, form, do, _("Timene er ført."), _case_url(case))


@_edit
def register_reporting(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    form = ReportingForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_register_reporting(
            case,
            day=data["day"],
            kind=data["kind"],
            attended=data["attended"],
            note=data["note"],
            actor=request.user,
        )

    return _run(request, form, do, _("Oppmøtet er registrert."), _case_url(case))


@_edit
def register_breach(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    form = BreachForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_register_breach(
            case,
            day=data["day"],
            description=data["description"],
            response=data["response"],
            actor=request.user,
        )

    return _run(request, form, do, _("Bruddet er registrert."), _case_url(case))


@_edit
def close_case(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    form = CloseForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        actions.do_close_case(
            case,
            day=data["day"],
            converted=data["converted"],
            note=data["note"],
            actor=request.user,
        )
        return None

    return _run(request, form, do, _("Saken er avsluttet."), _case_url(case))
