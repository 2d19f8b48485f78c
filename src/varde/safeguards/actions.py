"""Every write to exclusions, coercive measures, their notices, reviews, supervision log and
contact plan, and to the deviation register.

Each action runs in one transaction, checks who may act, validates (a Norwegian
``ValidationError``, nothing saved, on refusal), writes, appends the audit row and — for what
belongs in the case log (decisions, notices, reviews, ends) — a journal event. The supervision
log, the contact registered each day and deviations are audited but kept out of the journal:
they are logs and internal control of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.audit.actions import actor_name, record_create, record_update, snapshot
from varde.journal.actions import journal_event
from varde.organisation.choices import PRISON_KINDS
from varde.organisation.queries import units_assignable_by
from varde.people.models import Person
from varde.safeguards import decisions, rules
from varde.safeguards.choices import (
    PLACEMENT_KINDS,
    ContactKind,
    DeviationSource,
    DeviationStatus,
    Extent,
    Recipient,
    ReviewLevel,
    ReviewOutcome,
    deviation_source_choices,
)
from varde.safeguards.models import (
    CoerciveMeasure,
    ContactActivity,
    ContactPlan,
    Decision,
    Deviation,
    Exclusion,
    Notice,
    Review,
    SupervisionNote,
)

if TYPE_CHECKING:
    from varde.organisation.models import Unit, User

MAX_CONTACT_MINUTES = 24 * 60


def _require(actor: User | None, perm: str, person: Person | None) -> None:
    """System jobs (actor None) may write; people need the permission and the person."""
    if actor is None:
        return
    if not actor.has_perm(perm):
        raise PermissionDenied(_("Rollen din kan ikke registrere dette."))
    if person is not None and not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Du har ikke tilgang til denne personen."))


def _check_unit(unit: Unit, actor: User | None) -> None:
    if unit.kind not in PRISON_KINDS:
        raise ValidationError({"unit": _("Velg fengselet (eller avdelingen) der tiltaket brukes.")})
    if actor is not None and not units_assignable_by(actor).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("Du kan ikke registrere tiltak ved denne enheten.")})


def _check_past(at: datetime, field: str) -> None:
    if at > timezone.now():
        raise ValidationError({field: _("Tidspunktet kan ikke være fram i tid.")})


def _when(at: datetime) -> str:
    return f"{timezone.localtime(at):%d.%m.%Y %H:%M}"


def _tell(decision: Decision, told: Iterable[str], actor: User | None) -> None:
    """Notices given when the decision was made (checked off on the decision screen)."""
    for recipient in dict.fromkeys(told):
        _add_notice(decision, recipient=recipient, at=decision.decided_at, note="", actor=actor)


# --- exclusion --------------------------------------------------------------------------------


@transaction.atomic
def do_decide_exclusion(
    person: Person,
    *,
    unit: Unit,
    ground: str,
    extent: str,
    start_at: datetime,
    reasons: str,
    authorised_by: str,
    actor: User | None,
    best_interest: str = "",
    planned_review_on: date | None = None,
    told: Iterable[str] = (),
) -> Exclusion:
    """Exclude an inmate from company (strgjfl §§ 37, 39; after the reform §§ 37-37 d)."""
    _require(actor, "safeguards.change_decision", person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    _check_unit(unit, actor)
    if extent not in Extent.values:
        raise ValidationError({"extent": _("Velg hel eller delvis utelukkelse.")})
    if Exclusion.objects.filter(person=person, end_at__isnull=True).exists():
        raise ValidationError(
            _("Personen er allerede utelukket. Avslutt den utelukkelsen før et nytt vedtak.")
        )
    exclusion = Exclusion(
        person=person,
        unit=unit,
        legal_basis=ground,
        extent=extent,
        start_at=start_at,
        decided_at=start_at,
        reasons=reasons,
        best_interest=best_interest,
        authorised_by=authorised_by,
        planned_review_on=planned_review_on,
    )
    decisions.prepare_decision(
        exclusion,
        actor=actor,
        basis_problem=lambda rs, minor: rs.exclusion_ground_problem(ground, minor),
        paragraph=lambda rs, minor: rs.exclusion_paragraph(ground, minor),
    )
    exclusion.full_clean()
    exclusion.save()
    record_create(exclusion, actor=actor, action="decide_exclusion", person=person)
    journal_event(
        person,
        _("Vedtak om %(extent)s fra %(start)s (%(basis)s).")
        % {
            "extent": exclusion.get_extent_display().lower(),
            "start": _when(start_at),
            "basis": exclusion.legal_basis_text,
        },
        actor=actor,
        source_action="decide_exclusion",
        unit=unit,
    )
    _tell(exclusion, told, actor)
    return exclusion


# --- coercive measures ------------------------------------------------------------------------


@transaction.atomic
def do_decide_measure(
    person: Person,
    *,
    unit: Unit,
    kind: str,
    basis: str,
    start_at: datetime,
    reasons: str,
    authorised_by: str,
    actor: User | None,
    best_interest: str = "",
    doctor_statement_sought: bool = False,
    doctor_statement: str = "",
    doctor_not_sought_reason: str = "",
    told: Iterable[str] = (),
) -> CoerciveMeasure:
    """Use a coercive means (strgjfl § 38; after the reform §§ 38-38 e). For a security cell
    or bed the doctor's statement is sought as far as possible; if not, say why."""
    _require(actor, "safeguards.change_decision", person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    _check_unit(unit, actor)
    measure = CoerciveMeasure(
        person=person,
        unit=unit,
        kind=kind,
        legal_basis=basis,
        start_at=start_at,
        decided_at=start_at,
        reasons=reasons,
        best_interest=best_interest,
        authorised_by=authorised_by,
        doctor_statement_sought=doctor_statement_sought,
        doctor_statement=doctor_statement.strip(),
        doctor_not_sought_reason=doctor_not_sought_reason.strip(),
    )
    decisions.prepare_decision(
        measure,
        actor=actor,
        basis_problem=lambda rs, minor: rs.measure_problem(kind, basis, minor),
        paragraph=lambda rs, minor: rs.measure_paragraph(kind, basis),
    )
    if measure.kind in PLACEMENT_KINDS and not (
        doctor_statement_sought or measure.doctor_not_sought_reason
    ):
        raise ValidationError(
            {
                "doctor_not_sought_reason": _(
                    "Uttalelse fra lege skal så langt mulig innhentes før sikkerhetscelle eller "
                    "-seng. Kryss av for at den er innhentet, eller skriv hvorfor ikke."
                )
            }
        )
    measure.full_clean()
    measure.save()
    record_create(measure, actor=actor, action="decide_measure", person=person)
    journal_event(
        person,
        _("Tvangsmiddel tatt i bruk: %(kind)s fra %(start)s (%(basis)s).")
        % {
            "kind": measure.get_kind_display().lower(),
            "start": _when(start_at),
            "basis": measure.legal_basis_text,
        },
        actor=actor,
        source_action="decide_measure",
        unit=unit,
    )
    _tell(measure, told, actor)
    return measure


@transaction.atomic
def do_add_supervision_note(
    measure: CoerciveMeasure, *, at: datetime, text: str, actor: User | None
) -> SupervisionNote:
    """A line in the continuous supervision log (strgjfl § 38 fourth para; § 38 c-d new)."""
    _require(actor, "safeguards.log_supervision", measure.person)
    if not text.strip():
        raise ValidationError({"text": _("Skriv hva du observerte.")})
    _check_past(at, "at")
    if at < measure.start_at or (measure.end_at and at > measure.end_at):
        raise ValidationError({"at": _("Tidspunktet må være mens tiltaket pågikk.")})
    note = SupervisionNote(
        measure=measure, at=at, text=text.strip(), written_by_name=actor_name(actor)
    )
    note.full_clean()
    note.save()
    record_create(note, actor=actor, action="add_supervision_note", person=measure.person)
    return note


# --- shared: notices, reviews, ending ---------------------------------------------------------


def _add_notice(
    decision: Decision, *, recipient: str, at: datetime, note: str, actor: User | None
) -> Notice:
    if recipient not in Recipient.values:
        raise ValidationError({"recipient": _("Velg hvem som ble underrettet.")})
    if recipient == Recipient.GUARDIAN and not decision.minor:
        raise ValidationError({"recipient": _("Verge underrettes bare når personen er under 18.")})
    _check_past(at, "at")
    notice = Notice(
        recipient=recipient, at=at, note=note.strip(), registered_by_name=actor_name(actor)
    )
    _attach(notice, decision)
    notice.full_clean()
    notice.save()
    record_create(notice, actor=actor, action="add_notice", person=decision.person)
    journal_event(
        decision.person,
        _("%(recipient)s underrettet %(at)s om %(decision)s.")
        % {
            "recipient": notice.get_recipient_display(),
            "at": _when(at),
            "decision": _decision_name(decision),
        },
        actor=actor,
        source_action="add_notice",
        unit=decision.unit,
    )
    if recipient == Recipient.INMATE:
        _refresh_appeal(decision, actor)
    return notice


@transaction.atomic
def do_add_notice(
    decision: Decision, *, recipient: str, at: datetime, actor: User | None, note: str = ""
) -> Notice:
    """Record who was told of the decision, and when (inmate, doctor, region, KDI, ...).
    Telling the inmate starts the appeal period."""
    _require(actor, "safeguards.change_decision", decision.person)
    return _add_notice(decision, recipient=recipient, at=at, note=note, actor=actor)


@transaction.atomic
def do_add_review(
    decision: Decision,
    *,
    level: str,
    outcome: str,
    at: datetime,
    reasons: str,
    actor: User | None,
    best_interest: str = "",
) -> Review:
    """A position on continuing the measure: a new decision by the unit, or the region's or
    KDI's. "End" ends the measure at that time."""
    _require(actor, "safeguards.change_decision", decision.person)
    if level not in ReviewLevel.values or outcome not in ReviewOutcome.values:
        raise ValidationError(_("Velg nivå og utfall."))
    problems = rules.decision_problems(
        reasons=reasons, best_interest=best_interest, minor=decision.minor
    )
    if problems:
        raise ValidationError(problems)
    _check_past(at, "at")
    if at < decision.start_at or (decision.end_at and at > decision.end_at):
        raise ValidationError({"at": _("Vurderingen må være gjort mens tiltaket pågikk.")})
    review = Review(
        level=level,
        outcome=outcome,
        at=at,
        reasons=reasons.strip(),
        best_interest=best_interest.strip(),
        decided_by_name=actor_name(actor),
    )
    _attach(review, decision)
    review.full_clean()
    review.save()
    record_create(review, actor=actor, action="add_review", person=decision.person)
    journal_event(
        decision.person,
        _("%(level)s vurderte %(decision)s %(at)s: %(outcome)s.")
        % {
            "level": review.get_level_display(),
            "decision": _decision_name(decision),
            "at": _when(at),
            "outcome": review.get_outcome_display().lower(),
        },
        actor=actor,
        source_action="add_review",
        unit=decision.unit,
    )
    if outcome == ReviewOutcome.END and decision.end_at is None:
        _end(decision, end_at=at, note=_("Avsluttet ved vurdering."), actor=actor)
    return review


@transaction.atomic
def do_end(decision: Decision, *, end_at: datetime, actor: User | None, note: str = "") -> Decision:
    """End the exclusion or the use of the coercive means."""
    _require(actor, "safeguards.change_decision", decision.person)
    return _end(decision, end_at=end_at, note=note, actor=actor)


def _end(decision: Decision, *, end_at: datetime, note: str, actor: User | None) -> Decision:
    decision = type(decision)._default_manager.select_for_update().get(pk=decision.pk)
    if decision.end_at is not None:
        raise ValidationError(_("Tiltaket er allerede avsluttet."))
    _check_past(end_at, "end_at")
    if end_at <= decision.start_at:
        raise ValidationError({"end_at": _("Slutt må være etter start.")})
    before = snapshot(decision)
    decision.end_at = end_at
    decision.end_note = note.strip()
    decision.appeal_deadline_at = None
    decisions.refresh_appeal_deadline(decision, told_at=decisions.inmate_told_at(decision))
    decision.full_clean()
    decision.save(update_fields=["end_at", "end_note", "appeal_deadline_at"])
    record_update(decision, before, actor=actor, action="end_safeguard", person=decision.person)
    journal_event(
        decision.person,
        _("%(decision)s avsluttet %(at)s.")
        % {"decision": _decision_name(decision).capitalize(), "at": _when(end_at)},
        actor=actor,
        source_action="end_safeguard",
        unit=decision.unit,
    )
    return decision


def _refresh_appeal(decision: Decision, actor: User | None) -> None:
    before = snapshot(decision)
    decisions.refresh_appeal_deadline(decision, told_at=decisions.inmate_told_at(decision))
    decision.save(update_fields=["appeal_deadline_at"])
    record_update(decision, before, actor=actor, action="appeal_deadline", person=decision.person)


def _attach(item: Notice | Review, decision: Decision) -> None:
    if isinstance(decision, Exclusion):
        item.exclusion = decision
    else:
        item.measure = decision  # type: ignore[assignment]


def _decision_name(decision: Decision) -> str:
    if isinstance(decision, Exclusion):
        return _("utelukkelsen fra %(start)s") % {"start": _when(decision.start_at)}
    assert isinstance(decision, CoerciveMeasure)
    return _("%(kind)s fra %(start)s") % {
        "kind": decision.get_kind_display().lower(),
        "start": _when(decision.start_at),
    }


# --- the contact plan (isolation-reducing measures) -------------------------------------------


@transaction.atomic
def do_plan_contact(
    exclusion: Exclusion,
    *,
    day: date,
    kind: str,
    planned_minutes: int,
    actor: User | None,
    note: str = "",
) -> ContactActivity:
    """Plan meaningful human contact on a day of the exclusion (the week's plan is made
    when its first activity is planned)."""
    _require(actor, "safeguards.log_supervision", exclusion.person)
    if kind not in ContactKind.values:
        raise ValidationError({"kind": _("Velg tiltak.")})
    if not 0 < planned_minutes <= MAX_CONTACT_MINUTES:
        raise ValidationError({"planned_minutes": _("Skriv antall minutter (1–1440).")})
    start = timezone.localdate(exclusion.start_at)
    end = timezone.localdate(exclusion.end_at) if exclusion.end_at else None
    if day < start or (end is not None and day > end):
        raise ValidationError({"day": _("Dagen må være mens utelukkelsen varer.")})
    week = rules.week_start(day)
    plan = ContactPlan.objects.filter(exclusion=exclusion, week_start=week).first()
    if plan is None:
        plan = ContactPlan(exclusion=exclusion, week_start=week, created_by_name=actor_name(actor))
        plan.full_clean()
        plan.save()
        record_create(plan, actor=actor, action="plan_contact_week", person=exclusion.person)
    activity = ContactActivity(
        plan=plan,
        day=day,
        kind=kind,
        planned_minutes=planned_minutes,
        note=note.strip(),
        registered_by_name=actor_name(actor),
    )
    activity.full_clean()
    activity.save()
    record_create(activity, actor=actor, action="plan_contact", person=exclusion.person)
    return activity


@transaction.atomic
def do_register_contact(
    activity: ContactActivity,
    *,
    offered: bool,
    accepted: bool,
    done_minutes: int,
    actor: User | None,
    note: str | None = None,
) -> ContactActivity:
    """What came of a planned contact: offered, accepted (by the inmate), minutes done."""
    person = activity.plan.exclusion.person
    _require(actor, "safeguards.log_supervision", person)
    if accepted and not offered:
        raise ValidationError(
            {"accepted": _("Et tiltak kan bare takkes ja til når det er tilbudt.")}
        )
    if done_minutes and not accepted:
        raise ValidationError(
            {"done_minutes": _("Gjennomførte minutter forutsetter at tilbudet ble akseptert.")}
        )
    if not 0 <= done_minutes <= MAX_CONTACT_MINUTES:
        raise ValidationError({"done_minutes": _("Skriv antall minutter (0–1440).")})
    if activity.day > timezone.localdate() and (offered or done_minutes):
        raise ValidationError(_("Registrer gjennomføring på dagen eller etterpå."))
    before = snapshot(activity)
    activity.offered, activity.accepted, activity.done_minutes = offered, accepted, done_minutes
    if note is not None:
        activity.note = note.strip()
    activity.registered_by_name = actor_name(actor)
    activity.full_clean()
    activity.save()
    record_update(activity, before, actor=actor, action="register_contact", person=person)
    return activity


# --- deviations -------------------------------------------------------------------------------


def _check_owner(owner: User | None, unit: Unit) -> None:
    if owner is not None and not units_assignable_by(owner).filter(pk=unit.pk).exists():
        raise ValidationError({"owner": _("Den ansvarlige må arbeide ved enheten eller regionen.")})


@transaction.atomic
def do_register_deviation(
    unit: Unit,
    *,
    title: str,
    due_on: date,
    actor: User | None,
    description: str = "",
    person: Person | None = None,
    owner: User | None = None,
    source: str = DeviationSource.MANUAL,
    key: str = "",
    exclusion: Exclusion | None = None,
    measure: CoerciveMeasure | None = None,
) -> Deviation:
    """Register a deviation (avvik). Staff register manual ones; the clocks register one per
    passed deadline with a ``key`` that makes a second registration of the same a no-op
    (``sync.sync_deviations``)."""
    _require(actor, "safeguards.change_deviation", person)
    if actor is not None and not units_assignable_by(actor).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("Du kan ikke registrere avvik ved denne enheten.")})
    if source not in dict(deviation_source_choices()):
        raise ValidationError({"source": _("Ukjent kilde for avviket.")})
    if not title.strip():
        raise ValidationError({"title": _("Skriv kort hva avviket gjelder.")})
    _check_owner(owner, unit)
    deviation = Deviation(
        unit=unit,
        person=person,
        source=source,
        title=title.strip()[:200],
        description=description.strip(),
        owner=owner,
        due_on=due_on,
        key=key,
        exclusion=exclusion,
        measure=measure,
        created_by_name=actor_name(actor),
    )
    # The unique key is the database's to enforce (IntegrityError), so parallel runs of the
    # sync cannot both insert; everything else is checked here.
    deviation.full_clean(validate_constraints=False)
    deviation.save()
    record_create(deviation, actor=actor, action="register_deviation", person=person)
    return deviation


@transaction.atomic
def do_assign_deviation(
    deviation: Deviation, *, owner: User | None, due_on: date, actor: User | None
) -> Deviation:
    """Give the deviation an owner and a due date."""
    _require(actor, "safeguards.change_deviation", deviation.person)
    deviation = Deviation.objects.select_for_update().get(pk=deviation.pk)
    if not deviation.is_open:
        raise ValidationError(_("Avviket er lukket."))
    _check_owner(owner, deviation.unit)
    before = snapshot(deviation)
    deviation.owner, deviation.due_on = owner, due_on
    deviation.full_clean()
    deviation.save(update_fields=["owner", "due_on"])
    record_update(
        deviation, before, actor=actor, action="assign_deviation", person=deviation.person
    )
    return deviation


@transaction.atomic
def do_close_deviation(deviation: Deviation, *, note: str, actor: User | None) -> Deviation:
    """Close the deviation with a note on what was done (the note is required)."""
    _require(actor, "safeguards.change_deviation", deviation.person)
    deviation = Deviation.objects.select_for_update().get(pk=deviation.pk)
    if not deviation.is_open:
        raise ValidationError(_("Avviket er allerede lukket."))
    if not note.strip():
        raise ValidationError({"note": _("Skriv hva som er gjort før avviket lukkes.")})
    before = snapshot(deviation)
    deviation.status = DeviationStatus.CLOSED
    deviation.closed_at = timezone.now()
    deviation.closed_by_name = actor_name(actor)
    deviation.closure_note = note.strip()
    deviation.full_clean()
    deviation.save(update_fields=["status", "closed_at", "closed_by_name", "closure_note"])
    record_update(deviation, before, actor=actor, action="close_deviation", person=deviation.person)
    return deviation
