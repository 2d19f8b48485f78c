"""Release planning (løslatelsesplanlegging, strgjfl § 41): the person's checklist page with
the under-25 coordination and the release notice to NAV, and the unit's worklist of releases
in the next 90 days."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.core.http import AuthedRequest
from varde.people.queries import get_person_for_user
from varde.reintegration import actions, rules
from varde.reintegration.choices import AgencyKind, ItemStatus
from varde.reintegration.forms import ChecklistItemForm, CoordinationForm, NavNoticeForm
from varde.reintegration.models import ChecklistItem, ReleaseChecklist
from varde.reintegration.queries import (
    agencies,
    checklist_state,
    checklists_visible_to,
    expected_release_on,
    get_worklist_unit,
    nav_notices_visible_to,
    release_worklist,
)
from varde.reintegration.views.common import can_edit, edit, log_read, run, view


def _back(person_id: int) -> str:
    return reverse("reintegration:release", args=[person_id])


@view
def person_release(request: AuthedRequest, person_id: int) -> HttpResponse:
    from varde.execution.queries import current_stay

    person = get_person_for_user(request.user, person_id)
    log_read(request, person)
    today = timezone.localdate()
    stay = current_stay(person)
    checklist = checklists_visible_to(request.user).filter(person=person, stay=stay).first()
    context: dict[str, Any] = {
        "person": person,
        "stay": stay,
        "release_on": expected_release_on(person),
        "checklist": checklist,
        "state": checklist_state(checklist, today) if checklist else None,
        "notices": list(nav_notices_visible_to(request.user).filter(person=person)),
        "coordination_duty": rules.coordination_duty_applies(person.birth_date, today),
        "item_statuses": ItemStatus.choices,
        "can_edit": can_edit(request),
    }
    if context["can_edit"] and checklist is not None:
        context["coordination_form"] = CoordinationForm(
            initial={
                "consent": checklist.coordination_consent,
                "coordinator": checklist.coordinator,
            }
        )
        context["nav_form"] = NavNoticeForm(agencies=agencies().filter(kind=AgencyKind.NAV))
    return render(request, "reintegration/release.html", context)


@edit
def open_checklist(request: AuthedRequest, person_id: int) -> HttpResponse:
    from varde.execution.queries import current_stay

    person = get_person_for_user(request.user, person_id)
    stay = current_stay(person)

    def do() -> object:
        if stay is None:
            from django.core.exceptions import ValidationError

            raise ValidationError(_("Personen er ikke innsatt."))
        return actions.do_open_checklist(stay, actor=request.user)

    done = _("Løslatelsesplanen er opprettet.")
    return run(request, forms.Form({}), do, done, _back(person.pk))


def _checklist(request: AuthedRequest, checklist_id: int) -> ReleaseChecklist:
    return get_object_or_404(checklists_visible_to(request.user), pk=checklist_id)


@edit
def update_item(request: AuthedRequest, checklist_id: int, item_id: int) -> HttpResponse:
    checklist = _checklist(request, checklist_id)
    item = get_object_or_404(ChecklistItem, pk=item_id, checklist=checklist)
    form = ChecklistItemForm(request.POST)

    def do() -> object:
        return actions.do_update_checklist_item(item, actor=request.user, **form.cleaned_data)

    return run(request, form, do, _("Punktet er oppdatert."), _back(checklist.person_id))


@edit
def coordination(request: AuthedRequest, checklist_id: int) -> HttpResponse:
    checklist = _checklist(request, checklist_id)
    form = CoordinationForm(request.POST)

    def do() -> object:
        return actions.do_record_coordination(checklist, actor=request.user, **form.cleaned_data)

    done = _("Koordineringen er registrert.")
    return run(request, form, do, done, _back(checklist.person_id))


@edit
def nav_notice(request: AuthedRequest, checklist_id: int) -> HttpResponse:
    checklist = _checklist(request, checklist_id)
    form = NavNoticeForm(request.POST, agencies=agencies().filter(kind=AgencyKind.NAV))

    def do() -> object:
        return actions.do_create_nav_notice(checklist, actor=request.user, **form.cleaned_data)

    done = _("Melding om løslatelse til NAV er laget.")
    return run(request, form, do, done, _back(checklist.person_id))


@view
def worklist(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = get_worklist_unit(request.user, unit_id)
    today = timezone.localdate()
    rows = release_worklist(unit, request.user, today)
    return render(
        request,
        "reintegration/releases.html",
        {"unit": unit, "rows": rows, "today": today, "horizon": rules.RELEASE_HORIZON_DAYS},
    )
