"""Scoped reads of the security register. Views and the API reach its data only through
these functions.

- Incidents, finds and drug tests are scoped by **unit**: unit staff see their unit's (and its
  departments'), regional staff their region's, national staff all; roles without person
  records (analysts, KRUS) none — they get counts (``counts``).
- What concerns one person (their incidents, finds, tests, keep-apart relations, and with the
  permission their affiliations) is read through the person, reached with
  ``get_person_for_user``. Other persons named in it are shown only if the user may see
  them; the rest are counted, never named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from varde.organisation.choices import Scope
from varde.organisation.models import Unit
from varde.people.models import Person, Responsibility
from varde.people.queries import can_see_person_records
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
from varde.security.rules import shared_groups

if TYPE_CHECKING:
    from varde.organisation.models import User

M = TypeVar("M", bound=Model)


# --- units in scope --------------------------------------------------------------------------


def unit_filter(user: User, prefix: str = "unit") -> Q:
    """A filter on a model with a unit field (``prefix``) keeping the user's units."""
    if not can_see_person_records(user):
        return Q(pk__in=[])
    if user.scope == Scope.NATIONAL:
        return Q()
    if user.scope == Scope.REGION and user.region_id:
        return Q(**{f"{prefix}__region_id": user.region_id})
    if user.scope == Scope.UNIT and user.unit_id:
        return Q(**{f"{prefix}_id": user.unit_id}) | Q(**{f"{prefix}__parent_id": user.unit_id})
    return Q(pk__in=[])


def units_in_scope(user: User) -> QuerySet[Unit]:
    """The units whose incidents, finds and tests the user sees (active or not)."""
    units = Unit.objects.select_related("region").order_by("region__name", "name")
    if not can_see_person_records(user):
        return units.none()
    if user.scope == Scope.NATIONAL:
        return units
    if user.scope == Scope.REGION and user.region_id:
        return units.filter(region_id=user.region_id)
    if user.scope == Scope.UNIT and user.unit_id:
        return units.filter(Q(pk=user.unit_id) | Q(parent_id=user.unit_id))
    return units.none()


def get_unit_for_user(user: User, unit_id: int) -> Unit:
    """A unit in the user's scope; 404 otherwise."""
    unit = units_in_scope(user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def incidents_visible_to(user: User) -> QuerySet[Incident]:
    return Incident.objects.filter(unit_filter(user)).select_related("unit")


def finds_visible_to(user: User) -> QuerySet[ContrabandFind]:
    return ContrabandFind.objects.filter(unit_filter(user)).select_related("unit", "person")


def tests_visible_to(user: User) -> QuerySet[DrugTest]:
    return DrugTest.objects.filter(unit_filter(user)).select_related("unit", "person")


def get_incident_for_user(user: User, incident_id: int) -> Incident:
    incident = incidents_visible_to(user).filter(pk=incident_id).first()
    if incident is None:
        raise Http404
    return incident


def get_test_for_user(user: User, test_id: int) -> DrugTest:
    test = tests_visible_to(user).filter(pk=test_id).first()
    if test is None:
        raise Http404
    return test


def in_period(
    rows: QuerySet[M],
    field_name: str,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    kind: str = "",
    kind_field: str = "kind",
) -> QuerySet[M]:
    """Rows whose ``field_name`` (a datetime) falls in [from, to] (Oslo days) and of ``kind``."""
    zone = timezone.get_current_timezone()
    if date_from:
        rows = rows.filter(**{f"{field_name}__gte": datetime.combine(date_from, time.min, zone)})
    if date_to:
        rows = rows.filter(**{f"{field_name}__lte": datetime.combine(date_to, time.max, zone)})
    if kind:
        rows = rows.filter(**{kind_field: kind})
    return rows


def persons_at_unit(user: User, unit: Unit) -> QuerySet[Person]:
    """Persons the user sees for whom the unit (or one of its departments) is responsible now:
    the choices when registering who was involved in something at the unit."""
    today = timezone.localdate()
    current = Responsibility.objects.filter(
        Q(unit=unit) | Q(unit__parent=unit),
        date_from__lte=today,
    ).filter(Q(date_to__isnull=True) | Q(date_to__gte=today))
    return (
        Person.objects.visible_to(user)
        .filter(pk__in=current.values("person_id"))
        .order_by("last_name", "first_name", "id")
    )


def visible_names(user: User | None, person_ids: set[int]) -> dict[int, Person]:
    """Of ``person_ids``, the persons the user may see (one query); the others stay unnamed."""
    if user is None or not person_ids:
        return {}
    return Person.objects.visible_to(user).filter(pk__in=person_ids).in_bulk()


# --- one incident ----------------------------------------------------------------------------


@dataclass
class InvolvedRow:
    role: str
    role_label: str
    person: Person | None  # None: outside the user's scope (counted, not named)


def involved_rows(user: User, incident: Incident) -> list[InvolvedRow]:
    involvements = list(incident.involvements.all())
    named = visible_names(user, {i.person_id for i in involvements})
    return [InvolvedRow(i.role, i.get_role_display(), named.get(i.person_id)) for i in involvements]


# --- one person ------------------------------------------------------------------------------


def keep_apart_for(person: Person, day: date | None = None) -> QuerySet[KeepApart]:
    """The person's keep-apart relations from either side; only those in force on ``day``
    when given."""
    relations = KeepApart.objects.filter(Q(person_a=person) | Q(person_b=person))
    if day is not None:
        relations = relations.filter(date_from__lte=day).filter(
            Q(date_to__isnull=True) | Q(date_to__gte=day)
        )
    return relations.order_by("-date_from", "-id")


@dataclass
class KeepApartRow:
    relation: KeepApart
    other: Person | None  # None: outside the user's scope
    in_force: bool


@dataclass
class PersonSecurity:
    """What the person page's security panel shows."""

    involvements: list[Involvement]
    visible_incidents: set[int]  # incidents the user may open
    finds: list[ContrabandFind]
    tests: list[DrugTest]
    keep_apart: list[KeepApartRow] = field(default_factory=list)


def person_security(user: User, person: Person, today: date | None = None) -> PersonSecurity:
    """The person's incidents (all units: their history matters wherever they are now),
    finds, tests and keep-apart relations. ``person`` was reached through a scoped read."""
    today = today or timezone.localdate()
    involvements = list(
        Involvement.objects.filter(person=person)
        .select_related("incident__unit")
        .order_by("-incident__occurred_at", "-id")
    )
    visible = set(
        incidents_visible_to(user)
        .filter(pk__in=[i.incident_id for i in involvements])
        .values_list("pk", flat=True)
    )
    relations = list(keep_apart_for(person))
    named = visible_names(user, {r.other_id(person.pk) for r in relations})
    return PersonSecurity(
        involvements=involvements,
        visible_incidents=visible,
        finds=list(person.contraband_finds.select_related("unit")),
        tests=list(person.drug_tests.select_related("unit")),
        keep_apart=[
            KeepApartRow(
                r,
                named.get(r.other_id(person.pk)),
                r.date_from <= today and (r.date_to is None or r.date_to >= today),
            )
            for r in relations
        ],
    )


def get_keep_apart_for_user(user: User, relation_id: int) -> KeepApart:
    """A relation one of whose persons the user may see; 404 otherwise."""
    visible = Person.objects.visible_to(user)
    relation = (
        KeepApart.objects.filter(Q(person_a__in=visible) | Q(person_b__in=visible))
        .filter(pk=relation_id)
        .first()
    )
    if relation is None:
        raise Http404
    return relation


# --- affiliation (callers check ``security.access_affiliations`` and log the read) ------------


def affiliations_of(person: Person) -> QuerySet[Affiliation]:
    return person.affiliations.select_related("group").order_by("-date_from", "-id")


def get_affiliation_for_user(user: User, affiliation_id: int) -> Affiliation:
    affiliation = (
        Affiliation.objects.filter(person__in=Person.objects.visible_to(user))
        .select_related("group", "person")
        .filter(pk=affiliation_id)
        .first()
    )
    if affiliation is None:
        raise Http404
    return affiliation


def groups_register() -> QuerySet[CriminalGroup]:
    return CriminalGroup.objects.order_by("name")


@dataclass
class GroupMembers:
    group: CriminalGroup
    named: list[Affiliation]  # affiliations of persons the user may see
    hidden: int  # how many other persons are affiliated (in force today)


def group_members(user: User, group: CriminalGroup, today: date | None = None) -> GroupMembers:
    """Affiliations with the group in force today: named when the person is visible."""
    today = today or timezone.localdate()
    current = (
        group.affiliations.filter(date_from__lte=today)
        .filter(Q(date_to__isnull=True) | Q(date_to__gte=today))
        .select_related("person")
    )
    visible = set(
        Person.objects.visible_to(user)
        .filter(pk__in=current.values("person_id"))
        .values_list("pk", flat=True)
    )
    rows = list(current)
    named = [a for a in rows if a.person_id in visible]
    hidden = len({a.person_id for a in rows if a.person_id not in visible})
    return GroupMembers(group, named, hidden)


def affiliation_reads(person: Person) -> QuerySet[AffiliationRead]:
    """Who looked at the person's affiliation data, newest first."""
    return AffiliationRead.objects.filter(person_id=person.pk).order_by("-at", "-id")


# --- conflicts (placement support, activity enrolment) ----------------------------------------


@dataclass
class Partners:
    """Persons the person conflicts with on a day: keep-apart relations (other id → scopes)
    and shared group affiliations (other id → group names)."""

    keep_apart: dict[int, set[str]] = field(default_factory=dict)
    groups: dict[int, set[str]] = field(default_factory=dict)

    @property
    def ids(self) -> set[int]:
        return set(self.keep_apart) | set(self.groups)


def _in_force_on(day: date) -> Q:
    return Q(date_from__lte=day) & (Q(date_to__isnull=True) | Q(date_to__gte=day))


def conflict_partners(person: Person, day: date) -> Partners:
    """Everyone the person must be kept apart from, or shares a group with, on ``day``
    (three queries). Unscoped: the caller decides what the user may be told."""
    partners = Partners()
    relations = KeepApart.objects.filter(_in_force_on(day)).filter(
        Q(person_a=person) | Q(person_b=person)
    )
    for a_id, b_id, scope in relations.values_list("person_a_id", "person_b_id", "scope"):
        other = b_id if a_id == person.pk else a_id
        partners.keep_apart.setdefault(other, set()).add(scope)
    own = list(
        Affiliation.objects.filter(_in_force_on(day), person=person).values_list(
            "group_id", flat=True
        )
    )
    if own:
        others = (
            Affiliation.objects.filter(_in_force_on(day), group_id__in=own)
            .exclude(person=person)
            .values_list("person_id", "group_id", "group__name")
        )
        rows: list[tuple[Any, ...]] = list(others)
        names = {group_id: name for _p, group_id, name in rows}
        shared = shared_groups(own, [(pid, gid) for pid, gid, _n in rows])
        partners.groups = {pid: {names[g] for g in gids} for pid, gids in shared.items()}
    return partners
