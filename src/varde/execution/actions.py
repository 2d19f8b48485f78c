"""Every write to stays, placements and absences (the state machine in ``models.py``).

Each action runs in one transaction: it locks the stay (or the person), checks the
transition with a rule from ``rules.py`` (a Norwegian ``ValidationError``, nothing saved, on
refusal), writes, appends audit rows and a journal event, and keeps the units' responsibility
for the person in step, so that scoping follows the person: admission opens a responsibility
at the unit, a transfer closes the old one and opens the new, release closes it. Execution
outside prison (EK part-execution, § 16) frees the place and hands the follow-up to a
probation office through ``community.actions``; the prison keeps its responsibility.
Movements a victim asked to be told about (strgjfl § 7 b) leave a reminder in the journal,
asked of the decisions app through ``decisions.queries.notices_due_for`` only.

No overbooking: placing someone into a unit, security level and sex of place first locks the
capacity rows of that group (``SELECT ... FOR UPDATE``), then counts the occupancy in the
same transaction. Two officers placing two people into the last free place are serialised on
that lock; the second sees the first's placement and is refused. (SQLite takes no row locks,
but it allows one writer at a time.)
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.audit.actions import actor_name, record_create, record_update, snapshot
from varde.community.actions import do_close_case_from_stay, do_open_case_from_stay
from varde.community.choices import CaseKind, CaseStatus
from varde.community.rules import PAROLE_REPORTING_MONTHS
from varde.decisions.queries import notices_due_for
from varde.execution import rules
from varde.execution.choices import (
    MANDATORY_POSTPONEMENT_GROUNDS,
    OPEN_BOOKING_STATUSES,
    OPEN_CALLIN_STATUSES,
    PAROLE_RELEASES,
    AbsenceKind,
    CallInStatus,
    ExecutionForm,
    PlacementReason,
    PostponementDecision,
    PostponementGround,
    ReleaseType,
    RemandBookingStatus,
    RestrictionKind,
    StayKind,
)
from varde.execution.models import (
    Absence,
    CallIn,
    Placement,
    PostponementRequest,
    RemandBooking,
    RemandRestriction,
    Stay,
)
from varde.execution.queries import (
    ek_full_possible_for,
    execution_facts,
    last_stay,
    occupied_from,
    open_callin,
    open_places,
    outside_prison_case,
    parole_case,
    parole_office_for,
)
from varde.journal.actions import journal_event
from varde.organisation.choices import (
    PERSON_EDIT_ROLES,
    PRISON_KINDS,
    PlaceSex,
    Role,
    SecurityLevel,
    UnitKind,
)
from varde.organisation.models import Capacity
from varde.people.actions import do_close_responsibility, do_open_responsibility
from varde.people.choices import ResponsibilityReason
from varde.people.models import Person
from varde.people.rules import age_on
from varde.sentencing.actions import do_set_judgment_status, do_set_remand_credit
from varde.sentencing.choices import CUSTODIAL_REACTIONS, PREVENTIVE_REACTIONS, JudgmentStatus
from varde.sentencing.rules.remand import RemandCredit, remand_credit

if TYPE_CHECKING:
    from varde.community.models import CommunityCase
    from varde.organisation.models import Unit, User
    from varde.sentencing.models import Judgment

# Responsibilities a stay takes over and ends when the person leaves the unit.
STAY_REASONS = (ResponsibilityReason.STAY, ResponsibilityReason.REMAND, ResponsibilityReason.MANUAL)


def _require_editor(actor: User | None) -> None:
    """System jobs (actor None) may write; people need a role that edits case data."""
    if actor is not None and actor.role not in PERSON_EDIT_ROLES:
        raise PermissionDenied(_("Rollen din kan ikke registrere opphold og bevegelser."))


def _refuse(problem: str | None) -> None:
    if problem:
        raise ValidationError(problem)


def _day(at: datetime) -> date:
    return timezone.localtime(at).date()


def _not_before(at: datetime, earlier: datetime) -> None:
    if at < earlier:
        raise ValidationError(
            _("Tidspunktet kan ikke være før forrige hendelse (%(at)s).")
            % {"at": timezone.localtime(earlier).strftime("%d.%m.%Y %H:%M")}
        )


def _lock_stay(stay: Stay) -> Stay:
    return Stay.objects.select_for_update().select_related("person", "unit").get(pk=stay.pk)


def _remind_victim_notice(
    person: Person, event: str | None, at: datetime, what: str, actor: User | None, unit: Unit
) -> None:
    """strgjfl § 7 b: when a victim or surviving relative asked to be told about this
    movement (``event``, a code of ``rules.VICTIM_NOTICE_FOR_*``) and has not been told, a
    journal line reminds the case worker. It names no victim: who they are stays in the
    decisions app, visible only to those who handle notices."""
    due = notices_due_for(person, event, at) if event else []
    if not due:
        return
    journal_event(
        person,
        _("Fornærmede skal varsles om %(what)s %(day)s (%(basis)s). Se varsel til fornærmede.")
        % {
            "what": _lowercase_first(what),
            "day": f"{_day(at):%d.%m.%Y}",
            "basis": due[0].rule.basis,
        },
        actor=actor,
        source_action="victim_notice_due",
        unit=unit,
    )


def place_sex_for(person: Person, unit: Unit, security_level: str, day: date) -> str:
    """strgjfl § 10: a place for the person's sex at this unit and level, else a mixed one."""
    wanted = PlaceSex.FEMALE if person.sex == "female" else PlaceSex.MALE
    groups = set(
        Capacity.objects.filter(unit=unit, security_level=security_level, valid_from__lte=day)
        .values_list("sex", flat=True)
        .distinct()
    )
    return wanted if wanted in groups or PlaceSex.ANY not in groups else PlaceSex.ANY


def _reserve_place(unit: Unit, security_level: str, sex: str, at: datetime) -> None:
    """Lock the capacity rows of the group, then count: refuse when no place is free."""
    day = _day(at)
    list(
        Capacity.objects.select_for_update()
        .filter(unit=unit, security_level=security_level, sex=sex, valid_from__lte=day)
        .values_list("pk", flat=True)
    )
    if occupied_from(unit, security_level, sex, at) >= open_places(unit, security_level, sex, day):
        raise ValidationError(
            _(
                "Ingen ledige plasser ved %(unit)s (%(level)s, %(sex)s) %(day)s. "
                "Velg en annen enhet."
            )
            % {
                "unit": unit.name,
                "level": _label(security_level),
                "sex": PlaceSex(sex).label,
                "day": day.strftime("%d.%m.%Y"),
            }
        )


def _save_new(
    record: Model, *, actor: User | None, action: str, person: Person, reason: str = ""
) -> None:
    """Validate and save a new record, with its audit row (the journal line is the action's
    own: it says what happened in the action's words)."""
    record.full_clean()
    record.save()
    record_create(record, actor=actor, action=action, person=person, reason=reason)


def _label(security_level: str) -> str:
    return str(SecurityLevel(security_level).label)


def _place(
    stay: Stay,
    unit: Unit,
    security_level: str,
    *,
    at: datetime,
    reason: str,
    actor: User | None,
    sex: str | None = None,
    note: str = "",
) -> Placement:
    if security_level not in SecurityLevel.values:
        raise ValidationError({"security_level": _("Velg sikkerhetsnivå.")})
    sex = sex or place_sex_for(stay.person, unit, security_level, _day(at))
    _reserve_place(unit, security_level, sex, at)
    placement = Placement(
        stay=stay,
        unit=unit,
        security_level=security_level,
        sex=sex,
        from_at=at,
        reason=reason,
        note=note,
    )
    _save_new(placement, actor=actor, action="place", person=stay.person, reason=note)
    return placement


def _end_placement(
    placement: Placement, at: datetime, actor: User | None, person: Person, action: str
) -> None:
    before = snapshot(placement)
    placement.to_at = at
    placement.save()
    record_update(placement, before, actor=actor, action=action, person=person)


def _take_responsibility(
    person: Person, unit: Unit, kind: str, day: date, actor: User | None
) -> None:
    """Open the unit's responsibility for the person, unless one is already open there."""
    if person.responsibilities.filter(unit=unit, date_to__isnull=True).exists():
        return
    reason = ResponsibilityReason.REMAND if kind == StayKind.REMAND else ResponsibilityReason.STAY
    do_open_responsibility(person, unit, date_from=day, reason=reason, actor=actor)


def _hand_over_responsibility(person: Person, unit: Unit, day: date, actor: User | None) -> None:
    """Close the unit's stay responsibilities for the person (scoping keeps the grace days)."""
    open_here = person.responsibilities.filter(
        unit=unit, date_to__isnull=True, reason__in=STAY_REASONS
    )
    for responsibility in open_here:
        do_close_responsibility(
            responsibility, date_to=max(day, responsibility.date_from), actor=actor
        )


def _move_stay(
    stay: Stay,
    unit: Unit,
    security_level: str,
    at: datetime,
    actor: User | None,
    action: str,
    reason: str = "",
) -> Unit:
    """Keep the stay's copy of the new placement in step, and move the responsibility when
    the unit changes (transfer, return to prison). Returns the unit the person came from."""
    old_unit = stay.unit
    before = snapshot(stay)
    stay.unit, stay.security_level = unit, security_level
    stay.save()
    record_update(stay, before, actor=actor, action=action, person=stay.person, reason=reason)
    if old_unit.pk != unit.pk:
        _hand_over_responsibility(stay.person, old_unit, _day(at), actor)
        _take_responsibility(stay.person, unit, stay.kind, _day(at), actor)
    return old_unit


# --- admission and recall -----------------------------------------------------------------


def _start_stay(
    person: Person,
    unit: Unit,
    *,
    security_level: str,
    kind: str,
    judgment: Judgment | None,
    at: datetime,
    reason: str,
    actor: User | None,
    sex: str | None,
    note: str,
) -> Stay:
    stay = Stay(
        person=person,
        judgment=judgment,
        kind=kind,
        admitted_at=at,
        unit=unit,
        security_level=security_level,
    )
    action = "recall" if reason == PlacementReason.RECALL else "admit"
    _save_new(stay, actor=actor, action=action, person=person, reason=note)
    _place(stay, unit, security_level, at=at, reason=reason, actor=actor, sex=sex, note=note)
    _take_responsibility(person, unit, kind, _day(at), actor)
    return stay


def _lock_person(person: Person) -> Person:
    """Serialise case actions on one person (two clerks admitting the same person)."""
    return Person.objects.select_for_update().get(pk=person.pk)


@transaction.atomic
def do_admit(
    person: Person,
    unit: Unit,
    *,
    security_level: str,
    actor: User | None,
    kind: str = StayKind.SENTENCE,
    judgment: Judgment | None = None,
    at: datetime | None = None,
    sex: str | None = None,
    note: str = "",
) -> Stay:
    """Admit a person (innsettelse) to a unit and security level: a new stay and its first
    placement, if the person is not inside and a place is free (strgjfl § 11; fsg § 4-1)."""
    _require_editor(actor)
    person = _lock_person(person)
    at = at or timezone.now()
    open_stay = Stay.objects.filter(person=person, released_at__isnull=True).exists()
    _refuse(rules.admit_problem(has_open_stay=open_stay))
    if judgment is not None and judgment.person_id != person.pk:
        raise ValidationError(_("Dommen gjelder en annen person."))
    if kind == StayKind.REMAND:
        judgment = None
    stay = _start_stay(
        person,
        unit,
        security_level=security_level,
        kind=kind,
        judgment=judgment,
        at=at,
        reason=PlacementReason.ADMISSION,
        actor=actor,
        sex=sex,
        note=note,
    )
    if judgment is not None:
        do_set_judgment_status(judgment, JudgmentStatus.IN_EXECUTION, actor=actor)
        _mark_callin_started(judgment, actor)
    if kind == StayKind.REMAND:
        _link_remand_booking(person, stay, actor)
    journal_event(
        person,
        _("Innsatt (%(kind)s) ved %(unit)s, %(level)s.")
        % {
            "kind": stay.get_kind_display().lower(),
            "unit": unit.name,
            "level": _label(security_level),
        },
        actor=actor,
        source_action="admit",
        unit=unit,
    )
    return stay


@transaction.atomic
def do_recall(
    person: Person,
    unit: Unit,
    *,
    security_level: str,
    actor: User | None,
    at: datetime | None = None,
    note: str = "",
) -> Stay:
    """Re-committal after breach of parole (gjeninnsettelse, strgjfl § 44 second para): a new
    stay for the same judgment, at the security level chosen. The parole supervision case
    the release opened, if still open, ends as "back in prison" (``CaseStatus.RETURNED``,
    as a return from EK part-execution: the person serves in prison again; the office's
    responsibility ends with it)."""
    _require_editor(actor)
    person = _lock_person(person)
    at = at or timezone.now()
    previous = last_stay(person)
    _refuse(
        rules.recall_problem(
            has_open_stay=previous is not None and previous.is_open,
            last_release_type=previous.release_type if previous else None,
        )
    )
    assert previous is not None and previous.released_at is not None
    _not_before(at, previous.released_at)
    stay = _start_stay(
        person,
        unit,
        security_level=security_level,
        kind=StayKind.SENTENCE,
        judgment=previous.judgment,
        at=at,
        reason=PlacementReason.RECALL,
        actor=actor,
        sex=None,
        note=note,
    )
    supervision = parole_case(previous)
    if supervision is not None:  # the breach ends the supervision: back in prison
        do_close_case_from_stay(supervision, status=CaseStatus.RETURNED, day=_day(at), actor=actor)
    journal_event(
        person,
        _("Gjeninnsatt etter brudd på vilkår ved %(unit)s, %(level)s.")
        % {"unit": unit.name, "level": _label(security_level)},
        actor=actor,
        source_action="recall",
        unit=unit,
    )
    return stay


# --- transfer ------------------------------------------------------------------------------


@transaction.atomic
def do_transfer(
    stay: Stay,
    unit: Unit,
    *,
    security_level: str,
    reason: str,
    actor: User | None,
    at: datetime | None = None,
    sex: str | None = None,
    note: str = "",
) -> Stay:
    """Move an admitted, present person to another unit or security level (strgjfl §§ 14-15),
    for a reason: progression, regression, security, capacity or the person's wish."""
    _require_editor(actor)
    stay = _lock_stay(stay)
    at = at or timezone.now()
    current = stay.placements.filter(to_at__isnull=True).first()
    absent = stay.absences.filter(returned_at__isnull=True).values_list("kind", flat=True).first()
    same = current is not None and (current.unit_id, current.security_level) == (
        unit.pk,
        security_level,
    )
    _refuse(
        rules.transfer_problem(has_open_stay=stay.is_open, open_absence=absent, same_place=same)
    )
    if reason not in PlacementReason.values or reason in (
        PlacementReason.ADMISSION,
        PlacementReason.RECALL,
    ):
        raise ValidationError({"reason": _("Velg årsak til overføringen.")})
    assert current is not None
    _not_before(at, current.from_at)
    _end_placement(current, at, actor, stay.person, "transfer")
    _place(stay, unit, security_level, at=at, reason=reason, actor=actor, sex=sex, note=note)
    old_unit = _move_stay(stay, unit, security_level, at, actor, "transfer", reason=note)
    journal_event(
        stay.person,
        _("Overført fra %(old)s til %(new)s, %(level)s (%(reason)s).")
        % {
            "old": old_unit.name,
            "new": unit.name,
            "level": _label(security_level),
            "reason": PlacementReason(reason).label.lower(),
        },
        actor=actor,
        source_action="transfer",
        unit=unit,
    )
    return stay


# --- absences ------------------------------------------------------------------------------


@transaction.atomic
def do_start_absence(
    stay: Stay,
    kind: str,
    *,
    actor: User | None,
    at: datetime | None = None,
    expected_return: datetime | None = None,
    leave_type: str = "",
    exception_reason: str = "",
    leave_eligible_from: date | None = None,
    note: str = "",
) -> Absence:
    """Register that the person leaves the unit: leave, day release, escorted outing,
    hospital, § 12, interruption, or escape / absconding / failure to return. (EK
    part-execution and § 16 are ``do_start_outside_prison``: they free the place.)

    A failure to return ends the leave (or other absence) it follows, at its expected return
    when that has passed, and starts there. ``leave_eligible_from`` is the leave time from the
    sentencing engine (see ``queries.leave_eligible_from``).
    """
    _require_editor(actor)
    stay = _lock_stay(stay)
    at = at or timezone.now()
    current = stay.absences.filter(returned_at__isnull=True).first()
    _refuse(
        rules.start_absence_problem(
            kind,
            has_open_stay=stay.is_open,
            open_absence=current.kind if current else None,
            leave_type=leave_type,
            day=_day(at),
            leave_eligible_from=leave_eligible_from,
            exception_reason=exception_reason,
        )
    )
    if kind not in AbsenceKind.values:
        raise ValidationError({"kind": _("Velg type fravær.")})
    if expected_return is not None and expected_return < at:
        raise ValidationError({"expected_return": _("Forventet retur må være etter start.")})
    _not_before(at, stay.admitted_at)
    if current is not None:  # failure to return: the leave ends where the failure begins
        if current.expected_return is not None and current.expected_return <= at:
            at = current.expected_return
        _not_before(at, current.from_at)
        _close_absence(current, at, actor, stay.person)
    absence = Absence(
        stay=stay,
        kind=kind,
        leave_type=leave_type if kind == AbsenceKind.LEAVE else "",
        from_at=at,
        expected_return=expected_return,
        exception_reason=exception_reason.strip(),
        note=note,
    )
    _save_new(absence, actor=actor, action="start_absence", person=stay.person, reason=note)
    text = _("Fravær startet: %(kind)s.") % {"kind": absence.get_kind_display()}
    if absence.stops_time:
        text += " " + _("Tiden teller ikke som sonet tid (fsg § 3-3); datoene beregnes på nytt.")
    journal_event(stay.person, text, actor=actor, source_action="start_absence", unit=stay.unit)
    _remind_victim_notice(
        stay.person,
        rules.VICTIM_NOTICE_FOR_ABSENCE.get(kind),
        absence.from_at,
        absence.get_kind_display(),
        actor,
        stay.unit,
    )
    return absence


def _close_absence(absence: Absence, at: datetime, actor: User | None, person: Person) -> None:
    before = snapshot(absence)
    absence.returned_at = at
    absence.full_clean()
    absence.save()
    record_update(absence, before, actor=actor, action="end_absence", person=person)


@transaction.atomic
def do_end_absence(
    stay: Stay, *, actor: User | None, at: datetime | None = None, note: str = ""
) -> Absence:
    """Register that the person is back at the unit (the open absence ends)."""
    _require_editor(actor)
    stay = _lock_stay(stay)
    at = at or timezone.now()
    current = stay.absences.filter(returned_at__isnull=True).first()
    _refuse(rules.end_absence_problem(open_absence=current.kind if current else None))
    assert current is not None
    _not_before(at, current.from_at)
    _close_absence(current, at, actor, stay.person)
    journal_event(
        stay.person,
        _("Tilbake etter fravær: %(kind)s.") % {"kind": current.get_kind_display()}
        + (f" {note}" if note else ""),
        actor=actor,
        source_action="end_absence",
        unit=stay.unit,
    )
    return current


# --- execution outside prison (strgjfl §§ 16, 16 a) -----------------------------------------

# The probation office's case for each kind of execution outside prison.
OUTSIDE_CASE_KIND: dict[str, str] = {
    AbsenceKind.EK_PARTIAL: CaseKind.EK_PARTIAL,
    AbsenceKind.AT_HOME: CaseKind.AT_HOME,
}


def _key_dates(stay: Stay) -> dict[str, date | None]:
    """The judgment's key dates (overrides applied, by ``KeyDateField`` value), counted from
    the admission with the periods that do not count; empty for remand or without judgment."""
    from varde.sentencing.queries import key_dates_for

    if stay.kind != StayKind.SENTENCE or stay.judgment is None:
        return {}
    start, periods = execution_facts(stay.judgment)
    dates = key_dates_for(stay.judgment, start=start, non_counting_periods=periods)
    return {d.field: d.value for d in dates.dates}


def _offences(judgment: Judgment) -> list[str]:
    """The offence codes of the judgment's whole term (its principal and combined members)."""
    principal = judgment.combined_with or judgment
    group = [principal, *type(judgment).objects.filter(combined_with=principal)]
    return [code for j in group for code in (j.main_offence, *j.other_offences) if code]


def _lowercase_first(text: str) -> str:
    return text[:1].lower() + text[1:]


@transaction.atomic
def do_start_outside_prison(
    stay: Stay,
    kind: str,
    office: Unit,
    *,
    actor: User | None,
    at: datetime | None = None,
    exception_reason: str = "",
    note: str = "",
) -> Absence:
    """EK part-execution (delgjennomføring, strgjfl § 16 a; fsg § 7-2 second para) or
    execution at home with special conditions (strgjfl § 16): the person leaves the prison to
    serve the rest outside it, followed up by a probation office.

    Checked by ``rules.outside_prison_problem`` against the judgment's key dates (EK not
    before ``ek_partial_from`` unless the statutory exception is written; § 16 after half
    time). The open placement ends, so the place is free for others (occupancy counts
    placements); an absence of that kind opens (the time counts as served, no return time);
    the office's community case opens with the stay (reporting at least weekly, fsg §§ 7-4,
    3-8), which makes the office responsible too. The prison keeps its responsibility until
    the person is released.
    """
    from varde.sentencing.choices import KeyDateField

    _require_editor(actor)
    stay = _lock_stay(stay)
    at = at or timezone.now()
    judgment = stay.judgment
    current = stay.absences.filter(returned_at__isnull=True).values_list("kind", flat=True)
    dates = _key_dates(stay)
    _refuse(
        rules.outside_prison_problem(
            kind,
            has_open_stay=stay.is_open,
            stay_kind=stay.kind,
            open_absence=current.first(),
            preventive=judgment is not None and judgment.reaction in PREVENTIVE_REACTIONS,
            day=_day(at),
            today=timezone.localdate(),
            ek_partial_from=dates.get(KeyDateField.EK_PARTIAL),
            half_on=dates.get(KeyDateField.HALF),
            offences=_offences(judgment) if judgment is not None else (),
            exception_reason=exception_reason,
        )
    )
    if office.kind != UnitKind.PROBATION_OFFICE:
        raise ValidationError({"office": _("Velg et friomsorgskontor.")})
    placement = stay.placements.get(to_at__isnull=True)  # admitted and present
    _not_before(at, placement.from_at)
    _end_placement(placement, at, actor, stay.person, "start_outside_prison")
    exception = exception_reason.strip() if kind == AbsenceKind.EK_PARTIAL else ""
    absence = Absence(stay=stay, kind=kind, from_at=at, exception_reason=exception, note=note)
    _save_new(
        absence, actor=actor, action="start_outside_prison", person=stay.person, reason=exception
    )
    do_open_case_from_stay(stay, office, kind=OUTSIDE_CASE_KIND[kind], start=_day(at), actor=actor)
    text = _(
        "Overført til %(where)s. Plassen ved %(unit)s er frigitt; tiden teller som gjennomført "
        "straff. Fengselet har ansvaret til løslatelse."
    ) % {
        "where": _lowercase_first(rules.outside_prison_text(kind, office.name)),
        "unit": stay.unit.name,
    }
    if exception:
        text += " " + _("Unntak (strgjfl. § 16 a annet ledd): %(reason)s") % {"reason": exception}
    journal_event(
        stay.person, text, actor=actor, source_action="start_outside_prison", unit=stay.unit
    )
    _remind_victim_notice(
        stay.person,
        rules.VICTIM_NOTICE_FOR_ABSENCE.get(kind),
        at,
        absence.get_kind_display(),
        actor,
        stay.unit,
    )
    return absence


@transaction.atomic
def do_return_to_prison(
    stay: Stay,
    unit: Unit,
    *,
    security_level: str,
    cause: str,
    actor: User | None,
    at: datetime | None = None,
    sex: str | None = None,
    note: str = "",
) -> Stay:
    """Back to prison from EK part-execution or § 16, after a breach of the conditions or at
    the person's own wish (strgjfl § 14 seventh para, applied by §§ 16 and 16 a; fsg § 7-7).

    A place is reserved at the unit and security level under the same capacity lock as at
    admission (no overbooking), a new placement opens with reason regression, the absence
    ends, and the probation office's case closes as "back in prison". Responsibility moves to
    the unit if it is another prison than before.
    """
    _require_editor(actor)
    stay = _lock_stay(stay)
    at = at or timezone.now()
    current = stay.absences.filter(returned_at__isnull=True).first()
    _refuse(
        rules.return_to_prison_problem(open_absence=current.kind if current else None, cause=cause)
    )
    assert current is not None
    _not_before(at, current.from_at)
    _close_absence(current, at, actor, stay.person)
    why = str(rules.RETURN_CAUSES[cause])
    _place(
        stay,
        unit,
        security_level,
        at=at,
        reason=PlacementReason.REGRESSION,
        actor=actor,
        sex=sex,
        note=f"{why}. {note.strip()}" if note.strip() else why,
    )
    _move_stay(stay, unit, security_level, at, actor, "return_to_prison")
    case = outside_prison_case(stay)
    if case is not None:
        do_close_case_from_stay(case, status=CaseStatus.RETURNED, day=_day(at), actor=actor)
    journal_event(
        stay.person,
        _("Tilbake i fengsel fra %(kind)s: %(unit)s, %(level)s (%(why)s).")
        % {
            "kind": current.get_kind_display().lower(),
            "unit": unit.name,
            "level": _label(security_level),
            "why": why.lower(),
        },
        actor=actor,
        source_action="return_to_prison",
        unit=unit,
    )
    return stay


# --- release -------------------------------------------------------------------------------


def _parole_problem(
    stay: Stay, release_type: str, day: date, basis: str, dates: dict[str, date | None]
) -> str | None:
    """strgjfl § 42; strl § 44; fsg § 3-2: parole at 2/3 and at half time wait for the
    judgment's dates (``rules.parole_time_problem``); other parole needs its written basis,
    and is never possible for fine default nor before forvaring's minimum time
    (``rules.parole_other_problem``)."""
    from varde.sentencing.choices import KeyDateField, Reaction

    if release_type == ReleaseType.PAROLE_OTHER:
        reaction = stay.judgment.reaction if stay.judgment is not None else None
        return rules.parole_other_problem(
            day,
            basis=basis,
            fine_default=reaction == Reaction.FINE_DEFAULT,
            preventive=reaction in PREVENTIVE_REACTIONS,
            minimum_served_on=dates.get(KeyDateField.MINIMUM_TIME),
        )
    if stay.kind != StayKind.SENTENCE or stay.judgment is None:
        return None
    return rules.parole_time_problem(
        release_type,
        day,
        two_thirds_on=dates.get(KeyDateField.TWO_THIRDS),
        half_on=dates.get(KeyDateField.HALF),
    )


def _parole_office(
    stay: Stay, office: Unit | None, outside: CommunityCase | None, months: int | None
) -> Unit:
    """strgjfl § 43; fsg § 3-42: the office that follows up the parole (chosen, else the
    office of the EK / § 16 case, else the office for the person's home) and a reporting
    duty of 1-12 months."""
    _refuse(rules.parole_reporting_problem(months))
    if office is not None and office.kind != UnitKind.PROBATION_OFFICE:
        raise ValidationError({"office": _("Velg et friomsorgskontor.")})
    office = office or parole_office_for(stay, outside)
    if office is None:
        raise ValidationError(
            {"office": _("Velg friomsorgskontoret som skal følge opp prøveløslatelsen.")}
        )
    return office


@transaction.atomic
def do_release(
    stay: Stay,
    release_type: str,
    *,
    actor: User | None,
    at: datetime | None = None,
    note: str = "",
    office: Unit | None = None,
    reporting_months: int | None = PAROLE_REPORTING_MONTHS,
) -> Stay:
    """Release (løslatelse) with its type: parole at 2/3 or half time, other parole, full
    term, transfer abroad, death, or end of remand.

    Ends the open placement, if any, and any permitted absence: the person may be released
    straight from § 12, and from EK part-execution or § 16, whose probation case is then
    completed (from EK only once the equipment is off: refused until then, nothing saved).
    The unit's responsibility ends. A parole from a sentence with a judgment opens the
    parole supervision case (strgjfl § 43; fsg § 3-42) at ``office`` (by default that of
    the EK / § 16 case, else the office for the person's home) with a reporting duty of
    ``reporting_months`` (1-12, normally 3), never past the end of the probation period.
    """
    from varde.sentencing.choices import KeyDateField

    _require_editor(actor)
    stay = _lock_stay(stay)
    at = at or timezone.now()
    current = stay.absences.filter(returned_at__isnull=True).first()
    _refuse(
        rules.release_problem(
            has_open_stay=stay.is_open,
            stay_kind=stay.kind,
            open_absence=current.kind if current else None,
            release_type=release_type,
        )
    )
    parole = release_type in PAROLE_RELEASES
    dates = _key_dates(stay) if parole else {}
    _refuse(_parole_problem(stay, release_type, _day(at), note, dates) if parole else None)
    outside = (
        outside_prison_case(stay)
        if current is not None and current.kind in rules.OUTSIDE_PRISON
        else None
    )
    supervised = parole and stay.judgment is not None
    if supervised:
        office = _parole_office(stay, office, outside, reporting_months)
    placement = stay.placements.filter(to_at__isnull=True).first()
    if placement is not None:
        _not_before(at, placement.from_at)
    if current is not None:
        _not_before(at, current.from_at)
        _close_absence(current, at, actor, stay.person)
    if placement is not None:
        _end_placement(placement, at, actor, stay.person, "release")
    before = snapshot(stay)
    stay.released_at, stay.release_type = at, release_type
    stay.full_clean()
    stay.save()
    record_update(stay, before, actor=actor, action="release", person=stay.person, reason=note)
    if outside is not None:
        same_office = supervised and office is not None and office.pk == outside.office_id
        do_close_case_from_stay(
            outside,
            status=CaseStatus.COMPLETED,
            day=_day(at),
            actor=actor,
            keep_responsibility=same_office,
        )
    if supervised and office is not None:
        do_open_case_from_stay(
            stay,
            office,
            kind=CaseKind.PAROLE,
            start=_day(at),
            actor=actor,
            reporting_months=reporting_months,
            ends_by=dates.get(KeyDateField.END_OF_SENTENCE),
        )
    _hand_over_responsibility(stay.person, stay.unit, _day(at), actor)
    if stay.judgment is not None:
        do_set_judgment_status(stay.judgment, JudgmentStatus.COMPLETED, actor=actor)
    text = _("Løslatt fra %(unit)s: %(type)s.") % {
        "unit": stay.unit.name,
        "type": stay.get_release_type_display().lower(),
    }
    if release_type == ReleaseType.PAROLE_OTHER:
        text += " " + _("Grunnlag: %(basis)s") % {"basis": note.strip()}
    journal_event(stay.person, text, actor=actor, source_action="release", unit=stay.unit)
    _remind_victim_notice(
        stay.person,
        rules.VICTIM_NOTICE_FOR_RELEASE.get(release_type),
        at,
        stay.get_release_type_display(),
        actor,
        stay.unit,
    )
    return stay


# --- queue and call-in (innkallingsforskriften) ---------------------------------------------

CALLIN_NOTE = "Innkalt til soning"  # marks the responsibility a call-in opens at the unit
QUEUE_REACTIONS = CUSTODIAL_REACTIONS | PREVENTIVE_REACTIONS
REGIONAL_ROLES = frozenset({Role.REGIONAL_OFFICER, Role.SYSTEM_ADMIN})


def _require_case_editor(actor: User | None, person: Person) -> None:
    _require_editor(actor)
    if actor is not None and not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Du har ikke tilgang til denne personen."))


def _lock_judgment(judgment: Judgment) -> Judgment:
    from varde.sentencing.models import Judgment

    return Judgment.objects.select_for_update().select_related("person").get(pk=judgment.pk)


def _age_at(person: Person, day: date) -> int | None:
    return age_on(person.birth_date, day) if person.birth_date else None


def callin_letter(judgment: Judgment, unit: Unit, start_on: date, form: str) -> str:
    """innkallingsforskriften § 2: time and place, court, judgment date and what the judgment
    is; that not attending is punishable (strgjfl § 40 seventh para) and that the police will
    fetch the person who neither attends nor makes contact (strpl § 461 second para)."""
    where = unit.name + (f", {unit.city}" if unit.city else "")
    return _(
        "Du innkalles til gjennomføring av straff (%(form)s) etter dom fra %(court)s "
        "%(date)s, saksnummer %(case)s: %(reaction)s.\n\n"
        "Du skal møte %(start)s ved %(where)s.\n\n"
        "Det er straffbart ikke å møte til gjennomføring (straffegjennomføringsloven § 40 "
        "syvende ledd). Møter du ikke til fastsatt tid, eller tar du ikke kontakt med "
        "kriminalomsorgen, vil du bli hentet av politiet (straffeprosessloven § 461 annet ledd)."
    ) % {
        "form": ExecutionForm(form).label.lower(),
        "court": judgment.court,
        "date": judgment.judgment_date.strftime("%d.%m.%Y"),
        "case": judgment.case_number,
        "reaction": judgment.get_reaction_display(),
        "start": start_on.strftime("%d.%m.%Y"),
        "where": where,
    }


def _check_callin_place(unit: Unit, security_level: str, form: str) -> None:
    if form not in ExecutionForm.values:
        raise ValidationError({"form": _("Velg fengsel eller helgjennomføring med EK.")})
    if security_level not in SecurityLevel.values:
        raise ValidationError({"security_level": _("Velg sikkerhetsnivå.")})
    if form == ExecutionForm.PRISON and unit.kind not in PRISON_KINDS:
        raise ValidationError({"unit": _("Velg et fengsel for gjennomføring i fengsel.")})
    if form == ExecutionForm.EK_FULL and unit.kind != UnitKind.PROBATION_OFFICE:
        raise ValidationError({"unit": _("Helgjennomføring med EK skjer ved et friomsorgskontor.")})


@transaction.atomic
def do_send_callin(
    judgment: Judgment,
    unit: Unit,
    *,
    security_level: str,
    form: str,
    start_on: date,
    actor: User | None,
    sent_on: date | None = None,
    letter: str = "",
) -> CallIn:
    """Summon the person to serve (innkallingsforskriften §§ 2-3): at least three weeks'
    notice, a child's start within 60 days of the order, EK only where strgjfl § 16 a allows.
    The unit becomes responsible for the person (so its staff see who is coming)."""
    _require_case_editor(actor, judgment.person)
    judgment = _lock_judgment(judgment)
    sent_on = sent_on or timezone.localdate()
    if judgment.reaction not in QUEUE_REACTIONS:
        raise ValidationError(_("Bare dommer på fengselsstraff eller forvaring innkalles her."))
    _check_callin_place(unit, security_level, form)
    order_on = rules.order_received_on(judgment.final_date, judgment.received_on)
    _refuse(
        rules.callin_problem(
            sent_on=sent_on,
            start_on=start_on,
            order_on=order_on,
            age_at_order=_age_at(judgment.person, order_on),
            form=form,
            ek_possible=form != ExecutionForm.EK_FULL or ek_full_possible_for(judgment, start_on),
            judgment_status=judgment.status,
            has_open_callin=open_callin(judgment) is not None,
        )
    )
    callin = CallIn(
        judgment=judgment,
        unit=unit,
        security_level=security_level,
        form=form,
        sent_on=sent_on,
        start_on=start_on,
        letter=letter.strip() or callin_letter(judgment, unit, start_on, form),
    )
    _save_new(callin, actor=actor, action="send_callin", person=judgment.person)
    if not judgment.person.responsibilities.filter(unit=unit, date_to__isnull=True).exists():
        do_open_responsibility(
            judgment.person,
            unit,
            date_from=sent_on,
            reason=ResponsibilityReason.MANUAL,
            actor=actor,
            note=CALLIN_NOTE,
        )
    journal_event(
        judgment.person,
        _("Innkalt til soning ved %(unit)s %(start)s (%(form)s), dom %(judgment)s.")
        % {
            "unit": unit.name,
            "start": start_on.strftime("%d.%m.%Y"),
            "form": callin.get_form_display().lower(),
            "judgment": judgment,
        },
        actor=actor,
        source_action="send_callin",
        unit=unit,
    )
    return callin


def _lock_callin(callin: CallIn) -> CallIn:
    return (
        CallIn.objects.select_for_update()
        .select_related("judgment__person", "unit")
        .get(pk=callin.pk)
    )


@transaction.atomic
def do_cancel_callin(callin: CallIn, *, reason: str, actor: User | None) -> CallIn:
    """Withdraw an open call-in (the judgment stays in the queue); the responsibility the
    call-in gave the unit ends."""
    _require_case_editor(actor, callin.judgment.person)
    callin = _lock_callin(callin)
    if callin.status not in OPEN_CALLIN_STATUSES:
        raise ValidationError(_("Innkallingen er ikke åpen og kan ikke trekkes tilbake."))
    if not reason.strip():
        raise ValidationError({"reason": _("Oppgi hvorfor innkallingen trekkes tilbake.")})
    person = callin.judgment.person
    before = snapshot(callin)
    callin.status = CallInStatus.CANCELLED
    callin.save(update_fields=["status"])
    record_update(callin, before, actor=actor, action="cancel_callin", person=person, reason=reason)
    today = timezone.localdate()
    for responsibility in person.responsibilities.filter(
        unit=callin.unit, date_to__isnull=True, note=CALLIN_NOTE
    ):
        do_close_responsibility(
            responsibility, date_to=max(today, responsibility.date_from), actor=actor
        )
    journal_event(
        person,
        _("Innkallingen til %(unit)s %(start)s er trukket tilbake: %(reason)s")
        % {
            "unit": callin.unit.name,
            "start": callin.start_on.strftime("%d.%m.%Y"),
            "reason": reason,
        },
        actor=actor,
        source_action="cancel_callin",
        unit=callin.unit,
    )
    return callin


@transaction.atomic
def do_request_postponement(
    judgment: Judgment,
    *,
    received_on: date,
    reason: str,
    actor: User | None,
    ground: str = PostponementGround.OTHER,
) -> PostponementRequest:
    """Register an application to postpone execution (innkallingsforskriften §§ 5-8) with
    its ground; one pending per judgment, before execution starts. The duty to attend
    stands until it is decided (§ 7 second para)."""
    _require_case_editor(actor, judgment.person)
    judgment = _lock_judgment(judgment)
    _refuse(
        rules.request_postponement_problem(
            judgment_status=judgment.status,
            has_pending=judgment.postponements.filter(
                decision=PostponementDecision.PENDING
            ).exists(),
            ground=ground,
            reason=reason,
            received_on=received_on,
            today=timezone.localdate(),
        )
    )
    request = PostponementRequest(
        judgment=judgment, received_on=received_on, ground=ground, reason=reason.strip()
    )
    _save_new(request, actor=actor, action="request_postponement", person=judgment.person)
    journal_event(
        judgment.person,
        _("Søknad om utsettelse mottatt %(day)s (dom %(judgment)s), grunnlag: %(ground)s.")
        % {
            "day": received_on.strftime("%d.%m.%Y"),
            "judgment": judgment,
            "ground": request.get_ground_display(),
        },
        actor=actor,
        source_action="request_postponement",
    )
    return request


@transaction.atomic
def do_decide_postponement(
    request: PostponementRequest,
    *,
    granted: bool,
    actor: User | None,
    new_start_on: date | None = None,
    decision_note: str = "",
    ground_not_met: bool = False,
) -> PostponementRequest:
    """Grant or refuse a postponement, with written reasons (``decision_note``).

    Innkallingsforskriften § 5: local up to six months, region beyond (§ 7 grounds); § 6:
    a mandatory ground is refused only when its conditions are not met, confirmed by
    ``ground_not_met`` and explained in the reasons. A grant moves the open call-in to the
    new start date (status postponed)."""
    _require_case_editor(actor, request.judgment.person)
    request = (
        PostponementRequest.objects.select_for_update()
        .select_related("judgment__person")
        .get(pk=request.pk)
    )
    if request.decision != PostponementDecision.PENDING:
        raise ValidationError(_("Søknaden er allerede avgjort."))
    callin = open_callin(request.judgment)
    _refuse(
        rules.postponement_decision_problem(
            granted=granted,
            ground=request.ground,
            decision_note=decision_note,
            ground_not_met=ground_not_met,
        )
        or rules.postponement_problem(
            granted=granted,
            current_start=callin.start_on if callin else None,
            received_on=request.received_on,
            new_start=new_start_on,
            regional_authority=actor is None or actor.role in REGIONAL_ROLES,
            ground=request.ground,
        )
    )
    person = request.judgment.person
    before = snapshot(request)
    request.decision = PostponementDecision.GRANTED if granted else PostponementDecision.REFUSED
    request.new_start_on = new_start_on if granted else None
    request.decision_note = decision_note.strip()
    request.decided_by = actor
    request.decided_by_name = actor_name(actor)
    request.decided_at = timezone.now()
    request.save()
    record_update(
        request,
        before,
        actor=actor,
        action="decide_postponement",
        person=person,
        reason=request.decision_note,
    )
    if granted and callin is not None and new_start_on is not None:
        before = snapshot(callin)
        callin.status, callin.start_on = CallInStatus.POSTPONED, new_start_on
        callin.save(update_fields=["status", "start_on"])
        record_update(callin, before, actor=actor, action="decide_postponement", person=person)
    journal_event(
        person,
        _postponement_text(request, granted, new_start_on),
        actor=actor,
        source_action="decide_postponement",
    )
    return request


def _postponement_text(request: PostponementRequest, granted: bool, new_start: date | None) -> str:
    if granted:
        text = _("Utsettelse innvilget (%(ground)s); ny oppmøtedato %(day)s.") % {
            "ground": request.get_ground_display(),
            "day": new_start.strftime("%d.%m.%Y") if new_start else "–",
        }
    elif request.ground in MANDATORY_POSTPONEMENT_GROUNDS:
        text = _(
            "Søknad om utsettelse avslått; vilkårene for obligatorisk utsettelse "
            "(%(ground)s) er ikke oppfylt. Oppmøteplikten står ved lag."
        ) % {"ground": request.get_ground_display()}
    else:
        text = _("Søknad om utsettelse avslått; oppmøteplikten står ved lag.")
    return text + " " + _("Begrunnelse: %(reasons)s") % {"reasons": request.decision_note}


def _mark_callin_started(judgment: Judgment, actor: User | None) -> None:
    """Admission with a judgment starts its open call-in (called by ``do_admit``)."""
    callin = CallIn.objects.filter(judgment=judgment, status__in=OPEN_CALLIN_STATUSES).first()
    if callin is None:
        return
    before = snapshot(callin)
    callin.status = CallInStatus.STARTED
    callin.save(update_fields=["status"])
    record_update(callin, before, actor=actor, action="admit", person=judgment.person)


# --- remand (varetekt): rules.md § 9 ---------------------------------------------------------


def _local(at: datetime) -> str:
    return timezone.localtime(at).strftime("%d.%m.%Y %H:%M")


def _under_18(person: Person, day: date) -> bool:
    """Unknown birth date counts as adult (as ``rules.is_child_case``)."""
    age = _age_at(person, day)
    return age is not None and age < rules.CHILD_AGE


def _lock_booking(booking: RemandBooking) -> RemandBooking:
    return (
        RemandBooking.objects.select_for_update(of=("self",))
        .select_related("person", "offered_unit")
        .get(pk=booking.pk)
    )


@transaction.atomic
def do_book_remand(
    person: Person,
    *,
    police_district: str,
    actor: User | None,
    requested_at: datetime | None = None,
    arrested_at: datetime | None = None,
    note: str = "",
) -> RemandBooking:
    """Register the police's request for a remand place, with the time of arrest (police
    custody counts toward the remand credit, strl § 83) and the deadline to offer a place
    (``rules.remand_offer_deadline``: 2 døgn after the arrest; under 18 the day after). A
    deadline already passed when the request comes is set to the request itself (overdue
    at once)."""
    _require_case_editor(actor, person)
    person = _lock_person(person)
    requested_at = timezone.localtime(requested_at or timezone.now())
    arrested_at = timezone.localtime(arrested_at) if arrested_at else None
    if not police_district.strip():
        raise ValidationError({"police_district": _("Oppgi politidistriktet som bestiller.")})
    _refuse(
        rules.book_remand_problem(
            has_open_booking=RemandBooking.objects.filter(
                person=person, status__in=OPEN_BOOKING_STATUSES
            ).exists(),
            has_open_stay=Stay.objects.filter(person=person, released_at__isnull=True).exists(),
            arrested_at=arrested_at,
            requested_at=requested_at,
        )
    )
    clock = rules.remand_offer_from(arrested_at, requested_at)
    under_18 = _under_18(person, clock.date())
    booking = RemandBooking(
        person=person,
        police_district=police_district.strip(),
        arrested_at=arrested_at,
        requested_at=requested_at,
        deadline=max(rules.remand_offer_deadline(clock, under_18=under_18), requested_at),
        note=note.strip(),
    )
    _save_new(booking, actor=actor, action="book_remand", person=person, reason=note)
    journal_event(
        person, _booking_text(booking, under_18), actor=actor, source_action="book_remand"
    )
    return booking


def _booking_text(booking: RemandBooking, under_18: bool) -> str:
    text = _("%(district)s ber om varetektsplass; plass må tilbys innen %(deadline)s.") % {
        "district": booking.police_district,
        "deadline": _local(booking.deadline),
    }
    if booking.arrested_at is not None:
        text += " " + _("Pågrepet %(at)s; fristen regnes fra pågripelsen.") % {
            "at": _local(booking.arrested_at)
        }
    if under_18:
        text += " " + _("Under 18 år: senest dagen etter (Politiarrestforskriften § 3-1).")
    return text


@transaction.atomic
def do_offer_remand_place(
    booking: RemandBooking,
    unit: Unit,
    *,
    security_level: str,
    actor: User | None,
    at: datetime | None = None,
) -> RemandBooking:
    """Offer a place at a prison and security level where one is free (checked under the
    capacity lock, as admission). The unit becomes responsible for the person, so its staff
    see who is coming; the admission itself is ``do_admit(kind=REMAND)``."""
    _require_case_editor(actor, booking.person)
    booking = _lock_booking(booking)
    at = at or timezone.now()
    if booking.status != RemandBookingStatus.REQUESTED:
        raise ValidationError(_("Det er allerede tilbudt plass, eller bestillingen er lukket."))
    if unit.kind not in PRISON_KINDS:
        raise ValidationError({"unit": _("Velg et fengsel.")})
    if security_level not in SecurityLevel.values:
        raise ValidationError({"security_level": _("Velg sikkerhetsnivå.")})
    _not_before(at, booking.requested_at)
    _reserve_place(
        unit, security_level, place_sex_for(booking.person, unit, security_level, _day(at)), at
    )
    before = snapshot(booking)
    booking.offered_unit, booking.offered_security_level = unit, security_level
    booking.offered_at, booking.status = at, RemandBookingStatus.OFFERED
    booking.save()
    record_update(booking, before, actor=actor, action="offer_remand_place", person=booking.person)
    _take_responsibility(booking.person, unit, StayKind.REMAND, _day(at), actor)
    text = _("Varetektsplass tilbudt ved %(unit)s, %(level)s.") % {
        "unit": unit.name,
        "level": _label(security_level),
    }
    if at > booking.deadline:
        text += " " + _("Fristen (%(deadline)s) var overskredet.") % {
            "deadline": _local(booking.deadline)
        }
    journal_event(booking.person, text, actor=actor, source_action="offer_remand_place", unit=unit)
    return booking


@transaction.atomic
def do_cancel_remand_booking(
    booking: RemandBooking, *, reason: str, actor: User | None
) -> RemandBooking:
    """The police withdraw the request (the person released from arrest, say). A unit that
    was offered the person loses the responsibility the offer gave it."""
    _require_case_editor(actor, booking.person)
    booking = _lock_booking(booking)
    if booking.status not in OPEN_BOOKING_STATUSES:
        raise ValidationError(_("Bestillingen er ikke åpen."))
    if not reason.strip():
        raise ValidationError({"reason": _("Oppgi hvorfor bestillingen avbestilles.")})
    before = snapshot(booking)
    booking.status = RemandBookingStatus.CANCELLED
    booking.save(update_fields=["status"])
    record_update(
        booking, before, actor=actor, action="cancel_remand_booking", person=booking.person
    )
    if booking.offered_unit is not None:
        _hand_over_responsibility(booking.person, booking.offered_unit, timezone.localdate(), actor)
    journal_event(
        booking.person,
        _("Varetektsbestillingen fra %(district)s er avbestilt: %(reason)s")
        % {"district": booking.police_district, "reason": reason.strip()},
        actor=actor,
        source_action="cancel_remand_booking",
    )
    return booking


def _link_remand_booking(person: Person, stay: Stay, actor: User | None) -> None:
    """A remand admission (``do_admit``) fulfils the person's open booking, if any."""
    booking = (
        RemandBooking.objects.select_for_update()
        .filter(person=person, status__in=OPEN_BOOKING_STATUSES)
        .first()
    )
    if booking is None:
        return
    before = snapshot(booking)
    booking.status, booking.stay = RemandBookingStatus.ADMITTED, stay
    booking.save(update_fields=["status", "stay"])
    record_update(booking, before, actor=actor, action="admit", person=person)
    offered = booking.offered_unit
    if offered is not None and offered.pk != stay.unit_id:  # admitted elsewhere than offered
        _hand_over_responsibility(person, offered, _day(stay.admitted_at), actor)


@transaction.atomic
def do_add_restriction(
    stay: Stay,
    kind: str,
    *,
    ruling_reference: str,
    valid_from: date,
    valid_until: date,
    actor: User | None,
    note: str = "",
    penalty_scale: str = rules.PENALTY_UP_TO_6_YEARS,
    review_pointless: bool = False,
    weighty_reasons: str = "",
) -> RemandRestriction:
    """Register a court-ordered restriction during remand (strpl §§ 186, 186 a): full or
    partial isolation, letter or visit control, with the ruling and its end date.

    Full isolation is checked against the stay's earlier full-isolation rulings: two weeks
    per ruling (four for an extension the court found pointless to review sooner), and the
    6 / 12 week cap on continuous isolation by the charge's ``penalty_scale``, beyond it
    only with the court's ``weighty_reasons``. These are stored on the restriction, so the
    record shows why it was allowed (other restrictions store none of them).
    """
    _require_case_editor(actor, stay.person)
    stay = _lock_stay(stay)
    if not ruling_reference.strip():
        raise ValidationError({"ruling_reference": _("Oppgi kjennelsen (saksnummer og dato).")})
    earlier = list(
        stay.restrictions.filter(kind=RestrictionKind.FULL_ISOLATION).values_list(
            "valid_from", "valid_until"
        )
    )
    _refuse(
        rules.restriction_problem(
            kind,
            under_18=_under_18(stay.person, valid_from),
            valid_from=valid_from,
            valid_until=valid_until,
            is_remand_stay=stay.is_open and stay.kind == StayKind.REMAND,
            earlier_isolation=earlier,
            penalty_scale=penalty_scale,
            review_pointless=review_pointless,
            weighty_reasons=weighty_reasons,
        )
    )
    isolation = kind == RestrictionKind.FULL_ISOLATION
    restriction = RemandRestriction(
        stay=stay,
        kind=kind,
        ruling_reference=ruling_reference.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        penalty_scale=penalty_scale if isolation else "",
        review_pointless=review_pointless and isolation,
        weighty_reasons=weighty_reasons.strip() if isolation else "",
        note=note.strip(),
    )
    _save_new(restriction, actor=actor, action="add_restriction", person=stay.person)
    journal_event(
        stay.person,
        _restriction_text(restriction, earlier),
        actor=actor,
        source_action="add_restriction",
        unit=stay.unit,
    )
    return restriction


def _penalty_scale_text(scale: str) -> str:
    if scale == rules.PENALTY_OVER_6_YEARS:
        return _("Strafferamme over 6 år.")
    if scale == rules.PENALTY_SEVERAL_OVER_6_YEARS:
        return _("Flere handlinger, samlet over 6 år.")
    return _("Strafferamme inntil 6 år.")


def _ruling_facts(restriction: RemandRestriction) -> str:
    """What the ruling said that the § 186 a checks relied on, in one line (journal, pages);
    empty for a restriction other than full isolation."""
    if restriction.kind != RestrictionKind.FULL_ISOLATION:
        return ""
    parts = [_penalty_scale_text(restriction.penalty_scale)]
    if restriction.review_pointless:
        parts.append(_("Ny prøving etter to uker uten betydning."))
    if restriction.weighty_reasons:
        parts.append(
            _("Tungtveiende hensyn: %(reasons)s") % {"reasons": restriction.weighty_reasons}
        )
    return " ".join(parts)


def _restriction_text(restriction: RemandRestriction, earlier: list[tuple[date, date]]) -> str:
    text = _("Restriksjon: %(kind)s fra %(from)s til og med %(until)s (kjennelse %(ruling)s).") % {
        "kind": restriction.get_kind_display(),
        "from": restriction.valid_from.strftime("%d.%m.%Y"),
        "until": restriction.valid_until.strftime("%d.%m.%Y"),
        "ruling": restriction.ruling_reference,
    }
    if restriction.kind != RestrictionKind.FULL_ISOLATION:
        return text
    span = (restriction.valid_from, restriction.valid_until)
    run = next(r for r in rules.isolation_runs([*earlier, span]) if r[0] <= span[0] <= r[1])
    text += " " + _(
        "Sammenhengende full isolasjon fra %(start)s til og med %(end)s; grensen etter "
        "strpl. § 186 a tredje ledd er %(cap)s."
    ) % {
        "start": run[0].strftime("%d.%m.%Y"),
        "end": run[1].strftime("%d.%m.%Y"),
        "cap": rules.isolation_cap_until(run[0], restriction.penalty_scale).strftime("%d.%m.%Y"),
    }
    return f"{text} {_ruling_facts(restriction)} {restriction.note}".strip()


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def custody_start(stay: Stay) -> datetime:
    """strl § 83 second para: deprivation of liberty counts "fra pågripelsen". The arrest
    recorded on the remand booking the admission fulfilled, when earlier than the admission
    (police custody, politiarrest); else the admission."""
    arrests = [b.arrested_at for b in stay.remand_bookings.all() if b.arrested_at is not None]
    return min([stay.admitted_at, *arrests])


def isolation_periods(stay: Stay, since: datetime, until: datetime) -> list[tuple[int, int]]:
    """Full-isolation restrictions of the stay as (from, to) POSIX seconds within the custody
    [``since``, ``until``): each from the start of its first day to the end of its last,
    clipped to the custody; overlapping rulings joined (for ``remand_credit``). Isolation
    ordered while the person was still in a police cell counts too (HR-2005-01996-A)."""
    spans: list[tuple[int, int]] = []
    for r in stay.restrictions.filter(kind=RestrictionKind.FULL_ISOLATION).order_by("valid_from"):
        begin = max(_day_start(r.valid_from), since)
        end = min(_day_start(r.valid_until + timedelta(days=1)), until)
        if end <= begin:
            continue
        span = (int(begin.timestamp()), int(end.timestamp()))
        if spans and span[0] <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], span[1]))
        else:
            spans.append(span)
    return spans


def remand_credit_for(stay: Stay, until: datetime) -> RemandCredit:
    """strl § 83 second para for a remand stay ending at ``until``: the custody from the
    arrest (``custody_start``: police custody included), plus the bonus for full isolation
    (``sentencing.rules.remand``)."""
    since = custody_start(stay)
    custody = [(int(since.timestamp()), int(until.timestamp()))]
    return remand_credit(custody, isolation_periods(stay, since, until))


def _end_remand_stay(stay: Stay, placement: Placement, at: datetime, actor: User | None) -> None:
    _end_placement(placement, at, actor, stay.person, "transfer_to_execution")
    before = snapshot(stay)
    stay.released_at, stay.release_type = at, ReleaseType.REMAND_ENDED
    stay.full_clean()
    stay.save()
    record_update(stay, before, actor=actor, action="transfer_to_execution", person=stay.person)


def _continue_as_sentence(
    old: Stay, placement: Placement, judgment: Judgment, at: datetime, actor: User | None
) -> Stay:
    """The sentence stay in the same place from the same instant: the person keeps the place
    they occupy, so no capacity check (the remand placement ended at ``at``)."""
    stay = Stay(
        person=old.person,
        judgment=judgment,
        kind=StayKind.SENTENCE,
        admitted_at=at,
        unit=old.unit,
        security_level=old.security_level,
    )
    _save_new(stay, actor=actor, action="transfer_to_execution", person=old.person)
    new_placement = Placement(
        stay=stay,
        unit=placement.unit,
        security_level=placement.security_level,
        sex=placement.sex,
        from_at=at,
        reason=PlacementReason.ADMISSION,
        note=_("Overgang fra varetekt"),
    )
    _save_new(new_placement, actor=actor, action="place", person=old.person)
    return stay


@transaction.atomic
def do_transfer_remand_to_execution(
    stay: Stay, judgment: Judgment, *, actor: User | None, at: datetime | None = None
) -> Stay:
    """When the judgment arrives (fsg § 4-4 first para) the remand stay ends and a sentence
    stay starts at the same unit and level at the same instant, without a gap.

    The remand credit (strl § 83 second para) is computed from the stay's custody and its
    full-isolation rulings; it is stored on the judgment only where the court's figure is
    missing (``credited_days`` 0: we cannot tell "none fixed" from "fixed at 0"); the
    computed figure always goes into the journal.
    """
    _require_case_editor(actor, stay.person)
    stay = _lock_stay(stay)
    judgment = _lock_judgment(judgment)
    at = at or timezone.now()
    if judgment.person_id != stay.person_id:
        raise ValidationError(_("Dommen gjelder en annen person."))
    absence = stay.absences.filter(returned_at__isnull=True).values_list("kind", flat=True).first()
    _refuse(
        rules.remand_transfer_problem(
            stay_kind=stay.kind,
            has_open_stay=stay.is_open,
            open_absence=absence,
            judgment_status=judgment.status,
            custodial=judgment.reaction in QUEUE_REACTIONS,
        )
    )
    placement = stay.placements.get(to_at__isnull=True)
    _not_before(at, placement.from_at)
    credit = remand_credit_for(stay, at)
    since = custody_start(stay)
    _end_remand_stay(stay, placement, at, actor)
    _hand_over_responsibility(stay.person, stay.unit, _day(at), actor)
    new_stay = _continue_as_sentence(stay, placement, judgment, at, actor)
    _take_responsibility(stay.person, stay.unit, StayKind.SENTENCE, _day(at), actor)
    do_set_judgment_status(judgment, JudgmentStatus.IN_EXECUTION, actor=actor)
    _mark_callin_started(judgment, actor)
    stored = _store_credit(judgment, credit, actor)
    journal_event(
        stay.person,
        _transfer_text(judgment, stay.unit, credit, stored, since=since),
        actor=actor,
        source_action="transfer_to_execution",
        unit=stay.unit,
    )
    return new_stay


def _store_credit(judgment: Judgment, credit: RemandCredit, actor: User | None) -> bool:
    """Store the computed credit where the court fixed none; True when stored."""
    if judgment.credited_days:
        return False
    reason = _("Beregnet etter strl. § 83 ved overgang fra varetekt.")
    do_set_remand_credit(judgment, credit.credited_days, actor=actor, reason=reason)
    return True


def _transfer_text(
    judgment: Judgment, unit: Unit, credit: RemandCredit, stored: bool, *, since: datetime
) -> str:
    text = _(
        "Overgang fra varetekt til straffegjennomføring ved %(unit)s (dom %(judgment)s). "
        "Beregnet varetektsfradrag etter strl. § 83: %(days)s dager (%(base)s for "
        "frihetsberøvelse fra %(since)s, %(extra)s for full isolasjon)."
    ) % {
        "unit": unit.name,
        "judgment": judgment,
        "days": credit.credited_days,
        "base": credit.base_days,
        "since": _local(since),
        "extra": credit.isolation_days,
    }
    if stored:
        return (
            text
            + " "
            + _("Dommen hadde ikke fradrag fastsatt av retten; beregnet fradrag er lagret.")
        )
    return (
        text
        + " "
        + _("Rettens fradrag på %(days)s dager er beholdt.") % {"days": judgment.credited_days}
    )
