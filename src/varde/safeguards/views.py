"""Safeguard screens: the worklist of deadlines, the decision screens for exclusion and
coercive measures and their pages, the person page's panel, the deviation register, the
overview of open deviations per unit, and the statistics of coercive measures.

Decision screens re-show themselves with the errors (long reasons are never lost); the small
forms on a decision's page post to their own view, which calls one action and returns to
the page with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from varde.audit.actions import record_access
from varde.core.http import AuthedRequest
from varde.people.queries import get_person_for_user
from varde.safeguards import actions, alerts, appendix5, clocks, decisions, queries
from varde.safeguards.choices import DeviationStatus, MeasureKind
from varde.safeguards.forms import (
    AssignForm,
    CloseDeviationForm,
    ContactPlanForm,
    ContactResultForm,
    DeviationForm,
    EndForm,
    ExclusionForm,
    MeasureForm,
    NoticeForm,
    ReviewForm,
    SupervisionForm,
)
from varde.safeguards.models import ContactActivity, Decision, Exclusion

PAGE_SIZE = 50
_view = permission_required("safeguards.view_safeguards", raise_exception=True)


def _number(value: str | None) -> int:
    """A number from the query string (0 for anything else)."""
    return int(value) if value and value.isdigit() else 0


def _log(request: AuthedRequest, decision: Decision) -> None:
    record_access(actor=request.user, person=decision.person, channel="web", path=request.path)


# --- worklist and overview --------------------------------------------------------------------


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """The worklist for staff who see persons; the overview (counts) for KDI's analysts."""
    if request.user.has_perm("safeguards.view_safeguards"):
        return _worklist(request)
    if request.user.has_perm("safeguards.view_overview"):
        return overview(request)
    raise PermissionDenied


def _worklist(request: AuthedRequest) -> HttpResponse:
    units = queries.units_in_scope(request.user)
    unit = units.filter(pk=_number(request.GET.get("enhet")) or request.user.unit_id or 0).first()
    work = queries.worklist(request.user, unit=unit)
    mandela = _mandela(request, unit, timezone.localdate()) if unit is not None else None
    return render(
        request,
        "safeguards/worklist.html",
        {"work": work, "units": units, "unit": unit, "now": timezone.now(), "mandela": mandela},
    )


def _mandela(request: AuthedRequest, unit: Any, day: Any) -> alerts.UnitAlerts:
    """The unit's Mandela-rule alerts on ``day`` (persons the user sees; reads logged)."""
    found = alerts.unit_alerts(unit, day, request.user)
    for row in found.rows:
        record_access(actor=request.user, person=row.person, channel="web", path=request.path)
    return found


@login_required
@_view
def mandela(request: AuthedRequest) -> HttpResponse:
    """The daily alert list of a unit: isolation (Mandela rule 44), prolonged isolation (rules
    43-44) and, under the 2026 reform, under four hours out of cell (strgjfl § 17)."""
    units = queries.units_in_scope(request.user)
    unit = units.filter(pk=_number(request.GET.get("enhet")) or request.user.unit_id or 0).first()
    try:
        day = date.fromisoformat(request.GET.get("dag") or "")
    except ValueError:
        day = timezone.localdate()
    found = _mandela(request, unit, day) if unit is not None else None
    return render(
        request,
        "safeguards/mandela.html",
        {"units": units, "unit": unit, "day": day, "alerts": found},
    )


@login_required
@permission_required("safeguards.view_overview", raise_exception=True)
def overview(request: AuthedRequest) -> HttpResponse:
    """Open deviations per unit, by region (counts, no persons)."""
    rows = queries.open_deviations_per_unit(request.user)
    return render(request, "safeguards/overview.html", {"rows": rows})


@login_required
@permission_required("safeguards.view_overview", raise_exception=True)
def statistics(request: AuthedRequest) -> HttpResponse:
    """Coercive measures per year and kind (the form of appendix 5 of the annual report)."""
    return render(
        request,
        "safeguards/statistics.html",
        {
            "kinds": [MeasureKind(kind).label for kind in queries.STAT_KINDS],
            "rows": queries.coercive_statistics(request.user),
            "published_kinds": [MeasureKind(kind).label for kind in appendix5.KINDS],
            "published": appendix5.ROWS,
        },
    )


# --- the person page --------------------------------------------------------------------------


@login_required
@_view
def person_panel(request: AuthedRequest, person_id: int) -> HttpResponse:
    """Open exclusions and coercive measures with their next deadline (htmx partial on the
    person page, or a page of its own)."""
    person = get_person_for_user(request.user, person_id)
    record_access(actor=request.user, person=person, channel="web", path=request.path)
    context = {
        "person": person,
        "safeguards": queries.person_safeguards(person),
        "can_decide": request.user.has_perm("safeguards.change_decision"),
    }
    template = "safeguards/_panel.html" if request.htmx else "safeguards/person.html"
    return render(request, template, context)


def _default_unit(person: Any) -> Any:
    from varde.execution.queries import current_stay

    stay = current_stay(person)
    return stay.unit if stay else None


def _decide(request: AuthedRequest, person_id: int, *, exclusion: bool) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    now = timezone.now()
    rule_set = decisions.rules_on(now)
    minor = decisions.is_minor(person, now)
    form_class = ExclusionForm if exclusion else MeasureForm
    form = form_class(
        request.POST or None,
        user=request.user,
        rule_set=rule_set,
        minor=minor,
        default_unit=_default_unit(person),
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = _save_decision(request, person, form, exclusion=exclusion)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Vedtaket er registrert."))
            return redirect(_url(decision))
    record_access(actor=request.user, person=person, channel="web", path=request.path)
    return render(
        request,
        "safeguards/decide.html",
        {"person": person, "form": form, "exclusion": exclusion, "minor": minor, "rules": rule_set},
    )


def _save_decision(
    request: AuthedRequest, person: Any, form: forms.Form, *, exclusion: bool
) -> Decision:
    data = form.cleaned_data
    common = {
        "unit": data["unit"],
        "start_at": data["start_at"],
        "reasons": data["reasons"],
        "authorised_by": data["authorised_by"],
        "best_interest": data["best_interest"],
        "told": data["told"],
        "actor": request.user,
    }
    if exclusion:
        return actions.do_decide_exclusion(
            person,
            ground=data["legal_basis"],
            extent=data["extent"],
            planned_review_on=data["planned_review_on"],
            **common,
        )
    return actions.do_decide_measure(
        person,
        kind=data["kind"],
        basis=data["legal_basis"],
        doctor_statement_sought=data["doctor_statement_sought"],
        doctor_statement=data["doctor_statement"],
        doctor_not_sought_reason=data["doctor_not_sought_reason"],
        **common,
    )


def _add_errors(form: forms.Form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        for text in exc.messages:
            form.add_error(None, text)
        return
    for field, errors in exc.message_dict.items():
        target = {"kind": "kind", "ground": "legal_basis"}.get(field, field)
        for text in errors:
            form.add_error(target if target in form.fields else None, text)


_change = permission_required("safeguards.change_decision", raise_exception=True)


@login_required
@_change
def decide_exclusion(request: AuthedRequest, person_id: int) -> HttpResponse:
    return _decide(request, person_id, exclusion=True)


@login_required
@_change
def decide_measure(request: AuthedRequest, person_id: int) -> HttpResponse:
    return _decide(request, person_id, exclusion=False)


# --- a decision's page ------------------------------------------------------------------------


def _url(decision: Decision) -> str:
    if isinstance(decision, Exclusion):
        return reverse("safeguards:exclusion", args=[decision.pk])
    return reverse("safeguards:measure", args=[decision.pk])


def _decision_context(request: AuthedRequest, decision: Decision) -> dict[str, Any]:
    can_decide = request.user.has_perm("safeguards.change_decision")
    can_log = request.user.has_perm("safeguards.log_supervision")
    context: dict[str, Any] = {
        "decision": decision,
        "kind": "utelukkelse" if isinstance(decision, Exclusion) else "tvangsmiddel",
        "deadlines": clocks.deadlines(decision),
        "can_decide": can_decide and decision.is_open,
        "can_log": can_log,
        "rules": decisions.rules_of(decision),
    }
    if can_decide:
        context["notice_form"] = NoticeForm(prefix="notice")
        if decision.is_open:
            context["review_form"] = ReviewForm(prefix="review")
            context["end_form"] = EndForm(prefix="end")
    return context


@login_required
@_view
def exclusion_detail(request: AuthedRequest, exclusion_id: int) -> HttpResponse:
    exclusion = queries.get_exclusion_for_user(request.user, exclusion_id)
    _log(request, exclusion)
    context = _decision_context(request, exclusion)
    context["weeks"] = queries.contact_weeks(exclusion)
    if context["can_log"] and exclusion.is_open:
        context["plan_form"] = ContactPlanForm(prefix="plan")
    return render(request, "safeguards/exclusion.html", context)


@login_required
@_view
def measure_detail(request: AuthedRequest, measure_id: int) -> HttpResponse:
    measure = queries.get_measure_for_user(request.user, measure_id)
    _log(request, measure)
    context = _decision_context(request, measure)
    if context["can_log"]:
        context["supervision_form"] = SupervisionForm(prefix="supervision")
    return render(request, "safeguards/measure.html", context)


# --- writes from a decision's page ------------------------------------------------------------


def _post(perm: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def wrap(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        return login_required(permission_required(perm, raise_exception=True)(require_POST(view)))

    return wrap


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
    request: AuthedRequest, form: forms.Form, do: Callable[[], object], done: str, back: str
) -> HttpResponse:
    if not form.is_valid():
        _flash(request, form)
        return redirect(back)
    try:
        do()
    except ValidationError as exc:
        _flash(request, exc)
        return redirect(back)
    messages.success(request, done)
    return redirect(back)


def _decision_for(request: AuthedRequest, kind: str, pk: int) -> Decision:
    """``kind`` is the URL's word: utelukkelse or tvangsmiddel."""
    if kind == "utelukkelse":
        return queries.get_exclusion_for_user(request.user, pk)
    if kind == "tvangsmiddel":
        return queries.get_measure_for_user(request.user, pk)
    raise Http404


@_post("safeguards.change_decision")
def add_notice(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    decision = _decision_for(request, kind, pk)
    form = NoticeForm(request.POST, prefix="notice")

    def do() -> object:
        return actions.do_add_notice(decision, actor=request.user, **form.cleaned_data)

    return _run(request, form, do, _("Underretningen er registrert."), _url(decision))


@_post("safeguards.change_decision")
def add_review(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    decision = _decision_for(request, kind, pk)
    form = ReviewForm(request.POST, prefix="review")

    def do() -> object:
        return actions.do_add_review(decision, actor=request.user, **form.cleaned_data)

    return _run(request, form, do, _("Vurderingen er registrert."), _url(decision))


@_post("safeguards.change_decision")
def end(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    decision = _decision_for(request, kind, pk)
    form = EndForm(request.POST, prefix="end")

    def do() -> object:
        return actions.do_end(decision, actor=request.user, **form.cleaned_data)

    return _run(request, form, do, _("Tiltaket er avsluttet."), _url(decision))


@_post("safeguards.log_supervision")
def add_supervision(request: AuthedRequest, pk: int) -> HttpResponse:
    measure = queries.get_measure_for_user(request.user, pk)
    form = SupervisionForm(request.POST, prefix="supervision")

    def do() -> object:
        return actions.do_add_supervision_note(measure, actor=request.user, **form.cleaned_data)

    return _run(request, form, do, _("Tilsynet er ført."), _url(measure))


@_post("safeguards.log_supervision")
def plan_contact(request: AuthedRequest, pk: int) -> HttpResponse:
    exclusion = queries.get_exclusion_for_user(request.user, pk)
    form = ContactPlanForm(request.POST, prefix="plan")

    def do() -> object:
        return actions.do_plan_contact(exclusion, actor=request.user, **form.cleaned_data)

    return _run(request, form, do, _("Tiltaket er lagt inn i planen."), _url(exclusion))


@_post("safeguards.log_supervision")
def register_contact(request: AuthedRequest, pk: int, activity_id: int) -> HttpResponse:
    exclusion = queries.get_exclusion_for_user(request.user, pk)
    activity = ContactActivity.objects.filter(plan__exclusion=exclusion, pk=activity_id).first()
    if activity is None:
        raise Http404
    form = ContactResultForm(request.POST, prefix=f"contact-{activity.pk}")

    def do() -> object:
        return actions.do_register_contact(activity, actor=request.user, **form.cleaned_data)

    return _run(request, form, do, _("Gjennomføringen er registrert."), _url(exclusion))


# --- deviations -------------------------------------------------------------------------------


@login_required
@_view
def deviation_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", DeviationStatus.OPEN)
    deviations = queries.deviations_visible_to(request.user).select_related(
        "unit", "person", "owner"
    )
    if status in DeviationStatus.values:
        deviations = deviations.filter(status=status)
    unit = queries.units_in_scope(request.user).filter(pk=_number(request.GET.get("enhet"))).first()
    if unit is not None:
        deviations = deviations.filter(unit=unit)
    page = Paginator(deviations.order_by("due_on", "pk"), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    return render(
        request,
        "safeguards/deviations.html",
        {
            "page": page,
            "status": status,
            "unit": unit,
            "units": queries.units_in_scope(request.user),
            "today": timezone.localdate(),
            "can_register": request.user.has_perm("safeguards.change_deviation"),
        },
    )


@login_required
@permission_required("safeguards.change_deviation", raise_exception=True)
def deviation_new(request: AuthedRequest) -> HttpResponse:
    form = DeviationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            deviation = actions.do_register_deviation(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Avviket er registrert."))
            return redirect("safeguards:deviation", deviation_id=deviation.pk)
    return render(request, "safeguards/deviation_new.html", {"form": form})


@login_required
@_view
def deviation_detail(request: AuthedRequest, deviation_id: int) -> HttpResponse:
    deviation = queries.get_deviation_for_user(request.user, deviation_id)
    if deviation.person is not None:
        record_access(actor=request.user, person=deviation.person, channel="web", path=request.path)
    context: dict[str, Any] = {"deviation": deviation}
    if request.user.has_perm("safeguards.change_deviation") and deviation.is_open:
        context["assign_form"] = AssignForm(
            unit=deviation.unit,
            prefix="assign",
            initial={"owner": deviation.owner_id, "due_on": deviation.due_on},
        )
        context["close_form"] = CloseDeviationForm(prefix="close")
    return render(request, "safeguards/deviation.html", context)


@_post("safeguards.change_deviation")
def assign_deviation(request: AuthedRequest, deviation_id: int) -> HttpResponse:
    deviation = queries.get_deviation_for_user(request.user, deviation_id)
    form = AssignForm(request.POST, unit=deviation.unit, prefix="assign")

    def do() -> object:
        return actions.do_assign_deviation(deviation, actor=request.user, **form.cleaned_data)

    back = reverse("safeguards:deviation", args=[deviation.pk])
    return _run(request, form, do, _("Avviket er oppdatert."), back)


@_post("safeguards.change_deviation")
def close_deviation(request: AuthedRequest, deviation_id: int) -> HttpResponse:
    deviation = queries.get_deviation_for_user(request.user, deviation_id)
    form = CloseDeviationForm(request.POST, prefix="close")

    def do() -> object:
        return actions.do_close_deviation(deviation, actor=request.user, **form.cleaned_data)

    back = reverse("safeguards:deviation", args=[deviation.pk])
    return _run(request, form, do, _("Avviket er lukket."), back)
