"""``varde demo``: load the organisation, demo staff and about 500 synthetic persons.

Idempotent: a second run changes nothing. Persons are registered through the same actions
as in the UI (so they carry audit rows), with synthetic national IDs only.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from varde.organisation.choices import Role, Scope, UnitKind
from varde.organisation.models import Capacity, PlaceClosure, Region, Unit, User
from varde.organisation.seed import seed_organisation
from varde.people.actions import (
    do_add_alias,
    do_add_relative,
    do_close_responsibility,
    do_open_responsibility,
    do_register_person,
)
from varde.people.choices import Relation, ResponsibilityReason
from varde.people.demo import LAST_NAMES, random_birth_date, random_person_fields

DEMO_PASSWORD = "demo"
DEMO_USERS = [
    # username, full name, role, scope, unit code, region code
    ("admin", "Ada Admin", Role.SYSTEM_ADMIN, Scope.NATIONAL, None, None),
    ("betjent.oslo", "Ola Betjent", Role.PRISON_OFFICER, Scope.UNIT, "oslo-fengsel", None),
    (
        "saksbehandler.oslo",
        "Siri Saksbehandler",
        Role.PRISON_CASE_WORKER,
        Scope.UNIT,
        "oslo-fengsel",
        None,
    ),
    ("betjent.bergen", "Bjørn Betjent", Role.PRISON_OFFICER, Scope.UNIT, "bergen-fengsel", None),
    (
        "fri.oslo",
        "Frida Friomsorg",
        Role.PROBATION_OFFICER,
        Scope.UNIT,
        "oslo-friomsorgskontor",
        None,
    ),
    ("region.ost", "Rune Region", Role.REGIONAL_OFFICER, Scope.REGION, None, "ost"),
    ("analytiker.kdi", "Anna Analytiker", Role.KDI_ANALYST, Scope.NATIONAL, None, None),
]
# Where the demo persons are: most in the demo users' units, the rest spread nationally.
DEMO_CLOSURES = [
    ("oslo-fengsel", "high", 12, "Bemanning"),
    ("bergen-fengsel", "high", 8, "Rehabilitering av avdeling"),
]
HOME_UNITS = ["oslo-fengsel"] * 4 + ["bergen-fengsel"] * 3 + ["oslo-friomsorgskontor"] * 3


class Command(BaseCommand):
    help = "Load demo data: organisation, demo users (password 'demo') and synthetic persons."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, default=500)
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.VARDE_ALLOW_SYNTHETIC_IDS:
            raise CommandError(
                "Demo data uses synthetic national IDs: set VARDE_ALLOW_SYNTHETIC_IDS=true."
            )
        seed_organisation()
        with transaction.atomic():
            created = self._users()
            if created:
                self._closures()
                self._persons(options["persons"], random.Random(options["seed"]))
        self.stdout.write(
            self.style.SUCCESS("Demo data loaded." if created else "Demo data was already loaded.")
        )
        for username, _name, role, *_rest in DEMO_USERS:
            self.stdout.write(f"  {username:20} passord: {DEMO_PASSWORD}   ({role.label})")

    def _users(self) -> bool:
        if User.objects.filter(username="admin").exists():
            return False
        for username, name, role, scope, unit_code, region_code in DEMO_USERS:
            first, last = name.split(" ", 1)
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                role=role,
                scope=scope,
                unit=Unit.objects.get(code=unit_code) if unit_code else None,
                region=Region.objects.get(code=region_code) if region_code else None,
            )
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
        return True

    def _closures(self) -> None:
        """A few places closed for a while, as is common (staffing, building work)."""
        today = timezone.localdate()
        for code, level, places, reason in DEMO_CLOSURES:
            unit = Unit.objects.filter(code=code).first()
            if unit is not None:
                PlaceClosure.objects.create(
                    unit=unit,
                    security_level=level,
                    places=places,
                    date_from=today - timedelta(days=30),
                    date_to=today + timedelta(days=60),
                    reason=reason,
                )

    def _persons(self, count: int, rng: random.Random) -> None:
        today = timezone.localdate()
        units = {u.code: u for u in Unit.objects.filter(is_active=True)}
        with_places = set(Capacity.objects.values_list("unit__code", flat=True))
        elsewhere = sorted(
            code
            for code, unit in units.items()
            if code not in HOME_UNITS
            and (code in with_places or unit.kind == UnitKind.PROBATION_OFFICE)
        )
        for _ in range(count):
            person = do_register_person(
                actor=None, reason="Demodata", **random_person_fields(rng, today)
            )
            code = rng.choice(HOME_UNITS) if rng.random() < 0.6 else rng.choice(elsewhere)
            unit = units[code]
            start = today - timedelta(days=rng.randint(1, 900))
            reason = (
                ResponsibilityReason.COMMUNITY_CASE
                if unit.kind == UnitKind.PROBATION_OFFICE
                else ResponsibilityReason.STAY
            )
            responsibility = do_open_responsibility(
                person, unit, date_from=start, reason=reason, actor=None
            )
            if rng.random() < 0.15:  # released: ended recently or long ago
                end = min(today, start + timedelta(days=rng.randint(10, 400)))
                do_close_responsibility(responsibility, date_to=end, actor=None)
            if rng.random() < 0.1:
                do_add_alias(person, f"{person.first_name} {rng.choice(LAST_NAMES)}", actor=None)
            if rng.random() < 0.35:
                child = rng.choice(["Emma", "Noah", "Sofie", "Jakob"])
                do_add_relative(
                    person,
                    actor=None,
                    relation=Relation.CHILD,
                    name=f"{child} {person.last_name}",
                    birth_date=random_birth_date(rng, today, 0, 25),
                )
