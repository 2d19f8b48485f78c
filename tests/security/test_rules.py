"""The pure rules of the security register, with worked examples and properties."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from varde.security.rules import (
    CAUTION,
    CONFLICT,
    drug_test_problem,
    in_force,
    keep_apart_severity,
    ordered_pair,
    pair_problem,
    period_problem,
    quantity_problem,
    reason_problem,
    result_change_problem,
    shared_groups,
    time_problem,
)

D = date.fromisoformat
TODAY = D("2025-03-10")


def test_a_reason_says_why():
    assert reason_problem("") and reason_problem("   ok   ")
    assert "begrunnelse" in reason_problem("x")
    assert reason_problem("Opplyst av politiet") is None


def test_periods():
    assert period_problem(TODAY, None, TODAY) is None
    assert period_problem(D("2020-01-01"), TODAY, TODAY) is None
    assert period_problem(TODAY + timedelta(days=1), None, TODAY) == (
        "Fra-datoen kan ikke være fram i tid."
    )
    assert period_problem(TODAY, TODAY - timedelta(days=1), TODAY) == (
        "Til-datoen kan ikke være før fra-datoen."
    )


@given(
    st.dates(min_value=D("2000-01-01"), max_value=D("2030-12-31")),
    st.integers(0, 400),
    st.one_of(st.none(), st.integers(0, 400)),
)
def test_in_force_is_inclusive_at_both_ends(start, offset, length):
    end = None if length is None else start + timedelta(days=length)
    day = start + timedelta(days=offset)
    assert in_force(start, end, start)
    assert not in_force(start, end, start - timedelta(days=1))
    assert in_force(start, end, day) == (end is None or day <= end)


def test_time_is_never_ahead():
    now = datetime(2025, 3, 10, 12, 0)
    assert time_problem(now, now) is None
    assert time_problem(now + timedelta(minutes=1), now) == "Tidspunktet kan ikke være fram i tid."


@given(st.integers(1, 10**6), st.integers(1, 10**6))
def test_pairs_are_symmetric(a, b):
    assert ordered_pair(a, b) == ordered_pair(b, a)
    low, high = ordered_pair(a, b)
    assert low <= high and {low, high} == {a, b}
    assert (pair_problem(a, b) is None) == (a != b)


def test_unit_scope_is_a_conflict_department_and_cell_a_caution():
    assert keep_apart_severity("unit") == CONFLICT
    assert keep_apart_severity("department") == CAUTION
    assert keep_apart_severity("cell") == CAUTION


def test_drug_test_substances_only_when_positive():
    assert drug_test_problem("positive", ["cannabis", "cocaine"]) is None
    assert drug_test_problem("negative", []) is None
    assert drug_test_problem("refused", []) is None
    assert drug_test_problem("taken", []) is None
    assert drug_test_problem("positive", []) == "Velg hvilke stoffer prøven var positiv for."
    assert drug_test_problem("negative", ["cannabis"]) == (
        "Stoffer registreres bare når prøven er positiv."
    )
    assert drug_test_problem("positive", ["heroin!"]) == "Ukjent stoff: heroin!."
    assert drug_test_problem("positive", ["ghb", "ghb"])


def test_only_a_pending_test_gets_a_result():
    assert result_change_problem("taken", "positive") is None
    assert result_change_problem("taken", "negative") is None
    assert result_change_problem("negative", "positive") == "Prøven har allerede et resultat."
    assert result_change_problem("taken", "refused")


def test_quantities():
    assert quantity_problem(None, "") is None
    assert quantity_problem(Decimal("2.5"), "grams") is None
    assert quantity_problem(Decimal("0"), "grams") == "Mengden må være større enn null."
    assert quantity_problem(Decimal("3"), "")
    assert quantity_problem(None, "pieces") == "Oppgi mengden når du velger enhet."


def test_shared_groups_are_same_group_only():
    others = [(2, 10), (2, 11), (3, 12), (4, 10)]
    assert shared_groups({10, 11}, others) == {2: {10, 11}, 4: {10}}
    assert shared_groups(set(), others) == {}
