"""Every write to community cases: open, log hours, register reporting and breaches, move an
ND programme between phases, register EK equipment and the EK schedule, close.

Each action runs in one transaction, checks who may act and the rule from ``rules.py`` (a
Norwegian ``ValidationError``, nothing saved, on refusal), writes, appends the audit row and
a journal event. Opening a case makes the probation office responsible for the person (so
its staff see them) and starts the judgment's execution; closing ends both.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from varde.audit.actions import actor_name, record_create, record_delete, record_update, snapshot
from varde.community import rules
from varde.community.choices import (
    HOURS_KINDS,
    KINDS_FOR_REACTION,
    OWN_EXECUTION_KINDS,
    BreachResponse,
    CaseKind,
    CaseStatus,
    ContactKind,
    EkTechnology,
    EquipmentEventKind,
    NdPhase,
    SchedulePurpose,
    Weekday,
)
from varde.community.models import (
    Breach,
    CommunityCase,
    EquipmentEvent,
    HoursLog,
    NdPhaseChange,
    ReportingEvent,
    ScheduleEntry,
)
from varde.community.queries import (
    last_equipment_change_at,
    last_phase_change_on,
    mounted_at,
    mounted_now,
    open_case_for,
    planned_end_for,
    probation_end_for,
)
from varde.journal.actions import journal_event
from varde.organisation.choices import PERSON_EDIT_ROLES, UnitKind
from varde.organisation.queries import units_assignable_by
from varde.people.actions import do_close_responsibility, do_open_responsibility
from varde.people.choices import ResponsibilityReason
from varde.people.models import Person, Responsibility
from varde.sentencing.actions import do_set_judgment_status
from varde.sentencing.choices import OPEN_STATUSES, JudgmentStatus

if TYPE_CHECKING:
    from varde.organisation.models import Unit, User
    from varde.sentencing.models import Judgment


def _require_editor(actor: User | None, person: Person) -> None:
    """System jobs (actor None) may write; people need an editing role and the person."""
    if actor is None:
        return
    if actor.role not in PERSON_EDIT_ROLES:
        raise PermissionDenied(_("Rollen din kan ikke registrere i saker i friomsorgen."))
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Du har ikke tilgang til denne personen."))


def _refuse(problem: str | None) -> None:
    if problem:
        raise ValidationError(problem)


def _lock(case: CommunityCase) -> CommunityCase:
    return (
        CommunityCase.objects.select_for_update().select_related("person", "office").get(pk=case.pk)
    )


def _check_office(office: Unit, actor: User | None) -> None:
    if office.kind != UnitKind.PROBATION_OFFICE:
        raise ValidationError({"office": _("Velg et friomsorgskontor.")})
    if actor is not None and not units_assignable_by(actor).filter(pk=office.pk).exists():
        raise ValidationError({"office": _("Du kan ikke gi dette kontoret ansvar for saken.")})


def _check_judgment(judgment: Judgment, person: Person, kind: str) -> None:
    if judgment.person_id != person.pk:
        raise ValidationError({"judgment": _("Dommen gjelder en annen person.")})
    if kind not in KINDS_FOR_REACTION.get(judgment.reaction, ()):
        raise ValidationError(
            {
                "kind": _("%(kind)s passer ikke til reaksjonen i dommen (%(reaction)s).")
                % {"kind": CaseKind(kind).label, "reaction": judgment.get_reaction_display()}
            }
        )
    if kind in OWN_EXECUTION_KINDS and judgment.status not in OPEN_STATUSES:
        raise ValidationError({"judgment": _("Dommen er allerede gjennomført eller bortfalt.")})
    if open_case_for(judgment) is not None:
        raise ValidationError(
            {"judgment": _("Dommen har allerede en åpen sak i friomsorgen. Avslutt den først.")}
        )


def _take_responsibility(
    person: Person, office: Unit, start: date, kind: str, actor: User | None
) -> Responsibility:
    """The office's open responsibility for the person (taken over by the case), or a new one."""
    found = person.responsibilities.filter(unit=office, date_to__isnull=True).first()
    if found is not None:
        return found
    return do_open_responsibility(
        person,
        office,
        date_from=start,
        reason=ResponsibilityReason.COMMUNITY_CASE,
        actor=actor,
        note=str(CaseKind(kind).label),
    )


@transaction.atomic
def do_open_case(
    person: Person,
    judgment: Judgment,
    office: Unit,
    *,
    kind: str,
    actor: User | None,
    start: date | None = None,
    reporting_every_days: int | None = None,
) -> CommunityCase:
    """Start execution in the community at a probation office: the office becomes
    responsible for the person and the judgment is in execution."""
    _require_editor(actor, person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    today = timezone.localdate()
    start = start or today
    if kind not in CaseKind.values:
        raise ValidationError({"kind": _("Velg type gjennomføring.")})
    if start > today:
        raise ValidationError({"start": _("Oppstart kan ikke være fram i tid.")})
    _check_office(office, actor)
    _check_judgment(judgment, person, kind)
    case = CommunityCase(
        person=person,
        judgment=judgment,
        office=office,
        kind=kind,
        start=start,
        planned_end=planned_end_for(judgment, kind, start),
        hours_ordered=judgment.hours if kind in HOURS_KINDS else None,
        reporting_every_days=rules.max_days_between_contacts(kind, reporting_every_days),
        nd_phase=rules.ND_PHASES[0] if kind == CaseKind.ND_PROGRAMME else "",
    )
    case.responsibility = _take_responsibility(person, office, start, kind, actor)
    case.full_clean()
    case.save()
    record_create(case, actor=actor, action="open_community_case", person=person)
    if kind in OWN_EXECUTION_KINDS:
        do_set_judgment_status(judgment, JudgmentStatus.IN_EXECUTION, actor=actor)
    journal_event(
        person,
        _("Sak i friomsorgen startet: %(kind)s ved %(office)s fra %(start)s.")
        % {"kind": case.get_kind_display(), "office": office.name, "start": f"{start:%d.%m.%Y}"},
        actor=actor,
        source_action="open_community_case",
        unit=office,
    )
    return case


def _performed(case: CommunityCase) -> Decimal:
    total = case.hours_logs.aggregate(total=Sum("hours"))["total"]
    return Decimal(total or 0)


@transaction.atomic
def do_log_hours(
    case: CommunityCase,
    *,
    day: date,
    hours: Decimal,
    activity: str,
    actor: User | None,
) -> HoursLog:
    """Hours performed in one session (strl § 49 a; strgjfl § 53; fsg § 8-2)."""
    _require_editor(actor, case.person)
    case = _lock(case)
    _refuse(
        rules.log_hours_problem(
            kind=case.kind,
            is_open=case.is_open,
            ordered=case.hours_ordered,
            performed=_performed(case),
            hours=Decimal(hours),
            day=day,
            start=case.start,
            today=timezone.localdate(),
        )
    )
    if not activity.strip():
        raise ValidationError({"activity": _("Skriv hva timene ble brukt til.")})
    entry = HoursLog(
        case=case,
        day=day,
        hours=hours,
        activity=activity.strip(),
        registered_by=actor,
        registered_by_name=actor_name(actor),
    )
    entry.full_clean()
    entry.save()
    record_create(entry, actor=actor, action="log_hours", person=case.person)
    journal_event(
        case.person,
        _("%(hours)s timer %(kind)s ført for %(day)s: %(activity)s.")
        % {
            "hours": rules.hours_text(entry.hours),
            "kind": case.get_kind_display().lower(),
            "day": f"{day:%d.%m.%Y}",
            "activity": entry.activity,
        },
        actor=actor,
        source_action="log_hours",
        unit=case.office,
    )
    return entry


@transaction.atomic
def do_register_reporting(
    case: CommunityCase,
    *,
    day: date,
    kind: str,
    attended: bool,
    actor: User | None,
    note: str = "",
) -> ReportingEvent:
    """A contact under the reporting duty (fsg §§ 3-42, 7-4): attended or missed."""
    _require_editor(actor, case.person)
    case = _lock(case)
    if kind not in ContactKind.values:
        raise ValidationError({"kind": _("Velg type kontakt.")})
    _refuse(
        rules.reporting_problem(
            is_open=case.is_open, day=day, start=case.start, today=timezone.localdate()
        )
    )
    event = ReportingEvent(
        case=case, day=day, kind=kind, attended=attended, note=note.strip(), registered_by=actor
    )
    event.full_clean()
    event.save()
    record_create(event, actor=actor, action="register_reporting", person=case.person)
    text = _("Oppmøte (%(kind)s) %(day)s.") if attended else _("Ikke møtt (%(kind)s) %(day)s.")
    journal_event(
        case.person,
        text % {"kind": event.get_kind_display().lower(), "day": f"{day:%d.%m.%Y}"},
        actor=actor,
        source_action="register_reporting",
        unit=case.office,
    )
    return event


@transaction.atomic
def do_register_breach(
    case: CommunityCase,
    *,
    day: date,
    description: str,
    response: str,
    actor: User | None,
    conditions: str = "",
) -> Breach:
    """A breach case and the response the law gives the case's kind (``rules.breach_problem``:
    strgjfl §§ 14, 16 b, 40, 44, 58; fsg §§ 3-45, 5-4, 7-7, 8-8; RK-forskriften § 12;
    ND-forskriften § 13). Only the regional level refers a case to court; a referral
    interrupts the execution (strgjfl §§ 44, 58 third para): the case goes to status breach.
    A transfer back to prison is carried out by the prison's admission, which ends the case."""
    _require_editor(actor, case.person)
    case = _lock(case)
    today = timezone.localdate()
    if response not in BreachResponse.values:
        raise ValidationError({"response": _("Velg reaksjon på bruddet.")})
    if not description.strip():
        raise ValidationError({"description": _("Beskriv bruddet.")})
    _refuse(
        rules.breach_problem(
            kind=case.kind,
            is_open=case.status == CaseStatus.ACTIVE,
            response=response,
            earlier=case.breaches.values_list("response", "decided_on"),
            day=day,
            start=case.start,
            today=today,
            conditions=conditions,
        )
    )
    if response == BreachResponse.REFERRAL_TO_COURT:
        _refuse(rules.referral_role_problem(actor.role if actor else None))
    probation_ends = probation_end_for(case) if case.kind in rules.PROGRAMME_KINDS else None
    deadline, basis = rules.breach_deadline(
        case.kind, response, today, case.planned_end, probation_ends
    )
    breach = Breach(
        case=case,
        day=day,
        description=description.strip(),
        response=response,
        conditions=conditions.strip(),
        deadline=deadline,
        deadline_basis=basis,
        decided_by=actor,
        decided_by_name=actor_name(actor),
        decided_on=today,
    )
    breach.full_clean()
    breach.save()
    record_create(breach, actor=actor, action="register_breach", person=case.person)
    if response == BreachResponse.REFERRAL_TO_COURT:
        _set_status(case, CaseStatus.BREACH, actor=actor)
    journal_event(
        case.person,
        _("Brudd %(day)s registrert; reaksjon: %(response)s.")
        % {"day": f"{day:%d.%m.%Y}", "response": breach.get_response_display().lower()},
        actor=actor,
        source_action="register_breach",
        unit=case.office,
    )
    return breach


# --- ND programme phases (ND-forskriften § 7) ------------------------------------------------


@transaction.atomic
def do_change_nd_phase(
    case: CommunityCase,
    *,
    to_phase: str,
    decided_on: date,
    actor: User | None,
    reason: str = "",
    court_reference: str = "",
    convicted_heard: bool = False,
) -> NdPhaseChange:
    """Register the court's ruling that moves an ND programme to another phase: the next one
    (ND-forskriften § 7), or with reasons an earlier one (strl § 39 first para)."""
    _require_editor(actor, case.person)
    case = _lock(case)
    _refuse(
        rules.nd_phase_change_problem(
            kind=case.kind,
            is_open=case.is_open,
            current=case.nd_phase,
            to_phase=to_phase,
            decided_on=decided_on,
            start=case.start,
            last_change_on=last_phase_change_on(case),
            today=timezone.localdate(),
            reason=reason,
            heard=convicted_heard,
        )
    )
    change = NdPhaseChange(
        case=case,
        from_phase=case.nd_phase,
        to_phase=to_phase,
        decided_on=decided_on,
        court_reference=court_reference.strip(),
        reason=reason.strip(),
        convicted_heard=convicted_heard,
        registered_by=actor,
        registered_by_name=actor_name(actor),
    )
    change.full_clean()
    change.save()
    record_create(change, actor=actor, action="change_nd_phase", person=case.person)
    before = snapshot(case)
    case.nd_phase = to_phase
    case.save(update_fields=["nd_phase"])
    record_update(
        case, before, actor=actor, action="change_nd_phase", person=case.person, reason=reason
    )
    text = (
        _("Narkotikaprogrammet: tilbake til %(phase)s etter rettens kjennelse %(day)s.")
        if change.from_phase
        and rules.ND_PHASES.index(NdPhase(to_phase))
        < rules.ND_PHASES.index(NdPhase(change.from_phase))
        else _("Narkotikaprogrammet: over i %(phase)s etter rettens kjennelse %(day)s.")
    )
    journal_event(
        case.person,
        text % {"phase": NdPhase(to_phase).label.lower(), "day": f"{decided_on:%d.%m.%Y}"},
        actor=actor,
        source_action="change_nd_phase",
        unit=case.office,
    )
    return change


# --- EK equipment (fsg § 7-5) ----------------------------------------------------------------

_EQUIPMENT_TEXT = {
    EquipmentEventKind.MOUNTED: _lazy("EK-utstyr montert: %(technology)s (%(device)s), %(at)s."),
    EquipmentEventKind.REPLACED: _lazy(
        "EK-utstyr byttet: %(technology)s, ny enhet %(device)s, %(at)s."
    ),
    EquipmentEventKind.FAULT: _lazy("Feil på EK-utstyr: %(technology)s (%(device)s), %(at)s."),
    EquipmentEventKind.ALARM: _lazy("Alarm fra EK-utstyr: %(technology)s (%(device)s), %(at)s."),
    EquipmentEventKind.REMOVED: _lazy("EK-utstyr demontert: %(technology)s (%(device)s), %(at)s."),
}


@transaction.atomic
def do_register_equipment_event(
    case: CommunityCase,
    *,
    kind: str,
    technology: str,
    at: datetime,
    actor: User | None,
    device_id: str = "",
    note: str = "",
    person_informed: bool = False,
) -> EquipmentEvent:
    """Equipment mounted, replaced, failing, alarming or removed on an EK case (fsg § 7-5).
    For a fault, an alarm or a removal the device defaults to the one mounted."""
    _require_editor(actor, case.person)
    case = _lock(case)
    mounted = mounted_at(case, at)
    _refuse(
        rules.equipment_problem(
            kind=case.kind,
            is_open=case.is_open,
            event_kind=kind,
            technology=technology,
            device_id=device_id,
            mounted=mounted,
            at=at,
            now=timezone.now(),
            start=case.start,
            last_change_at=last_equipment_change_at(case),
            note=note,
            informed=person_informed,
        )
    )
    current = mounted.get(technology, "")
    new_device = kind in (EquipmentEventKind.MOUNTED, EquipmentEventKind.REPLACED)
    event = EquipmentEvent(
        case=case,
        kind=kind,
        technology=technology,
        device_id=device_id.strip() if new_device else current,
        replaced_device_id=current if kind == EquipmentEventKind.REPLACED else "",
        at=at,
        note=note.strip(),
        person_informed=person_informed,
        registered_by=actor,
        registered_by_name=actor_name(actor),
    )
    event.full_clean()
    event.save()
    record_create(event, actor=actor, action="register_equipment_event", person=case.person)
    journal_event(
        case.person,
        str(_EQUIPMENT_TEXT[EquipmentEventKind(kind)])
        % {
            "technology": EkTechnology(technology).label.lower(),
            "device": event.device_id,
            "at": f"{timezone.localtime(at):%d.%m.%Y %H:%M}",
        },
        actor=actor,
        source_action="register_equipment_event",
        unit=case.office,
    )
    return event


# --- EK schedule (fsg §§ 7-4, 7-6) -----------------------------------------------------------


def _check_schedule(
    case: CommunityCase,
    *,
    weekday: int,
    start_minute: int,
    end_minute: int,
    purpose: str,
    note: str,
    exclude: int | None = None,
) -> None:
    entries = case.schedule_entries.all()
    if exclude is not None:
        entries = entries.exclude(pk=exclude)
    others = entries.values_list("weekday", "start_minute", "end_minute")
    _refuse(
        rules.schedule_entry_problem(
            kind=case.kind,
            is_open=case.is_open,
            weekday=weekday,
            start=start_minute,
            end=end_minute,
            purpose=purpose,
            note=note,
            others=others,
        )
    )


def _period_text(entry: ScheduleEntry) -> str:
    day, purpose = Weekday(entry.weekday).label, SchedulePurpose(entry.purpose).label.lower()
    return f"{day} {entry.start_time}–{entry.end_time} ({purpose})"


def _schedule_journal(case: CommunityCase, text: str, actor: User | None) -> None:
    journal_event(case.person, text, actor=actor, source_action="ek_schedule", unit=case.office)


@transaction.atomic
def do_add_schedule_entry(
    case: CommunityCase,
    *,
    weekday: int,
    start_minute: int,
    end_minute: int,
    purpose: str,
    actor: User | None,
    note: str = "",
) -> ScheduleEntry:
    """A weekly period the person on EK may be away from home (fsg §§ 7-4, 7-6); times in
    minutes after midnight (``rules.parse_clock``)."""
    _require_editor(actor, case.person)
    case = _lock(case)
    _check_schedule(
        case,
        weekday=weekday,
        start_minute=start_minute,
        end_minute=end_minute,
        purpose=purpose,
        note=note,
    )
    entry = ScheduleEntry(
        case=case,
        weekday=weekday,
        start_minute=start_minute,
        end_minute=end_minute,
        purpose=purpose,
        note=note.strip(),
    )
    entry.full_clean()
    entry.save()
    record_create(entry, actor=actor, action="add_schedule_entry", person=case.person)
    _schedule_journal(
        case, _("Timeplan for EK: lagt til %(period)s.") % {"period": _period_text(entry)}, actor
    )
    return entry


@transaction.atomic
def do_change_schedule_entry(
    entry: ScheduleEntry,
    *,
    weekday: int,
    start_minute: int,
    end_minute: int,
    purpose: str,
    actor: User | None,
    note: str = "",
) -> ScheduleEntry:
    """Change a period of the EK schedule (the same rules as adding one)."""
    case = entry.case
    _require_editor(actor, case.person)
    case = _lock(case)
    entry = ScheduleEntry.objects.select_for_update().get(pk=entry.pk, case=case)
    _check_schedule(
        case,
        weekday=weekday,
        start_minute=start_minute,
        end_minute=end_minute,
        purpose=purpose,
        note=note,
        exclude=entry.pk,
    )
    before = snapshot(entry)
    old_text = _period_text(entry)
    entry.weekday, entry.start_minute, entry.end_minute = weekday, start_minute, end_minute
    entry.purpose, entry.note = purpose, note.strip()
    entry.full_clean()
    entry.save()
    record_update(entry, before, actor=actor, action="change_schedule_entry", person=case.person)
    _schedule_journal(
        case,
        _("Timeplan for EK: %(old)s endret til %(new)s.")
        % {"old": old_text, "new": _period_text(entry)},
        actor,
    )
    return entry


@transaction.atomic
def do_remove_schedule_entry(entry: ScheduleEntry, *, actor: User | None, reason: str = "") -> None:
    """Remove a period from the EK schedule (only while the case is open)."""
    case = entry.case
    _require_editor(actor, case.person)
    case = _lock(case)
    if not case.is_open:
        raise ValidationError(_("Saken er avsluttet. Timeplanen kan ikke endres."))
    entry = ScheduleEntry.objects.select_for_update().get(pk=entry.pk, case=case)
    record_delete(
        entry, actor=actor, action="remove_schedule_entry", person=case.person, reason=reason
    )
    text = _("Timeplan for EK: fjernet %(period)s.") % {"period": _period_text(entry)}
    entry.delete()
    _schedule_journal(case, text, actor)


def _set_status(
    case: CommunityCase, status: str, *, actor: User | None, ended_on: date | None = None
) -> None:
    before = snapshot(case)
    case.status = status
    case.ended_on = ended_on
    case.full_clean()
    case.save(update_fields=["status", "ended_on"])
    record_update(case, before, actor=actor, action=f"community_case_{status}", person=case.person)


@transaction.atomic
def do_close_case(
    case: CommunityCase,
    *,
    actor: User | None,
    converted: bool = False,
    day: date | None = None,
    note: str = "",
    returned: bool = False,
) -> CommunityCase:
    """End the case: completed (EK only once the equipment is off), converted by the court
    (strl § 52: the subsidiary prison is to be served, so the judgment goes back to the
    queue), or returned to prison after a decision to transfer it back (strgjfl §§ 14 seventh
    para, 16 b; fsg §§ 7-7, 8-8: likewise back to the queue). Ends the office's
    responsibility; a completed case completes the judgment it executes."""
    _require_editor(actor, case.person)
    case = _lock(case)
    today = timezone.localdate()
    day = day or today
    if not case.is_open:
        raise ValidationError(_("Saken er allerede avsluttet."))
    if case.stay_id is not None and case.kind in (CaseKind.EK_PARTIAL, CaseKind.AT_HOME):
        raise ValidationError(  # the prison stay ends it: do_return_to_prison or do_release
            _(
                "Saken er en del av et fengselsopphold. Den avsluttes når personen registreres "
                "tilbake i fengsel eller løslatt (Opphold og bevegelser på personsiden)."
            )
        )
    if day > today or day < case.start:
        raise ValidationError({"day": _("Avslutningsdatoen må være mellom oppstart og i dag.")})
    if converted and case.status != CaseStatus.BREACH:
        raise ValidationError(
            _("Bare en sak som er brakt inn for retten, kan avsluttes som omgjort.")
        )
    if returned and (
        converted or not case.breaches.filter(response=BreachResponse.TRANSFER_TO_PRISON).exists()
    ):
        raise ValidationError(
            _(
                "Registrer først beslutningen om tilbakeføring til fengsel som brudd "
                "(straffegjennomføringsloven § 14 syvende ledd)."
            )
        )
    if not (converted or returned):
        _refuse(rules.completion_equipment_problem(mounted_now(case)))
    status = (
        CaseStatus.CONVERTED
        if converted
        else CaseStatus.RETURNED
        if returned
        else CaseStatus.COMPLETED
    )
    _set_status(case, status, actor=actor, ended_on=day)
    if case.responsibility is not None and case.responsibility.date_to is None:
        do_close_responsibility(case.responsibility, date_to=day, actor=actor, note=note)
    if case.kind in OWN_EXECUTION_KINDS:
        back = JudgmentStatus.QUEUED if converted or returned else JudgmentStatus.COMPLETED
        do_set_judgment_status(case.judgment, back, actor=actor)
    text = {
        CaseStatus.CONVERTED: _(
            "Sak i friomsorgen omgjort av retten (%(kind)s), avsluttet %(day)s."
        ),
        CaseStatus.RETURNED: _(
            "Sak i friomsorgen avsluttet, tilbakeført til fengsel (%(kind)s), %(day)s."
        ),
        CaseStatus.COMPLETED: _("Sak i friomsorgen gjennomført (%(kind)s), avsluttet %(day)s."),
    }[status]
    journal_event(
        case.person,
        text % {"kind": case.get_kind_display().lower(), "day": f"{day:%d.%m.%Y}"},
        actor=actor,
        source_action="close_community_case",
        unit=case.office,
    )
    return case


# --- cases that continue a prison stay (strgjfl §§ 16, 16 a, 42-43) --------------------------
# Opened and closed by the prison's movements (``varde.execution.actions``): EK part-execution
# and § 16 when the person leaves the prison, parole supervision when the person is paroled.
# The prison decides these (strgjfl § 6), so its staff hand the person to any probation
# office; they need not be able to assign the office as responsible for a new person.

if TYPE_CHECKING:
    from varde.execution.models import Stay

# Kinds a prison stay hands over to a probation office, and the reactions they continue.
STAY_KINDS = frozenset({CaseKind.EK_PARTIAL, CaseKind.AT_HOME, CaseKind.PAROLE})
PAROLE_REACTIONS = frozenset({"prison", "preventive_detention"})  # strgjfl § 43; strl § 45


def _check_stay_case(stay: Stay, office: Unit, kind: str) -> Judgment:
    if kind not in STAY_KINDS:
        raise ValidationError({"kind": _("Velg type gjennomføring.")})
    if office.kind != UnitKind.PROBATION_OFFICE or not office.is_active:
        raise ValidationError({"office": _("Velg et friomsorgskontor.")})
    judgment = stay.judgment
    if judgment is None:
        raise ValidationError(_("Oppholdet har ingen dom å gjennomføre i friomsorgen."))
    if kind == CaseKind.PAROLE and judgment.reaction in PAROLE_REACTIONS:
        if open_case_for(judgment) is not None:
            raise ValidationError(_("Dommen har allerede en åpen sak i friomsorgen."))
    else:
        _check_judgment(judgment, stay.person, kind)
    return judgment


@transaction.atomic
def do_open_case_from_stay(
    stay: Stay,
    office: Unit,
    *,
    kind: str,
    start: date,
    actor: User | None,
    reporting_months: int | None = None,
    ends_by: date | None = None,
) -> CommunityCase:
    """Open the probation office's case for a person leaving prison: EK part-execution or
    § 16 (reporting at least weekly, fsg §§ 7-4, 3-8; planned to end at expected release),
    or parole supervision with a reporting duty of ``reporting_months`` (fsg § 3-42: normally
    3, 1-12) that never runs past ``ends_by``, the end of the probation period (strgjfl § 42
    last para). The office becomes responsible for the person; the case records the stay."""
    _require_editor(actor, stay.person)
    person = Person.objects.select_for_update().get(pk=stay.person_id)
    judgment = _check_stay_case(stay, office, kind)
    if kind == CaseKind.PAROLE:
        planned_end: date | None = rules.parole_reporting_end(
            start, reporting_months or rules.PAROLE_REPORTING_MONTHS
        )
        if ends_by is not None and planned_end is not None:
            planned_end = max(start, min(planned_end, ends_by))
    else:
        planned_end = planned_end_for(judgment, kind, start)
    case = CommunityCase(
        person=person,
        judgment=judgment,
        office=office,
        stay=stay,
        kind=kind,
        start=start,
        planned_end=planned_end if planned_end is None or planned_end >= start else start,
        reporting_every_days=rules.max_days_between_contacts(kind),
    )
    case.responsibility = _take_responsibility(person, office, start, kind, actor)
    case.full_clean()
    case.save()
    record_create(case, actor=actor, action="open_community_case", person=person)
    text = _("Sak i friomsorgen startet: %(kind)s ved %(office)s fra %(start)s.") % {
        "kind": case.get_kind_display(),
        "office": office.name,
        "start": f"{start:%d.%m.%Y}",
    }
    if kind == CaseKind.PAROLE and case.planned_end is not None:
        text += " " + _("Møteplikt til %(end)s (fsg § 3-42).") % {
            "end": f"{case.planned_end:%d.%m.%Y}"
        }
    journal_event(person, text, actor=actor, source_action="open_community_case", unit=office)
    return case


@transaction.atomic
def do_close_case_from_stay(
    case: CommunityCase,
    *,
    status: str,
    day: date,
    actor: User | None,
    keep_responsibility: bool = False,
) -> CommunityCase:
    """End a case that continues a prison stay: completed (released from it) or returned
    (back in prison: from EK / § 16, strgjfl § 14 seventh para, fsg § 7-7; or recalled from
    parole, strgjfl § 44). The office's responsibility ends, unless the person goes on to a
    parole case at the same office (``keep_responsibility``). An EK part-execution is
    completed only once the equipment is off (``rules.completion_equipment_problem``, as
    ``do_close_case``): the release from it is refused until then, and nothing is saved."""
    _require_editor(actor, case.person)
    case = _lock(case)
    if not case.is_open:
        raise ValidationError(_("Saken er allerede avsluttet."))
    if status not in (CaseStatus.COMPLETED, CaseStatus.RETURNED):
        raise ValidationError(_("Velg gjennomført eller tilbake i fengsel."))
    if status == CaseStatus.COMPLETED and case.kind == CaseKind.EK_PARTIAL:
        _refuse(rules.completion_equipment_problem(mounted_now(case)))
    _set_status(case, status, actor=actor, ended_on=max(day, case.start))
    responsibility = case.responsibility
    if not keep_responsibility and responsibility is not None and responsibility.date_to is None:
        do_close_responsibility(
            responsibility, date_to=max(day, responsibility.date_from), actor=actor
        )
    text = (
        _("Sak i friomsorgen avsluttet, tilbakeført til fengsel (%(kind)s), %(day)s.")
        if status == CaseStatus.RETURNED
        else _("Sak i friomsorgen gjennomført (%(kind)s), avsluttet %(day)s.")
    )
    journal_event(
        case.person,
        text % {"kind": case.get_kind_display().lower(), "day": f"{day:%d.%m.%Y}"},
        actor=actor,
        source_action="close_community_case",
        unit=case.office,
    )
    return case
