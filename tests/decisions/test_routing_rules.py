"""Who decides (strgjfl § 6, fsg § 2-1, forvaringsforskriften §§ 4 and 10, rules.md Appendix C):
one test per routing rule that applies to applications; and what a decision must contain."""

from __future__ import annotations

import pytest

from varde.decisions import rules
from varde.decisions.choices import ApplicationKind, Level, NoticeEvent, Outcome
from varde.organisation.choices import Role, Scope

K = ApplicationKind
ALL_KINDS = list(K.values)
SECTION_6 = [K.TRANSFER, K.LEAVE, K.DAY_RELEASE, K.EK, K.INSTITUTION, K.INTERRUPTION]


def route(kind: str, **facts: bool) -> rules.Routing:
    return rules.route(rules.RoutingFacts(kind=kind, **facts))


# --- strgjfl § 6 first para: the local level by default ----------------------------------


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_local_level_decides_by_default(kind):
    routing = route(kind)
    assert (routing.level, routing.refusal_level) == (Level.LOCAL, Level.LOCAL)
    assert routing.basis == "strgjfl. § 6 første ledd"


# --- Appendix C row 2: §§ 12-16 a, 20, 33, 35 for sentences over ten years -----------------


@pytest.mark.parametrize("kind", SECTION_6)
def test_region_decides_for_sentences_over_ten_years_local_may_refuse(kind):
    routing = route(kind, over_ten_years=True)
    assert routing.level == Level.REGION
    assert routing.refusal_level == Level.LOCAL  # fsg § 2-1 first para
    assert "§ 6 annet ledd" in routing.basis


@pytest.mark.parametrize("kind", [K.CHILD_VISIT, K.STUDY, K.OTHER])
def test_sentence_length_does_not_move_other_kinds(kind):
    assert route(kind, over_ten_years=True, preventive_detention=True).level == Level.LOCAL


# --- Appendix C rows 2-3: forvaring (forvaringsforskriften § 4) ---------------------------


@pytest.mark.parametrize("kind", SECTION_6)
def test_region_decides_for_forvaring_local_may_refuse(kind):
    routing = route(kind, preventive_detention=True)
    assert routing.level == Level.REGION
    assert routing.refusal_level == Level.LOCAL  # forvaringsforskriften § 4 last para
    assert "forvaringsforskriften § 4" in routing.basis


# --- Appendix C row 2: particularly high security (§ 6 second para; fsg § 6-1) ------------


@pytest.mark.parametrize("kind", SECTION_6)
def test_region_decides_and_refuses_in_particularly_high_security(kind):
    routing = route(kind, special_high_security=True, over_ten_years=True)
    assert (routing.level, routing.refusal_level) == (Level.REGION, Level.REGION)


# --- fsg § 2-1 second para: leave after a superior level's leave without failure -----------


def test_local_may_grant_leave_after_earlier_leave_without_failure():
    routing = route(K.LEAVE, over_ten_years=True, earlier_leave_by_superior_without_failure=True)
    assert routing.level == Level.LOCAL
    assert "§ 2-1 annet ledd" in routing.basis
    # Not for forvaring (the paragraph speaks of prison sentences over ten years).
    forvaring = route(
        K.LEAVE, preventive_detention=True, earlier_leave_by_superior_without_failure=True
    )
    assert forvaring.level == Level.REGION


# --- fsg § 2-1 third para: §§ 12, 20, 33, 35 after transfer to lower security -------------


@pytest.mark.parametrize("kind", [K.INSTITUTION, K.DAY_RELEASE, K.LEAVE, K.INTERRUPTION])
def test_local_may_grant_after_superior_moved_to_lower_security(kind):
    routing = route(kind, over_ten_years=True, lower_security_by_superior=True)
    assert routing.level == Level.LOCAL
    assert "§ 2-1 tredje ledd" in routing.basis


@pytest.mark.parametrize("kind", [K.TRANSFER, K.EK])
def test_lower_security_does_not_delegate_transfer_or_ek(kind):
    assert route(kind, over_ten_years=True, lower_security_by_superior=True).level == (Level.REGION)


# --- transfer to another region (practice) ------------------------------------------------


def test_transfer_to_another_region_is_for_the_region():
    routing = route(K.TRANSFER, transfer_to_other_region=True)
    assert routing.level == Level.REGION
    assert routing.refusal_level == Level.LOCAL
    assert route(K.TRANSFER).level == Level.LOCAL  # within the region: local


# --- dispensations: the nearest superior level -------------------------------------------


@pytest.mark.parametrize(
    ("kind", "paragraph"),
    [(K.INSTITUTION, "§ 3-5"), (K.DAY_RELEASE, "§ 3-14"), (K.INTERRUPTION, "§ 3-33")],
)
def test_dispensation_goes_one_level_up(kind, paragraph):
    routing = route(kind, dispensation=True)
    assert routing.level == Level.REGION
    assert routing.refusal_level == Level.LOCAL
    assert paragraph in routing.basis
    assert route(kind, dispensation=True, over_ten_years=True).level == Level.KDI


def test_forvaring_institution_beyond_one_year_is_for_kdi():
    routing = route(K.INSTITUTION, preventive_detention=True, dispensation=True)
    assert routing.level == Level.KDI
    assert "forvaringsforskriften § 10" in routing.basis


def test_dispensation_does_not_apply_to_other_kinds():
    assert route(K.LEAVE, dispensation=True).level == Level.LOCAL


# --- under 18: copy to the region, the guardian told (§ 6 third para; fsg § 3-1b) ----------


def test_children_copy_to_region_and_guardian():
    routing = route(K.LEAVE, under_18=True)
    assert routing.level == Level.LOCAL
    assert routing.copy_to_region and routing.inform_guardian
    assert not route(K.LEAVE).copy_to_region


# --- levels ----------------------------------------------------------------------------------


def test_superior_levels_for_appeals():
    assert rules.superior(Level.LOCAL) == Level.REGION
    assert rules.superior(Level.REGION) == Level.KDI
    assert rules.superior(Level.KDI) == Level.MINISTRY


def test_actor_levels():
    assert rules.actor_level(Role.PRISON_CASE_WORKER, Scope.UNIT) == Level.LOCAL
    assert rules.actor_level(Role.PROBATION_OFFICER, Scope.UNIT) == Level.LOCAL
    assert rules.actor_level(Role.REGIONAL_OFFICER, Scope.REGION) == Level.REGION
    assert rules.actor_level(Role.SYSTEM_ADMIN, Scope.NATIONAL) == Level.KDI
    assert rules.actor_level(Role.PRISON_OFFICER, Scope.UNIT) is None
    assert rules.actor_level(Role.KDI_ANALYST, Scope.NATIONAL) is None


def test_decision_level_grant_needs_routing_level_refusal_may_be_lower():
    routing = route(K.LEAVE, over_ten_years=True)
    assert rules.decision_level_problem(routing, Level.LOCAL, Outcome.REFUSED) is None
    problem = rules.decision_level_problem(routing, Level.LOCAL, Outcome.GRANTED)
    assert problem and "regionalt nivå" in problem and "Send den videre" in problem
    assert rules.decision_level_problem(routing, Level.REGION, Outcome.GRANTED) is None
    strict = route(K.LEAVE, special_high_security=True)
    assert rules.decision_level_problem(strict, Level.LOCAL, Outcome.REFUSED)


def test_forward_only_when_a_higher_level_decides():
    assert rules.forward_problem(route(K.LEAVE), Level.LOCAL)
    assert rules.forward_problem(route(K.LEAVE, over_ten_years=True), Level.LOCAL) is None
    assert rules.forward_problem(route(K.LEAVE, over_ten_years=True), Level.REGION)


# --- content of a decision -------------------------------------------------------------------


def _problem(**overrides):
    values = dict(
        kind=K.LEAVE,
        outcome=Outcome.REFUSED,
        legal_basis="strgjfl-33",
        reasons="Sikkerhetsmessige grunner taler mot.",
        child_interest="",
        child_interest_needed=False,
    )
    return rules.decision_problem(**(values | overrides))


def test_a_complete_decision_passes():
    assert _problem() is None


def test_refusal_without_reasons_is_refused_in_norwegian():
    problem = _problem(reasons="  ")
    assert problem.startswith("Et avslag må begrunnes (forvaltningsloven §§ 24 og 25).")
    assert _problem(reasons="", outcome=Outcome.GRANTED).startswith("Vedtaket må begrunnes")


def test_legal_basis_must_fit_the_kind():
    assert _problem(legal_basis="") == "Velg hjemmel for vedtaket."
    assert _problem(legal_basis="strgjfl-20") == "Velg hjemmel for vedtaket."  # frigang ≠ leave
    for kind, choices in rules.LEGAL_BASES.items():
        assert choices, kind
        assert _problem(kind=kind, legal_basis=choices[0][0]) is None


def test_child_interest_required_when_a_child_is_affected():
    problem = _problem(child_interest_needed=True)
    assert problem and "barnets beste" in problem
    assert _problem(child_interest_needed=True, child_interest="Barnet (9) ...") is None
    assert rules.child_interest_required(
        minor_children=1, applicant_is_minor=False, concerns_child=False
    )
    assert rules.child_interest_required(
        minor_children=0, applicant_is_minor=True, concerns_child=False
    )
    assert rules.child_interest_required(
        minor_children=0, applicant_is_minor=False, concerns_child=True
    )
    assert not rules.child_interest_required(
        minor_children=0, applicant_is_minor=False, concerns_child=False
    )


def test_no_interruption_for_forvaring():
    problem = rules.grant_problem(K.INTERRUPTION, Outcome.GRANTED, preventive_detention=True)
    assert problem and "forvaringsforskriften § 11" in problem
    assert rules.grant_problem(K.INTERRUPTION, Outcome.REFUSED, preventive_detention=True) is None
    assert rules.grant_problem(K.INTERRUPTION, Outcome.GRANTED, preventive_detention=False) is None


def test_appeal_decisions_by_level():
    def problem(outcome, deciding, appeal_level, decision_level=Level.LOCAL):
        return rules.appeal_decision_problem(
            outcome=outcome,
            reasons="Begrunnelse",
            deciding_level=deciding,
            decision_level=decision_level,
            appeal_level=appeal_level,
        )

    # First instance: may change or dismiss, not uphold (then it forwards).
    assert problem("reversed", Level.LOCAL, Level.LOCAL) is None
    assert problem("dismissed", Level.LOCAL, Level.LOCAL) is None
    assert "klageinstansen" in problem("upheld", Level.LOCAL, Level.LOCAL)
    # Appeals body decides anything; nobody else.
    assert problem("upheld", Level.REGION, Level.REGION) is None
    assert "regionalt nivå" in problem("upheld", Level.LOCAL, Level.REGION)
    assert problem("upheld", Level.KDI, Level.KDI, Level.REGION) is None


# --- victim notification -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "paragraph", "in_advance"),
    [
        (NoticeEvent.LEAVE, "§ 36 tredje ledd", True),
        (NoticeEvent.INTERRUPTION, "§ 36 tredje ledd", True),
        (NoticeEvent.DAY_RELEASE, "§ 20", True),
        (NoticeEvent.OUTSIDE_PRISON, "§ 16 sjette ledd", True),
        (NoticeEvent.PAROLE, "§ 42 sjette ledd", True),
        (NoticeEvent.RELEASE, "§ 42 sjette ledd", True),
        (NoticeEvent.ESCAPE, "§ 40 siste ledd", False),
    ],
)
def test_victims_are_told_where_the_law_says(event, paragraph, in_advance):
    rule = rules.notice_rule(event)
    assert rule is not None and paragraph in rule.basis
    assert rule.in_advance is in_advance and rule.mandatory


def test_change_of_residence_may_be_told():
    rule = rules.notice_rule(NoticeEvent.CHANGE_OF_RESIDENCE)
    assert rule is not None and not rule.mandatory


def test_movements_the_law_does_not_name():
    for kind in ("escorted_outing", "hospital", "institution"):
        assert kind not in rules.NOTICE_FOR_ABSENCE
    assert rules.notice_rule("transfer") is None


def test_contact_active_and_notice_overdue():
    from datetime import date

    assert rules.contact_active(date(2025, 1, 1), None, date(2025, 1, 1))
    assert not rules.contact_active(date(2025, 1, 2), None, date(2025, 1, 1))
    assert not rules.contact_active(date(2025, 1, 1), date(2025, 2, 1), date(2025, 2, 1))
    leave = rules.notice_rule(NoticeEvent.LEAVE)
    escape = rules.notice_rule(NoticeEvent.ESCAPE)
    assert not rules.notice_overdue(leave, date(2025, 5, 12), date(2025, 5, 11))
    assert rules.notice_overdue(leave, date(2025, 5, 12), date(2025, 5, 12))
    assert not rules.notice_overdue(escape, date(2025, 5, 12), date(2025, 5, 12))
    assert rules.notice_overdue(escape, date(2025, 5, 12), date(2025, 5, 13))
