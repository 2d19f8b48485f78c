"""Demo data for the security register (``varde demo`` calls :func:`load_demo_security`):
incidents, finds and drug tests at the prisons over the last two years, a few keep-apart
relations and a small group register with affiliations — including a pair in the same gang
at different units, so the placement page has conflicts to show. The demo case worker in Oslo
(``saksbehandler.oslo``) is security-cleared; the officer (``betjent.oslo``) is not. Everything
goes through the actions (audit, journal)."""

from __future__ import annotations

import random
from contextlib import suppress
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from varde.execution.models import Stay
from varde.organisation.models import Unit, User
from varde.people.models import Person
from varde.security.actions import (
    do_register_affiliation,
    do_register_drug_test,
    do_register_find,
    do_register_group,
    do_register_incident,
    do_register_keep_apart,
    do_set_clearance,
)
from varde.security.choices import (
    ContrabandKind,
    FindPlace,
    IncidentKind,
    InvolvementRole,
    QuantityUnit,
    Substance,
)

CLEARED_USERS = ["saksbehandler.oslo"]
GROUPS = [
    ("Nordre gjeng", "gang"),
    ("Østkant-nettverket", "criminal_network"),
    ("Kystbrødrene", "gang"),
]
DESCRIPTIONS = {
    IncidentKind.VIOLENCE_INMATES: "Slagsmål i fellesarealet etter krangel.",
    IncidentKind.THREATS_STAFF: "Truet betjent ved innlåsing.",
    IncidentKind.VIOLENCE_STAFF: "Slo etter betjent under visitasjon.",
    IncidentKind.SELF_HARM: "Skadet seg selv på cellen; helsetjenesten tilkalt.",
    IncidentKind.DAMAGE: "Knuste inventar på cellen.",
    IncidentKind.FIRE: "Tente på madrass; slukket av betjenter.",
}
REASON = "Demodata: opplysning fra politiet i samarbeidsmøte"


def _inmates_by_unit() -> dict[int, list[int]]:
    by_unit: dict[int, list[int]] = {}
    for unit_id, person_id in Stay.objects.filter(released_at__isnull=True).values_list(
        "unit_id", "person_id"
    ):
        by_unit.setdefault(unit_id, []).append(person_id)
    return by_unit


def _when(rng: random.Random) -> timedelta:
    return timedelta(days=rng.randint(1, 700), minutes=rng.randint(0, 1439))


def _unit_events(unit: Unit, persons: list[Person], rng: random.Random) -> None:
    now = timezone.now()
    for _ in range(rng.randint(4, 10)):
        kind = rng.choice(list(DESCRIPTIONS))
        chosen = rng.sample(persons, k=min(len(persons), 2 if "inmates" in kind else 1))
        roles = [InvolvementRole.AGGRESSOR, InvolvementRole.VICTIM]
        do_register_incident(
            unit,
            kind=kind,
            occurred_at=now - _when(rng),
            description=DESCRIPTIONS[kind],
            injuries=rng.random() < 0.3,
            follow_up="Samtale med de involverte." if rng.random() < 0.5 else "",
            involved=list(zip(chosen, roles, strict=False)),
            actor=None,
        )
    for _ in range(rng.randint(3, 8)):
        found = rng.choice(ContrabandKind.values)
        drugs = found == ContrabandKind.DRUGS
        do_register_find(
            unit,
            found_at=now - _when(rng),
            kind=found,
            place=rng.choice(FindPlace.values),
            quantity=Decimal(rng.randint(1, 30)) if drugs else Decimal(1),
            quantity_unit=QuantityUnit.GRAMS if drugs else QuantityUnit.PIECES,
            person=rng.choice(persons) if rng.random() < 0.6 else None,
            actor=None,
        )
    for person in rng.sample(persons, k=min(len(persons), 12)):
        result = rng.choices(["negative", "positive", "refused"], weights=[80, 15, 5])[0]
        substances = (
            rng.sample(Substance.values[:8], k=rng.randint(1, 2)) if result == "positive" else []
        )
        do_register_drug_test(
            person,
            unit,
            taken_at=now - _when(rng),
            result=result,
            substances=substances,
            actor=None,
        )


def _relations(by_unit: dict[int, list[int]], rng: random.Random) -> None:
    """Keep-apart pairs and gang members, some at the same unit, some across units."""
    persons = Person.objects.in_bulk([pid for pids in by_unit.values() for pid in pids])
    units = [pids for pids in by_unit.values() if len(pids) >= 4]
    if len(units) < 2:
        return
    start = timezone.localdate() - timedelta(days=200)
    for scope in ("unit", "department", "cell"):
        first, second = rng.sample(units, 2)
        with suppress(ValidationError):  # the same pair drawn twice
            do_register_keep_apart(
                persons[rng.choice(first)],
                persons[rng.choice(second)],
                scope=scope,
                reason="Demodata: trusler mellom dem under varetekt",
                date_from=start,
                actor=None,
            )
    groups = [do_register_group(name=n, kind=k, reason=REASON, actor=None) for n, k in GROUPS]
    for group in groups:
        first, second = rng.sample(units, 2)
        for pid in (*rng.sample(first, 2), rng.choice(second)):
            do_register_affiliation(
                persons[pid],
                group,
                date_from=start - timedelta(days=rng.randint(0, 900)),
                source=rng.choice(["police", "own_observation", "court"]),
                confidence=rng.choice(["confirmed", "probable", "possible"]),
                reason=REASON,
                actor=None,
            )


def load_demo_security(rng: random.Random) -> None:
    for user in User.objects.filter(username__in=CLEARED_USERS):
        do_set_clearance(user, cleared=True, reason="Demodata: sikkerhetsklarert", actor=None)
    by_unit = _inmates_by_unit()
    units = Unit.objects.in_bulk(list(by_unit))
    persons = Person.objects.in_bulk([pid for pids in by_unit.values() for pid in pids])
    for unit_id, pids in sorted(by_unit.items()):
        _unit_events(units[unit_id], [persons[pid] for pid in pids], rng)
    _relations(by_unit, rng)
