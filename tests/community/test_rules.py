"""Worked examples for the community rules (rules.md §§ 3, 6, 7; Appendix A)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from varde.community import rules
from varde.community.choices import BreachResponse, CaseKind, NdPhase


def test_hours_remaining_never_below_zero():
    assert rules.hours_remaining(120, Decimal("45.5")) == Decimal("74.5")
    assert rules.hours_remaining(60, Decimal(60)) == 0
    assert rules.hours_remaining(60, Decimal(61)) == 0


def test_on_track_against_the_execution_period():
    # 120 hours over 2025-01-01..2025-05-01 (120 days): on day 60 half should be done.
    start, end = date(2025, 1, 1), date(2025, 5, 1)
    assert rules.expected_hours(120, start, end, date(2025, 3, 2)) == Decimal(60)
    assert rules.hours_on_track(120, Decimal(60), start, end, date(2025, 3, 2))
    assert not rules.hours_on_track(120, Decimal(55), start, end, date(2025, 3, 2))
    # After the period every hour should be done.
    assert rules.expected_hours(120, start, end, date(2025, 6, 1)) == 120
    assert rules.expected_hours(120, start, end, date(2024, 12, 1)) == 0


@given(
    st.integers(2, 420),
    st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    st.integers(1, 800),
    st.integers(-50, 900),
)
def test_expected_hours_stay_within_ordered(ordered, start, length, offset):
    from datetime import timedelta

    expected = rules.expected_hours(
        ordered, start, start + timedelta(days=length), start + timedelta(days=offset)
    )
    assert 0 <= expected <= ordered


def test_log_hours_refusals():
    base = {
        "kind": CaseKind.COMMUNITY_SENTENCE,
        "is_open": True,
        "ordered": 30,
        "performed": Decimal(28),
        "hours": Decimal(2),
        "day": date(2025, 3, 1),
        "start": date(2025, 1, 1),
        "today": date(2025, 3, 2),
    }
    assert rules.log_hours_problem(**base) is None
    assert "gjenstår" in rules.log_hours_problem(**base | {"hours": Decimal(3)})
    assert "avsluttet" in rules.log_hours_problem(**base | {"is_open": False})
    assert "fram i tid" in rules.log_hours_problem(**base | {"day": date(2025, 3, 3)})
    assert "før saken startet" in rules.log_hours_problem(**base | {"day": date(2024, 12, 31)})
    assert "samfunnsstraff" in rules.log_hours_problem(**base | {"kind": CaseKind.EK_FULL})


def test_ek_reporting_at_least_weekly():
    """fsg § 7-4: EK at least once a week; > 7 days since last contact is overdue."""
    start = date(2025, 1, 1)
    assert rules.max_days_between_contacts(CaseKind.EK_FULL) == 7
    assert rules.max_days_between_contacts(CaseKind.EK_FULL, 30) == 7  # never looser
    assert rules.max_days_between_contacts(CaseKind.EK_FULL, 3) == 3
    assert rules.max_days_between_contacts(CaseKind.RK_PROGRAMME) == 14
    assert rules.max_days_between_contacts(CaseKind.PAROLE, 21) == 21
    assert not rules.reporting_overdue(CaseKind.EK_FULL, date(2025, 2, 1), start, date(2025, 2, 8))
    assert rules.reporting_overdue(CaseKind.EK_FULL, date(2025, 2, 1), start, date(2025, 2, 9))
    # No contact yet: counted from the start.
    assert rules.days_since_contact(None, start, date(2025, 1, 10)) == 9


def test_conversion_deadline_three_months_after_execution_period():
    """strl § 52."""
    assert rules.conversion_deadline(date(2025, 5, 1)) == date(2025, 8, 1)
    assert rules.conversion_deadline(date(2025, 11, 30)) == date(2026, 2, 28)


def test_rk_programme_ten_months_from_first_attendance():
    """RK-forskriften § 8: 10 months unless the court set longer."""
    assert rules.rk_execution_end(date(2025, 3, 15)) == date(2026, 1, 15)
    assert rules.rk_execution_end(date(2025, 3, 15), 12) == date(2026, 3, 15)
    assert rules.rk_execution_end(date(2025, 3, 15), 6) == date(2026, 1, 15)


def test_parole_reporting_period():
    """fsg § 3-42: normally 3 months, 1-12."""
    assert rules.parole_reporting_end(date(2025, 1, 10)) == date(2025, 4, 10)
    assert rules.parole_reporting_end(date(2025, 1, 10), 0) == date(2025, 2, 10)
    assert rules.parole_reporting_end(date(2025, 1, 10), 24) == date(2026, 1, 10)


def test_nd_four_phases_in_order():
    """ND-forskriften § 7."""
    assert rules.next_nd_phase("") == NdPhase.IMPLEMENTATION
    assert rules.next_nd_phase(NdPhase.IMPLEMENTATION) == NdPhase.STABILISATION
    assert rules.next_nd_phase(NdPhase.STABILISATION) == NdPhase.RESPONSIBILITY
    assert rules.next_nd_phase(NdPhase.RESPONSIBILITY) == NdPhase.CONTINUATION
    assert rules.next_nd_phase(NdPhase.CONTINUATION) is None


def test_referral_to_court_only_after_tightening_interview_or_conditions():
    """strgjfl § 58 second para."""
    base = {
        "kind": CaseKind.COMMUNITY_SENTENCE,
        "is_open": True,
        "response": BreachResponse.REFERRAL_TO_COURT,
        "earlier": [(BreachResponse.WARNING, date(2025, 2, 1))],
        "day": date(2025, 3, 1),
        "start": date(2025, 1, 1),
        "today": date(2025, 3, 2),
    }
    assert "§ 58" in rules.breach_problem(**base)
    earlier = [(BreachResponse.TIGHTENING_INTERVIEW, date(2025, 2, 1))]
    assert rules.breach_problem(**base | {"earlier": earlier}) is None
    # The new breach must come after the interview ("på nytt bryter").
    later = [(BreachResponse.TIGHTENING_INTERVIEW, date(2025, 3, 2))]
    assert "§ 58" in rules.breach_problem(**base | {"earlier": later})
    # Parole: strgjfl § 44 second para, the same two steps.
    assert "§ 44" in rules.breach_problem(**base | {"kind": CaseKind.PAROLE})
    assert rules.breach_problem(**base | {"response": BreachResponse.TIGHTENING_INTERVIEW}) is None


def test_breach_deadlines():
    decided = date(2025, 3, 3)
    # § 58 first para reaction on a community sentence: 48 hours to appeal (strgjfl § 7 e).
    assert rules.breach_deadline(
        CaseKind.COMMUNITY_SENTENCE, BreachResponse.TIGHTENING_INTERVIEW, decided, None
    ) == (date(2025, 3, 5), "strgjfl § 7 e (48 timer)")
    # Other cases: 7 days.
    assert rules.breach_deadline(CaseKind.PAROLE, BreachResponse.WARNING, decided, None)[0] == (
        date(2025, 3, 10)
    )
    # Referral: the court request within 3 months after the execution period (strl § 52).
    assert rules.breach_deadline(
        CaseKind.COMMUNITY_SENTENCE, BreachResponse.REFERRAL_TO_COURT, decided, date(2025, 6, 1)
    ) == (date(2025, 9, 1), "strl § 52")
    assert rules.breach_deadline(
        CaseKind.PAROLE, BreachResponse.REFERRAL_TO_COURT, decided, None
    ) == (None, "")


def test_hours_text():
    assert rules.hours_text(Decimal("3.5")) == "3,5"
    assert rules.hours_text(Decimal("120.0")) == "120"
    assert rules.hours_text(0) == "0"
