"""Screens of the daily regime: the overview of units and their activity share, a unit's
regime page, the attendance grid, time out of cell on a day, the regime settings of the
departments, an activity with its enrolments, and the person page's panel.

Pages that name inmates need person access and the unit in scope (403 / 404 otherwise);
the overview of figures is open to KDI's analysts too. Every form posts to its own view,
which calls one action and returns with a message; a refusal shows the rule's message and
saves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from varde.audit.models import AccessLog
from varde.core.http import AuthedRequest
from varde.execution.models import Placement
from varde.organisation.models import Unit
from varde.people.models import Person
from varde.people.queries import get_person_for_user
from varde.regime import actions
from varde.regime.choices import AbsenceReason, AttendanceStatus
from varde.regime.conflicts import enrolment_conflicts
from varde.regime.forms import (
    CancelForm,
    DepartmentDeviationForm,
    EndDeviationForm,
    EndForm,
    EnrolForm,
    InmateDeviationForm,
    OfferForm,
    PeriodFormSet,
    ScheduleForm,
    grid_entries,
    period_inputs,
)
from varde.regime.models import ActivityOffer, DepartmentDeviation, Enrolment, InmateDeviation
from varde.regime.queries import (
    activity_overview,
    activity_target,
    attendance_grid,
    department_choice,
    department_deviations,
    departments_of,
    enrolments_of,
    get_unit_for_user,
    inmate_deviations,
    offers_with_enrolled,
    person_days,
    present,
    regime_owners,
    regime_settings,
    regime_units_for,
    unit_day,
    unit_share,
)

PERIOD_DAYS = 30
PANEL_DAYS = 14


def parse_day(raw: str | None, default: date) -> date:
    """A date from ``yyyy-mm-dd`` (what a date input sends); the default when missing; 404
    when it is not a date (a mistyped address)."""
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError as error:
        raise Http404 from error


def _log_reads(request: AuthedRequest, person_ids: list[int]) -> None:
    """Log that the user read these persons' records (one insert for a whole list)."""
    name = request.user.get_username()
    path = request.get_full_path()[:300]
    AccessLog.objects.bulk_create(
        [
            AccessLog(actor=request.user, actor_name=name, person_id=pk, channel="web", path=path)
            for pk in person_ids
        ]
    )


# --- overview and unit page ----------------------------------------------------------------


@login_required
@permission_required("regime.view_figures", raise_exception=True)
def overview(request: AuthedRequest) -> HttpResponse:
    """The units the user may open, and the share of prison days with activity per unit,
    region and nation over a period (default: the last 30 days to yesterday)."""
    today = timezone.localdate()
    last = parse_day(request.GET.get("til"), today - timedelta(days=1))
    first = parse_day(request.GET.get("fra"), last - timedelta(days=PERIOD_DAYS - 1))
    first = max(first, last - timedelta(days=365))  # at most a year at a time
    units = regime_units_for(request.user)
    context = {
        "units": units.order_by("region__name", "name")
        if request.user.has_perm("regime.view_regime")
        else [],
        "share": activity_overview(first, max(first, last), units),
        "first": first,
        "last": last,
    }
    return render(request, "regime/overview.html", context)


@login_required
def unit_page(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """A unit's regime: its activities, today's grid per department, today's time out of
    cell (counts, and who had 2 hours or less of meaningful contact), the activity share."""
    unit = get_unit_for_user(request.user, unit_id)
    today = timezone.localdate()
    day = unit_day(unit, today, request.user)
    context: dict[str, Any] = {
        "unit": unit,
        "today": today,
        "departments": departments_of(unit),
        "offers": offers_with_enrolled(unit, today),
        "day": day,
        "share": unit_share(unit, today - timedelta(days=PERIOD_DAYS), today - timedelta(1)),
        "target": activity_target(),
        "period_days": PERIOD_DAYS,
    }
    if request.user.has_perm("regime.manage_activities"):
        context["offer_form"] = OfferForm(units=[unit, *departments_of(unit)])
    _log_reads(request, [p.stay.person_id for p, _d in day.isolated])
    return render(request, "regime/unit.html", context)


@login_required
def cell_time(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """Every inmate's hours out of cell and of meaningful contact on a day (default today)."""
    unit = get_unit_for_user(request.user, unit_id)
    today = timezone.localdate()
    day = unit_day(unit, min(parse_day(request.GET.get("dato"), today), today), request.user)
    _log_reads(request, [p.stay.person_id for p, _d in day.rows])
    return render(request, "regime/cell_time.html", {"unit": unit, "day": day, "today": today})


# --- the attendance grid -------------------------------------------------------------------


@login_required
def grid(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """The day's attendance for a department (or the whole unit): one row per inmate
    present, pre-filled; one submit saves the day (GET shows, POST saves)."""
    unit = get_unit_for_user(request.user, unit_id)
    today = timezone.localdate()
    day = parse_day(request.GET.get("dato"), today)
    department = department_choice(unit, request.GET.get("avdeling"))
    can_register = request.user.has_perm("regime.register_attendance")
    errors: list[str] = []
    if request.method == "POST":
        if not can_register:
            raise PermissionDenied
        try:
            result = actions.do_register_attendance(
                unit, day, grid_entries(request.POST), actor=request.user, department=department
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("Oppmøtet er lagret: %(new)s nye, %(changed)s rettet, %(same)s uendret.")
                % {"new": result.created, "changed": result.changed, "same": result.unchanged},
            )
            return redirect(request.get_full_path())
    sheet = attendance_grid(unit, day, request.user, department)
    _log_reads(request, [row.person.pk for row in sheet.rows])
    context = {
        "grid": sheet,
        "can_register": can_register and day <= today,
        "errors": errors,
        "statuses": AttendanceStatus.choices,
        "reasons": AbsenceReason.choices,
        "previous": day - timedelta(days=1),
        "next": day + timedelta(days=1) if day < today else None,
        "today": today,
    }
    return render(request, "regime/grid.html", context, status=400 if errors else 200)


# --- activities and enrolment --------------------------------------------------------------


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
    request: AuthedRequest, form: forms.BaseForm, write: Callable[[dict[str, Any]], Any], done: str
) -> None:
    """Validate the form, call the action, flash the outcome."""
    if not form.is_valid():
        _flash(request, form)
        return
    try:
        write(form.cleaned_data)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, done)


def _post(perm: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def wrap(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        return login_required(permission_required(perm, raise_exception=True)(require_POST(view)))

    return wrap


def _own_units(unit: Unit, picked: Unit) -> Unit:
    if picked.pk != unit.pk and picked.parent_id != unit.pk:
        raise Http404
    return picked


@_post("regime.manage_activities")
def create_offer(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_id)
    form = OfferForm(request.POST, units=[unit, *departments_of(unit)])

    def write(data: dict[str, Any]) -> None:
        kwargs = form.action_kwargs()
        actions.do_create_offer(kwargs.pop("unit"), actor=request.user, **kwargs)

    _run(request, form, write, _("Aktiviteten er opprettet."))
    return redirect("regime:unit", unit.pk)


def _offer_for_user(request: AuthedRequest, offer_id: int) -> ActivityOffer:
    offer = ActivityOffer.objects.select_related("unit__region").filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    get_unit_for_user(request.user, offer.unit_id)
    return offer


def _enrollable(request: AuthedRequest, offer: ActivityOffer, today: date) -> list[Placement]:
    """Inmates placed where the activity is offered, not enrolled in it today."""
    taken = set(enrolments_of(offer, request.user, today).values_list("stay_id", flat=True))
    return [p for p in present(offer.unit, today, request.user) if p.stay_id not in taken]


@login_required
def offer_page(request: AuthedRequest, offer_id: int) -> HttpResponse:
    """An activity: who is enrolled today, enrol an inmate, end an enrolment or the offer."""
    offer = _offer_for_user(request, offer_id)
    today = timezone.localdate()
    enrolled = list(enrolments_of(offer, request.user, today))
    context: dict[str, Any] = {"offer": offer, "enrolled": enrolled, "today": today}
    if request.user.has_perm("regime.manage_activities") and offer.valid_to is None:
        context["enrol_form"] = EnrolForm(placements=_enrollable(request, offer, today))
        context["end_form"] = EndForm()
    _log_reads(request, [e.person_id for e in enrolled])
    return render(request, "regime/offer.html", context)


@_post("regime.manage_activities")
def enrol(request: AuthedRequest, offer_id: int) -> HttpResponse:
    offer = _offer_for_user(request, offer_id)
    placements = _enrollable(request, offer, timezone.localdate())
    stays = {p.stay_id: p.stay for p in placements}

    def write(d: dict[str, Any]) -> None:
        enrolment = actions.do_enrol(
            offer, stays[d["stay"]], date_from=d["date_from"], actor=request.user
        )
        # Keep-apart and group affiliation: a warning, counted (security.queries).
        found = enrolment_conflicts(
            offer, enrolment.person, enrolment.date_from, request.user, path=request.path
        )
        if found:
            messages.warning(request, found.message())

    _run(
        request,
        EnrolForm(request.POST, placements=placements),
        write,
        _("Den innsatte er skrevet inn."),
    )
    return redirect("regime:offer", offer.pk)


def _visible(request: AuthedRequest) -> QuerySet[Person]:
    return Person.objects.visible_to(request.user)


@_post("regime.manage_activities")
def end_offer(request: AuthedRequest, offer_id: int) -> HttpResponse:
    offer = _offer_for_user(request, offer_id)
    _run(
        request,
        EndForm(request.POST),
        lambda d: actions.do_end_offer(offer, valid_to=d["day"], actor=request.user),
        _("Aktiviteten er avsluttet."),
    )
    return redirect("regime:offer", offer.pk)


@_post("regime.manage_activities")
def end_enrolment(request: AuthedRequest, enrolment_id: int) -> HttpResponse:
    enrolment = (
        Enrolment.objects.filter(pk=enrolment_id, person__in=_visible(request))
        .select_related("offer__unit")
        .first()
    )
    if enrolment is None:
        raise Http404
    get_unit_for_user(request.user, enrolment.offer.unit_id)
    _run(
        request,
        EndForm(request.POST),
        lambda d: actions.do_end_enrolment(enrolment, date_to=d["day"], actor=request.user),
        _("Innskrivningen er avsluttet."),
    )
    return redirect("regime:offer", enrolment.offer_id)


# --- regime settings -----------------------------------------------------------------------


@login_required
def settings_page(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """Each department's default regime, the department deviations and the inmates' own."""
    unit = get_unit_for_user(request.user, unit_id)
    today = timezone.localdate()
    since = today - timedelta(days=7)
    context: dict[str, Any] = {
        "unit": unit,
        "owners": regime_settings(unit, today),
        "deviations": department_deviations(unit, since),
        "inmate_deviations": list(inmate_deviations(unit, request.user, since)),
        "can_schedule": request.user.has_perm("regime.manage_schedule"),
        "today": today,
    }
    if request.user.has_perm("regime.register_deviation"):
        context["deviation_form"] = DepartmentDeviationForm(
            units=[unit, *departments_of(unit)], initial={"date_to": today}
        )
        placements = present(unit, today, request.user)
        context["inmate_form"] = InmateDeviationForm(placements=placements)
        context["cancel_form"] = CancelForm()
        context["end_form"] = EndDeviationForm(initial={"to_at": timezone.localtime()})
    _log_reads(request, [d.person_id for d in context["inmate_deviations"]])
    return render(request, "regime/settings.html", context)


@login_required
@permission_required("regime.manage_schedule", raise_exception=True)
def schedule(request: AuthedRequest, unit_id: int, owner_id: int) -> HttpResponse:
    """Set a department's default regime from a day: GET shows the form filled with the
    regime in force, POST saves a new version."""
    unit = get_unit_for_user(request.user, unit_id)
    owner = next((o for o in regime_owners(unit) if o.pk == owner_id), None)
    if owner is None:
        raise Http404
    current = next(o for o in regime_settings(unit, timezone.localdate()) if o.unit == owner)
    if request.method == "POST":
        form, periods = ScheduleForm(request.POST), PeriodFormSet(request.POST, prefix="p")
        if form.is_valid() and periods.is_valid():
            try:
                actions.do_set_schedule(
                    owner,
                    valid_from=form.cleaned_data["valid_from"],
                    note=form.cleaned_data["note"],
                    periods=period_inputs(periods),
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("Dagsregimet er lagret."))
                return redirect("regime:settings", unit.pk)
    else:
        initial = [
            {
                "day_type": p.day_type,
                "starts_at": p.starts_at,
                "ends_at": p.ends_at,
                "level": p.level,
            }
            for p in (current.current.periods.all() if current.current else [])
        ]
        form, periods = ScheduleForm(), PeriodFormSet(initial=initial, prefix="p")
    context = {"unit": unit, "owner": owner, "current": current, "form": form, "periods": periods}
    return render(request, "regime/schedule.html", context)


@_post("regime.register_deviation")
def add_department_deviation(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_id)
    form = DepartmentDeviationForm(request.POST, units=[unit, *departments_of(unit)])

    def write(data: dict[str, Any]) -> None:
        data = dict(data)
        target = _own_units(unit, data.pop("unit"))
        actions.do_add_department_deviation(target, actor=request.user, **data)

    _run(request, form, write, _("Avviket fra dagsregimet er registrert."))
    return redirect("regime:settings", unit.pk)


@_post("regime.register_deviation")
def cancel_department_deviation(request: AuthedRequest, deviation_id: int) -> HttpResponse:
    deviation = DepartmentDeviation.objects.select_related("unit").filter(pk=deviation_id).first()
    if deviation is None:
        raise Http404
    unit = get_unit_for_user(request.user, deviation.unit.parent_id or deviation.unit_id)
    _run(
        request,
        CancelForm(request.POST),
        lambda d: actions.do_cancel_department_deviation(
            deviation, actor=request.user, reason=d["reason"]
        ),
        _("Avviket er trukket tilbake."),
    )
    return redirect("regime:settings", unit.pk)


@_post("regime.register_deviation")
def add_inmate_deviation(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_id)
    today = timezone.localdate()
    placements = present(unit, today, request.user)
    form = InmateDeviationForm(request.POST, placements=placements)
    stays = {p.stay_id: p.stay for p in placements}

    def write(data: dict[str, Any]) -> None:
        stay = stays[data["stay"]]
        actions.do_add_inmate_deviation(stay, actor=request.user, **form.action_kwargs())

    _run(request, form, write, _("Det individuelle avviket er registrert."))
    return redirect("regime:settings", unit.pk)


@_post("regime.register_deviation")
def end_inmate_deviation(request: AuthedRequest, deviation_id: int) -> HttpResponse:
    deviation = (
        InmateDeviation.objects.filter(pk=deviation_id, person__in=_visible(request))
        .select_related("stay__unit")
        .first()
    )
    if deviation is None:
        raise Http404
    unit = deviation.stay.unit
    owner = get_unit_for_user(request.user, unit.parent_id or unit.pk)
    _run(
        request,
        EndDeviationForm(request.POST),
        lambda d: actions.do_end_inmate_deviation(deviation, to_at=d["to_at"], actor=request.user),
        _("Avviket er avsluttet."),
    )
    return redirect("regime:settings", owner.pk)


# --- the person page's panel ---------------------------------------------------------------


@login_required
@permission_required("regime.view_regime", raise_exception=True)
def person_panel(request: AuthedRequest, person_id: int) -> HttpResponse:
    """The last 14 days: activity as registered, hours out of cell and of meaningful contact
    (htmx partial on the person page, or a page of its own)."""
    person = get_person_for_user(request.user, person_id)
    _log_reads(request, [person.pk])
    today = timezone.localdate()
    days = person_days(person, today - timedelta(days=PANEL_DAYS - 1), today)
    context = {"person": person, "days": days, "panel_days": PANEL_DAYS}
    template = "regime/_panel.html" if request.htmx else "regime/person.html"
    return render(request, template, context)
