"""What the two printable documents show: the pre-sentence report as the court expects it
(heading, parties, case reference, numbered sections, signature block) and the follow-up
plan written for the person. Views (HTML print view) and ``pdf.render_pdf`` use the same
context and template, so the screen and the PDF never differ."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from varde.reintegration.models import (
    PSR_SECTIONS,
    PSR_SUITABILITY,
    FollowUpPlan,
    PreSentenceReport,
)
from varde.reintegration.pdf import render_pdf

PSR_TEMPLATE = "reintegration/documents/psr.html"
PLAN_TEMPLATE = "reintegration/documents/plan.html"


def psr_context(report: PreSentenceReport, *, draft: bool) -> dict[str, Any]:
    sections = [(label, getattr(report, name)) for name, label in PSR_SECTIONS]
    suitability = [
        (label, getattr(report, f"get_{name}_display")()) for name, label in PSR_SUITABILITY
    ]
    signed_on = report.delivered_on or timezone.localdate()
    return {
        "report": report,
        "person": report.person,
        "office": report.office,
        "sections": sections,
        "suitability": suitability,
        "signed_on": signed_on,
        "officer_name": (report.officer.get_full_name() or report.officer.username)
        if report.officer
        else "",
        "interviews": list(report.interviews.all()),
        "draft": draft,
    }


def psr_pdf(report: PreSentenceReport, *, draft: bool) -> bytes:
    return render_pdf(PSR_TEMPLATE, psr_context(report, draft=draft))


def plan_context(
    plan: FollowUpPlan, *, today: date, next_review: Any, release_on: date | None
) -> dict[str, Any]:
    return {
        "plan": plan,
        "person": plan.person,
        "goals": list(plan.goals.all()),
        "summary": plan.assessment.summary if plan.assessment else "",
        "today": today,
        "next_review": next_review,
        "release_on": release_on,
    }


def plan_pdf(context: dict[str, Any]) -> bytes:
    return render_pdf(PLAN_TEMPLATE, context)
