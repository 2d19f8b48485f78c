"""Progression worklist per unit and placement decision support per person (issue 4 items 4
and 6). Thin views over ``progression`` and ``placement_support``."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from varde.audit.actions import record_access
from varde.core.http import AuthedRequest
from varde.execution.placement_support import placement_support
from varde.execution.progression import get_unit_for_worklist, unit_worklist
from varde.people.queries import get_person_for_user


def parse_day(raw: str | None) -> date | None:
    """A date from ``yyyy-mm-dd`` (what a date input sends); None when missing or invalid."""
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@login_required
def worklist(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """The unit's progression worklist: milestones in the next 30 days, and short sentences
    at high security. Staff of the unit and its region (others 404); analysts 403."""
    unit = get_unit_for_worklist(request.user, unit_id)
    today = timezone.localdate()
    context = {"worklist": unit_worklist(unit, request.user, today)}
    return render(request, "execution/progression_worklist.html", context)


@login_required
@permission_required("people.view_person", raise_exception=True)
def placement(request: AuthedRequest, person_id: int) -> HttpResponse:
    """Where the person could be placed on a date (default today), and why."""
    person = get_person_for_user(request.user, person_id)
    record_access(actor=request.user, person=person, channel="web", path=request.path)
    day = parse_day(request.GET.get("dato")) or timezone.localdate()
    support = placement_support(person, day, request.user, path=request.path)
    context = {"person": person, "support": support}
    return render(request, "execution/placement_support.html", context)
