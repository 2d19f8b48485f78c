"""The queue (soningskø): pure rules of innkallingsforskriften § 3 with worked examples, the
scoped queue and its overview, the /ko/ page and /api/queue/, with pinned query counts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import Org, People, Personas, make_person
from tests.execution.queue_support import queued, years_ago
from varde.execution import rules
from varde.execution.actions import do_send_callin
from varde.execution.choices import ExecutionForm
from varde.execution.queries import queue_entries, queue_for, queue_overview
from varde.organisation.choices import SecurityLevel
from varde.people.actions import do_open_responsibility

# --- rules: worked examples -----------------------------------------------------------------


def test_three_weeks_notice_worked_example() -> None:
    """§ 3 first para: sent Monday 3 March 2025 → attendance Monday 24 March at the earliest."""
    assert rules.earliest_start(date(2025, 3, 3)) == date(2025, 3, 24)
    common = {
        "sent_on": date(2025, 3, 3),
        "order_on": date(2025, 2, 1),
        "age_at_order": 30,
        "form": ExecutionForm.PRISON,
        "ek_possible": False,
        "judgment_status": "queued",
        "has_open_callin": False,
    }
    assert rules.callin_problem(start_on=date(2025, 3, 24), **common) is None
    problem = rules.callin_problem(start_on=date(2025, 3, 23), **common)
    assert problem and "24.03.2025" in problem and "§ 3" in problem


def test_under_18_sixty_days_worked_example() -> None:
    """§ 3 third para: order received 10 March 2025 by a 17-year-old → start by 9 May 2025."""
    assert rules.child_start_deadline(date(2025, 3, 10)) == date(2025, 5, 9)
    common = {
        "sent_on": date(2025, 3, 12),
        "order_on": date(2025, 3, 10),
        "form": ExecutionForm.PRISON,
        "ek_possible": False,
        "judgment_status": "queued",
        "has_open_callin": False,
    }
    assert rules.callin_problem(start_on=date(2025, 5, 9), age_at_order=17, **common) is None
    problem = rules.callin_problem(start_on=date(2025, 5, 10), age_at_order=17, **common)
    assert problem and "09.05.2025" in problem
    # An adult has only the normal target ("normalt"), not a hard limit.
    assert rules.callin_problem(start_on=date(2025, 8, 1), age_at_order=18, **common) is None


def test_order_received_is_the_later_of_final_and_received() -> None:
    assert rules.order_received_on(date(2025, 3, 10), date(2025, 3, 1)) == date(2025, 3, 10)
    assert rules.order_received_on(date(2025, 3, 1), date(2025, 3, 10)) == date(2025, 3, 10)
    assert rules.order_received_on(None, date(2025, 3, 10)) == date(2025, 3, 10)


def test_priority_order_worked_example() -> None:
    """§ 3: a 17-year-old waiting 5 days, then a 22-year-old waiting 10, then the adults by
    waiting time (90 before 30), unknown age last among equals."""
    waiting = {"adult_30": (40, 30), "adult_90": (40, 90), "young": (22, 10), "child": (17, 5)}
    order = sorted(waiting, key=lambda k: rules.queue_priority(*waiting[k]))
    assert order == ["child", "young", "adult_90", "adult_30"]
    assert rules.queue_priority(None, 5) == (2, -5)
    assert rules.queue_priority(23, 5)[0] == 2


def test_ek_full_refused_when_the_sentencing_rules_say_no() -> None:
    common = {
        "sent_on": date(2025, 3, 3),
        "start_on": date(2025, 4, 1),
        "order_on": date(2025, 3, 1),
        "age_at_order": 30,
        "judgment_status": "queued",
        "has_open_callin": False,
    }
    assert rules.callin_problem(form=ExecutionForm.EK_FULL, ek_possible=False, **common)
    assert rules.callin_problem(form=ExecutionForm.EK_FULL, ek_possible=True, **common) is None
    assert rules.callin_problem(form=ExecutionForm.PRISON, ek_possible=False, **common) is None


def test_postponement_beyond_six_months_needs_the_region() -> None:
    """§ 5: start 1 April 2025 → local may postpone to 1 October 2025, not to 2 October."""
    common = {"granted": True, "current_start": date(2025, 4, 1), "received_on": date(2025, 3, 1)}
    assert (
        rules.postponement_problem(new_start=date(2025, 10, 1), regional_authority=False, **common)
        is None
    )
    problem = rules.postponement_problem(
        new_start=date(2025, 10, 2), regional_authority=False, **common
    )
    assert problem and "§ 5" in problem
    assert (
        rules.postponement_problem(new_start=date(2025, 10, 2), regional_authority=True, **common)
        is None
    )
    assert rules.postponement_problem(new_start=None, regional_authority=True, **common)
    assert (
        rules.postponement_problem(
            granted=False,
            current_start=None,
            received_on=date(2025, 3, 1),
            new_start=None,
            regional_authority=False,
        )
        is None
    )


# --- the queue ------------------------------------------------------------------------------


@pytest.fixture
def queue_people(people: People, org: Org) -> dict[str, Any]:
    """Oslo: an adult waiting 90 days, an adult waiting 30, a 20-year-old waiting 10 and a
    17-year-old waiting 5. Bergen: one adult waiting 200 days."""
    today = timezone.localdate()
    young = make_person("Ung", "Voksen", years_ago(20), seed=21)
    child = make_person("Barn", "Mindreårig", years_ago(17), seed=22)
    other = make_person("Eldre", "Voksen", date(1980, 1, 1), seed=23)
    for person in (young, child, other):
        do_open_responsibility(person, org.oslo, date_from=today, reason="manual", actor=None)
    return {
        "adult_90": queued(people.oslo_inmate, waited=90),
        "adult_30": queued(other, waited=30),
        "young": queued(young, waited=10),
        "child": queued(child, waited=5),
        "bergen": queued(people.bergen_inmate, waited=200),
    }


def test_queue_order_and_entries(personas: Personas, queue_people: dict[str, Any]) -> None:
    found = list(queue_for(personas.alice))
    names = {j.pk: k for k, j in queue_people.items()}
    assert [names[j.pk] for j in found] == ["child", "young", "adult_90", "adult_30"]
    entries = queue_entries(found)
    assert [e.waiting_days for e in entries] == [5, 10, 90, 30]
    assert entries[0].age == 17 and entries[0].callin is None
    assert sorted(entries, key=lambda e: e.priority) == entries  # DB order = the pure rule


def test_queue_filters(personas: Personas, org: Org, queue_people: dict[str, Any]) -> None:
    assert queue_for(personas.alice, under_23=True).count() == 2
    assert queue_for(personas.ada, region=org.vest.pk).get() == queue_people["bergen"]
    do_send_callin(
        queue_people["adult_90"],
        org.oslo,
        security_level=SecurityLevel.HIGH,
        form=ExecutionForm.PRISON,
        start_on=timezone.localdate() + timedelta(days=21),
        actor=None,
    )
    assert queue_people["adult_90"] not in queue_for(personas.alice, not_called_in=True)
    assert queue_for(personas.alice, not_called_in=True).count() == 3


def test_queue_is_scoped(personas: Personas, queue_people: dict[str, Any]) -> None:
    assert list(queue_for(personas.bob)) == [queue_people["bergen"]]
    assert queue_for(personas.rune).count() == 4
    assert queue_for(personas.ada).count() == 5
    assert queue_for(personas.anna).count() == 0


def test_started_and_community_judgments_are_not_in_the_queue(
    personas: Personas, people: People
) -> None:
    queued(
        people.oslo_inmate,
        waited=3,
        reaction="community_sentence",
        hours=60,
        execution_months=6,
        term_months=4,
    )
    assert queue_for(personas.ada).count() == 0


def test_overview_numbers(org: Org, queue_people: dict[str, Any]) -> None:
    overview = queue_overview()
    rows = {r.name: r for r in overview.regions}
    ost, vest = rows["Region øst"], rows["Region vest"]
    assert (ost.count, ost.under_23, ost.not_called_in) == (4, 2, 4)
    assert ost.average_wait == round((90 + 30 + 10 + 5) / 4, 1)
    assert ost.longest_wait == 90
    assert (vest.count, vest.longest_wait, vest.average_wait) == (1, 200, 200.0)
    assert overview.national.count == 5 and overview.national.longest_wait == 200
    assert [c["waiting_days"] for c in overview.oldest][:2] == [200, 90]
    assert overview.oldest[0]["region"] == "Region vest"
    assert queue_overview(org.vest.pk).national.count == 1


def test_overview_query_count_does_not_grow(queue_people: dict[str, Any]) -> None:
    with CaptureQueriesContext(connection) as queries:
        queue_overview()
    assert len(queries) == 3


# --- the page and the API -------------------------------------------------------------------


def test_queue_page_access(client: Any, login: Any, personas: Personas) -> None:
    assert client.get("/ko/").status_code == 302
    assert login(personas.anna).get("/ko/").status_code == 403


def test_queue_page_lists_visible_entries(
    login: Any, personas: Personas, queue_people: dict[str, Any]
) -> None:
    page = login(personas.bob).get("/ko/").content.decode()
    assert queue_people["bergen"].person.last_name in page
    assert queue_people["adult_90"].person.last_name not in page
    assert "Soningskø" in page
    filtered = login(personas.alice).get("/ko/?under_23=on").content.decode()
    assert filtered.count("data-queue-entry") == 2


def test_queue_page_query_count_is_pinned(
    login: Any,
    org: Org,
    personas: Personas,
    queue_people: dict[str, Any],
    django_assert_num_queries: Any,
) -> None:
    """Session, user, permissions (2), the count, the page and its call-ins, the overview
    (3), the pending postponement applications, the user's unit, the region filter and the
    session save (3): 16, whatever the number of entries."""
    client = login(personas.alice)
    client.get("/ko/")  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as first:
        client.get("/ko/")
    another = make_person("Flere", "Ventende", date(1990, 1, 1), seed=31)
    do_open_responsibility(
        another, org.oslo, date_from=timezone.localdate(), reason="manual", actor=None
    )
    queued(another, waited=40)
    with CaptureQueriesContext(connection) as second:
        client.get("/ko/")
    assert len(first) == len(second)
    with django_assert_num_queries(len(first)):
        client.get("/ko/")
    assert len(first) == 16


def test_api_queue_scoped(
    client: Any, login: Any, personas: Personas, queue_people: dict[str, Any]
) -> None:
    assert client.get("/api/queue/").status_code == 401
    assert login(personas.anna).get("/api/queue/").status_code == 403
    data = login(personas.bob).get("/api/queue/").json()
    assert data["count"] == 1
    entry = data["results"][0]
    assert entry["id"] == queue_people["bergen"].pk
    assert entry["waiting_days"] == 200 and entry["priority_group"] == 2
    assert entry["callin"] is None


def test_api_queue_query_count_is_pinned(
    login: Any, personas: Personas, queue_people: dict[str, Any]
) -> None:
    client = login(personas.alice)
    client.get("/api/queue/")
    with CaptureQueriesContext(connection) as first:
        assert client.get("/api/queue/?under_23=true").json()["count"] == 2
    with CaptureQueriesContext(connection) as second:
        assert client.get("/api/queue/").json()["count"] == 4
    assert len(first) == len(second) == 8  # the same whatever the filter and the page size
