"""Helpers for the sentencing tests: ISO strings in, ISO strings out."""

from __future__ import annotations

from datetime import date

from varde.sentencing.rules.conventions import DEFAULT_CONVENTIONS, Conventions
from varde.sentencing.rules.dates import Term, term_days
from varde.sentencing.rules.sentence import FENGSEL, SentenceDates, compute_sentence

DATE_FIELDS = (
    "end_of_sentence",
    "one_third",
    "two_thirds",
    "half",
    "leave_eligible_from",
    "ek_partial_from",
)


def o(text: str) -> int:
    """The ordinal of an ISO date."""
    return date.fromisoformat(text).toordinal()


def iso(ordinal: int | None) -> str | None:
    return None if ordinal is None else date.fromordinal(ordinal).isoformat()


def readable(dates: SentenceDates) -> dict[str, object]:
    """SentenceDates with ISO strings in place of ordinals."""
    return {k: iso(v) if k in DATE_FIELDS else v for k, v in dates._asdict().items()}


def sentence(
    start: str,
    *,
    years: int = 0,
    months: int = 0,
    days: int = 0,
    credited: int = 0,
    non_counting: int = 0,
    custody_from: str | None = None,
    reaction: str = FENGSEL,
    under_18: bool = False,
    offences: tuple[str, ...] = (),
    conv: Conventions = DEFAULT_CONVENTIONS,
) -> dict[str, object]:
    """compute_sentence on a term given in years/months/days, dates as ISO strings."""
    begin = o(start)
    total = term_days(begin, Term(years, months, days), conv)
    dates = compute_sentence(
        begin,
        total,
        credited,
        non_counting,
        None if custody_from is None else o(custody_from),
        reaction,
        under_18,
        offences,
        conv,
    )
    return readable(dates)
