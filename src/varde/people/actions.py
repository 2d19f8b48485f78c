"""Every write to persons and their details. Each action runs in one transaction, validates,
saves, and appends an audit event (who, when, what changed, why)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.audit.actions import record_create, record_delete, record_update, snapshot
from varde.organisation.choices import PERSON_EDIT_ROLES, Scope
from varde.organisation.queries import units_assignable_by
from varde.people.choices import ResponsibilityReason
from varde.people.models import Alias, Person, Relative, Responsibility
from varde.people.rules import validate_national_id

if TYPE_CHECKING:
    from varde.organisation.models import Unit, User

PERSON_FIELDS = (
    "national_id",
    "first_name",
    "middle_name",
    "last_name",
    "birth_date",
    "sex",
    "citizenship",
    "language",
    "needs_interpreter",
    "street_address",
    "postal_code",
    "city",
    "country",
    "phone",
    "email",
)


def _require_editor(actor: User | None) -> None:
    """System jobs (actor None) may write; people need a role that edits person data."""
    if actor is not None and actor.role not in PERSON_EDIT_ROLES:
        raise PermissionDenied(_("Rollen din kan ikke endre personopplysninger."))


def _apply_identity(person: Person) -> None:
    """Validate the national ID, set its kind, and derive or check the birth date."""
    from django.conf import settings

    if not person.national_id:
        person.national_id = None
        person.id_kind = "none"
        if person.birth_date is None:
            raise ValidationError(
                {"birth_date": _("Fødselsdato må fylles ut når personen ikke har ID-nummer.")}
            )
        return
    result = validate_national_id(
        person.national_id,
        allow_synthetic=settings.VARDE_ALLOW_SYNTHETIC_IDS,
        accept_2032=settings.VARDE_ACCEPT_2032_IDS,
    )
    if not result.valid or result.kind is None:
        raise ValidationError(
            {"national_id": _("Ugyldig fødselsnummer eller D-nummer. Sjekk de 11 sifrene.")}
        )
    person.id_kind = result.kind
    if result.birth_date is not None:
        if person.birth_date and person.birth_date != result.birth_date:
            raise ValidationError(
                {"birth_date": _("Fødselsdatoen stemmer ikke med fødselsnummeret.")}
            )
        person.birth_date = result.birth_date


@transaction.atomic
def do_register_person(
    *, actor: User | None, reason: str = "", responsible_unit: Unit | None = None, **fields: Any
) -> Person:
    """Register a new person. Raises ValidationError (nothing saved) on bad input.

    The registering unit becomes responsible for the person from today (a manual
    responsibility), so its staff can go on working with them: ``responsible_unit``, or the
    actor's own unit when they have unit scope. It must be a unit the actor may assign.
    """
    _require_editor(actor)
    unit = _responsible_unit_for(actor, responsible_unit)
    person = Person(**{k: v for k, v in fields.items() if k in PERSON_FIELDS})
    _apply_identity(person)
    person.refresh_search_name()
    person.full_clean()
    person.save()
    record_create(person, actor=actor, action="register_person", person=person, reason=reason)
    if unit is not None:
        do_open_responsibility(
            person,
            unit,
            date_from=timezone.localdate(),
            reason=ResponsibilityReason.MANUAL,
            actor=actor,
            note=_("Registrert av enheten"),
        )
    return person


def _responsible_unit_for(actor: User | None, chosen: Unit | None) -> Unit | None:
    if actor is None:
        return chosen
    if chosen is None and actor.scope == Scope.UNIT:
        chosen = actor.unit
    if chosen is not None and not units_assignable_by(actor).filter(pk=chosen.pk).exists():
        raise ValidationError(
            {"responsible_unit": _("Du kan ikke gi denne enheten ansvar for personen.")}
        )
    return chosen


@transaction.atomic
def do_update_person(person: Person, *, actor: User | None, reason: str, **fields: Any) -> Person:
    """Change a person's details; the reason is required and stored with the diff."""
    _require_editor(actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv en begrunnelse for endringen.")})
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = snapshot(person)
    for name, value in fields.items():
        if name in PERSON_FIELDS:
            setattr(person, name, value)
    _apply_identity(person)
    person.refresh_search_name()
    person.full_clean()
    person.save()
    record_update(person, before, actor=actor, action="update_person", person=person, reason=reason)
    return person


@transaction.atomic
def do_add_alias(person: Person, name: str, *, actor: User | None, reason: str = "") -> Alias:
    _require_editor(actor)
    if not name.strip():
        raise ValidationError({"name": _("Navnet kan ikke være tomt.")})
    alias = Alias(person=person, name=name.strip())
    alias.refresh_search_name()
    alias.full_clean()
    alias.save()
    record_create(alias, actor=actor, action="add_alias", person=person, reason=reason)
    return alias


@transaction.atomic
def do_remove_alias(alias: Alias, *, actor: User | None, reason: str) -> None:
    _require_editor(actor)
    record_delete(alias, actor=actor, action="remove_alias", person=alias.person, reason=reason)
    alias.delete()


@transaction.atomic
def do_add_relative(
    person: Person, *, actor: User | None, reason: str = "", **fields: Any
) -> Relative:
    _require_editor(actor)
    relative = Relative(person=person, **fields)
    relative.full_clean()
    relative.save()
    record_create(relative, actor=actor, action="add_relative", person=person, reason=reason)
    return relative


@transaction.atomic
def do_remove_relative(relative: Relative, *, actor: User | None, reason: str) -> None:
    _require_editor(actor)
    record_delete(
        relative, actor=actor, action="remove_relative", person=relative.person, reason=reason
    )
    relative.delete()


@transaction.atomic
def do_open_responsibility(
    person: Person,
    unit: Unit,
    *,
    date_from: date,
    reason: str,
    actor: User | None,
    note: str = "",
) -> Responsibility:
    """Make ``unit`` responsible for ``person`` from ``date_from`` (the case flow calls this
    when a stay or community case starts)."""
    responsibility = Responsibility(
        person=person, unit=unit, date_from=date_from, reason=reason, note=note
    )
    responsibility.full_clean()
    responsibility.save()
    record_create(
        responsibility, actor=actor, action="open_responsibility", person=person, reason=note
    )
    return responsibility


@transaction.atomic
def do_close_responsibility(
    responsibility: Responsibility,
    *,
    date_to: date,
    actor: User | None,
    note: str = "",
) -> Responsibility:
    before = snapshot(responsibility)
    responsibility.date_to = date_to
    responsibility.full_clean()
    responsibility.save()
    record_update(
        responsibility,
        before,
        actor=actor,
        action="close_responsibility",
        person=responsibility.person,
        reason=note,
    )
    return responsibility
