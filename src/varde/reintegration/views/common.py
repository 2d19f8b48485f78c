"""What every reintegration view shares: access decorators, the flash of refusals, and the
one-action-per-form pattern (form → action → back to the page with a message)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from varde.audit.actions import record_access
from varde.core.http import AuthedRequest
from varde.people.models import Person


def view(fn: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in with a role that opens person records."""
    return login_required(permission_required("people.view_person", raise_exception=True)(fn))


def edit(fn: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, a role that edits case data, and POST only."""
    return login_required(
        permission_required("people.change_person", raise_exception=True)(require_POST(fn))
    )


def can_edit(request: AuthedRequest) -> bool:
    return request.user.has_perm("people.change_person")


def log_read(request: AuthedRequest, person: Person) -> None:
    record_access(actor=request.user, person=person, channel="web", path=request.path)


def flash(request: AuthedRequest, error: ValidationError | forms.BaseForm) -> None:
    if isinstance(error, ValidationError):
        for text in error.messages:
            messages.error(request, text)
        return
    for field, errors in error.errors.items():
        label = error.fields[field].label if field in error.fields else ""
        for text in map(str, errors):
            messages.error(request, f"{label}: {text}" if label else text)


def run(
    request: AuthedRequest,
    form: forms.Form,
    do: Callable[[], Any],
    done: str,
    back: str,
    then: Callable[[Any], str] | None = None,
) -> HttpResponse:
    """Validate the form, call the action, and go back with its message; a refusal shows the
    rule's Norwegian message and saves nothing. ``then`` gives the page to show after
    success from the action's result (default ``back``)."""
    if not form.is_valid():
        flash(request, form)
        return redirect(back)
    try:
        result = do()
    except ValidationError as exc:
        flash(request, exc)
        return redirect(back)
    messages.success(request, done)
    return redirect(then(result) if then else back)


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
