"""The person page's security panel (loaded by htmx from its own URL): the person's
incidents, finds, drug tests and keep-apart relations, with the keep-apart forms; for
cleared users a button that loads the affiliation panel (``affiliations``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from varde.audit.actions import record_access
from varde.core.http import AuthedRequest
from varde.people.models import Person
from varde.people.queries import get_person_for_user
from varde.security import actions
from varde.security.forms import EndForm, KeepApartForm
from varde.security.queries import keep_apart_for, person_security
from varde.security.views.common import post_with, run


@login_required
@permission_required("people.view_person", raise_exception=True)
def person_panel(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    record_access(actor=request.user, person=person, channel="web", path=request.path)
    context: dict[str, Any] = {
        "person": person,
        "security": person_security(request.user, person),
        "can_see_affiliation": request.user.has_perm("security.access_affiliations"),
    }
    if request.user.has_perm("security.change_keep_apart"):
        context["keep_apart_form"] = KeepApartForm()
        context["end_form"] = EndForm(prefix="end")
    template = "security/_panel.html" if request.htmx else "security/person.html"
    return render(request, template, context)


def _other_person(request: AuthedRequest, national_id: str) -> Person:
    """The person with this national or D number among those the user sees."""
    other = Person.objects.visible_to(request.user).filter(national_id=national_id.strip()).first()
    if other is None:
        raise ValidationError(
            _("Fant ingen person med dette nummeret blant personene du har tilgang til.")
        )
    return other


_keep_apart = post_with("security.change_keep_apart")


@_keep_apart
def register_keep_apart(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    form = KeepApartForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_register_keep_apart(
            person,
            _other_person(request, data["other"]),
            scope=data["scope"],
            reason=data["reason"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            actor=request.user,
        )

    back = reverse("security:person", args=[person.pk])
    return run(request, form, do, _("Registrert at personene skal holdes adskilt."), back)


@_keep_apart
def end_keep_apart(request: AuthedRequest, person_id: int, relation_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    relation = get_object_or_404(keep_apart_for(person), pk=relation_id)
    form = EndForm(request.POST, prefix="end")

    def do() -> object:
        data = form.cleaned_data
        return actions.do_end_keep_apart(
            relation, date_to=data["date_to"], reason=data["reason"], actor=request.user
        )

    back = reverse("security:person", args=[person.pk])
    return run(request, form, do, _("Relasjonen er avsluttet."), back)
