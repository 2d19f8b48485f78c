"""Placement decision support (issue 4 item 4): free places per unit, level and sex, and the
flags (home region, youth unit, strgjfl § 11 presumptions, keep apart)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_person
from tests.execution.conftest import admit
from tests.sentencing.judgments import prison_fields
from varde.execution.placement_support import place_sexes, placement_support
from varde.execution.progression_rules import keep_apart, region_for_postal_code
from varde.organisation.choices import PlaceSex, SecurityLevel, UnitKind
from varde.organisation.models import Capacity, PlaceClosure, Unit
from varde.sentencing.actions import do_register_judgment

D = date.fromisoformat
DAY = D("2025-03-10")


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("0150", "ost"),
        ("1440", "ost"),
        ("2317", "ost"),
        ("3015", "sor"),
        ("4006", "sorvest"),
        ("4631", "sorvest"),
        ("5501", "sorvest"),
        ("5003", "vest"),
        ("6002", "vest"),
        ("7010", "nord"),
        ("9008", "nord"),
        ("", None),
        ("SE-1", None),
        ("123", None),
    ],
)
def test_region_for_postal_code(code, region):
    assert region_for_postal_code(code) == region


def test_keep_apart_matches_court_and_case_number():
    own = [("Oslo tingrett", "25-1"), ("Borgarting", "25-9")]
    others = [(2, "Oslo tingrett", "25-1"), (3, "oslo tingrett ", "25-1"), (4, "Bergen", "25-1")]
    assert keep_apart(own, others) == {"Oslo tingrett 25-1": {2}, "oslo tingrett  25-1": {3}}


def test_place_sexes():
    assert place_sexes("female") == {PlaceSex.FEMALE, PlaceSex.ANY}
    assert place_sexes("male") == {PlaceSex.MALE, PlaceSex.ANY}
    assert place_sexes("unknown") == set(PlaceSex.values)


@pytest.fixture
def units(org):
    """A lower-security prison and a transitional house in øst, a youth unit in vest."""
    made = {}
    for code, kind, level, region in (
        ("lower", UnitKind.PRISON_LOWER, SecurityLevel.LOWER, org.ost),
        ("house", UnitKind.TRANSITIONAL_HOUSING, SecurityLevel.TRANSITIONAL, org.ost),
        ("youth", UnitKind.YOUTH_UNIT, SecurityLevel.HIGH, org.vest),
    ):
        unit = Unit.objects.create(code=code, name=f"Enhet {code}", kind=kind, region=region)
        Capacity.objects.create(
            unit=unit, security_level=level, sex=PlaceSex.ANY, places=2, valid_from=D("2020-01-01")
        )
        made[code] = unit
    return made


@pytest.fixture
def convicted(org):
    person = make_person("Nils", "Nykommer", D("1988-04-02"), seed=11, postal_code="0150")
    do_register_judgment(person, actor=None, **prison_fields())
    return person


def _option(support, unit, level=None):
    return next(
        o
        for o in support.options
        if o.unit == unit and (level is None or o.security_level == level)
    )


def test_flags_for_a_nine_month_sentence(org, units, convicted):
    support = placement_support(convicted, DAY)
    assert (support.age, support.under_18, support.home_region) == (36, False, "ost")
    assert support.total_days == 275
    assert support.lower_security and support.transitional
    lower, house = _option(support, units["lower"]), _option(support, units["house"])
    assert lower.presumption and lower.home_region and house.presumption
    oslo, bergen = _option(support, org.oslo), _option(support, org.bergen)
    assert oslo.home_region and not oslo.presumption and oslo.free == 240
    assert not bergen.home_region
    # best first: lower security and transitional housing in the home region
    assert {support.options[0].unit, support.options[1].unit} == {units["lower"], units["house"]}
    assert support.options[-1].unit in {org.bergen, units["youth"]}


def test_two_years_is_lower_security_only(org, units):
    person = make_person("To", "Aar", D("1980-01-01"), seed=41)
    do_register_judgment(person, actor=None, **prison_fields(term_months=0, term_years=2))
    support = placement_support(person, DAY)
    assert support.lower_security and not support.transitional
    assert _option(support, units["lower"]).presumption
    assert not _option(support, units["house"]).presumption
    longer = make_person("Tre", "Aar", D("1980-01-01"), seed=42)
    do_register_judgment(longer, actor=None, **prison_fields(term_months=1, term_years=2))
    assert not placement_support(longer, DAY).lower_security


def test_under_18_points_to_a_youth_unit(org, units):
    child = make_person("Unge", "Ung", D("2008-06-01"), seed=43, postal_code="5003")
    do_register_judgment(child, actor=None, **prison_fields())
    support = placement_support(child, DAY)
    assert support.under_18 and support.home_region == "vest"
    youth = _option(support, units["youth"])
    assert youth.youth_unit and youth.home_region
    assert support.options[0] == youth
    assert not _option(support, org.bergen).youth_unit


def test_free_places_count_occupancy_closures_and_sex(org, units, convicted):
    today = timezone.localdate()
    Capacity.objects.create(
        unit=org.bergen,
        security_level="high",
        sex=PlaceSex.FEMALE,
        places=5,
        valid_from=D("2020-01-01"),
    )
    closure = PlaceClosure.objects.create(
        unit=units["lower"],
        security_level="lower",
        sex=PlaceSex.ANY,
        places=1,
        date_from=today - timedelta(days=10),
        date_to=today + timedelta(days=10),
        reason="Vedlikehold",
    )
    other = make_person("Opp", "Tatt", D("1980-01-01"), seed=44)
    admit(other, units["lower"], security_level="lower", days_ago=1)
    support = placement_support(convicted, today)
    assert units["lower"] not in {o.unit for o in support.options}  # 2 − 1 closed − 1 taken
    assert all(o.sex in {"male", "any"} for o in support.options)  # no women's places
    after = placement_support(convicted, closure.date_to + timedelta(days=1))
    assert _option(after, units["lower"]).free == 1


def test_keep_apart_counts_co_defendants_at_a_unit(org, units, convicted):
    co = make_person("Med", "Siktet", D("1985-01-01"), seed=45)
    j = do_register_judgment(co, actor=None, **prison_fields())  # same court and case number
    admit(co, org.oslo, judgment=j)
    stranger = make_person("An", "Nen", D("1985-01-01"), seed=46)
    j2 = do_register_judgment(stranger, actor=None, **prison_fields(case_number="25-999"))
    admit(stranger, org.bergen, judgment=j2)
    support = placement_support(convicted, timezone.localdate())
    assert support.conflicts == {"Oslo tingrett 24-123456MED-OTIR/01": {co.pk}}
    assert _option(support, org.oslo).keep_apart == 1
    assert _option(support, org.bergen).keep_apart == 0
    assert support.options[-1].unit == org.oslo  # a conflict sorts last


def test_query_count_does_not_grow_with_units(org, units, convicted, django_assert_num_queries):
    with django_assert_num_queries(11):
        placement_support(convicted, DAY)
    for n in range(5):
        unit = Unit.objects.create(code=f"x{n}", name=f"X{n}", kind="prison_high", region=org.ost)
        Capacity.objects.create(unit=unit, security_level="high", places=3, valid_from=DAY)
    with django_assert_num_queries(11):
        assert len(placement_support(convicted, DAY).options) == 11


def test_without_judgment_or_postal_code(org, units):
    person = make_person("Ingen", "Dom", D("1980-01-01"), seed=47)
    support = placement_support(person, DAY)
    assert support.judgment is None and support.total_days is None
    assert not support.lower_security and support.home_region is None
    assert support.options


# --- page and API ----------------------------------------------------------------------


@pytest.fixture
def inmate(people, org):
    do_register_judgment(people.oslo_inmate, actor=None, **prison_fields())
    return people.oslo_inmate


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("rune", 200), ("bob", 404), ("anna", 403)]
)
def test_page_scoping(inmate, personas, login, who, status):
    url = reverse("progression:placement", args=[inmate.pk])
    assert login(getattr(personas, who)).get(url).status_code == status


def test_page_shows_options_and_is_logged(inmate, org, personas, login):
    from varde.audit.models import AccessLog

    url = reverse("progression:placement", args=[inmate.pk])
    page = login(personas.alice).get(url, {"dato": "2025-03-10"}).content.decode()
    assert "Oslo fengsel" in page and 'data-flag="lower"' in page
    assert AccessLog.objects.filter(person=inmate, path=url).exists()
    person_page = login(personas.alice).get(reverse("people:detail", args=[inmate.pk]))
    assert url in person_page.content.decode()


def test_api_placement_options(inmate, org, personas, login):
    client = login(personas.alice)
    response = client.get("/api/placement-options/", {"person": inmate.pk, "date": "2025-03-10"})
    assert response.status_code == 200
    data = response.json()
    assert data["total_days"] == 275 and data["lower_security"] and data["transitional"]
    oslo = next(o for o in data["options"] if o["unit"] == org.oslo.pk)
    assert oslo["free"] == 240 and oslo["security_level"] == "high"
    assert (
        client.get("/api/placement-options/", {"person": inmate.pk, "date": "x"}).status_code == 400
    )
    assert client.get("/api/placement-options/").status_code == 400


@pytest.mark.parametrize(("who", "status"), [("bob", 404), ("anna", 403)])
def test_api_placement_scoping(inmate, personas, login, who, status):
    response = login(getattr(personas, who)).get("/api/placement-options/", {"person": inmate.pk})
    assert response.status_code == status
