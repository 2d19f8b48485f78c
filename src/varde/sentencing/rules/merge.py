"""Several sentences served together as one term (fsg § 3-2 first para; rules.md § 2.1).

Norwegian law has no concurrent running of prison sentences: when a convicted person is to
serve several sentences, "legges den samlede straffetid til grunn for beregningen og straffene
gjennomføres i sammenheng" — the terms are added and served as one continuous term with one end
date and one parole date. Whether a sentence arrives before committal or during execution, it
joins the same total counted from the first committal day.
"""

from __future__ import annotations

from collections.abc import Sequence

from varde.sentencing.rules.conventions import DEFAULT_CONVENTIONS, Conventions
from varde.sentencing.rules.dates import Term, term_days


def merge_terms(terms: Sequence[Term]) -> Term:
    """fsg § 3-2 (1) third sentence: the total term, component by component.

    8 months + 4 months = 0 years 12 months (one year from the start); 1 year 2 months +
    6 months 10 days = 1 year 8 months 10 days. Components are added before the calendar
    conversion, so the order of the sentences never matters and month ends are clipped once.
    """
    if not terms:
        raise ValueError("at least one term is needed")
    return Term(
        sum(term.years for term in terms),
        sum(term.months for term in terms),
        sum(term.days for term in terms),
    )


def merged_total_days(
    start: int, terms: Sequence[Term], conv: Conventions = DEFAULT_CONVENTIONS
) -> int:
    """fsg § 3-2 (1): T of the sentences served together from ``start`` (a date ordinal)."""
    return term_days(start, merge_terms(terms), conv)
