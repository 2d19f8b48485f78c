"""The persons list counts its total inside the page query, with the usual response shape."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from tests.conftest import make_person
from varde.people.actions import do_open_responsibility

pytestmark = pytest.mark.django_db


def _hansens(org, n):
    for i in range(n):
        person = make_person(f"Jon{i}", "Hansen", date(1980, 1, 1 + i), seed=100 + i)
        do_open_responsibility(
            person, org.oslo, date_from=timezone.localdate(), reason="stay", actor=None
        )


def test_pages_carry_the_total_and_links(login, personas, org, django_assert_num_queries):
    _hansens(org, 7)
    client = login(personas.carl)
    first = client.get("/api/persons/", {"q": "hansen", "limit": 3}).json()
    assert first["count"] == 7
    assert len(first["results"]) == 3
    assert first["previous"] is None and "offset=3" in first["next"]
    last = client.get("/api/persons/", {"q": "hansen", "limit": 3, "offset": 6}).json()
    assert (last["count"], len(last["results"]), last["next"]) == (7, 1, None)
    beyond = client.get("/api/persons/", {"q": "hansen", "limit": 3, "offset": 30}).json()
    assert (beyond["count"], beyond["results"]) == (7, [])
    nothing = client.get("/api/persons/", {"q": "nobody"}).json()
    assert (nothing["count"], nothing["results"]) == (0, [])


def test_a_search_page_is_one_query_not_a_count_and_a_page(login, personas, org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _hansens(org, 4)
    client = login(personas.carl)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/persons/", {"q": "hansen"}).json()["count"] == 4
    person_queries = [q["sql"] for q in queries if 'FROM "people_person"' in q["sql"]]
    assert len(person_queries) == 1
    assert "COUNT" in person_queries[0].upper() and "OVER" in person_queries[0].upper()
