"""Typed requests for views behind ``login_required`` (django-stubs' recommended pattern)."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from varde.organisation.models import User


class AuthedRequest(HttpRequest):
    """A request whose user is signed in (views behind ``login_required``)."""

    user: User
    htmx: HtmxDetails
