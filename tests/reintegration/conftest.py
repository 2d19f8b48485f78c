"""Fixtures for the reintegration tests: a second probation office (Bergen, region vest) with
its own officer, an accused minor living in Oslo, a prison judgment and a stay, and reports
registered through the actions.

Personas added here (password as in tests/conftest.py):
- berit: probation officer, Bergen friomsorgskontor (another office, another region)
- fredrik: a second probation officer at Oslo friomsorgskontor
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from tests.conftest import Org, People, Personas, _user, make_person

from varde.execution.actions import do_admit
from varde.execution.models import Stay
from varde.organisation.choices import Role, Scope, SecurityLevel, UnitKind
from varde.organisation.models import Unit, User
from varde.people.actions import do_open_responsibility
from varde.people.models import Person
from varde.reintegration import actions
from varde.reintegration.models import PreSentenceReport
from varde.sentencing.actions import do_register_judgment
from varde.sentencing.models import Judgment


def today() -> date:
    return timezone.localdate()


@dataclass
class Extra:
    bergen_fri: Unit
    berit: User
    fredrik: User


@pytest.fixture
def extra(org: Org, personas: Personas) -> Extra:
    org.oslo_fri.city = "Oslo"
    org.oslo_fri.save()
    bergen_fri = Unit.objects.create(
        code="bergen-friomsorgskontor",
        name="Bergen friomsorgskontor",
        kind=UnitKind.PROBATION_OFFICE,
        region=org.vest,
        city="Bergen",
    )
    return Extra(
        bergen_fri,
        _user("berit", Role.PROBATION_OFFICER, Scope.UNIT, bergen_fri),
        _user("fredrik", Role.PROBATION_OFFICER, Scope.UNIT, org.oslo_fri),
    )


def years_ago(years: int, days: int = 0) -> date:
    now = today()
    return now.replace(year=now.year - years) - timedelta(days=days)


@pytest.fixture
def minor(org: Org) -> Person:
    """16 years old, lives in Oslo; the Oslo probation office is responsible for him."""
    person = make_person(
        "Mats",
        "Ung",
        years_ago(16),
        seed=21,
        street_address="Storgata 1",
        postal_code="0150",
        city="Oslo",
    )
    do_open_responsibility(person, org.oslo_fri, date_from=today(), reason="manual", actor=None)
    return person


@pytest.fixture
def accused(people: People) -> Person:
    """The probation client (adult), with an Oslo address."""
    person = people.probation_client
    Person.objects.filter(pk=person.pk).update(postal_code="0150", city="Oslo")
    person.refresh_from_db()
    return person


def request_for(
    person: Person, office: Unit, actor: User | None = None, **extra: Any
) -> PreSentenceReport:
    fields: dict[str, Any] = {
        "requester_kind": "prosecutor",
        "requester": "Oslo politidistrikt",
        "reference": f"PU-{person.pk}-{extra.pop('n', 1)}",
        "received_on": today() - timedelta(days=5),
        "requested_by": today() + timedelta(days=30),
    }
    return actions.do_register_psr_request(person, office=office, actor=actor, **(fields | extra))


def written_report(report: PreSentenceReport, officer: User) -> PreSentenceReport:
    """Assigned, one interview, every section written: ready to send."""
    actions.do_assign_psr(report, officer, actor=officer)
    actions.do_add_psr_interview(report, day=today(), kind="office", note="Samtale.", actor=officer)
    sections = {
        "personal_situation": "Bor alene, har kontakt med mor.",
        "housing": "Leier leilighet i Oslo.",
        "work_education": "Fullført videregående, i arbeid.",
        "health": "God fysisk helse.",
        "substance_use": "Ingen kjent rusbruk.",
        "network": "Stabilt nettverk.",
        "assessment": "Motivert og stabil.",
        "conclusion": "Egnet for samfunnsstraff.",
        "suitability_community_sentence": "suitable",
    }
    return actions.do_write_psr(report, actor=officer, **sections)


def prison_judgment(person: Person, months: int = 8) -> Judgment:
    received = today() - timedelta(days=60)
    return do_register_judgment(
        person,
        actor=None,
        court="Oslo tingrett",
        case_number=f"25-{person.pk:06d}MED",
        judgment_date=received - timedelta(days=30),
        final_date=received - timedelta(days=5),
        received_on=received,
        main_offence="strl-321",
        reaction="prison",
        term_months=months,
    )


def admit(person: Person, unit: Unit, *, days_ago: int = 10, months: int = 8) -> Stay:
    at: datetime = timezone.now() - timedelta(days=days_ago)
    return do_admit(
        person,
        unit,
        security_level=SecurityLevel.HIGH,
        actor=None,
        judgment=prison_judgment(person, months),
        at=at,
    )


@pytest.fixture
def stay(org: Org, people: People) -> Stay:
    """Ola Nordmann serving 8 months at Oslo fengsel, admitted 10 days ago."""
    return admit(people.oslo_inmate, org.oslo)
