"""Hypothesis properties of the sentence rules, checked against independent oracles."""

from __future__ import annotations

import calendar
import itertools
import math
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from varde.sentencing.rules.conventions import Conventions
from varde.sentencing.rules.dates import Term, add_months, fraction_of, served_on, term_days
from varde.sentencing.rules.recalc import OTHER_CUSTODY, NonCountingPeriod, recalculate_sentence
from varde.sentencing.rules.remand import remand_credit
from varde.sentencing.rules.sentence import FENGSEL, REACTIONS, SentenceDates, compute_sentence

DATE_FIELDS = (
    "end_of_sentence",
    "one_third",
    "two_thirds",
    "half",
    "leave_eligible_from",
    "ek_partial_from",
)

starts = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)).map(date.toordinal)
terms = st.one_of(
    st.builds(Term, st.just(0), st.just(0), st.integers(1, 400)),
    st.builds(Term, st.integers(0, 25), st.integers(1, 11), st.just(0)),
    st.builds(Term, st.integers(1, 30), st.just(0), st.just(0)),
)
conventions = st.builds(
    Conventions,
    month_overflow=st.sampled_from(["clip", "roll"]),
    fraction_rounding=st.sampled_from(["ceil", "floor", "half_up"]),
    eligible_from_next_day=st.booleans(),
)


def dates_of(result: SentenceDates) -> list[int | None]:
    return [getattr(result, name) for name in DATE_FIELDS]


@given(starts, terms, st.integers(0, 2000), st.integers(0, 500), st.sampled_from(REACTIONS))
def test_milestones_are_ordered(
    start: int, term: Term, credit: int, skip: int, reaction: str
) -> None:
    total = term_days(start, term)
    result = compute_sentence(start, total, credit % total, skip, None, reaction)
    assert result.one_third <= result.end_of_sentence
    if result.half is not None:
        assert result.one_third <= result.half
        assert result.two_thirds is not None
        assert result.half <= result.two_thirds < result.end_of_sentence
    if result.two_thirds is None:
        assert result.ek_partial_from is None
        assert result.parole_ordinary is False


@given(starts, terms, st.integers(0, 2000), st.integers(0, 2000), st.integers(0, 300), conventions)
def test_more_credit_never_moves_a_date_later(
    start: int, term: Term, a: int, b: int, skip: int, conv: Conventions
) -> None:
    total = term_days(start, term, conv)
    less, more = sorted((a % total, b % total))
    before = compute_sentence(start, total, less, skip, None, FENGSEL, False, (), conv)
    after = compute_sentence(start, total, more, skip, None, FENGSEL, False, (), conv)
    for x, y in zip(dates_of(before), dates_of(after), strict=True):
        assert (x is None) == (y is None)
        if x is not None and y is not None:
            assert y <= x


@given(starts, terms, st.integers(0, 300), st.integers(0, 300), st.integers(0, 99))
def test_more_non_counting_days_never_moves_a_date_earlier(
    start: int, term: Term, a: int, b: int, credit: int
) -> None:
    total = term_days(start, term)
    fewer, more = sorted((a, b))
    before = compute_sentence(start, total, credit % total, fewer)
    after = compute_sentence(start, total, credit % total, more)
    for x, y in zip(dates_of(before), dates_of(after), strict=True):
        if x is not None and y is not None:
            assert y >= x


@given(
    starts, st.integers(1, 20000), st.integers(1, 20000), st.integers(0, 500), st.integers(0, 500)
)
def test_date_of_is_monotone(start: int, k1: int, k2: int, credit: int, skip: int) -> None:
    low, high = sorted((k1, k2))
    assert served_on(start, low, credit, skip) <= served_on(start, high, credit, skip)
    assert served_on(start, high, credit, skip) - served_on(start, low, credit, skip) == high - low


@given(st.integers(0, 100_000), st.sampled_from([(1, 3), (1, 2), (2, 3)]))
def test_fractions_match_exact_rational_rounding(total: int, fraction: tuple[int, int]) -> None:
    exact = Fraction(total * fraction[0], fraction[1])
    assert fraction_of(total, *fraction, "ceil") == math.ceil(exact)
    assert fraction_of(total, *fraction, "floor") == math.floor(exact)
    assert fraction_of(total, *fraction, "half_up") == math.floor(exact + Fraction(1, 2))


@given(st.dates(min_value=date(1850, 1, 1), max_value=date(2450, 12, 31)), st.integers(-600, 600))
def test_add_months_against_the_calendar_module(start: date, months: int) -> None:
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    expected = date(year, month + 1, min(start.day, last))
    assert add_months(start.toordinal(), months) == expected.toordinal()
    rolled = date(year, month + 1, last) + timedelta(days=1) if start.day > last else expected
    assert add_months(start.toordinal(), months, "roll") == rolled.toordinal()


@settings(max_examples=300)
@given(starts, terms, st.integers(0, 2000), st.integers(0, 80), conventions, st.booleans())
def test_hot_path_equals_the_composed_rules(
    start: int, term: Term, credit: int, age_gap: int, conv: Conventions, under_18: bool
) -> None:
    total = term_days(start, term, conv)
    custody = start - age_gap
    hot = compute_sentence(start, total, credit % total, 0, custody, FENGSEL, under_18, (), conv)
    composed, _, _ = recalculate_sentence(
        start, total, credit % total, [], custody, FENGSEL, under_18, (), conv
    )
    assert hot == composed


@given(starts, terms, st.integers(1, 200))
def test_a_detention_period_from_day_one_shifts_like_non_counting_days(
    start: int, term: Term, days: int
) -> None:
    total = term_days(start, term)
    period = NonCountingPeriod(start, start + days - 1, OTHER_CUSTODY)
    recalculated, _, _ = recalculate_sentence(start, total, 0, [period])
    assert recalculated == compute_sentence(start, total, 0, days)


@given(st.lists(st.integers(1, 30 * 86400), min_size=1, max_size=5), st.integers(0, 10))
def test_remand_credit_grows_with_custody_and_splitting_touching_periods_changes_nothing(
    lengths: list[int], extra: int
) -> None:
    edges = [0]
    for length in lengths:
        edges.append(edges[-1] + length)
    pieces = list(itertools.pairwise(edges))
    whole = remand_credit([(0, edges[-1])])
    assert remand_credit(pieces) == whole
    assert remand_credit([(0, edges[-1] + extra * 3600)]).base_days >= whole.base_days
