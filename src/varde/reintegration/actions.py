"""Every write to reintegration data: pre-sentence reports, needs assessments, follow-up plans.

Each action runs in one transaction, checks who may act and the rule from ``rules.py`` (a
Norwegian ``ValidationError``, nothing saved, on refusal), writes, appends the audit row and
a journal event. Registering a report request makes the probation office responsible for
the person (so its staff see them); sending or withdrawing it ends that responsibility.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.audit.actions import record_create, record_event, record_update, snapshot
from varde.audit.models import EventVerb
from varde.journal.actions import journal_event
from varde.organisation.choices import PERSON_EDIT_ROLES, Role, UnitKind
from varde.organisation.queries import units_assignable_by
from varde.people.actions import do_close_responsibility, do_open_responsibility
from varde.people.choices import ResponsibilityReason
from varde.people.models import Person
from varde.reintegration import areas, rules
from varde.reintegration.choices import (
    AgencyKind,
    AssessmentStatus,
    ChecklistItemCode,
    CoordinationConsent,
    DataCategory,
    DisclosureOutcome,
    GoalStatus,
    InterviewKind,
    ItemStatus,
    PlanStatus,
    PsrKind,
    PsrStatus,
    RequesterKind,
    ResponsibleKind,
    ReviewKind,
    StepStatus,
    Suitability,
)
from varde.reintegration.models import (
    PSR_SECTIONS,
    PSR_SUITABILITY,
    AssessmentScore,
    ChecklistItem,
    Disclosure,
    DisclosureConsent,
    FollowUpPlan,
    NavReleaseNotice,
    NeedsAssessment,
    PartnerAgency,
    PlanGoal,
    PlanReview,
    PlanStep,
    PreSentenceReport,
    PsrDocument,
    PsrInterview,
    Referral,
    ReleaseChecklist,
)

if TYPE_CHECKING:
    from varde.community.models import CommunityCase
    from varde.execution.models import Stay
    from varde.organisation.models import Unit, User

REPORT_TEXT_FIELDS = (*(name for name, _label in PSR_SECTIONS), "assessment", "conclusion")
SUITABILITY_FIELDS = tuple(name for name, _label in PSR_SUITABILITY)


# --- access and helpers ----------------------------------------------------------------------


def _require_editor(actor: User | None, person: Person) -> None:
    """System jobs (actor None) may write; people need an editing role and the person."""
    if actor is None:
        return
    if actor.role not in PERSON_EDIT_ROLES:
        raise PermissionDenied(_("Rollen din kan ikke registrere i tilbakeføringssaker."))
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Du har ikke tilgang til denne personen."))


def _require_office(actor: User | None, report: PreSentenceReport) -> None:
    """Only staff of the office that has the report (or its region, or national) write it."""
    _require_editor(actor, report.person)
    if actor is not None and not units_assignable_by(actor).filter(pk=report.office_id).exists():
        raise PermissionDenied(_("Bare kontoret som har personundersøkelsen, kan arbeide med den."))


def _refuse(problem: str | None, field: str | None = None) -> None:
    if problem:
        raise ValidationError({field: problem} if field else problem)


def _name(actor: User | None) -> str:
    if actor is None:
        return "system"
    return actor.get_full_name() or actor.get_username()


def _day(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def _save_update(instance: Any, before: dict[str, Any], *, actor: User | None, action: str) -> None:
    instance.full_clean()
    instance.save()
    record_update(instance, before, actor=actor, action=action, person=instance.person)


# --- pre-sentence reports (personundersøkelse) ------------------------------------------------


def _lock_report(report: PreSentenceReport) -> PreSentenceReport:
    # Only the non-null relations: PostgreSQL cannot lock the nullable side of an outer join.
    return (
        PreSentenceReport.objects.select_for_update()
        .select_related("person", "office")
        .get(pk=report.pk)
    )


def works_in_probation(actor: User) -> bool:
    """Whether a probation office is in the actor's scope (they may take PSR requests)."""
    return units_assignable_by(actor).filter(kind=UnitKind.PROBATION_OFFICE).exists()


def _check_request_office(person: Person, office: Unit, actor: User | None) -> None:
    """A probation office in the actor's scope, or the office where the person lives."""
    from varde.reintegration.queries import home_office_for

    if office.kind != UnitKind.PROBATION_OFFICE:
        raise ValidationError({"office": _("Velg et friomsorgskontor.")})
    if actor is None or units_assignable_by(actor).filter(pk=office.pk).exists():
        return
    if not works_in_probation(actor):
        raise PermissionDenied(
            _("Bare friomsorgen registrerer bestillinger av personundersøkelser.")
        )
    home = home_office_for(person)
    if home is None or home.pk != office.pk:
        raise ValidationError(
            {"office": _("Velg ditt eget kontor eller kontoret der personen bor (PU-reglene § 3).")}
        )


def _default_kind(person: Person, today: date) -> str:
    """PU-reglene § 4: a supplement when the newest report is more than one (and at most
    three) years old; otherwise a new report."""
    from varde.reintegration.queries import latest_freshness, person_reports

    found = latest_freshness(person_reports(person), today)
    return PsrKind.SUPPLEMENT if found and found.state == rules.SUPPLEMENT else PsrKind.NEW


def _office_responsibility(person: Person, office: Unit, start: date, actor: User | None) -> Any:
    found = person.responsibilities.filter(unit=office, date_to__isnull=True).first()
    if found is not None:
        return found
    return do_open_responsibility(
        person,
        office,
        date_from=start,
        reason=ResponsibilityReason.PRE_SENTENCE_REPORT,
        actor=actor,
        note=str(_("Personundersøkelse")),
    )


@transaction.atomic
def do_register_psr_request(
    person: Person,
    *,
    office: Unit,
    requester_kind: str,
    requester: str,
    reference: str,
    received_on: date,
    actor: User | None,
    requested_by: date | None = None,
    court_date: date | None = None,
    offence_on: date | None = None,
    charge: str = "",
    kind: str = "",
) -> PreSentenceReport:
    """A request for a pre-sentence report from the prosecutor or the court (strpl § 161;
    påtaleinstruksen § 14-2), to the office where the person lives (PU-reglene § 3). The
    deadline and the minors' flag (strpl § 161 a) are computed here."""
    _require_editor(actor, person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    today = timezone.localdate()
    if requester_kind not in RequesterKind.values:
        raise ValidationError(
            {"requester_kind": _("Velg om retten eller påtalemyndigheten bestiller.")}
        )
    if not requester.strip() or not reference.strip():
        raise ValidationError(_("Oppgi bestiller og bestillerens saksnummer."))
    if kind and kind not in PsrKind.values:
        raise ValidationError({"kind": _("Velg type personundersøkelse.")})
    _refuse(
        rules.request_problem(
            received_on=received_on,
            today=today,
            requested_by=requested_by,
            court_date=court_date,
            offence_on=offence_on,
        )
    )
    _check_request_office(person, office, actor)
    minor = rules.is_minor_case(person.birth_date, offence_on, received_on)
    report = PreSentenceReport(
        person=person,
        office=office,
        kind=kind or _default_kind(person, today),
        requester_kind=requester_kind,
        requester=requester.strip(),
        reference=reference.strip(),
        charge=charge.strip(),
        offence_on=offence_on,
        received_on=received_on,
        requested_by=requested_by,
        court_date=court_date,
        minor=minor,
        deadline=rules.psr_deadline(
            received_on,
            requested_by=requested_by,
            court_date=court_date,
            minor=minor,
            minor_target_days=settings.VARDE_PSR_MINOR_TARGET_DAYS,
        ),
    )
    report.responsibility = _office_responsibility(person, office, received_on, actor)
    report.full_clean()
    report.save()
    record_create(report, actor=actor, action="register_psr_request", person=person)
    text = _(
        "Bestilling av personundersøkelse mottatt fra %(requester)s (%(reference)s), "
        "frist %(deadline)s."
    )
    if minor:
        text = _(
            "Bestilling av personundersøkelse for mindreårig mottatt fra %(requester)s "
            "(%(reference)s), frist %(deadline)s."
        )
    journal_event(
        person,
        text
        % {
            "requester": report.requester,
            "reference": report.reference,
            "deadline": _day(report.deadline) if report.deadline else "–",
        },
        actor=actor,
        source_action="register_psr_request",
        unit=office,
    )
    return report


def _require_open(report: PreSentenceReport) -> None:
    if not report.is_open:
        raise ValidationError(
            _("Personundersøkelsen er %(status)s og kan ikke endres.")
            % {"status": report.get_status_display().lower()}
        )


@transaction.atomic
def do_assign_psr(
    report: PreSentenceReport, officer: User, *, actor: User | None
) -> PreSentenceReport:
    """Give the report to one of the office's probation officers (PU-reglene § 2)."""
    _require_office(actor, report)
    report = _lock_report(report)
    _require_open(report)
    if (
        officer.role != Role.PROBATION_OFFICER
        or officer.unit_id != report.office_id
        or not officer.is_active
    ):
        raise ValidationError(
            {
                "officer": _("Velg en friomsorgsmedarbeider ved %(office)s.")
                % {"office": report.office.name}
            }
        )
    before = snapshot(report)
    report.officer = officer
    report.assigned_on = timezone.localdate()
    report.status = PsrStatus.ASSIGNED
    _save_update(report, before, actor=actor, action="assign_psr")
    journal_event(
        report.person,
        _("Personundersøkelse %(reference)s tildelt %(officer)s.")
        % {"reference": report.reference, "officer": _name(officer)},
        actor=actor,
        source_action="assign_psr",
        unit=report.office,
    )
    return report


@transaction.atomic
def do_add_psr_interview(
    report: PreSentenceReport, *, day: date, kind: str, actor: User | None, note: str = ""
) -> PsrInterview:
    """A conversation held for the report (PU-reglene § 6)."""
    _require_office(actor, report)
    report = _lock_report(report)
    _require_open(report)
    if kind not in InterviewKind.values:
        raise ValidationError({"kind": _("Velg type samtale.")})
    if day > timezone.localdate() or day < report.received_on:
        raise ValidationError({"day": _("Samtalen må være mellom mottatt-datoen og i dag.")})
    interview = PsrInterview(
        report=report,
        day=day,
        kind=kind,
        note=note.strip(),
        registered_by=actor,
        registered_by_name=_name(actor),
    )
    interview.full_clean()
    interview.save()
    record_create(interview, actor=actor, action="add_psr_interview", person=report.person)
    journal_event(
        report.person,
        _("%(kind)s %(day)s til personundersøkelse %(reference)s.")
        % {"kind": interview.get_kind_display(), "day": _day(day), "reference": report.reference},
        actor=actor,
        source_action="add_psr_interview",
        unit=report.office,
    )
    return interview


@transaction.atomic
def do_write_psr(
    report: PreSentenceReport, *, actor: User | None, **fields: str
) -> PreSentenceReport:
    """Save the report's sections, suitability assessments and conclusion (a draft until it
    is sent). Only the report's own fields are accepted."""
    _require_office(actor, report)
    report = _lock_report(report)
    _require_open(report)
    if report.status != PsrStatus.ASSIGNED:
        raise ValidationError(_("Tildel personundersøkelsen til en saksbehandler før du skriver."))
    unknown = set(fields) - set(REPORT_TEXT_FIELDS) - set(SUITABILITY_FIELDS)
    if unknown:
        raise ValidationError(
            _("Ukjente felt: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    before = snapshot(report)
    for name, value in fields.items():
        if name in SUITABILITY_FIELDS and value not in Suitability.values:
            raise ValidationError({name: _("Velg en vurdering fra listen.")})
        setattr(report, name, value.strip() if name in REPORT_TEXT_FIELDS else value)
    _save_update(report, before, actor=actor, action="write_psr")
    journal_event(
        report.person,
        _("Utkast til personundersøkelse %(reference)s lagret.") % {"reference": report.reference},
        actor=actor,
        source_action="write_psr",
        unit=report.office,
    )
    return report


def _send_problem(report: PreSentenceReport) -> str | None:
    labels = dict(PSR_SECTIONS) | {"assessment": _("Vurdering"), "conclusion": _("Konklusjon")}
    missing = [
        str(labels[name]) for name in REPORT_TEXT_FIELDS if not getattr(report, name).strip()
    ]
    return rules.psr_send_problem(
        missing,
        assessed_any=any(
            getattr(report, n) != Suitability.NOT_ASSESSED for n in SUITABILITY_FIELDS
        ),
        interviews=report.interviews.count(),
    )


def _end_report_responsibility(report: PreSentenceReport, actor: User | None) -> None:
    """End the office's responsibility opened for this report, unless other open reports
    or cases still need it (the grace period lets staff see the person a while longer)."""
    responsibility = report.responsibility
    if responsibility is None or responsibility.date_to is not None:
        return
    if responsibility.reason != ResponsibilityReason.PRE_SENTENCE_REPORT:
        return
    others = PreSentenceReport.objects.filter(
        responsibility=responsibility, status__in=(PsrStatus.RECEIVED, PsrStatus.ASSIGNED)
    ).exclude(pk=report.pk)
    if not others.exists():
        do_close_responsibility(responsibility, date_to=timezone.localdate(), actor=actor)


@transaction.atomic
def do_send_psr(
    report: PreSentenceReport, *, recipient: str, actor: User | None
) -> PreSentenceReport:
    """Send the report: the PDF is produced now and kept exactly as sent (its SHA-256 in the
    audit row); the report is then frozen. The processing time runs from receipt to today."""
    from varde.reintegration.documents import psr_pdf
    from varde.reintegration.pdf import sha256

    _require_office(actor, report)
    report = _lock_report(report)
    _require_open(report)
    if report.status != PsrStatus.ASSIGNED or report.officer is None:
        raise ValidationError(_("Tildel personundersøkelsen til en saksbehandler før sending."))
    if not recipient.strip():
        raise ValidationError({"recipient": _("Oppgi hvem personundersøkelsen sendes til.")})
    _refuse(_send_problem(report))
    before = snapshot(report)
    report.status = PsrStatus.SENT
    report.sent_at = timezone.now()
    report.sent_to = recipient.strip()
    report.sent_by = actor
    report.sent_by_name = _name(actor)
    _save_update(report, before, actor=actor, action="send_psr")
    pdf = psr_pdf(report, draft=False)
    document = PsrDocument(report=report, pdf=pdf, sha256=sha256(pdf))
    document.save()
    record_event(
        actor=actor,
        action="send_psr",
        verb=EventVerb.CREATE,
        instance=document,
        person=report.person,
        changes={"sha256": [None, document.sha256], "bytes": [None, len(pdf)]},
    )
    _end_report_responsibility(report, actor)
    delivered = report.delivered_on or timezone.localdate()
    journal_event(
        report.person,
        _(
            "Personundersøkelse %(reference)s sendt til %(recipient)s "
            "(%(days)s dager fra bestilling)."
        )
        % {
            "reference": report.reference,
            "recipient": report.sent_to,
            "days": rules.processing_days(report.received_on, delivered),
        },
        actor=actor,
        source_action="send_psr",
        unit=report.office,
    )
    return report


@transaction.atomic
def do_withdraw_psr(
    report: PreSentenceReport, *, note: str, actor: User | None
) -> PreSentenceReport:
    """The requester withdrew the request (the case was dropped or decided without it)."""
    _require_office(actor, report)
    report = _lock_report(report)
    _require_open(report)
    if not note.strip():
        raise ValidationError({"note": _("Skriv hvorfor bestillingen er trukket tilbake.")})
    before = snapshot(report)
    report.status = PsrStatus.WITHDRAWN
    report.closed_note = note.strip()
    _save_update(report, before, actor=actor, action="withdraw_psr")
    _end_report_responsibility(report, actor)
    journal_event(
        report.person,
        _("Bestilling av personundersøkelse %(reference)s trukket tilbake: %(note)s")
        % {"reference": report.reference, "note": report.closed_note},
        actor=actor,
        source_action="withdraw_psr",
        unit=report.office,
    )
    return report


# --- needs assessment (kartlegging) ----------------------------------------------------------


def _lock_assessment(assessment: NeedsAssessment) -> NeedsAssessment:
    return (
        NeedsAssessment.objects.select_for_update()
        .select_related("person", "unit")
        .get(pk=assessment.pk)
    )


def _assignable(actor: User, unit: Unit) -> bool:
    return units_assignable_by(actor).filter(pk=unit.pk).exists()


def _assessment_unit(
    stay: Stay | None, case: CommunityCase | None, unit: Unit | None, actor: User | None
) -> Unit:
    if stay is not None:
        return stay.unit
    if case is not None:
        return case.office
    if unit is not None and actor is not None and not _assignable(actor, unit):
        raise ValidationError({"unit": _("Velg en enhet du arbeider ved.")})
    chosen = unit or (actor.unit if actor else None)
    if chosen is None:
        raise ValidationError({"unit": _("Velg enheten som tilbyr kartleggingen.")})
    return chosen


@transaction.atomic
def do_offer_assessment(
    person: Person,
    *,
    actor: User | None,
    stay: Stay | None = None,
    community_case: CommunityCase | None = None,
    unit: Unit | None = None,
    offered_on: date | None = None,
) -> NeedsAssessment:
    """Offer the needs assessment at the start of an execution (a stay or a community
    case). The areas are those of the configuration version in force on the day."""
    _require_editor(actor, person)
    today = timezone.localdate()
    offered_on = offered_on or today
    for link in (stay, community_case):
        if link is not None and link.person_id != person.pk:
            raise ValidationError(_("Oppholdet eller saken gjelder en annen person."))
    if stay is not None and NeedsAssessment.objects.filter(stay=stay).exists():
        raise ValidationError(_("Kartlegging er allerede tilbudt for dette oppholdet."))
    if (
        community_case is not None
        and NeedsAssessment.objects.filter(community_case=community_case).exists()
    ):
        raise ValidationError(_("Kartlegging er allerede tilbudt for denne saken."))
    if offered_on > today:
        raise ValidationError({"offered_on": _("Datoen kan ikke være fram i tid.")})
    assessment = NeedsAssessment(
        person=person,
        unit=_assessment_unit(stay, community_case, unit, actor),
        stay=stay,
        community_case=community_case,
        config_version=areas.version_in_force(offered_on).version,
        offered_on=offered_on,
        offered_by=actor,
        offered_by_name=_name(actor),
    )
    assessment.full_clean()
    assessment.save()
    record_create(assessment, actor=actor, action="offer_assessment", person=person)
    journal_event(
        person,
        _("Kartlegging av behov og ressurser tilbudt %(day)s.") % {"day": _day(offered_on)},
        actor=actor,
        source_action="offer_assessment",
        unit=assessment.unit,
    )
    return assessment


@transaction.atomic
def do_record_consent(
    assessment: NeedsAssessment,
    *,
    consented: bool,
    on: date,
    actor: User | None,
    written: bool = False,
    note: str = "",
) -> NeedsAssessment:
    """The person's written consent, or refusal, with its date. A person who declined may
    change their mind; one who consented may withdraw until the assessment is complete."""
    _require_editor(actor, assessment.person)
    assessment = _lock_assessment(assessment)
    if assessment.status == AssessmentStatus.COMPLETED:
        raise ValidationError(_("Kartleggingen er fullført."))
    if on > timezone.localdate() or on < assessment.offered_on:
        raise ValidationError({"on": _("Datoen må være mellom tilbudet og i dag.")})
    if consented and not written:
        raise ValidationError(
            {
                "written": _(
                    "Samtykket må være skriftlig: bekreft at samtykkeerklæringen er signert."
                )
            }
        )
    before = snapshot(assessment)
    assessment.status = AssessmentStatus.CONSENTED if consented else AssessmentStatus.DECLINED
    assessment.consent_on = on
    assessment.consent_note = note.strip()
    _save_update(assessment, before, actor=actor, action="record_assessment_consent")
    text = (
        _("Skriftlig samtykke til kartlegging gitt %(day)s.")
        if consented
        else _("Personen takket nei til kartlegging %(day)s.")
    )
    journal_event(
        assessment.person,
        text % {"day": _day(on)},
        actor=actor,
        source_action="record_assessment_consent",
        unit=assessment.unit,
    )
    return assessment


@transaction.atomic
def do_score_assessment(
    assessment: NeedsAssessment, *, scores: dict[str, dict[str, Any]], actor: User | None
) -> NeedsAssessment:
    """Need and resource scores (and notes) per area, on the version's scales. Areas not
    named are left as they are."""
    _require_editor(actor, assessment.person)
    assessment = _lock_assessment(assessment)
    if assessment.status != AssessmentStatus.CONSENTED:
        raise ValidationError(_("Kartleggingen kan bare fylles ut etter skriftlig samtykke."))
    version = areas.version_named(assessment.config_version)
    existing = {s.area_code: s for s in assessment.scores.all()}
    for code, values in scores.items():
        area = version.area(code)
        if area is None:
            raise ValidationError(_("Ukjent område: %(code)s.") % {"code": code})
        need, resource = values.get("need"), values.get("resource")
        _refuse(rules.score_problem(area.label, need, low=version.need.low, high=version.need.high))
        _refuse(
            rules.score_problem(
                area.label, resource, low=version.resource.low, high=version.resource.high
            )
        )
        _save_score(
            assessment,
            existing.get(code),
            area,
            need,
            resource,
            str(values.get("note") or ""),
            actor,
        )
    journal_event(
        assessment.person,
        _("Kartlegging oppdatert (%(count)s områder).") % {"count": len(scores)},
        actor=actor,
        source_action="score_assessment",
        unit=assessment.unit,
    )
    return assessment


def _save_score(
    assessment: NeedsAssessment,
    score: AssessmentScore | None,
    area: areas.Area,
    need: int | None,
    resource: int | None,
    note: str,
    actor: User | None,
) -> None:
    if score is None:
        score = AssessmentScore(
            assessment=assessment, area_code=area.code, area_label=area.labels["nb"]
        )
        before = None
    else:
        before = snapshot(score)
    score.need, score.resource, score.note = need, resource, note.strip()
    score.full_clean()
    score.save()
    if before is None:
        record_create(score, actor=actor, action="score_assessment", person=assessment.person)
    else:
        record_update(
            score, before, actor=actor, action="score_assessment", person=assessment.person
        )


@transaction.atomic
def do_complete_assessment(
    assessment: NeedsAssessment, *, summary: str, actor: User | None
) -> NeedsAssessment:
    """Every area scored and a summary in plain language for the person: complete."""
    _require_editor(actor, assessment.person)
    assessment = _lock_assessment(assessment)
    if assessment.status != AssessmentStatus.CONSENTED:
        raise ValidationError(_("Kartleggingen kan bare fullføres etter skriftlig samtykke."))
    version = areas.version_named(assessment.config_version)
    scored = assessment.scores.filter(need__isnull=False).values_list("area_code", flat=True)
    _refuse(
        rules.completion_problem(rules.missing_areas(version.codes_and_labels, scored), summary)
    )
    before = snapshot(assessment)
    assessment.summary = summary.strip()
    assessment.status = AssessmentStatus.COMPLETED
    assessment.completed_on = timezone.localdate()
    _save_update(assessment, before, actor=actor, action="complete_assessment")
    journal_event(
        assessment.person,
        _("Kartlegging av behov og ressurser fullført."),
        actor=actor,
        source_action="complete_assessment",
        unit=assessment.unit,
    )
    return assessment


# --- personal follow-up plan (personlig oppfølgingsplan) -----------------------------------------


def _lock_plan(plan: FollowUpPlan) -> FollowUpPlan:
    return FollowUpPlan.objects.select_for_update().select_related("person", "unit").get(pk=plan.pk)


def _require_active(plan: FollowUpPlan) -> None:
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationError(_("Planen er avsluttet og kan ikke endres."))


def _plan_unit(
    person: Person, assessment: NeedsAssessment | None, unit: Unit | None, actor: User | None
) -> Unit:
    if unit is not None:
        return unit
    if assessment is not None:
        return assessment.unit
    from varde.execution.queries import current_stay

    stay = current_stay(person)
    if stay is not None:
        return stay.unit
    case = (
        person.community_cases.filter(status__in=("active", "breach"))
        .select_related("office")
        .first()
    )
    if case is not None:
        return case.office
    if actor is not None and actor.unit is not None:
        return actor.unit
    raise ValidationError({"unit": _("Velg enheten som har ansvaret for planen.")})


@transaction.atomic
def do_create_plan(
    person: Person,
    *,
    actor: User | None,
    assessment: NeedsAssessment | None = None,
    unit: Unit | None = None,
    started_on: date | None = None,
) -> FollowUpPlan:
    """Start the person's follow-up plan (one active plan at a time), built on the needs
    assessment when there is one."""
    _require_editor(actor, person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if FollowUpPlan.objects.filter(person=person, status=PlanStatus.ACTIVE).exists():
        raise ValidationError(_("Personen har allerede en aktiv oppfølgingsplan."))
    if assessment is not None and assessment.person_id != person.pk:
        raise ValidationError(_("Kartleggingen gjelder en annen person."))
    today = timezone.localdate()
    started_on = started_on or today
    if started_on > today:
        raise ValidationError({"started_on": _("Datoen kan ikke være fram i tid.")})
    plan = FollowUpPlan(
        person=person,
        unit=_plan_unit(person, assessment, unit, actor),
        assessment=assessment,
        started_on=started_on,
        created_by=actor,
        created_by_name=_name(actor),
    )
    plan.full_clean()
    plan.save()
    record_create(plan, actor=actor, action="create_plan", person=person)
    journal_event(
        person,
        _("Personlig oppfølgingsplan opprettet."),
        actor=actor,
        source_action="create_plan",
        unit=plan.unit,
    )
    return plan


def _area_for_plan(plan: FollowUpPlan, code: str) -> areas.Area:
    name = plan.assessment.config_version if plan.assessment else None
    version = areas.version_named(name) if name else areas.version_in_force(plan.started_on)
    area = version.area(code)
    if area is None:
        raise ValidationError({"area_code": _("Velg et område fra listen.")})
    return area


@transaction.atomic
def do_add_goal(plan: FollowUpPlan, *, area_code: str, goal: str, actor: User | None) -> PlanGoal:
    """A goal in one of the assessment's areas."""
    _require_editor(actor, plan.person)
    plan = _lock_plan(plan)
    _require_active(plan)
    area = _area_for_plan(plan, area_code)
    if not goal.strip():
        raise ValidationError({"goal": _("Skriv målet.")})
    entry = PlanGoal(
        plan=plan, area_code=area.code, area_label=area.labels["nb"], goal=goal.strip()
    )
    entry.full_clean()
    entry.save()
    record_create(entry, actor=actor, action="add_plan_goal", person=plan.person)
    journal_event(
        plan.person,
        _("Mål i oppfølgingsplanen (%(area)s): %(goal)s")
        % {"area": area.labels["nb"], "goal": entry.goal},
        actor=actor,
        source_action="add_plan_goal",
        unit=plan.unit,
    )
    return entry


def _responsible_name(kind: str, staff: User | None, agency: str, person: Person) -> str:
    if kind == ResponsibleKind.STAFF and staff is not None:
        return _name(staff)
    if kind == ResponsibleKind.PERSON:
        return person.full_name
    return agency.strip()


@transaction.atomic
def do_add_step(
    goal: PlanGoal,
    *,
    description: str,
    responsible_kind: str,
    actor: User | None,
    responsible_staff: User | None = None,
    agency: str = "",
    due_on: date | None = None,
) -> PlanStep:
    """A step towards a goal: what is done, who answers for it (a member of staff, the
    person, or an agency by name) and by when."""
    plan = goal.plan
    _require_editor(actor, plan.person)
    plan = _lock_plan(plan)
    _require_active(plan)
    if responsible_kind not in ResponsibleKind.values:
        raise ValidationError({"responsible_kind": _("Velg hvem som har ansvaret.")})
    if not description.strip():
        raise ValidationError({"description": _("Beskriv tiltaket.")})
    _refuse(
        rules.step_problem(
            responsible_kind=responsible_kind,
            has_staff=responsible_staff is not None,
            agency=agency,
            due_on=due_on,
            started_on=plan.started_on,
        )
    )
    step = PlanStep(
        goal=goal,
        description=description.strip(),
        responsible_kind=responsible_kind,
        responsible_staff=responsible_staff if responsible_kind == ResponsibleKind.STAFF else None,
        responsible_name=_responsible_name(
            responsible_kind, responsible_staff, agency, plan.person
        ),
        due_on=due_on,
    )
    step.full_clean()
    step.save()
    record_create(step, actor=actor, action="add_plan_step", person=plan.person)
    journal_event(
        plan.person,
        _("Tiltak i oppfølgingsplanen: %(step)s (ansvar: %(who)s).")
        % {"step": step.description, "who": step.responsible_name},
        actor=actor,
        source_action="add_plan_step",
        unit=plan.unit,
    )
    return step


@transaction.atomic
def do_set_step_status(step: PlanStep, *, status: str, actor: User | None) -> PlanStep:
    plan = step.goal.plan
    _require_editor(actor, plan.person)
    plan = _lock_plan(plan)
    _require_active(plan)
    if status not in StepStatus.values:
        raise ValidationError({"status": _("Velg status fra listen.")})
    step = PlanStep.objects.select_for_update().get(pk=step.pk)
    before = snapshot(step)
    step.status = status
    step.completed_on = timezone.localdate() if status == StepStatus.DONE else None
    step.full_clean()
    step.save()
    record_update(step, before, actor=actor, action="set_plan_step_status", person=plan.person)
    journal_event(
        plan.person,
        _("Tiltak «%(step)s»: %(status)s.")
        % {"step": step.description, "status": step.get_status_display().lower()},
        actor=actor,
        source_action="set_plan_step_status",
        unit=plan.unit,
    )
    return step


@transaction.atomic
def do_set_goal_status(goal: PlanGoal, *, status: str, actor: User | None) -> PlanGoal:
    plan = goal.plan
    _require_editor(actor, plan.person)
    plan = _lock_plan(plan)
    _require_active(plan)
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Velg status fra listen.")})
    goal = PlanGoal.objects.select_for_update().get(pk=goal.pk)
    before = snapshot(goal)
    goal.status = status
    goal.full_clean()
    goal.save()
    record_update(goal, before, actor=actor, action="set_plan_goal_status", person=plan.person)
    journal_event(
        plan.person,
        _("Mål «%(goal)s»: %(status)s.")
        % {"goal": goal.goal, "status": goal.get_status_display().lower()},
        actor=actor,
        source_action="set_plan_goal_status",
        unit=plan.unit,
    )
    return goal


@transaction.atomic
def do_review_plan(
    plan: FollowUpPlan,
    *,
    note: str,
    actor: User | None,
    reviewed_on: date | None = None,
    release_on: date | None = None,
) -> PlanReview:
    """A review of the plan with the person. It counts as the review before release when
    held within the window before the expected release date (``release_on``)."""
    _require_editor(actor, plan.person)
    plan = _lock_plan(plan)
    _require_active(plan)
    today = timezone.localdate()
    reviewed_on = reviewed_on or today
    _refuse(
        rules.review_problem(reviewed_on, started_on=plan.started_on, today=today), "reviewed_on"
    )
    if not note.strip():
        raise ValidationError({"note": _("Skriv hva som kom fram i evalueringen.")})
    window = settings.VARDE_PLAN_RELEASE_REVIEW_DAYS
    before_release = release_on is not None and (release_on - reviewed_on).days <= window
    review = PlanReview(
        plan=plan,
        reviewed_on=reviewed_on,
        kind=ReviewKind.BEFORE_RELEASE if before_release else ReviewKind.INTERVAL,
        note=note.strip(),
        reviewed_by=actor,
        reviewed_by_name=_name(actor),
    )
    review.full_clean()
    review.save()
    record_create(review, actor=actor, action="review_plan", person=plan.person)
    before = snapshot(plan)
    plan.last_reviewed_on = max(reviewed_on, plan.last_reviewed_on or reviewed_on)
    _save_update(plan, before, actor=actor, action="review_plan")
    journal_event(
        plan.person,
        _("Oppfølgingsplanen evaluert %(day)s (%(kind)s).")
        % {"day": _day(reviewed_on), "kind": review.get_kind_display().lower()},
        actor=actor,
        source_action="review_plan",
        unit=plan.unit,
    )
    return review


@transaction.atomic
def do_close_plan(plan: FollowUpPlan, *, actor: User | None, note: str = "") -> FollowUpPlan:
    _require_editor(actor, plan.person)
    plan = _lock_plan(plan)
    _require_active(plan)
    before = snapshot(plan)
    plan.status = PlanStatus.CLOSED
    plan.closed_on = timezone.localdate()
    _save_update(plan, before, actor=actor, action="close_plan")
    journal_event(
        plan.person,
        _("Oppfølgingsplanen avsluttet.") + (f" {note.strip()}" if note.strip() else ""),
        actor=actor,
        source_action="close_plan",
        unit=plan.unit,
    )
    return plan


# --- partner agencies, referrals, consent and disclosures ------------------------------------


def _require_staff_editor(actor: User | None) -> None:
    if actor is not None and actor.role not in PERSON_EDIT_ROLES:
        raise PermissionDenied(_("Rollen din kan ikke registrere i tilbakeføringssaker."))


def _categories(categories: list[str]) -> list[str]:
    unknown = [c for c in categories if c not in DataCategory.values]
    if unknown:
        raise ValidationError({"categories": _("Ukjent type opplysninger.")})
    return sorted(set(categories))


def _category_text(categories: list[str]) -> str:
    return ", ".join(str(DataCategory(c).label).lower() for c in categories)


@transaction.atomic
def do_register_agency(
    *, kind: str, name: str, actor: User | None, municipality: str = "", contact: str = ""
) -> PartnerAgency:
    """Add a partner agency to the register (shared by all units; holds no personal data
    about convicted persons)."""
    _require_staff_editor(actor)
    if PartnerAgency.objects.filter(kind=kind, name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("Samarbeidspartneren er allerede registrert.")})
    agency = PartnerAgency(
        kind=kind, name=name.strip(), municipality=municipality.strip(), contact=contact.strip()
    )
    agency.full_clean()
    agency.save()
    record_create(agency, actor=actor, action="register_agency", person=None)
    return agency


@transaction.atomic
def do_register_referral(
    person: Person,
    *,
    agency: PartnerAgency,
    request: str,
    sent_on: date,
    actor: User | None,
    unit: Unit | None = None,
) -> Referral:
    """A referral or agreement: what the service asks the agency to do (strgjfl §§ 4, 41)."""
    _require_editor(actor, person)
    if not request.strip():
        raise ValidationError({"request": _("Skriv hva samarbeidspartneren blir bedt om.")})
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": _("Datoen kan ikke være fram i tid.")})
    referral = Referral(
        person=person,
        unit=_plan_unit(person, None, unit, actor),
        agency=agency,
        request=request.strip(),
        sent_on=sent_on,
        created_by_name=_name(actor),
    )
    referral.full_clean()
    referral.save()
    record_create(referral, actor=actor, action="register_referral", person=person)
    journal_event(
        person,
        _("Henvisning til %(agency)s: %(request)s.")
        % {"agency": agency.name, "request": referral.request},
        actor=actor,
        source_action="register_referral",
        unit=referral.unit,
    )
    return referral


@transaction.atomic
def do_record_referral_response(
    referral: Referral,
    *,
    status: str,
    response: str,
    actor: User | None,
    response_on: date | None = None,
) -> Referral:
    """The agency's answer: agreed, declined or done, with what they said."""
    _require_editor(actor, referral.person)
    referral = (
        Referral.objects.select_for_update().select_related("person", "agency").get(pk=referral.pk)
    )
    before = snapshot(referral)
    referral.status = status
    referral.response = response.strip()
    referral.response_on = response_on or timezone.localdate()
    _save_update(referral, before, actor=actor, action="record_referral_response")
    journal_event(
        referral.person,
        _("Svar fra %(agency)s: %(status)s.")
        % {"agency": referral.agency.name, "status": referral.get_status_display().lower()},
        actor=actor,
        source_action="record_referral_response",
        unit=referral.unit,
    )
    return referral


@transaction.atomic
def do_register_consent(
    person: Person,
    *,
    agency: PartnerAgency,
    categories: list[str],
    given_on: date,
    actor: User | None,
    valid_until: date | None = None,
    note: str = "",
) -> DisclosureConsent:
    """The person's consent to share the named data with one agency until a date."""
    _require_editor(actor, person)
    chosen = _categories(categories)
    _refuse(
        rules.consent_problem(
            chosen, given_on=given_on, valid_until=valid_until, today=timezone.localdate()
        )
    )
    consent = DisclosureConsent(
        person=person,
        agency=agency,
        categories=chosen,
        given_on=given_on,
        valid_until=valid_until,
        note=note.strip(),
        registered_by_name=_name(actor),
    )
    consent.full_clean()
    consent.save()
    record_create(consent, actor=actor, action="register_disclosure_consent", person=person)
    journal_event(
        person,
        _("Samtykke til å dele %(what)s med %(agency)s gitt %(day)s.")
        % {"what": _category_text(chosen), "agency": agency.name, "day": _day(given_on)},
        actor=actor,
        source_action="register_disclosure_consent",
    )
    return consent


@transaction.atomic
def do_withdraw_consent(
    consent: DisclosureConsent, *, actor: User | None, note: str = ""
) -> DisclosureConsent:
    """The person withdraws the consent: nothing more is shared under it from this moment."""
    _require_editor(actor, consent.person)
    consent = (
        DisclosureConsent.objects.select_for_update()
        .select_related("person", "agency")
        .get(pk=consent.pk)
    )
    if consent.withdrawn_at is not None:
        raise ValidationError(_("Samtykket er allerede trukket tilbake."))
    before = snapshot(consent)
    consent.withdrawn_at = timezone.now()
    if note.strip():
        consent.note = note.strip()[:300]
    _save_update(consent, before, actor=actor, action="withdraw_disclosure_consent")
    journal_event(
        consent.person,
        _("Samtykke til deling med %(agency)s trukket tilbake.") % {"agency": consent.agency.name},
        actor=actor,
        source_action="withdraw_disclosure_consent",
    )
    return consent


def consents_in_force(
    person: Person, agency: PartnerAgency, at: datetime
) -> list[DisclosureConsent]:
    """The person's consents for ``agency`` in force at ``at`` (pure check in rules)."""
    found = DisclosureConsent.objects.filter(person=person, agency=agency).order_by("-given_on")
    return [
        c
        for c in found
        if rules.consent_in_force(
            given_on=c.given_on, valid_until=c.valid_until, withdrawn_at=c.withdrawn_at, at=at
        )
    ]


@transaction.atomic
def _attempt_disclosure(
    person: Person,
    agency: PartnerAgency,
    categories: list[str],
    purpose: str,
    actor: User | None,
) -> tuple[Disclosure, str | None]:
    # Lock the person so a withdrawal and a disclosure cannot interleave.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    at = timezone.now()
    consents = consents_in_force(person, agency, at)
    covered = {c for consent in consents for c in consent.categories}
    uncovered = rules.uncovered_categories(categories, covered)
    problem = rules.disclosure_problem(categories, [_category_text([c]) for c in uncovered])
    consent = next((c for c in consents if set(categories) <= set(c.categories)), None)
    if consent is None and consents and not uncovered:
        consent = consents[0]
    disclosure = Disclosure(
        person=person,
        agency=agency,
        categories=categories,
        outcome=DisclosureOutcome.REFUSED if problem else DisclosureOutcome.SHARED,
        consent=None if problem else consent,
        purpose=purpose.strip()[:300],
        reason=(problem or "")[:400],
        at=at,
        by=actor,
        by_name=_name(actor),
    )
    disclosure.full_clean()
    disclosure.save()
    record_create(
        disclosure,
        actor=actor,
        action="disclosure_refused" if problem else "disclose_to_agency",
        person=person,
        reason=problem or "",
    )
    text = (
        _("Deling av %(what)s med %(agency)s stoppet: mangler samtykke.")
        if problem
        else _("%(what)s delt med %(agency)s.")
    )
    journal_event(
        person,
        text % {"what": _category_text(categories), "agency": agency.name},
        actor=actor,
        source_action="disclose_to_agency",
    )
    return disclosure, problem


def do_disclose(
    person: Person,
    *,
    agency: PartnerAgency,
    categories: list[str],
    actor: User | None,
    purpose: str = "",
) -> Disclosure:
    """Share assessment or plan data with an agency. Allowed only under the person's consent
    in force now for that agency and every category; a refused attempt is kept (a visible
    ``Disclosure`` with outcome refused, an audit row and a journal line) and then refused
    with a ValidationError. Not one transaction on purpose: the refusal must stay logged."""
    _require_editor(actor, person)
    chosen = _categories(categories)
    if not chosen:
        raise ValidationError({"categories": _("Velg hvilke opplysninger som skal deles.")})
    disclosure, problem = _attempt_disclosure(person, agency, chosen, purpose, actor)
    _refuse(problem)
    return disclosure


# --- release planning (løslatelsesplanlegging, strgjfl § 41) ---------------------------------


@transaction.atomic
def do_open_checklist(stay: Stay, *, actor: User | None) -> ReleaseChecklist:
    """Open the release checklist for the person's current sentence stay, with every item
    (housing, income, health, ID papers, bank account, appointments on the day) not started."""
    from varde.reintegration.queries import expected_release_on

    person = stay.person
    _require_editor(actor, person)
    if stay.released_at is not None:
        raise ValidationError(_("Oppholdet er avsluttet."))
    if ReleaseChecklist.objects.filter(stay=stay).exists():
        raise ValidationError(_("Løslatelsesplanen er allerede opprettet."))
    release_on = expected_release_on(person)
    if release_on is None:
        raise ValidationError(_("Personen har ingen forventet løslatelsesdato."))
    checklist = ReleaseChecklist(
        person=person,
        stay=stay,
        unit=stay.unit,
        release_on=release_on,
        created_by_name=_name(actor),
    )
    checklist.full_clean()
    checklist.save()
    record_create(checklist, actor=actor, action="open_release_checklist", person=person)
    for code in ChecklistItemCode.values:
        item = ChecklistItem(checklist=checklist, code=code)
        item.save()
        record_create(item, actor=actor, action="open_release_checklist", person=person)
    journal_event(
        person,
        _("Løslatelsesplanlegging startet (forventet løslatelse %(day)s).")
        % {"day": _day(release_on)},
        actor=actor,
        source_action="open_release_checklist",
        unit=stay.unit,
    )
    return checklist


@transaction.atomic
def do_update_checklist_item(
    item: ChecklistItem, *, status: str, actor: User | None, note: str = "", responsible: str = ""
) -> ChecklistItem:
    """Status, note and who is responsible for one item of the release checklist."""
    item = (
        ChecklistItem.objects.select_for_update()
        .select_related("checklist__person", "checklist__unit")
        .get(pk=item.pk)
    )
    person = item.checklist.person
    _require_editor(actor, person)
    if status in (ItemStatus.IN_PROGRESS, ItemStatus.DONE) and not responsible.strip():
        raise ValidationError({"responsible": _("Skriv hvem som er ansvarlig.")})
    before = snapshot(item)
    item.status = status
    item.note = note.strip()
    item.responsible = responsible.strip()
    item.full_clean()
    item.save()
    record_update(item, before, actor=actor, action="update_checklist_item", person=person)
    journal_event(
        person,
        _("Løslatelsesplan: %(item)s – %(status)s.")
        % {"item": item.get_code_display(), "status": item.get_status_display().lower()},
        actor=actor,
        source_action="update_checklist_item",
        unit=item.checklist.unit,
    )
    return item


@transaction.atomic
def do_record_coordination(
    checklist: ReleaseChecklist, *, consent: str, actor: User | None, coordinator: str = ""
) -> ReleaseChecklist:
    """Under 25 (strgjfl § 41): the person's answer on coordination and, with consent, who
    coordinates the measures at release."""
    checklist = (
        ReleaseChecklist.objects.select_for_update()
        .select_related("person", "unit")
        .get(pk=checklist.pk)
    )
    _require_editor(actor, checklist.person)
    if consent == CoordinationConsent.CONSENTED and not coordinator.strip():
        raise ValidationError({"coordinator": _("Skriv hvem som koordinerer tiltakene.")})
    before = snapshot(checklist)
    checklist.coordination_consent = consent
    checklist.coordinator = coordinator.strip() if consent == CoordinationConsent.CONSENTED else ""
    _save_update(checklist, before, actor=actor, action="record_release_coordination")
    journal_event(
        checklist.person,
        _("Koordinering ved løslatelse (strgjfl § 41): %(answer)s.")
        % {"answer": checklist.coordinator or checklist.get_coordination_consent_display().lower()},
        actor=actor,
        source_action="record_release_coordination",
        unit=checklist.unit,
    )
    return checklist


def do_create_nav_notice(
    checklist: ReleaseChecklist, *, agency: PartnerAgency, contact: str, actor: User | None
) -> NavReleaseNotice:
    """Produce the release notice to NAV (an outbound record; the exchange sends it). It
    discloses the release date and contact details, so it needs the person's consent for
    that NAV office (see ``rules.NAV_NOTICE_REQUIRES_CONSENT``): without it the attempt is
    logged as refused and nothing is created."""
    checklist = ReleaseChecklist.objects.select_related("person", "unit").get(pk=checklist.pk)
    person = checklist.person
    _require_editor(actor, person)
    if agency.kind != AgencyKind.NAV:
        raise ValidationError({"agency": _("Velg et NAV-kontor.")})
    if not contact.strip():
        raise ValidationError({"contact": _("Skriv kontaktperson hos oss.")})
    _refuse(
        rules.nav_notice_problem(
            release_on=checklist.release_on,
            today=timezone.localdate(),
            already=NavReleaseNotice.objects.filter(checklist=checklist).exists(),
        )
    )
    disclosure = None
    if rules.NAV_NOTICE_REQUIRES_CONSENT:
        disclosure = do_disclose(
            person,
            agency=agency,
            categories=list(rules.NAV_NOTICE_CATEGORIES),
            actor=actor,
            purpose=_("Melding om løslatelse"),
        )
    return _save_nav_notice(checklist, agency, contact, disclosure, actor)


@transaction.atomic
def _save_nav_notice(
    checklist: ReleaseChecklist,
    agency: PartnerAgency,
    contact: str,
    disclosure: Disclosure | None,
    actor: User | None,
) -> NavReleaseNotice:
    notice = NavReleaseNotice(
        person=checklist.person,
        checklist=checklist,
        agency=agency,
        disclosure=disclosure,
        unit=checklist.unit,
        release_on=checklist.release_on,
        contact=contact.strip(),
        created_by_name=_name(actor),
    )
    notice.full_clean()
    notice.save()
    record_create(notice, actor=actor, action="create_nav_notice", person=checklist.person)
    journal_event(
        checklist.person,
        _("Melding om løslatelse %(day)s laget til %(agency)s.")
        % {"day": _day(checklist.release_on), "agency": agency.name},
        actor=actor,
        source_action="create_nav_notice",
        unit=checklist.unit,
    )
    return notice
