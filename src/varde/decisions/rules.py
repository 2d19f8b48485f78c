"""Pure rules for applications, decisions, appeals and victim notification. Plain values in,
plain values out; no ORM, no request, no settings.

Four groups, each usable on its own by other apps:

1. **Legal deadlines** (domstolloven §§ 148-149, as forvaltningsloven and the courts count
   them): ``deadline_in_days``, ``deadline_in_weeks``, ``deadline_in_months``,
   ``deadline_in_hours`` and the Norwegian holidays they skip; ``appeal_deadline`` for the
   appeal periods of strgjfl § 7 letter e (7 days; 48 hours for breach reactions) and
   forvaltningsloven § 29 (3 weeks). Worked examples::

       appeal_deadline(Thu 10.04.2025 09:00, "strgjfl")  → last day Tue 22.04.2025
           (7 days = Thu 17.04 = Maundy Thursday; Fri 18 Good Friday, Sat 19, Sun 20
           Easter Sunday, Mon 21 Easter Monday: moved to the next working day)
       appeal_deadline(Fri 07.03.2025 14:00, "breach") → Mon 10.03.2025 14:00
           (48 hours; Sunday does not count in the run)
       appeal_deadline(Mon 03.03.2025, "general")      → Mon 24.03.2025 (3 weeks)

2. **Processing deadlines** (behandlingsfrister): a versioned table of days per application
   kind (``DEFAULT_PROCESSING_DEADLINES``; operators add versions in the database) and the
   statutory interim reply after one month (forvaltningsloven § 11 a third para).
3. **Routing** (who decides: strgjfl § 6, fsg § 2-1, forvaringsforskriften § 4, rules.md
   Appendix C) and what a decision must contain (legal basis, reasons, the child's best
   interest).
4. **Victim notification** (strgjfl §§ 7 b, 16, 16 a, 20, 36, 40, 42; strl § 45).

Each ``*_problem`` function returns ``None`` when the step is allowed, or the reason it is
refused, in Norwegian, saying what to do instead.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from varde.decisions.choices import (
    CHANGING_APPEAL_OUTCOMES,
    LEVEL_ORDER,
    AppealOutcome,
    AppealPeriod,
    ApplicationKind,
    Level,
    NoticeEvent,
    Outcome,
)
from varde.organisation.choices import PERSON_EDIT_ROLES, Role, Scope
from varde.sentencing.rules.dates import add_months

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

OSLO = ZoneInfo("Europe/Oslo")

# --- 1. legal deadlines (domstolloven §§ 148-149) --------------------------------------------


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def public_holidays(year: int) -> frozenset[date]:
    """The weekday holidays that stop a deadline: the holy days of helligdagsloven § 2
    (New Year's Day, Maundy Thursday, Good Friday, Easter Monday, Ascension Day, Whit Monday,
    Christmas Day and Boxing Day; Easter and Whit Sunday are Sundays anyway) and the days the
    law puts on a par with them (lov 26. april 1947 nr. 1: 1 and 17 May). Christmas Eve and
    New Year's Eve are ordinary days."""
    easter = easter_sunday(year)
    moving = (-3, -2, 0, 1, 39, 49, 50)  # Maundy Thursday .. Whit Monday
    fixed = ((1, 1), (5, 1), (5, 17), (12, 25), (12, 26))
    return frozenset(
        [easter + timedelta(days=n) for n in moving] + [date(year, m, d) for m, d in fixed]
    )


def is_holiday(day: date) -> bool:
    """A "helgedag" or a day on a par with one: every Sunday and the public holidays."""
    return day.weekday() == 6 or day in public_holidays(day.year)


def is_working_day(day: date) -> bool:
    """Not a Saturday and not a holiday (domstolloven § 149 first para)."""
    return day.weekday() != 5 and not is_holiday(day)


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the next one (domstolloven § 149 first
    para: a deadline ending on a Saturday or holiday runs to the next working day)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def deadline_in_days(start: date, days: int) -> date:
    """domstolloven § 148 first para: the day the deadline starts to run does not count, so
    the last day is ``start + days``; § 149 first para moves it off a Saturday or holiday."""
    return next_working_day(start + timedelta(days=days))


def deadline_in_weeks(start: date, weeks: int) -> date:
    """domstolloven § 148 second para: ends on the same weekday ``weeks`` later (§ 149)."""
    return next_working_day(start + timedelta(weeks=weeks))


def deadline_in_months(start: date, months: int) -> date:
    """domstolloven § 148 second para: ends on the same day of the month ``months`` later, or
    the month's last day when it has no such day (31 Jan + 1 month = 28/29 Feb); § 149."""
    return next_working_day(date.fromordinal(add_months(start.toordinal(), months)))


def _local_naive(at: datetime) -> datetime:
    return at.astimezone(OSLO).replace(tzinfo=None) if at.tzinfo else at


def deadline_in_hours(start_at: datetime, hours: int) -> datetime:
    """domstolloven § 149 second para: in a deadline set in hours, Sundays and holidays do
    not count in its run (Saturdays do). Counted in Oslo wall-clock time; an aware
    ``start_at`` gives an aware answer. The end is not moved off a Saturday: § 149 first para
    is read as applying to deadlines in days (🟡 practice, as the courts count 48 hours)."""
    cursor = _local_naive(start_at)
    remaining = timedelta(hours=hours)
    while True:
        day = cursor.date()
        midnight = datetime.combine(day + timedelta(days=1), time())
        if is_holiday(day):
            cursor = midnight
            continue
        if remaining <= midnight - cursor:
            end = cursor + remaining
            return end.replace(tzinfo=OSLO) if start_at.tzinfo else end
        remaining -= midnight - cursor
        cursor = midnight


APPEAL_DAYS = 7  # strgjfl § 7 letter e
APPEAL_HOURS_BREACH = 48  # strgjfl § 7 letter e: reactions under § 40 (1)-(6) and § 58 (1)
APPEAL_WEEKS_GENERAL = 3  # forvaltningsloven § 29 first para


@dataclass(frozen=True)
class Deadline:
    """When an appeal deadline ends: the last day, and the last moment (end of that day for
    deadlines in days and weeks; the exact hour for deadlines in hours)."""

    last_day: date
    ends_at: datetime
    basis: str

    def text(self) -> str:
        if self.ends_at.time() == time.max.replace(microsecond=0):
            return f"{self.last_day:%d.%m.%Y}"
        return f"{self.ends_at:%d.%m.%Y %H:%M}"


def appeal_deadline(notified_at: datetime, period: str = AppealPeriod.STRGJFL) -> Deadline:
    """The appeal deadline, counted from when the notification of the decision reached the
    party (forvaltningsloven § 29 first para).

    - ``strgjfl``: 7 days for decisions under straffegjennomføringsloven (§ 7 letter e);
    - ``breach``: 48 hours for reactions to breaches under § 40 first to sixth para and
      § 58 first para (§ 7 letter e second and third sentences);
    - ``general``: 3 weeks (forvaltningsloven § 29) where strgjfl § 7 does not apply, e.g.
      decisions on access to personal data (forskrift 2013-09-20-1099 § 11).
    """
    local = _local_naive(notified_at)
    if period == AppealPeriod.BREACH:
        end = deadline_in_hours(local, APPEAL_HOURS_BREACH).replace(tzinfo=OSLO)
        return Deadline(end.date(), end, _("strgjfl. § 7 bokstav e (48 timer)"))
    if period == AppealPeriod.GENERAL:
        last = deadline_in_weeks(local.date(), APPEAL_WEEKS_GENERAL)
        basis = _("forvaltningsloven § 29 (3 uker)")
    else:
        last = deadline_in_days(local.date(), APPEAL_DAYS)
        basis = _("strgjfl. § 7 bokstav e (7 dager)")
    end = datetime.combine(last, time(23, 59, 59), tzinfo=OSLO)
    return Deadline(last, end, basis)


def appeal_in_time(received_at: datetime, deadline: Deadline) -> bool:
    """Whether an appeal received (or posted, forvaltningsloven § 30 first para) at
    ``received_at`` is within the deadline. A late appeal may still be considered
    (forvaltningsloven § 31); the case worker decides and writes why."""
    if received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=OSLO)
    return received_at <= deadline.ends_at


# --- 2. processing deadlines (behandlingsfrister) ------------------------------------------


@dataclass(frozen=True)
class DeadlineVersion:
    """Days to decide an application of ``kind`` received on or after ``valid_from``."""

    kind: str
    days: int
    valid_from: date
    source: str


# The law sets no processing deadline for these applications; it asks for a decision
# "uten ugrunnet opphold" and an interim reply after one month (forvaltningsloven § 11 a).
# The ombudsman found the processing times unlawful in cases 2023/5927, 2024/2972 and
# 2024/3333 (the service's annual report 2024, 4.2.3), and KDI follows processing times up
# with the regions. These defaults are the service level this system measures against until
# KDI sets its own (operators add versions in the database: "Behandlingsfrister"). ⚠️ To be
# confirmed with KDI (rules.md Appendix D).
_V1 = date(2025, 1, 1)
_SOURCE = "Varde standard 2025 (ikke lovfestet; forvaltningsloven § 11 a, Sivilombudet 2024)"
DEFAULT_PROCESSING_DEADLINES: tuple[DeadlineVersion, ...] = (
    # Urgent: health or particularly weighty reasons (strgjfl § 35).
    DeadlineVersion(ApplicationKind.INTERRUPTION, 7, _V1, _SOURCE),
    # A child has the right to at least one visit a month (fsg § 3-28a first para).
    DeadlineVersion(ApplicationKind.CHILD_VISIT, 14, _V1, _SOURCE),
    # Leave is planned weeks ahead; the quota is yearly (fsg § 3-30).
    DeadlineVersion(ApplicationKind.LEAVE, 21, _V1, _SOURCE),
    # The applicant had 3 weeks to apply (fsg § 7-8); the start date is near.
    DeadlineVersion(ApplicationKind.EK, 21, _V1, _SOURCE),
    DeadlineVersion(ApplicationKind.DAY_RELEASE, 30, _V1, _SOURCE),
    DeadlineVersion(ApplicationKind.STUDY, 30, _V1, _SOURCE),
    DeadlineVersion(ApplicationKind.TRANSFER, 30, _V1, _SOURCE),
    DeadlineVersion(ApplicationKind.INSTITUTION, 30, _V1, _SOURCE),
    DeadlineVersion(ApplicationKind.OTHER, 30, _V1, _SOURCE),
)
INTERIM_REPLY_MONTHS = 1  # forvaltningsloven § 11 a third para


def processing_days(
    kind: str, received_on: date, versions: Iterable[DeadlineVersion] = ()
) -> DeadlineVersion:
    """The version in force for ``kind`` on ``received_on``: the latest ``valid_from`` on or
    before it among the defaults and ``versions`` (a stored version wins a tie)."""
    candidates = [
        v
        for v in (*DEFAULT_PROCESSING_DEADLINES, *versions)
        if v.kind == kind and v.valid_from <= received_on
    ]
    if not candidates:
        default = next(v for v in DEFAULT_PROCESSING_DEADLINES if v.kind == kind)
        return default
    return max(candidates, key=lambda v: v.valid_from)  # max keeps the last of equals


def processing_deadline(received_on: date, days: int) -> date:
    """The last day to decide: ``days`` after receipt, counted as legal deadlines are
    (domstolloven §§ 148-149)."""
    return deadline_in_days(received_on, days)


def interim_reply_due(received_on: date) -> date:
    """forvaltningsloven § 11 a third para: an interim reply is due when an application for
    an individual decision cannot be answered within one month of receipt."""
    return deadline_in_months(received_on, INTERIM_REPLY_MONTHS)


def days_overdue(deadline: date, today: date) -> int:
    """Days past the deadline (0 when not passed)."""
    return max((today - deadline).days, 0)


def within_deadline(decided_on: date, deadline: date) -> bool:
    return decided_on <= deadline


def median_days(durations: Sequence[int]) -> float | None:
    """The median processing time in days (None for no cases)."""
    return float(statistics.median(durations)) if durations else None


def share(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` as a percentage with one decimal (None for no cases)."""
    return round(100 * part / whole, 1) if whole else None


# --- 3. routing and the content of a decision ---------------------------------------------

FIRST_INSTANCE_APPEAL_OUTCOMES = CHANGING_APPEAL_OUTCOMES | {AppealOutcome.DISMISSED}


def level_rank(level: str) -> int:
    return LEVEL_ORDER.index(Level(level))


def superior(level: str) -> str:
    """The next level up (forvaltningsloven § 28 first para: the appeals body is the
    immediately superior body): local → region → KDI → the ministry."""
    rank = level_rank(level)
    return LEVEL_ORDER[min(rank + 1, len(LEVEL_ORDER) - 1)]


# strgjfl § 6 second para second sentence lists §§ 12-16 a, 20, 33, 35, 36, 42-44.
SECTION_6_KINDS = frozenset(
    {
        ApplicationKind.TRANSFER,  # §§ 14, 15
        ApplicationKind.LEAVE,  # § 33
        ApplicationKind.DAY_RELEASE,  # § 20
        ApplicationKind.EK,  # § 16 a
        ApplicationKind.INSTITUTION,  # § 12
        ApplicationKind.INTERRUPTION,  # § 35
    }
)
# fsg § 2-1 third para: §§ 12, 13, 20, 33, 35 may be granted locally after a superior
# level's transfer to lower security.
LOCALLY_GRANTABLE_AFTER_LOWER_SECURITY = frozenset(
    {
        ApplicationKind.INSTITUTION,
        ApplicationKind.DAY_RELEASE,
        ApplicationKind.LEAVE,
        ApplicationKind.INTERRUPTION,
    }
)
# Grants beyond the normal limits are for the nearest superior level.
DISPENSATION_BASIS: dict[str, StrOrPromise] = {
    ApplicationKind.INSTITUTION: gettext_lazy("fsg § 3-5 annet ledd (over 12 måneder)"),
    ApplicationKind.DAY_RELEASE: gettext_lazy("fsg § 3-14 tredje ledd (over 1 eller 2 år)"),
    ApplicationKind.INTERRUPTION: gettext_lazy("fsg § 3-33 annet ledd (over 4 + 4 uker)"),
}


@dataclass(frozen=True)
class RoutingFacts:
    """What the routing depends on, read from the judgment, the stay and the application."""

    kind: str
    over_ten_years: bool = False  # prison sentence of more than ten years
    preventive_detention: bool = False  # forvaring
    special_high_security: bool = False  # avdeling med særlig høyt sikkerhetsnivå
    under_18: bool = False
    transfer_to_other_region: bool = False
    dispensation: bool = False  # asks for more than the normal limit (see DISPENSATION_BASIS)
    lower_security_by_superior: bool = False  # fsg § 2-1 third para
    earlier_leave_by_superior_without_failure: bool = False  # fsg § 2-1 second para


@dataclass(frozen=True)
class Routing:
    """Who decides: ``level`` may grant; ``refusal_level`` is the lowest level that may
    refuse (delegation in fsg § 2-1 first para and forvaringsforskriften § 4)."""

    level: str
    refusal_level: str
    basis: str
    copy_to_region: bool = False  # strgjfl § 6 third para, when decided locally
    inform_guardian: bool = False  # fsg § 3-1b second para


def route(facts: RoutingFacts) -> Routing:
    """Who decides an application (strgjfl § 6; fsg § 2-1; forvaringsforskriften § 4;
    rules.md Appendix C):

    - local level by default (§ 6 first para): child visits, study in prison, other;
    - region for §§ 12-16 a, 20, 33, 35 when the sentence is over ten years, forvaring, or
      the person is in a unit with particularly high security (§ 6 second para; fsg § 6-1);
      the local level may still refuse for over-ten-years and forvaring (fsg § 2-1 first
      para; forvaringsforskriften § 4 last para), not in particularly high security;
    - back to local for granting leave after a superior level's leave went without failure
      (fsg § 2-1 second para), and §§ 12, 20, 33, 35 after a superior level moved the person
      to lower security (third para) — neither for forvaring;
    - a transfer to a unit in another region is decided by the region (🟡 practice: the
      receiving region's place; not written in § 6, to be confirmed with KDI);
    - a dispensation beyond the normal limits goes one level up (fsg §§ 3-5, 3-14, 3-33;
      forvaring in an institution beyond one year: KDI, forvaringsforskriften § 10);
    - under 18: copy of a local decision to the region (§ 6 third para), the guardian is
      told (fsg § 3-1b).
    """
    level: str = Level.LOCAL
    refusal: str = Level.LOCAL
    basis = _("strgjfl. § 6 første ledd")
    if facts.kind in SECTION_6_KINDS:
        if facts.special_high_security:
            level = refusal = Level.REGION
            basis = _("strgjfl. § 6 annet ledd (avdeling med særlig høyt sikkerhetsnivå)")
        elif facts.preventive_detention:
            level = Level.REGION
            basis = _("strgjfl. § 6 annet ledd; forvaringsforskriften § 4 (forvaring)")
        elif facts.over_ten_years:
            level = Level.REGION
            basis = _("strgjfl. § 6 annet ledd (fengselsstraff over ti år); fsg § 2-1")
            if (
                facts.kind == ApplicationKind.LEAVE
                and facts.earlier_leave_by_superior_without_failure
            ):
                level, basis = (
                    Level.LOCAL,
                    _("fsg § 2-1 annet ledd (tidligere permisjon uten svikt)"),
                )
            elif (
                facts.kind in LOCALLY_GRANTABLE_AFTER_LOWER_SECURITY
                and facts.lower_security_by_superior
            ):
                level, basis = Level.LOCAL, _("fsg § 2-1 tredje ledd (overført til lavere nivå)")
    if (
        facts.kind == ApplicationKind.TRANSFER
        and facts.transfer_to_other_region
        and level_rank(level) < level_rank(Level.REGION)
    ):
        level = Level.REGION
        basis = _("strgjfl. § 14; overføring til annen region (praksis)")
    if facts.dispensation and facts.kind in DISPENSATION_BASIS:
        level = superior(level)
        if facts.kind == ApplicationKind.INSTITUTION and facts.preventive_detention:
            basis = _("forvaringsforskriften § 10 annet ledd (institusjon over ett år)")
        else:
            basis = str(DISPENSATION_BASIS[facts.kind])
    return Routing(
        level=level,
        refusal_level=refusal,
        basis=basis,
        copy_to_region=facts.under_18,
        inform_guardian=facts.under_18,
    )


def actor_level(role: str, scope: str) -> str | None:
    """The level a staff member decides at: case workers of a unit decide locally, regional
    officers for the region, and (until a KDI case-worker role exists) a national system
    administrator for KDI. Others do not decide."""
    if role == Role.REGIONAL_OFFICER:
        return Level.REGION
    if role == Role.SYSTEM_ADMIN and scope == Scope.NATIONAL:
        return Level.KDI
    if role in PERSON_EDIT_ROLES and scope == Scope.UNIT:
        return Level.LOCAL
    return None


def level_label(level: str) -> str:
    return str(Level(level).label)


def decision_level_problem(routing: Routing, level: str, outcome: str) -> str | None:
    """A grant needs ``routing.level`` (or above); a refusal ``routing.refusal_level``."""
    needed = routing.refusal_level if outcome == Outcome.REFUSED else routing.level
    if level_rank(level) >= level_rank(needed):
        return None
    return _(
        "Denne søknaden avgjøres av %(level)s (%(basis)s). Send den videre med "
        "innstilling i stedet for å avgjøre den her."
    ) % {"level": level_label(needed).lower(), "basis": routing.basis}


def forward_problem(routing: Routing, level: str) -> str | None:
    """An application is forwarded only when a level above the current one must decide a
    grant; the case is then prepared with a recommendation (innstilling)."""
    if level_rank(level) >= level_rank(routing.level):
        return _("Søknaden kan avgjøres på dette nivået. Den skal ikke sendes videre.")
    return None


def grant_problem(kind: str, outcome: str, *, preventive_detention: bool) -> str | None:
    """What the law bars outright: no interruption of forvaring (forvaringsforskriften
    § 11 last para)."""
    if outcome != Outcome.REFUSED and kind == ApplicationKind.INTERRUPTION and preventive_detention:
        return _(
            "Forvaringsdømte kan ikke innvilges avbrudd i gjennomføringen "
            "(forvaringsforskriften § 11 siste ledd)."
        )
    return None


# Legal bases a decision may rest on, per kind (the form offers these; one is required).
LEGAL_BASES: dict[str, tuple[tuple[str, StrOrPromise], ...]] = {
    ApplicationKind.TRANSFER: (
        ("strgjfl-14-4", gettext_lazy("strgjfl. § 14 fjerde ledd (eget ønske)")),
        ("strgjfl-14-2", gettext_lazy("strgjfl. § 14 annet ledd (innsattes behov)")),
        ("strgjfl-15", gettext_lazy("strgjfl. § 15 (mindre restriktivt fengsel)")),
        ("forvf-7", gettext_lazy("forvaringsforskriften §§ 7 og 9")),
    ),
    ApplicationKind.LEAVE: (
        ("strgjfl-33", gettext_lazy("strgjfl. § 33, fsg § 3-30 (permisjon)")),
        ("fsg-3-30-welfare", gettext_lazy("fsg § 3-30 siste ledd (velferdspermisjon)")),
        ("fsg-3-31", gettext_lazy("fsg § 3-31 (fremskutt permisjonstid, utvidet kvote)")),
        ("forvf-11", gettext_lazy("forvaringsforskriften § 11")),
    ),
    ApplicationKind.DAY_RELEASE: (
        ("strgjfl-20", gettext_lazy("strgjfl. § 20, fsg § 3-14 (frigang)")),
        ("forvf-12", gettext_lazy("forvaringsforskriften § 12")),
    ),
    ApplicationKind.EK: (
        ("strgjfl-16a-full", gettext_lazy("strgjfl. § 16 a, fsg § 7-2 (helgjennomføring)")),
        ("strgjfl-16a-partial", gettext_lazy("strgjfl. § 16 a, fsg § 7-2 (delgjennomføring)")),
        ("strgjfl-16", gettext_lazy("strgjfl. § 16 (utenfor fengsel uten EK)")),
    ),
    ApplicationKind.INSTITUTION: (
        ("strgjfl-12", gettext_lazy("strgjfl. § 12, fsg § 3-5 (institusjon)")),
        ("forvf-10", gettext_lazy("forvaringsforskriften § 10")),
    ),
    ApplicationKind.INTERRUPTION: (
        ("strgjfl-35", gettext_lazy("strgjfl. § 35, fsg § 3-33 (straffavbrudd)")),
    ),
    ApplicationKind.CHILD_VISIT: (
        ("strgjfl-31", gettext_lazy("strgjfl. § 31, fsg § 3-28a (besøk av barn)")),
    ),
    ApplicationKind.STUDY: (
        ("strgjfl-18", gettext_lazy("strgjfl. § 18 (opplæring i fengselet)")),
        ("strgjfl-20-study", gettext_lazy("strgjfl. § 20, fsg § 3-14 annet ledd (studier)")),
    ),
    ApplicationKind.OTHER: (
        ("strgjfl-other", gettext_lazy("Annen hjemmel i straffegjennomføringsloven")),
    ),
}


def legal_basis_label(kind: str, code: str) -> str:
    return str(dict(LEGAL_BASES.get(kind, ())).get(code, code))


def child_interest_required(
    *, minor_children: int, applicant_is_minor: bool, concerns_child: bool
) -> bool:
    """The child's best interest must be assessed and shown in the decision when it affects
    a child: the applicant has children under 18, the applicant is under 18, or the case
    concerns a child (Grunnloven § 104; barnekonvensjonen art. 3; fsg §§ 1-3, 3-1b — the
    ombudsman's case 2024/4085 faulted a transfer refusal without it)."""
    return minor_children > 0 or applicant_is_minor or concerns_child


def decision_problem(
    *,
    kind: str,
    outcome: str,
    legal_basis: str,
    reasons: str,
    child_interest: str,
    child_interest_needed: bool,
) -> str | None:
    """What a decision must contain before it is saved: outcome, a legal basis offered for
    the kind, written reasons (forvaltningsloven §§ 24-25), and the child's best interest
    where ``child_interest_required``."""
    if outcome not in Outcome.values:
        return _("Velg utfall: innvilget, delvis innvilget eller avslått.")
    if legal_basis not in dict(LEGAL_BASES.get(kind, ())):
        return _("Velg hjemmel for vedtaket.")
    if not reasons.strip():
        if outcome == Outcome.REFUSED:
            return _(
                "Et avslag må begrunnes (forvaltningsloven §§ 24 og 25). Skriv hvilke "
                "regler og faktiske forhold avslaget bygger på, og hvilke hensyn som har "
                "vært avgjørende."
            )
        return _(
            "Vedtaket må begrunnes (forvaltningsloven §§ 24 og 25). Skriv hvilke regler og "
            "faktiske forhold vedtaket bygger på."
        )
    if child_interest_needed and not child_interest.strip():
        return _(
            "Vedtaket berører barn under 18 år. Skriv vurderingen av barnets beste og hvilken "
            "vekt den er gitt (Grunnloven § 104, fsg §§ 1-3 og 3-1b)."
        )
    return None


def appeal_decision_problem(
    *, outcome: str, reasons: str, deciding_level: str, decision_level: str, appeal_level: str
) -> str | None:
    """forvaltningsloven §§ 33-34: the appeal lies with the first instance until forwarded.
    The first instance may dismiss it or change its own decision (§ 33 second para); if it
    does neither it sends the appeal to the appeals body (§ 33 fourth para), which may
    uphold, change or dismiss. Reasons are required (§ 24)."""
    if outcome not in AppealOutcome.values:
        return _("Velg utfall av klagen.")
    if not reasons.strip():
        return _("Klagevedtaket må begrunnes (forvaltningsloven §§ 24 og 34).")
    if deciding_level != appeal_level:
        return _("Klagen ligger hos %(level)s.") % {"level": level_label(appeal_level).lower()}
    if appeal_level == decision_level and outcome not in FIRST_INSTANCE_APPEAL_OUTCOMES:
        return _(
            "Førsteinstansen kan bare avvise klagen eller omgjøre sitt eget vedtak. Skal "
            "vedtaket stå, send klagen til klageinstansen (forvaltningsloven § 33)."
        )
    return None


# --- 4. victim notification (strgjfl § 7 b) -------------------------------------------------


@dataclass(frozen=True)
class NoticeRule:
    """When a victim or surviving relative who has asked to be told is to be told."""

    event: str
    basis: str
    in_advance: bool  # False: as soon as possible after it happened
    mandatory: bool  # "skal varsle" (True) or "kan varsle" (False)


NOTICE_RULES: dict[str, NoticeRule] = {
    NoticeEvent.LEAVE: NoticeRule(NoticeEvent.LEAVE, "strgjfl. § 36 tredje ledd", True, True),
    NoticeEvent.INTERRUPTION: NoticeRule(
        NoticeEvent.INTERRUPTION, "strgjfl. § 36 tredje ledd", True, True
    ),
    NoticeEvent.DAY_RELEASE: NoticeRule(
        NoticeEvent.DAY_RELEASE, "strgjfl. § 20 siste ledd", True, True
    ),
    NoticeEvent.OUTSIDE_PRISON: NoticeRule(
        NoticeEvent.OUTSIDE_PRISON, "strgjfl. § 16 sjette ledd, § 16 a tredje ledd", True, True
    ),
    NoticeEvent.PAROLE: NoticeRule(
        NoticeEvent.PAROLE, "strgjfl. § 42 sjette ledd; straffeloven § 45", True, True
    ),
    NoticeEvent.RELEASE: NoticeRule(NoticeEvent.RELEASE, "strgjfl. § 42 sjette ledd", True, True),
    NoticeEvent.ESCAPE: NoticeRule(NoticeEvent.ESCAPE, "strgjfl. § 40 siste ledd", False, True),
    NoticeEvent.CHANGE_OF_RESIDENCE: NoticeRule(
        NoticeEvent.CHANGE_OF_RESIDENCE, "strgjfl. § 42 sjette ledd annet punktum", False, False
    ),
}

# execution.choices.AbsenceKind codes → the event a victim is told about. Escorted outings,
# hospital and § 12 institution stays are not among the events the law names (§ 7 b).
NOTICE_FOR_ABSENCE: dict[str, str] = {
    "leave": NoticeEvent.LEAVE,
    "interruption": NoticeEvent.INTERRUPTION,
    "day_release": NoticeEvent.DAY_RELEASE,
    "at_home": NoticeEvent.OUTSIDE_PRISON,
    "ek_partial": NoticeEvent.OUTSIDE_PRISON,
    "escape": NoticeEvent.ESCAPE,
    "absconding": NoticeEvent.ESCAPE,
    "failure_to_return": NoticeEvent.ESCAPE,
}
# execution.choices.ReleaseType codes.
NOTICE_FOR_RELEASE: dict[str, str] = {
    "parole_two_thirds": NoticeEvent.PAROLE,
    "parole_half": NoticeEvent.PAROLE,
    "parole_other": NoticeEvent.PAROLE,
    "full_term": NoticeEvent.RELEASE,
}
# community.choices.CaseKind codes: starting execution outside prison, or parole.
NOTICE_FOR_COMMUNITY_CASE: dict[str, str] = {
    "ek_full": NoticeEvent.OUTSIDE_PRISON,
    "ek_partial": NoticeEvent.OUTSIDE_PRISON,
    "at_home": NoticeEvent.OUTSIDE_PRISON,
    "parole": NoticeEvent.PAROLE,
}
# A granted application announces a movement before it happens.
NOTICE_FOR_APPLICATION: dict[str, str] = {
    ApplicationKind.LEAVE: NoticeEvent.LEAVE,
    ApplicationKind.DAY_RELEASE: NoticeEvent.DAY_RELEASE,
    ApplicationKind.EK: NoticeEvent.OUTSIDE_PRISON,
    ApplicationKind.INTERRUPTION: NoticeEvent.INTERRUPTION,
}


def notice_rule(event: str) -> NoticeRule | None:
    """strgjfl § 7 b: the rule for ``event``, or None when the law names no notice."""
    return NOTICE_RULES.get(event)


def contact_active(consent_on: date, withdrawn_on: date | None, day: date) -> bool:
    """A registration counts from the day the victim asked (consent) until withdrawn."""
    return consent_on <= day and (withdrawn_on is None or withdrawn_on > day)


def notice_overdue(rule: NoticeRule, event_day: date, today: date) -> bool:
    """An advance notice is late on the day of the event; an "as soon as possible" notice
    (escape) the day after."""
    if rule.in_advance:
        return today >= event_day
    return today > event_day
