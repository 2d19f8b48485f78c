"""Benchmark: server time of the person search API on PostgreSQL with a realistic register.

    .venv/bin/python bench/person_search.py [--persons 200000] [--queries 300] [--seed 1]

Steps: drop and recreate a scratch database (``BENCH_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/varde_bench``; its name must contain "bench", since it is
dropped), migrate, load N synthetic persons (one responsibility each, spread over ~100 units
in 5 regions; ~5 % with aliases), VACUUM ANALYZE, then time ``GET /api/persons/?q=...``
through Django's test client (the whole stack: middleware, session, permissions, DRF's
LimitOffsetPagination COUNT(*) + page query, serialisation) for a national admin, a regional
officer and a unit officer, for five kinds of query. The same search SQL the ORM generated
(captured per request) is then run directly on a cursor, COUNT and page query timed apart,
and the report gives the endpoint/raw-SQL ratio. Target: endpoint p95 < 50 ms.

Run by hand (``make bench``), not in CI. All national IDs are synthetic test numbers.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from urllib.parse import quote

from bench_db import recreate_database, setup_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/varde_bench"
TARGET_P95_MS = 50.0
KINDS = ("surname", "first+surname", "prefix", "birth date", "national ID")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument(
        "--queries",
        type=int,
        default=300,
        help="timed requests per user, spread evenly over the query kinds",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print EXPLAIN ANALYZE of one query of each kind per user",
    )
    return parser.parse_args()


# --- Database ---------------------------------------------------------------------------------


# --- Data -------------------------------------------------------------------------------------


def make_organisation(rng: random.Random):
    from varde.organisation.choices import RegionCode, UnitKind
    from varde.organisation.models import Region, Unit

    regions = [Region.objects.create(code=code, name=label) for code, label in RegionCode.choices]
    kinds = (
        [UnitKind.PRISON_HIGH] * 4
        + [UnitKind.PRISON_LOWER] * 3
        + [UnitKind.PROBATION_OFFICE] * 3
        + [UnitKind.TRANSITIONAL_HOUSING, UnitKind.YOUTH_UNIT]
    )
    units = []
    for i in range(90):
        units.append(
            Unit.objects.create(
                code=f"enhet-{i:03d}",
                name=f"Enhet {i:03d}",
                kind=rng.choice(kinds),
                region=regions[i % len(regions)],
            )
        )
    # Ten departments of the first prisons (unit scope includes a unit's departments).
    for i in range(10):
        parent = units[i]
        units.append(
            Unit.objects.create(
                code=f"enhet-{i:03d}-avd",
                name=f"Enhet {i:03d}, avdeling",
                kind=parent.kind,
                region=parent.region,
                parent=parent,
            )
        )
    # Unit sizes differ a lot: weight ~ 1/rank (a few large prisons, many small units).
    order = list(range(len(units)))
    rng.shuffle(order)
    weights = [1.0 / (1 + order[i] * 0.3) for i in range(len(units))]
    return regions, units, weights


def responsibility_period(rng: random.Random, today: date) -> tuple[date, date | None]:
    """~8 % open, ~3 % ended within the grace period, the rest ended long ago."""
    roll = rng.random()
    if roll < 0.08:
        return today - timedelta(days=rng.randint(0, 3 * 365)), None
    if roll < 0.11:
        end = today - timedelta(days=rng.randint(0, 29))
    else:
        end = today - timedelta(days=rng.randint(31, 15 * 365))
    return end - timedelta(days=rng.randint(1, 4 * 365)), end


def load_persons(n: int, rng: random.Random, units, weights) -> dict[str, list]:
    """Bulk-load ``n`` persons with one responsibility each; return samples for the queries."""
    from django.db import transaction
    from django.utils import timezone

    from varde.people.choices import ResponsibilityReason
    from varde.people.demo import (
        FIRST_NAMES_F,
        FIRST_NAMES_M,
        LAST_NAMES,
        random_person_fields,
        synthetic_national_id,
    )
    from varde.people.models import Alias, Person, Responsibility
    from varde.people.rules import validate_national_id

    today = timezone.localdate()
    seen_ids: set[str] = set()
    samples: dict[str, list] = defaultdict(list)
    batch_size = 5_000
    reasons = [
        ResponsibilityReason.STAY,
        ResponsibilityReason.STAY,
        ResponsibilityReason.COMMUNITY_CASE,
        ResponsibilityReason.REMAND,
    ]
    with transaction.atomic():
        for start in range(0, n, batch_size):
            persons = []
            for _ in range(min(batch_size, n - start)):
                fields = random_person_fields(rng, today)
                national_id = fields["national_id"]
                d_number = national_id is not None and int(national_id[0]) >= 4
                for _attempt in range(20):  # synthetic IDs collide now and then: draw again
                    if national_id is None or national_id not in seen_ids:
                        break
                    national_id = synthetic_national_id(
                        fields["birth_date"], rng, sex=fields["sex"], d_number=d_number
                    )
                else:
                    national_id = None
                fields["national_id"] = national_id
                if national_id:
                    seen_ids.add(national_id)
                    fields["id_kind"] = validate_national_id(national_id, allow_synthetic=True).kind
                else:
                    fields["id_kind"] = "none"
                person = Person(**fields)
                person.refresh_search_name()
                persons.append(person)
            Person.objects.bulk_create(persons, batch_size=batch_size)

            chosen_units = rng.choices(units, weights=weights, k=len(persons))
            responsibilities, aliases = [], []
            for person, unit in zip(persons, chosen_units, strict=True):
                date_from, date_to = responsibility_period(rng, today)
                responsibilities.append(
                    Responsibility(
                        person_id=person.pk,
                        unit_id=unit.pk,
                        date_from=date_from,
                        date_to=date_to,
                        reason=rng.choice(reasons),
                    )
                )
                if rng.random() < 0.05:
                    for _ in range(rng.choice((1, 1, 2))):
                        first = rng.choice(
                            FIRST_NAMES_F if person.sex == "female" else FIRST_NAMES_M
                        )
                        alias = Alias(person_id=person.pk, name=f"{first} {rng.choice(LAST_NAMES)}")
                        alias.refresh_search_name()
                        aliases.append(alias)
                if rng.random() < 0.02:
                    samples["persons"].append(person)
            Responsibility.objects.bulk_create(responsibilities, batch_size=batch_size)
            Alias.objects.bulk_create(aliases, batch_size=batch_size)
    return samples


def make_users(regions, units, weights):
    from varde.organisation.choices import Role, Scope
    from varde.organisation.models import User

    def user(username: str, **fields) -> User:
        obj = User(username=username, first_name=username.capitalize(), **fields)
        obj.set_unusable_password()
        obj.save()
        return obj

    region = regions[-1]  # øst
    # The unit officer works at the largest unit of the region (worst case for unit scope).
    biggest = max(
        (u for u in units if u.region_id == region.pk), key=lambda u: weights[units.index(u)]
    )
    return [
        ("national admin", user("ada", role=Role.SYSTEM_ADMIN, scope=Scope.NATIONAL)),
        (
            "regional officer",
            user("rune", role=Role.REGIONAL_OFFICER, scope=Scope.REGION, region=region),
        ),
        ("unit officer", user("alice", role=Role.PRISON_OFFICER, scope=Scope.UNIT, unit=biggest)),
    ]


def make_queries(kind: str, count: int, rng: random.Random, samples) -> list[str]:
    from varde.lib.text import fold
    from varde.people.demo import FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES

    people = samples["persons"]
    out = []
    for _ in range(count):
        if kind == "surname":
            out.append(rng.choice(LAST_NAMES))
        elif kind == "first+surname":
            out.append(f"{rng.choice(FIRST_NAMES_M + FIRST_NAMES_F)} {rng.choice(LAST_NAMES)}")
        elif kind == "prefix":
            out.append(fold(rng.choice(LAST_NAMES))[:4])  # e.g. "sore" for Sørensen
        elif kind == "birth date":
            out.append(rng.choice(people).birth_date.strftime("%d.%m.%Y"))
        else:
            out.append(rng.choice([p for p in people[:500] if p.national_id]).national_id)
    return out


# --- Measuring ----------------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def search_sql(captured) -> list[str]:
    """The statements of one request that read persons (COUNT and page query)."""
    return [q["sql"] for q in captured if '"people_person"' in q["sql"]]


def measure(users, rng: random.Random, samples, queries: int, explain: bool):
    """Time every (user, query) once through the endpoint and once as raw SQL.

    The requests of all users and kinds are shuffled together, so that a burst of load from
    elsewhere on the machine spreads over all rows of the report instead of spoiling one.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    per_kind = max(1, queries // len(KINDS))
    clients = {}
    tasks = []
    for label, user in users:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        clients[label] = client
        for kind in KINDS:
            tasks += [(label, kind, q) for q in make_queries(kind, per_kind, rng, samples)]
    rng.shuffle(tasks)

    results: dict[tuple[str, str], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    explained: list[tuple[str, str, str, str]] = []
    for label, kind, q in tasks:
        client, out = clients[label], results[label, kind]
        url = f"/api/persons/?q={quote(q)}"
        # Untimed run: warm up and capture the SQL the ORM generates.
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (response.status_code, response.content)
        out["hits"].append(response.json()["count"])
        out["statements"].append(len(ctx.captured_queries))
        sql = search_sql(ctx.captured_queries)
        # Timed run through the whole stack.
        t0 = time.perf_counter()
        response = client.get(url)
        out["endpoint"].append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
        # The same search SQL, straight on a cursor.
        count_ms = page_ms = 0.0
        with connection.cursor() as cursor:
            for statement in sql:
                t0 = time.perf_counter()
                cursor.execute(statement)
                cursor.fetchall()
                elapsed = (time.perf_counter() - t0) * 1000
                if statement.startswith("SELECT COUNT(*)"):
                    count_ms += elapsed
                else:
                    page_ms += elapsed
        out["raw"].append(count_ms + page_ms)
        out["count"].append(count_ms)
        out["page"].append(page_ms)
        if explain and len(out["endpoint"]) == 1:
            for statement in sql:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement)
                    plan = "\n".join(r[0] for r in cursor.fetchall())
                explained.append((label, kind, q, plan))

    rows = []
    for label, _user in users:
        for kind in KINDS:
            out = results[label, kind]
            endpoint, raw = out["endpoint"], out["raw"]
            rows.append(
                {
                    "user": label,
                    "kind": kind,
                    "n": len(endpoint),
                    "p50": pct(endpoint, 50),
                    "p95": pct(endpoint, 95),
                    "max": max(endpoint),
                    "raw50": pct(raw, 50),
                    "raw95": pct(raw, 95),
                    "count50": pct(out["count"], 50),
                    "page50": pct(out["page"], 50),
                    "ratio": statistics.median(e / r for e, r in zip(endpoint, raw, strict=True)),
                    "hits": statistics.median(out["hits"]),
                    "statements": max(out["statements"]),
                }
            )
    return rows, explained


def report(rows, load_seconds: float, total_persons: int) -> bool:
    header = (
        f"{'user':<17} {'query kind':<14} {'n':>4} {'hits':>6} | {'p50':>6} {'p95':>6} "
        f"{'max':>6} | {'raw p50':>7} {'raw p95':>7} {'count':>6} {'page':>6} | "
        f"{'ratio':>5} {'sql/req':>7}"
    )
    print()
    print(
        f"Person search, {total_persons:,} persons, endpoint GET /api/persons/?q= "
        f"(times in ms; raw = COUNT + page SQL on a cursor; ratio = median endpoint/raw)"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['user']:<17} {r['kind']:<14} {r['n']:>4} {r['hits']:>6.0f} | "
            f"{r['p50']:>6.1f} {r['p95']:>6.1f} {r['max']:>6.1f} | {r['raw50']:>7.1f} "
            f"{r['raw95']:>7.1f} {r['count50']:>6.1f} {r['page50']:>6.1f} | "
            f"{r['ratio']:>5.1f} {r['statements']:>7}"
        )
    worst = max(rows, key=lambda r: r["p95"])
    ok = worst["p95"] < TARGET_P95_MS
    count_share = statistics.median(r["count50"] / r["raw50"] for r in rows if r["raw50"] > 0)
    print("-" * len(header))
    print(
        f"worst p95: {worst['p95']:.1f} ms ({worst['user']}, {worst['kind']}) -> "
        f"{'OK' if ok else 'MISSED'} (target < {TARGET_P95_MS:.0f} ms); "
        f"COUNT(*) is a median {count_share:.0%} of the raw SQL time; load {load_seconds:.0f} s"
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

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    regions, units, weights = make_organisation(rng)
    t0 = time.perf_counter()
    samples = load_persons(args.persons, rng, units, weights)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    load_seconds = time.perf_counter() - t0
    users = make_users(regions, units, weights)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM people_alias")
        aliases = cursor.fetchone()[0]
    print(
        f"loaded {args.persons:,} persons, {aliases:,} aliases, {len(units)} units "
        f"in {load_seconds:.0f} s; PostgreSQL {connection.pg_version}"
    )

    load_before = os.getloadavg()[0]
    rows, explained = measure(users, rng, samples, args.queries, args.explain)
    for label, kind, q, plan in explained:
        print(f"\n--- EXPLAIN ANALYZE: {label}, {kind} {q!r}\n{plan}")
    ok = report(rows, load_seconds, args.persons)
    print(
        f"total {time.perf_counter() - started:.0f} s; load average {load_before:.1f} before "
        f"and {os.getloadavg()[0]:.1f} after the timing on {os.cpu_count()} CPUs (other work on "
        f"the machine shows up in the p95 and max columns)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
