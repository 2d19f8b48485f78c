"""Needs assessment pages: offer (from the person page or the worklist), the assessment page
with consent, scores and completion."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from varde.core.http import AuthedRequest
from varde.people.queries import get_person_for_user
from varde.reintegration import actions, areas
from varde.reintegration.choices import AssessmentStatus
from varde.reintegration.forms import CompleteForm, ConsentForm, OfferForm, ScoresForm
from varde.reintegration.models import NeedsAssessment
from varde.reintegration.queries import (
    active_plan,
    get_assessment_for_user,
    person_executions,
    resolve_execution,
    scores_by_area,
)
from varde.reintegration.views.common import can_edit, edit, log_read, run, view


def _url(assessment: NeedsAssessment) -> str:
    return reverse("reintegration:assessment", args=[assessment.pk])


@edit
def offer(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    form = OfferForm(request.POST, executions=person_executions(person))
    back = request.POST.get("tilbake", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("reintegration:person", args=[person.pk])

    def do() -> NeedsAssessment:
        stay, case = resolve_execution(person, form.cleaned_data["execution"])
        return actions.do_offer_assessment(
            person,
            stay=stay,
            community_case=case,
            offered_on=form.cleaned_data["offered_on"],
            actor=request.user,
        )

    return run(request, form, do, _("Kartleggingen er tilbudt."), back, then=_url)


def _row(version: areas.AreaVersion, area: areas.Area, score: Any) -> dict[str, str]:
    return {
        "label": area.label,
        "need": version.need.label(score.need if score else None),
        "resource": version.resource.label(score.resource if score else None),
        "note": score.note if score else "",
    }


@view
def detail(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, assessment_id)
    log_read(request, assessment.person)
    version = areas.version_named(assessment.config_version)
    scores = scores_by_area(assessment)
    context: dict[str, Any] = {
        "assessment": assessment,
        "version": version,
        "rows": [_row(version, area, scores.get(area.code)) for area in version.areas],
        "can_edit": can_edit(request),
        "plan": active_plan(assessment.person),
    }
    status = assessment.status
    if context["can_edit"]:
        forms: dict[str, Any] = {}
        if status in (
            AssessmentStatus.OFFERED,
            AssessmentStatus.DECLINED,
            AssessmentStatus.CONSENTED,
        ):
            forms["consent"] = ConsentForm()
        if status == AssessmentStatus.CONSENTED:
            forms["scores"] = ScoresForm(version=version, existing=scores)
            forms["complete"] = CompleteForm(initial={"summary": assessment.summary})
        context["forms"] = forms
    return render(request, "reintegration/assessment_detail.html", context)


@edit
def consent(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, assessment_id)
    form = ConsentForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_record_consent(
            assessment,
            consented=data["answer"] == "yes",
            on=data["on"],
            written=data["written"],
            note=data["note"],
            actor=request.user,
        )

    return run(request, form, do, _("Svaret er registrert."), _url(assessment))


@edit
def score(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, assessment_id)
    version = areas.version_named(assessment.config_version)
    form = ScoresForm(request.POST, version=version, existing=scores_by_area(assessment))

    def do() -> object:
        return actions.do_score_assessment(assessment, scores=form.scores(), actor=request.user)

    return run(request, form, do, _("Kartleggingen er lagret."), _url(assessment))


@edit
def complete(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, assessment_id)
    form = CompleteForm(request.POST)

    def do() -> object:
        return actions.do_complete_assessment(
            assessment, summary=form.cleaned_data["summary"], actor=request.user
        )

    return run(request, form, do, _("Kartleggingen er fullført."), _url(assessment))
