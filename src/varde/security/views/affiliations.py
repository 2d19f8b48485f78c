"""Group affiliation (gruppetilhørighet): the group register, a person's affiliations, and
the log of who read them. Every page here needs ``security.access_affiliations`` (cleared
staff; 403 otherwise) and writes one ``AffiliationRead`` per person whose affiliation it
shows; the person is reached through ``get_person_for_user`` (out of scope → 404)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from varde.core.http import AuthedRequest
from varde.people.queries import get_person_for_user
from varde.security import actions
from varde.security.forms import AffiliationForm, EndForm, GroupForm
from varde.security.queries import (
    affiliation_reads,
    affiliations_of,
    group_members,
    groups_register,
)
from varde.security.views.common import post_with, run

PERM = "security.access_affiliations"


def _cleared(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    return login_required(permission_required(PERM, raise_exception=True)(view))


_write = post_with(PERM)


@_cleared
def person_affiliations(request: AuthedRequest, person_id: int) -> HttpResponse:
    """The person's affiliations (htmx partial in the security panel, or a page)."""
    person = get_person_for_user(request.user, person_id)
    actions.record_affiliation_read(
        actor=request.user, persons=[person], channel="web", path=request.path, purpose="person"
    )
    context: dict[str, Any] = {
        "person": person,
        "affiliations": affiliations_of(person),
        "form": AffiliationForm(),
        "end_form": EndForm(prefix="end"),
        "can_view_log": request.user.has_perm("security.view_affiliation_log"),
    }
    template = "security/_affiliations.html" if request.htmx else "security/affiliations.html"
    return render(request, template, context)


@_write
def register_affiliation(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    form = AffiliationForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_register_affiliation(
            person,
            data["group"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            source=data["source"],
            confidence=data["confidence"],
            reason=data["reason"],
            actor=request.user,
        )

    back = reverse("security:affiliations", args=[person.pk])
    return run(request, form, do, _("Gruppetilhørigheten er registrert."), back)


@_write
def end_affiliation(request: AuthedRequest, person_id: int, affiliation_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    affiliation = get_object_or_404(person.affiliations, pk=affiliation_id)
    form = EndForm(request.POST, prefix="end")

    def do() -> object:
        data = form.cleaned_data
        return actions.do_end_affiliation(
            affiliation, date_to=data["date_to"], reason=data["reason"], actor=request.user
        )

    back = reverse("security:affiliations", args=[person.pk])
    return run(request, form, do, _("Gruppetilhørigheten er avsluttet."), back)


@_cleared
def groups(request: AuthedRequest) -> HttpResponse:
    """The group register (names and kinds; members on each group's page)."""
    return render(
        request, "security/groups.html", {"groups": groups_register(), "form": GroupForm()}
    )


@_write
def register_group(request: AuthedRequest) -> HttpResponse:
    form = GroupForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_register_group(
            name=data["name"],
            kind=data["kind"],
            description=data["description"],
            reason=data["reason"],
            actor=request.user,
        )

    return run(request, form, do, _("Gruppen er registrert."), reverse("security:groups"))


@_cleared
def group_detail(request: AuthedRequest, group_id: int) -> HttpResponse:
    """Persons affiliated with the group today: named when in the user's scope (each read
    logged), the others counted."""
    group = get_object_or_404(groups_register(), pk=group_id)
    members = group_members(request.user, group)
    actions.record_affiliation_read(
        actor=request.user,
        persons=[a.person_id for a in members.named],
        channel="web",
        path=request.path,
        purpose="group",
    )
    return render(request, "security/group_detail.html", {"members": members})


@login_required
@permission_required("security.view_affiliation_log", raise_exception=True)
def affiliation_log(request: AuthedRequest, person_id: int) -> HttpResponse:
    """Who read the person's affiliation data, when, where and why (for internal control)."""
    person = get_person_for_user(request.user, person_id)
    reads = affiliation_reads(person)[:500]
    return render(request, "security/affiliation_log.html", {"person": person, "reads": reads})
