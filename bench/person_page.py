"""Benchmark: server time of the person page and the unit overview on PostgreSQL, national scale.

    .venv/bin/python bench/person_page.py [--persons 150000] [--requests 200] [--seed 1]
                                          [--explain]

Steps: drop and recreate a scratch database (``BENCH_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/varde_bench_person_page``; its name must contain "bench",
since it is dropped), migrate, seed the real organisation (``seed_organisation()``: regions,
units, departments and their places), then load about 20 years of history (2006 until today):

- N persons (default 150,000), each with 1-4 judgments spread over the years: prison terms
  served as stays (some after remand) with their placements (some transferred), a few
  absences (leave, day release, now and then an escape) and a release; community reactions
  with a period at a probation office; parole followed up by a probation office;
- about 3,000 persons in prison today: an open stay at a prison unit, each (unit, security
  level, sex) filled to 72-98 % of its places, never above them; about 3 % absent right now;
- about 5,000 persons in the community today: an open responsibility at a probation office;
- responsibilities matching the stays (one per placement) and the community periods;
- journal entries: 5-30 per person with a stay, 3-15 per person in the community today;
- a few aliases, relatives and judgments waiting in the queue.

The rows are written with COPY (explicit ids, sequences reset afterwards; the foreign-key
triggers are off while loading, the unique and check constraints are not), then VACUUM
ANALYZE. Then, through Django's test client (the whole stack: middleware, session,
permissions, templates), in random order:

- the person page (``people:detail``) of random persons in prison today, viewed by a case
  worker of the unit they are placed at (unit scope; a role that edits, so the page lists the
  stay panel's action forms, which are loaded only when opened) and by a regional officer of
  that unit's region;
- the journal section the person page loads with htmx (``journal:person_journal``), and the
  release form of the stay panel as loaded when opened (``execution:stay_form``), for the
  unit case worker (shown for information; the target is for the two pages);
- the unit overview (``organisation:units``).

Each request runs once untimed (capturing its SQL), once timed, and then the captured
statements are re-run on a cursor in a transaction that is rolled back (the person page writes
an access-log row and the session); the ratio is server time / raw SQL time. Target: p95 of the
person page and of the unit overview < 100 ms. Run by hand, not in CI. All national IDs are
synthetic test numbers.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from bench_db import recreate_database, setup_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/varde_bench_person_page"
TARGET_P95_MS = 100.0
START = date(2006, 1, 1)
BATCH = 5_000  # persons per COPY round
TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "ROLLBACK"}
DECLARE = re.compile(r'^DECLARE "\w+" NO SCROLL CURSOR WITH(OUT)? HOLD FOR ')
HTMX = {"HX-Request": "true", "HX-Target": "journal-body"}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=150_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per row")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--in-prison", type=int, default=3_000, help="about this many inside")
    parser.add_argument("--in-community", type=int, default=5_000)
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print EXPLAIN ANALYZE of the slowest statement of each row",
    )
    return parser.parse_args()


# --- Database ---------------------------------------------------------------------------------


class Table:
    """Rows of one model written with COPY. ``columns`` are attnames (``id`` first); every
    other concrete field gets its default (``now`` for auto_now fields, NULL if nullable)."""

    def __init__(self, model, columns: tuple[str, ...]) -> None:
        from django.db import connection
        from django.utils import timezone

        self.model = model
        self.rows: list[tuple] = []
        self.count = 0
        self.next_id = 1
        fields = {f.attname: f for f in model._meta.concrete_fields}
        missing = [c for c in columns if c not in fields]
        if missing:
            sys.exit(f"{model.__name__} has no field {missing}")
        names = [fields[c].column for c in columns]
        extra = []
        now = timezone.now()
        for f in model._meta.concrete_fields:
            if f.attname in columns:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            else:
                value = f.get_default()  # the default, "" for text, or None if nullable
                if value is None and not f.null:
                    sys.exit(f"the benchmark gives no value for {model.__name__}.{f.attname}")
            names.append(f.column)
            extra.append(f.get_db_prep_save(value, connection))
        self.extra = tuple(extra)
        quoted = ", ".join(f'"{n}"' for n in names)
        self.sql = f'COPY "{model._meta.db_table}" ({quoted}) FROM STDIN'

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def add(self, *values) -> None:
        self.rows.append(values)

    def flush(self, cursor) -> None:
        if not self.rows:
            return
        extra = self.extra
        with cursor.copy(self.sql) as copy:
            for row in self.rows:
                copy.write_row(row + extra)
        self.count += len(self.rows)
        self.rows.clear()


# --- Data -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """One capacity group in force today: (unit, security level, sex of the place)."""

    unit_id: int
    region_id: int
    level: str
    sex: str
    places: int


@dataclass
class Person:
    pk: int
    sex: str
    born: date
    role: str = ""  # "prison" or "community": where the person is today
    slot: Place | None = None  # the place (prison) today
    office: int | None = None  # the probation office (community) today


COURTS = [
    ("Oslo tingrett", "OTIR"),
    ("Bergen tingrett", "BBYR"),
    ("Trøndelag tingrett", "TRTI"),
    ("Sør-Rogaland tingrett", "SRTI"),
    ("Agder tingrett", "AGTI"),
    ("Nord-Troms og Senja tingrett", "NTST"),
    ("Vestfold tingrett", "VETI"),
    ("Romerike og Glåmdal tingrett", "ROGL"),
    ("Borgarting lagmannsrett", "LB"),
    ("Gulating lagmannsrett", "LG"),
]
OFFENCES = [
    "strl-321",
    "strl-322",
    "strl-231",
    "strl-232",
    "strl-271",
    "strl-273",
    "strl-291",
    "strl-351",
    "strl-155",
    "strl-257",
    "vtrl-31",
]
# Reactions of past judgments (weights), and how they are executed.
REACTIONS = {
    "prison": 55,
    "community_sentence": 15,
    "fine_default": 6,
    "rk_programme": 5,
    "nd_programme": 2,
    "fine_service": 9,
    "youth_sentence": 2,
    "preventive_detention": 1,
}
CUSTODIAL = {"prison", "fine_default", "preventive_detention"}
COMMUNITY_NOW = ["community_sentence"] * 5 + ["fine_service", "rk_programme", "nd_programme"]
RELEASES = ["parole_two_thirds"] * 10 + ["full_term"] * 8 + ["parole_half", "parole_other"]
PAROLE = {"parole_two_thirds", "parole_half", "parole_other"}
ABSENCES = ["leave"] * 12 + ["day_release"] * 4 + ["escorted_outing"] * 3 + ["hospital"]
TRANSFER_REASONS = ["progression"] * 5 + ["security", "capacity", "persons_wish", "regression"]
JOURNAL_KINDS = ["conversation"] * 5 + ["observation"] * 3 + ["decision", "partner_contact"]
JOURNAL_TEXTS = [
    "Samtale om soningsplan og arbeid i verkstedet. Innsatte er motivert.",
    "Kontakt med NAV om bolig etter løslatelse.",
    "Observasjon: rolig på avdelingen, god kontakt med betjentene.",
    "Vedtak om permisjon innvilget, vilkår gjennomgått med innsatte.",
    "Samtale med kontaktbetjent om skolegang og kurs.",
    "Kontakt med kommunens helsetjeneste om oppfølging.",
    "Urinprøve tatt, negativ.",
    "Samtale om forholdet til familien og besøk av barna.",
    "Oppmøte på friomsorgskontoret, ingen merknader.",
    "Melding fra arbeidsgiver om oppmøte i praksisplass.",
    "Gjennomgang av reglene for fremstilling og transport.",
    "Samtale om rusmestring, henvist til programmet.",
]
STAFF = [
    "Kari Nordmann",
    "Ola Hansen",
    "Ingrid Berg",
    "Per Johansen",
    "Siri Larsen",
    "Jonas Dahl",
    "Marte Lie",
    "Ahmed Ali",
]


def at(day: date, rng: random.Random) -> datetime:
    """A time of day on ``day`` (office hours mostly), in UTC."""
    return datetime(
        day.year, day.month, day.day, rng.randint(6, 20), rng.randint(0, 59), tzinfo=UTC
    )


class Loader:
    """Builds the rows person by person and writes them with COPY in rounds of BATCH."""

    def __init__(self, rng: random.Random, today: date, places: list[Place], offices) -> None:
        from psycopg.types.json import Jsonb

        from varde.execution.models import Absence, Placement, Stay
        from varde.journal.models import JournalEntry
        from varde.people.models import Alias, Relative, Responsibility
        from varde.people.models import Person as PersonModel
        from varde.sentencing.models import Judgment

        self.jsonb = Jsonb
        self.rng, self.today, self.places, self.offices = rng, today, places, offices
        self.offices_by_region: dict[int, list[int]] = defaultdict(list)
        for unit_id, region_id in offices:
            self.offices_by_region[region_id].append(unit_id)
        self.history_places = {
            sex: [p for p in places if p.sex in (sex, "any")] for sex in ("male", "female")
        }
        self.history_weights = {
            sex: [p.places for p in group] for sex, group in self.history_places.items()
        }
        self.persons = Table(
            PersonModel,
            (
                "id",
                "national_id",
                "id_kind",
                "first_name",
                "middle_name",
                "last_name",
                "birth_date",
                "sex",
                "citizenship",
                "language",
                "needs_interpreter",
                "street_address",
                "postal_code",
                "city",
                "phone",
                "search_name",
            ),
        )
        self.aliases = Table(Alias, ("id", "person_id", "name", "search_name"))
        self.relatives = Table(
            Relative, ("id", "person_id", "relation", "name", "birth_date", "phone")
        )
        self.judgments = Table(
            Judgment,
            (
                "id",
                "person_id",
                "court",
                "case_number",
                "judgment_date",
                "final_date",
                "received_on",
                "main_offence",
                "other_offences",
                "reaction",
                "term_months",
                "term_days",
                "hours",
                "execution_months",
                "status",
            ),
        )
        self.stays = Table(
            Stay,
            (
                "id",
                "person_id",
                "judgment_id",
                "kind",
                "admitted_at",
                "released_at",
                "release_type",
                "unit_id",
                "security_level",
            ),
        )
        self.placements = Table(
            Placement,
            ("id", "stay_id", "unit_id", "security_level", "sex", "from_at", "to_at", "reason"),
        )
        self.absences = Table(
            Absence,
            ("id", "stay_id", "kind", "leave_type", "from_at", "expected_return", "returned_at"),
        )
        self.responsibilities = Table(
            Responsibility, ("id", "person_id", "unit_id", "date_from", "date_to", "reason")
        )
        self.journal = Table(
            JournalEntry,
            ("id", "person_id", "at", "kind", "text", "author_name", "unit_id", "source_action"),
        )
        # In FK order (the triggers are off, but keep it natural).
        self.tables = [
            self.persons,
            self.aliases,
            self.relatives,
            self.judgments,
            self.stays,
            self.placements,
            self.absences,
            self.responsibilities,
            self.journal,
        ]

    # --- persons ---

    def make_persons(self, n: int) -> list[Person]:
        from varde.lib.text import fold
        from varde.people.demo import (
            FIRST_NAMES_F,
            FIRST_NAMES_M,
            LAST_NAMES,
            random_person_fields,
            synthetic_national_id,
        )
        from varde.people.rules import validate_national_id

        rng, today = self.rng, self.today
        seen: set[str] = set()
        out = []
        for _ in range(n):
            f = random_person_fields(rng, today)
            national_id = f["national_id"]
            d_number = national_id is not None and int(national_id[0]) >= 4
            for _attempt in range(20):  # synthetic IDs collide now and then: draw again
                if national_id is None or national_id not in seen:
                    break
                national_id = synthetic_national_id(
                    f["birth_date"], rng, sex=f["sex"], d_number=d_number
                )
            else:
                national_id = None
            if national_id:
                seen.add(national_id)
                id_kind = validate_national_id(national_id, allow_synthetic=True).kind
            else:
                id_kind = "none"
            pk = self.persons.new_id()
            full = " ".join(p for p in (f["first_name"], f["middle_name"], f["last_name"]) if p)
            self.persons.add(
                pk,
                national_id,
                id_kind,
                f["first_name"],
                f["middle_name"],
                f["last_name"],
                f["birth_date"],
                f["sex"],
                f.get("citizenship", ""),
                f.get("language", "norsk"),
                f.get("needs_interpreter", False),
                f["street_address"],
                f["postal_code"],
                f["city"],
                f["phone"],
                f" {fold(full)} ",
            )
            if rng.random() < 0.05:
                names = FIRST_NAMES_F if f["sex"] == "female" else FIRST_NAMES_M
                name = f"{rng.choice(names)} {rng.choice(LAST_NAMES)}"
                self.aliases.add(self.aliases.new_id(), pk, name, f" {fold(name)} ")
            if rng.random() < 0.12:
                for _child in range(rng.randint(1, 3)):
                    born = today - timedelta(days=rng.randint(200, 25 * 365))
                    name = f"{rng.choice(FIRST_NAMES_F + FIRST_NAMES_M)} {f['last_name']}"
                    phone = f"9{rng.randint(0, 9999999):07d}"
                    self.relatives.add(self.relatives.new_id(), pk, "child", name, born, phone)
            out.append(Person(pk, f["sex"], f["birth_date"]))
        return out

    # --- history ---

    def judgment(self, person: Person, day: date, reaction: str, status: str, **terms) -> int:
        rng = self.rng
        pk = self.judgments.new_id()
        court, code = rng.choice(COURTS)
        final = day + timedelta(days=rng.randint(0, 45))
        others = rng.sample(OFFENCES, rng.choice((0, 0, 1, 2)))
        self.judgments.add(
            pk,
            person.pk,
            court,
            f"{day.year % 100:02d}-{pk:06d}MED-{code}",
            day,
            final,
            final + timedelta(days=rng.randint(0, 14)),
            rng.choice(OFFENCES),
            self.jsonb(others),
            reaction,
            terms.get("months", 0),
            terms.get("days", 0),
            terms.get("hours"),
            terms.get("execution_months", 0),
            status,
        )
        return pk

    def term_days(self, reaction: str) -> int:
        rng = self.rng
        if reaction == "fine_default":
            return rng.randint(5, 60)
        if reaction == "preventive_detention":
            return rng.randint(4 * 365, 12 * 365)
        roll = rng.random()
        if roll < 0.40:
            return rng.randint(14, 90)
        if roll < 0.75:
            return rng.randint(91, 365)
        if roll < 0.95:
            return rng.randint(366, 5 * 365)
        return rng.randint(5 * 365, 15 * 365)

    def place_for(self, person: Person, level: str | None = None) -> Place:
        sex = "female" if person.sex == "female" else "male"
        group, weights = self.history_places[sex], self.history_weights[sex]
        if level:
            pairs = [(p, w) for p, w in zip(group, weights, strict=True) if p.level == level]
            if pairs:
                group, weights = [p for p, _w in pairs], [w for _p, w in pairs]
        return self.rng.choices(group, weights=weights)[0]

    def stay(
        self,
        person: Person,
        judgment_id: int | None,
        admitted: date,
        released: date | None,
        final_place: Place | None = None,
    ) -> tuple[int, list[int]]:
        """A stay with its placements, absences and responsibilities; open if ``released`` is
        None (then it ends at ``final_place``). Returns the stay id and the units."""
        rng = self.rng
        kind = "sentence" if judgment_id else "remand"
        until = released or self.today
        length = (until - admitted).days
        # Placements: one, or a transfer or two in a longer stay.
        places = [final_place or self.place_for(person)]
        if length > 60 and rng.random() < 0.35:
            first_level = "high" if places[0].level != "high" or rng.random() < 0.3 else "lower"
            places.insert(0, self.place_for(person, first_level))
            if length > 400 and rng.random() < 0.3:
                places.insert(0, self.place_for(person, "high"))
        cuts = sorted(rng.sample(range(1, length), len(places) - 1)) if len(places) > 1 else []
        days = [admitted, *(admitted + timedelta(days=c) for c in cuts)]
        admitted_at = at(admitted, rng)
        released_at = at(released, rng) if released else None
        if released_at is not None and released_at < admitted_at:
            released_at = admitted_at + timedelta(hours=2)
        stay_id = self.stays.new_id()
        last = places[-1]
        release_type = ""
        if released:
            release_type = rng.choice(RELEASES) if kind == "sentence" else "remand_ended"
        self.stays.add(
            stay_id,
            person.pk,
            judgment_id,
            kind,
            admitted_at,
            released_at,
            release_type,
            last.unit_id,
            last.level,
        )
        starts = [admitted_at, *(at(d, rng) for d in days[1:])]
        reason_kind = "remand" if kind == "remand" else "stay"
        for i, place in enumerate(places):
            end = starts[i + 1] if i + 1 < len(places) else released_at
            reason = "admission" if i == 0 else rng.choice(TRANSFER_REASONS)
            self.placements.add(
                self.placements.new_id(),
                stay_id,
                place.unit_id,
                place.level,
                place.sex,
                starts[i],
                end,
                reason,
            )
            self.responsibilities.add(
                self.responsibilities.new_id(),
                person.pk,
                place.unit_id,
                days[i],
                (days[i + 1] if i + 1 < len(places) else released),
                reason_kind,
            )
        # Absences: a few leaves in longer stays, now and then an escape; a few away today.
        now = datetime.now(UTC) - timedelta(hours=1)
        if length > 90 and kind == "sentence":
            count = rng.choice((0, 0, 1, 1, 2, 3))
            if count:
                for offset in sorted(rng.sample(range(30, length - 5), count)):
                    start = at(admitted + timedelta(days=offset), rng)
                    kind_ = "escape" if rng.random() < 0.02 else rng.choice(ABSENCES)
                    hours = rng.randint(6, 72 if kind_ != "escape" else 500)
                    back = min(start + timedelta(hours=hours), released_at or now)
                    self.absences.add(
                        self.absences.new_id(),
                        stay_id,
                        kind_,
                        "ordinary" if kind_ == "leave" else "",
                        start,
                        back if kind_ != "escape" else None,
                        back,
                    )
        if released is None and length > 30 and rng.random() < 0.03:
            start = now - timedelta(hours=rng.randint(2, 40))
            self.absences.add(
                self.absences.new_id(),
                stay_id,
                "leave",
                "ordinary",
                start,
                start + timedelta(hours=48),
                None,
            )
        if released and release_type in PAROLE:
            end = min(released + timedelta(days=rng.randint(90, 365)), self.today - timedelta(1))
            if end > released:
                self.community_period(person, last.region_id, released, end, "follow_up")
        return stay_id, [p.unit_id for p in places]

    def community_period(
        self, person: Person, region_id: int | None, start: date, end: date | None, reason: str
    ) -> int:
        offices = self.offices_by_region.get(region_id) or [o for o, _r in self.offices]
        office = self.rng.choice(offices)
        self.responsibilities.add(
            self.responsibilities.new_id(), person.pk, office, start, end, reason
        )
        return office

    def history(self, person: Person) -> None:
        """Past judgments up to a limit, then what the person is doing today."""
        rng, today = self.rng, self.today
        if person.role == "prison":
            inside_days = min(int(rng.expovariate(1 / 220)) + 1, 3_000)
            admitted = today - timedelta(days=inside_days)
            remand_now = rng.random() < 0.12 and inside_days < 400
            judged = admitted - timedelta(days=rng.randint(30, 300))
            limit = admitted - timedelta(days=30) if remand_now else judged - timedelta(days=60)
        elif person.role == "community":
            judged = today - timedelta(days=rng.randint(40, 600))
            limit = judged - timedelta(days=60)
        else:
            limit = today - timedelta(days=30)
        earliest = max(START, date(person.born.year + 15, 1, 1))
        if limit <= earliest:
            earliest = limit - timedelta(days=365)
        count = rng.choices((1, 2, 3, 4), weights=(45, 28, 17, 10))[0]
        if person.role:
            count -= 1
        span = (limit - earliest).days
        planned = sorted(earliest + timedelta(days=rng.randint(0, span)) for _ in range(count))
        free = earliest
        units: list[int] = []
        stays: list[tuple[date, date]] = []
        for day in planned:
            day = max(day, free)
            if day >= limit - timedelta(days=30):
                break
            reaction = rng.choices(list(REACTIONS), weights=list(REACTIONS.values()))[0]
            if reaction in CUSTODIAL:
                term = self.term_days(reaction)
                start = day + timedelta(days=rng.randint(30, 300))
                if rng.random() < 0.15 and reaction == "prison":
                    remand_from = day - timedelta(days=rng.randint(10, 150))
                    if remand_from > free:
                        _sid, u = self.stay(person, None, remand_from, day)
                        units += u
                        stays.append((remand_from, day))
                        start = max(start, day + timedelta(days=1))
                served = term * 2 // 3 if rng.random() < 0.55 else term
                released = start + timedelta(days=max(served, 1))
                if released >= limit:
                    released = limit - timedelta(days=1)
                if released <= start:
                    break
                jid = self.judgment(person, day, reaction, "completed", days=term)
                _sid, u = self.stay(person, jid, start, released)
                units += u
                stays.append((start, released))
                free = released + timedelta(days=rng.randint(30, 900))
            else:
                months = rng.randint(3, 12)
                hours = rng.randint(30, 300) if reaction != "rk_programme" else None
                self.judgment(
                    person, day, reaction, "completed", hours=hours, execution_months=months
                )
                start = day + timedelta(days=rng.randint(20, 120))
                end = min(start + timedelta(days=30 * months), limit - timedelta(days=1))
                if end > start:
                    self.community_period(person, None, start, end, "community_case")
                free = start + timedelta(days=30 * months + rng.randint(30, 900))
        # Today.
        journal_from = stays[0][0] if stays else None
        if person.role == "prison":
            slot = person.slot
            if remand_now:
                _sid, u = self.stay(person, None, admitted, None, slot)
            else:
                term = inside_days + rng.randint(30, 1_500)
                jid = self.judgment(person, judged, "prison", "in_execution", days=term)
                _sid, u = self.stay(person, jid, admitted, None, slot)
            units += u
            journal_from = journal_from or admitted
            self.journal_entries(person, journal_from, today, units, rng.randint(5, 30))
            return
        if person.role == "community":
            reaction = rng.choice(COMMUNITY_NOW)
            months = rng.randint(6, 24)
            hours = rng.randint(30, 420) if reaction != "rk_programme" else None
            self.judgment(
                person, judged, reaction, "in_execution", hours=hours, execution_months=months
            )
            start = min(judged + timedelta(days=rng.randint(20, 60)), today - timedelta(1))
            office = self.community_period(person, None, start, None, "community_case")
            person.office = office
            if journal_from:
                self.journal_entries(person, journal_from, today, units, rng.randint(5, 30))
            self.journal_entries(person, start, today, [office], rng.randint(3, 15))
            return
        if stays:
            until = min(stays[-1][1] + timedelta(days=365), today)
            self.journal_entries(person, journal_from, until, units, rng.randint(5, 30))
        if rng.random() < 0.02:  # waiting in the queue
            day = today - timedelta(days=rng.randint(20, 150))
            self.judgment(person, day, "prison", "queued", days=rng.randint(14, 300))

    def journal_entries(
        self, person: Person, first: date, last: date, units: list[int], count: int
    ) -> None:
        rng = self.rng
        span = max(0, (last - first).days)
        now = datetime.now(UTC)
        for _ in range(count):
            when = min(at(first + timedelta(days=rng.randint(0, span)), rng), now)
            self.journal.add(
                self.journal.new_id(),
                person.pk,
                when,
                rng.choice(JOURNAL_KINDS),
                rng.choice(JOURNAL_TEXTS),
                rng.choice(STAFF),
                rng.choice(units) if units else None,
                "",
            )

    def flush(self, cursor) -> None:
        for table in self.tables:
            table.flush(cursor)


def capacity_today(today: date) -> tuple[list[Place], list[tuple[int, int]]]:
    from django.db.models import Q, Sum

    from varde.organisation.choices import UnitKind
    from varde.organisation.models import Capacity, Unit

    rows = (
        Capacity.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .filter(valid_from__lte=today, unit__is_active=True)
        .values("unit_id", "unit__region_id", "security_level", "sex")
        .annotate(n=Sum("places"))
        .order_by("unit_id", "security_level", "sex")
    )
    places = [
        Place(r["unit_id"], r["unit__region_id"], r["security_level"], r["sex"], r["n"])
        for r in rows
    ]
    offices = list(
        Unit.objects.filter(kind=UnitKind.PROBATION_OFFICE, is_active=True).values_list(
            "pk", "region_id"
        )
    )
    return places, offices


def load(args, rng: random.Random) -> tuple[list[Person], dict[str, int]]:
    from django.db import connection, transaction
    from django.utils import timezone

    today = timezone.localdate()
    places, offices = capacity_today(today)
    total_places = sum(p.places for p in places)
    loader = Loader(rng, today, places, offices)
    persons = loader.make_persons(args.persons)

    # Who is inside today: fill every (unit, level, sex) to 72-98 % of its places, scaled to
    # about --in-prison persons, never above its places; the sex of the place decides.
    scale = min(1.0, args.in_prison / (0.85 * total_places))
    pools = {"male": [], "female": []}
    for person in persons:
        pools["female" if person.sex == "female" else "male"].append(person)
    for pool in pools.values():
        rng.shuffle(pool)
    for place in places:
        fill = min(place.places, round(place.places * rng.uniform(0.72, 0.98) * scale))
        for _ in range(fill):
            sex = place.sex if place.sex != "any" else rng.choice(("male",) * 4 + ("female",))
            person = pools[sex].pop()
            person.role, person.slot = "prison", place
    free = [p for p in persons if not p.role]
    for person in rng.sample(free, min(args.in_community, len(free))):
        person.role = "community"

    with connection.cursor() as outer:
        cursor = outer.cursor  # psycopg's own cursor, for COPY
        cursor.execute("SET session_replication_role = replica")  # no FK triggers while loading
        try:
            with transaction.atomic():
                loader.persons.flush(cursor)
                loader.aliases.flush(cursor)
                loader.relatives.flush(cursor)
            for start in range(0, len(persons), BATCH):
                with transaction.atomic():
                    for person in persons[start : start + BATCH]:
                        loader.history(person)
                    loader.flush(cursor)
        finally:
            cursor.execute("SET session_replication_role = origin")
        for table in loader.tables:
            name = table.model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f'(SELECT coalesce(max(id), 1) FROM "{name}"))'
            )
        cursor.execute("VACUUM ANALYZE")
    counts = {table.model._meta.verbose_name_plural: table.count for table in loader.tables}
    counts["places today"] = total_places
    return persons, counts


# --- Measuring ----------------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def shape(sql: str) -> str:
    """The statement with its literals replaced, to group the same query across requests."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    return re.sub(r"\"s\w+_x\d+\"", '"sp"', sql)


@dataclass
class Row:
    label: str
    info: bool = False
    server: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # this process's CPU time of the request
    raw: list[float] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)
    by_shape: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    example: dict[str, str] = field(default_factory=dict)  # one statement of each shape

    def slowest(self, count: int) -> list[tuple[float, str]]:
        """The statements (by shape) with the highest median time, slowest first."""
        medians = ((statistics.median(t), s) for s, t in self.by_shape.items())
        return sorted(medians, reverse=True)[:count]


def make_users(persons: list[Person]):
    from varde.organisation.choices import Role, Scope
    from varde.organisation.models import Region, Unit, User

    def user(username: str, **fields) -> User:
        obj = User(username=username, first_name=username, **fields)
        obj.set_unusable_password()
        obj.save()
        return obj

    regional = {
        region.pk: user(
            f"region-{region.code}", role=Role.REGIONAL_OFFICER, scope=Scope.REGION, region=region
        )
        for region in Region.objects.all()
    }
    unit_ids = {p.slot.unit_id for p in persons if p.role == "prison"}
    local = {
        unit.pk: user(
            f"unit-{unit.code}", role=Role.PRISON_CASE_WORKER, scope=Scope.UNIT, unit=unit
        )
        for unit in Unit.objects.filter(pk__in=unit_ids)
    }
    return regional, local


def measure(args, rng: random.Random, persons: list[Person]) -> list[Row]:
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    regional, local = make_users(persons)
    clients: dict[int, Client] = {}

    def client_of(user) -> Client:
        if user.pk not in clients:
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            clients[user.pk] = client
        return clients[user.pk]

    inside = [p for p in persons if p.role == "prison"]
    rows = {
        "unit": Row("person page, unit case worker"),
        "region": Row("person page, regional officer"),
        "journal": Row("journal section (htmx), unit", info=True),
        "form": Row("stay release form (htmx), unit", info=True),
        "overview": Row("unit overview"),
    }
    tasks = []
    for _ in range(args.requests):
        p = rng.choice(inside)
        tasks.append(("unit", local[p.slot.unit_id], reverse("people:detail", args=[p.pk]), {}))
        p = rng.choice(inside)
        tasks.append(
            ("region", regional[p.slot.region_id], reverse("people:detail", args=[p.pk]), {})
        )
        p = rng.choice(inside)
        url = reverse("journal:person_journal", args=[p.pk])
        tasks.append(("journal", local[p.slot.unit_id], url, HTMX))
        p = rng.choice(inside)
        url = reverse("execution:stay_form", args=[p.pk, "release"])
        tasks.append(("form", local[p.slot.unit_id], url, {"HX-Request": "true"}))
        viewer = rng.choice([*regional.values(), local[p.slot.unit_id]])
        tasks.append(("overview", viewer, reverse("organisation:units"), {}))
    rng.shuffle(tasks)

    for key, user, url, headers in tasks:
        client, row = client_of(user), rows[key]
        with CaptureQueriesContext(connection) as ctx:  # untimed: warm up, capture the SQL
            response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.status_code)
        captured = ctx.captured_queries  # now: the next request resets the query log
        row.statements.append(len(captured))
        t0, c0 = time.perf_counter(), time.thread_time()
        response = client.get(url, headers=headers)
        row.server.append((time.perf_counter() - t0) * 1000)
        row.cpu.append((time.thread_time() - c0) * 1000)
        assert response.status_code == 200
        total = 0.0
        with transaction.atomic(), connection.cursor() as cursor:
            for q in captured:
                sql = q["sql"]
                if sql in TRANSACTION_CONTROL:  # the re-run is one transaction, rolled back
                    continue
                sql = DECLARE.sub("", sql)  # a server-side cursor (a select's choices): its query
                t0 = time.perf_counter()
                cursor.execute(sql)
                if cursor.description is not None:
                    cursor.fetchall()
                elapsed = (time.perf_counter() - t0) * 1000
                total += elapsed
                row.by_shape[shape(sql)].append(elapsed)
                row.example.setdefault(shape(sql), sql)
            transaction.set_rollback(True)
        row.raw.append(total)
    if args.explain:
        for row in rows.values():
            median, slowest = row.slowest(1)[0]
            sql = row.example[slowest]
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(r[0] for r in cursor.fetchall())
            print(
                f"\n--- EXPLAIN ANALYZE: slowest statement of {row.label} "
                f"(median {median:.2f} ms)\n{sql}\n{plan}"
            )
    return list(rows.values())


def report(rows: list[Row], counts: dict[str, int], load_seconds: float) -> bool:
    print()
    print(
        "Person page and unit overview (server time in ms through the test client; cpu = the "
        "CPU time of this process in it, which other work on the machine hardly changes; raw = "
        "the same statements re-run on a cursor; ratio = median server/raw)"
    )
    header = (
        f"{'page':<32} {'n':>4} | {'p50':>6} {'p95':>6} {'max':>6} | {'cpu p50':>7} "
        f"{'cpu p95':>7} | {'raw p50':>7} "
        f"{'raw p95':>7} | {'ratio':>5} {'sql/req':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        lo, hi = min(r.statements), max(r.statements)
        sql = f"{lo}" if lo == hi else f"{lo}-{hi}"
        ratio = statistics.median(s / w for s, w in zip(r.server, r.raw, strict=True) if w)
        print(
            f"{r.label:<32} {len(r.server):>4} | {pct(r.server, 50):>6.1f} "
            f"{pct(r.server, 95):>6.1f} {max(r.server):>6.1f} | {pct(r.cpu, 50):>7.1f} "
            f"{pct(r.cpu, 95):>7.1f} | {pct(r.raw, 50):>7.1f} "
            f"{pct(r.raw, 95):>7.1f} | {ratio:>5.1f} {sql:>7}"
        )
    print("-" * len(header))
    for r in rows:
        parts = [
            f"{median:.2f} ms  " + re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", s)[:110]
            for median, s in r.slowest(3)
        ]
        print(f"slowest statements, {r.label} (median):")
        for part in parts:
            print(f"    {part}")
    judged = [r for r in rows if not r.info]
    worst = max(judged, key=lambda r: pct(r.server, 95))
    ok = pct(worst.server, 95) < TARGET_P95_MS
    print(
        f"worst p95: {pct(worst.server, 95):.1f} ms ({worst.label}) -> "
        f"{'MET' if ok else 'MISSED'} (target p95 < {TARGET_P95_MS:.0f} ms for the person page "
        f"and the unit overview); load {load_seconds:.0f} s"
    )
    return ok


def main() -> int:
    args = parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    started = time.perf_counter()
    recreate_database(url)
    setup_django(url)

    from django.core.management import call_command
    from django.db import connection

    from varde.organisation.seed import seed_organisation

    call_command("migrate", verbosity=0)
    seed_organisation()
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    persons, counts = load(args, rng)
    load_seconds = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM execution_stay WHERE released_at IS NULL UNION ALL "
            "SELECT count(DISTINCT person_id) FROM people_responsibility r JOIN "
            "organisation_unit u ON u.id = r.unit_id WHERE r.date_to IS NULL AND "
            "u.kind = 'probation_office'"
        )
        inside, community = (r[0] for r in cursor.fetchall())
    print(
        ", ".join(f"{n:,} {name}" for name, n in counts.items())
        + f"; {inside:,} in prison today, {community:,} with an open responsibility at a "
        f"probation office; loaded in {load_seconds:.0f} s; PostgreSQL {connection.pg_version}"
    )
    load_before = os.getloadavg()[0]
    rows = measure(args, rng, persons)
    ok = report(rows, counts, load_seconds)
    print(
        f"total {time.perf_counter() - started:.0f} s; load average {load_before:.1f} before "
        f"and {os.getloadavg()[0]:.1f} after the timing on {os.cpu_count()} CPUs (other work on "
        f"the machine shows up in the p95 and max columns)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
