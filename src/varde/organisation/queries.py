"""Reads of the organisation: units and their capacity on a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from varde.organisation.choices import Scope
from varde.organisation.models import Capacity, PlaceClosure, Unit, User
from varde.organisation.rules import PlacePeriod, places_by_level, places_on


@dataclass(frozen=True)
class UnitCapacity:
    unit: Unit
    by_level: dict[str, int]
    closed: int

    @property
    def total(self) -> int:
        return sum(self.by_level.values())


def _periods_of(unit: Unit) -> tuple[list[PlacePeriod], list[PlacePeriod]]:
    capacities = [
        PlacePeriod(c.security_level, c.sex, c.places, c.valid_from, c.valid_to)
        for c in unit.capacities.all()
    ]
    closures = [
        PlacePeriod(c.security_level, c.sex, c.places, c.date_from, c.date_to)
        for c in unit.closures.all()
    ]
    return capacities, closures


def capacity_on(day: date, units: QuerySet[Unit] | None = None) -> list[UnitCapacity]:
    """Open places per security level at each unit with places, on ``day`` (two queries in
    all: capacities and closures in force that day are prefetched)."""
    units = (units if units is not None else Unit.objects.all()).select_related("region")
    in_force = Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    has_places = Capacity.objects.filter(in_force, unit_id=OuterRef("pk"))
    units = units.filter(Exists(has_places)).prefetch_related(
        Prefetch("capacities", queryset=Capacity.objects.filter(in_force)),
        Prefetch(
            "closures",
            queryset=PlaceClosure.objects.filter(date_from__lte=day, date_to__gte=day),
        ),
    )
    rows = []
    for unit in units:
        capacities, closures = _periods_of(unit)
        full = places_by_level(places_on(day, capacities, []))
        open_now = places_by_level(places_on(day, capacities, closures))
        rows.append(UnitCapacity(unit, open_now, sum(full.values()) - sum(open_now.values())))
    return rows


def units_for_listing() -> QuerySet[Unit]:
    return Unit.objects.select_related("region", "parent").filter(is_active=True)


def units_assignable_by(user: User) -> QuerySet[Unit]:
    """Units a user may make responsible for a person they register: their own unit and its
    departments (unit scope), the units of their region (region scope), or every active unit
    (national scope)."""
    units = Unit.objects.filter(is_active=True).select_related("region")
    if user.scope == Scope.NATIONAL:
        return units
    if user.scope == Scope.REGION and user.region_id:
        return units.filter(region_id=user.region_id)
    if user.scope == Scope.UNIT and user.unit_id:
        return units.filter(Q(pk=user.unit_id) | Q(parent_id=user.unit_id))
    return units.none()
