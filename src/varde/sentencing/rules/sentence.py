"""Milestones of a fixed prison term (rules.md §§ 0.4, 1, 3, 4): parole, leave and EK dates.

Dates are date ordinals. ``compute_sentence`` is the hot path (plain ints, no trace); the
Norwegian explanation of each date is built separately by ``explain.explain_sentence``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from varde.sentencing.rules.conventions import DEFAULT_CONVENTIONS, Conventions
from varde.sentencing.rules.dates import Term, add_months, fraction_of, term_days

MIN_PAROLE_DAYS = 60  # strgjfl § 42 (1) and (3): "minst 60 dager"
MIN_REMAINING_DAYS = 14  # strgjfl § 42 (1) second sentence: less than 14 days → weighty reasons
LEAVE_CUSTODY_MONTHS = 4  # fsg § 3-30 (5): 4 months' continuous deprivation of liberty
LONG_TERM_YEARS = 12  # fsg § 3-30 (5) third sentence: "lengre straffetid enn fengsel i 12 år"
LONG_TERM_LEAVE_YEARS = 4  # ... ordinary leave after 4 years' continuous execution
EK_MONTHS = 6  # strgjfl § 16 a (1), fsg § 7-2 (1)-(2): up to 6 months
ADULT_AGE = 18  # strgjfl § 16 a (2), fsg § 7-2 (2) and (4): under-18 exceptions

FENGSEL = "fengsel"  # unconditional prison (ubetinget fengsel)
BOT_SUBSIDIAER = "bot_subsidiaer"  # subsidiary prison for an unpaid fine, fsg § 3-2 (3)
REACTIONS = (FENGSEL, BOT_SUBSIDIAER)

# fsg § 7-2 (4) first sentence: strl ch. 26 (sexual offences, §§ 291-320) and these violence
# paragraphs exclude EK outright; the second sentence lists conditional exclusions (EK allowed
# unless the act was against a child or a co-habitant, or there are similar earlier convictions).
EK_ABSOLUTE_VIOLENCE = frozenset({274, 275, 277, 279, 281, 282, 283, 284, 285, 286, 288})
EK_SEXUAL_OFFENCES = range(291, 321)  # strl kapittel 26
EK_CONDITIONAL_VIOLENCE = frozenset({271, 272, 273, 278, 280, 287})
EK_CONDITIONAL_LEDD = frozenset({(276, 2)})  # sentence set under strl § 276 second para

OFFENCE_PATTERN = re.compile(
    r"^(?P<law>[a-z]+)-(?P<section>\d{1,4})(?P<letter>[a-z]?)(?:-(?P<ledd>\d{1,2}))?$"
)


class SentenceDates(NamedTuple):
    """The milestones of one sentence. Dates are ordinals; None where the contract says null."""

    total_days: int
    end_of_sentence: int
    one_third: int
    two_thirds: int | None
    parole_ordinary: bool
    half: int | None
    leave_eligible_from: int
    ek_partial_from: int | None
    ek_full_possible: bool


def two_thirds_days(total: int, conv: Conventions = DEFAULT_CONVENTIONS) -> int:
    """strgjfl § 42 (1): parole after 2/3 of the term and at least 60 days, remand included."""
    return max(fraction_of(total, 2, 3, conv.fraction_rounding), MIN_PAROLE_DAYS)


def half_days(total: int, conv: Conventions = DEFAULT_CONVENTIONS) -> int:
    """strgjfl § 42 (3): parole for special reasons after 1/2 and at least 60 days served."""
    return max(fraction_of(total, 1, 2, conv.fraction_rounding), MIN_PAROLE_DAYS)


def one_third_days(total: int, conv: Conventions = DEFAULT_CONVENTIONS) -> int:
    """fsg § 3-30 (5), § 3-14 (1), § 7-2 (2): at least 1/3 of the term served (no day floor)."""
    return fraction_of(total, 1, 3, conv.fraction_rounding)


def parole_possible(milestone_days: int, total: int, reaction: str = FENGSEL) -> bool:
    """strgjfl § 42 (1) and (3); fsg § 3-2 (3): a parole milestone exists only inside the term.

    It does not when the 60-day floor reaches the end (a term of 60 days or less), nor for
    subsidiary prison for an unpaid fine, which is always served in full.
    """
    return milestone_days < total and reaction != BOT_SUBSIDIAER


def parole_ordinary(total: int, milestone_days: int) -> bool:
    """strgjfl § 42 (1) second sentence: at least 14 days must remain after 2/3-parole.

    Otherwise parole needs weighty reasons (tungtveiende grunner): 74 days is the shortest
    term with ordinary parole (60 served + 14 remaining), rules.md § 1.4.
    """
    return total - milestone_days >= MIN_REMAINING_DAYS


def is_long_term(start: int, total: int, conv: Conventions = DEFAULT_CONVENTIONS) -> bool:
    """fsg § 3-30 (5) third sentence: "lengre straffetid enn fengsel i 12 år".

    Read as T greater than a 12-year term from the same ``start`` converted by the same
    convention (calendar: the days from ``start`` to ``start`` + 12 years).
    """
    if total <= 365 * LONG_TERM_YEARS and conv.term_conversion == "calendar":
        return False  # 12 calendar years always hold more than 4 380 days
    return total > term_days(start, Term(years=LONG_TERM_YEARS), conv)


def leave_eligible_from(
    start: int,
    total: int,
    one_third_on: int,
    custody_from: int,
    conv: Conventions = DEFAULT_CONVENTIONS,
) -> int:
    """fsg § 3-30 (5): ordinary leave after 4 months' continuous custody and 1/3 served.

    The later of (the day after 1/3 is served) and (``custody_from`` + 4 months); for a term
    longer than 12 years, no later than ``custody_from`` + 4 years.
    """
    after_third = one_third_on + 1 if conv.eligible_from_next_day else one_third_on
    if after_third >= custody_from + 123:  # 4 months never exceed 123 days
        eligible = after_third
    else:
        eligible = max(
            after_third, add_months(custody_from, LEAVE_CUSTODY_MONTHS, conv.month_overflow)
        )
    if is_long_term(start, total, conv):
        four_years = add_months(custody_from, 12 * LONG_TERM_LEAVE_YEARS, conv.month_overflow)
        eligible = min(eligible, four_years)
    return eligible


def ek_partial_from(
    start: int,
    one_third_on: int,
    two_thirds_on: int | None,
    under_18: bool = False,
    conv: Conventions = DEFAULT_CONVENTIONS,
) -> int | None:
    """fsg § 7-2 (2): partial EK for up to 6 months before expected release, not before 1/3.

    Expected release is the day after the 2/3 date; none without a parole date. Under 18 (and
    permanently unfit, not modelled) neither the 1/3 nor the 6-month limit applies: ``start``.
    """
    if two_thirds_on is None:
        return None
    if under_18:
        return start
    if conv.eligible_from_next_day:
        after_third, release = one_third_on + 1, two_thirds_on + 1
    else:
        after_third, release = one_third_on, two_thirds_on
    if after_third >= release - 181:  # 6 months are never shorter than 181 days
        return after_third
    return max(after_third, add_months(release, -EK_MONTHS, conv.month_overflow))


def parse_offence(code: str) -> tuple[str, int, str, int | None] | None:
    """An offence code "strl-271" (or "strl-276-2" for a ledd) as (law, §, letter, ledd)."""
    match = OFFENCE_PATTERN.match(code)
    if match is None:
        return None
    ledd = match["ledd"]
    return match["law"], int(match["section"]), match["letter"], int(ledd) if ledd else None


def ek_offence_exclusion(code: str) -> str | None:
    """fsg § 7-2 (4): "absolute", "conditional" or None for one offence code.

    Absolute: strl ch. 26 (§§ 291-320) and §§ 274, 275, 277, 279, 281-286, 288. Conditional:
    §§ 271-273, 278, 280, 287 and a sentence set under § 276 second para ("strl-276-2").
    """
    parsed = parse_offence(code)
    if parsed is None or parsed[0] != "strl":
        return None
    _, section, letter, ledd = parsed
    if section in EK_SEXUAL_OFFENCES:
        return "absolute"
    if letter:
        return None
    if section in EK_ABSOLUTE_VIOLENCE:
        return "absolute"
    if section in EK_CONDITIONAL_VIOLENCE or (section, ledd) in EK_CONDITIONAL_LEDD:
        return "conditional"
    return None


def ek_full_possible(
    start: int,
    total: int,
    reaction: str = FENGSEL,
    under_18: bool = False,
    offences: Sequence[str] = (),
    conv: Conventions = DEFAULT_CONVENTIONS,
) -> bool:
    """strgjfl § 16 a (1)-(2), fsg § 7-2 (1) and (4): whole sentence on EK (helgjennomføring).

    Only unconditional prison ("fengsel") of up to 6 months (T at most the days from ``start``
    to ``start`` + 6 months) and no absolutely excluded offence. Under 18 neither the 6-month
    limit nor the offence exclusions apply. Conditional exclusions do not make this false.
    """
    if reaction != FENGSEL:
        return False
    if under_18:
        return True
    if conv.term_conversion == "calendar" and total <= 181:
        pass  # 6 calendar months are never shorter than 181 days
    elif total > term_days(start, Term(months=EK_MONTHS), conv):
        return False
    return not any(ek_offence_exclusion(code) == "absolute" for code in offences)


def ek_conditional_offences(offences: Sequence[str]) -> tuple[str, ...]:
    """fsg § 7-2 (4) second sentence: the offences that exclude EK only in some cases."""
    return tuple(code for code in offences if ek_offence_exclusion(code) == "conditional")


def compute_sentence(
    start: int,
    total: int,
    credited: int = 0,
    non_counting: int = 0,
    custody_from: int | None = None,
    reaction: str = FENGSEL,
    under_18: bool = False,
    offences: Sequence[str] = (),
    conv: Conventions = DEFAULT_CONVENTIONS,
) -> SentenceDates:
    """fsg §§ 3-2, 3-3, 3-30, 7-2; strgjfl §§ 16 a, 42: every milestone of one prison term.

    ``start`` and ``custody_from`` are date ordinals; ``total`` is T in days (see
    ``dates.term_days``); ``credited`` counts as served; ``non_counting`` shifts every date.

    This is the hot path (≥ 100 000 sentences a second): the rule functions above are inlined
    for the default rounding. ``recalc.recalculate_sentence`` composes the same rules one by
    one, and a property test holds the two equal.
    """
    base = start - credited + non_counting - (1 if conv.start_is_day_one else 0)
    if conv.fraction_rounding == "ceil":
        m13 = -(-total // 3)
        m23 = -(-2 * total // 3)
        m12 = -(-total // 2)
        if m23 < MIN_PAROLE_DAYS:
            m23 = MIN_PAROLE_DAYS
        if m12 < MIN_PAROLE_DAYS:
            m12 = MIN_PAROLE_DAYS
    else:
        m13, m23, m12 = (
            one_third_days(total, conv),
            two_thirds_days(total, conv),
            half_days(total, conv),
        )
    one_third_on = base + m13
    fine = reaction == BOT_SUBSIDIAER
    if m23 < total and not fine:
        two_thirds_on: int | None = base + m23
        ordinary = total - m23 >= MIN_REMAINING_DAYS
    else:
        two_thirds_on, ordinary = None, False
    half_on = base + m12 if m12 < total and not fine else None
    return _new_dates(
        SentenceDates,
        (
            total,
            base + total,
            one_third_on,
            two_thirds_on,
            ordinary,
            half_on,
            leave_eligible_from(
                start, total, one_third_on, start if custody_from is None else custody_from, conv
            ),
            ek_partial_from(start, one_third_on, two_thirds_on, under_18, conv),
            ek_full_possible(start, total, reaction, under_18, offences, conv),
        ),
    )


_new_dates = tuple.__new__  # builds the NamedTuple without its Python-level __new__
