"""Rules for partner agencies and release planning: consent in force (given, until, withdrawn
from the moment), what a disclosure lacks, the 90-day horizon, the under-25 coordination duty
of strgjfl § 41 and when a checklist is complete."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from varde.reintegration import rules

AT = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def test_consent_runs_from_given_day_to_valid_until_inclusive():
    kwargs = {"given_on": date(2026, 3, 1), "valid_until": date(2026, 3, 10), "withdrawn_at": None}
    assert rules.consent_in_force(**kwargs, at=AT)
    assert not rules.consent_in_force(**kwargs, at=AT + timedelta(days=1))
    assert not rules.consent_in_force(**kwargs, at=datetime(2026, 2, 28, 23, 0, tzinfo=UTC))


def test_withdrawal_ends_consent_from_that_moment():
    kwargs = {"given_on": date(2026, 3, 1), "valid_until": None}
    withdrawn = AT + timedelta(minutes=5)
    assert rules.consent_in_force(**kwargs, withdrawn_at=withdrawn, at=AT)
    assert not rules.consent_in_force(**kwargs, withdrawn_at=withdrawn, at=withdrawn)
    assert not rules.consent_in_force(**kwargs, withdrawn_at=withdrawn, at=AT + timedelta(hours=1))


@given(
    given_on=st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    days=st.integers(0, 400),
    offset=st.integers(-400, 400),
)
def test_consent_never_holds_outside_its_period(given_on, days, offset):
    valid_until = given_on + timedelta(days=days)
    at = datetime.combine(given_on + timedelta(days=offset), datetime.min.time(), tzinfo=UTC)
    held = rules.consent_in_force(
        given_on=given_on, valid_until=valid_until, withdrawn_at=None, at=at
    )
    assert held == (0 <= offset <= days)


def test_disclosure_problem_names_what_is_missing():
    assert rules.uncovered_categories(["plan", "release_date"], ["plan"]) == ["release_date"]
    assert rules.disclosure_problem(["plan"], []) is None
    assert "samtykke" in rules.disclosure_problem(["plan"], ["planen"])
    assert rules.disclosure_problem([], []) is not None


def test_consent_problem():
    today = date(2026, 3, 10)
    assert rules.consent_problem(["plan"], given_on=today, valid_until=None, today=today) is None
    assert rules.consent_problem([], given_on=today, valid_until=None, today=today)
    assert rules.consent_problem(
        ["plan"], given_on=today + timedelta(days=1), valid_until=None, today=today
    )
    assert rules.consent_problem(
        ["plan"], given_on=today, valid_until=today - timedelta(days=1), today=today
    )


@given(st.integers(-30, 200))
def test_release_horizon_is_ninety_days(days):
    today = date(2026, 3, 10)
    assert rules.releases_within(today + timedelta(days=days), today) == (0 <= days <= 90)


def test_release_horizon_without_a_date():
    assert not rules.releases_within(None, date(2026, 3, 10))


@given(st.dates(date(1990, 1, 1), date(2010, 12, 31)))
def test_coordination_duty_is_under_25_on_the_planning_day(born):
    today = date(2026, 3, 10)
    twenty_fifth = date(
        born.year + 25, born.month, born.day if (born.month, born.day) != (2, 29) else 28
    )
    assert rules.coordination_duty_applies(born, today) == (today < twenty_fifth)


def test_coordination_duty_worked_examples():
    today = date(2026, 3, 10)
    assert rules.coordination_duty_applies(date(2001, 3, 11), today)  # 24, turns 25 tomorrow
    assert not rules.coordination_duty_applies(date(2001, 3, 10), today)  # 25 today
    assert rules.coordination_duty_applies(None, today)


def test_coordination_problem():
    assert rules.coordination_problem(duty=False, consent="not_asked", coordinator="") is None
    assert "§ 41" in rules.coordination_problem(duty=True, consent="not_asked", coordinator="")
    assert rules.coordination_problem(duty=True, consent="consented", coordinator="")
    assert (
        rules.coordination_problem(duty=True, consent="consented", coordinator="Kari, NAV") is None
    )
    assert rules.coordination_problem(duty=True, consent="declined", coordinator="") is None


def test_checklist_complete_when_every_item_settled():
    items = [("Bolig", "done"), ("Bankkonto", "not_needed")]
    assert rules.checklist_complete(items, None)
    assert not rules.checklist_complete([*items, ("Inntekt", "in_progress")], None)
    assert rules.open_items([*items, ("Inntekt", "open")]) == ["Inntekt"]
    assert not rules.checklist_complete(items, "mangler koordinator")


def test_nav_notice_needs_consent_and_a_coming_release():
    today = date(2026, 3, 10)
    assert rules.NAV_NOTICE_REQUIRES_CONSENT
    assert set(rules.NAV_NOTICE_CATEGORIES) == {"release_date", "contact"}
    assert rules.nav_notice_problem(release_on=today, today=today, already=False) is None
    assert rules.nav_notice_problem(release_on=None, today=today, already=False)
    assert rules.nav_notice_problem(
        release_on=today - timedelta(days=1), today=today, already=False
    )
    assert rules.nav_notice_problem(release_on=today, today=today, already=True)
