"""Every write to applications, decisions, appeals, the deadline table and victim
notification.

Each action runs in one transaction, checks who may act (role, scope and the level the case
lies at) and the rule from ``rules.py`` (a Norwegian ``ValidationError``, nothing saved, on
refusal), writes, appends the audit row and — for the applicant's own case — a journal event.
Victim registrations and notices are audited but not journalled: the journal is read more
widely and may be shown to the convicted person (strgjfl § 7 letter c).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.audit.actions import actor_name, record_create, record_update, snapshot
from varde.decisions import queries, rules
from varde.decisions.choices import (
    OPEN_APPEAL_STATUSES,
    OPEN_STATUSES,
    AppealOutcome,
    ApplicationKind,
    ApplicationStatus,
    Channel,
    Level,
    NoticeEvent,
    VictimRelation,
)
from varde.decisions.models import (
    Appeal,
    Application,
    DeadlineSetting,
    Decision,
    Forwarding,
    VictimContact,
    VictimNotice,
)
from varde.journal.actions import journal_event
from varde.organisation.choices import PERSON_EDIT_ROLES, Role
from varde.people.models import Person
from varde.sentencing.choices import Reaction

if TYPE_CHECKING:
    from varde.organisation.models import Unit, User
    from varde.sentencing.models import Judgment


def _refuse(problem: str | None) -> None:
    if problem:
        raise ValidationError(problem)


def _require_editor(actor: User | None, person: Person) -> None:
    """System jobs (actor None) may write; people need an editing role and the person."""
    if actor is None:
        return
    if actor.role not in PERSON_EDIT_ROLES:
        raise PermissionDenied(_("Rollen din kan ikke registrere søknader og vedtak."))
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Du har ikke tilgang til denne personen."))


def _require_level(actor: User | None, level: str, application: Application) -> None:
    """The case lies at ``level``: only staff deciding at that level, and for that unit or
    region, may act on it."""
    if actor is None:
        return
    _require_editor(actor, application.person)
    here = queries.acts_at(actor, level, application)
    if not here:
        raise ValidationError(
            _("Saken ligger hos %(level)s. Du kan ikke behandle den herfra.")
            % {"level": rules.level_label(level).lower()}
        )


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("person", "unit", "unit__region", "judgment")
        .get(pk=application.pk)
    )


def _routing(application: Application) -> rules.Routing:
    return rules.Routing(
        level=application.routing_level,
        refusal_level=application.refusal_level,
        basis=application.routing_basis,
    )


def _journal(application: Application, text: str, actor: User | None, action: str) -> None:
    journal_event(
        application.person, text, actor=actor, source_action=action, unit=application.unit
    )


def _before(at: datetime, earlier: datetime) -> bool:
    """``at`` is before ``earlier`` to the minute (forms give times in whole minutes)."""
    return at < earlier.replace(second=0, microsecond=0)


def _set_status(application: Application, status: str, actor: User | None, action: str) -> None:
    before = snapshot(application)
    application.status = status
    application.save(update_fields=["status", "level"])
    record_update(application, before, actor=actor, action=action, person=application.person)


# --- applications ----------------------------------------------------------------------------


def _check_application(
    person: Person,
    *,
    kind: str,
    received_on: date,
    text: str,
    judgment: Judgment | None,
    unit: Unit | None,
    target_unit: Unit | None,
    requested_from: date | None,
    requested_to: date | None,
) -> None:
    if kind not in ApplicationKind.values:
        raise ValidationError({"kind": _("Velg hva det søkes om.")})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("Mottatt-datoen kan ikke være fram i tid.")})
    if not text.strip():
        raise ValidationError({"text": _("Skriv hva søknaden gjelder, med søkerens begrunnelse.")})
    if unit is None:
        raise ValidationError(
            _("Personen har ingen enhet med ansvar nå. Søknaden må registreres ved en enhet.")
        )
    if judgment is not None and judgment.person_id != person.pk:
        raise ValidationError({"judgment": _("Dommen gjelder en annen person.")})
    if requested_from and requested_to and requested_to < requested_from:
        raise ValidationError({"requested_to": _("Til-datoen må være etter fra-datoen.")})
    if kind == ApplicationKind.TRANSFER:
        if target_unit is None:
            raise ValidationError({"target_unit": _("Velg enheten søkeren vil overføres til.")})
        if target_unit.pk == unit.pk:
            raise ValidationError({"target_unit": _("Søkeren er allerede ved denne enheten.")})


@transaction.atomic
def do_register_application(
    person: Person,
    *,
    kind: str,
    received_on: date,
    text: str,
    actor: User | None,
    judgment: Judgment | None = None,
    unit: Unit | None = None,
    requested_from: date | None = None,
    requested_to: date | None = None,
    target_unit: Unit | None = None,
    concerns_child: bool = False,
    dispensation: bool = False,
) -> Application:
    """Register an application at the unit that handles the person: its processing deadline
    from the table in force on the day received, the interim-reply day (fvl § 11 a) and who
    decides (strgjfl § 6)."""
    _require_editor(actor, person)
    person = Person.objects.select_for_update(of=("self",)).get(pk=person.pk)
    unit = unit or queries.handling_unit(person)
    judgment = judgment or queries.current_judgment(person)
    _check_application(
        person,
        kind=kind,
        received_on=received_on,
        text=text,
        judgment=judgment,
        unit=unit,
        target_unit=target_unit,
        requested_from=requested_from,
        requested_to=requested_to,
    )
    assert unit is not None
    facts = queries.routing_facts(
        person,
        kind=kind,
        judgment=judgment,
        unit=unit,
        target_unit=target_unit if kind == ApplicationKind.TRANSFER else None,
        dispensation=dispensation,
        day=received_on,
    )
    routing = rules.route(facts)
    version = rules.processing_days(kind, received_on, queries.deadline_versions())
    application = Application(
        person=person,
        judgment=judgment,
        unit=unit,
        kind=kind,
        received_on=received_on,
        text=text.strip(),
        requested_from=requested_from,
        requested_to=requested_to,
        target_unit=target_unit if kind == ApplicationKind.TRANSFER else None,
        concerns_child=concerns_child or kind == ApplicationKind.CHILD_VISIT,
        dispensation=dispensation,
        deadline=rules.processing_deadline(received_on, version.days),
        deadline_days=version.days,
        deadline_source=version.source[:200],
        interim_reply_due=rules.interim_reply_due(received_on),
        routing_level=routing.level,
        refusal_level=routing.refusal_level,
        routing_basis=routing.basis[:200],
        level=Level.LOCAL,
        registered_by=actor,
        registered_by_name=actor_name(actor),
    )
    application.full_clean()
    application.save()
    record_create(application, actor=actor, action="register_application", person=person)
    _journal(
        application,
        _(
            "Søknad registrert: %(kind)s (mottatt %(day)s, frist %(deadline)s, "
            "avgjøres av %(level)s)."
        )
        % {
            "kind": application.get_kind_display().lower(),
            "day": f"{received_on:%d.%m.%Y}",
            "deadline": f"{application.deadline:%d.%m.%Y}",
            "level": rules.level_label(routing.level).lower(),
        },
        actor,
        "register_application",
    )
    return application


@transaction.atomic
def do_forward_application(
    application: Application, *, recommendation: str, actor: User | None
) -> Forwarding:
    """Send the application to the next level with the unit's recommendation (innstilling),
    when that level must decide a grant (strgjfl § 6)."""
    application = _lock(application)
    if application.status not in OPEN_STATUSES:
        raise ValidationError(_("Søknaden er ikke til behandling."))
    _require_level(actor, application.level, application)
    _refuse(rules.forward_problem(_routing(application), application.level))
    if not recommendation.strip():
        raise ValidationError(
            {"recommendation": _("Skriv innstillingen: hva enheten anbefaler, og hvorfor.")}
        )
    to_level = rules.superior(application.level)
    forwarding = Forwarding(
        application=application,
        from_level=application.level,
        to_level=to_level,
        recommendation=recommendation.strip(),
        forwarded_at=timezone.now(),
        forwarded_by=actor,
        forwarded_by_name=actor_name(actor),
    )
    forwarding.save()
    record_create(forwarding, actor=actor, action="forward_application", person=application.person)
    application.level = to_level
    _set_status(application, ApplicationStatus.FORWARDED, actor, "forward_application")
    _journal(
        application,
        _("Søknad om %(kind)s sendt til %(level)s med innstilling.")
        % {
            "kind": application.get_kind_display().lower(),
            "level": rules.level_label(to_level).lower(),
        },
        actor,
        "forward_application",
    )
    return forwarding


@transaction.atomic
def do_register_interim_reply(
    application: Application, *, day: date, actor: User | None
) -> Application:
    """An interim reply sent to the applicant (forvaltningsloven § 11 a)."""
    application = _lock(application)
    _require_editor(actor, application.person)
    if application.status not in OPEN_STATUSES:
        raise ValidationError(_("Søknaden er ikke til behandling."))
    if day > timezone.localdate() or day < application.received_on:
        raise ValidationError({"day": _("Datoen må være mellom mottatt-datoen og i dag.")})
    before = snapshot(application)
    application.interim_reply_on = day
    application.save(update_fields=["interim_reply_on"])
    record_update(
        application, before, actor=actor, action="interim_reply", person=application.person
    )
    _journal(
        application,
        _("Foreløpig svar sendt %(day)s på søknad om %(kind)s.")
        % {"day": f"{day:%d.%m.%Y}", "kind": application.get_kind_display().lower()},
        actor,
        "interim_reply",
    )
    return application


@transaction.atomic
def do_withdraw_application(
    application: Application, *, day: date, actor: User | None
) -> Application:
    """The applicant withdrew the application before it was decided."""
    application = _lock(application)
    _require_editor(actor, application.person)
    if application.status not in OPEN_STATUSES:
        raise ValidationError(_("Bare en søknad til behandling kan trekkes."))
    if day > timezone.localdate() or day < application.received_on:
        raise ValidationError({"day": _("Datoen må være mellom mottatt-datoen og i dag.")})
    before = snapshot(application)
    application.withdrawn_on = day
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status", "withdrawn_on"])
    record_update(
        application, before, actor=actor, action="withdraw_application", person=application.person
    )
    _journal(
        application,
        _("Søknad om %(kind)s trukket %(day)s.")
        % {"kind": application.get_kind_display().lower(), "day": f"{day:%d.%m.%Y}"},
        actor,
        "withdraw_application",
    )
    return application


# --- decisions -------------------------------------------------------------------------------


def _child_interest_needed(application: Application, day: date) -> bool:
    return rules.child_interest_required(
        minor_children=queries.minor_children(application.person, day),
        applicant_is_minor=queries.is_minor(application.person, day),
        concerns_child=application.concerns_child,
    )


@transaction.atomic
def do_decide_application(
    application: Application,
    *,
    outcome: str,
    legal_basis: str,
    reasons: str,
    actor: User | None,
    child_interest: str = "",
    notified_at: datetime | None = None,
    channel: str = "",
    notified_to: str = "",
    guardian_informed: bool = False,
) -> Decision:
    """Decide an application at the level it lies: granted, partly granted or refused, on a
    legal basis offered for its kind, with written reasons and (where a child is affected)
    the child's best interest. A grant needs the routing level; a refusal may be made lower
    where delegated (fsg § 2-1). With ``notified_at`` the notification is registered too."""
    application = _lock(application)
    if application.status not in OPEN_STATUSES:
        raise ValidationError(_("Søknaden er allerede avgjort eller trukket."))
    _require_level(actor, application.level, application)
    # Told at once (orally when urgent, strgjfl § 7 letter b): the decision existed then.
    now = min(timezone.now(), notified_at) if notified_at is not None else timezone.now()
    if timezone.localtime(now).date() < application.received_on:
        raise ValidationError({"notified_at": _("Vedtaket kan ikke være før søknaden kom inn.")})
    needed = _child_interest_needed(application, timezone.localdate())
    _refuse(
        rules.decision_problem(
            kind=application.kind,
            outcome=outcome,
            legal_basis=legal_basis,
            reasons=reasons,
            child_interest=child_interest,
            child_interest_needed=needed,
        )
    )
    _refuse(rules.decision_level_problem(_routing(application), application.level, outcome))
    forvaring = (
        application.judgment is not None
        and application.judgment.reaction == Reaction.PREVENTIVE_DETENTION
    )
    _refuse(rules.grant_problem(application.kind, outcome, preventive_detention=forvaring))
    decision = Decision(
        application=application,
        outcome=outcome,
        legal_basis=legal_basis,
        legal_basis_text=rules.legal_basis_label(application.kind, legal_basis)[:200],
        reasons=reasons.strip(),
        child_interest=child_interest.strip(),
        child_interest_required=needed,
        level=application.level,
        copy_to_region=application.level == Level.LOCAL
        and queries.is_minor(application.person, timezone.localdate()),
        decided_at=now,
        decided_by=actor,
        decided_by_name=actor_name(actor),
    )
    decision.full_clean()
    decision.save()
    record_create(decision, actor=actor, action="decide_application", person=application.person)
    _set_status(application, ApplicationStatus.DECIDED, actor, "decide_application")
    _journal(
        application,
        _("Vedtak: søknad om %(kind)s %(outcome)s (%(basis)s), %(level)s.")
        % {
            "kind": application.get_kind_display().lower(),
            "outcome": decision.get_outcome_display().lower(),
            "basis": decision.legal_basis_text,
            "level": rules.level_label(decision.level).lower(),
        },
        actor,
        "decide_application",
    )
    if notified_at is not None:
        _notify(
            decision,
            notified_at=notified_at,
            channel=channel,
            notified_to=notified_to,
            guardian_informed=guardian_informed,
            actor=actor,
        )
    return decision


def _notify(
    decision: Decision,
    *,
    notified_at: datetime,
    channel: str,
    notified_to: str,
    guardian_informed: bool,
    actor: User | None,
) -> Decision:
    application = decision.application
    if decision.notified_at is not None:
        raise ValidationError(_("Underretningen om vedtaket er allerede registrert."))
    if notified_at > timezone.now() or _before(notified_at, decision.decided_at):
        raise ValidationError(
            {"notified_at": _("Tidspunktet må være mellom vedtakstidspunktet og nå.")}
        )
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Velg hvordan søkeren ble underrettet.")})
    if not notified_to.strip():
        raise ValidationError({"notified_to": _("Skriv hvem som ble underrettet.")})
    minor = queries.is_minor(application.person, timezone.localtime(notified_at).date())
    if minor and not guardian_informed:
        raise ValidationError(
            {"guardian_informed": _("Søkeren er under 18 år: vergen skal informeres (fsg § 3-1b).")}
        )
    deadline = rules.appeal_deadline(notified_at, decision.appeal_period)
    before = snapshot(decision)
    decision.notified_at = notified_at
    decision.notified_channel = channel
    decision.notified_to = notified_to.strip()[:300]
    decision.guardian_informed = guardian_informed
    decision.appeal_deadline = deadline.ends_at
    decision.save(
        update_fields=[
            "notified_at",
            "notified_channel",
            "notified_to",
            "guardian_informed",
            "appeal_deadline",
        ]
    )
    record_update(
        decision, before, actor=actor, action="notify_decision", person=application.person
    )
    _journal(
        application,
        _("Vedtaket om %(kind)s er underrettet %(to)s (%(channel)s). Klagefrist: %(deadline)s.")
        % {
            "kind": application.get_kind_display().lower(),
            "to": decision.notified_to,
            "channel": decision.get_notified_channel_display().lower(),
            "deadline": deadline.text(),
        },
        actor,
        "notify_decision",
    )
    return decision


@transaction.atomic
def do_notify_decision(
    decision: Decision,
    *,
    notified_at: datetime,
    channel: str,
    notified_to: str,
    actor: User | None,
    guardian_informed: bool = False,
) -> Decision:
    """Register when, how and to whom the decision was made known (forvaltningsloven § 27):
    the appeal deadline runs from then (§ 29; strgjfl § 7 letter e)."""
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("application__person", "application__unit")
        .get(pk=decision.pk)
    )
    _require_editor(actor, decision.application.person)
    return _notify(
        decision,
        notified_at=notified_at,
        channel=channel,
        notified_to=notified_to,
        guardian_informed=guardian_informed,
        actor=actor,
    )


# --- appeals ---------------------------------------------------------------------------------


@transaction.atomic
def do_register_appeal(
    decision: Decision, *, received_at: datetime, text: str, actor: User | None
) -> Appeal:
    """An appeal received at the first instance. Whether it came in time is recorded; a
    late appeal may still be considered (forvaltningsloven § 31) or dismissed."""
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("application__person", "application__unit")
        .get(pk=decision.pk)
    )
    application = _lock(decision.application)
    _require_editor(actor, application.person)
    if application.status != ApplicationStatus.DECIDED or hasattr(decision, "appeal"):
        raise ValidationError(_("Vedtaket er allerede påklaget."))
    if not text.strip():
        raise ValidationError({"text": _("Skriv hva klagen gjelder.")})
    if received_at > timezone.now() or _before(received_at, decision.decided_at):
        raise ValidationError({"received_at": _("Klagen må være mottatt mellom vedtaket og nå.")})
    in_time = True
    if decision.notified_at is not None:
        deadline = rules.appeal_deadline(decision.notified_at, decision.appeal_period)
        in_time = rules.appeal_in_time(received_at, deadline)
    appeal = Appeal(
        decision=decision,
        received_at=received_at,
        text=text.strip(),
        in_time=in_time,
        level=decision.level,
        registered_by=actor,
        registered_by_name=actor_name(actor),
    )
    appeal.full_clean()
    appeal.save()
    record_create(appeal, actor=actor, action="register_appeal", person=application.person)
    _set_status(application, ApplicationStatus.APPEALED, actor, "register_appeal")
    text_ = (
        _("Klage mottatt på vedtak om %(kind)s.")
        if in_time
        else _("Klage mottatt etter klagefristen på vedtak om %(kind)s.")
    )
    _journal(
        application,
        text_ % {"kind": application.get_kind_display().lower()},
        actor,
        "register_appeal",
    )
    return appeal


def _lock_appeal(appeal: Appeal) -> Appeal:
    return (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("decision__application__person", "decision__application__unit")
        .get(pk=appeal.pk)
    )


@transaction.atomic
def do_forward_appeal(appeal: Appeal, *, recommendation: str, actor: User | None) -> Forwarding:
    """The first instance keeps its decision: the appeal goes to the appeals body, the next
    level up (forvaltningsloven §§ 28 and 33 fourth para)."""
    appeal = _lock_appeal(appeal)
    decision = appeal.decision
    application = _lock(decision.application)
    if not appeal.is_open or appeal.level != decision.level:
        raise ValidationError(_("Klagen er allerede sendt videre eller avgjort."))
    _require_level(actor, appeal.level, application)
    if not recommendation.strip():
        raise ValidationError(
            {"recommendation": _("Skriv hvorfor vedtaket bør stå, og eventuelle nye opplysninger.")}
        )
    to_level = rules.superior(decision.level)
    forwarding = Forwarding(
        application=application,
        appeal=appeal,
        from_level=appeal.level,
        to_level=to_level,
        recommendation=recommendation.strip(),
        forwarded_at=timezone.now(),
        forwarded_by=actor,
        forwarded_by_name=actor_name(actor),
    )
    forwarding.save()
    record_create(forwarding, actor=actor, action="forward_appeal", person=application.person)
    before = snapshot(appeal)
    appeal.level = to_level
    appeal.save(update_fields=["level"])
    record_update(appeal, before, actor=actor, action="forward_appeal", person=application.person)
    _set_status(application, ApplicationStatus.APPEAL_FORWARDED, actor, "forward_appeal")
    _journal(
        application,
        _("Klage på vedtak om %(kind)s sendt til klageinstansen (%(level)s).")
        % {
            "kind": application.get_kind_display().lower(),
            "level": rules.level_label(to_level).lower(),
        },
        actor,
        "forward_appeal",
    )
    return forwarding


@transaction.atomic
def do_decide_appeal(
    appeal: Appeal,
    *,
    outcome: str,
    reasons: str,
    actor: User | None,
    child_interest: str = "",
) -> Appeal:
    """Decide an appeal where it lies: the appeals body upholds, changes or dismisses; the
    first instance may dismiss it or change its own decision (forvaltningsloven § 33)."""
    appeal = _lock_appeal(appeal)
    decision = appeal.decision
    application = _lock(decision.application)
    if not appeal.is_open or application.status not in OPEN_APPEAL_STATUSES:
        raise ValidationError(_("Klagen er allerede avgjort."))
    _require_level(actor, appeal.level, application)
    deciding = appeal.level
    _refuse(
        rules.appeal_decision_problem(
            outcome=outcome,
            reasons=reasons,
            deciding_level=deciding,
            decision_level=decision.level,
            appeal_level=appeal.level,
        )
    )
    needed = outcome != AppealOutcome.DISMISSED and _child_interest_needed(
        application, timezone.localdate()
    )
    if needed and not child_interest.strip():
        raise ValidationError(
            {
                "child_interest": _(
                    "Saken berører barn under 18 år. Skriv vurderingen av barnets beste og "
                    "hvilken vekt den er gitt (Grunnloven § 104, fsg §§ 1-3 og 3-1b)."
                )
            }
        )
    before = snapshot(appeal)
    appeal.outcome = outcome
    appeal.reasons = reasons.strip()
    appeal.child_interest = child_interest.strip()
    appeal.decided_level = deciding
    appeal.decided_at = timezone.now()
    appeal.decided_by = actor
    appeal.decided_by_name = actor_name(actor)
    appeal.full_clean()
    appeal.save()
    record_update(appeal, before, actor=actor, action="decide_appeal", person=application.person)
    _set_status(application, ApplicationStatus.APPEAL_DECIDED, actor, "decide_appeal")
    _journal(
        application,
        _("Klage på vedtak om %(kind)s avgjort av %(level)s: %(outcome)s.")
        % {
            "kind": application.get_kind_display().lower(),
            "level": rules.level_label(deciding).lower(),
            "outcome": appeal.get_outcome_display().lower(),
        },
        actor,
        "decide_appeal",
    )
    return appeal


# --- the processing-deadline table -----------------------------------------------------------


@transaction.atomic
def do_set_processing_deadline(
    *, kind: str, days: int, valid_from: date, source: str, actor: User | None
) -> DeadlineSetting:
    """A new version of the processing deadline for one kind; applies to applications
    received from ``valid_from``. Earlier applications keep the deadline they got."""
    if actor is not None and not (actor.role == Role.SYSTEM_ADMIN or actor.is_superuser):
        raise PermissionDenied(_("Bare systemadministrator kan endre behandlingsfristene."))
    if kind not in ApplicationKind.values:
        raise ValidationError({"kind": _("Velg type søknad.")})
    if days < 1 or days > 365:
        raise ValidationError({"days": _("Fristen må være mellom 1 og 365 dager.")})
    if not source.strip():
        raise ValidationError({"source": _("Skriv hvor fristen kommer fra (vedtak, rundskriv).")})
    if DeadlineSetting.objects.filter(kind=kind, valid_from=valid_from).exists():
        raise ValidationError(
            {"valid_from": _("Det finnes allerede en frist for denne typen fra samme dag.")}
        )
    setting = DeadlineSetting(
        kind=kind, days=days, valid_from=valid_from, source=source.strip(), created_by=actor
    )
    setting.full_clean()
    setting.save()
    record_create(setting, actor=actor, action="set_processing_deadline", person=None)
    return setting


# --- victims and notices ---------------------------------------------------------------------


def _require_victim_handler(actor: User | None, person: Person) -> None:
    if actor is None:
        return
    if not queries.can_handle_victims(actor):
        raise PermissionDenied(
            _("Bare saksbehandlere ved ansvarlig enhet kan se og endre varsling av fornærmede.")
        )
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Du har ikke tilgang til denne personen."))


@transaction.atomic
def do_register_victim_contact(
    person: Person,
    judgment: Judgment,
    *,
    name: str,
    relation: str,
    consent_on: date,
    actor: User | None,
    phone: str = "",
    email: str = "",
    address: str = "",
    preferred_channel: str = Channel.PHONE,
    note: str = "",
) -> VictimContact:
    """A victim or surviving relative in the case of ``judgment`` asked to be told about the
    convicted person's movements (strgjfl § 7 b), from ``consent_on``."""
    _require_victim_handler(actor, person)
    if judgment.person_id != person.pk:
        raise ValidationError({"judgment": _("Dommen gjelder en annen person.")})
    if not name.strip():
        raise ValidationError({"name": _("Skriv navnet.")})
    if relation not in VictimRelation.values:
        raise ValidationError({"relation": _("Velg rolle: fornærmede, etterlatt, verge ...")})
    if not (phone.strip() or email.strip() or address.strip()):
        raise ValidationError(
            {"phone": _("Oppgi minst én måte å nå personen på: telefon, e-post eller adresse.")}
        )
    if consent_on > timezone.localdate():
        raise ValidationError({"consent_on": _("Datoen kan ikke være fram i tid.")})
    if preferred_channel not in Channel.values:
        raise ValidationError({"preferred_channel": _("Velg kanal.")})
    contact = VictimContact(
        person=person,
        judgment=judgment,
        name=name.strip(),
        relation=relation,
        phone=phone.strip(),
        email=email.strip(),
        address=address.strip(),
        preferred_channel=preferred_channel,
        consent_on=consent_on,
        note=note.strip(),
        registered_by=actor,
    )
    contact.full_clean()
    contact.save()
    record_create(contact, actor=actor, action="register_victim_contact", person=person)
    return contact


@transaction.atomic
def do_withdraw_victim_contact(
    contact: VictimContact, *, day: date, actor: User | None
) -> VictimContact:
    """The victim no longer wants notices (from ``day``)."""
    contact = (
        VictimContact.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=contact.pk)
    )
    _require_victim_handler(actor, contact.person)
    if contact.withdrawn_on is not None:
        raise ValidationError(_("Ønsket om varsel er allerede trukket tilbake."))
    if day < contact.consent_on or day > timezone.localdate():
        raise ValidationError({"day": _("Datoen må være mellom registreringen og i dag.")})
    before = snapshot(contact)
    contact.withdrawn_on = day
    contact.save(update_fields=["withdrawn_on"])
    record_update(
        contact, before, actor=actor, action="withdraw_victim_contact", person=contact.person
    )
    return contact


@transaction.atomic
def do_register_victim_notice(
    contact: VictimContact,
    *,
    event: str,
    event_day: date,
    sent_at: datetime,
    channel: str,
    actor: User | None,
    conditions: str = "",
    note: str = "",
    source: str = "",
) -> VictimNotice:
    """Log a notice sent to a victim or surviving relative about one movement, with the
    conditions that concern them (strgjfl §§ 16, 36, 42: residence, no contact)."""
    contact = (
        VictimContact.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=contact.pk)
    )
    _require_victim_handler(actor, contact.person)
    rule = rules.notice_rule(event)
    if event not in NoticeEvent.values or rule is None:
        raise ValidationError({"event": _("Velg hendelsen det varsles om.")})
    if sent_at > timezone.now():
        raise ValidationError({"sent_at": _("Varslingstidspunktet kan ikke være fram i tid.")})
    sent_day = timezone.localtime(sent_at).date()
    if not rules.contact_active(contact.consent_on, contact.withdrawn_on, sent_day):
        raise ValidationError(
            _("Personen hadde ikke (lenger) bedt om varsel på dette tidspunktet.")
        )
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Velg hvordan varselet ble gitt.")})
    notice = VictimNotice(
        contact=contact,
        event=event,
        event_day=event_day,
        source=source.strip()[:200],
        basis=rule.basis,
        sent_at=sent_at,
        channel=channel,
        conditions=conditions.strip(),
        note=note.strip(),
        sent_by=actor,
        sent_by_name=actor_name(actor),
    )
    notice.full_clean()
    notice.save()
    record_create(notice, actor=actor, action="register_victim_notice", person=contact.person)
    return notice
