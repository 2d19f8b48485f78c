"""API-wide behaviour: errors as clear JSON with Norwegian messages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

_MESSAGES = {
    status.HTTP_401_UNAUTHORIZED: _("Du må logge inn (økt eller «Authorization: Token …»)."),
    status.HTTP_403_FORBIDDEN: _("Du har ikke tilgang til dette."),
    status.HTTP_404_NOT_FOUND: _("Fant ikke det du ba om."),
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus Django's ValidationError as a 400 with field messages, and a
    ``detail`` in Norwegian for 401/403/404."""
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code in _MESSAGES:
        response.data = {"detail": str(_MESSAGES[response.status_code])}
    return response
