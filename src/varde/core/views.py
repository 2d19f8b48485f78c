from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from varde.core.http import AuthedRequest
from varde.execution.progression import worklist_units_for
from varde.people.forms import PersonSearchForm


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """The start page: who you are, where you work, a person search if your role has it, and
    for staff of a prison the link to its progression worklist."""
    user = request.user
    unit = worklist_units_for(user).filter(pk=user.unit_id).first() if user.unit_id else None
    return render(
        request, "core/home.html", {"search_form": PersonSearchForm(), "worklist_unit": unit}
    )
