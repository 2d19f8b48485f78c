"""``varde demo``: load the organisation, demo staff and about 500 synthetic persons.

Idempotent: a second run changes nothing. Persons are registered through the same actions
as in the UI (so they carry audit rows), with synthetic national IDs only.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from varde.decisions.demo import create_demo_applications
from varde.execution.demo import (
    load_demo_postponements,
    load_demo_remand,
    release_served_sentences,
)
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
from varde.regime.demo import load_demo_regime
from varde.reintegration.demo import load_demo as load_reintegration_demo
from varde.safeguards.demo import seed_safeguards
from varde.security.demo import load_demo_security

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
                self._judgments(random.Random(options["seed"] + 1))
                self._stays(random.Random(options["seed"] + 2))
                release_served_sentences(random.Random(options["seed"] + 6))
                self._community(random.Random(options["seed"] + 3))
                self._queue(random.Random(options["seed"] + 4))
                load_reintegration_demo(random.Random(options["seed"] + 10))  # tilbakeføring
                load_demo_remand(random.Random(options["seed"] + 7))
                load_demo_postponements(random.Random(options["seed"] + 8))
                load_demo_regime(random.Random(options["seed"] + 5))  # dagligliv
                seed_safeguards(random.Random(options["seed"] + 6))  # utelukkelse, tvang
                create_demo_applications(random.Random(options["seed"] + 8))  # søknader
                load_demo_security(random.Random(options["seed"] + 9))  # hendelser, beslag
        self.stdout.write(
            self.style.SUCCESS("Demo data loaded." if created else "Demo data was already loaded.")
        )
        for username, _name, role, *_rest in DEMO_USERS:
            self.stdout.write(f"  {username:20} passord: {DEMO_PASSWORD}   ({role.label})")

    def _community(self, rng: random.Random) -> None:
        """Cases at probation offices for community-type judgments, with hours and contacts."""
        from varde.community.demo import open_demo_cases

        open_demo_cases(rng)

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

    def _judgments(self, rng: random.Random) -> None:
        """Most persons with a stay get a prison judgment (many short terms, few long ones),
        most probation clients a community sentence; registered through the action."""
        from varde.people.models import Responsibility
        from varde.sentencing.actions import do_register_judgment

        courts = ["Oslo tingrett", "Bergen tingrett", "Borgarting lagmannsrett", "Agder tingrett"]
        offences = ["strl-321", "strl-231", "strl-271", "strl-351", "strl-322", "strl-274"]
        opened = Responsibility.objects.select_related("person").order_by("person_id", "pk")
        seen: set[int] = set()
        for number, responsibility in enumerate(opened, start=1):
            if responsibility.person_id in seen or rng.random() > 0.85:
                continue
            seen.add(responsibility.person_id)
            months = rng.randint(2, 12)  # a community sentence's term and execution period
            if responsibility.reason == ResponsibilityReason.STAY:
                received = responsibility.date_from - timedelta(days=rng.randint(0, 60))
            else:  # recent enough that the execution period still runs (strl § 49)
                received = timezone.localdate() - timedelta(days=rng.randint(3, months * 20))
            fields: dict[str, Any] = {
                "court": rng.choice(courts),
                "case_number": f"{received:%y}-{100000 + number}MED",
                "judgment_date": received - timedelta(days=rng.randint(14, 90)),
                "final_date": received - timedelta(days=rng.randint(0, 13)),
                "received_on": received,
                "main_offence": rng.choice(offences),
            }
            if responsibility.reason == ResponsibilityReason.STAY:
                fields |= {"reaction": "prison", **_demo_term(rng)}
            else:
                fields |= {
                    "reaction": "community_sentence",
                    "term_months": months,
                    "hours": 30 * months,
                }
            do_register_judgment(responsibility.person, actor=None, reason="Demodata", **fields)

    def _stays(self, rng: random.Random) -> None:
        """Admit most persons a prison is responsible for (through ``do_admit``), from the day
        the responsibility began, at a security level with a free place: capacity then shows
        real occupancy below capacity. Self-contained: reads only responsibilities and
        judgments; a person without a prison judgment is left for the queue or for remand
        (``execution.demo.load_demo_remand``: booked, offered a place and admitted recently).
        """
        from django.core.exceptions import ValidationError

        from varde.execution.actions import do_admit
        from varde.execution.choices import StayKind
        from varde.people.models import Responsibility
        from varde.sentencing.models import Judgment

        open_stays = Responsibility.objects.filter(
            reason=ResponsibilityReason.STAY, date_to__isnull=True
        ).select_related("person", "unit")
        levels: dict[int, list[str]] = {}
        for capacity in Capacity.objects.order_by("unit_id", "security_level"):
            levels.setdefault(capacity.unit_id, []).append(capacity.security_level)
        for responsibility in open_stays.order_by("pk"):
            if responsibility.unit_id not in levels or rng.random() > 0.85:
                continue
            judgment = (
                Judgment.objects.filter(person_id=responsibility.person_id, reaction="prison")
                .order_by("-received_on")
                .first()
            )
            if judgment is None:
                continue
            at = timezone.make_aware(
                datetime.combine(responsibility.date_from, time(10, rng.randint(0, 59)))
            )
            try:
                do_admit(
                    responsibility.person,
                    responsibility.unit,
                    security_level=rng.choice(levels[responsibility.unit_id]),
                    kind=StayKind.SENTENCE,
                    judgment=judgment,
                    at=at,
                    actor=None,
                    note="Demodata",
                )
            except ValidationError:
                continue  # no free place of that level and sex: left in the queue

    def _queue(self, rng: random.Random, share: float = 0.05) -> None:
        """The queue (soningskø): about ``share`` of the persons, with queued prison judgments
        (topped up with persons a unit is responsible for who have no judgment yet), and
        call-ins sent for about half of the queue (three weeks' notice); through the actions."""
        from django.core.exceptions import ValidationError

        from varde.execution.actions import do_send_callin
        from varde.execution.choices import ExecutionForm
        from varde.execution.queries import queued_judgments
        from varde.execution.rules import earliest_start
        from varde.people.models import Person
        from varde.sentencing.actions import do_register_judgment, do_set_judgment_status
        from varde.sentencing.choices import JudgmentStatus

        today = timezone.localdate()
        # Judgments left queued by the earlier steps and older than five months count as
        # served before the demo's history begins; the queue keeps the recent ones.
        stale = queued_judgments(today).filter(order_on__lt=today - timedelta(days=150))
        for judgment in stale.select_related("person"):
            do_set_judgment_status(judgment, JudgmentStatus.COMPLETED, actor=None)
        wanted = int(Person.objects.count() * share) - queued_judgments(today).count()
        free = Person.objects.filter(judgments__isnull=True, responsibilities__date_to__isnull=True)
        for number, person in enumerate(free.distinct().order_by("pk")[: max(wanted, 0)]):
            received = today - timedelta(days=rng.randint(3, 150))
            do_register_judgment(
                person,
                actor=None,
                reason="Demodata",
                court=rng.choice(["Oslo tingrett", "Bergen tingrett", "Nord-Troms tingrett"]),
                case_number=f"{received:%y}-{300000 + number}MED",
                judgment_date=received - timedelta(days=rng.randint(14, 60)),
                final_date=received,
                received_on=received,
                main_offence=rng.choice(["strl-321", "strl-322", "strl-231", "strl-351"]),
                reaction="prison",
                **_demo_term(rng),
            )
        prisons = list(
            Unit.objects.filter(kind=UnitKind.PRISON_HIGH, capacities__isnull=False).distinct()
        )
        for judgment in queued_judgments(today).select_related("person").order_by("pk"):
            if not prisons or rng.random() < 0.5:
                continue
            try:
                do_send_callin(
                    judgment,
                    rng.choice(prisons),
                    security_level="high",
                    form=ExecutionForm.PRISON,
                    start_on=earliest_start(today) + timedelta(days=rng.randint(0, 20)),
                    actor=None,
                )
            except ValidationError:
                continue  # e.g. a child whose 60 days run out sooner: left for a case worker


def _demo_term(rng: random.Random) -> dict[str, int]:
    """Many short terms (days), some of months, a few of years; remand credit for some."""
    draw = rng.random()
    if draw < 0.5:
        term = {"term_days": rng.choice([14, 21, 30, 45, 60, 75, 90, 120])}
        credit = rng.choice([0, 0, 0, 2, 5])
    elif draw < 0.9:
        term = {"term_months": rng.randint(5, 24)}
        credit = rng.choice([0, 10, 30, 60])
    else:
        term = {"term_years": rng.randint(3, 15), "term_months": rng.choice([0, 6])}
        credit = rng.randint(60, 400)
    return {**term, "credited_days": credit}
