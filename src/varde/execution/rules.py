"""Pure rules for stays and movements: which transitions are allowed, and which days of a
stay do not count as sentence time.

Each ``*_problem`` function takes plain values (what the caller read about the stay) and
returns ``None`` when the transition is allowed, or the reason it is refused, in Norwegian,
saying what to do instead. The actions in ``varde.execution.actions`` call them before they
write anything. No ORM, no request, no settings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta

from django.utils.translation import gettext as _

from varde.execution.choices import (
    AbsenceKind,
    ExecutionForm,
    LeaveType,
    ReleaseType,
    RestrictionKind,
    StayKind,
)
from varde.sentencing.choices import JudgmentStatus
from varde.sentencing.rules.dates import add_months
from varde.sentencing.rules.recalc import (
    ABSENCE,
    INTERRUPTION,
    NonCountingPeriod,
    non_counting_days,
)

# fsg § 3-3: time at liberty without permission, and sentence interruption (strgjfl § 35),
# do not count as time served.
TIME_STOPPING = frozenset(
    {
        AbsenceKind.INTERRUPTION,
        AbsenceKind.ESCAPE,
        AbsenceKind.ABSCONDING,
        AbsenceKind.FAILURE_TO_RETURN,
    }
)
# Absences with an agreed return time: when it passes, a failure to return may follow.
WITH_RETURN_TIME = frozenset(
    {
        AbsenceKind.LEAVE,
        AbsenceKind.DAY_RELEASE,
        AbsenceKind.INSTITUTION,
        AbsenceKind.AT_HOME,
        AbsenceKind.INTERRUPTION,
    }
)
# Leave types that wait for the leave time (fsg § 3-30 fifth para); welfare leave does not.
LEAVE_AFTER_LEAVE_TIME = frozenset({LeaveType.ORDINARY, LeaveType.SHORT})


def stops_time(kind: str) -> bool:
    """fsg § 3-3 second para; strgjfl § 35: whether an absence of ``kind`` stops the sentence
    clock (escape, absconding, failure to return, interruption)."""
    return kind in TIME_STOPPING


def admit_problem(*, has_open_stay: bool) -> str | None:
    """strgjfl § 11: a person is admitted to one stay at a time."""
    if has_open_stay:
        return _("Personen er allerede innsatt. Registrer overføring i stedet for ny innsettelse.")
    return None


def release_problem(
    *, has_open_stay: bool, stay_kind: str | None, open_absence: str | None, release_type: str
) -> str | None:
    """strgjfl §§ 42, 44; strpl § 187 a: only an admitted person is released, remand ends as
    "remand ended", a sentence with one of the sentence release types. A person at liberty
    without permission (escaped, absconded, not returned) must be returned first, unless the
    release is by death."""
    if not has_open_stay:
        return _("Personen er ikke innsatt og kan ikke løslates.")
    if release_type not in ReleaseType.values:
        return _("Velg løslatelsestype.")
    if (stay_kind == StayKind.REMAND) != (release_type == ReleaseType.REMAND_ENDED):
        if stay_kind == StayKind.REMAND:
            return _("Et varetektsopphold avsluttes med løslatelsestypen «Varetekt opphørt».")
        return _("«Varetekt opphørt» kan bare brukes for varetektsopphold.")
    if open_absence in TIME_STOPPING - {AbsenceKind.INTERRUPTION} and (
        release_type != ReleaseType.DEATH
    ):
        return _("Personen er ikke til stede uten tillatelse. Registrer retur før løslatelse.")
    return None


def parole_time_problem(
    release_type: str,
    release_day: date,
    *,
    two_thirds_on: date | None,
    half_on: date | None,
) -> str | None:
    """strgjfl § 42: parole at 2/3 needs 2/3 of the sentence, and at least 60 days, served;
    parole at half time (special reasons, § 42 fourth para) needs half the sentence served.
    ``two_thirds_on`` and ``half_on`` are the last days of those parts (the judgment's key
    dates ``two_thirds_served_on`` and ``half_served_on``, overrides applied), so the release
    is at the earliest the day after. When the date is None, the sentence gives no basis for
    that parole type (e.g. under 60 days at 2/3). Other release types are not checked here.
    """
    if release_type == ReleaseType.PAROLE_TWO_THIRDS:
        milestone, text, missing = (
            two_thirds_on,
            _("Prøveløslatelse etter 2/3 kan tidligst skje %(day)s (strgjfl § 42)."),
            _("Straffen gir ikke grunnlag for prøveløslatelse etter 2/3 (strgjfl § 42)."),
        )
    elif release_type == ReleaseType.PAROLE_HALF:
        milestone, text, missing = (
            half_on,
            _("Prøveløslatelse etter halv tid kan tidligst skje %(day)s (strgjfl § 42)."),
            _("Straffen gir ikke grunnlag for prøveløslatelse etter halv tid (strgjfl § 42)."),
        )
    else:
        return None
    if milestone is None:
        return missing
    earliest = milestone + timedelta(days=1)
    if release_day < earliest:
        return text % {"day": f"{earliest:%d.%m.%Y}"}
    return None


def transfer_problem(
    *, has_open_stay: bool, open_absence: str | None, same_place: bool
) -> str | None:
    """strgjfl §§ 14-15: transfer moves an admitted person who is present to another place."""
    if not has_open_stay:
        return _("Personen er ikke innsatt. Registrer innsettelse først.")
    if open_absence is not None:
        return _("Personen er fraværende. Registrer retur før overføring.")
    if same_place:
        return _("Personen er allerede plassert der. Velg en annen enhet eller et annet nivå.")
    return None


def start_absence_problem(
    kind: str,
    *,
    has_open_stay: bool,
    open_absence: str | None,
    leave_type: str = "",
    day: date | None = None,
    leave_eligible_from: date | None = None,
    exception_reason: str = "",
) -> str | None:
    """Whether an absence may start.

    - The person must be admitted and present (not already absent). The one exception: a
      failure to return (uteblivelse) follows an absence with a return time (leave, day
      release, § 12, § 16, interruption) that the person did not come back from.
    - Leave needs a leave type (fsg § 3-30 first para). Ordinary and short leave wait for the
      leave time, ``leave_eligible_from`` (fsg § 3-30 fifth para: 4 months' continuous custody
      and 1/3 served); before it, or when it is not known, only with an exception reason
      (fremskutt permisjonstid, fsg § 3-31). Welfare leave may be granted any time.
    """
    if not has_open_stay:
        return _("Personen er ikke innsatt. Fravær kan bare registreres under et opphold.")
    if kind == AbsenceKind.FAILURE_TO_RETURN:
        if open_absence not in WITH_RETURN_TIME:
            return _("Uteblivelse kan bare registreres når personen er ute med avtalt returtid.")
        return None
    if open_absence is not None:
        return _("Personen er allerede fraværende. Registrer retur først.")
    if kind != AbsenceKind.LEAVE:
        return None
    if leave_type not in LeaveType.values:
        return _("Velg type permisjon (ordinær, velferd eller korttid).")
    if leave_type in LEAVE_AFTER_LEAVE_TIME and not exception_reason.strip():
        if leave_eligible_from is None:
            return _("Permisjonstiden er ikke kjent. Oppgi grunnlag for unntak (fsg § 3-31).")
        if day is not None and day < leave_eligible_from:
            return _(
                "Permisjonstiden er ikke nådd (fra %(date)s). Oppgi grunnlag for unntak "
                "(fsg § 3-31) eller velg velferdspermisjon."
            ) % {"date": leave_eligible_from.strftime("%d.%m.%Y")}
    return None


def end_absence_problem(*, open_absence: str | None) -> str | None:
    """A return closes the open absence; there must be one."""
    if open_absence is None:
        return _("Personen er ikke registrert som fraværende.")
    return None


def recall_problem(*, has_open_stay: bool, last_release_type: str | None) -> str | None:
    """strgjfl § 44 second para: re-committal (gjeninnsettelse) of a parolee after breach,
    decided by the court; only someone released on parole and not inside can be recalled."""
    if has_open_stay:
        return _("Personen er allerede innsatt.")
    if last_release_type not in {
        ReleaseType.PAROLE_TWO_THIRDS,
        ReleaseType.PAROLE_HALF,
        ReleaseType.PAROLE_OTHER,
    }:
        return _("Gjeninnsettelse gjelder bare personer som er prøveløslatt.")
    return None


def non_counting_periods(
    absences: Iterable[tuple[str, date, date | None]], *, until: date
) -> list[NonCountingPeriod]:
    """fsg § 3-3 second para: the absences that stop time, as periods for
    ``sentencing.rules.recalc.recalculate_sentence``.

    Each absence is (kind, first day away, day of return or None while still away). The day
    the person left counts as a day away; the day of return counts as served, as the day of
    committal does (rules.md § 0.2 point 2; a convention to confirm with KDI), so leaving and
    coming back on the same day costs nothing. An open absence runs up to and including
    ``until``. Interruption keeps its own kind; escape, absconding and failure to return are
    ``ABSENCE``. Absences that touch or overlap (a leave that turns into a failure to return)
    are joined into one period.
    """
    periods: list[NonCountingPeriod] = []
    for kind, first, returned in sorted(absences, key=lambda a: a[1]):
        if not stops_time(kind):
            continue
        last = (returned.toordinal() - 1) if returned is not None else until.toordinal()
        last = min(last, until.toordinal())  # a return after ``until`` counts up to it
        if last < first.toordinal():
            continue
        period_kind = INTERRUPTION if kind == AbsenceKind.INTERRUPTION else ABSENCE
        if periods and first.toordinal() <= periods[-1].last + 1:
            previous = periods.pop()
            periods.append(
                NonCountingPeriod(previous.first, max(previous.last, last), previous.kind)
            )
        else:
            periods.append(NonCountingPeriod(first.toordinal(), last, period_kind))
    return periods


def non_counting_total(periods: Sequence[NonCountingPeriod]) -> int:
    """fsg § 3-3: the number of days that do not count (what moves the end of the sentence)."""
    return non_counting_days(periods)


# --- queue and call-in (innkallingsforskriften, forskrift 2010-03-19-408) -------------------

MIN_NOTICE_DAYS = 21  # § 3 first para: "ikke ... mindre enn tre uker"
START_TARGET_DAYS = 60  # § 3 first para (normally) and third para (under 18: at the latest)
PRIORITY_AGE = 23  # § 3 second para
CHILD_AGE = 18  # § 3 third para
LOCAL_POSTPONEMENT_MONTHS = 6  # § 5: local level up to six months, region beyond (§ 7)


def order_received_on(final_date: date | None, received_on: date) -> date:
    """Innkallingsforskriften § 3: the day the service "mottok fullbyrdingsordre".

    Our reading: an enforcement order can only exist for a final judgment, so the 60 days
    run from the later of the day the judgment became final and the day the service received
    it. (A judgment received before it is final starts its clock when it becomes final.)
    Waiting time in the queue is counted from the same day.
    """
    if final_date is not None and final_date > received_on:
        return final_date
    return received_on


def earliest_start(sent_on: date) -> date:
    """§ 3 first para: attendance not less than three weeks after the summons is presumed
    received. We count from the day it is sent; allow postal time by choosing a later day."""
    return sent_on + timedelta(days=MIN_NOTICE_DAYS)


def child_start_deadline(order_on: date) -> date:
    """§ 3 third para: under 18 → place allocated at the latest 60 days after the order."""
    return order_on + timedelta(days=START_TARGET_DAYS)


def is_child_case(age_at_order: int | None) -> bool:
    """§ 3 third para applies when the person was under 18 when the order was received.

    Our reading of "er domfelte under 18 år": the age on the day the order was received
    decides, so a child who turns 18 while waiting keeps the 60-day deadline (the stricter
    reading, and the one that cannot be defeated by waiting). Unknown age → not a child case.
    """
    return age_at_order is not None and age_at_order < CHILD_AGE


def callin_problem(
    *,
    sent_on: date,
    start_on: date,
    order_on: date,
    age_at_order: int | None,
    form: str,
    ek_possible: bool,
    judgment_status: str,
    has_open_callin: bool,
) -> str | None:
    """Innkallingsforskriften §§ 2-3; strgjfl § 16 a: whether a call-in may be sent.

    - only a queued judgment (final, not started) is called in, once at a time;
    - the start is at least three weeks after the summons (§ 3 first para);
    - a child's start is at the latest 60 days after the order (§ 3 third para), which we
      read strictly as the day of attendance;
    - full execution with EK only where the sentencing rules allow it (strgjfl § 16 a,
      fsg § 7-2: ``varde.sentencing.rules.sentence.ek_full_possible``).
    """
    if judgment_status != JudgmentStatus.QUEUED:
        return _("Bare dommer i soningskø kan innkalles.")
    if has_open_callin:
        return _("Dommen har allerede en åpen innkalling. Trekk den tilbake først.")
    if start_on < earliest_start(sent_on):
        return _(
            "Oppmøtedatoen må være minst tre uker etter innkallingen, tidligst %(date)s "
            "(innkallingsforskriften § 3)."
        ) % {"date": earliest_start(sent_on).strftime("%d.%m.%Y")}
    if is_child_case(age_at_order) and start_on > child_start_deadline(order_on):
        return _(
            "Domfelte var under 18 år da fullbyrdingsordren kom. Oppmøte må skje senest "
            "%(date)s (innkallingsforskriften § 3 tredje ledd)."
        ) % {"date": child_start_deadline(order_on).strftime("%d.%m.%Y")}
    if form == ExecutionForm.EK_FULL and not ek_possible:
        return _(
            "Helgjennomføring med elektronisk kontroll er ikke mulig for denne dommen "
            "(strgjfl § 16 a, fsg § 7-2). Velg fengsel."
        )
    return None


def queue_priority(age: int | None, waiting_days: int) -> tuple[int, int]:
    """§ 3 second and third para: the order of the queue, as a sort key (smallest first).

    Under 18 first (a place "så snart som mulig"), then under 23 ("skal prioriteres"), then
    everybody else; within each group the longest wait first. Unknown age counts as adult.
    """
    if age is not None and age < CHILD_AGE:
        group = 0
    elif age is not None and age < PRIORITY_AGE:
        group = 1
    else:
        group = 2
    return (group, -waiting_days)


def postponement_problem(
    *,
    granted: bool,
    current_start: date | None,
    received_on: date,
    new_start: date | None,
    regional_authority: bool,
) -> str | None:
    """Innkallingsforskriften § 5: a granted postponement needs a new start date later than
    the current one; local level decides up to six months, beyond that the region.

    The length is counted from the current day of attendance (or, without a call-in, from
    the day the application was received) to the new start date.
    """
    if not granted:
        return None
    if new_start is None:
        return _("Oppgi ny oppmøtedato når utsettelse innvilges.")
    base = current_start or received_on
    if new_start <= base:
        return _("Ny oppmøtedato må være etter %(date)s.") % {"date": base.strftime("%d.%m.%Y")}
    limit = date.fromordinal(add_months(base.toordinal(), LOCAL_POSTPONEMENT_MONTHS))
    if new_start > limit and not regional_authority:
        return _(
            "Utsettelse ut over seks måneder (etter %(date)s) avgjøres av regionen "
            "(innkallingsforskriften § 5 annet ledd)."
        ) % {"date": limit.strftime("%d.%m.%Y")}
    return None


# --- remand (varetekt): rules.md § 9 ----------------------------------------------------------

REMAND_OFFER_HOURS = 48  # "innen to døgn"
FULL_ISOLATION_MAX_DAYS = 14  # strpl § 186 a: "ikke ... lenger enn to uker om gangen"


def remand_offer_deadline(requested_at: datetime, *, under_18: bool) -> datetime:
    """Politiarrestforskriften § 3-1; fsg § 4-1 first para: when the police ask for a remand
    place, the service makes one available within 2 døgn; for a person under 18 as soon as
    possible and at the latest the day after (rules.md § 9, Appendix B).

    A døgn is 24 elapsed hours (counted in UTC, so a night across a daylight-saving change
    gives its real length). "The day after" ends at 23:59 of the next calendar day in the
    time zone of ``requested_at`` (Europe/Oslo). domstolloven § 149 (holidays) does not
    apply. Examples (Oslo time):

    - adult, requested 01.03.2025 10:00 → 03.03.2025 10:00;
    - under 18, requested 01.03.2025 10:00 → 02.03.2025 23:59;
    - adult, requested 29.03.2025 12:00 (summer time begins 30.03) → 31.03.2025 13:00.
    """
    if under_18:
        local = requested_at.date() + timedelta(days=1)
        return datetime.combine(local, time(23, 59), tzinfo=requested_at.tzinfo)
    later = requested_at.astimezone(UTC) + timedelta(hours=REMAND_OFFER_HOURS)
    return later.astimezone(requested_at.tzinfo)


def book_remand_problem(*, has_open_booking: bool, has_open_stay: bool) -> str | None:
    """One open booking per person, and none for a person already inside."""
    if has_open_stay:
        return _("Personen er allerede innsatt. En varetektsbestilling gjelder en person i arrest.")
    if has_open_booking:
        return _("Personen har allerede en åpen varetektsbestilling.")
    return None


def restriction_problem(
    kind: str, *, under_18: bool, valid_from: date, valid_until: date, is_remand_stay: bool
) -> str | None:
    """strpl §§ 186, 186 a: restrictions are ordered during remand; full isolation never for
    a person under 18, and for at most two weeks per ruling (a week deadline ends on the same
    weekday, domstolloven § 148: from 01.03.2025 at the latest until 15.03.2025).

    Not modelled: an adult's extension of up to four weeks where a review after two would
    be pointless, and the 6 / 12 week caps on continuous isolation (rules.md § 9).
    """
    if not is_remand_stay:
        return _("Restriksjoner etter straffeprosessloven gjelder bare under varetekt.")
    if kind not in RestrictionKind.values:
        return _("Velg type restriksjon.")
    if valid_until < valid_from:
        return _("Sluttdatoen må være samme dag som eller etter startdatoen.")
    if kind != RestrictionKind.FULL_ISOLATION:
        return None
    if under_18:
        return _("Personer under 18 år kan ikke ilegges full isolasjon (strpl. § 186 a).")
    latest = valid_from + timedelta(days=FULL_ISOLATION_MAX_DAYS)
    if valid_until > latest:
        return _(
            "Full isolasjon kan besluttes for høyst to uker om gangen, her til og med "
            "%(date)s (strpl. § 186 a). Registrer en forlengelse som en ny kjennelse."
        ) % {"date": latest.strftime("%d.%m.%Y")}
    return None


def remand_transfer_problem(
    *,
    stay_kind: str,
    has_open_stay: bool,
    open_absence: str | None,
    judgment_status: str,
    custodial: bool,
) -> str | None:
    """fsg § 4-4 first para; innkallingsforskriften § 1: a remand prisoner goes over to
    execution when the judgment (the enforcement order) arrives: an open remand stay, the
    person present, and a prison judgment not yet started."""
    if not has_open_stay or stay_kind != StayKind.REMAND:
        return _("Personen er ikke i varetekt.")
    if open_absence is not None:
        return _("Personen er fraværende. Registrer retur før overgang til straffegjennomføring.")
    if not custodial:
        return _("Bare dommer på fengselsstraff eller forvaring gjennomføres i fengsel.")
    if judgment_status not in {JudgmentStatus.RECEIVED, JudgmentStatus.QUEUED}:
        return _("Dommen er allerede påbegynt eller avsluttet.")
    return None
