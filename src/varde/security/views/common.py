"""What the security views share: the decorators of write views and turning a refusal into
messages (the action's Norwegian text, nothing saved)."""

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

from varde.core.http import AuthedRequest


def post_with(perm: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Signed in, ``perm``, and POST only."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        return login_required(permission_required(perm, raise_exception=True)(require_POST(view)))

    return decorate


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
    request: AuthedRequest, form: forms.Form, do: Callable[[], Any], done: str, back: str
) -> HttpResponse:
    """Validate the form, call the action, and go back with a message either way."""
    if not form.is_valid():
        flash(request, form)
        return redirect(back)
    try:
        do()
    except ValidationError as exc:
        flash(request, exc)
        return redirect(back)
    messages.success(request, done)
    return redirect(back)
