"""Person screens: search, person page, register, edit, and the person's audit log."""

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
from django.views.decorators.http import require_http_methods, require_POST

from varde.audit.actions import record_access
from varde.audit.queries import person_log
from varde.core.http import AuthedRequest
from varde.execution.views import person_stay_context
from varde.people.actions import (
    do_add_alias,
    do_add_relative,
    do_register_person,
    do_remove_alias,
    do_remove_relative,
    do_update_person,
)
from varde.people.forms import (
    AliasForm,
    PersonChangeForm,
    PersonForm,
    PersonRegistrationForm,
    PersonSearchForm,
    RelativeForm,
    RemovalForm,
)
from varde.people.models import Person
from varde.people.queries import (
    find_possible_duplicates,
    get_person_for_user,
    search_persons,
    visible_person_filter,
)
from varde.sentencing.queries import judgments_of

PAGE_SIZE = 25


@login_required
@permission_required("people.view_person", raise_exception=True)
def search(request: AuthedRequest) -> HttpResponse:
    """Search as you type (htmx swaps in the results partial) or by submitting the form."""
    form = PersonSearchForm(request.GET or None)
    page = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = search_persons(request.user, form.cleaned_data["q"])
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("side"))
    context = {"form": form, "page": page, "query": request.GET.get("q", "")}
    template = "people/search.html#results" if request.htmx else "people/search.html"
    return render(request, template, context)


@login_required
@permission_required("people.view_person", raise_exception=True)
def person_detail(request: AuthedRequest, person_id: int) -> HttpResponse:
    """The person page. Every view of it is written to the access log."""
    person = get_person_for_user(request.user, person_id)
    record_access(actor=request.user, person=person, channel="web", path=request.path)
    today = timezone.localdate()
    relatives = list(person.relatives.all())
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "aliases": person.aliases.all(),
            "relatives": relatives,
            "minor_children": [r for r in relatives if r.is_minor_on(today)],
            "responsibilities": person.responsibilities.select_related("unit"),
            "stay_panel": person_stay_context(request.user, person),
            "judgments": judgments_of(person),
            "can_edit": request.user.has_perm("people.change_person"),
            "can_view_log": request.user.has_perm("audit.view_person_log"),
            "alias_form": AliasForm(),
            "relative_form": RelativeForm(),
        },
    )


@login_required
@permission_required("people.add_person", raise_exception=True)
@require_http_methods(["GET", "POST"])
def register(request: AuthedRequest) -> HttpResponse:
    """Register a person. Possible duplicates are shown and must be confirmed first."""
    form = PersonRegistrationForm(request.POST or None, user=request.user)
    duplicates: list[Any] = []
    hidden_duplicates = 0
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        possible = find_possible_duplicates(
            national_id=data["national_id"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            birth_date=data["birth_date"],
        )
        # Show only the possible duplicates the user may see; count the others (never leak).
        duplicates = list(possible.filter(visible_person_filter(request.user))[:10])
        hidden_duplicates = possible.count() - len(duplicates)
        if not (duplicates or hidden_duplicates) or request.POST.get("confirm_new") == "1":
            try:
                person = do_register_person(actor=request.user, **data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Personen er registrert."))
                return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "duplicates": duplicates,
            "hidden_duplicates": hidden_duplicates,
            "title": _("Registrer person"),
        },
    )


@login_required
@permission_required("people.change_person", raise_exception=True)
@require_http_methods(["GET", "POST"])
def edit(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    form = PersonChangeForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            do_update_person(person, actor=request.user, reason=reason, **data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "person": person,
            "title": _("Endre personopplysninger"),
        },
    )


@login_required
@permission_required("audit.view_person_log", raise_exception=True)
def person_audit_log(request: AuthedRequest, person_id: int) -> HttpResponse:
    """Every change to and every read of the person's record (basis for right of access)."""
    person = get_person_for_user(request.user, person_id)
    record_access(actor=request.user, person=person, channel="web", path=request.path)
    events, reads = person_log(person)
    return render(
        request,
        "people/person_log.html",
        {
            "person": person,
            "events": Paginator(events, 100).get_page(request.GET.get("side")),
            "reads": Paginator(reads, 100).get_page(request.GET.get("lest")),
        },
    )


def _add_errors(form: PersonForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@permission_required("people.change_person", raise_exception=True)
@require_POST
def add_alias(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    return _submit_inline(
        request,
        person,
        AliasForm(request.POST),
        _("Navnet er lagt til."),
        lambda data: do_add_alias(person, data["name"], actor=request.user),
    )


@login_required
@permission_required("people.change_person", raise_exception=True)
@require_POST
def add_relative(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    return _submit_inline(
        request,
        person,
        RelativeForm(request.POST),
        _("Pårørende er lagt til."),
        lambda data: do_add_relative(person, actor=request.user, **data),
    )


@login_required
@permission_required("people.change_person", raise_exception=True)
@require_POST
def remove_relative(request: AuthedRequest, person_id: int, relative_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    relative = get_object_or_404(person.relatives, pk=relative_id)
    return _submit_inline(
        request,
        person,
        RemovalForm(request.POST),
        _("Pårørende er fjernet."),
        lambda data: do_remove_relative(relative, actor=request.user, reason=data["reason"]),
    )


@login_required
@permission_required("people.change_person", raise_exception=True)
@require_POST
def remove_alias(request: AuthedRequest, person_id: int, alias_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    alias = get_object_or_404(person.aliases, pk=alias_id)
    return _submit_inline(
        request,
        person,
        RemovalForm(request.POST),
        _("Navnet er fjernet."),
        lambda data: do_remove_alias(alias, actor=request.user, reason=data["reason"]),
    )


def _submit_inline(
    request: AuthedRequest,
    person: Person,
    form: forms.BaseForm,
    done: str,
    perform: Callable[[dict[str, Any]], object],
) -> HttpResponse:
    """A small form on the person page: run the action if the form is valid, report the
    outcome as a message, and go back to the person page (nothing saved on errors)."""
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
    else:
        _flash_errors(request, form)
    return redirect("people:detail", person_id=person.pk)


def _flash_errors(request: AuthedRequest, form: forms.BaseForm) -> None:
    """Small inline forms on the person page report their errors as messages (nothing saved)."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in map(str, errors):
            messages.error(request, f"{label}: {error}" if label else error)
