"""Stays and movements on the person page: where the person is now, the timeline, and the
forms that admit, transfer, start and end absences, recall and release.

Every form posts to its own view, which calls one action and returns to the person page
with a message; a refused transition shows the rule's Norwegian message and saves nothing.
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
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from varde.core.http import AuthedRequest
from varde.execution import actions
from varde.execution.choices import (
    OPEN_CALLIN_STATUSES,
    PAROLE_RELEASES,
    RemandBookingStatus,
    StayKind,
)
from varde.execution.forms import (
    AbsenceForm,
    AdmitForm,
    BookRemandForm,
    CallInForm,
    CancelCallInForm,
    CancelRemandForm,
    OfferRemandForm,
    QueueFilterForm,
    RecallForm,
    ReleaseForm,
    RemandToExecutionForm,
    RestrictionForm,
    ReturnForm,
    TransferForm,
)
from varde.execution.models import RemandBooking, Stay
from varde.execution.queries import (
    current_stay,
    leave_eligible_from,
    open_remand_booking,
    open_remand_bookings,
    person_stays,
    queue_entries,
    queue_for,
    queue_overview,
    stay_restrictions,
    timeline,
)
from varde.execution.rules import earliest_start
from varde.organisation.models import User
from varde.people.models import Person
from varde.people.queries import get_person_for_user
from varde.sentencing.choices import JudgmentStatus
from varde.sentencing.models import Judgment
from varde.sentencing.queries import get_judgment_for_user


def person_stay_context(user: User, person: Person) -> dict[str, Any]:
    """What ``execution/_person_stay.html`` shows on the person page (four queries, one more
    for the open remand booking and one for the restrictions of a remand stay)."""
    stays = person_stays(person)
    stay = next((s for s in stays if s.is_open), None)
    absence = (
        next((a for a in stay.absences.all() if a.returned_at is None), None) if stay else None
    )
    can_edit = user.has_perm("people.change_person")
    last = stays[0] if stays else None
    booking = open_remand_booking(person) if stay is None else None
    remand = stay is not None and stay.kind == StayKind.REMAND
    context: dict[str, Any] = {
        "stay": stay,
        "absence": absence,
        "timeline": timeline(stays),
        "can_edit": can_edit,
        "can_recall": stay is None and last is not None and last.release_type in PAROLE_RELEASES,
        "booking": booking,
        "restrictions": stay_restrictions(stay) if stay is not None and remand else [],
        "now": timezone.now(),
    }
    if can_edit:
        context["forms"] = _forms(person, stay, absence is not None, booking)
    return context


def _forms(
    person: Person, stay: Stay | None, absent: bool, booking: RemandBooking | None
) -> dict[str, forms.Form]:
    if stay is None:
        found: dict[str, forms.Form] = {
            "admit": AdmitForm(person=person, initial=_admit_initial(booking)),
            "recall": RecallForm(),
        }
        if booking is None:
            found["book_remand"] = BookRemandForm()
        else:
            found["cancel_remand"] = CancelRemandForm()
            if booking.status == RemandBookingStatus.REQUESTED:
                found["offer_remand"] = OfferRemandForm()
        return found
    found = {"release": ReleaseForm(), "absence": AbsenceForm()}
    if absent:
        found["return"] = ReturnForm()
    else:
        found["transfer"] = TransferForm()
    if stay.kind == StayKind.REMAND:
        found["restriction"] = RestrictionForm()
        found["to_execution"] = RemandToExecutionForm(person=person)
    return found


def _admit_initial(booking: RemandBooking | None) -> dict[str, Any]:
    """An offered remand place fills in the admission form (remand, unit, level)."""
    if booking is None or booking.offered_unit_id is None:
        return {}
    return {
        "kind": StayKind.REMAND,
        "unit": booking.offered_unit_id,
        "security_level": booking.offered_security_level,
    }


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
    request: AuthedRequest, person: Person, form: forms.Form, do: Callable[[], object], done: str
) -> HttpResponse:
    if not form.is_valid():
        _flash(request, form)
    else:
        try:
            do()
        except ValidationError as exc:
            _flash(request, exc)
        else:
            messages.success(request, done)
    return redirect("people:detail", person_id=person.pk)


def _open_stay(request: AuthedRequest, person: Person) -> Stay:
    stay = current_stay(person)
    if stay is None:
        raise ValidationError(_("Personen er ikke innsatt."))
    return stay


def _person(request: AuthedRequest, person_id: int) -> Person:
    return get_person_for_user(request.user, person_id)


def _edit(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, a role that edits case data, and POST only."""
    return login_required(
        permission_required("people.change_person", raise_exception=True)(require_POST(view))
    )


@_edit
def admit(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = AdmitForm(request.POST, person=person)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_admit(
            person,
            data["unit"],
            security_level=data["security_level"],
            kind=data["kind"],
            judgment=data["judgment"],
            at=data["at"],
            note=data["note"],
            actor=request.user,
        )

    return _run(request, person, form, do, _("Personen er innsatt."))


@_edit
def recall(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = RecallForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_recall(
            person,
            data["unit"],
            security_level=data["security_level"],
            at=data["at"],
            note=data["note"],
            actor=request.user,
        )

    return _run(request, person, form, do, _("Personen er gjeninnsatt."))


@_edit
def transfer(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = TransferForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_transfer(
            _open_stay(request, person),
            data["unit"],
            security_level=data["security_level"],
            reason=data["reason"],
            at=data["at"],
            note=data["note"],
            actor=request.user,
        )

    return _run(request, person, form, do, _("Overføringen er registrert."))


@_edit
def start_absence(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = AbsenceForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        stay = _open_stay(request, person)
        return actions.do_start_absence(
            stay,
            data["kind"],
            at=data["at"],
            expected_return=data["expected_return"],
            leave_type=data["leave_type"],
            exception_reason=data["exception_reason"],
            leave_eligible_from=leave_eligible_from(stay),
            note=data["note"],
            actor=request.user,
        )

    return _run(request, person, form, do, _("Fraværet er registrert."))


@_edit
def end_absence(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = ReturnForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        stay = _open_stay(request, person)
        return actions.do_end_absence(stay, at=data["at"], note=data["note"], actor=request.user)

    return _run(request, person, form, do, _("Returen er registrert."))


@_edit
def release(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = ReleaseForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_release(
            _open_stay(request, person),
            data["release_type"],
            at=data["at"],
            note=data["note"],
            actor=request.user,
        )

    return _run(request, person, form, do, _("Løslatelsen er registrert."))


# --- queue (soningskø) and call-in (innkalling) ---------------------------------------------

QUEUE_PAGE_SIZE = 50


@login_required
@permission_required("people.view_person", raise_exception=True)
def queue(request: AuthedRequest) -> HttpResponse:
    """The queue: figures per region (aggregates) and the judgments of the persons the user
    may see, in priority order (innkallingsforskriften § 3), filtered by region, under 23 and
    not yet called in."""
    filters = QueueFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    region = data.get("region")
    found = queue_for(
        request.user,
        region=region.pk if region else None,
        under_23=bool(data.get("under_23")),
        not_called_in=bool(data.get("not_called_in")),
    )
    page = Paginator(found, QUEUE_PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "execution/queue.html",
        {
            "overview": queue_overview(region.pk if region else None),
            "filters": filters,
            "page": page,
            "entries": queue_entries(page.object_list),
            "query": query.urlencode(),
        },
    )


def callin_panel_context(user: User, judgment: Judgment, can_edit: bool) -> dict[str, Any]:
    """What ``execution/_callin_panel.html`` shows on the judgment page (three queries)."""
    callins = list(judgment.callins.select_related("unit").order_by("-sent_on", "-id"))
    current = next((c for c in callins if c.status in OPEN_CALLIN_STATUSES), None)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "judgment": judgment,
        "callins": callins,
        "current": current,
        "postponements": list(judgment.postponements.order_by("-received_on", "-id")),
        "earliest": earliest_start(today),
        "can_edit": can_edit,
    }
    if can_edit and current is None and judgment.status == JudgmentStatus.QUEUED:
        context["form"] = CallInForm(earliest=earliest_start(today))
    if can_edit and current is not None:
        context["cancel_form"] = CancelCallInForm()
    return context


def _back(judgment: Judgment) -> HttpResponse:
    return redirect("sentencing:detail", person_id=judgment.person_id, judgment_id=judgment.pk)


@_edit
def send_callin(request: AuthedRequest, person_id: int, judgment_id: int) -> HttpResponse:
    judgment = get_judgment_for_user(request.user, person_id, judgment_id)
    form = CallInForm(request.POST, earliest=earliest_start(timezone.localdate()))
    if not form.is_valid():
        _flash(request, form)
        return _back(judgment)
    data = form.cleaned_data
    try:
        actions.do_send_callin(
            judgment,
            data["unit"],
            security_level=data["security_level"],
            form=data["form"],
            start_on=data["start_on"],
            actor=request.user,
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Innkallingen er sendt."))
    return _back(judgment)


@_edit
def cancel_callin(
    request: AuthedRequest, person_id: int, judgment_id: int, callin_id: int
) -> HttpResponse:
    judgment = get_judgment_for_user(request.user, person_id, judgment_id)
    callin = get_object_or_404(judgment.callins, pk=callin_id)
    form = CancelCallInForm(request.POST)
    if not form.is_valid():
        _flash(request, form)
        return _back(judgment)
    try:
        actions.do_cancel_callin(callin, reason=form.cleaned_data["reason"], actor=request.user)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Innkallingen er trukket tilbake."))
    return _back(judgment)


# --- remand (varetekt) -----------------------------------------------------------------------

REMAND_PAGE_SIZE = 50


@login_required
@permission_required("people.view_person", raise_exception=True)
def remand_list(request: AuthedRequest) -> HttpResponse:
    """Open remand bookings of the persons the user may see, earliest deadline first; a
    booking not offered a place by its deadline is flagged (Politiarrestforskriften § 3-1)."""
    page = Paginator(open_remand_bookings(request.user), REMAND_PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    return render(request, "execution/remand.html", {"page": page, "now": timezone.now()})


def _open_booking(person: Person) -> RemandBooking:
    booking = open_remand_booking(person)
    if booking is None:
        raise ValidationError(_("Personen har ingen åpen varetektsbestilling."))
    return booking


@_edit
def book_remand(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = BookRemandForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_book_remand(
            person,
            police_district=data["police_district"],
            requested_at=data["requested_at"],
            note=data["note"],
            actor=request.user,
        )

    return _run(request, person, form, do, _("Varetektsbestillingen er registrert."))


@_edit
def offer_remand(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = OfferRemandForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_offer_remand_place(
            _open_booking(person),
            data["unit"],
            security_level=data["security_level"],
            actor=request.user,
        )

    return _run(request, person, form, do, _("Varetektsplass er tilbudt."))


@_edit
def cancel_remand(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = CancelRemandForm(request.POST)

    def do() -> object:
        return actions.do_cancel_remand_booking(
            _open_booking(person), reason=form.cleaned_data["reason"], actor=request.user
        )

    return _run(request, person, form, do, _("Varetektsbestillingen er avbestilt."))


@_edit
def add_restriction(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = RestrictionForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_add_restriction(
            _open_stay(request, person),
            data["kind"],
            ruling_reference=data["ruling_reference"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            note=data["note"],
            actor=request.user,
        )

    return _run(request, person, form, do, _("Restriksjonen er registrert."))


@_edit
def remand_to_execution(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = RemandToExecutionForm(request.POST, person=person)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_transfer_remand_to_execution(
            _open_stay(request, person), data["judgment"], at=data["at"], actor=request.user
        )

    return _run(request, person, form, do, _("Overgangen til straffegjennomføring er registrert."))
