"""The reintegration worklist of a unit: pre-sentence reports by deadline (probation
offices), executions still waiting for a needs assessment, plans due for review, and this
year's counts of offered / declined / completed assessments and report processing times."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from varde.core.http import AuthedRequest
from varde.organisation.choices import UnitKind
from varde.organisation.models import Unit
from varde.people.queries import can_see_person_records
from varde.reintegration.queries import (
    assessment_counts,
    assessment_tasks,
    get_worklist_unit,
    office_worklist,
    plans_due_for_review,
    processing_times,
    worklist_units_for,
)
from varde.reintegration.views.common import can_edit, view

PAGE_SIZE = 50


@view
def index(request: AuthedRequest) -> HttpResponse:
    """The worklist of the user's own unit; otherwise the units in scope to choose from."""
    if not can_see_person_records(request.user):
        raise PermissionDenied
    units = worklist_units_for(request.user)
    own = units.filter(pk=request.user.unit_id).first() if request.user.unit_id else None
    if own is not None:
        return _worklist(request, own)
    return render(
        request, "reintegration/units.html", {"units": units.order_by("region__name", "name")}
    )


@view
def worklist(request: AuthedRequest, unit_id: int) -> HttpResponse:
    return _worklist(request, get_worklist_unit(request.user, unit_id))


def _worklist(request: AuthedRequest, unit: Unit) -> HttpResponse:
    today = timezone.localdate()
    is_office = unit.kind == UnitKind.PROBATION_OFFICE
    tasks = Paginator(assessment_tasks(unit, request.user), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    counts = assessment_counts(today.year, worklist_units_for(request.user).filter(pk=unit.pk))
    context = {
        "unit": unit,
        "today": today,
        "is_office": is_office,
        "reports": office_worklist(unit, request.user, today) if is_office else [],
        "processing": processing_times(unit, today.year) if is_office else None,
        "tasks": tasks,
        "reviews": plans_due_for_review(unit, request.user, today),
        "counts": counts[0] if counts else None,
        "can_edit": can_edit(request),
    }
    return render(request, "reintegration/worklist.html", context)
