"""Counts per unit and year by kind: incidents, contraband finds and drug tests (the
"security situation" of the annual report; the statistics issue reuses these).

Aggregated in the database, one grouped query each; the year is the Norwegian calendar year
of the event (the current time zone, Europe/Oslo). No persons, so analysts may see them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from varde.organisation.models import Unit
from varde.security.models import ContrabandFind, DrugTest, Incident


@dataclass(frozen=True, order=True)
class CountRow:
    unit_id: int
    year: int
    kind: str
    count: int


def _counts(
    rows: QuerySet[Any],
    time_field: str,
    kind_field: str,
    *,
    years: Iterable[int] | None,
    units: QuerySet[Unit] | None,
) -> list[CountRow]:
    rows = rows.annotate(year=ExtractYear(time_field))
    if years is not None:
        rows = rows.filter(year__in=list(years))
    if units is not None:
        rows = rows.filter(unit__in=units)
    grouped = rows.values("unit_id", "year", kind_field).annotate(n=Count("id")).order_by()
    return sorted(CountRow(r["unit_id"], r["year"], r[kind_field], r["n"]) for r in grouped)


def incident_counts(
    *, years: Iterable[int] | None = None, units: QuerySet[Unit] | None = None
) -> list[CountRow]:
    """Incidents per (unit, year, kind)."""
    return _counts(Incident.objects.all(), "occurred_at", "kind", years=years, units=units)


def find_counts(
    *, years: Iterable[int] | None = None, units: QuerySet[Unit] | None = None
) -> list[CountRow]:
    """Contraband finds per (unit, year, kind)."""
    return _counts(ContrabandFind.objects.all(), "found_at", "kind", years=years, units=units)


def drug_test_counts(
    *, years: Iterable[int] | None = None, units: QuerySet[Unit] | None = None
) -> list[CountRow]:
    """Drug tests per (unit, year, result): taken (awaiting), negative, positive, refused."""
    return _counts(DrugTest.objects.all(), "taken_at", "result", years=years, units=units)


@dataclass
class CountTable:
    """Counts laid out for a page: one line per unit, one column per kind, with totals."""

    title: str
    kinds: list[tuple[str, str]]  # (code, label)
    lines: list[tuple[Unit, list[int], int]] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    total: int = 0


def count_table(title: str, rows: list[CountRow], kinds: Any, units: dict[int, Unit]) -> CountTable:
    """Lay out the rows of one year (kinds: a TextChoices class)."""
    codes = [(str(code), str(label)) for code, label in kinds.choices]
    per_unit: dict[int, dict[str, int]] = {}
    for row in rows:
        per_unit.setdefault(row.unit_id, {})[row.kind] = row.count
    table = CountTable(title, codes)
    for unit_id, by_kind in sorted(per_unit.items(), key=lambda item: units[item[0]].name):
        values = [by_kind.get(code, 0) for code, _label in codes]
        table.lines.append((units[unit_id], values, sum(values)))
    table.totals = [sum(line[1][i] for line in table.lines) for i in range(len(codes))]
    table.total = sum(table.totals)
    return table
