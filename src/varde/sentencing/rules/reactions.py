"""Key dates of the reactions that are not a fixed prison term, with their Norwegian trace.

Preventive detention (strl §§ 43-44; forvaringsforskriften §§ 5, 9; rules.md § 5), community
sentence (strl §§ 49, 52, 83; rules.md § 6) and the reactions that only run for an execution
or probation period (RK, ND, fine service, youth sentence; rules.md § 7). Dates are ordinals;
trace entries have the shape of ``explain.explain_sentence``'s.
"""

from __future__ import annotations

from typing import NamedTuple

from varde.sentencing.rules.conventions import DEFAULT_CONVENTIONS, Conventions
from varde.sentencing.rules.dates import Term, add_months, fraction_of, served_on, term_days
from varde.sentencing.rules.explain import TraceEntry, day, describe_term
from varde.sentencing.rules.forvaring import ForvaringDates

CONVERSION_MONTHS = 3  # strl § 52 (3): request within 3 months after the execution period ends


def explain_forvaring(
    start: int,
    frame: Term,
    minimum: Term | None,
    credited: int,
    dates: ForvaringDates,
    conv: Conventions = DEFAULT_CONVENTIONS,
) -> list[TraceEntry]:
    """The trace of ``forvaring.compute_forvaring``'s dates (rules.md Example 5-A)."""
    frame_days = term_days(start, frame, conv)
    credit = (
        f", minus {credited} dager varetektsfradrag (strl § 83 sjette ledd)" if credited else ""
    )
    entries = [
        {
            "field": "time_frame_served_on",
            "rule": "strl § 43 første ledd; forvaringsforskriften § 5",
            "explanation": (
                f"Tidsrammen på {describe_term(frame)} fra {day(start)} er {frame_days} dager"
                f"{credit}. Siste dag: {day(dates.time_frame_served_on)}."
            ),
        },
        {
            "field": "extension_suit_deadline",
            "rule": "strl § 43 første ledd siste punktum",
            "explanation": (
                "Søksmål om forlengelse må reises senest 3 måneder før tidsrammen utløper: "
                f"{day(dates.extension_suit_deadline)} (flyttes etter domstolloven § 148 om "
                "fristen ender på en helgedag)."
            ),
        },
    ]
    if minimum is None or dates.minimum_time_served_on is None:
        entries.append(
            {
                "field": "minimum_time_served_on",
                "rule": "strl § 44",
                "explanation": "Retten har ikke fastsatt minstetid.",
            }
        )
        return entries
    minimum_days = term_days(start, minimum, conv)
    two_thirds = fraction_of(minimum_days, 2, 3, conv.fraction_rounding)
    assert dates.two_thirds_minimum_served_on is not None
    entries += [
        {
            "field": "minimum_time_served_on",
            "rule": "strl § 44 første ledd; forvaringsforskriften § 5",
            "explanation": (
                f"Minstetiden på {describe_term(minimum)} er {minimum_days} dager{credit}. "
                f"Siste dag: {day(dates.minimum_time_served_on)}. Prøveløslatelse er ikke mulig "
                "før minstetiden er ute."
            ),
        },
        {
            "field": "two_thirds_minimum_served_on",
            "rule": "forvaringsforskriften §§ 9, 11, 12",
            "explanation": (
                f"2/3 av minstetiden: {two_thirds} av {minimum_days} dager"
                f"{credit}: {day(dates.two_thirds_minimum_served_on)}. Tidligste overføring til "
                "lavere sikkerhetsnivå, permisjon og frigang."
            ),
        },
    ]
    return entries


class CommunityDates(NamedTuple):
    """Community sentence after remand credit (strl § 83 seventh para)."""

    subsidiary_days: int
    hours: int | None
    execution_days: int
    execution_period_ends_on: int
    conversion_deadline: int


def community_dates(
    start: int,
    subsidiary: Term,
    hours: int | None,
    execution: Term | None,
    credited: int = 0,
    conv: Conventions = DEFAULT_CONVENTIONS,
) -> CommunityDates:
    """strl §§ 49 b-c, 52, 83: subsidiary term, hours and execution period after credit.

    Credit reduces the subsidiary term, and hours and execution period in proportion
    (Example 2.2-B). The law sets no rounding: we round down, in the convicted's favour (⚠️).
    The execution period is the subsidiary term unless the court set one (strl § 49 c).
    """
    sub_days = term_days(start, subsidiary, conv)
    period = term_days(start, execution, conv) if execution else sub_days
    left = max(sub_days - credited, 0)
    if credited and sub_days:
        period = period * left // sub_days
        hours = None if hours is None else hours * left // sub_days
    ends = served_on(start, period, 0, 0, conv.start_is_day_one)
    deadline = add_months(ends, CONVERSION_MONTHS, conv.month_overflow)
    return CommunityDates(left, hours, period, ends, deadline)


def explain_community(
    start: int,
    subsidiary: Term,
    hours: int | None,
    execution: Term | None,
    credited: int,
    dates: CommunityDates,
) -> list[TraceEntry]:
    """The trace of :func:`community_dates`."""
    period_source = (
        f"fastsatt av retten til {describe_term(execution)}"
        if execution
        else f"lik den subsidiære fengselsstraffen ({describe_term(subsidiary)})"
    )
    text = f"Gjennomføringstiden er {period_source}"
    if credited:
        text += (
            f". Varetektsfradraget på {credited} dager trekkes fra den subsidiære straffen "
            f"(nå {dates.subsidiary_days} dager), og timetallet og gjennomføringstiden settes "
            f"ned forholdsmessig (rundet ned): {dates.execution_days} dager"
        )
        if hours is not None:
            text += f", {dates.hours} timer (av {hours})"
    else:
        text += f": {dates.execution_days} dager"
    text += f". Regnet fra og med {day(start)} er siste dag {day(dates.execution_period_ends_on)}."
    return [
        {
            "field": "execution_period_ends_on",
            "rule": "strl § 49 c; strl § 83 sjuende ledd",
            "explanation": text,
        },
        {
            "field": "conversion_deadline",
            "rule": "strl § 52 tredje ledd",
            "explanation": (
                "Begjæring om omgjøring til fengsel må fremmes innen 3 måneder etter at "
                f"gjennomføringstiden er ute: {day(dates.conversion_deadline)}."
            ),
        },
    ]


def period_end(
    start: int,
    period: Term,
    field: str,
    rule: str,
    what: str,
    conv: Conventions = DEFAULT_CONVENTIONS,
) -> tuple[int, TraceEntry]:
    """The last day of a period of ``period`` counted from ``start`` (day 1), and its trace."""
    days = term_days(start, period, conv)
    ends = served_on(start, days, 0, 0, conv.start_is_day_one)
    text = (
        f"{what} på {describe_term(period)} ({days} dager) regnet fra og med {day(start)}: "
        f"siste dag {day(ends)}."
    )
    return ends, {"field": field, "rule": rule, "explanation": text}
