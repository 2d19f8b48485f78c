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
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from varde.audit.actions import record_access
from varde.community.rules import PAROLE_REPORTING_MONTHS
from varde.core.http import AuthedRequest
from varde.execution import actions
from varde.execution.choices import (
    MANDATORY_POSTPONEMENT_GROUNDS,
    OPEN_CALLIN_STATUSES,
    PAROLE_RELEASES,
    PostponementDecision,
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
    OutsidePrisonForm,
    ParoleForm,
    PlainReleaseForm,
    PostponementDecisionForm,
    PostponementRequestForm,
    QueueFilterForm,
    RecallForm,
    ReleaseForm,
    RemandToExecutionForm,
    RestrictionForm,
    ReturnForm,
    ReturnToPrisonForm,
    TransferForm,
)
from varde.execution.models import CallIn, RemandBooking, Stay
from varde.execution.queries import (
    current_stay,
    leave_eligible_from,
    open_remand_booking,
    open_remand_bookings,
    open_remand_stays,
    outside_prison_case,
    parole_office_for,
    pending_postponements,
    person_stays,
    queue_entries,
    queue_for,
    queue_overview,
    remand_stay_rows,
    stay_restrictions,
    timeline,
)
from varde.execution.rules import (
    LOCAL_WHATEVER_LENGTH,
    OUTSIDE_PRISON,
    earliest_start,
    local_postponement_limit,
    outside_prison_text,
    postponement_base,
)
from varde.organisation.models import User
from varde.people.models import Person
from varde.people.queries import get_person_for_user
from varde.sentencing.choices import JudgmentStatus
from varde.sentencing.models import Judgment
from varde.sentencing.queries import get_judgment_for_user


def person_stay_context(user: User, person: Person) -> dict[str, Any]:
    """What ``execution/_person_stay.html`` shows on the person page (four queries, one more
    for the open remand booking, one for the restrictions of a remand stay, and one for the
    probation case of a person serving outside prison).

    The action forms are not built here: the panel lists which ones apply (``actions``) and
    each is loaded when the user opens it (``stay_form``). Rendering them all took about
    90 % of the person page's server time."""
    state = _StayState(person)
    stay, absence = state.stay, state.absence
    can_edit = user.has_perm("people.change_person")
    context: dict[str, Any] = {
        "stay": stay,
        "absence": absence,
        "outside": (
            outside_prison_text(absence.kind, state.outside.office.name)
            if absence is not None and state.outside is not None
            else ""
        ),
        "timeline": timeline(state.stays),
        "can_edit": can_edit,
        "can_recall": state.can_recall,
        "booking": state.booking,
        "restrictions": (
            stay_restrictions(stay) if stay is not None and stay.kind == StayKind.REMAND else []
        ),
        "now": timezone.now(),
    }
    if can_edit:
        context["actions"] = state.actions()
    return context


class _StayState:
    """The person's stays and what follows from them: the open stay, the open absence, the
    open remand booking and the probation case of a person serving outside prison."""

    def __init__(self, person: Person) -> None:
        self.person = person
        self.stays = person_stays(person)
        stay = next((s for s in self.stays if s.is_open), None)
        self.stay = stay
        self.absence = (
            next((a for a in stay.absences.all() if a.returned_at is None), None) if stay else None
        )
        last = self.stays[0] if self.stays else None
        self.can_recall = stay is None and last is not None and last.release_type in PAROLE_RELEASES
        self.booking = open_remand_booking(person) if stay is None else None
        self.outside = (
            outside_prison_case(stay)
            if stay is not None and self.absence is not None and self.absence.kind in OUTSIDE_PRISON
            else None
        )

    def actions(self) -> list[str]:
        """The names of the action forms that apply now, in the panel's order."""
        stay, booking = self.stay, self.booking
        absent = self.absence.kind if self.absence else None
        if stay is None:
            found = ["admit"]
            if booking is None:
                found.append("book_remand")
            else:
                if booking.status == RemandBookingStatus.REQUESTED:
                    found.append("offer_remand")
                found.append("cancel_remand")
            if self.can_recall:
                found.append("recall")
            return found
        found = []
        if stay.kind == StayKind.REMAND:
            found += ["restriction", "to_execution"]
        if absent in OUTSIDE_PRISON:  # serving outside prison: back to prison, or released
            found.append("back")
        elif absent:
            found += ["return", "absence"]  # the absence form: a failure to return
        else:
            found += ["transfer"]
            if stay.kind == StayKind.SENTENCE:
                found.append("outside")
            found.append("absence")
        if stay.kind == StayKind.SENTENCE:
            found.append("parole")
        found.append("release")
        return found

    def form(self, name: str) -> forms.Form:
        """The unbound form ``name`` (one of ``actions()``)."""
        person, stay = self.person, self.stay
        if name == "admit":
            return AdmitForm(person=person, initial=_admit_initial(self.booking))
        if name == "to_execution":
            return RemandToExecutionForm(person=person)
        if name == "parole":
            assert stay is not None
            return ParoleForm(initial={"office": parole_office_for(stay, self.outside)})
        return _PLAIN_FORMS[name]()


_PLAIN_FORMS: dict[str, type[forms.Form]] = {
    "recall": RecallForm,
    "book_remand": BookRemandForm,
    "offer_remand": OfferRemandForm,
    "cancel_remand": CancelRemandForm,
    "restriction": RestrictionForm,
    "transfer": TransferForm,
    "outside": OutsidePrisonForm,
    "back": ReturnToPrisonForm,
    "return": ReturnForm,
    "absence": AbsenceForm,
    "release": PlainReleaseForm,
}
# Where each form posts, and its button's look.
_FORM_TARGETS: dict[str, tuple[str, str]] = {
    "admit": ("execution:admit", "primary"),
    "book_remand": ("execution:book_remand", "secondary"),
    "offer_remand": ("execution:offer_remand", "primary"),
    "cancel_remand": ("execution:cancel_remand", "secondary"),
    "restriction": ("execution:add_restriction", "secondary"),
    "to_execution": ("execution:remand_to_execution", "secondary"),
    "recall": ("execution:recall", "secondary"),
    "transfer": ("execution:transfer", "secondary"),
    "outside": ("execution:start_outside_prison", "secondary"),
    "back": ("execution:return_to_prison", "secondary"),
    "return": ("execution:end_absence", "secondary"),
    "absence": ("execution:start_absence", "secondary"),
    "parole": ("execution:release", "secondary"),
    "release": ("execution:release", "secondary"),
}


@login_required
@permission_required("people.change_person", raise_exception=True)
@require_GET
def stay_form(request: AuthedRequest, person_id: int, name: str) -> HttpResponse:
    """One action form of the stay panel: loaded by htmx into its ``<details>`` when the
    user opens it, or a page of its own (the link in the panel, without JavaScript). A form
    that does not apply now (the stay changed meanwhile) is not found."""
    person = _person(request, person_id)
    state = _StayState(person)
    if name not in _FORM_TARGETS or name not in state.actions():
        raise Http404
    record_access(actor=request.user, person=person, channel="web", path=request.path)
    action, variant = _FORM_TARGETS[name]
    context = {
        "person": person,
        "name": name,
        "form": state.form(name),
        "action": action,
        "variant": variant,
        "absence": state.absence,
    }
    template = "execution/_stay_form.html" if request.htmx else "execution/stay_form.html"
    return render(request, template, context)


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
def start_outside_prison(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = OutsidePrisonForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_start_outside_prison(
            _open_stay(request, person),
            data["kind"],
            data["office"],
            at=data["at"],
            exception_reason=data["exception_reason"],
            note=data["note"],
            actor=request.user,
        )

    return _run(request, person, form, do, _("Gjennomføringen utenfor fengsel er registrert."))


@_edit
def return_to_prison(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = ReturnToPrisonForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_return_to_prison(
            _open_stay(request, person),
            data["unit"],
            security_level=data["security_level"],
            cause=data["cause"],
            at=data["at"],
            note=data["note"],
            actor=request.user,
        )

    return _run(request, person, form, do, _("Returen til fengsel er registrert."))


@_edit
def release(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = ReleaseForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        months = data.get("reporting_months")
        return actions.do_release(
            _open_stay(request, person),
            data["release_type"],
            at=data["at"],
            note=data["note"],
            office=data.get("office"),
            reporting_months=PAROLE_REPORTING_MONTHS if months is None else months,
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
            "pending": _pending_rows(request.user),
        },
    )


PENDING_SHOWN = 50  # applications listed on the queue page, oldest first


def _pending_rows(user: User) -> dict[str, Any]:
    """The postponement applications waiting for a decision, with their age in days, so
    that none is forgotten (one query)."""
    today = timezone.localdate()
    found = list(pending_postponements(user)[: PENDING_SHOWN + 1])
    rows = [
        {
            "request": p,
            "age": (today - p.received_on).days,
            "mandatory": p.ground in MANDATORY_POSTPONEMENT_GROUNDS,
        }
        for p in found[:PENDING_SHOWN]
    ]
    return {"rows": rows, "more": len(found) > PENDING_SHOWN}


CALLIN_PANEL_ID = "callin-panel"
OPEN_JUDGMENT = (JudgmentStatus.RECEIVED, JudgmentStatus.QUEUED)


def callin_panel_context(
    user: User,
    judgment: Judgment,
    can_edit: bool,
    *,
    request_form: PostponementRequestForm | None = None,
    decide_form: PostponementDecisionForm | None = None,
    target: str = CALLIN_PANEL_ID,
) -> dict[str, Any]:
    """What ``execution/_callin_panel.html`` shows on the judgment page (three queries), and
    its postponement part (``_postponements.html``), which the queue page loads on its own
    (``target``: the element the postponement forms replace). Bound forms with errors are
    passed back in to be shown again."""
    callins = list(judgment.callins.select_related("unit").order_by("-sent_on", "-id"))
    current = next((c for c in callins if c.status in OPEN_CALLIN_STATUSES), None)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "judgment": judgment,
        "callins": callins,
        "current": current,
        "earliest": earliest_start(today),
        "can_edit": can_edit,
        "target": target,
        **_postponement_context(judgment, current, can_edit, request_form, decide_form),
        "regional": user.role in actions.REGIONAL_ROLES,
    }
    if can_edit and current is None and judgment.status == JudgmentStatus.QUEUED:
        context["form"] = CallInForm(earliest=earliest_start(today))
    if can_edit and current is not None:
        context["cancel_form"] = CancelCallInForm()
    return context


def _postponement_context(
    judgment: Judgment,
    current: CallIn | None,
    can_edit: bool,
    request_form: PostponementRequestForm | None,
    decide_form: PostponementDecisionForm | None,
) -> dict[str, Any]:
    """The applications, the pending one with the authority rule (innkallingsforskriften
    § 5: the last day the local level may set), and the forms the user may use."""
    postponements = list(judgment.postponements.order_by("-received_on", "-id"))
    pending = next((p for p in postponements if p.decision == PostponementDecision.PENDING), None)
    context: dict[str, Any] = {"postponements": postponements, "pending": pending}
    if pending is not None:
        base = postponement_base(current.start_on if current else None, pending.received_on)
        context |= {
            "base": base,
            "limit": local_postponement_limit(base),
            "mandatory": pending.ground in MANDATORY_POSTPONEMENT_GROUNDS,
            "local_any_length": pending.ground in LOCAL_WHATEVER_LENGTH,
        }
    if not can_edit:
        return context
    if pending is None and judgment.status in OPEN_JUDGMENT:
        context["request_form"] = request_form or PostponementRequestForm()
    if pending is not None:
        context["decide_form"] = decide_form or PostponementDecisionForm(
            mandatory=context["mandatory"]
        )
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


# --- postponement (utsettelse, innkallingsforskriften §§ 5-8) --------------------------------


def _postponements_id(judgment: Judgment) -> str:
    return f"utsettelse-{judgment.pk}"


def _postponement_response(
    request: AuthedRequest,
    judgment: Judgment,
    *,
    saved: str = "",
    request_form: PostponementRequestForm | None = None,
    decide_form: PostponementDecisionForm | None = None,
) -> HttpResponse:
    """After a postponement form: htmx gets the part it posted from again (the call-in panel
    on the judgment page, the postponement part on the queue page), with the errors on the
    form or the confirmation; a plain post goes back to the judgment page."""
    if not request.htmx:
        if saved:
            messages.success(request, saved)
        for form in (request_form, decide_form):
            if form is not None:
                _flash(request, form)
        return _back(judgment)
    record_access(actor=request.user, person=judgment.person, channel="web", path=request.path)
    whole = request.htmx.target == CALLIN_PANEL_ID
    panel = callin_panel_context(
        request.user,
        judgment,
        True,
        request_form=request_form,
        decide_form=decide_form,
        target=CALLIN_PANEL_ID if whole else _postponements_id(judgment),
    )
    panel["saved"] = saved
    template = "_callin_panel.html" if whole else "_postponements.html"
    return render(request, f"execution/{template}", {"panel": panel, "person": judgment.person})


def _form_errors(form: forms.Form, exc: ValidationError) -> None:
    """An action's refusal onto the form: a field's error there, the rest above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@permission_required("people.view_person", raise_exception=True)
def postponements(request: AuthedRequest, person_id: int, judgment_id: int) -> HttpResponse:
    """The postponement part of a judgment's call-in panel on its own (the queue page loads
    it into a row), with the forms for a user who edits case data."""
    judgment = get_judgment_for_user(request.user, person_id, judgment_id)
    record_access(actor=request.user, person=judgment.person, channel="web", path=request.path)
    panel = callin_panel_context(
        request.user,
        judgment,
        request.user.has_perm("people.change_person"),
        target=_postponements_id(judgment),
    )
    return render(
        request, "execution/_postponements.html", {"panel": panel, "person": judgment.person}
    )


@_edit
def request_postponement(request: AuthedRequest, person_id: int, judgment_id: int) -> HttpResponse:
    judgment = get_judgment_for_user(request.user, person_id, judgment_id)
    form = PostponementRequestForm(request.POST)
    if form.is_valid():
        try:
            actions.do_request_postponement(judgment, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            saved = _("Søknaden om utsettelse er registrert.")
            return _postponement_response(request, judgment, saved=saved)
    return _postponement_response(request, judgment, request_form=form)


@_edit
def decide_postponement(
    request: AuthedRequest, person_id: int, judgment_id: int, request_id: int
) -> HttpResponse:
    judgment = get_judgment_for_user(request.user, person_id, judgment_id)
    application = get_object_or_404(judgment.postponements, pk=request_id)
    mandatory = application.ground in MANDATORY_POSTPONEMENT_GROUNDS
    form = PostponementDecisionForm(request.POST, mandatory=mandatory)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_decide_postponement(
                application,
                granted=form.granted,
                new_start_on=data["new_start_on"] if form.granted else None,
                decision_note=data["decision_note"],
                ground_not_met=bool(data.get("ground_not_met")),
                actor=request.user,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            saved = _("Utsettelsen er innvilget.") if form.granted else _("Søknaden er avslått.")
            return _postponement_response(request, judgment, saved=saved)
    return _postponement_response(request, judgment, decide_form=form)


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
    stays = Paginator(open_remand_stays(request.user), REMAND_PAGE_SIZE).get_page(
        request.GET.get("vside")
    )
    context = {
        "page": page,
        "stays": stays,
        "rows": remand_stay_rows(stays.object_list),
        "now": timezone.now(),
        "today": timezone.localdate(),
    }
    return render(request, "execution/remand.html", context)


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
            arrested_at=data["arrested_at"],
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
            penalty_scale=data["penalty_scale"],
            review_pointless=data["review_pointless"],
            weighty_reasons=data["weighty_reasons"],
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
