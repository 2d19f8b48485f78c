"""The main menu follows the role: what each persona is offered, and what the home page
tells them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SEARCH, REGISTER, UNITS = "Personsøk", "Registrer person", "Enheter"


def _menu(html: str) -> dict[str, str]:
    """Menu label → address, read from the main navigation only."""
    nav = re.search(r'<nav aria-label="Hovedmeny"[^>]*>(.*?)</nav>', html, flags=re.S)
    assert nav, "no main menu"
    return {
        label: url
        for url, label in re.findall(
            r'<a class="ds-link" href="([^"]+)"[^>]*>([^<]+)</a>', nav.group(1)
        )
    }


def _home_menu(login, user) -> tuple[dict[str, str], str]:
    response = login(user).get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    return _menu(html), html


def test_prison_officer_may_search_but_not_register(login, personas):
    menu, _html = _home_menu(login, personas.alice)
    assert menu[SEARCH] == reverse("people:search")
    assert REGISTER not in menu
    assert menu[UNITS] == reverse("organisation:units")


def test_case_worker_may_search_and_register(login, personas):
    menu, _html = _home_menu(login, personas.carl)
    assert menu[SEARCH] == reverse("people:search")
    assert menu[REGISTER] == reverse("people:register")
    assert menu[UNITS] == reverse("organisation:units")


def test_analyst_gets_neither_and_is_told_she_sees_aggregates(login, personas):
    menu, html = _home_menu(login, personas.anna)
    assert SEARCH not in menu
    assert REGISTER not in menu
    assert menu[UNITS] == reverse("organisation:units")
    assert "Rollen din gir tilgang til samlede tall, ikke til enkeltpersoner." in html
    assert 'role="search"' not in html


@pytest.mark.parametrize(
    ("persona", "search", "register"),
    [
        ("alice", True, False),
        ("carl", True, True),
        ("bob", True, False),
        ("frida", True, True),
        ("rune", True, True),
        ("anna", False, False),
        ("ada", True, True),
    ],
)
def test_menu_by_role(persona, search, register, login, personas):
    menu, html = _home_menu(login, getattr(personas, persona))
    assert (SEARCH in menu) is search
    assert (REGISTER in menu) is register
    assert UNITS in menu
    # The home page's search form is there exactly when the role may search.
    assert ('role="search"' in html) is search


@pytest.mark.parametrize("persona", ["alice", "carl", "anna"])
def test_menu_entries_lead_to_pages_the_user_may_open(persona, login, personas):
    client = login(getattr(personas, persona))
    menu = _menu(client.get(reverse("home")).content.decode())
    for label, url in menu.items():
        assert client.get(url).status_code == 200, label


def test_current_page_is_marked(login, personas):
    html = login(personas.carl).get(reverse("organisation:units")).content.decode()
    current = re.findall(r'<a class="ds-link" href="([^"]+)" aria-current="page">', html)
    assert current == [reverse("organisation:units")]


def test_anonymous_gets_no_menu(client):
    html = client.get(reverse("login")).content.decode()
    assert "Hovedmeny" not in html
    assert SEARCH not in html


def test_menu_is_ordered_by_the_work_and_names_security_apart_from_coercion(login, personas):
    """The person first, then the case flow, probation and release, daily life and its safety,
    then units. «Sikkerhet» (incidents, affiliation) and «Utelukkelse og tvang» (exclusion,
    coercive measures) are named apart so they are not mistaken for each other."""
    menu, _html = _home_menu(login, personas.ada)
    labels = list(menu)
    assert "Sikkerhetstiltak" not in labels
    expected = [
        "Forside",
        SEARCH,
        REGISTER,
        "Soningskø",
        "Varetekt",
        "Søknader",
        "Tilbakeføring",
        "Dagligliv",
        "Sikkerhet",
        "Utelukkelse og tvang",
        UNITS,
        "API",
    ]
    assert [label for label in labels if label in expected] == expected
    assert menu["Utelukkelse og tvang"] == reverse("safeguards:home")
    assert menu["Sikkerhet"] == reverse("security:index")
