"""Load the real organisation (``seed_data``) into the database, idempotently.

Regions and units are matched by code and updated in place, so their ids (and the staff and
cases pointing at them) survive a re-run. The seed owns the places of the units it defines:
for each (unit, security level, sex) the capacity in force from ``valid_from`` is made to
match the data. A row that already matches is left alone; a row that started earlier is
ended the day before ``valid_from`` (history is kept); a row that starts on or after
``valid_from`` is replaced. Units that are not in the data are never touched.

Organisation data is not personal data, so this writes through the ORM without audit rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q

from varde.organisation import seed_data
from varde.organisation.choices import PlaceSex, RegionCode, SecurityLevel, UnitKind
from varde.organisation.models import Capacity, Region, Unit

CapacityKey = tuple[str, str]  # (security level, sex)


@dataclass
class SeedResult:
    """What a run changed. A second run with the same data reports no changes."""

    regions_created: int = 0
    regions_updated: int = 0
    units_created: int = 0
    units_updated: int = 0
    capacities_created: int = 0
    capacities_ended: int = 0
    capacities_deleted: int = 0
    capacities_unchanged: int = 0
    places: dict[str, int] = field(default_factory=dict)  # region code -> seeded places

    @property
    def changed(self) -> bool:
        return any(
            (
                self.regions_created,
                self.regions_updated,
                self.units_created,
                self.units_updated,
                self.capacities_created,
                self.capacities_ended,
                self.capacities_deleted,
            )
        )

    @property
    def total_places(self) -> int:
        return sum(self.places.values())


@dataclass(frozen=True)
class _UnitRow:
    code: str
    name: str
    kind: str
    region: str
    parent: str | None
    city: str


def unit_rows() -> list[_UnitRow]:
    """Units then departments, parents always before their departments."""
    rows = [
        _UnitRow(code, name, kind, region, None, city)
        for code, name, kind, region, city in seed_data.UNITS
    ]
    region_of = {row.code: row.region for row in rows}
    for parent, departments in seed_data.DEPARTMENTS.items():
        for code, name, kind, city in departments:
            rows.append(_UnitRow(code, name, kind, region_of.get(parent, ""), parent, city))
    return rows


def validate_seed_data() -> None:
    """Raise ``ValueError`` listing every inconsistency in ``seed_data``."""
    problems: list[str] = []
    rows = unit_rows()
    codes = [row.code for row in rows]
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            problems.append(f"duplicate unit code {code!r}")
        seen.add(code)
    region_codes = [code for code, _name in seed_data.REGIONS]
    if sorted(region_codes) != sorted(RegionCode.values):
        problems.append(f"regions {region_codes} do not match RegionCode")
    top_level = {code for code, *_rest in seed_data.UNITS}
    for parent in seed_data.DEPARTMENTS:
        if parent not in top_level:
            problems.append(f"departments of unknown unit {parent!r}")
    for row in rows:
        if row.kind not in UnitKind.values:
            problems.append(f"{row.code}: unknown kind {row.kind!r}")
        if row.region not in RegionCode.values:
            problems.append(f"{row.code}: unknown region {row.region!r}")
    for code in seed_data.ADDRESSES:
        if code not in seen:
            problems.append(f"address for unknown unit {code!r}")
    keys: set[tuple[str, str, str]] = set()
    for code, level, sex, places in seed_data.CAPACITIES:
        if code not in seen:
            problems.append(f"capacity for unknown unit {code!r}")
        if level not in SecurityLevel.values or sex not in PlaceSex.values:
            problems.append(f"{code}: unknown level/sex {level!r}/{sex!r}")
        if places <= 0:
            problems.append(f"{code}: places must be positive, got {places}")
        if (code, level, sex) in keys:
            problems.append(f"{code}: duplicate capacity {level}/{sex}")
        keys.add((code, level, sex))
    if problems:
        raise ValueError("Invalid organisation seed data: " + "; ".join(problems))


@transaction.atomic
def seed_organisation(valid_from: date = date(2024, 1, 1)) -> SeedResult:
    """Create or update regions, units and their places from ``seed_data`` (one transaction)."""
    validate_seed_data()
    result = SeedResult()
    regions = _seed_regions(result)
    units = _seed_units(regions, result)
    _seed_capacities(units, valid_from, result)
    return result


def _seed_regions(result: SeedResult) -> dict[str, Region]:
    existing = {region.code: region for region in Region.objects.all()}
    regions: dict[str, Region] = {}
    for code, name in seed_data.REGIONS:
        region = existing.get(code)
        if region is None:
            region = Region.objects.create(code=code, name=name)
            result.regions_created += 1
        elif region.name != name:
            region.name = name
            region.save(update_fields=["name"])
            result.regions_updated += 1
        regions[code] = region
    return regions


def _seed_units(regions: dict[str, Region], result: SeedResult) -> dict[str, Unit]:
    rows = unit_rows()
    existing = {unit.code: unit for unit in Unit.objects.filter(code__in=[r.code for r in rows])}
    units: dict[str, Unit] = {}
    for row in rows:
        street, postal_code = seed_data.ADDRESSES.get(row.code, ("", ""))
        wanted: dict[str, object] = {
            "name": row.name,
            "kind": row.kind,
            "region_id": regions[row.region].pk,
            "parent_id": units[row.parent].pk if row.parent else None,
            "street_address": street,
            "postal_code": postal_code,
            "city": row.city,
        }
        unit = existing.get(row.code)
        if unit is None:
            unit = Unit.objects.create(code=row.code, **wanted)
            result.units_created += 1
        else:
            changed = [name for name, value in wanted.items() if getattr(unit, name) != value]
            if changed:
                for name in changed:
                    setattr(unit, name, wanted[name])
                unit.save(update_fields=changed)
                result.units_updated += 1
        units[row.code] = unit
    return units


def _seed_capacities(units: dict[str, Unit], valid_from: date, result: SeedResult) -> None:
    wanted: dict[str, dict[CapacityKey, int]] = {code: {} for code in units}
    region_of = {row.code: row.region for row in unit_rows()}
    for code, level, sex, places in seed_data.CAPACITIES:
        wanted[code][(level, sex)] = places
        region = region_of[code]
        result.places[region] = result.places.get(region, 0) + places
    # Rows of the seeded units that are in force on or after valid_from.
    current: dict[int, dict[CapacityKey, list[Capacity]]] = defaultdict(lambda: defaultdict(list))
    open_after = Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    for row in Capacity.objects.filter(open_after, unit__in=units.values()).order_by("pk"):
        current[row.unit_id][(row.security_level, row.sex)].append(row)
    for code, by_key in wanted.items():
        unit = units[code]
        rows = current[unit.pk]
        for key in sorted(set(rows) | set(by_key)):
            target = by_key.get(key)
            existing = rows.get(key, [])
            if target is not None and _matches(existing, target, valid_from):
                result.capacities_unchanged += 1
                continue
            for row in existing:
                if row.valid_from < valid_from:
                    row.valid_to = valid_from - timedelta(days=1)
                    row.save(update_fields=["valid_to"])
                    result.capacities_ended += 1
                else:
                    row.delete()
                    result.capacities_deleted += 1
            if target is not None:
                Capacity.objects.create(
                    unit=unit,
                    security_level=key[0],
                    sex=key[1],
                    places=target,
                    valid_from=valid_from,
                )
                result.capacities_created += 1


def _matches(rows: list[Capacity], places: int, valid_from: date) -> bool:
    """One open-ended row with the same places, already in force on ``valid_from``."""
    return (
        len(rows) == 1
        and rows[0].valid_to is None
        and rows[0].places == places
        and rows[0].valid_from <= valid_from
    )
