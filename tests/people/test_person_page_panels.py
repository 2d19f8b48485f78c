"""The person page and the panels it loads: each htmx panel is loaded once (its fragment
takes the placeholder's place and does not load itself again), the stay panel's action forms
are loaded only when opened, and the query count of the page and of every panel's fragment
is pinned (issue 4: the page must stay fast on a national dataset)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.execution.conftest import admit
from tests.sentencing.judgments import prison_fields
from varde.sentencing.actions import do_register_judgment

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
LOADED = re.compile(r'hx-get="([^"]+)" hx-trigger="load"')
IDS = re.compile(r'\sid="([^"]+)"')
# The most statements each may take for a case worker of the unit (session, user and
# permission lookups included, the access-log row too). Raise a number only with a reason:
# every statement is paid on every view of every person page.
PAGE_QUERIES = 17
FRAGMENT_QUERIES = {
    "community:person": 11,
    "decisions:person": 8,
    "reintegration:person": 19,
    "regime:person": 13,
    "security:person": 14,
    "safeguards:person": 11,
    "journal:person_journal": 9,
}
STAY_FORM_QUERIES = 13


@pytest.fixture
def inmate(org, people):
    """Serving a sentence at Oslo fengsel, in the scope of Carl (case worker there)."""
    person = people.oslo_inmate
    judgment = do_register_judgment(person, actor=None, **prison_fields())
    admit(person, org.oslo, days_ago=60, judgment=judgment)
    return person


def _fragments(person) -> dict[str, str]:
    return {name: reverse(name, args=[person.pk]) for name in FRAGMENT_QUERIES}


def test_every_panel_is_loaded_once_and_replaces_its_placeholder(login, personas, inmate):
    client = login(personas.carl)
    page = client.get(reverse("people:detail", args=[inmate.pk])).content.decode()
    loaded = Counter(LOADED.findall(page))
    assert loaded == Counter(_fragments(inmate).values())  # each panel once, none missing
    ids = Counter(IDS.findall(page))
    for url in loaded:
        placeholder = re.search(
            rf'<(section|div)[^>]*hx-get="{re.escape(url)}"[^>]*>.*?</\1>', page, flags=re.S
        )
        assert placeholder, url
        ids.subtract(IDS.findall(placeholder.group(0)))  # swapped out (outerHTML)
        response = client.get(url, headers=HTMX)
        fragment = response.content.decode()
        assert response.status_code == 200 and "<html" not in fragment, url
        assert 'hx-trigger="load"' not in fragment, url  # would load again, and again
        ids.update(IDS.findall(fragment))
    duplicated = [i for i, n in ids.items() if n > 1]
    assert not duplicated, duplicated  # no panel, heading or form shows twice after the swaps


def test_person_page_query_count(login, personas, inmate, django_assert_max_num_queries):
    client = login(personas.carl)
    url = reverse("people:detail", args=[inmate.pk])
    client.get(url)  # session and permission caches
    with django_assert_max_num_queries(PAGE_QUERIES):
        page = client.get(url).content.decode()
    assert 'data-stay-form="' not in page  # the stay panel's forms are loaded when opened


@pytest.mark.parametrize("name", FRAGMENT_QUERIES)
def test_panel_fragment_query_count(name, login, personas, inmate, django_assert_max_num_queries):
    client = login(personas.carl)
    url = reverse(name, args=[inmate.pk])
    client.get(url, headers=HTMX)
    with django_assert_max_num_queries(FRAGMENT_QUERIES[name]):
        assert client.get(url, headers=HTMX).status_code == 200


def test_stay_form_query_counts(login, personas, inmate, django_assert_max_num_queries):
    client = login(personas.carl)
    actions = client.get(reverse("people:detail", args=[inmate.pk])).context["stay_panel"]
    counts = {}
    for name in actions["actions"]:
        url = reverse("execution:stay_form", args=[inmate.pk, name])
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, headers=HTMX).status_code == 200
        counts[name] = len(captured)
    assert set(counts) == {"transfer", "outside", "absence", "parole", "release"}
    assert max(counts.values()) <= STAY_FORM_QUERIES, counts
