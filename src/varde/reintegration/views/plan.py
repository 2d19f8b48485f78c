"""Personal follow-up plan pages: create, the plan page with goals, steps, reviews and
closing, and the plan printed for the person (HTML print view and PDF)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.core.http import AuthedRequest
from varde.people.queries import get_person_for_user
from varde.reintegration import actions, areas
from varde.reintegration.choices import GoalStatus, PlanStatus, StepStatus
from varde.reintegration.documents import PLAN_TEMPLATE, plan_context, plan_pdf
from varde.reintegration.forms import (
    ClosePlanForm,
    GoalForm,
    GoalStatusForm,
    ReviewForm,
    StepForm,
    StepStatusForm,
)
from varde.reintegration.models import FollowUpPlan, NeedsAssessment, PlanGoal, PlanStep
from varde.reintegration.queries import (
    assessments_visible_to,
    expected_release_on,
    get_plan_for_user,
    plan_next_review,
    staff_for,
)
from varde.reintegration.views.common import can_edit, edit, log_read, pdf_response, run, view


def _url(plan: FollowUpPlan) -> str:
    return reverse("reintegration:plan", args=[plan.pk])


def plan_version(plan: FollowUpPlan) -> areas.AreaVersion:
    if plan.assessment is not None:
        return areas.version_named(plan.assessment.config_version)
    return areas.version_in_force(plan.started_on)


@edit
def create(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    raw = request.POST.get("assessment", "")
    assessment: NeedsAssessment | None = None
    if raw.isdigit():
        assessment = get_object_or_404(
            assessments_visible_to(request.user), pk=int(raw), person=person
        )

    def do() -> FollowUpPlan:
        return actions.do_create_plan(person, assessment=assessment, actor=request.user)

    back = reverse("reintegration:person", args=[person.pk])
    return run(request, forms.Form({}), do, _("Oppfølgingsplanen er opprettet."), back, then=_url)


def _context(plan: FollowUpPlan) -> dict[str, Any]:
    today = timezone.localdate()
    release_on = expected_release_on(plan.person)
    review = plan_next_review(plan, release_on) if plan.status == PlanStatus.ACTIVE else None
    return plan_context(plan, today=today, next_review=review, release_on=release_on)


@view
def detail(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    log_read(request, plan.person)
    context = _context(plan)
    context["reviews"] = list(plan.reviews.all())
    context["can_edit"] = can_edit(request) and plan.status == PlanStatus.ACTIVE
    context["step_statuses"] = StepStatus.choices
    context["goal_statuses"] = GoalStatus.choices
    if context["can_edit"]:
        context["forms"] = {
            "goal": GoalForm(version=plan_version(plan)),
            "review": ReviewForm(),
            "close": ClosePlanForm(),
            "step_status": StepStatusForm(),
            "goal_status": GoalStatusForm(),
        }
        if context["goals"]:
            context["forms"]["step"] = StepForm(plan=plan, staff=staff_for(plan.unit))
    return render(request, "reintegration/plan_detail.html", context)


@edit
def add_goal(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    form = GoalForm(request.POST, version=plan_version(plan))

    def do() -> object:
        return actions.do_add_goal(plan, actor=request.user, **form.cleaned_data)

    return run(request, form, do, _("Målet er lagt til."), _url(plan))


@edit
def add_step(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    form = StepForm(request.POST, plan=plan, staff=staff_for(plan.unit))

    def do() -> object:
        data = dict(form.cleaned_data)
        goal = data.pop("goal")
        return actions.do_add_step(goal, actor=request.user, **data)

    return run(request, form, do, _("Tiltaket er lagt til."), _url(plan))


@edit
def step_status(request: AuthedRequest, plan_id: int, step_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    step = get_object_or_404(PlanStep, pk=step_id, goal__plan=plan)
    form = StepStatusForm(request.POST)

    def do() -> object:
        return actions.do_set_step_status(
            step, status=form.cleaned_data["status"], actor=request.user
        )

    return run(request, form, do, _("Status for tiltaket er endret."), _url(plan))


@edit
def goal_status(request: AuthedRequest, plan_id: int, goal_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    goal = get_object_or_404(PlanGoal, pk=goal_id, plan=plan)
    form = GoalStatusForm(request.POST)

    def do() -> object:
        return actions.do_set_goal_status(
            goal, status=form.cleaned_data["status"], actor=request.user
        )

    return run(request, form, do, _("Status for målet er endret."), _url(plan))


@edit
def review(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    form = ReviewForm(request.POST)

    def do() -> object:
        return actions.do_review_plan(
            plan,
            reviewed_on=form.cleaned_data["reviewed_on"],
            note=form.cleaned_data["note"],
            release_on=expected_release_on(plan.person),
            actor=request.user,
        )

    return run(request, form, do, _("Evalueringen er registrert."), _url(plan))


@edit
def close(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    form = ClosePlanForm(request.POST)

    def do() -> object:
        return actions.do_close_plan(plan, note=form.cleaned_data["note"], actor=request.user)

    return run(request, form, do, _("Planen er avsluttet."), _url(plan))


@view
def printable(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """The plan as the person gets it on paper (print from the browser, or the PDF)."""
    plan = get_plan_for_user(request.user, plan_id)
    log_read(request, plan.person)
    return render(request, PLAN_TEMPLATE, _context(plan))


@view
def pdf(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    log_read(request, plan.person)
    return pdf_response(plan_pdf(_context(plan)), f"oppfolgingsplan-{plan.pk}.pdf")
