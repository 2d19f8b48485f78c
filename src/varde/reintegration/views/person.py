"""The person page's reintegration panel (loaded by htmx from its own URL, or a page of its
own): pre-sentence reports with the freshness of the newest, needs assessments, and the
active follow-up plan with its next review."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from varde.core.http import AuthedRequest
from varde.people.queries import get_person_for_user
from varde.reintegration.choices import AssessmentStatus
from varde.reintegration.forms import OfferForm
from varde.reintegration.queries import (
    active_plan,
    expected_release_on,
    latest_freshness,
    person_assessments,
    person_executions,
    person_reports,
    plan_next_review,
    request_offices_for,
)
from varde.reintegration.views.common import can_edit, log_read, view
from varde.reintegration.views.psr import request_form


@view
def panel(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    log_read(request, person)
    today = timezone.localdate()
    reports = person_reports(person)
    assessments = person_assessments(person)
    plan = active_plan(person)
    release_on = expected_release_on(person)
    context: dict[str, Any] = {
        "person": person,
        "reports": reports,
        "freshness": latest_freshness(reports, today),
        "assessments": assessments,
        "plan": plan,
        "next_review": plan_next_review(plan, release_on) if plan else None,
        "release_on": release_on,
        "today": today,
    }
    if can_edit(request):
        if request_offices_for(request.user, person).exists():
            context["request_form"] = request_form(request, person)
        context["offer_form"] = OfferForm(executions=person_executions(person))
        if plan is None:
            completed = [a for a in assessments if a.status == AssessmentStatus.COMPLETED]
            context["plan_from"] = completed[0] if completed else None
            context["can_create_plan"] = True
    template = "reintegration/_panel.html" if request.htmx else "reintegration/person_panel.html"
    return render(request, template, context)
