"""Pure rules for execution in the community: hours, reporting duty, breaches and their
deadlines, programme periods and ND phases, EK equipment and the EK schedule. Plain values
in, plain values out; no ORM, no request, no settings.

Each ``*_problem`` function returns ``None`` when the step is allowed, or the reason it is
refused, in Norwegian, saying what to do instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from varde.community.choices import (
    BreachResponse,
    CaseKind,
    ContactKind,
    EkTechnology,
    EquipmentEventKind,
    NdPhase,
    SchedulePurpose,
    Weekday,
)
from varde.organisation.choices import Role
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
_PRISON_BREACH = (BreachResponse.WRITTEN_REPRIMAND, BreachResponse.TRANSFER_TO_PRISON)
_STEPWISE_BREACH = (
    BreachResponse.WARNING,
    BreachResponse.TIGHTENING_INTERVIEW,
    BreachResponse.NEW_CONDITIONS,
    BreachResponse.REFERRAL_TO_COURT,
)
# The responses the law gives each kind, and where it says so.
BREACH_RESPONSES: dict[str, tuple[tuple[str, ...], str]] = {
    CaseKind.COMMUNITY_SENTENCE: (_STEPWISE_BREACH, "strgjfl § 58; fsg § 5-4"),
    CaseKind.PAROLE: (_STEPWISE_BREACH, "strgjfl § 44; fsg § 3-45"),
    CaseKind.EK_FULL: (_PRISON_BREACH, "fsg § 7-7; strgjfl §§ 14, 40"),
    CaseKind.EK_PARTIAL: (_PRISON_BREACH, "fsg § 7-7; strgjfl §§ 14, 40"),
    CaseKind.AT_HOME: (_PRISON_BREACH, "strgjfl §§ 16, 14, 40"),
    CaseKind.FINE_SERVICE: (
        (BreachResponse.WARNING, *_PRISON_BREACH),
        "strgjfl § 16 b; fsg § 8-8",
    ),
    CaseKind.RK_PROGRAMME: (
        (BreachResponse.WARNING, BreachResponse.REFERRAL_TO_COURT),
        "RK-forskriften § 12; strl § 39",
    ),
    CaseKind.ND_PROGRAMME: (
        (
            BreachResponse.WARNING,
            BreachResponse.TIGHTENED_CONTROLS,
            BreachResponse.REFERRAL_TO_COURT,
        ),
        "narkotikaprogramforskriften § 13; strl § 39",
    ),
}
# Referral to court only after an interview or new conditions: strgjfl § 58 second para
# (community sentence) and § 44 second para (parole). ND and RK go straight to court on a
# serious breach (ND-forskriften § 13 fourth para; RK-forskriften § 12).
STEPWISE_KINDS: dict[str, str] = {CaseKind.COMMUNITY_SENTENCE: "§ 58", CaseKind.PAROLE: "§ 44"}
# Who decides to bring a breach case to court: the regional level (strgjfl § 6 second para,
# §§ 44 and 58 second para; regiondirektøren under ND-forskriften § 13 and RK-forskriften § 12).
REFERRAL_ROLES = frozenset({Role.REGIONAL_OFFICER, Role.SYSTEM_ADMIN})
# Written reprimand under strgjfl § 40 third para (EK, § 16): 48 hours to appeal (§ 7 e).
_SECTION_40_KINDS = frozenset({CaseKind.EK_FULL, CaseKind.EK_PARTIAL, CaseKind.AT_HOME})
PROGRAMME_KINDS = frozenset({CaseKind.ND_PROGRAMME, CaseKind.RK_PROGRAMME})
COURT_REQUEST_MONTHS = 3  # strl § 39 second para: within 3 months after the probation period
# Contacts that fulfil a duty to meet (møteplikt): fsg § 7-4 third para (EK: meet; a video
# call may replace it, fsg § 7-5 fifth para), fsg § 3-8 (§ 16: meet), strgjfl § 43 second
# para (parole: meet). Where the office sets the frequency, any contact but a control counts.
REPORTING_CONTACTS: dict[str, frozenset[str]] = {
    CaseKind.EK_FULL: frozenset({ContactKind.MEETING, ContactKind.VIDEO}),
    CaseKind.EK_PARTIAL: frozenset({ContactKind.MEETING, ContactKind.VIDEO}),
    CaseKind.AT_HOME: frozenset({ContactKind.MEETING}),
    CaseKind.PAROLE: frozenset({ContactKind.MEETING}),
}
DEFAULT_REPORTING_CONTACTS = frozenset({ContactKind.MEETING, ContactKind.PHONE, ContactKind.VIDEO})


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


def contact_fulfils_duty(case_kind: str, contact_kind: str) -> bool:
    """Whether an attended contact counts towards the reporting duty of the case kind: for
    EK a meeting or a video call (fsg §§ 7-4, 7-5), for § 16 and parole a meeting (fsg
    § 3-8; strgjfl § 43). A control visit (EK-kontroll, fsg § 7-5 second para) never does:
    the service came to the person, the person did not report."""
    return contact_kind in REPORTING_CONTACTS.get(case_kind, DEFAULT_REPORTING_CONTACTS)


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


def nd_phase_change_problem(
    *,
    kind: str,
    is_open: bool,
    current: str,
    to_phase: str,
    decided_on: date,
    start: date,
    last_change_on: date | None,
    today: date,
    reason: str,
    heard: bool,
) -> str | None:
    """A phase change in the ND programme is the court's ruling (kjennelse), registered with
    its date.

    - Forward: one phase at a time, never skipping (ND-forskriften § 7 first and third
      para), and the convicted must have been heard before the service asked the court
      (§ 7 second para).
    - Back to an earlier phase: the regulation has no step back; the court may change the
      conditions by ruling (strl § 39 first para), so it is allowed only with the reasons.
    """
    if kind != CaseKind.ND_PROGRAMME:
        return _("Faser gjelder bare narkotikaprogram med domstolskontroll.")
    if not is_open:
        return _("Saken er avsluttet. Fasen kan ikke endres.")
    if to_phase not in ND_PHASES:
        return _("Velg fase.")
    if to_phase == current:
        return _("Saken er allerede i %(phase)s.") % {"phase": NdPhase(to_phase).label.lower()}
    if decided_on > today:
        return _("Datoen for kjennelsen kan ikke være fram i tid.")
    if decided_on < start:
        return _("Datoen er før saken startet (%(start)s).") % {"start": f"{start:%d.%m.%Y}"}
    if last_change_on is not None and decided_on < last_change_on:
        return _("Datoen er før forrige faseendring (%(day)s).") % {
            "day": f"{last_change_on:%d.%m.%Y}"
        }
    forward = not current or ND_PHASES.index(NdPhase(to_phase)) > ND_PHASES.index(NdPhase(current))
    if forward:
        following = next_nd_phase(current)
        if to_phase != following:
            return _(
                "Fasene kan ikke hoppes over. Neste fase er %(next)s "
                "(narkotikaprogramforskriften § 7)."
            ) % {"next": NdPhase(following or current).label.lower()}
        if not heard:
            return _(
                "Domfelte skal ha fått uttale seg før kriminalomsorgen ber retten om neste fase "
                "(narkotikaprogramforskriften § 7 annet ledd). Kryss av når det er gjort."
            )
        return None
    if not reason.strip():
        return _(
            "Tilbake til en tidligere fase krever rettens kjennelse om endrede vilkår "
            "(straffeloven § 39 første ledd). Skriv begrunnelsen."
        )
    return None


def days_in_phase(since: date, today: date) -> int:
    """Days since the phase began (the court's ruling, or the start of the programme)."""
    return max((today - since).days, 0)


# --- breaches --------------------------------------------------------------------------------


def breach_responses(kind: str) -> tuple[str, ...]:
    """The responses the law gives a breach in a case of this kind (``BREACH_RESPONSES``)."""
    return BREACH_RESPONSES.get(kind, ((), ""))[0]


def breach_problem(
    *,
    kind: str,
    is_open: bool,
    response: str,
    earlier: Iterable[tuple[str, date]],
    day: date,
    start: date,
    today: date,
    conditions: str = "",
) -> str | None:
    """Whether a breach and its response may be registered.

    - The response must be one the law gives for the kind: EK and § 16 written reprimand or
      transfer back to prison (fsg § 7-7; strgjfl §§ 14 seventh para, 16, 40 third para);
      fine service also a warning (fsg § 8-8); community sentence and parole warning,
      tightening interview, new conditions, court (strgjfl §§ 44, 58; fsg §§ 3-45, 5-4);
      RK and ND warning (ND also tightened controls) or court (RK-forskriften § 12;
      ND-forskriften § 13).
    - Community sentence and parole go to court only when the person breaches again after a
      tightening interview or new conditions (strgjfl § 58 and § 44 second para).
    - New conditions are written down (strgjfl § 58 first para a-d, § 44 first para).

    ``earlier``: (response, decided on) of the case's earlier breaches.
    """
    if not is_open:
        return _("Saken er avsluttet. Brudd kan ikke registreres på en avsluttet sak.")
    if day > today:
        return _("Datoen kan ikke være fram i tid.")
    if day < start:
        return _("Datoen er før saken startet (%(start)s).") % {"start": f"{start:%d.%m.%Y}"}
    allowed, basis = BREACH_RESPONSES.get(kind, ((), ""))
    if response not in allowed:
        return _("%(response)s er ikke en reaksjon ved %(kind)s. Velg %(allowed)s (%(basis)s).") % {
            "response": BreachResponse(response).label,
            "kind": CaseKind(kind).label.lower(),
            "allowed": _(" eller ").join(BreachResponse(a).label.lower() for a in allowed),
            "basis": basis,
        }
    if response == BreachResponse.NEW_CONDITIONS and not conditions.strip():
        return _(
            "Skriv vilkårene som blir satt (for eksempel oppholdssted, rusforbud, meldeplikt)."
        )
    section = STEPWISE_KINDS.get(kind)
    if response == BreachResponse.REFERRAL_TO_COURT and section:
        first_steps = [
            on for earlier_response, on in earlier if earlier_response in FIRST_STEP_RESPONSES
        ]
        if not any(on <= day for on in first_steps):
            return _(
                "Saken kan bringes inn for retten først når vilkårene er brutt på nytt etter "
                "innskjerpingssamtale eller nye vilkår (straffegjennomføringsloven %(section)s "
                "annet ledd). Registrer en av dem først."
            ) % {"section": section}
    return None


def referral_role_problem(role: str | None) -> str | None:
    """strgjfl § 6 second para, §§ 44 and 58 second para; ND-forskriften § 13;
    RK-forskriften § 12: the regional level brings a breach case to court. ``None``: a
    system job acting on a decision already made."""
    if role is None or role in REFERRAL_ROLES:
        return None
    return _(
        "Begjæring til retten besluttes av regionalt nivå (straffegjennomføringsloven § 6 og "
        "§ 58 annet ledd). Be regionen registrere beslutningen."
    )


def breach_deadline(
    kind: str,
    response: str,
    decided_on: date,
    execution_ends: date | None,
    probation_ends: date | None = None,
) -> tuple[date | None, str]:
    """The deadline that follows from the response, and its legal basis.

    - Referral to court of a community sentence: the request must reach the court within
      3 months after the execution period (strl § 52).
    - Referral in the ND and RK programmes: within 3 months after the probation period
      (strl § 39 second para).
    - Referral of a parole breach: no deadline in the law; no appeal (strgjfl § 7 letter f).
    - Other responses: the appeal deadline, 48 hours for reactions under strgjfl § 58 first
      para (community sentence) and § 40 (written reprimand on EK or § 16), else 7 days
      (strgjfl § 7 letter e).
    """
    if response == BreachResponse.REFERRAL_TO_COURT:
        if kind == CaseKind.COMMUNITY_SENTENCE and execution_ends is not None:
            return conversion_deadline(execution_ends), "strl § 52"
        if kind in PROGRAMME_KINDS and probation_ends is not None:
            return _plus_months(probation_ends, COURT_REQUEST_MONTHS), "strl § 39 annet ledd"
        return None, ""
    short = kind == CaseKind.COMMUNITY_SENTENCE or (
        response == BreachResponse.WRITTEN_REPRIMAND and kind in _SECTION_40_KINDS
    )
    if short:
        return decided_on + timedelta(days=APPEAL_HOURS_BREACH // 24), "strgjfl § 7 e (48 timer)"
    return decided_on + timedelta(days=APPEAL_DAYS), "strgjfl § 7 e (7 dager)"


# --- EK equipment (fsg § 7-5) ----------------------------------------------------------------

STATE_CHANGES = frozenset(
    {EquipmentEventKind.MOUNTED, EquipmentEventKind.REPLACED, EquipmentEventKind.REMOVED}
)


def mounted_devices(events: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """What is mounted after ``events`` (kind, technology, device id), oldest first:
    technology → device id."""
    mounted: dict[str, str] = {}
    for kind, technology, device in events:
        if kind in (EquipmentEventKind.MOUNTED, EquipmentEventKind.REPLACED):
            mounted[technology] = device
        elif kind == EquipmentEventKind.REMOVED:
            mounted.pop(technology, None)
    return mounted


def mounted_text(mounted: Mapping[str, str]) -> str:
    return ", ".join(f"{EkTechnology(tech).label} ({device})" for tech, device in mounted.items())


def equipment_problem(
    *,
    kind: str,
    is_open: bool,
    event_kind: str,
    technology: str,
    device_id: str,
    mounted: Mapping[str, str],
    at: datetime,
    now: datetime,
    start: date,
    last_change_at: datetime | None,
    note: str,
    informed: bool,
) -> str | None:
    """An equipment event on an EK case (fsg § 7-5; strgjfl § 16 a fourth para).

    ``mounted``: what was mounted at ``at`` (``mounted_devices``). Mounting, replacing and
    removing follow one another in time. Radio frequency is the default; other technology
    only when it is not enough, with the reason (§ 7-5 third para), and only after the person
    has been told what is used, what data it processes and what a breach leads to (§ 7-5
    eighth para). A closed case takes only the removal of what is still mounted.
    """
    if kind not in (CaseKind.EK_FULL, CaseKind.EK_PARTIAL):
        return _("Utstyr registreres bare i saker med elektronisk kontroll.")
    if event_kind not in EquipmentEventKind.values:
        return _("Velg hva som skjedde med utstyret.")
    if technology not in EkTechnology.values:
        return _("Velg teknologi.")
    if not is_open and event_kind != EquipmentEventKind.REMOVED:
        return _("Saken er avsluttet. Bare demontering kan registreres.")
    if at > now:
        return _("Tidspunktet kan ikke være fram i tid.")
    if at.date() < start:
        return _("Tidspunktet er før saken startet (%(start)s).") % {"start": f"{start:%d.%m.%Y}"}
    if event_kind in STATE_CHANGES and last_change_at is not None and at < last_change_at:
        return _(
            "Tidspunktet er før forrige montering, bytte eller demontering (%(at)s). "
            "Registrer i rekkefølge."
        ) % {"at": f"{last_change_at:%d.%m.%Y %H:%M}"}
    label = str(EkTechnology(technology).label)
    current = mounted.get(technology)
    if event_kind == EquipmentEventKind.MOUNTED:
        return _mount_problem(technology, label, device_id, current, note, informed)
    if current is None:
        return _("%(technology)s er ikke montert.") % {"technology": label}
    if event_kind == EquipmentEventKind.REPLACED:
        if not device_id.strip():
            return _("Skriv serienummeret til den nye enheten.")
        if device_id.strip() == current:
            return _("Den nye enheten har samme ID som den som er montert (%(device)s).") % {
                "device": current
            }
        return None
    if device_id.strip() and device_id.strip() != current:
        return _("Montert enhet er %(device)s, ikke %(given)s.") % {
            "device": current,
            "given": device_id.strip(),
        }
    if event_kind in (EquipmentEventKind.FAULT, EquipmentEventKind.ALARM) and not note.strip():
        return _("Beskriv feilen eller alarmen i merknaden.")
    return None


def _mount_problem(
    technology: str, label: str, device_id: str, current: str | None, note: str, informed: bool
) -> str | None:
    if current is not None:
        return _("%(technology)s er allerede montert (%(device)s). Registrer bytte i stedet.") % {
            "technology": label,
            "device": current,
        }
    if not device_id.strip():
        return _("Skriv serienummeret eller enhets-ID-en.")
    if not informed:
        return _(
            "Før teknologien tas i bruk, skal domfelte få vite hvilken teknologi som brukes, "
            "hvilke opplysninger som behandles og hva brudd kan føre til (fsg § 7-5 åttende "
            "ledd). Kryss av når det er gjort."
        )
    if technology != EkTechnology.RADIO_FREQUENCY and not note.strip():
        return _(
            "%(technology)s brukes bare når radiofrekvens ikke er nok (fsg § 7-5 tredje ledd). "
            "Skriv begrunnelsen i merknaden."
        ) % {"technology": label}
    return None


def completion_equipment_problem(mounted: Mapping[str, str]) -> str | None:
    """An EK case is completed only when the equipment is off (fsg § 7-5: the control ends
    with the execution)."""
    if not mounted:
        return None
    return _(
        "Utstyret er fortsatt montert: %(devices)s. Registrer demontering før saken avsluttes "
        "som gjennomført."
    ) % {"devices": mounted_text(mounted)}


# --- EK schedule (fsg §§ 7-4, 7-6) -----------------------------------------------------------

DAY_MINUTES = 24 * 60  # a period may end at 24:00


def parse_clock(text: str) -> int | None:
    """``"07:30"`` → 450 minutes after midnight; ``"24:00"`` is the end of the day. ``None``
    when the text is not a time of day."""
    hours, _sep, minutes = text.strip().replace(".", ":").partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        return None
    value = int(hours) * 60 + int(minutes)
    return value if int(minutes) < 60 and value <= DAY_MINUTES else None


def clock_text(minutes: int) -> str:
    """450 → ``"07:30"``; 1440 → ``"24:00"``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def schedule_entry_problem(
    *,
    kind: str,
    is_open: bool,
    weekday: int,
    start: int,
    end: int,
    purpose: str,
    note: str,
    others: Iterable[tuple[int, int, int]],
) -> str | None:
    """A weekly period the person on EK may be away from home (fsg § 7-6 first para: the
    person stays at home except for occupation and reporting, fsg § 7-4 second and third
    para). Times are minutes after midnight; a period lies within one day (it may end at
    24:00) and periods do not overlap; "other" needs a note saying what it is."""
    if kind not in (CaseKind.EK_FULL, CaseKind.EK_PARTIAL):
        return _("Timeplan gjelder bare saker med elektronisk kontroll.")
    if not is_open:
        return _("Saken er avsluttet. Timeplanen kan ikke endres.")
    if weekday not in Weekday.values:
        return _("Velg ukedag.")
    if purpose not in SchedulePurpose.values:
        return _("Velg formål.")
    if not (0 <= start < DAY_MINUTES and 0 < end <= DAY_MINUTES):
        return _("Skriv klokkeslett mellom 00:00 og 24:00.")
    if end <= start:
        return _(
            "Sluttid må være etter starttid. Går tidsrommet over midnatt, del det i to: "
            "til 24:00 og fra 00:00 neste dag."
        )
    if purpose == SchedulePurpose.OTHER and not note.strip():
        return _(
            "Skriv hva tidsrommet gjelder. Ellers skal domfelte være hjemme "
            "(fsg § 7-6 første ledd)."
        )
    for other_day, other_start, other_end in others:
        if other_day == weekday and start < other_end and other_start < end:
            return _("Tidsrommet overlapper %(day)s %(start)s–%(end)s. Endre det i stedet.") % {
                "day": Weekday(other_day).label,
                "start": clock_text(other_start),
                "end": clock_text(other_end),
            }
    return None
