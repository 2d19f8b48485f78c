"""Placement decision support (issue 4 item 4): free places per unit, level and sex, and the
flags (home region, youth unit, strgjfl § 11 presumptions, keep apart)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_person
from tests.execution.conftest import admit
from tests.sentencing.judgments import prison_fields
from varde.execution.placement_support import place_sexes, placement_support
from varde.execution.progression_rules import keep_apart, region_for_postal_code
from varde.organisation.choices import PlaceSex, Role, Scope, SecurityLevel, UnitKind
from varde.organisation.models import Capacity, PlaceClosure, Unit, User
from varde.people.models import Person
from varde.security.actions import (
    do_end_affiliation,
    do_end_keep_apart,
    do_register_affiliation,
    do_register_group,
    do_register_keep_apart,
    do_set_clearance,
)
from varde.security.models import Affiliation, AffiliationRead, KeepApart
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
    # 11 for places and flags, 2 for the security register (relations, own affiliations)
    with django_assert_num_queries(13):
        placement_support(convicted, DAY)
    for n in range(5):
        unit = Unit.objects.create(code=f"x{n}", name=f"X{n}", kind="prison_high", region=org.ost)
        Capacity.objects.create(unit=unit, security_level="high", places=3, valid_from=DAY)
    with django_assert_num_queries(13):
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


# --- conflicts from the security register (keep apart, group affiliation) ---------------


@dataclass
class Register:
    near: Person  # at Oslo, keep apart (unit): alice sees him
    far: Person  # at Bergen, keep apart (department): outside alice's scope
    gang_mate: Person  # at Ila, same gang: outside alice's scope
    siri: User  # cleared unit leader at Oslo


@pytest.fixture
def register(inmate, org, personas):
    near = make_person("Nær", "Nabo", D("1981-01-01"), seed=61)
    far = make_person("Fjern", "Fiende", D("1982-01-01"), seed=62)
    gang_mate = make_person("Gjeng", "Kamerat", D("1983-01-01"), seed=63)
    admit(near, org.oslo)
    admit(far, org.bergen)
    admit(gang_mate, org.ila)
    reason = "Trusler mellom dem under varetekt"
    do_register_keep_apart(inmate, near, scope="unit", reason=reason, actor=None)
    do_register_keep_apart(inmate, far, scope="department", reason=reason, actor=None)
    gang = do_register_group(name="Nordre gjeng", kind="gang", reason=reason, actor=None)
    since = timezone.localdate() - timedelta(days=100)
    for member in (inmate, gang_mate):
        do_register_affiliation(
            member,
            gang,
            date_from=since,
            source="police",
            confidence="confirmed",
            reason=reason,
            actor=None,
        )
    siri = User.objects.create(
        username="siri", role=Role.UNIT_LEADER, scope=Scope.UNIT, unit=org.oslo
    )
    do_set_clearance(siri, cleared=True, reason="Sikkerhetsklarert", actor=None)
    return Register(near, far, gang_mate, siri)


def test_register_conflicts_by_unit_for_a_viewer_without_clearance(inmate, org, personas, register):
    support = placement_support(inmate, timezone.localdate(), personas.alice)
    oslo, bergen, ila = (_option(support, u) for u in (org.oslo, org.bergen, org.ila))
    assert [c.person for c in oslo.apart] == [register.near] and oslo.blocked
    assert [(c.scope, c.person) for c in bergen.cautions] == [("department", None)]
    assert not bergen.blocked  # a department-level relation: the unit can keep them apart
    assert [(c.person, c.groups) for c in ila.group_conflicts] == [(None, [])]
    assert not support.affiliation_details
    assert support.options[-1].unit in {org.oslo, org.ila}  # blocked units sort last
    assert not AffiliationRead.objects.exists()


def test_cleared_viewer_sees_group_names_and_the_read_is_logged(inmate, org, personas, register):
    support = placement_support(inmate, timezone.localdate(), register.siri, path="/x/")
    ila = _option(support, org.ila)
    assert support.affiliation_details
    assert [(c.person, c.groups) for c in ila.group_conflicts] == [(None, ["Nordre gjeng"])]
    read = AffiliationRead.objects.get()
    assert (read.person_id, read.actor_name, read.purpose) == (inmate.pk, "siri", "placement")
    national = placement_support(inmate, timezone.localdate(), personas.ada, path="/x/")
    assert _option(national, org.ila).group_conflicts[0].person == register.gang_mate
    assert set(
        AffiliationRead.objects.filter(actor_name="ada").values_list("person_id", flat=True)
    ) == {inmate.pk, register.gang_mate.pk}


def test_no_viewer_names_nobody(inmate, org, register):
    support = placement_support(inmate, timezone.localdate())
    assert _option(support, org.oslo).apart[0].person is None
    assert not AffiliationRead.objects.exists()


def test_ended_relations_and_affiliations_do_not_count(inmate, org, register):
    later = timezone.localdate() + timedelta(days=1)
    for relation in KeepApart.objects.all():
        do_end_keep_apart(relation, reason="Ikke lenger nødvendig", actor=None)
    for affiliation in Affiliation.objects.all():
        do_end_affiliation(affiliation, reason="Ikke lenger aktuelt", actor=None)
    support = placement_support(inmate, later)
    assert not support.register_conflicts


def test_query_count_with_conflicts_does_not_grow_with_units(
    inmate, org, personas, register, django_assert_num_queries
):
    today = timezone.localdate()
    placement_support(inmate, today, personas.alice)  # warm the viewer's permission cache
    with django_assert_num_queries(16):
        placement_support(inmate, today, personas.alice)
    for n in range(5):
        unit = Unit.objects.create(code=f"y{n}", name=f"Y{n}", kind="prison_high", region=org.ost)
        Capacity.objects.create(unit=unit, security_level="high", places=3, valid_from=DAY)
    with django_assert_num_queries(16):
        placement_support(inmate, today, personas.alice)


def test_page_warns_and_hides_group_names_without_clearance(inmate, org, personas, login, register):
    url = reverse("progression:placement", args=[inmate.pk])
    page = login(personas.alice).get(url).content.decode()
    assert 'data-flag="conflicts"' in page
    assert "Skal holdes adskilt fra Nær Nabo." in page
    assert register.far.full_name not in page and register.gang_mate.full_name not in page
    assert "1 konflikt (gruppetilhørighet)" in page
    assert "Nordre gjeng" not in page
    assert "Ikke samme avdeling som en person utenfor din tilgang." in page


def test_page_and_api_for_the_cleared(inmate, org, login, register):
    client = login(register.siri)
    url = reverse("progression:placement", args=[inmate.pk])
    page = client.get(url).content.decode()
    assert "Samme gruppe (Nordre gjeng): en person utenfor din tilgang." in page
    assert AffiliationRead.objects.filter(path=url, channel="web").count() == 1
    data = client.get("/api/placement-options/", {"person": inmate.pk}).json()
    ila = next(o for o in data["options"] if o["unit"] == org.ila.pk)
    assert ila["conflicts"] == [
        {
            "kind": "group",
            "severity": "conflict",
            "scope": "",
            "person": None,
            "groups": ["Nordre gjeng"],
        }
    ]
    assert AffiliationRead.objects.filter(channel="api").count() == 1


def test_api_without_clearance_has_no_group_names(inmate, org, personas, login, register):
    data = login(personas.alice).get("/api/placement-options/", {"person": inmate.pk}).json()
    oslo = next(o for o in data["options"] if o["unit"] == org.oslo.pk)
    ila = next(o for o in data["options"] if o["unit"] == org.ila.pk)
    assert oslo["conflicts"][0]["person"] == register.near.pk
    assert ila["conflicts"] == [
        {"kind": "group", "severity": "conflict", "scope": "", "person": None, "groups": []}
    ]
    assert "Nordre gjeng" not in str(data)
