"""The organisation seed: real structure, realistic places, and idempotent re-runs."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from varde.organisation import seed_data
from varde.organisation.choices import PRISON_KINDS, PlaceSex, UnitKind
from varde.organisation.models import Capacity, Region, Unit
from varde.organisation.queries import capacity_on
from varde.organisation.seed import seed_organisation, validate_seed_data

pytestmark = pytest.mark.django_db

DAY = date(2025, 1, 1)
# The 2024 annual report: 3,033 inmates on average at 87 % utilisation → ~3,490 places.
REALISTIC_PLACES = range(3300, 3701)


def _state() -> list[tuple[object, ...]]:
    units = list(
        Unit.objects.order_by("code").values_list(
            "code", "name", "kind", "region__code", "parent__code", "city", "postal_code"
        )
    )
    capacities = list(
        Capacity.objects.order_by("unit__code", "security_level", "sex", "valid_from").values_list(
            "unit__code", "security_level", "sex", "places", "valid_from", "valid_to"
        )
    )
    return [*units, *capacities]


def test_seed_data_is_consistent():
    validate_seed_data()


def test_five_regions_with_their_names():
    seed_organisation()
    assert dict(Region.objects.values_list("code", "name")) == {
        "nord": "Region nord",
        "vest": "Region vest",
        "sorvest": "Region sørvest",
        "sor": "Region sør",
        "ost": "Region øst",
    }


@pytest.mark.parametrize(
    ("code", "name", "kind", "region"),
    [
        ("oslo-fengsel", "Oslo fengsel", UnitKind.PRISON_HIGH, "ost"),
        ("bergen-fengsel", "Bergen fengsel", UnitKind.PRISON_HIGH, "vest"),
        ("oslo-friomsorgskontor", "Oslo friomsorgskontor", UnitKind.PROBATION_OFFICE, "ost"),
    ],
)
def test_fixed_codes_other_code_depends_on(code, name, kind, region):
    seed_organisation()
    unit = Unit.objects.get(code=code)
    assert (unit.name, unit.kind, unit.region.code) == (name, kind, region)
    assert unit.parent is None


def test_fixed_prisons_are_in_their_cities():
    seed_organisation()
    assert Unit.objects.get(code="oslo-fengsel").city == "Oslo"
    assert Unit.objects.get(code="bergen-fengsel").city == "Bergen"


def test_total_places_are_realistic_and_youth_units_have_ten(capsys):
    seed_organisation()
    rows = capacity_on(DAY)
    total = sum(row.total for row in rows)
    by_region = Counter[str]()
    for row in rows:
        by_region[row.unit.region.code] += row.total
    with capsys.disabled():
        print(
            f"\nPrison places on {DAY}: {total} "
            + ", ".join(f"{code} {places}" for code, places in sorted(by_region.items()))
        )
    assert total in REALISTIC_PLACES
    youth = sum(row.total for row in rows if row.unit.kind == UnitKind.YOUTH_UNIT)
    assert youth == 10
    assert all(row.unit.kind in PRISON_KINDS for row in rows)


def test_places_by_security_level_are_plausible():
    seed_organisation()
    levels = Counter[str]()
    for row in capacity_on(DAY):
        levels.update(row.by_level)
    assert levels["high"] > levels["lower"] > levels["transitional"] > 0
    # Most places in Norway are at high security (about two thirds).
    assert 0.6 < levels["high"] / sum(levels.values()) < 0.8


def test_some_units_have_places_for_women():
    seed_organisation()
    women = Capacity.objects.filter(sex=PlaceSex.FEMALE)
    assert women.values("unit").distinct().count() >= 3
    assert 100 < sum(women.values_list("places", flat=True)) < 400


def test_every_region_has_a_prison_and_a_probation_office():
    seed_organisation()
    for region in Region.objects.all():
        units = Unit.objects.filter(region=region)
        prisons = units.filter(kind__in=PRISON_KINDS, capacities__isnull=False)
        assert prisons.exists(), region.code
        assert units.filter(kind=UnitKind.PROBATION_OFFICE).exists(), region.code


def test_the_services_nd_centres_and_control_centre_exist():
    seed_organisation()
    nd_cities = set(Unit.objects.filter(kind=UnitKind.ND_CENTRE).values_list("city", flat=True))
    assert nd_cities == {"Oslo", "Bergen"}
    assert Unit.objects.filter(kind=UnitKind.CONTROL_CENTRE).count() == 1
    assert Unit.objects.filter(kind=UnitKind.PROBATION_OFFICE).count() >= 15


def test_departments_share_their_prisons_region_and_parents_hold_no_places():
    seed_organisation()
    departments = Unit.objects.filter(parent__isnull=False).select_related("parent")
    assert departments.exists()
    for unit in departments:
        assert unit.region_id == unit.parent.region_id, unit.code
        assert unit.parent.parent_id is None, unit.code
    parents = Unit.objects.filter(departments__isnull=False).distinct()
    split_sites = {"romerike-fengsel", "agder-fengsel", "kriminalomsorgen-innlandet"}
    assert not Capacity.objects.filter(unit__code__in=split_sites).exists()
    assert split_sites <= set(parents.values_list("code", flat=True))


def test_second_run_changes_nothing_and_creates_no_duplicates():
    first = seed_organisation()
    assert first.changed
    assert first.units_created == Unit.objects.count()
    assert first.capacities_created == len(seed_data.CAPACITIES) == Capacity.objects.count()
    before = _state()
    second = seed_organisation()
    assert not second.changed
    assert second.capacities_unchanged == len(seed_data.CAPACITIES)
    assert second.total_places == first.total_places
    assert _state() == before
    codes = list(Unit.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    assert Region.objects.count() == 5


def test_existing_units_are_updated_in_place(org):
    """Units made before the seed (e.g. by the test fixture) keep their ids."""
    ila_id, oslo_id = org.ila.pk, org.oslo.pk
    result = seed_organisation()
    assert result.regions_created == 3
    assert Unit.objects.get(code="oslo-fengsel").pk == oslo_id
    ila = Unit.objects.get(code="ila")
    assert ila.pk == ila_id and ila.city == "Eiksmarka" and ila.postal_code == "1359"
    # The fixture's 2020 row is ended the day before the seed's, not deleted.
    history = list(ila.capacities.order_by("valid_from").values_list("places", "valid_to"))
    assert history == [(120, date(2023, 12, 31)), (124, None)]
    assert not seed_organisation().changed


def test_changed_places_end_the_old_row_and_keep_history(monkeypatch):
    seed_organisation()
    changed = tuple(
        (code, level, sex, 250 if code == "oslo-fengsel" else places)
        for code, level, sex, places in seed_data.CAPACITIES
    )
    monkeypatch.setattr(seed_data, "CAPACITIES", changed)
    result = seed_organisation(valid_from=date(2025, 6, 1))
    assert (result.capacities_ended, result.capacities_created) == (1, 1)
    assert result.capacities_unchanged == len(changed) - 1
    oslo = Unit.objects.filter(code="oslo-fengsel")
    assert capacity_on(date(2025, 5, 31), oslo)[0].total == 243
    assert capacity_on(date(2025, 6, 1), oslo)[0].total == 250
    assert not seed_organisation(valid_from=date(2025, 6, 1)).changed


def test_places_dropped_from_the_data_are_ended(monkeypatch):
    seed_organisation()
    kept = tuple(row for row in seed_data.CAPACITIES if row[0] != "vadso-fengsel")
    monkeypatch.setattr(seed_data, "CAPACITIES", kept)
    result = seed_organisation(valid_from=date(2025, 1, 1))
    assert result.capacities_ended == 1
    vadso = Unit.objects.filter(code="vadso-fengsel")
    # A unit with no places in force is no longer listed in the capacity overview.
    assert capacity_on(date(2025, 1, 1), vadso) == []
    assert [row.total for row in capacity_on(date(2024, 12, 31), vadso)] != [0]
    assert capacity_on(date(2024, 12, 31), vadso)[0].total == 26


def test_invalid_data_is_refused_before_anything_is_written(monkeypatch):
    monkeypatch.setattr(
        seed_data, "CAPACITIES", (*seed_data.CAPACITIES, ("no-such-unit", "high", "male", 1))
    )
    with pytest.raises(ValueError, match="no-such-unit"):
        seed_organisation()
    assert not Region.objects.exists()
