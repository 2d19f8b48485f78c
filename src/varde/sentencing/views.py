"""Judgment screens: register a judgment, its page with key dates and their explanation,
overriding a key date, combining judgments into one term. Reached from the person page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from varde.audit.actions import record_access
from varde.core.http import AuthedRequest
from varde.people.queries import get_person_for_user
from varde.sentencing.actions import (
    do_combine_judgments,
    do_override_key_date,
    do_register_judgment,
    do_remove_override,
)
from varde.sentencing.forms import CombineForm, JudgmentForm, OverrideForm, ReasonForm
from varde.sentencing.queries import combinable_with, get_judgment_for_user, key_dates_for


def _add_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _flash_errors(request: AuthedRequest, form: forms.Form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in map(str, errors):
            messages.error(request, f"{label}: {error}" if label else error)


@login_required
@permission_required("people.change_person", raise_exception=True)
@require_http_methods(["GET", "POST"])
def register(request: AuthedRequest, person_id: int) -> HttpResponse:
    """Register a received judgment for the person."""
    person = get_person_for_user(request.user, person_id)
    combinable = combinable_with(person)
    form = JudgmentForm(
        request.POST or None, combinable=combinable if combinable.exists() else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            judgment = do_register_judgment(person, actor=request.user, **form.action_fields())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Dommen er registrert."))
            return redirect("sentencing:detail", person_id=person.pk, judgment_id=judgment.pk)
    return render(request, "sentencing/judgment_form.html", {"form": form, "person": person})


@login_required
@permission_required("people.view_person", raise_exception=True)
def detail(request: AuthedRequest, person_id: int, judgment_id: int) -> HttpResponse:
    """The judgment with its key dates, their explanation and the overrides."""
    judgment = get_judgment_for_user(request.user, person_id, judgment_id)
    record_access(actor=request.user, person=judgment.person, channel="web", path=request.path)
    from varde.execution.queries import execution_facts  # execution builds on sentencing

    start, non_counting = execution_facts(judgment)
    dates = key_dates_for(judgment, start=start, non_counting_periods=non_counting)
    can_edit = request.user.has_perm("people.change_person")
    combinable = combinable_with(judgment)
    show_combine = (
        can_edit
        and judgment.combined_with_id is None
        and judgment.reaction == "prison"
        and combinable.exists()
    )
    return render(
        request,
        "sentencing/judgment_detail.html",
        {
            "person": judgment.person,
            "judgment": judgment,
            "key_dates": dates,
            "can_edit": can_edit,
            "override_form": OverrideForm(fields=[(d.field, d.label) for d in dates.dates]),
            "combine_form": CombineForm(combinable=combinable) if show_combine else None,
        },
    )


@login_required
@permission_required("people.change_person", raise_exception=True)
@require_POST
def override(request: AuthedRequest, person_id: int, judgment_id: int) -> HttpResponse:
    judgment = get_judgment_for_user(request.user, person_id, judgment_id)
    form = OverrideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            do_override_key_date(
                judgment, data["field"], data["date"], reason=data["reason"], actor=request.user
            )
        except ValidationError as exc:
            _add_errors(form, exc)
            _flash_errors(request, form)
        else:
            messages.success(request, _("Datoen er overstyrt."))
    else:
        _flash_errors(request, form)
    return redirect("sentencing:detail", person_id=person_id, judgment_id=judgment.pk)


@login_required
@permission_required("people.change_person", raise_exception=True)
@require_POST
def remove_override(
    request: AuthedRequest, person_id: int, judgment_id: int, override_id: int
) -> HttpResponse:
    judgment = get_judgment_for_user(request.user, person_id, judgment_id)
    found = get_object_or_404(judgment.overrides, pk=override_id)
    form = ReasonForm(request.POST)
    if form.is_valid():
        do_remove_override(found, reason=form.cleaned_data["reason"], actor=request.user)
        messages.success(request, _("Overstyringen er fjernet; beregnet dato gjelder."))
    else:
        _flash_errors(request, form)
    return redirect("sentencing:detail", person_id=person_id, judgment_id=judgment.pk)


@login_required
@permission_required("people.change_person", raise_exception=True)
@require_POST
def combine(request: AuthedRequest, person_id: int, judgment_id: int) -> HttpResponse:
    judgment = get_judgment_for_user(request.user, person_id, judgment_id)
    form = CombineForm(request.POST, combinable=combinable_with(judgment))
    if form.is_valid():
        try:
            do_combine_judgments(
                judgment,
                form.cleaned_data["principal"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
            _flash_errors(request, form)
        else:
            messages.success(request, _("Dommene gjennomføres nå i sammenheng."))
    else:
        _flash_errors(request, form)
    return redirect("sentencing:detail", person_id=person_id, judgment_id=judgment.pk)
