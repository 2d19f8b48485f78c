"""Benchmark: saving a day's attendance grid for a department of 25 inmates, on PostgreSQL.

    .venv/bin/python bench/attendance.py [--persons 30000] [--requests 100] [--seed 1]
                                         [--explain]

Steps: drop and recreate a scratch database (``BENCH_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/varde_bench_attendance``; its name must contain "bench",
since it is dropped), migrate, seed the real organisation, and load the national history of
``bench/person_page.py`` (N persons with 20 years of judgments, stays, placements, absences,
responsibilities and journals; about 3,000 in prison today). Then the regime:

- every inmate in prison today gets 60 weekdays of attendance history (about 180,000 rows)
  with an audit row each, written with COPY;
- a department "Benkavdelingen" under Oslo fengsel with 25 inmates placed there today (60
  days in), three activities, 20 of them enrolled, a default regime, a prison officer of
  Oslo fengsel (unit scope: the prison and its departments).

Then, through Django's test client (middleware, session, permissions, the view, the action,
the redirect), the grid of the department is posted (form-urlencoded, as the browser sends
it) for a random day of the last month, in random order:

- "new day": the day has no registration yet (25 rows created, 25 audit rows);
- "correction": the day is registered as proposed, and 3–8 rows change (sick, refused ...).

Each sample: the day is reset (untimed), the POST runs once capturing its SQL, the day is
reset again, the POST runs timed, and the captured statements are re-run on a cursor in a
transaction after the same reset, rolled back; the ratio is server time / raw SQL time.
Target: p95 of the server time < 200 ms. Run by hand, not in CI.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

from bench_db import recreate_database, setup_django
from person_page import DECLARE, TRANSACTION_CONTROL, Table, load, pct, shape

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/varde_bench_attendance"
TARGET_P95_MS = 200.0
DEPARTMENT_SIZE = 25
HISTORY_WEEKDAYS = 60
FORM = "application/x-www-form-urlencoded"  # what the browser sends for the grid's form


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=30_000)
    parser.add_argument("--requests", type=int, default=100, help="timed POSTs per variant")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--in-prison", type=int, default=3_000)
    parser.add_argument("--in-community", type=int, default=2_000)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN the slowest statement")
    return parser.parse_args()


def weekdays_back(today: date, count: int) -> list[date]:
    days, day = [], today - timedelta(days=1)
    while len(days) < count:
        if day.isoweekday() <= 5:
            days.append(day)
        day -= timedelta(days=1)
    return days


def load_history(rng: random.Random, today: date) -> int:
    """Attendance and its audit rows for every open placement, over past weekdays (COPY)."""
    from django.db import connection
    from psycopg.types.json import Jsonb

    from varde.audit.models import AuditEvent
    from varde.execution.models import Placement
    from varde.regime.models import Attendance

    rows = Table(Attendance, ("id", "person_id", "stay_id", "unit_id", "day", "status", "reason"))
    audit = Table(
        AuditEvent,
        (
            "id",
            "at",
            "actor_name",
            "action",
            "verb",
            "object_type",
            "object_id",
            "object_repr",
            "person_id",
            "changes",
        ),
    )
    placements = Placement.objects.filter(to_at__isnull=True).values_list(
        "stay_id", "stay__person_id", "unit_id", "from_at"
    )
    days = weekdays_back(today, HISTORY_WEEKDAYS)
    with connection.cursor() as outer:
        cursor = outer.cursor
        for stay_id, person_id, unit_id, from_at in placements.iterator():
            start = from_at.date()
            for day in days:
                if day < start:
                    break
                status = rng.choices(["attended", "absent", "none"], [78, 8, 14])[0]
                reason = rng.choice(["sick", "refused", "visit"]) if status == "absent" else ""
                pk = rows.new_id()
                rows.add(pk, person_id, stay_id, unit_id, day, status, reason)
                at = datetime(day.year, day.month, day.day, 15, tzinfo=UTC)
                changes = Jsonb({"status": [None, status]})
                audit.add(
                    audit.new_id(),
                    at,
                    "betjent",
                    "register_attendance",
                    "create",
                    "regime.attendance",
                    str(pk),
                    f"{day:%d.%m.%Y}",
                    person_id,
                    changes,
                )
            if len(rows.rows) > 20_000:
                rows.flush(cursor)
                audit.flush(cursor)
        rows.flush(cursor)
        audit.flush(cursor)
        for table in ("regime_attendance", "audit_auditevent"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f'(SELECT coalesce(max(id), 1) FROM "{table}"))'
            )
        cursor.execute("VACUUM ANALYZE")
    return rows.count


@dataclass
class Department:
    prison: object
    unit: object
    stays: list
    workshop_id: int
    officer: object


def make_department(today: date) -> Department:
    """25 inmates placed today in a new department of Oslo fengsel, with activities,
    enrolments, a default regime and an officer (ORM writes: benchmark set-up)."""
    from datetime import time as clock

    from django.utils import timezone

    from varde.execution.models import Placement, Stay
    from varde.organisation.choices import Role, Scope, UnitKind
    from varde.organisation.models import Unit, User
    from varde.people.models import Person, Responsibility
    from varde.regime.actions import PeriodInput, do_create_offer, do_enrol, do_set_schedule

    prison = Unit.objects.get(code="oslo-fengsel")
    unit = Unit.objects.create(
        code="oslo-benkavdelingen",
        name="Benkavdelingen",
        kind=UnitKind.PRISON_HIGH,
        region=prison.region,
        parent=prison,
    )
    admitted = timezone.make_aware(datetime.combine(today - timedelta(days=60), clock(10)))
    stays = []
    for n in range(DEPARTMENT_SIZE):
        person = Person.objects.create(
            first_name=f"Benk{n:02d}",
            last_name="Innsatt",
            sex="male",
            birth_date=date(1990, 1, 1 + n),
        )
        stay = Stay.objects.create(
            person=person, kind="sentence", admitted_at=admitted, unit=unit, security_level="high"
        )
        Placement.objects.create(
            stay=stay,
            unit=unit,
            security_level="high",
            sex="male",
            from_at=admitted,
            reason="admission",
        )
        Responsibility.objects.create(
            person=person, unit=unit, date_from=admitted.date(), reason="stay"
        )
        stays.append(stay)
    officer = User.objects.create(
        username="betjent-benk", role=Role.PRISON_OFFICER, scope=Scope.UNIT, unit=prison
    )
    start = today - timedelta(days=90)
    do_set_schedule(
        unit,
        valid_from=start,
        periods=[
            PeriodInput("weekday", clock(8), clock(12), "ordinary"),
            PeriodInput("weekday", clock(13), clock(16), "ordinary"),
            PeriodInput("weekend", clock(10), clock(14), "partial"),
        ],
        actor=None,
    )
    offers = [
        do_create_offer(
            unit,
            kind=kind,
            name=name,
            capacity=12,
            weekdays="12345",
            starts_at=clock(8, 30),
            ends_at=clock(14),
            valid_from=start,
            actor=None,
        )
        for kind, name in (("workshop", "Verkstedet"), ("school", "Skolen"), ("other", "Kjøkken"))
    ]
    for number, stay in enumerate(stays[:20]):
        do_enrol(offers[number % 2], stay, date_from=today - timedelta(days=59), actor=None)
    return Department(prison, unit, stays, offers[0].pk, officer)


@dataclass
class Row:
    label: str
    server: list[float] = field(default_factory=list)
    raw: list[float] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)
    by_shape: dict[str, list[float]] = field(default_factory=dict)
    example: dict[str, str] = field(default_factory=dict)


def measure(args, rng: random.Random, dept: Department, today: date) -> list[Row]:
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from varde.regime.actions import AttendanceEntry
    from varde.regime.models import Attendance
    from varde.regime.queries import attendance_grid

    client = Client()
    client.force_login(dept.officer, backend="django.contrib.auth.backends.ModelBackend")
    days = weekdays_back(today, 20)
    proposals = {day: attendance_grid(dept.prison, day, None, dept.unit) for day in days}

    def base(day: date) -> list[Attendance]:
        return [
            Attendance(
                person_id=r.person.pk,
                stay_id=r.stay_id,
                unit_id=dept.unit.pk,
                day=day,
                status=r.proposal.status,
                reason=r.proposal.reason,
                offer_id=r.proposal.offer,
                registered_by_name="benk",
            )
            for r in proposals[day].rows
        ]

    def reset(day: date, variant: str) -> None:
        Attendance.objects.filter(unit=dept.unit, day=day).delete()
        if variant == "correction":
            Attendance.objects.bulk_create(base(day))

    def form(day: date, variant: str) -> str:
        rows = proposals[day].rows
        changed = (
            set(rng.sample(range(len(rows)), rng.randint(3, 8)))
            if variant == "correction"
            else set()
        )
        data: dict = {"stay": [str(r.stay_id) for r in rows]}
        for i, r in enumerate(rows):
            entry = AttendanceEntry(
                r.stay_id, r.proposal.status, r.proposal.reason, r.proposal.offer
            )
            if i in changed:
                entry = AttendanceEntry(
                    r.stay_id, "absent", rng.choice(["sick", "refused"]), dept.workshop_id
                )
            data[f"status-{r.stay_id}"] = entry.status
            data[f"reason-{r.stay_id}"] = entry.reason
            data[f"offer-{r.stay_id}"] = str(entry.offer_id or "")
        return urlencode(data, doseq=True)

    rows = {"new": Row("new day (25 created)"), "correction": Row("correction (3-8 changed)")}
    tasks = [(variant, rng.choice(days)) for variant in rows for _ in range(args.requests)]
    rng.shuffle(tasks)
    for variant, day in tasks:
        row = rows[variant]
        url = (
            reverse("regime:grid", args=[dept.prison.pk])
            + f"?dato={day:%Y-%m-%d}&avdeling={dept.unit.pk}"
        )
        data = form(day, variant)
        reset(day, variant)
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(url, data, content_type=FORM)
        assert response.status_code == 302, (response.status_code, response.content[:500])
        captured = ctx.captured_queries
        row.statements.append(len(captured))
        reset(day, variant)
        t0 = time.perf_counter()
        response = client.post(url, data, content_type=FORM)
        row.server.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 302
        total = 0.0
        with transaction.atomic(), connection.cursor() as cursor:
            reset(day, variant)
            for q in captured:
                sql = q["sql"]
                if sql in TRANSACTION_CONTROL or sql.startswith(("SAVEPOINT", "RELEASE")):
                    continue
                sql = DECLARE.sub("", sql)
                t0 = time.perf_counter()
                cursor.execute(sql)
                if cursor.description is not None:
                    cursor.fetchall()
                elapsed = (time.perf_counter() - t0) * 1000
                total += elapsed
                row.by_shape.setdefault(shape(sql), []).append(elapsed)
                row.example.setdefault(shape(sql), sql)
            transaction.set_rollback(True)
        row.raw.append(total)
    if args.explain:
        for row in rows.values():
            median, slowest = max((statistics.median(t), s) for s, t in row.by_shape.items())
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + row.example[slowest])
                plan = "\n".join(r[0] for r in cursor.fetchall())
            print(f"\n--- slowest statement of {row.label} ({median:.2f} ms)\n{plan}")
    return list(rows.values())


def report(rows: list[Row]) -> bool:
    print()
    print(
        "Saving the grid of a 25-inmate department (server time in ms through the test client; "
        "raw = the same statements re-run on a cursor; ratio = median server/raw)"
    )
    header = (
        f"{'request':<28} {'n':>4} | {'p50':>6} {'p95':>6} {'max':>6} | {'raw p50':>7} "
        f"{'raw p95':>7} | {'ratio':>5} {'sql/req':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        lo, hi = min(r.statements), max(r.statements)
        sql = f"{lo}" if lo == hi else f"{lo}-{hi}"
        ratio = statistics.median(s / w for s, w in zip(r.server, r.raw, strict=True) if w)
        print(
            f"{r.label:<28} {len(r.server):>4} | {pct(r.server, 50):>6.1f} "
            f"{pct(r.server, 95):>6.1f} {max(r.server):>6.1f} | {pct(r.raw, 50):>7.1f} "
            f"{pct(r.raw, 95):>7.1f} | {ratio:>5.1f} {sql:>7}"
        )
    print("-" * len(header))
    for r in rows:
        slowest = sorted(((statistics.median(t), s) for s, t in r.by_shape.items()), reverse=True)
        print(f"slowest statements, {r.label} (median):")
        for median, s in slowest[:3]:
            print(f"    {median:.2f} ms  {s[:110]}")
    worst = max(rows, key=lambda r: pct(r.server, 95))
    ok = pct(worst.server, 95) < TARGET_P95_MS
    print(
        f"worst p95: {pct(worst.server, 95):.1f} ms ({worst.label}) -> "
        f"{'MET' if ok else 'MISSED'} (target p95 < {TARGET_P95_MS:.0f} ms)"
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
    from django.utils import timezone

    from varde.organisation.seed import seed_organisation

    call_command("migrate", verbosity=0)
    seed_organisation()
    rng = random.Random(args.seed)
    today = timezone.localdate()
    t0 = time.perf_counter()
    _persons, counts = load(args, rng)
    history = load_history(rng, today)
    dept = make_department(today)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        ", ".join(f"{n:,} {name}" for name, n in counts.items())
        + f"; {history:,} attendance rows (and as many audit rows); loaded in "
        f"{time.perf_counter() - t0:.0f} s; PostgreSQL {connection.pg_version}"
    )
    load_before = os.getloadavg()[0]
    rows = measure(args, rng, dept, today)
    ok = report(rows)
    print(
        f"total {time.perf_counter() - started:.0f} s; load average {load_before:.1f} before "
        f"and {os.getloadavg()[0]:.1f} after on {os.cpu_count()} CPUs (other work on the "
        f"machine shows up in the p95 and max columns)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
