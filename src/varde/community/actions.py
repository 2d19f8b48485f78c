"""Every write to community cases: open, log hours, register reporting and breaches, close.

Each action runs in one transaction, checks who may act and the rule from ``rules.py`` (a
Norwegian ``ValidationError``, nothing saved, on refusal), writes, appends the audit row and
a journal event. Opening a case makes the probation office responsible for the person (so
its staff see them) and starts the judgment's execution; closing ends both.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.audit.actions import record_create, record_update, snapshot
from varde.community import rules
from varde.community.choices import (
    HOURS_KINDS,
    KINDS_FOR_REACTION,
    OWN_EXECUTION_KINDS,
    BreachResponse,
    CaseKind,
    CaseStatus,
    ContactKind,
)
from varde.community.models import Breach, CommunityCase, HoursLog, ReportingEvent
from varde.community.queries import open_case_for, planned_end_for
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


def _name(actor: User | None) -> str:
    return actor.get_username() if actor else "system"


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
        registered_by_name=_name(actor),
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
) -> Breach:
    """A breach case and the response (strgjfl §§ 44, 58; fsg §§ 3-45, 5-4, 7-7). A referral
    to court interrupts the execution (§ 58 third para): the case goes to status breach."""
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
            earlier_responses=case.breaches.values_list("response", flat=True),
            day=day,
            start=case.start,
            today=today,
        )
    )
    deadline, basis = rules.breach_deadline(case.kind, response, today, case.planned_end)
    breach = Breach(
        case=case,
        day=day,
        description=description.strip(),
        response=response,
        deadline=deadline,
        deadline_basis=basis,
        decided_by=actor,
        decided_by_name=_name(actor),
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
) -> CommunityCase:
    """End the case: completed, or converted by the court (strl § 52: the subsidiary prison
    is to be served, so the judgment goes back to the queue). Ends the office's
    responsibility; a completed case completes the judgment it executes."""
    _require_editor(actor, case.person)
    case = _lock(case)
    today = timezone.localdate()
    day = day or today
    if not case.is_open:
        raise ValidationError(_("Saken er allerede avsluttet."))
    if day > today or day < case.start:
        raise ValidationError({"day": _("Avslutningsdatoen må være mellom oppstart og i dag.")})
    if converted and case.status != CaseStatus.BREACH:
        raise ValidationError(
            _("Bare en sak som er brakt inn for retten, kan avsluttes som omgjort.")
        )
    _set_status(
        case, CaseStatus.CONVERTED if converted else CaseStatus.COMPLETED, actor=actor, ended_on=day
    )
    if case.responsibility is not None and case.responsibility.date_to is None:
        do_close_responsibility(case.responsibility, date_to=day, actor=actor, note=note)
    if case.kind in OWN_EXECUTION_KINDS:
        status = JudgmentStatus.QUEUED if converted else JudgmentStatus.COMPLETED
        do_set_judgment_status(case.judgment, status, actor=actor)
    text = (
        _("Sak i friomsorgen omgjort av retten (%(kind)s), avsluttet %(day)s.")
        if converted
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
