"""Every write to the security register: incidents, finds, drug tests, keep-apart relations,
groups and affiliations — and the read log of affiliation data.

Each action runs in one transaction: who may act (``PermissionDenied``), the rule from
``rules.py`` (a Norwegian ``ValidationError``, nothing saved), the write, the audit row, and a
journal event that names what happened but no sensitive detail ("Hendelse registrert: Vold
mot ansatte"; never the description, the other person, the substances or the group).
Affiliation gets **no** journal event: the journal is read by everyone who sees the person,
the affiliation only by cleared staff.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.models import Group as AuthGroup
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.audit.actions import actor_name, record_create, record_event, record_update, snapshot
from varde.audit.models import EventVerb
from varde.journal.actions import journal_event
from varde.organisation.queries import units_assignable_by
from varde.people.models import Person
from varde.security import rules
from varde.security.choices import (
    AffiliationSource,
    Confidence,
    ContrabandKind,
    DrugTestResult,
    FindPlace,
    GroupKind,
    IncidentKind,
    InvolvementRole,
    KeepApartScope,
    QuantityUnit,
    SampleKind,
)
from varde.security.models import (
    Affiliation,
    AffiliationRead,
    ContrabandFind,
    CriminalGroup,
    DrugTest,
    Incident,
    Involvement,
    KeepApart,
)
from varde.security.permissions import CLEARED_GROUP

if TYPE_CHECKING:
    from varde.organisation.models import Unit, User


# --- shared checks ---------------------------------------------------------------------------


def _require(actor: User | None, perm: str, message: str) -> None:
    """System jobs (actor None) may write; people need the permission."""
    if actor is not None and not actor.has_perm(perm):
        raise PermissionDenied(message)


def _require_person(actor: User | None, person: Person) -> None:
    if actor is not None and not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Du har ikke tilgang til denne personen."))


def _require_unit(actor: User | None, unit: Unit) -> None:
    if actor is not None and not units_assignable_by(actor).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("Du kan ikke registrere for denne enheten.")})


def _refuse(problem: str | None, field: str | None = None) -> None:
    if problem:
        raise ValidationError({field: problem} if field else problem)


def _choice(value: str, choices: type, field: str, message: str) -> None:
    if value not in choices.values:  # type: ignore[attr-defined]
        raise ValidationError({field: message})


def _text(value: str, field: str, message: str) -> str:
    if not value.strip():
        raise ValidationError({field: message})
    return value.strip()


def _register_incidents(actor: User | None) -> None:
    _require(
        actor,
        "security.register_incidents",
        _("Rollen din kan ikke registrere hendelser, beslag eller rusmiddeltester."),
    )


def _affiliations(actor: User | None) -> None:
    _require(
        actor,
        "security.access_affiliations",
        _("Du har ikke tilgang til gruppetilhørighet (krever sikkerhetsklarering)."),
    )


# --- incidents -------------------------------------------------------------------------------


def _check_involved(actor: User | None, involved: Sequence[tuple[Person, str]]) -> None:
    seen: set[int] = set()
    for person, role in involved:
        _choice(role, InvolvementRole, "involved", _("Velg rolle for hver involvert person."))
        if person.pk in seen:
            raise ValidationError({"involved": _("Samme person er valgt to ganger.")})
        seen.add(person.pk)
        _require_person(actor, person)


def _add_involvement(
    incident: Incident, person: Person, role: str, actor: User | None
) -> Involvement:
    involvement = Involvement(incident=incident, person=person, role=role)
    involvement.full_clean()
    involvement.save()
    record_create(involvement, actor=actor, action="add_involvement", person=person)
    journal_event(
        person,
        _("Hendelse registrert: %(kind)s.") % {"kind": incident.get_kind_display()},
        actor=actor,
        source_action="register_incident",
        unit=incident.unit,
    )
    return involvement


@transaction.atomic
def do_register_incident(
    unit: Unit,
    *,
    kind: str,
    occurred_at: datetime,
    description: str,
    actor: User | None,
    injuries: bool = False,
    injury_note: str = "",
    follow_up: str = "",
    involved: Sequence[tuple[Person, str]] = (),
) -> Incident:
    """An incident at ``unit`` with the persons involved and their roles."""
    _register_incidents(actor)
    _require_unit(actor, unit)
    _choice(kind, IncidentKind, "kind", _("Velg type hendelse."))
    _refuse(rules.time_problem(occurred_at, timezone.now()), "occurred_at")
    text = _text(description, "description", _("Beskriv hva som skjedde."))
    if not injuries and injury_note.strip():
        raise ValidationError({"injuries": _("Kryss av for personskade når du beskriver skaden.")})
    _check_involved(actor, involved)
    incident = Incident(
        unit=unit,
        kind=kind,
        occurred_at=occurred_at,
        description=text,
        injuries=injuries,
        injury_note=injury_note.strip(),
        follow_up=follow_up.strip(),
        registered_by=actor,
        registered_by_name=actor_name(actor),
    )
    incident.full_clean()
    incident.save()
    record_create(incident, actor=actor, action="register_incident", person=None)
    for person, role in involved:
        _add_involvement(incident, person, role, actor)
    return incident


@transaction.atomic
def do_add_involvement(
    incident: Incident, person: Person, *, role: str, actor: User | None
) -> Involvement:
    """Someone more was involved (found out after the report was written)."""
    _register_incidents(actor)
    _require_unit(actor, incident.unit)
    _check_involved(actor, [(person, role)])
    if incident.involvements.filter(person=person).exists():
        raise ValidationError({"person": _("Personen er allerede registrert i hendelsen.")})
    return _add_involvement(incident, person, role, actor)


@transaction.atomic
def do_update_follow_up(
    incident: Incident, *, follow_up: str, done: bool, actor: User | None
) -> Incident:
    """What is done after the incident, and whether it is finished."""
    _register_incidents(actor)
    _require_unit(actor, incident.unit)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if done and not follow_up.strip():
        raise ValidationError({"follow_up": _("Skriv hva oppfølgingen var før du lukker den.")})
    before = snapshot(incident)
    incident.follow_up = follow_up.strip()
    incident.follow_up_done = done
    incident.full_clean()
    incident.save()
    record_update(incident, before, actor=actor, action="update_incident_follow_up", person=None)
    return incident


# --- contraband and drug tests ---------------------------------------------------------------


@transaction.atomic
def do_register_find(
    unit: Unit,
    *,
    found_at: datetime,
    kind: str,
    place: str,
    actor: User | None,
    description: str = "",
    quantity: Decimal | None = None,
    quantity_unit: str = "",
    person: Person | None = None,
) -> ContrabandFind:
    """A contraband find at ``unit`` (strgjfl §§ 26–28), linked to a person when known."""
    _register_incidents(actor)
    _require_unit(actor, unit)
    _choice(kind, ContrabandKind, "kind", _("Velg hva som ble funnet."))
    _choice(place, FindPlace, "place", _("Velg hvor det ble funnet."))
    if quantity_unit:
        _choice(quantity_unit, QuantityUnit, "quantity_unit", _("Velg enhet for mengden."))
    _refuse(rules.time_problem(found_at, timezone.now()), "found_at")
    _refuse(rules.quantity_problem(quantity, quantity_unit), "quantity")
    if person is not None:
        _require_person(actor, person)
    find = ContrabandFind(
        unit=unit,
        found_at=found_at,
        kind=kind,
        place=place,
        description=description.strip(),
        quantity=quantity,
        quantity_unit=quantity_unit,
        person=person,
        registered_by=actor,
        registered_by_name=actor_name(actor),
    )
    find.full_clean()
    find.save()
    record_create(find, actor=actor, action="register_find", person=person)
    if person is not None:
        journal_event(
            person,
            _("Beslag registrert: %(kind)s.") % {"kind": find.get_kind_display()},
            actor=actor,
            source_action="register_find",
            unit=unit,
        )
    return find


@transaction.atomic
def do_register_drug_test(
    person: Person,
    unit: Unit,
    *,
    taken_at: datetime,
    result: str,
    actor: User | None,
    sample: str = SampleKind.URINE,
    substances: Iterable[str] = (),
    note: str = "",
) -> DrugTest:
    """A drug test (strgjfl § 29): taken and awaiting the answer, refused, negative, or
    positive for the substances found."""
    _register_incidents(actor)
    _require_unit(actor, unit)
    _require_person(actor, person)
    _choice(result, DrugTestResult, "result", _("Velg resultat."))
    _choice(sample, SampleKind, "sample", _("Velg type prøve."))
    codes = list(substances)
    _refuse(rules.drug_test_problem(result, codes), "substances")
    _refuse(rules.time_problem(taken_at, timezone.now()), "taken_at")
    test = DrugTest(
        person=person,
        unit=unit,
        taken_at=taken_at,
        sample=sample,
        result=result,
        substances=codes,
        note=note.strip(),
        registered_by=actor,
        registered_by_name=actor_name(actor),
    )
    test.full_clean()
    test.save()
    record_create(test, actor=actor, action="register_drug_test", person=person)
    journal_event(
        person,
        _("Rusmiddeltest registrert."),
        actor=actor,
        source_action="register_drug_test",
        unit=unit,
    )
    return test


@transaction.atomic
def do_record_test_result(
    test: DrugTest, *, result: str, actor: User | None, substances: Iterable[str] = ()
) -> DrugTest:
    """The answer from the laboratory for a test that was taken."""
    _register_incidents(actor)
    _require_unit(actor, test.unit)
    _require_person(actor, test.person)
    test = DrugTest.objects.select_for_update().get(pk=test.pk)
    codes = list(substances)
    _refuse(rules.result_change_problem(test.result, result), "result")
    _refuse(rules.drug_test_problem(result, codes), "substances")
    before = snapshot(test)
    test.result = result
    test.substances = codes
    test.full_clean()
    test.save()
    record_update(test, before, actor=actor, action="record_test_result", person=test.person)
    return test


# --- keep apart ------------------------------------------------------------------------------


def _keep_apart_writer(actor: User | None) -> None:
    _require(
        actor,
        "security.change_keep_apart",
        _("Rollen din kan ikke registrere at personer skal holdes adskilt."),
    )


@transaction.atomic
def do_register_keep_apart(
    person: Person,
    other: Person,
    *,
    scope: str,
    reason: str,
    actor: User | None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> KeepApart:
    """Two persons must be kept apart within ``scope`` (cell, department or unit)."""
    _keep_apart_writer(actor)
    _require_person(actor, person)
    _require_person(actor, other)
    today = timezone.localdate()
    start = date_from or today
    _refuse(rules.pair_problem(person.pk, other.pk), "other")
    _choice(scope, KeepApartScope, "scope", _("Velg omfang: celle, avdeling eller enhet."))
    _refuse(rules.reason_problem(reason), "reason")
    _refuse(rules.period_problem(start, date_to, today), "date_from")
    first, second = rules.ordered_pair(person.pk, other.pk)
    already = KeepApart.objects.filter(person_a_id=first, person_b_id=second, date_to__isnull=True)
    if already.exists():
        raise ValidationError(
            {"other": _("Det er allerede registrert at disse to skal holdes adskilt.")}
        )
    relation = KeepApart(
        person_a_id=first,
        person_b_id=second,
        scope=scope,
        reason=reason.strip(),
        date_from=start,
        date_to=date_to,
        registered_by=actor,
        registered_by_name=actor_name(actor),
    )
    relation.full_clean()
    relation.save()
    for side in (person, other):
        record_create(
            relation, actor=actor, action="register_keep_apart", person=side, reason=reason
        )
        journal_event(
            side,
            _("Registrert at personen skal holdes adskilt fra en annen person (%(scope)s).")
            % {"scope": relation.get_scope_display().lower()},
            actor=actor,
            source_action="register_keep_apart",
        )
    return relation


@transaction.atomic
def do_end_keep_apart(
    relation: KeepApart, *, reason: str, actor: User | None, date_to: date | None = None
) -> KeepApart:
    """The persons no longer need to be kept apart (from ``date_to``, default today)."""
    _keep_apart_writer(actor)
    relation = KeepApart.objects.select_for_update().get(pk=relation.pk)
    persons = [relation.person_a, relation.person_b]
    if actor is not None and not (
        Person.objects.visible_to(actor).filter(pk__in=[p.pk for p in persons]).exists()
    ):
        raise PermissionDenied(_("Du har ikke tilgang til denne personen."))
    end = date_to or timezone.localdate()
    if relation.date_to is not None:
        raise ValidationError({"date_to": _("Relasjonen er allerede avsluttet.")})
    if end < relation.date_from:
        raise ValidationError({"date_to": _("Til-datoen kan ikke være før fra-datoen.")})
    _refuse(rules.reason_problem(reason), "reason")
    before = snapshot(relation)
    relation.date_to = end
    relation.full_clean()
    relation.save()
    for side in persons:
        record_update(
            relation, before, actor=actor, action="end_keep_apart", person=side, reason=reason
        )
    return relation


# --- groups and affiliation ------------------------------------------------------------------


@transaction.atomic
def do_register_group(
    *, name: str, kind: str, reason: str, actor: User | None, description: str = ""
) -> CriminalGroup:
    """A group in the register (criminal network, gang, ...)."""
    _affiliations(actor)
    clean = _text(name, "name", _("Skriv navnet på gruppen."))
    _choice(kind, GroupKind, "kind", _("Velg type gruppe."))
    _refuse(rules.reason_problem(reason), "reason")
    if CriminalGroup.objects.filter(name__iexact=clean).exists():
        raise ValidationError({"name": _("Det finnes allerede en gruppe med dette navnet.")})
    group = CriminalGroup(name=clean, kind=kind, description=description.strip())
    group.full_clean()
    group.save()
    record_create(group, actor=actor, action="register_group", person=None, reason=reason)
    return group


@transaction.atomic
def do_register_affiliation(
    person: Person,
    group: CriminalGroup,
    *,
    date_from: date,
    source: str,
    confidence: str,
    reason: str,
    actor: User | None,
    date_to: date | None = None,
) -> Affiliation:
    """The person is affiliated with the group (strgjfl § 4f: "tilknytning til kriminelle
    nettverk"). Audited with its reason; no journal event (see the module docstring)."""
    _affiliations(actor)
    _require_person(actor, person)
    if not group.is_active:
        raise ValidationError({"group": _("Gruppen er ikke lenger aktiv i registeret.")})
    _choice(source, AffiliationSource, "source", _("Velg kilde."))
    _choice(confidence, Confidence, "confidence", _("Velg vurdert pålitelighet."))
    _refuse(rules.reason_problem(reason), "reason")
    _refuse(rules.period_problem(date_from, date_to, timezone.localdate()), "date_from")
    if person.affiliations.filter(group=group, date_to__isnull=True).exists():
        raise ValidationError(
            {"group": _("Personen har allerede en åpen tilhørighet til denne gruppen.")}
        )
    affiliation = Affiliation(
        person=person,
        group=group,
        date_from=date_from,
        date_to=date_to,
        source=source,
        confidence=confidence,
        reason=reason.strip(),
        registered_by=actor,
        registered_by_name=actor_name(actor),
    )
    affiliation.full_clean()
    affiliation.save()
    record_create(
        affiliation, actor=actor, action="register_affiliation", person=person, reason=reason
    )
    return affiliation


@transaction.atomic
def do_end_affiliation(
    affiliation: Affiliation, *, reason: str, actor: User | None, date_to: date | None = None
) -> Affiliation:
    """The affiliation has ended (or was wrong: say so in the reason)."""
    _affiliations(actor)
    affiliation = (
        Affiliation.objects.select_for_update().select_related("person").get(pk=affiliation.pk)
    )
    _require_person(actor, affiliation.person)
    end = date_to or timezone.localdate()
    if affiliation.date_to is not None:
        raise ValidationError({"date_to": _("Tilhørigheten er allerede avsluttet.")})
    if end < affiliation.date_from:
        raise ValidationError({"date_to": _("Til-datoen kan ikke være før fra-datoen.")})
    _refuse(rules.reason_problem(reason), "reason")
    before = snapshot(affiliation)
    affiliation.date_to = end
    affiliation.full_clean()
    affiliation.save()
    record_update(
        affiliation,
        before,
        actor=actor,
        action="end_affiliation",
        person=affiliation.person,
        reason=reason,
    )
    return affiliation


def record_affiliation_read(
    *, actor: User, persons: Iterable[Person | int], channel: str, path: str, purpose: str
) -> list[AffiliationRead]:
    """Log that ``actor`` saw the affiliation data of ``persons`` (one row each)."""
    ids = sorted({p if isinstance(p, int) else p.pk for p in persons})
    return [
        AffiliationRead.objects.create(
            actor=actor,
            actor_name=actor.get_username(),
            person_id=person_id,
            channel=channel,
            path=path[:300],
            purpose=purpose,
        )
        for person_id in ids
    ]


# --- security clearance ----------------------------------------------------------------------


@transaction.atomic
def do_set_clearance(user: User, *, cleared: bool, reason: str, actor: User | None) -> bool:
    """Grant or withdraw security clearance (membership of the auth group that
    ``security.access_affiliations`` asks for). Returns whether anything changed."""
    _refuse(rules.reason_problem(reason), "reason")
    group, _created = AuthGroup.objects.get_or_create(name=CLEARED_GROUP)
    was = user.groups.filter(pk=group.pk).exists()
    if was == cleared:
        return False
    if cleared:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    record_event(
        actor=actor,
        action="grant_clearance" if cleared else "withdraw_clearance",
        verb=EventVerb.UPDATE,
        instance=user,
        person=None,
        changes={"security_clearance": [was, cleared]},
        reason=reason,
    )
    return True
