"""Pure rules for progression and placement decision support (rules.md §§ 3, 4; App. A, B).

Every date here derives from the key dates of the sentencing engine
(``varde.sentencing.queries.key_dates_for``): the progression rules only choose between them
or step back a calendar year with the one legal day-arithmetic module
(``varde.sentencing.rules.dates``). Dates in, values out: no ORM, no request, no settings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from varde.organisation.choices import RegionCode
from varde.sentencing.rules.dates import Term, add_months, term_days

LOWER_SECURITY_YEARS = 2  # strgjfl § 11 fourth para: "inntil 2 år"
TRANSITIONAL_YEARS = 1  # strgjfl § 11 fifth para: "inntil 1 år"
REVIEW_MONTHS_BEFORE_PAROLE = 12  # strgjfl § 15 second para: "1 år igjen"
WORKLIST_DAYS = 30  # the worklist looks this many days ahead


class Milestone:
    """The progression milestones (codes) and their Norwegian labels and legal basis."""

    LEAVE = "leave"
    DAY_RELEASE = "day_release"
    LOWER_SECURITY_REVIEW = "lower_security_review"
    EK_PARTIAL = "ek_partial"
    PAROLE = "parole"

    LABELS = {
        LEAVE: (_("Permisjon"), "fsg § 3-30"),
        DAY_RELEASE: (_("Frigang"), "fsg § 3-14"),
        LOWER_SECURITY_REVIEW: (_("Vurdering av lavere sikkerhetsnivå"), "strgjfl § 15"),
        EK_PARTIAL: (_("Delgjennomføring med EK"), "fsg § 7-2"),
        PAROLE: (_("Prøveløslatelse (2/3)"), "strgjfl § 42"),
    }


@dataclass(frozen=True)
class Eligibility:
    """One milestone of a person: from which day they may be considered for it."""

    code: str
    on: date

    @property
    def label(self) -> str:
        return str(Milestone.LABELS[self.code][0])

    @property
    def basis(self) -> str:
        return Milestone.LABELS[self.code][1]

    def reached(self, today: date) -> bool:
        return self.on <= today


def day_release_from(
    leave_from: date, one_third_on: date, *, eligible_from_next_day: bool = True
) -> date:
    """fsg § 3-14 first para: day release (frigang) after 4 months' continuous custody and
    1/3 served: the leave time of fsg § 3-30 fifth para *without* its 12-year rule.

    The leave time is already the later of (the day after 1/3) and (custody + 4 months), but
    for a term over 12 years it is cut to custody + 4 years. Taking the later of the leave
    time and the day after 1/3 undoes only that cut (1/3 of 12 years is far more than
    4 months), so: ``max(leave_from, one_third_on + 1)``.
    """
    after_third = one_third_on + timedelta(days=1 if eligible_from_next_day else 0)
    return max(leave_from, after_third)


def lower_security_review_from(two_thirds_on: date, start: date) -> date:
    """strgjfl § 15 second para: transfer to lower security must be considered when one year
    remains until the person can be paroled: the 2/3 date one calendar year back
    (domstolloven § 148 analogy, 29.02 → 28.02), but never before the admission — with less
    than a year to parole the review is due at once."""
    year_before = add_months(two_thirds_on.toordinal(), -REVIEW_MONTHS_BEFORE_PAROLE)
    return max(start, date.fromordinal(year_before))


def progression_milestones(
    key_dates: Mapping[str, date | None],
    *,
    start: date,
    high_security: bool,
    preventive: bool = False,
    eligible_from_next_day: bool = True,
    outside_prison: bool = False,
) -> list[Eligibility]:
    """The progression milestones of a person in prison, from their key dates (keyed by
    ``sentencing.choices.KeyDateField`` values), sorted by date.

    - leave: the leave time (fsg § 3-30 fifth para); preventive detention: 2/3 of the minimum
      time (forvaringsforskriften § 11), day release likewise (§ 12);
    - day release: :func:`day_release_from` (fsg § 3-14);
    - lower-security review: :func:`lower_security_review_from`, only at high security;
    - partial EK: the engine's date (fsg § 7-2 second para);
    - parole: the day 2/3 is served (strgjfl § 42 first para; released at the earliest the
      day after).
    A milestone without a date (no parole for fine default, for instance) is left out. For a
    person already serving outside prison (EK part-execution or § 16) only leave (fsg § 7-6
    second para) and parole remain: day release, lower security and EK are behind them.
    """
    found: list[Eligibility] = []
    if preventive:
        minimum = key_dates.get("two_thirds_minimum_served_on")
        if minimum:
            found += [
                Eligibility(Milestone.LEAVE, minimum),
                Eligibility(Milestone.DAY_RELEASE, minimum),
            ]
        return found
    leave, third = key_dates.get("leave_eligible_from"), key_dates.get("one_third_served_on")
    parole, ek = key_dates.get("two_thirds_served_on"), key_dates.get("ek_partial_from")
    if leave:
        found.append(Eligibility(Milestone.LEAVE, leave))
        if third and not outside_prison:
            frigang = day_release_from(leave, third, eligible_from_next_day=eligible_from_next_day)
            found.append(Eligibility(Milestone.DAY_RELEASE, frigang))
    if parole and high_security and not outside_prison:
        found.append(
            Eligibility(Milestone.LOWER_SECURITY_REVIEW, lower_security_review_from(parole, start))
        )
    if ek and not outside_prison:
        found.append(Eligibility(Milestone.EK_PARTIAL, ek))
    if parole:
        found.append(Eligibility(Milestone.PAROLE, parole))
    return sorted(found, key=lambda m: m.on)


def due_within(
    milestones: Iterable[Eligibility], today: date, days: int = WORKLIST_DAYS
) -> list[Eligibility]:
    """The milestones reached from today up to and including ``days`` days ahead."""
    last = today + timedelta(days=days)
    return [m for m in milestones if today <= m.on <= last]


def sentence_at_most(total_days: int, start: date, years: int) -> bool:
    """Whether a term of ``total_days`` from ``start`` is at most ``years`` years, each
    converted from ``start`` by the calendar convention (rules.md § 0.2 point 1)."""
    return total_days <= term_days(start.toordinal(), Term(years=years))


def lower_security_presumption(total_days: int, start: date) -> bool:
    """strgjfl § 11 fourth para: direct placement in a unit with lower security must be
    considered for sentences up to 2 years."""
    return sentence_at_most(total_days, start, LOWER_SECURITY_YEARS)


def transitional_housing_considered(total_days: int, start: date) -> bool:
    """strgjfl § 11 fifth para: direct placement in transitional housing must be considered
    for sentences up to 1 year."""
    return sentence_at_most(total_days, start, TRANSITIONAL_YEARS)


# The service's five regions by the first two digits of the postal code (Posten's ranges
# follow the counties). A documented approximation until the postal-code register is loaded:
# 00-29 Oslo, Akershus, Østfold, Innlandet → øst; 30-39 Buskerud, Vestfold, Telemark → sør;
# 40-49 Rogaland, Agder and 55 Haugesund/Karmøy → sørvest; 50-69 Vestland, Møre og Romsdal
# → vest; 70-99 Trøndelag, Nordland, Troms, Finnmark → nord.
_REGION_BY_PREFIX: tuple[tuple[range, str], ...] = (
    (range(0, 30), RegionCode.OST),
    (range(30, 40), RegionCode.SOR),
    (range(40, 50), RegionCode.SORVEST),
    (range(55, 56), RegionCode.SORVEST),
    (range(50, 70), RegionCode.VEST),
    (range(70, 100), RegionCode.NORD),
)


def region_for_postal_code(postal_code: str) -> str | None:
    """The region (``RegionCode``) of a Norwegian postal code by its first two digits; None
    for an empty or non-Norwegian code. "0150" → øst, "5003" → vest, "5501" → sørvest."""
    code = (postal_code or "").strip()
    if len(code) != 4 or not code.isdigit():
        return None
    prefix = int(code[:2])
    return next(str(region) for digits, region in _REGION_BY_PREFIX if prefix in digits)


def keep_apart(
    own_cases: Iterable[tuple[str, str]], others: Iterable[tuple[int, str, str]]
) -> dict[str, set[int]]:
    """Co-defendants to keep apart: of ``others`` (person id, court, case number) those whose
    judgment has the same court and case number as one of the person's own, per case
    ("court case number" → person ids). A simple model; the security issue extends it with
    group affiliation and registered "keep apart" relations."""
    wanted = {(court.strip().casefold(), number.strip().casefold()) for court, number in own_cases}
    found: dict[str, set[int]] = {}
    for person_id, court, number in others:
        if (court.strip().casefold(), number.strip().casefold()) in wanted:
            found.setdefault(f"{court} {number}", set()).add(person_id)
    return found
