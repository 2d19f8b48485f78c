"""Rule versions by effective date, and the conventions object."""

from __future__ import annotations

from datetime import date

import pytest

from varde.sentencing.rules.conventions import DEFAULT_CONVENTIONS, Conventions
from varde.sentencing.rules.registry import (
    NoRuleInForce,
    RuleRegistry,
    SentenceRuleSet,
    rule_in_force,
    sentence_rules,
)
from varde.sentencing.rules.sentence import compute_sentence


def test_sentence_rules_2025_are_registered() -> None:
    version = rule_in_force("sentence", on=date(2026, 7, 2))
    assert version.version == "2025"
    assert version.in_force_from == date(2024, 12, 1)
    assert isinstance(version.implementation, SentenceRuleSet)
    assert sentence_rules(date(2024, 12, 1)).compute is compute_sentence


def test_nothing_before_the_first_version() -> None:
    with pytest.raises(NoRuleInForce, match="2024-11-30"):
        rule_in_force("sentence", on=date(2024, 11, 30))
    with pytest.raises(NoRuleInForce, match="no rule set named"):
        rule_in_force("isolation", on=date(2026, 1, 1))


def test_the_newest_version_in_force_wins_and_pending_ones_wait() -> None:
    registry = RuleRegistry()
    registry.register("isolation", "current", in_force_from=date(2002, 3, 1), implementation=len)
    registry.register("isolation", "2027", in_force_from=date(2027, 1, 1), implementation=min)
    # Lov 2026-05-12-18 style: adopted, "fra den tid Kongen bestemmer".
    registry.register("isolation", "reform", in_force_from=None, implementation=max)
    assert registry.in_force("isolation", date(2026, 12, 31)).version == "current"
    assert registry.in_force("isolation", date(2027, 1, 1)).version == "2027"
    assert registry.in_force("isolation", date(2099, 1, 1)).version == "2027"
    assert [v.version for v in registry.versions("isolation")] == ["current", "2027", "reform"]


def test_registering_twice_is_an_error() -> None:
    registry = RuleRegistry()
    registry.register("x", "1", in_force_from=date(2020, 1, 1), implementation=len)
    with pytest.raises(ValueError, match="already registered"):
        registry.register("x", "1", in_force_from=date(2021, 1, 1), implementation=len)
    with pytest.raises(ValueError, match="already has a version in force"):
        registry.register("x", "2", in_force_from=date(2020, 1, 1), implementation=len)


def test_conventions_defaults_are_v1() -> None:
    conv = Conventions()
    assert conv == DEFAULT_CONVENTIONS
    assert conv.term_conversion == "calendar"
    assert conv.month_overflow == "clip"
    assert conv.start_is_day_one is True
    assert conv.fraction_rounding == "ceil"
    assert conv.eligible_from_next_day is True
    assert conv.remand_credit_reading == "whole_period"
    assert conv.naive_time_zone == "Europe/Oslo"


def test_conventions_from_overrides() -> None:
    assert Conventions.from_overrides({}) is DEFAULT_CONVENTIONS
    assert Conventions.from_overrides(None) is DEFAULT_CONVENTIONS
    assert Conventions.from_overrides({"fraction_rounding": "floor"}).fraction_rounding == "floor"
    with pytest.raises(ValueError, match="unknown sentence convention"):
        Conventions.from_overrides({"rounding": "floor"})


@pytest.mark.parametrize(
    "overrides",
    [
        {"fraction_rounding": "up"},
        {"term_conversion": "naive"},
        {"month_overflow": "wrap"},
        {"remand_credit_reading": "minus"},
        {"fixed_days_per_month": 0},
        {"fixed_days_per_year": True},
        {"start_is_day_one": "yes"},
        {"naive_time_zone": ""},
    ],
)
def test_conventions_reject_bad_values(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Conventions.from_overrides(overrides)
