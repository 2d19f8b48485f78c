"""No overbooking (issue 4 quality bar): many officers placing different people into the
last free place at the same moment → exactly one succeeds.

Each thread has its own database connection and transaction; a barrier releases them
together. On PostgreSQL the capacity rows are locked (SELECT ... FOR UPDATE); on SQLite the
write lock is taken when a transaction begins (settings: transaction_mode IMMEDIATE).
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from tests.conftest import make_person
from varde.execution.actions import do_admit, do_transfer
from varde.execution.models import Placement
from varde.organisation.choices import SecurityLevel, UnitKind
from varde.organisation.models import Capacity, Region, Unit

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8


def _race(work) -> tuple[list[object], list[str]]:
    barrier = threading.Barrier(THREADS)
    successes: list[object] = []
    refusals: list[str] = []
    lock = threading.Lock()

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            result = work(index)
            with lock:
                successes.append(result)
        except ValidationError as exc:
            with lock:
                refusals.extend(exc.messages)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return successes, refusals


@pytest.fixture
def small_unit() -> Unit:
    region = Region.objects.create(code="nord", name="Region nord")
    unit = Unit.objects.create(
        code="liten", name="Lite fengsel", kind=UnitKind.PRISON_LOWER, region=region
    )
    Capacity.objects.create(
        unit=unit, security_level=SecurityLevel.LOWER, places=3, valid_from=date(2020, 1, 1)
    )
    for i in range(2):  # two of three places taken: one free
        person = make_person("Fast", f"Beboer{i}", date(1980, 1, 1), seed=900 + i)
        do_admit(person, unit, security_level=SecurityLevel.LOWER, actor=None)
    return unit


def test_parallel_admissions_into_the_last_place(small_unit):
    persons = [
        make_person("Ny", f"Innsatt{i}", date(1990, 1, 1), seed=700 + i) for i in range(THREADS)
    ]

    def work(index: int) -> object:
        return do_admit(persons[index], small_unit, security_level=SecurityLevel.LOWER, actor=None)

    successes, refusals = _race(work)
    assert len(successes) == 1
    assert len(refusals) == THREADS - 1
    assert all(text.startswith("Ingen ledige plasser") for text in refusals)
    assert Placement.objects.filter(unit=small_unit, to_at__isnull=True).count() == 3


def test_parallel_transfers_into_the_last_place(small_unit):
    elsewhere = Unit.objects.create(
        code="stort", name="Stort fengsel", kind=UnitKind.PRISON_HIGH, region=small_unit.region
    )
    Capacity.objects.create(
        unit=elsewhere, security_level=SecurityLevel.HIGH, places=50, valid_from=date(2020, 1, 1)
    )
    stays = [
        do_admit(
            make_person("Flytt", f"Kandidat{i}", date(1985, 1, 1), seed=800 + i),
            elsewhere,
            security_level=SecurityLevel.HIGH,
            actor=None,
        )
        for i in range(THREADS)
    ]

    def work(index: int) -> object:
        return do_transfer(
            stays[index],
            small_unit,
            security_level=SecurityLevel.LOWER,
            reason="progression",
            actor=None,
        )

    successes, refusals = _race(work)
    assert len(successes) == 1 and len(refusals) == THREADS - 1
    assert Placement.objects.filter(unit=small_unit, to_at__isnull=True).count() == 3
