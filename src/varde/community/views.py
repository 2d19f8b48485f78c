"""Friomsorg screens: the caseload of the probation office, the case page with its forms
(hours, reporting, breaches, ND phases, EK equipment and schedule), and the person page's
panel of community cases (loaded by htmx from its own URL).

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
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from varde.audit.actions import record_access
from varde.community import actions, rules
from varde.community.choices import CaseKind
from varde.community.forms import (
    BreachForm,
    CloseForm,
    EquipmentForm,
    HoursForm,
    NdPhaseForm,
    OpenCaseForm,
    ReportingForm,
    ScheduleForm,
)
from varde.community.models import CommunityCase, ScheduleEntry
from varde.community.queries import (
    breach_deadlines,
    case_row,
    caseload_cases,
    equipment_events,
    get_case_for_user,
    mounted_now,
    person_cases,
    phase_history,
    schedule,
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


DEVIATION = "avvik"  # ?avvik=1 on the case page: register a deviation from the EK schedule


@login_required
@_view
def case_detail(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    record_access(actor=request.user, person=case.person, channel="web", path=request.path)
    may_edit = request.user.has_perm("people.change_person")
    can_edit = may_edit and case.is_open
    events = equipment_events(case)
    entries = schedule(case)
    context: dict[str, Any] = {
        "case": case,
        "row": case_row(case, timezone.localdate()),
        "can_edit": can_edit,
        "is_ek": bool(case.kind in (CaseKind.EK_FULL, CaseKind.EK_PARTIAL)),
        "phase_history": phase_history(case),
        "equipment_events": events,
        "mounted": mounted_now(case, events),
        "schedule": entries,
        "deviation": DEVIATION in request.GET,
        "forms": _case_forms(request, case, entries, can_edit),
    }
    context["mounted_text"] = rules.mounted_text(context["mounted"])
    if may_edit and context["is_ek"] and (can_edit or context["mounted"]):
        context["forms"]["equipment"] = EquipmentForm()  # a closed case: removal only
    return render(request, "community/case_detail.html", context)


def _case_forms(
    request: AuthedRequest, case: CommunityCase, entries: list[ScheduleEntry], can_edit: bool
) -> dict[str, Any]:
    """The forms of an open case the user may edit (none otherwise)."""
    if not can_edit:
        return {}
    initial = {"description": _("Avvik fra timeplanen: ")} if DEVIATION in request.GET else {}
    found: dict[str, Any] = {
        "reporting": ReportingForm(),
        "breach": BreachForm(kind=case.kind, initial=initial),
        "close": CloseForm(),
    }
    if case.hours_ordered:
        found["hours"] = HoursForm()
    if case.kind == CaseKind.ND_PROGRAMME and case.nd_phase:
        found["phase"] = NdPhaseForm(current=case.nd_phase)
    if case.kind in (CaseKind.EK_FULL, CaseKind.EK_PARTIAL):
        found["schedule"] = ScheduleForm()
        found["schedule_rows"] = [
            (
                entry,
                ScheduleForm(
                    prefix=f"schedule-{entry.pk}",
                    initial={
                        "weekday": entry.weekday,
                        "start_time": entry.start_time,
                        "end_time": entry.end_time,
                        "purpose": entry.purpose,
                        "note": entry.note,
                    },
                ),
            )
            for entry in entries
        ]
    return found


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
    form = BreachForm(request.POST, kind=case.kind)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_register_breach(
            case,
            day=data["day"],
            description=data["description"],
            response=data["response"],
            conditions=data.get("conditions", ""),
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
            converted=data["outcome"] == "converted",
            returned=data["outcome"] == "returned",
            note=data["note"],
            actor=request.user,
        )
        return None

    return _run(request, form, do, _("Saken er avsluttet."), _case_url(case))


@_edit
def change_nd_phase(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    form = NdPhaseForm(request.POST, current=case.nd_phase)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_change_nd_phase(
            case,
            to_phase=data["to_phase"],
            decided_on=data["decided_on"],
            court_reference=data["court_reference"],
            convicted_heard=data["convicted_heard"],
            reason=data["reason"],
            actor=request.user,
        )

    return _run(request, form, do, _("Fasen er endret."), _case_url(case))


@_edit
def register_equipment(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    form = EquipmentForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_register_equipment_event(
            case,
            kind=data["kind"],
            technology=data["technology"],
            device_id=data["device_id"],
            at=data["at"],
            note=data["note"],
            person_informed=data["person_informed"],
            actor=request.user,
        )

    return _run(request, form, do, _("Utstyrshendelsen er registrert."), _case_url(case))


def _schedule_args(form: forms.Form) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "weekday": data["weekday"],
        "start_minute": data["start_time"],
        "end_minute": data["end_time"],
        "purpose": data["purpose"],
        "note": data["note"],
    }


@_edit
def add_schedule_entry(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    form = ScheduleForm(request.POST)

    def do() -> object:
        return actions.do_add_schedule_entry(case, actor=request.user, **_schedule_args(form))

    return _run(request, form, do, _("Tidsrommet er lagt til i timeplanen."), _case_url(case))


def _entry(case: CommunityCase, entry_id: int) -> ScheduleEntry:
    entry = case.schedule_entries.filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    return entry


@_edit
def change_schedule_entry(request: AuthedRequest, case_id: int, entry_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    entry = _entry(case, entry_id)
    form = ScheduleForm(request.POST, prefix=f"schedule-{entry.pk}")

    def do() -> object:
        return actions.do_change_schedule_entry(entry, actor=request.user, **_schedule_args(form))

    return _run(request, form, do, _("Timeplanen er endret."), _case_url(case))


@_edit
def remove_schedule_entry(request: AuthedRequest, case_id: int, entry_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    entry = _entry(case, entry_id)

    def do() -> object:
        actions.do_remove_schedule_entry(entry, actor=request.user)
        return None

    return _run(request, forms.Form({}), do, _("Tidsrommet er fjernet."), _case_url(case))
