"""Standing personas and a small organisation for every test.

Personas (password "pw-for-tests-only"):
- alice: prison officer, Oslo fengsel (unit scope)
- carl: prison case worker, Oslo fengsel (unit scope, may edit persons)
- bob: prison officer, Bergen fengsel (unit scope, other region)
- frida: probation officer, Oslo friomsorgskontor
- rune: regional officer, region øst
- anna: KDI analyst (national, aggregates only)
- ada: system administrator (national)
Persons: oslo_inmate, bergen_inmate, probation_client (Oslo friomsorg), released_recently
(Oslo fengsel, ended 10 days ago), released_long_ago (Oslo fengsel, ended 100 days ago).
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.utils import timezone

from varde.organisation.choices import Role, Scope, SecurityLevel, UnitKind
from varde.organisation.models import Capacity, Region, Unit, User
from varde.people.actions import do_close_responsibility, do_open_responsibility, do_register_person
from varde.people.demo import synthetic_national_id
from varde.people.models import Person

PASSWORD = "pw-for-tests-only"


@pytest.fixture(autouse=True)
def _synthetic_ids_allowed(settings: Any) -> None:
    settings.VARDE_ALLOW_SYNTHETIC_IDS = True
    settings.VARDE_RESPONSIBILITY_GRACE_DAYS = 30


@dataclass
class Org:
    ost: Region
    vest: Region
    oslo: Unit
    bergen: Unit
    oslo_fri: Unit
    ila: Unit


@pytest.fixture
def org(db: None) -> Org:
    ost = Region.objects.create(code="ost", name="Region øst")
    vest = Region.objects.create(code="vest", name="Region vest")
    oslo = Unit.objects.create(
        code="oslo-fengsel", name="Oslo fengsel", kind=UnitKind.PRISON_HIGH, region=ost, city="Oslo"
    )
    bergen = Unit.objects.create(
        code="bergen-fengsel",
        name="Bergen fengsel",
        kind=UnitKind.PRISON_HIGH,
        region=vest,
        city="Bergen",
    )
    oslo_fri = Unit.objects.create(
        code="oslo-friomsorgskontor",
        name="Oslo friomsorgskontor",
        kind=UnitKind.PROBATION_OFFICE,
        region=ost,
    )
    ila = Unit.objects.create(
        code="ila",
        name="Ila fengsel og forvaringsanstalt",
        kind=UnitKind.PREVENTIVE_DETENTION,
        region=ost,
    )
    for unit, places in ((oslo, 240), (bergen, 200), (ila, 120)):
        Capacity.objects.create(
            unit=unit, security_level=SecurityLevel.HIGH, places=places, valid_from=date(2020, 1, 1)
        )
    return Org(ost, vest, oslo, bergen, oslo_fri, ila)


@functools.cache
def _password_hash() -> str:
    """Argon2 is slow by design: hash the shared test password once per test process."""
    return make_password(PASSWORD)


def _user(
    username: str, role: str, scope: str, unit: Unit | None = None, region: Region | None = None
) -> User:
    user = User(
        username=username,
        role=role,
        scope=scope,
        unit=unit,
        region=region,
        first_name=username.capitalize(),
        password=_password_hash(),
    )
    user.save()
    return user


@dataclass
class Personas:
    alice: User
    carl: User
    bob: User
    frida: User
    rune: User
    anna: User
    ada: User


@pytest.fixture
def personas(org: Org) -> Personas:
    return Personas(
        alice=_user("alice", Role.PRISON_OFFICER, Scope.UNIT, org.oslo),
        carl=_user("carl", Role.PRISON_CASE_WORKER, Scope.UNIT, org.oslo),
        bob=_user("bob", Role.PRISON_OFFICER, Scope.UNIT, org.bergen),
        frida=_user("frida", Role.PROBATION_OFFICER, Scope.UNIT, org.oslo_fri),
        rune=_user("rune", Role.REGIONAL_OFFICER, Scope.REGION, region=org.ost),
        anna=_user("anna", Role.KDI_ANALYST, Scope.NATIONAL),
        ada=_user("ada", Role.SYSTEM_ADMIN, Scope.NATIONAL),
    )


def make_person(
    first: str, last: str, born: date, *, sex: str = "male", seed: int = 0, **extra: Any
) -> Person:
    """Register a person with a synthetic national ID through the real action."""
    national_id = synthetic_national_id(born, random.Random(seed or hash((first, last))), sex=sex)
    return do_register_person(
        actor=None, first_name=first, last_name=last, sex=sex, national_id=national_id, **extra
    )


@dataclass
class People:
    oslo_inmate: Person
    bergen_inmate: Person
    probation_client: Person
    released_recently: Person
    released_long_ago: Person


@pytest.fixture
def people(org: Org) -> People:
    today = timezone.localdate()
    oslo_inmate = make_person("Ola", "Nordmann", date(1985, 3, 12), seed=1)
    bergen_inmate = make_person("Kari", "Sørensen-Ødegård", date(1990, 7, 1), sex="female", seed=2)
    probation_client = make_person("Åse", "Aas", date(1979, 11, 30), sex="female", seed=3)
    released_recently = make_person("Per", "Hansen", date(1970, 1, 5), seed=4)
    released_long_ago = make_person("Pål", "Hansen", date(1971, 2, 6), seed=5)
    start = today - timedelta(days=200)
    do_open_responsibility(oslo_inmate, org.oslo, date_from=start, reason="stay", actor=None)
    do_open_responsibility(bergen_inmate, org.bergen, date_from=start, reason="stay", actor=None)
    do_open_responsibility(
        probation_client, org.oslo_fri, date_from=start, reason="community_case", actor=None
    )
    recent = do_open_responsibility(
        released_recently, org.oslo, date_from=start, reason="stay", actor=None
    )
    do_close_responsibility(recent, date_to=today - timedelta(days=10), actor=None)
    old = do_open_responsibility(
        released_long_ago, org.oslo, date_from=start, reason="stay", actor=None
    )
    do_close_responsibility(old, date_to=today - timedelta(days=100), actor=None)
    return People(
        oslo_inmate, bergen_inmate, probation_client, released_recently, released_long_ago
    )


@pytest.fixture
def login(client: Client) -> Any:
    """``login(user)`` → a client with that user signed in."""

    def _login(user: User) -> Client:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login
