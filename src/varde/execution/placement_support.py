"""Placement decision support (issue 4 item 4): for a person and a date, the units with free
places of each security level for the person's sex, and what speaks for or against each.

- free places: places in force minus closures minus occupancy (the midnight count of
  ``execution.queries``), per unit, security level and sex of place (strgjfl § 10);
- home region: the person's postal code → region (``progression_rules.region_for_postal_code``);
- under 18 on the date → a youth unit (strgjfl § 11 last para; fsg § 3-4);
- sentence up to 2 years → lower security must be considered; up to 1 year → transitional
  housing (strgjfl § 11 fourth and fifth para), the length from the engine's key dates;
- keep apart: persons now at the unit who share a judgment's court and case number with the
  person (co-defendants). Only counted, never named: they may be outside the user's scope;
- conflicts from the security register (``security.queries.conflict_partners``): persons now
  at the unit the person must be kept apart from (scope unit: a conflict; department or cell:
  a caution, the unit can place them apart), and persons who share a group affiliation with
  the person (same group = conflict; rivalry is not modelled). Persons are named only when the
  viewer may see them, otherwise counted; group conflicts are named (group and person) only
  for viewers with ``security.access_affiliations``, whose seeing them is logged in the
  affiliation read log — others see "1 konflikt (gruppetilhørighet)".

A fixed number of queries whatever the number of units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q, Sum

from varde.execution.models import Stay
from varde.execution.progression_rules import (
    keep_apart,
    lower_security_presumption,
    region_for_postal_code,
    transitional_housing_considered,
)
from varde.execution.queries import current_stay, execution_facts, occupancy_on
from varde.organisation.choices import PRISON_KINDS, PlaceSex, RegionCode, SecurityLevel, UnitKind
from varde.organisation.models import Capacity, PlaceClosure, Unit
from varde.people.choices import Sex
from varde.people.rules import age_on
from varde.security.actions import record_affiliation_read
from varde.security.choices import KeepApartScope
from varde.security.queries import conflict_partners, visible_names
from varde.security.rules import CONFLICT, keep_apart_severity
from varde.sentencing.choices import CUSTODIAL_REACTIONS, OPEN_STATUSES, PREVENTIVE_REACTIONS
from varde.sentencing.models import Judgment
from varde.sentencing.queries import key_dates_for

if TYPE_CHECKING:
    from varde.organisation.models import User
    from varde.people.models import Person

ADULT_AGE = 18


KEEP_APART = "keep_apart"  # a registered keep-apart relation
GROUP = "group"  # a shared group affiliation


@dataclass
class Conflict:
    """Someone now at a unit whom the person conflicts with, as far as the viewer may know:
    ``person`` is None when outside the viewer's scope (or a group conflict the viewer may
    not see the details of); ``groups`` is empty unless the viewer may see affiliation."""

    kind: str  # KEEP_APART or GROUP
    severity: str  # rules.CONFLICT or rules.CAUTION
    scope: str = ""  # of a keep-apart relation (the narrowest if several)
    person: Person | None = None
    groups: list[str] = field(default_factory=list)

    @property
    def scope_label(self) -> str:
        return str(KeepApartScope(self.scope).label).lower() if self.scope else ""


@dataclass
class UnitOption:
    """Free places of one security level and sex of place at a unit, with the flags."""

    unit: Unit
    security_level: str
    sex: str
    free: int
    home_region: bool = False
    youth_unit: bool = False
    presumption: bool = False  # strgjfl § 11: this level must be considered for the sentence
    keep_apart: int = 0  # co-defendants now at the unit
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def level_label(self) -> str:
        return str(SecurityLevel(self.security_level).label)

    @property
    def sex_label(self) -> str:
        return str(PlaceSex(self.sex).label)

    def _of(self, kind: str, severity: str = CONFLICT) -> list[Conflict]:
        return [c for c in self.conflicts if c.kind == kind and c.severity == severity]

    @property
    def apart(self) -> list[Conflict]:
        """Persons here the person must be kept apart from at unit level."""
        return self._of(KEEP_APART)

    @property
    def cautions(self) -> list[Conflict]:
        """Persons here the person must not share a department or cell with."""
        return [c for c in self.conflicts if c.severity != CONFLICT]

    @property
    def group_conflicts(self) -> list[Conflict]:
        return self._of(GROUP)

    @property
    def blocked(self) -> bool:
        return self.keep_apart > 0 or any(c.severity == CONFLICT for c in self.conflicts)

    @property
    def score(self) -> int:
        """How many things speak for the option, minus conflicts (for ordering only)."""
        return (
            int(self.home_region)
            + int(self.youth_unit)
            + int(self.presumption)
            - 2 * int(self.blocked)
            - int(bool(self.cautions))
        )


@dataclass
class PlacementSupport:
    person: Person
    day: date
    age: int | None
    home_region: str | None
    judgment: Judgment | None
    total_days: int | None
    lower_security: bool
    transitional: bool
    conflicts: dict[str, set[int]] = field(default_factory=dict)
    options: list[UnitOption] = field(default_factory=list)
    affiliation_details: bool = False  # the viewer may see group names

    @property
    def register_conflicts(self) -> bool:
        """Whether any unit holds someone from the security register's conflicts."""
        return any(o.conflicts for o in self.options)

    @property
    def under_18(self) -> bool:
        return self.age is not None and self.age < ADULT_AGE

    @property
    def home_region_label(self) -> str:
        return str(RegionCode(self.home_region).label) if self.home_region else ""


def place_sexes(sex: str) -> frozenset[str]:
    """strgjfl § 10: the places a person may take: their own sex's and mixed ones."""
    if sex == Sex.FEMALE:
        return frozenset({PlaceSex.FEMALE, PlaceSex.ANY})
    if sex == Sex.MALE:
        return frozenset({PlaceSex.MALE, PlaceSex.ANY})
    return frozenset(PlaceSex.values)


def _free_places(day: date, sexes: frozenset[str]) -> dict[tuple[int, str, str], int]:
    """Free places per (unit, level, sex) of prison units on ``day`` (three queries)."""
    in_force = Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    prisons = Q(unit__kind__in=PRISON_KINDS, unit__is_active=True, sex__in=sexes)
    capacities = Capacity.objects.filter(in_force, prisons)
    closures = PlaceClosure.objects.filter(prisons, date_from__lte=day, date_to__gte=day)
    keys = ("unit_id", "security_level", "sex")
    places = {
        (r["unit_id"], r["security_level"], r["sex"]): r["n"]
        for r in capacities.values(*keys).annotate(n=Sum("places")).order_by()
    }
    closed = {
        (r["unit_id"], r["security_level"], r["sex"]): r["n"]
        for r in closures.values(*keys).annotate(n=Sum("places")).order_by()
    }
    occupied = occupancy_on(day)
    return {
        group: max(0, count - closed.get(group, 0)) - occupied.get(group, 0)
        for group, count in places.items()
    }


def _judgment_of(person: Person) -> Judgment | None:
    """The judgment the placement is for: the current stay's, else the newest open prison or
    preventive-detention judgment that heads its term."""
    stay = current_stay(person)
    if stay is not None and stay.judgment is not None:
        return stay.judgment
    return (
        Judgment.objects.filter(
            person=person,
            status__in=OPEN_STATUSES,
            reaction__in=CUSTODIAL_REACTIONS | PREVENTIVE_REACTIONS,
            combined_with__isnull=True,
        )
        .select_related("person")
        .order_by("-received_on", "-pk")
        .first()
    )


def _conflicts_by_unit(person: Person) -> tuple[dict[str, set[int]], dict[int, int]]:
    """Co-defendants now in prison: per shared case, and how many at each unit (two queries)."""
    own = list(Judgment.objects.filter(person=person).values_list("court", "case_number"))
    if not own:
        return {}, {}
    same_case = Q(pk__in=[])
    for court, number in own:
        same_case |= Q(person__judgments__court=court, person__judgments__case_number=number)
    rows = (
        Stay.objects.filter(same_case, released_at__isnull=True)
        .exclude(person=person)
        .values_list(
            "unit_id", "person_id", "person__judgments__court", "person__judgments__case_number"
        )
    )
    found = list(rows)
    cases = keep_apart(own, [(pid, court, number) for _u, pid, court, number in found])
    matching = {pid for pids in cases.values() for pid in pids}
    per_unit: dict[int, set[int]] = {}
    for unit_id, pid, _court, _number in found:
        if pid in matching:
            per_unit.setdefault(unit_id, set()).add(pid)
    return cases, {unit_id: len(pids) for unit_id, pids in per_unit.items()}


def _register_conflicts(
    person: Person, day: date, viewer: User | None, details: bool
) -> dict[int, list[Conflict]]:
    """Conflicts from the security register per unit where the other person now is (two to
    five queries: relations, affiliations, stays, and the names the viewer may see)."""
    partners = conflict_partners(person, day)
    if not partners.ids:
        return {}
    at_units = list(
        Stay.objects.filter(person_id__in=partners.ids, released_at__isnull=True).values_list(
            "unit_id", "person_id"
        )
    )
    named = visible_names(viewer, {pid for _u, pid in at_units})
    per_unit: dict[int, list[Conflict]] = {}
    for unit_id, pid in at_units:
        found = per_unit.setdefault(unit_id, [])
        scopes = partners.keep_apart.get(pid)
        if scopes:
            scope = _widest(scopes)
            found.append(Conflict(KEEP_APART, keep_apart_severity(scope), scope, named.get(pid)))
        groups = partners.groups.get(pid)
        if groups:
            shown = named.get(pid) if details else None
            found.append(Conflict(GROUP, CONFLICT, "", shown, sorted(groups) if details else []))
    return per_unit


def _widest(scopes: set[str]) -> str:
    """Of several relations between the same two persons, the widest scope counts."""
    for scope in (KeepApartScope.UNIT, KeepApartScope.DEPARTMENT, KeepApartScope.CELL):
        if scope in scopes:
            return scope
    return next(iter(scopes))


def _log_affiliation_read(
    support: PlacementSupport, viewer: User | None, channel: str, path: str
) -> None:
    """A viewer who was shown group names has read the affiliation of the person and of each
    person named beside a group."""
    if viewer is None or not support.affiliation_details:
        return
    shown = [c for o in support.options for c in o.group_conflicts]
    if shown:
        persons = {support.person.pk} | {c.person.pk for c in shown if c.person is not None}
        record_affiliation_read(
            actor=viewer, persons=persons, channel=channel, path=path, purpose="placement"
        )


def _presumed(support: PlacementSupport, level: str) -> bool:
    """strgjfl § 11: lower security for sentences up to 2 years, transitional housing up to 1."""
    if level == SecurityLevel.LOWER:
        return support.lower_security
    return level == SecurityLevel.TRANSITIONAL and support.transitional


def placement_support(
    person: Person,
    day: date,
    viewer: User | None = None,
    *,
    channel: str = "web",
    path: str = "",
) -> PlacementSupport:
    """Candidate places for ``person`` on ``day`` with the flags of the module docstring,
    best first (most flags, then most free places). ``viewer`` decides which conflicting
    persons and groups are named (none without a viewer); when group names are shown, the
    read is logged with ``channel`` and ``path``."""
    judgment = _judgment_of(person)
    total = None
    if judgment is not None and judgment.reaction in CUSTODIAL_REACTIONS:
        start, periods = execution_facts(judgment)
        total = key_dates_for(judgment, start=start or day, non_counting_periods=periods).total_days
    support = PlacementSupport(
        person,
        day,
        age_on(person.birth_date, day) if person.birth_date else None,
        region_for_postal_code(person.postal_code),
        judgment,
        total,
        bool(total and lower_security_presumption(total, day)),
        bool(total and transitional_housing_considered(total, day)),
    )
    support.conflicts, per_unit = _conflicts_by_unit(person)
    support.affiliation_details = bool(
        viewer is not None and viewer.has_perm("security.access_affiliations")
    )
    register = _register_conflicts(person, day, viewer, support.affiliation_details)
    free = {g: n for g, n in _free_places(day, place_sexes(person.sex)).items() if n > 0}
    units = Unit.objects.filter(pk__in={g[0] for g in free}).select_related("region").in_bulk()
    for (unit_id, level, sex), count in free.items():
        unit = units[unit_id]
        support.options.append(
            UnitOption(
                unit,
                level,
                sex,
                count,
                home_region=unit.region.code == support.home_region,
                youth_unit=support.under_18 and unit.kind == UnitKind.YOUTH_UNIT,
                presumption=_presumed(support, level),
                keep_apart=per_unit.get(unit_id, 0),
                conflicts=register.get(unit_id, []),
            )
        )
    support.options.sort(key=lambda o: (-o.score, -o.free, o.unit.name, o.security_level))
    _log_affiliation_read(support, viewer, channel, path)
    return support
