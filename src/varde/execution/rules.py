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
from django.utils.translation import gettext_lazy

from varde.execution.choices import (
    MANDATORY_POSTPONEMENT_GROUNDS,
    AbsenceKind,
    ExecutionForm,
    LeaveType,
    PenaltyScale,
    PostponementGround,
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
from varde.sentencing.rules.sentence import ek_offence_exclusion

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
        AbsenceKind.INTERRUPTION,
    }
)
# Execution outside prison that continues the prison stay (strgjfl §§ 16, 16 a; fsg § 7-2
# second para): the place in prison is freed, the time counts as served, there is no return
# time, and a probation office follows the person up. Started and ended by their own actions
# (``do_start_outside_prison``, ``do_return_to_prison``, ``do_release``), never as plain
# absences.
OUTSIDE_PRISON = frozenset({AbsenceKind.EK_PARTIAL, AbsenceKind.AT_HOME})
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


def parole_other_problem(
    release_day: date,
    *,
    basis: str,
    fine_default: bool,
    preventive: bool,
    minimum_served_on: date | None,
) -> str | None:
    """Other parole (annen prøveløslatelse): on a ground other than 2/3 or half time.

    The grounds and their bounds (rules.md § 1.1, § 5):

    - strgjfl § 42 first para third sentence: a sentence of more than 30 years imposed abroad
      and transferred, after at least 20 years (the judgment does not record this);
    - § 42 second para: a person no longer in custody who meets the 2/3 threshold;
    - § 42 fourth para: "kort tid før løslatelse ellers skulle skje", for special reasons;
      the statute gives no number of days (rules.md: ⚠️ unverified);
    - strl § 44 first para: preventive detention (forvaring), never before the minimum time
      has expired: ``minimum_served_on`` is its last day, so the day after at the earliest;
    - fsg § 3-2 third para: subsidiary prison for an unpaid fine is served in full, no parole.

    None of the grounds can be read from the dates alone, so the case worker must write the
    legal basis and the special reasons (``basis``, the release note); the two hard bounds
    (fine default, forvaring's minimum time) are checked.
    """
    if fine_default:
        return _(
            "Subsidiær fengselsstraff for bot sones fullt ut; prøveløslatelse er ikke mulig "
            "(fsg § 3-2 tredje ledd)."
        )
    if preventive and minimum_served_on is not None:
        earliest = minimum_served_on + timedelta(days=1)
        if release_day < earliest:
            return _(
                "Prøveløslatelse fra forvaring kan tidligst skje %(day)s, når minstetiden er ute "
                "(straffeloven § 44 første ledd)."
            ) % {"day": f"{earliest:%d.%m.%Y}"}
    if not basis.strip():
        return _(
            "Annen prøveløslatelse krever grunnlag: skriv hjemmelen og de særlige grunnene i "
            "merknaden (for eksempel strgjfl. § 42 fjerde ledd, løslatelse kort tid før "
            "løslatelse ellers skulle skje)."
        )
    return None


MIN_REPORTING_MONTHS, MAX_REPORTING_MONTHS = 1, 12  # fsg § 3-42 second para


def parole_reporting_problem(months: int | None) -> str | None:
    """fsg § 3-42 second para: the reporting duty (møteplikt) after parole lasts normally
    3 months, never under 1 month and up to 1 year (longer only where particularly required
    for safety, decided later as an extension, fsg § 3-43)."""
    if months is None or not MIN_REPORTING_MONTHS <= months <= MAX_REPORTING_MONTHS:
        return _("Møteplikten settes til mellom 1 og 12 måneder (fsg § 3-42 annet ledd).")
    return None


def closest_office(postal_code: str, offices: Sequence[tuple[int, str, str]]) -> int | None:
    """Of ``offices`` (id, postal code, name) in the person's home region, the one whose
    postal code shares the most leading digits with the person's (the nearest, roughly: the
    digits follow the counties), ties by name; None when there are none."""
    code = (postal_code or "").strip()

    def shared(other: str) -> int:
        count = 0
        for mine, theirs in zip(code, other or "", strict=False):
            if mine != theirs:
                break
            count += 1
        return count

    ranked = sorted(offices, key=lambda o: (-shared(o[1]), o[2], o[0]))
    return ranked[0][0] if ranked else None


# --- execution outside prison (strgjfl §§ 16, 16 a) -------------------------------------------


def outside_prison_problem(
    kind: str,
    *,
    has_open_stay: bool,
    stay_kind: str | None,
    open_absence: str | None,
    preventive: bool,
    day: date,
    today: date,
    ek_partial_from: date | None,
    half_on: date | None,
    offences: Sequence[str] = (),
    exception_reason: str = "",
) -> str | None:
    """Whether a person serving a sentence may go on to serve it outside prison.

    - EK part-execution (delgjennomføring, strgjfl § 16 a; fsg § 7-2 second para): up to
      6 months before expected release, not before 1/3 is served: from ``ek_partial_from``,
      the judgment's key date (the engine takes the later of the two, and the admission for
      a child). Not for the offences fsg § 7-2 fourth para excludes absolutely. Before the
      date, or with such an offence, only for a person under 18 or permanently unfit to serve
      (varig soningsudyktig, strgjfl § 16 a second para; fsg § 7-2 second and fourth para):
      the ground must be written as ``exception_reason``.
    - Execution at home with special conditions (strgjfl § 16 first para): when half the
      sentence is served, from the day after ``half_on`` (the judgment's half-time key date,
      which keeps the 60-day floor of § 42 third para: for terms under 120 days this is
      later than § 16 needs). The law has no exception. Never for forvaring
      (forvaringsforskriften § 9).

    The person must be admitted on a sentence and present; the movement is registered when it
    happens (not in the future).
    """
    if not has_open_stay:
        return _("Personen er ikke innsatt.")
    if stay_kind != StayKind.SENTENCE:
        return _("Gjennomføring utenfor fengsel gjelder straffegjennomføring, ikke varetekt.")
    if kind not in OUTSIDE_PRISON:
        return _("Velg delgjennomføring med EK eller gjennomføring i hjemmet (§ 16).")
    if open_absence is not None:
        return _("Personen er fraværende. Registrer retur før overgangen.")
    if day > today:
        return _("Registrer overgangen når den skjer; tidspunktet kan ikke være fram i tid.")
    if kind == AbsenceKind.AT_HOME:
        return _at_home_problem(day, preventive=preventive, half_on=half_on)
    return _ek_partial_problem(day, ek_partial_from, offences, exception_reason)


def _at_home_problem(day: date, *, preventive: bool, half_on: date | None) -> str | None:
    if preventive:
        return _(
            "Forvaring kan ikke gjennomføres utenfor fengsel etter § 16 "
            "(forvaringsforskriften § 9)."
        )
    if half_on is None:
        return _("Straffen gir ikke grunnlag for gjennomføring utenfor fengsel etter § 16.")
    earliest = half_on + timedelta(days=1)
    if day < earliest:
        return _(
            "Gjennomføring utenfor fengsel etter § 16 kan tidligst starte %(day)s, når "
            "halvdelen av straffen er gjennomført (strgjfl. § 16 første ledd)."
        ) % {"day": f"{earliest:%d.%m.%Y}"}
    return None


def _ek_partial_problem(
    day: date, eligible_from: date | None, offences: Sequence[str], exception_reason: str
) -> str | None:
    if exception_reason.strip():  # strgjfl § 16 a second para: under 18 or permanently unfit
        return None
    exception = _(
        "Unntak gjelder bare domfelte under 18 år eller varig soningsudyktige: oppgi grunnlaget "
        "for unntak (strgjfl. § 16 a annet ledd)."
    )
    excluded = [code for code in offences if ek_offence_exclusion(code) == "absolute"]
    if excluded:
        return (
            _("Lovbruddet utelukker elektronisk kontroll (%(codes)s, fsg § 7-2 fjerde ledd).")
            % {"codes": ", ".join(excluded)}
            + " "
            + exception
        )
    if eligible_from is None:
        return (
            _("Straffen gir ikke grunnlag for delgjennomføring med EK (fsg § 7-2 annet ledd).")
            + " "
            + exception
        )
    if day < eligible_from:
        return (
            _(
                "Delgjennomføring med EK kan tidligst starte %(day)s: tidligst 6 måneder før "
                "forventet løslatelse og ikke før 1/3 er gjennomført (fsg § 7-2 annet ledd)."
            )
            % {"day": f"{eligible_from:%d.%m.%Y}"}
            + " "
            + exception
        )
    return None


def outside_prison_text(kind: str, office: str) -> str:
    """Where a person serving outside prison is now, for every page that says so."""
    if kind == AbsenceKind.EK_PARTIAL:
        return _("Delgjennomføring med EK ved %(office)s") % {"office": office}
    return _("Gjennomføring i hjemmet (§ 16) ved %(office)s") % {"office": office}


# Why a person serving outside prison goes back (strgjfl § 14 seventh para; fsg § 7-7).
RETURN_CAUSES = {
    "breach": gettext_lazy("Brudd på vilkår eller forutsetninger"),
    "own_wish": gettext_lazy("Domfeltes eget ønske"),
}


def return_to_prison_problem(*, open_absence: str | None, cause: str) -> str | None:
    """strgjfl § 14 seventh para (via §§ 16, 16 a); fsg § 7-7: a person serving outside prison
    is transferred back after a breach of the conditions, or at their own wish."""
    if open_absence not in OUTSIDE_PRISON:
        return _("Personen gjennomfører ikke straff utenfor fengsel.")
    if cause not in RETURN_CAUSES:
        return _("Velg årsak til returen: brudd på vilkår eller domfeltes eget ønske.")
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
    if kind in OUTSIDE_PRISON:
        return _(
            "Delgjennomføring med EK og gjennomføring etter § 16 registreres under "
            "«Gjennomføring utenfor fengsel», med friomsorgskontoret som skal følge opp."
        )
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
    """A return closes the open absence; there must be one. A return from execution outside
    prison needs a place (``return_to_prison_problem``), so it is not a plain return."""
    if open_absence is None:
        return _("Personen er ikke registrert som fraværende.")
    if open_absence in OUTSIDE_PRISON:
        return _(
            "Personen gjennomfører straff utenfor fengsel. Registrer retur til fengsel med "
            "enhet og sikkerhetsnivå."
        )
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


# § 5 first para: the local level decides § 6 second and third para (illness, pregnancy, a
# young child), the conditions of strpl § 458 (pardon) and § 8 (military service) whatever
# the length; only a § 7 postponement ("andre vektige grunner", an EK application) beyond six
# months goes to the region (§ 5 second para). "Other" is weighed as § 7.
LOCAL_WHATEVER_LENGTH = frozenset(
    {
        PostponementGround.PARDON,
        PostponementGround.ILLNESS,
        PostponementGround.PREGNANCY,
        PostponementGround.INFANT,
        PostponementGround.MILITARY_SERVICE,
    }
)


def postponement_base(current_start: date | None, received_on: date) -> date:
    """The day a postponement is counted from: the current day of attendance, or without a
    call-in the day the application was received."""
    return current_start or received_on


def local_postponement_limit(base: date) -> date:
    """Innkallingsforskriften § 5: the last start date the local level may set for a § 7
    postponement, six months after ``base`` (the same day of the month; domstolloven § 148:
    from 01.04.2025 to 01.10.2025; from 31.08 to 28/29.02)."""
    return date.fromordinal(add_months(base.toordinal(), LOCAL_POSTPONEMENT_MONTHS))


def postponement_needs_region(ground: str, new_start: date, base: date) -> bool:
    """§ 5 second para: a § 7 postponement (and one on another ground) beyond six months."""
    return ground not in LOCAL_WHATEVER_LENGTH and new_start > local_postponement_limit(base)


def request_postponement_problem(
    *,
    judgment_status: str,
    has_pending: bool,
    ground: str,
    reason: str,
    received_on: date,
    today: date,
) -> str | None:
    """Innkallingsforskriften §§ 5-8: an application to postpone the start of execution is
    registered for a judgment that has not started (received or in the queue), one pending
    at a time, with its ground and what it says, received no later than today."""
    if judgment_status not in {JudgmentStatus.RECEIVED, JudgmentStatus.QUEUED}:
        return _("Gjennomføringen har startet eller er avsluttet; utsettelse kan ikke søkes.")
    if has_pending:
        return _("Dommen har allerede en søknad om utsettelse som ikke er avgjort.")
    if ground not in PostponementGround.values:
        return _("Velg grunnlaget søknaden bygger på.")
    if not reason.strip():
        return _("Skriv hva søknaden om utsettelse begrunnes med.")
    if received_on > today:
        return _("Mottaksdatoen kan ikke være fram i tid.")
    return None


def postponement_problem(
    *,
    granted: bool,
    current_start: date | None,
    received_on: date,
    new_start: date | None,
    regional_authority: bool,
    ground: str = PostponementGround.OTHER,
) -> str | None:
    """Innkallingsforskriften § 5: a granted postponement needs a new start date later than
    the current one. The local level decides up to six months; a § 7 postponement (weighty
    reasons, EK application, other grounds) beyond that only the region. The § 6 grounds
    (pardon, illness, pregnancy, young child) and § 8 are local whatever the length.

    The length is counted from the current day of attendance (or, without a call-in, from
    the day the application was received) to the new start date: from 01.04.2025 the local
    level may go to 01.10.2025, not 02.10.2025.
    """
    if not granted:
        return None
    if new_start is None:
        return _("Oppgi ny oppmøtedato når utsettelse innvilges.")
    base = postponement_base(current_start, received_on)
    if new_start <= base:
        return _("Ny oppmøtedato må være etter %(date)s.") % {"date": base.strftime("%d.%m.%Y")}
    if postponement_needs_region(ground, new_start, base) and not regional_authority:
        return _(
            "Utsettelse ut over seks måneder (etter %(date)s) avgjøres av regionen "
            "(innkallingsforskriften § 5 annet ledd)."
        ) % {"date": local_postponement_limit(base).strftime("%d.%m.%Y")}
    return None


def postponement_decision_problem(
    *, granted: bool, ground: str, decision_note: str, ground_not_met: bool
) -> str | None:
    """Innkallingsforskriften § 6; forvaltningsloven § 24 (strgjfl § 7): every decision on a
    postponement gives its reasons in writing. The § 6 grounds are mandatory ("skal
    utsettes"): an application on one of them may be refused only when the grounds are not
    met (no pardon application meeting strpl § 458, the illness not serious enough, the
    person wishes to start although pregnant, the child nine months or older), and the
    decision must say so: the case worker confirms it and the reasons explain why.
    """
    if not decision_note.strip():
        return _("Skriv begrunnelsen for avgjørelsen.")
    if granted or ground not in MANDATORY_POSTPONEMENT_GROUNDS:
        return None
    if not ground_not_met:
        return _(
            "%(ground)s er en obligatorisk grunn: utsettelse skal gis når vilkårene er oppfylt "
            "(innkallingsforskriften § 6). Avslag krever at du bekrefter at vilkårene ikke er "
            "oppfylt og begrunner hvorfor."
        ) % {"ground": PostponementGround(ground).label}
    return None


# --- remand (varetekt): rules.md § 9 ----------------------------------------------------------

REMAND_OFFER_HOURS = 48  # "innen to døgn"
FULL_ISOLATION_MAX_DAYS = 14  # strpl § 186 a second para: "må ikke overstige 2 uker"
FULL_ISOLATION_EXTENSION_MAX_DAYS = 28  # ibid.: "inntil 4 uker om gangen" (review pointless)

# strpl § 186 a third para: the most severe penalty the charge can carry decides the cap on
# continuous full isolation (stored on the restriction as ``RemandRestriction.penalty_scale``).
PENALTY_UP_TO_6_YEARS: str = PenaltyScale.UP_TO_6_YEARS
PENALTY_SEVERAL_OVER_6_YEARS: str = PenaltyScale.SEVERAL_OVER_6_YEARS  # together over 6 years
PENALTY_OVER_6_YEARS: str = PenaltyScale.OVER_6_YEARS
ISOLATION_CAP_WEEKS = {
    PENALTY_UP_TO_6_YEARS: 6,
    PENALTY_SEVERAL_OVER_6_YEARS: 6,
    PENALTY_OVER_6_YEARS: 12,
}


# strgjfl § 7 b: the movements a victim who asked is to be told about, as the event codes of
# ``decisions.queries.notices_due_for`` (``decisions.choices.NoticeEvent``). Escorted outings,
# hospital and § 12 stays are not among them; nor are transfer abroad, death or the end of
# remand. (tests/execution/test_victim_notice.py keeps this in step with the decisions app.)
VICTIM_NOTICE_FOR_ABSENCE: dict[str, str] = {
    AbsenceKind.LEAVE: "leave",
    AbsenceKind.INTERRUPTION: "interruption",
    AbsenceKind.DAY_RELEASE: "day_release",
    AbsenceKind.AT_HOME: "outside_prison",
    AbsenceKind.EK_PARTIAL: "outside_prison",
    AbsenceKind.ESCAPE: "escape",
    AbsenceKind.ABSCONDING: "escape",
    AbsenceKind.FAILURE_TO_RETURN: "escape",
}
VICTIM_NOTICE_FOR_RELEASE: dict[str, str] = {
    ReleaseType.PAROLE_TWO_THIRDS: "parole",
    ReleaseType.PAROLE_HALF: "parole",
    ReleaseType.PAROLE_OTHER: "parole",
    ReleaseType.FULL_TERM: "release",
}


def remand_offer_from(arrested_at: datetime | None, requested_at: datetime) -> datetime:
    """fsg § 4-1 first para; Politiarrestforskriften § 3-1: the two døgn run "etter
    pågripelsen", from the arrest. Without a known arrest time we count from the police's
    request (the arrest was at the latest then)."""
    if arrested_at is not None and arrested_at < requested_at:
        return arrested_at
    return requested_at


def remand_offer_deadline(requested_at: datetime, *, under_18: bool) -> datetime:
    """Politiarrestforskriften § 3-1; fsg § 4-1 first para: the service makes a prison place
    available within 2 døgn after the arrest; for a person under 18 as soon as possible and
    at the latest the day after the arrest (rules.md § 9, Appendix B). ``requested_at`` is
    the start of the clock (``remand_offer_from``: the arrest where it is known).

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


def book_remand_problem(
    *,
    has_open_booking: bool,
    has_open_stay: bool,
    arrested_at: datetime | None = None,
    requested_at: datetime | None = None,
) -> str | None:
    """One open booking per person, and none for a person already inside. The arrest (when
    given) comes before the police ask for a place."""
    if has_open_stay:
        return _("Personen er allerede innsatt. En varetektsbestilling gjelder en person i arrest.")
    if has_open_booking:
        return _("Personen har allerede en åpen varetektsbestilling.")
    if arrested_at is not None and requested_at is not None and arrested_at > requested_at:
        return _("Pågripelsen må være før bestillingen av varetektsplass.")
    return None


def isolation_runs(periods: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """strpl § 186 a third para ("sammenhengende tidsrom"): full-isolation rulings (first
    day, last day) joined into continuous runs. Rulings that overlap or follow on the next
    day are one run; a day without full isolation between them ends the run (our reading).
    """
    runs: list[tuple[date, date]] = []
    for first, last in sorted(periods):
        if runs and first <= runs[-1][1] + timedelta(days=1):
            runs[-1] = (runs[-1][0], max(runs[-1][1], last))
        else:
            runs.append((first, last))
    return runs


def isolation_cap_until(run_start: date, penalty_scale: str) -> date:
    """strpl § 186 a third para: the last day of continuous full isolation, 6 weeks (12 when
    the charge carries more than 6 years) from the first day, counted as the per-ruling two
    weeks are (domstolloven § 148: 6 weeks from 01.03.2025 → 12.04.2025)."""
    return run_start + timedelta(weeks=ISOLATION_CAP_WEEKS[penalty_scale])


def _is_extension(earlier: Sequence[tuple[date, date]], valid_from: date) -> bool:
    """A ruling that continues an earlier full isolation (a forlengelse)."""
    return any(first < valid_from <= last + timedelta(days=1) for first, last in earlier)


def restriction_problem(
    kind: str,
    *,
    under_18: bool,
    valid_from: date,
    valid_until: date,
    is_remand_stay: bool,
    earlier_isolation: Sequence[tuple[date, date]] = (),
    penalty_scale: str = PENALTY_UP_TO_6_YEARS,
    review_pointless: bool = False,
    weighty_reasons: str = "",
) -> str | None:
    """strpl §§ 186, 186 a: restrictions are ordered during remand. Full isolation:

    - never for a person under 18 (first para);
    - at most two weeks per ruling (second para; a week deadline ends on the same weekday,
      domstolloven § 148: from 01.03.2025 at the latest until 15.03.2025). An extension of
      an adult's isolation may be up to four weeks when the court found a review after two
      weeks pointless (``review_pointless``);
    - continuous full isolation (``earlier_isolation``: the stay's earlier full-isolation
      rulings as (first, last) days, joined by ``isolation_runs``) for at most 6 weeks when
      the charge carries up to 6 years, 12 weeks when more (third para;
      ``isolation_cap_until``). Beyond the cap only for weighty reasons
      ("tungtveiende hensyn", written in ``weighty_reasons``), and under the 6-week cap only
      when several acts together can give more than 6 years (``penalty_scale``
      ``PENALTY_SEVERAL_OVER_6_YEARS``). Without the charge's scale the 6-week cap applies.
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
    if penalty_scale not in ISOLATION_CAP_WEEKS:
        return _("Velg strafferammen for siktelsen (strpl. § 186 a tredje ledd).")
    return _ruling_length_problem(
        valid_from, valid_until, review_pointless and _is_extension(earlier_isolation, valid_from)
    ) or _isolation_cap_problem(
        earlier_isolation, valid_from, valid_until, penalty_scale, weighty_reasons
    )


def _ruling_length_problem(valid_from: date, valid_until: date, extension: bool) -> str | None:
    days = FULL_ISOLATION_EXTENSION_MAX_DAYS if extension else FULL_ISOLATION_MAX_DAYS
    latest = valid_from + timedelta(days=days)
    if valid_until <= latest:
        return None
    if extension:
        return _(
            "En forlengelse av full isolasjon kan gjelde høyst fire uker, her til og med "
            "%(date)s (strpl. § 186 a annet ledd)."
        ) % {"date": latest.strftime("%d.%m.%Y")}
    return _(
        "Full isolasjon kan besluttes for høyst to uker om gangen, her til og med "
        "%(date)s (strpl. § 186 a). Registrer en forlengelse som en ny kjennelse."
    ) % {"date": latest.strftime("%d.%m.%Y")}


def _isolation_cap_problem(
    earlier: Sequence[tuple[date, date]],
    valid_from: date,
    valid_until: date,
    penalty_scale: str,
    weighty_reasons: str,
) -> str | None:
    run = next(
        (first, last)
        for first, last in isolation_runs([*earlier, (valid_from, valid_until)])
        if first <= valid_from <= last
    )
    cap = isolation_cap_until(run[0], penalty_scale)
    if run[1] <= cap:
        return None
    may_exceed = penalty_scale != PENALTY_UP_TO_6_YEARS
    if may_exceed and weighty_reasons.strip():
        return None
    text = _(
        "Full isolasjon kan ikke vare sammenhengende i mer enn %(weeks)s uker, her fra "
        "%(start)s til og med %(date)s (strpl. § 186 a tredje ledd)."
    ) % {
        "weeks": ISOLATION_CAP_WEEKS[penalty_scale],
        "start": run[0].strftime("%d.%m.%Y"),
        "date": cap.strftime("%d.%m.%Y"),
    }
    if may_exceed:
        hint = _("Lengre isolasjon krever tungtveiende hensyn: skriv dem inn fra kjennelsen.")
    else:
        hint = _(
            "Gjelder siktelsen flere handlinger som samlet kan gi mer enn 6 års fengsel, velg "
            "det og skriv inn de tungtveiende hensynene fra kjennelsen."
        )
    return f"{text} {hint}"


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
