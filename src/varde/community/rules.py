"""Pure rules for execution in the community: hours, reporting duty, breach deadlines and
programme periods. Plain values in, plain values out; no ORM, no request, no settings.

Each ``*_problem`` function returns ``None`` when the step is allowed, or the reason it is
refused, in Norwegian, saying what to do instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from varde.community.choices import BreachResponse, CaseKind, NdPhase
from varde.sentencing.rules.dates import add_months

# fsg § 7-4 (EK: at least once a week); fsg § 3-8 (§ 16 at home: weekly);
# RK-forskriften § 6 (individual conversations as far as possible every 14 days).
MAX_DAYS_BETWEEN_CONTACTS: dict[str, int] = {
    CaseKind.EK_FULL: 7,
    CaseKind.EK_PARTIAL: 7,
    CaseKind.AT_HOME: 7,
    CaseKind.RK_PROGRAMME: 14,
}
# Fallback for kinds where the office sets the frequency (parole, community sentence, ND).
DEFAULT_DAYS_BETWEEN_CONTACTS = 14
RK_MONTHS = 10  # RK-forskriften § 8
PAROLE_REPORTING_MONTHS = 3  # fsg § 3-42 second para: normally 3 months (1-12)
CONVERSION_MONTHS = 3  # strl § 52: request within 3 months after the execution period
APPEAL_HOURS_BREACH = 48  # strgjfl § 7 letter e: 48 hours for § 58 first para reactions
APPEAL_DAYS = 7  # strgjfl § 7 letter e: 7 days otherwise
ND_PHASES = (
    NdPhase.IMPLEMENTATION,
    NdPhase.STABILISATION,
    NdPhase.RESPONSIBILITY,
    NdPhase.CONTINUATION,
)
FIRST_STEP_RESPONSES = frozenset(
    {BreachResponse.TIGHTENING_INTERVIEW, BreachResponse.NEW_CONDITIONS}
)


def _plus_months(day: date, months: int) -> date:
    return date.fromordinal(add_months(day.toordinal(), months))


# --- hours -----------------------------------------------------------------------------------


def hours_text(value: Decimal | int) -> str:
    """Hours as Norwegians write them: 3,5 and 120 (no trailing ,0)."""
    text = f"{Decimal(value):.1f}".replace(".", ",")
    return text.removesuffix(",0")


def hours_remaining(ordered: int, performed: Decimal) -> Decimal:
    """strl § 49 a; strgjfl § 16 b: the hours ordered less those performed (never below 0)."""
    return max(Decimal(ordered) - performed, Decimal(0))


def expected_hours(ordered: int, start: date, end: date, today: date) -> Decimal:
    """The hours that should be done by ``today`` if spread evenly over the execution period
    (strl § 49 c: the hours are to be performed within the execution period)."""
    total = (end - start).days
    if total <= 0 or today >= end:
        return Decimal(ordered)
    elapsed = max((today - start).days, 0)
    return (Decimal(ordered) * elapsed / total).quantize(Decimal("0.1"))


def hours_on_track(ordered: int, performed: Decimal, start: date, end: date, today: date) -> bool:
    """Whether the hours performed keep pace with the execution period (strl § 49 c)."""
    return performed >= expected_hours(ordered, start, end, today)


def log_hours_problem(
    *,
    kind: str,
    is_open: bool,
    ordered: int | None,
    performed: Decimal,
    hours: Decimal,
    day: date,
    start: date,
    today: date,
) -> str | None:
    """strl § 49 a; strgjfl § 16 b; fsg § 8-2: hours are logged on an open case with hours
    ordered, for a day in the execution, and never beyond the hours ordered."""
    if not is_open:
        return _("Saken er avsluttet. Timer kan ikke føres på en avsluttet sak.")
    if kind not in (CaseKind.COMMUNITY_SENTENCE, CaseKind.FINE_SERVICE) or not ordered:
        return _("Timer føres bare for samfunnsstraff og bøtetjeneste med idømte timer.")
    if hours <= 0 or hours > 24:
        return _("Oppgi mellom 0,5 og 24 timer for én dag.")
    if day > today:
        return _("Datoen kan ikke være fram i tid.")
    if day < start:
        return _("Datoen er før saken startet (%(start)s).") % {"start": f"{start:%d.%m.%Y}"}
    left = hours_remaining(ordered, performed)
    if hours > left:
        return _("Bare %(left)s av %(ordered)s timer gjenstår. Kontroller antall timer.") % {
            "left": hours_text(left),
            "ordered": ordered,
        }
    return None


# --- reporting duty --------------------------------------------------------------------------


def max_days_between_contacts(kind: str, set_by_office: int | None = None) -> int:
    """fsg § 7-4 (EK at least weekly), fsg § 3-8 (§ 16 weekly), RK-forskriften § 6 (every
    14 days); otherwise what the office set (fsg § 3-42 for parole), else 14 days. The office
    may set a closer frequency, never a looser one than the law's."""
    legal = MAX_DAYS_BETWEEN_CONTACTS.get(kind)
    if set_by_office and legal:
        return min(set_by_office, legal)
    return set_by_office or legal or DEFAULT_DAYS_BETWEEN_CONTACTS


def days_since_contact(last_contact: date | None, start: date, today: date) -> int:
    """Days since the last attended contact (or since the case started, if none yet)."""
    return (today - (last_contact or start)).days


def reporting_overdue(
    kind: str, last_contact: date | None, start: date, today: date, every: int | None = None
) -> bool:
    """Whether more days have passed since the last contact than the duty allows."""
    return days_since_contact(last_contact, start, today) > max_days_between_contacts(kind, every)


def reporting_problem(*, is_open: bool, day: date, start: date, today: date) -> str | None:
    if not is_open:
        return _("Saken er avsluttet. Oppmøte kan ikke registreres på en avsluttet sak.")
    if day > today:
        return _("Datoen kan ikke være fram i tid.")
    if day < start:
        return _("Datoen er før saken startet (%(start)s).") % {"start": f"{start:%d.%m.%Y}"}
    return None


# --- periods ---------------------------------------------------------------------------------


def conversion_deadline(execution_ends: date) -> date:
    """strl § 52 (cf. strgjfl § 58 second para): a request to convert a community sentence
    must be brought within 3 months after the execution period ends."""
    return _plus_months(execution_ends, CONVERSION_MONTHS)


def rk_execution_end(first_attendance: date, court_months: int | None = None) -> date:
    """RK-forskriften § 8: 10 months from the first attendance unless the court set longer."""
    return _plus_months(first_attendance, max(court_months or 0, RK_MONTHS))


def parole_reporting_end(first_attendance: date, months: int = PAROLE_REPORTING_MONTHS) -> date:
    """fsg § 3-42 second para: normally 3 months, at most 12, never under 1, from the first
    attendance at the probation office."""
    return _plus_months(first_attendance, min(max(months, 1), 12))


def next_nd_phase(current: str) -> str | None:
    """ND-forskriften § 7: the four phases follow in order; the court decides each step."""
    if not current:
        return ND_PHASES[0]
    index = ND_PHASES.index(NdPhase(current))
    return ND_PHASES[index + 1] if index + 1 < len(ND_PHASES) else None


# --- breaches --------------------------------------------------------------------------------


def breach_problem(
    *,
    kind: str,
    is_open: bool,
    response: str,
    earlier_responses: Iterable[str],
    day: date,
    start: date,
    today: date,
) -> str | None:
    """strgjfl § 58 second para (and § 44 second para for parole): the case goes to court
    only after a tightening interview or new conditions have not stopped new breaches."""
    if not is_open:
        return _("Saken er avsluttet. Brudd kan ikke registreres på en avsluttet sak.")
    if day > today:
        return _("Datoen kan ikke være fram i tid.")
    if day < start:
        return _("Datoen er før saken startet (%(start)s).") % {"start": f"{start:%d.%m.%Y}"}
    if response == BreachResponse.REFERRAL_TO_COURT and not (
        FIRST_STEP_RESPONSES & set(earlier_responses)
    ):
        return _(
            "Saken kan bringes inn for retten først etter innskjerpingssamtale eller nye "
            "vilkår (straffegjennomføringsloven § 58 annet ledd). Velg en av dem først."
        )
    return None


def breach_deadline(
    kind: str, response: str, decided_on: date, execution_ends: date | None
) -> tuple[date | None, str]:
    """The deadline that follows from the response, and its legal basis.

    - Referral to court of a community sentence: the request must reach the court within
      3 months after the execution period (strl § 52).
    - Referral in other cases: no deadline in the law; no appeal (strgjfl § 7 letter f).
    - Warning, tightening interview, new conditions: the appeal deadline, 48 hours for
      reactions under strgjfl § 58 first para (community sentence), else 7 days (§ 7 e).
    """
    if response == BreachResponse.REFERRAL_TO_COURT:
        if kind == CaseKind.COMMUNITY_SENTENCE and execution_ends is not None:
            return conversion_deadline(execution_ends), "strl § 52"
        return None, ""
    if kind == CaseKind.COMMUNITY_SENTENCE:
        return decided_on + timedelta(days=APPEAL_HOURS_BREACH // 24), "strgjfl § 7 e (48 timer)"
    return decided_on + timedelta(days=APPEAL_DAYS), "strgjfl § 7 e (7 dager)"
