"""Needs assessment and follow-up plan actions: offer at the start of an execution (one per
stay), written consent or a dated refusal, scores on the configured scale, completion with a
summary; the plan's goals, steps, reviews (before release from the key dates) and closing.
Refusals in Norwegian change nothing; every write has its audit row and journal line."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from tests.reintegration.conftest import admit, today

from varde.audit.models import AuditEvent
from varde.journal.models import JournalEntry
from varde.reintegration import actions, areas
from varde.reintegration.models import AssessmentScore, FollowUpPlan, NeedsAssessment, PlanStep
from varde.reintegration.queries import assessment_counts, expected_release_on, plan_next_review

pytestmark = pytest.mark.django_db


def _counts():
    return (
        NeedsAssessment.objects.count(),
        AssessmentScore.objects.count(),
        AuditEvent.objects.count(),
        JournalEntry.objects.count(),
    )


def all_scores(version: areas.AreaVersion, need: int = 2) -> dict:
    return {a.code: {"need": need, "resource": 1, "note": ""} for a in version.areas}


def completed(person, actor, **offer):
    assessment = actions.do_offer_assessment(person, actor=actor, **offer)
    actions.do_record_consent(assessment, consented=True, written=True, on=today(), actor=actor)
    version = areas.version_named(assessment.config_version)
    actions.do_score_assessment(assessment, scores=all_scores(version), actor=actor)
    return actions.do_complete_assessment(assessment, summary="Du trenger bolig.", actor=actor)


def test_offer_for_a_stay_uses_the_version_in_force(personas, stay):
    assessment = actions.do_offer_assessment(stay.person, stay=stay, actor=personas.carl)
    assert assessment.unit == stay.unit and assessment.status == "offered"
    assert assessment.config_version == areas.version_in_force(today()).version
    assert AuditEvent.objects.filter(action="offer_assessment").exists()
    assert JournalEntry.objects.filter(
        source_action="offer_assessment", person=stay.person
    ).exists()
    with pytest.raises(ValidationError, match="allerede tilbudt"):
        actions.do_offer_assessment(stay.person, stay=stay, actor=personas.carl)


def test_consent_must_be_written_and_dated(personas, stay):
    assessment = actions.do_offer_assessment(stay.person, stay=stay, actor=personas.carl)
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        actions.do_record_consent(
            assessment, consented=True, written=False, on=today(), actor=personas.carl
        )
    assert "skriftlig" in str(refused.value)
    with pytest.raises(ValidationError, match="mellom"):
        actions.do_record_consent(
            assessment,
            consented=True,
            written=True,
            on=today() + timedelta(days=1),
            actor=personas.carl,
        )
    assert _counts() == before
    assessment.refresh_from_db()
    assert assessment.status == "offered"


def test_refusal_is_recorded_with_date_and_changes_nothing_else(personas, stay):
    assessment = actions.do_offer_assessment(stay.person, stay=stay, actor=personas.carl)
    stay_before = (stay.unit_id, stay.security_level, stay.released_at)
    assessment = actions.do_record_consent(
        assessment, consented=False, on=today(), note="Ønsker ikke nå", actor=personas.carl
    )
    assert assessment.status == "declined" and assessment.consent_on == today()
    stay.refresh_from_db()
    assert (stay.unit_id, stay.security_level, stay.released_at) == stay_before
    assert "takket nei" in JournalEntry.objects.get(source_action="record_assessment_consent").text
    with pytest.raises(ValidationError, match="samtykke"):
        actions.do_score_assessment(
            assessment, scores={"housing": {"need": 1}}, actor=personas.carl
        )
    # The person may change their mind.
    assessment = actions.do_record_consent(
        assessment, consented=True, written=True, on=today(), actor=personas.carl
    )
    assert assessment.status == "consented"


def test_scores_on_the_configured_scale(personas, stay):
    assessment = actions.do_offer_assessment(stay.person, stay=stay, actor=personas.carl)
    actions.do_record_consent(
        assessment, consented=True, written=True, on=today(), actor=personas.carl
    )
    before = _counts()
    with pytest.raises(ValidationError, match="bruk en verdi fra 0 til 3"):
        actions.do_score_assessment(
            assessment, scores={"housing": {"need": 1}, "work": {"need": 7}}, actor=personas.carl
        )
    with pytest.raises(ValidationError, match="Ukjent område"):
        actions.do_score_assessment(
            assessment, scores={"astrology": {"need": 1}}, actor=personas.carl
        )
    assert _counts() == before  # the valid housing score was rolled back too
    actions.do_score_assessment(
        assessment,
        scores={"housing": {"need": 3, "resource": 0, "note": "Uten bolig"}},
        actor=personas.carl,
    )
    actions.do_score_assessment(
        assessment, scores={"housing": {"need": 2, "resource": 1}}, actor=personas.carl
    )
    score = AssessmentScore.objects.get(assessment=assessment, area_code="housing")
    assert (score.need, score.resource, score.area_label) == (2, 1, "Bolig")
    assert AuditEvent.objects.filter(action="score_assessment", verb="update").count() == 1


def test_complete_needs_every_area_and_a_summary(personas, stay):
    assessment = actions.do_offer_assessment(stay.person, stay=stay, actor=personas.carl)
    actions.do_record_consent(
        assessment, consented=True, written=True, on=today(), actor=personas.carl
    )
    version = areas.version_named(assessment.config_version)
    actions.do_score_assessment(assessment, scores={"housing": {"need": 2}}, actor=personas.carl)
    with pytest.raises(ValidationError, match="mangler vurdering: Utdanning"):
        actions.do_complete_assessment(assessment, summary="x", actor=personas.carl)
    actions.do_score_assessment(assessment, scores=all_scores(version), actor=personas.carl)
    with pytest.raises(ValidationError, match="klart språk"):
        actions.do_complete_assessment(assessment, summary=" ", actor=personas.carl)
    assessment = actions.do_complete_assessment(
        assessment, summary="Du trenger bolig.", actor=personas.carl
    )
    assert assessment.status == "completed" and assessment.completed_on == today()


def test_read_only_and_out_of_scope_staff_cannot_offer(personas, stay):
    with pytest.raises(PermissionDenied):
        actions.do_offer_assessment(stay.person, stay=stay, actor=personas.alice)
    with pytest.raises(PermissionDenied):
        actions.do_offer_assessment(stay.person, stay=stay, actor=personas.bob)
    assert not NeedsAssessment.objects.exists()


def test_counts_per_unit_and_year(org, personas, people, stay):
    completed(stay.person, personas.carl, stay=stay)
    other = admit(people.released_recently, org.oslo)
    declined = actions.do_offer_assessment(other.person, stay=other, actor=personas.carl)
    actions.do_record_consent(declined, consented=False, on=today(), actor=personas.carl)
    actions.do_offer_assessment(people.probation_client, unit=org.oslo_fri, actor=personas.frida)
    old = actions.do_offer_assessment(
        people.oslo_inmate,
        unit=org.oslo,
        offered_on=today().replace(year=today().year - 1),
        actor=personas.carl,
    )
    assert old.offered_on.year == today().year - 1
    rows = {
        r.unit_name: (r.offered, r.declined, r.completed) for r in assessment_counts(today().year)
    }
    assert rows == {"Oslo fengsel": (2, 1, 1), "Oslo friomsorgskontor": (1, 0, 0)}


# --- follow-up plan ---------------------------------------------------------------------


def test_plan_from_assessment_goals_steps_and_status(personas, stay):
    assessment = completed(stay.person, personas.carl, stay=stay)
    plan = actions.do_create_plan(stay.person, assessment=assessment, actor=personas.carl)
    assert plan.unit == stay.unit and plan.status == "active"
    with pytest.raises(ValidationError, match="allerede en aktiv"):
        actions.do_create_plan(stay.person, actor=personas.carl)
    with pytest.raises(ValidationError, match="område"):
        actions.do_add_goal(plan, area_code="astrology", goal="x", actor=personas.carl)
    goal = actions.do_add_goal(
        plan, area_code="housing", goal="Egen bolig ved løslatelse", actor=personas.carl
    )
    assert goal.area_label == "Bolig"
    before = PlanStep.objects.count()
    with pytest.raises(ValidationError, match="etaten"):
        actions.do_add_step(
            goal, description="Søke bolig", responsible_kind="agency", actor=personas.carl
        )
    with pytest.raises(ValidationError, match="ansatt"):
        actions.do_add_step(
            goal, description="Følge opp", responsible_kind="staff", actor=personas.carl
        )
    assert PlanStep.objects.count() == before
    by_agency = actions.do_add_step(
        goal,
        description="Søke kommunal bolig",
        responsible_kind="agency",
        agency="Oslo kommune, boligkontoret",
        due_on=today() + timedelta(days=30),
        actor=personas.carl,
    )
    by_staff = actions.do_add_step(
        goal,
        description="Følge opp søknaden",
        responsible_kind="staff",
        responsible_staff=personas.carl,
        actor=personas.carl,
    )
    by_person = actions.do_add_step(
        goal, description="Skaffe ID", responsible_kind="person", actor=personas.carl
    )
    assert by_agency.responsible_name == "Oslo kommune, boligkontoret"
    assert by_staff.responsible_name == "Carl"
    assert by_person.responsible_name == stay.person.full_name
    step = actions.do_set_step_status(by_person, status="done", actor=personas.carl)
    assert step.completed_on == today()
    actions.do_set_goal_status(goal, status="achieved", actor=personas.carl)
    actions_in_journal = set(
        JournalEntry.objects.filter(person=stay.person).values_list("source_action", flat=True)
    )
    assert {
        "create_plan",
        "add_plan_goal",
        "add_plan_step",
        "set_plan_step_status",
    } <= actions_in_journal


def test_review_before_release_from_the_key_dates(personas, people, org, settings):
    settings.VARDE_PLAN_REVIEW_DAYS = 90
    settings.VARDE_PLAN_RELEASE_REVIEW_DAYS = 30
    # 60 days, admitted 40 days ago: parole at 2/3 is not ordinary under 60 days (rules.md § 1),
    # so the release is the end of the sentence, 20 days from now (day 1 = admission).
    stay = admit(people.released_recently, org.oslo, days_ago=40, months=2)
    release = expected_release_on(stay.person)
    assert release is not None and today() < release <= today() + timedelta(days=25)
    plan = actions.do_create_plan(stay.person, actor=personas.carl)
    review = plan_next_review(plan, release)
    # The window opened ten days ago: a plan started inside it is reviewed at once.
    assert review.kind == "before_release" and review.on == today()
    done = actions.do_review_plan(
        plan, note="Bolig på plass.", release_on=release, actor=personas.carl
    )
    assert done.kind == "before_release"
    plan.refresh_from_db()
    assert plan.last_reviewed_on == today()
    assert plan_next_review(plan, release).kind == "interval"


def test_review_and_close_refusals(personas, stay):
    plan = actions.do_create_plan(stay.person, actor=personas.carl)
    with pytest.raises(ValidationError):
        actions.do_review_plan(plan, note=" ", actor=personas.carl)
    with pytest.raises(ValidationError, match="fram i tid"):
        actions.do_review_plan(
            plan, note="x", reviewed_on=today() + timedelta(days=1), actor=personas.carl
        )
    assert not plan.reviews.exists()
    plan = actions.do_close_plan(plan, actor=personas.carl, note="Løslatt")
    with pytest.raises(ValidationError, match="avsluttet"):
        actions.do_add_goal(plan, area_code="housing", goal="x", actor=personas.carl)
    assert FollowUpPlan.objects.get(pk=plan.pk).closed_on == today()
