"""Every write to judgments and their key-date overrides. Each action runs in one transaction,
checks who may act, validates (Norwegian messages; nothing is saved on error), saves, writes
the audit row and adds a line to the person's journal."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from varde.audit.actions import actor_name, record_create, record_delete, record_update, snapshot
from varde.journal.actions import journal_event
from varde.organisation.choices import PERSON_EDIT_ROLES
from varde.people.models import Person
from varde.sentencing.choices import (
    CUSTODIAL_REACTIONS,
    OPEN_STATUSES,
    PREVENTIVE_REACTIONS,
    SUBSIDIARY_TERM_REACTIONS,
    JudgmentStatus,
    KeyDateField,
    Reaction,
)
from varde.sentencing.models import DateOverride, Judgment
from varde.sentencing.rules.dates import Term, term_days
from varde.sentencing.rules.sentence import parse_offence

if TYPE_CHECKING:
    from varde.organisation.models import User

JUDGMENT_FIELDS = (
    "court",
    "case_number",
    "judgment_date",
    "final_date",
    "received_on",
    "main_offence",
    "other_offences",
    "reaction",
    "term_years",
    "term_months",
    "term_days",
    "credited_days",
    "frame_years",
    "frame_months",
    "frame_days",
    "minimum_years",
    "minimum_months",
    "minimum_days",
    "hours",
    "execution_years",
    "execution_months",
    "execution_days",
    "probation_years",
    "combined_with",
)
LAW_AND_SECTION = re.compile(r"^([a-z]+)[ -]+(\d)")
OFFENCE_FORMAT = re.compile(r"^[a-z]+-\d{1,4}[a-z]?(-\d{1,2})?$")
HOURS_RANGE = {Reaction.COMMUNITY_SENTENCE: (30, 420), Reaction.FINE_SERVICE: (2, 240)}


def _require_editor(actor: User | None, person: Person) -> None:
    """System jobs (actor None) may write; people need an editing role and the person in scope."""
    if actor is None:
        return
    if actor.role not in PERSON_EDIT_ROLES:
        raise PermissionDenied(_("Rollen din kan ikke registrere eller endre dommer."))
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Du har ikke tilgang til denne personen."))


def term_of(judgment: Judgment) -> Term:
    return Term(judgment.term_years, judgment.term_months, judgment.term_days)


def frame_of(judgment: Judgment) -> Term:
    return Term(judgment.frame_years, judgment.frame_months, judgment.frame_days)


def minimum_of(judgment: Judgment) -> Term | None:
    term = Term(judgment.minimum_years, judgment.minimum_months, judgment.minimum_days)
    return term if term != Term() else None


def execution_of(judgment: Judgment) -> Term | None:
    term = Term(judgment.execution_years, judgment.execution_months, judgment.execution_days)
    return term if term != Term() else None


def normalise_offence(code: str) -> str:
    """ "STRL § 321" → "strl-321"; "strl-276-2" stays as it is."""
    text = " ".join(code.lower().replace("§", " ").split())
    return LAW_AND_SECTION.sub(r"\1-\2", text).replace(" ", "")


def _check_offences(judgment: Judgment, errors: dict[str, str]) -> None:
    judgment.main_offence = normalise_offence(judgment.main_offence or "")
    if not judgment.main_offence:
        errors["main_offence"] = _("Skriv hovedlovbruddet som lov og paragraf, f.eks. strl-321.")
    elif not OFFENCE_FORMAT.match(judgment.main_offence) or not parse_offence(
        judgment.main_offence
    ):
        errors["main_offence"] = _(
            "«%(code)s» er ikke en lovbruddskode. Skriv lov og paragraf, f.eks. strl-321 "
            "(eller strl-276-2 for et ledd)."
        ) % {"code": judgment.main_offence}
    others = [normalise_offence(str(code)) for code in judgment.other_offences or []]
    bad = [code for code in others if not OFFENCE_FORMAT.match(code)]
    if bad:
        errors["other_offences"] = _(
            "Ugyldige lovbruddskoder: %(codes)s. Skriv f.eks. strl-321, strl-271."
        ) % {"codes": ", ".join(bad)}
    judgment.other_offences = [code for code in others if code]


def expected_start_of(judgment: Judgment) -> date:
    """The earliest day execution can start: the judgment is final and has been received."""
    if judgment.final_date and judgment.final_date > judgment.received_on:
        return judgment.final_date
    return judgment.received_on


def _check_dates(judgment: Judgment, errors: dict[str, str]) -> None:
    if judgment.final_date and judgment.final_date < judgment.judgment_date:
        errors["final_date"] = _("Datoen for rettskraft kan ikke være før domsdatoen.")
    if judgment.received_on < judgment.judgment_date:
        errors["received_on"] = _("Dommen kan ikke være mottatt før domsdatoen.")


def _check_term(judgment: Judgment, errors: dict[str, str]) -> None:
    """strl §§ 31, 43, 49, 52 b; fsg § 4-4: the length of the reaction and the credit."""
    reaction = judgment.reaction
    start = expected_start_of(judgment).toordinal()
    credit_against = None
    if reaction in CUSTODIAL_REACTIONS or reaction in SUBSIDIARY_TERM_REACTIONS:
        if term_of(judgment) == Term():
            errors["term_days"] = (
                _("Straffen må være lengre enn null. Fyll ut år, måneder og/eller dager.")
                if reaction in CUSTODIAL_REACTIONS
                else _("Fyll ut den subsidiære fengselsstraffen (år, måneder og/eller dager).")
            )
            return
        credit_against = term_days(start, term_of(judgment))
    elif reaction in PREVENTIVE_REACTIONS:
        if frame_of(judgment) == Term():
            errors["frame_years"] = _("Fyll ut tidsrammen for forvaringen (strl § 43).")
            return
        credit_against = term_days(start, frame_of(judgment))
        minimum = minimum_of(judgment)
        if minimum is not None and term_days(start, minimum) > credit_against:
            errors["minimum_years"] = _("Minstetiden kan ikke være lengre enn tidsrammen.")
    if credit_against is not None and judgment.credited_days >= credit_against:
        errors["credited_days"] = _(
            "Varetektsfradraget (%(credit)s dager) må være kortere enn straffen (%(total)s "
            "dager). Er hele straffen sonet i varetekt, skal personen løslates (fsg § 4-4)."
        ) % {"credit": judgment.credited_days, "total": credit_against}


def _check_hours(judgment: Judgment, errors: dict[str, str]) -> None:
    limits = HOURS_RANGE.get(Reaction(judgment.reaction))
    if limits is None:
        return
    low, high = limits
    if judgment.hours is None or not low <= judgment.hours <= high:
        errors["hours"] = _("Antall timer må være mellom %(low)s og %(high)s.") % {
            "low": low,
            "high": high,
        }


def _check_combination(judgment: Judgment, errors: dict[str, str]) -> None:
    """fsg § 3-2 (1): only prison terms of the same person join one term; groups are flat."""
    principal = judgment.combined_with
    if principal is None:
        return
    if principal.person_id != judgment.person_id:
        errors["combined_with"] = _("Dommene må gjelde samme person.")
    elif principal.pk == judgment.pk or principal.combined_with_id is not None:
        errors["combined_with"] = _(
            "Velg den første dommen i fellesgjennomføringen (den som ikke selv er slått sammen "
            "med en annen)."
        )
    elif judgment.reaction != Reaction.PRISON or principal.reaction != Reaction.PRISON:
        errors["combined_with"] = _(
            "Bare dommer på ubetinget fengsel gjennomføres i sammenheng (fsg § 3-2). Subsidiær "
            "fengselsstraff for bot sones fullt ut."
        )
    elif principal.status not in OPEN_STATUSES:
        errors["combined_with"] = _("Dommen det skal slås sammen med er ikke lenger aktiv.")
    elif judgment.pk and judgment.combined_members.exists():
        errors["combined_with"] = _("Andre dommer er allerede slått sammen med denne dommen.")


def validate_judgment(judgment: Judgment) -> None:
    """Every rule a judgment must meet; ValidationError with Norwegian messages per field."""
    errors: dict[str, str] = {}
    if not (judgment.court or "").strip():
        errors["court"] = _("Skriv hvilken domstol som avsa dommen.")
    if not (judgment.case_number or "").strip():
        errors["case_number"] = _("Skriv saksnummeret.")
    if judgment.reaction not in Reaction.values:
        errors["reaction"] = _("Velg reaksjonen dommen gjelder.")
        raise ValidationError(errors)
    _check_offences(judgment, errors)
    _check_dates(judgment, errors)
    _check_term(judgment, errors)
    _check_hours(judgment, errors)
    _check_combination(judgment, errors)
    duplicate = Judgment.objects.filter(
        person_id=judgment.person_id,
        court=judgment.court.strip(),
        case_number=judgment.case_number.strip(),
    ).exclude(pk=judgment.pk)
    if "case_number" not in errors and duplicate.exists():
        errors["case_number"] = _(
            "Denne dommen er allerede registrert (samme domstol og saksnummer)."
        )
    if errors:
        raise ValidationError(errors)


def _describe(judgment: Judgment) -> str:
    return f"{judgment.get_reaction_display()}, {judgment.court} {judgment.case_number}"


@transaction.atomic
def do_register_judgment(
    person: Person, *, actor: User | None, reason: str = "", **fields: Any
) -> Judgment:
    """Register a received judgment. Raises ValidationError (nothing saved) on bad input.

    A final judgment is queued for execution (status "I soningskø"); one without a date of
    finality stays "Mottatt".
    """
    _require_editor(actor, person)
    unknown = sorted(set(fields) - set(JUDGMENT_FIELDS))
    if unknown:
        raise TypeError(f"unknown judgment field(s): {', '.join(unknown)}")
    judgment = Judgment(person=person, **fields)
    judgment.court = (judgment.court or "").strip()
    judgment.case_number = (judgment.case_number or "").strip()
    if judgment.received_on is None or judgment.judgment_date is None:
        raise ValidationError(
            {
                name: _("Fyll ut datoen.")
                for name in ("judgment_date", "received_on")
                if getattr(judgment, name) is None
            }
        )
    validate_judgment(judgment)
    judgment.status = JudgmentStatus.QUEUED if judgment.final_date else JudgmentStatus.RECEIVED
    judgment.full_clean()
    judgment.save()
    record_create(judgment, actor=actor, action="register_judgment", person=person, reason=reason)
    text = _("Dom registrert: %(judgment)s.") % {"judgment": _describe(judgment)}
    if judgment.combined_with is not None:
        text += " " + _("Gjennomføres sammen med %(other)s (fsg § 3-2).") % {
            "other": _describe(judgment.combined_with)
        }
    journal_event(person, text, actor=actor, source_action="register_judgment")
    return judgment


@transaction.atomic
def do_combine_judgments(
    judgment: Judgment, principal: Judgment, *, actor: User | None, reason: str = ""
) -> Judgment:
    """fsg § 3-2 (1): serve ``judgment`` in one term with ``principal`` (dates recomputed)."""
    _require_editor(actor, judgment.person)
    judgment = Judgment.objects.select_for_update().get(pk=judgment.pk)
    before = snapshot(judgment)
    judgment.combined_with = principal
    errors: dict[str, str] = {}
    _check_combination(judgment, errors)
    if errors:
        raise ValidationError(errors)
    judgment.save(update_fields=["combined_with"])
    record_update(
        judgment,
        before,
        actor=actor,
        action="combine_judgments",
        person=judgment.person,
        reason=reason,
    )
    journal_event(
        judgment.person,
        _(
            "%(judgment)s gjennomføres sammen med %(other)s (fsg § 3-2). Nøkkeldatoene er "
            "beregnet på nytt."
        )
        % {"judgment": _describe(judgment), "other": _describe(principal)},
        actor=actor,
        source_action="combine_judgments",
    )
    return judgment


@transaction.atomic
def do_override_key_date(
    judgment: Judgment, field: str, on: date, *, reason: str, actor: User | None
) -> DateOverride:
    """Set a key date by hand instead of the computed one. The reason is required."""
    _require_editor(actor, judgment.person)
    errors = {}
    if field not in KeyDateField.values:
        errors["field"] = _("Velg hvilken dato som skal overstyres.")
    if not (reason or "").strip():
        errors["reason"] = _("Skriv hvorfor datoen overstyres.")
    if on is None:
        errors["date"] = _("Fyll ut den nye datoen.")
    if errors:
        raise ValidationError(errors)
    override = DateOverride.objects.filter(judgment=judgment, field=field).first()
    who = actor_name(actor)
    if override is None:
        override = DateOverride(
            judgment=judgment, field=field, date=on, reason=reason.strip(), created_by=actor
        )
        override.created_by_name = who
        override.full_clean()
        override.save()
        record_create(
            override, actor=actor, action="override_key_date", person=judgment.person, reason=reason
        )
    else:
        before = snapshot(override)
        override.date, override.reason = on, reason.strip()
        override.created_by, override.created_by_name = actor, who
        override.full_clean()
        override.save()
        record_update(
            override,
            before,
            actor=actor,
            action="override_key_date",
            person=judgment.person,
            reason=reason,
        )
    journal_event(
        judgment.person,
        _("%(field)s for %(judgment)s overstyrt til %(date)s. Begrunnelse: %(reason)s")
        % {
            "field": override.get_field_display(),
            "judgment": _describe(judgment),
            "date": f"{on:%d.%m.%Y}",
            "reason": reason.strip(),
        },
        actor=actor,
        source_action="override_key_date",
    )
    return override


@transaction.atomic
def do_remove_override(override: DateOverride, *, reason: str, actor: User | None) -> None:
    """Go back to the computed date. The reason is required."""
    judgment = override.judgment
    _require_editor(actor, judgment.person)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Skriv hvorfor overstyringen fjernes.")})
    record_delete(
        override, actor=actor, action="remove_override", person=judgment.person, reason=reason
    )
    journal_event(
        judgment.person,
        _(
            "Overstyring av %(field)s for %(judgment)s fjernet; beregnet dato gjelder. "
            "Begrunnelse: %(reason)s"
        )
        % {
            "field": override.get_field_display(),
            "judgment": _describe(judgment),
            "reason": reason.strip(),
        },
        actor=actor,
        source_action="remove_override",
    )
    override.delete()


@transaction.atomic
def do_set_judgment_status(judgment: Judgment, status: str, *, actor: User | None) -> Judgment:
    """Move a judgment along its life (the execution app calls this: admission starts the
    execution, release completes it). Audited; no journal line of its own, because the
    admission or release that causes it writes one."""
    if judgment.status == status:
        return judgment
    before = snapshot(judgment)
    judgment.status = status
    judgment.save(update_fields=["status"])
    record_update(
        judgment, before, actor=actor, action="set_judgment_status", person=judgment.person
    )
    return judgment


@transaction.atomic
def do_set_remand_credit(
    judgment: Judgment, days: int, *, actor: User | None, reason: str
) -> Judgment:
    """Store a remand credit (strl § 83) computed by the service on a judgment whose court
    figure is missing (``credited_days`` 0). A credit the court fixed is never overwritten
    here; change it by registering the judgment correctly. Audited with the reason; no
    journal line of its own (the execution action that computes it writes one)."""
    _require_editor(actor, judgment.person)
    judgment = Judgment.objects.select_for_update().select_related("person").get(pk=judgment.pk)
    if judgment.credited_days:
        raise ValidationError(
            _("Retten har fastsatt varetektsfradraget (%(days)s dager); det endres ikke her.")
            % {"days": judgment.credited_days}
        )
    if days < 0:
        raise ValidationError(_("Varetektsfradraget kan ikke være negativt."))
    before = snapshot(judgment)
    judgment.credited_days = days
    judgment.save(update_fields=["credited_days"])
    record_update(
        judgment,
        before,
        actor=actor,
        action="set_remand_credit",
        person=judgment.person,
        reason=reason,
    )
    return judgment
