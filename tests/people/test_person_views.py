"""Person screens as users meet them: search (full page and htmx), pagination, registering,
editing with a reason, the person's log, and the minor-children notice."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_person
from varde.audit.models import AccessLog, AuditEvent
from varde.people.actions import do_add_relative, do_open_responsibility
from varde.people.demo import synthetic_national_id
from varde.people.forms import PersonForm
from varde.people.models import Person

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _form_data(person: Person, **changes: str) -> dict[str, str]:
    """What the edit form posts back unchanged, with ``changes`` applied."""
    data: dict[str, str] = {}
    for name in PersonForm.Meta.fields:
        value = getattr(person, name)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, date):
            data[name] = value.strftime("%d.%m.%Y")
        elif value is not None:
            data[name] = str(value)
    data.update(changes)
    return data


def _many_in_oslo(
    org, count: int, last_name: str = "Testesen", born_year: int = 1980
) -> list[Person]:
    start = timezone.localdate() - timedelta(days=20)
    persons = []
    for i in range(count):
        person = make_person(
            f"Nr{i:02d}",
            last_name,
            date(born_year, 1, 1) + timedelta(days=i),
            seed=born_year * 100 + i,
        )
        do_open_responsibility(person, org.oslo, date_from=start, reason="stay", actor=None)
        persons.append(person)
    return persons


# --- search -------------------------------------------------------------------------------


def test_search_page_finds_by_name(login, personas, people):
    response = login(personas.alice).get(reverse("people:search"), {"q": "nordmann"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and 'role="search"' in html
    assert "1 treff" in html
    assert reverse("people:detail", args=[people.oslo_inmate.pk]) in html
    assert "Nordmann, Ola" in html


def test_search_page_without_query_shows_only_the_form(login, personas, people):
    response = login(personas.alice).get(reverse("people:search"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="q"' in html
    assert "treff" not in html
    assert "Nordmann" not in html


def test_htmx_search_returns_only_the_results_partial(login, personas, people):
    response = login(personas.alice).get(reverse("people:search"), {"q": "nordmann"}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nordmann, Ola" in html
    assert "1 treff" in html
    # No page shell, no navigation, no search form: just what htmx swaps into #results.
    for shell in ("<html", "<head", "<nav", 'role="search"', 'name="q"', 'id="results"'):
        assert shell not in html, shell


def test_htmx_search_with_no_hits_says_so(login, personas, people):
    response = login(personas.alice).get(reverse("people:search"), {"q": "zzyzx"}, headers=HTMX)
    assert "0 treff" in response.content.decode()


def test_search_is_paginated(login, org, personas, people):
    persons = _many_in_oslo(org, 30)
    client = login(personas.carl)
    first = client.get(reverse("people:search"), {"q": "testesen"}).content.decode()
    assert "30 treff" in first
    assert "Side 1 av 2" in first
    assert first.count("Testesen, Nr") == 25
    assert "side=2" in first
    second = client.get(reverse("people:search"), {"q": "testesen", "side": 2}).content.decode()
    assert "Side 2 av 2" in second
    assert second.count("Testesen, Nr") == 5
    shown = {p.pk for p in persons if reverse("people:detail", args=[p.pk]) in first + second}
    assert shown == {p.pk for p in persons}


def test_search_query_count_does_not_grow_with_results(
    login, org, personas, people, django_assert_max_num_queries
):
    client = login(personas.carl)
    url = reverse("people:search")
    client.get(url, {"q": "warm-up"})  # session and permission caches
    _many_in_oslo(org, 3, "Fåsen", born_year=1960)
    with CaptureQueriesContext(connection) as few:
        assert "3 treff" in client.get(url, {"q": "fåsen"}).content.decode()
    _many_in_oslo(org, 30, "Mangesen", born_year=1970)
    with django_assert_max_num_queries(len(few)):
        page = client.get(url, {"q": "mangesen"}).content.decode()
    assert "30 treff" in page
    # Session, user, the user's unit (page header), count, one page of persons, and the
    # session save (3 statements with its savepoint). The htmx partial has no header.
    assert len(few) <= 8
    with django_assert_max_num_queries(len(few) - 1):
        client.get(url, {"q": "mangesen"}, headers=HTMX)


# --- register -----------------------------------------------------------------------------


def _new_person_data(**extra: str) -> dict[str, str]:
    national_id = synthetic_national_id(date(1992, 6, 15), random.Random(77), sex="male")
    data = {
        "national_id": national_id,
        "first_name": "Sindre",
        "last_name": "Nyberg",
        "sex": "male",
        "language": "norsk",
        "country": "NO",
    }
    data.update(extra)
    return data


def test_case_worker_registers_a_person(login, personas, people):
    data = _new_person_data()
    response = login(personas.carl).post(reverse("people:register"), data)
    person = Person.objects.get(national_id=data["national_id"])
    assert response.status_code == 302
    assert response.url == reverse("people:detail", args=[person.pk])
    assert (person.first_name, person.last_name) == ("Sindre", "Nyberg")
    assert person.birth_date == date(1992, 6, 15)  # derived from the number
    event = AuditEvent.objects.get(action="register_person", person_id=person.pk)
    assert event.actor == personas.carl
    assert event.verb == "create"
    assert event.changes["last_name"] == [None, "Nyberg"]


def test_case_worker_can_open_the_person_just_registered(login, personas, people):
    response = login(personas.carl).post(
        reverse("people:register"), _new_person_data(), follow=True
    )
    assert response.status_code == 200
    assert "Sindre Nyberg" in response.content.decode()


def test_invalid_national_id_is_refused_in_norwegian_and_nothing_is_saved(login, personas, people):
    before = Person.objects.count()
    response = login(personas.carl).post(
        reverse("people:register"), _new_person_data(national_id="12345678901")
    )
    assert response.status_code == 200
    assert "Ugyldig fødselsnummer eller D-nummer" in response.content.decode()
    assert Person.objects.count() == before
    assert not AuditEvent.objects.filter(action="register_person", actor=personas.carl).exists()


def test_missing_names_are_refused_in_norwegian(login, personas, people):
    response = login(personas.carl).post(
        reverse("people:register"), _new_person_data(first_name="", last_name="")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fornavn må fylles ut." in html
    assert "Etternavn må fylles ut." in html
    assert not Person.objects.filter(last_name="").exists()


def test_possible_duplicate_is_shown_and_only_saved_when_confirmed(login, personas, people):
    """Same name and birth date as Ola Nordmann (in carl's unit), but no national ID."""
    client = login(personas.carl)
    data = {"first_name": "Ola", "last_name": "Nordmann", "birth_date": "12.03.1985", "sex": "male"}
    before = Person.objects.count()

    warned = client.post(reverse("people:register"), data)
    html = warned.content.decode()
    assert warned.status_code == 200
    assert "Det finnes allerede 1 person som kan være den samme" in html
    detail = reverse("people:detail", args=[people.oslo_inmate.pk])
    assert f'href="{detail}">Nordmann, Ola</a> (12.03.1985)' in html
    assert 'name="confirm_new" value="1"' in html
    assert "Registrer likevel som ny person" in html
    assert Person.objects.count() == before

    confirmed = client.post(reverse("people:register"), {**data, "confirm_new": "1"})
    assert confirmed.status_code == 302
    assert Person.objects.count() == before + 1
    new = Person.objects.exclude(pk=people.oslo_inmate.pk).get(last_name="Nordmann")
    assert new.national_id is None
    assert AuditEvent.objects.filter(action="register_person", person_id=new.pk).exists()


def test_duplicate_outside_scope_is_counted_not_named(login, personas, people):
    """Kari Sørensen-Ødegård is Bergen's: carl is warned, but learns no name or link."""
    client = login(personas.carl)
    data = {
        "first_name": "Kari",
        "last_name": "Ødegård",
        "birth_date": "01.07.1990",
        "sex": "female",
    }
    html = client.post(reverse("people:register"), data).content.decode()
    assert "Det finnes 1 mulig treff hos en enhet du ikke har tilgang til" in html
    assert "Sørensen" not in html
    assert reverse("people:detail", args=[people.bergen_inmate.pk]) not in html
    assert 'name="confirm_new" value="1"' in html


def test_same_national_id_cannot_be_registered_twice_even_when_confirmed(login, personas, people):
    client = login(personas.carl)
    data = _new_person_data(national_id=people.oslo_inmate.national_id)
    before = Person.objects.count()
    response = client.post(reverse("people:register"), {**data, "confirm_new": "1"})
    assert response.status_code == 200
    assert Person.objects.count() == before


# --- edit ---------------------------------------------------------------------------------


def test_edit_requires_a_reason(login, personas, people):
    person = people.oslo_inmate
    response = login(personas.carl).post(
        reverse("people:edit", args=[person.pk]), _form_data(person, phone="41234567", reason="")
    )
    assert response.status_code == 200
    assert "Skriv en begrunnelse for endringen." in response.content.decode()
    person.refresh_from_db()
    assert person.phone == ""
    assert not AuditEvent.objects.filter(action="update_person").exists()


def test_edit_records_the_change_with_its_reason(login, personas, people):
    person = people.oslo_inmate
    response = login(personas.carl).post(
        reverse("people:edit", args=[person.pk]),
        _form_data(person, phone="41234567", reason="Nytt nummer oppgitt ved innkomst"),
    )
    assert response.status_code == 302
    assert response.url == reverse("people:detail", args=[person.pk])
    person.refresh_from_db()
    assert person.phone == "41234567"
    event = AuditEvent.objects.get(action="update_person", person_id=person.pk)
    assert event.actor == personas.carl
    assert event.reason == "Nytt nummer oppgitt ved innkomst"
    assert event.changes == {"phone": ["", "41234567"]}


def test_edit_form_shows_current_values(login, personas, people):
    response = login(personas.carl).get(reverse("people:edit", args=[people.oslo_inmate.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Nordmann"' in html
    assert people.oslo_inmate.national_id in html


# --- the person's log ---------------------------------------------------------------------


def test_admin_log_lists_the_change_and_the_read(login, client, personas, people):
    person = people.oslo_inmate
    carl = login(personas.carl)
    carl.get(reverse("people:detail", args=[person.pk]))
    carl.post(
        reverse("people:edit", args=[person.pk]),
        _form_data(person, phone="41234567", reason="Nytt nummer"),
    )
    client.logout()

    response = login(personas.ada).get(reverse("people:log", args=[person.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "phone: – → 41234567" in html
    assert "Nytt nummer" in html
    assert "<td>carl</td><td>web</td>" in html
    # Opening the log is itself a read of the record.
    assert AccessLog.objects.filter(actor=personas.ada, person_id=person.pk).count() == 1


def test_log_is_for_administrators_only(login, personas, people):
    response = login(personas.carl).get(reverse("people:log", args=[people.oslo_inmate.pk]))
    assert response.status_code == 403
    assert not AccessLog.objects.exists()


def test_log_link_only_shown_to_administrators(login, client, personas, people):
    url = reverse("people:detail", args=[people.oslo_inmate.pk])
    log_url = reverse("people:log", args=[people.oslo_inmate.pk])
    assert log_url not in login(personas.carl).get(url).content.decode()
    client.logout()
    assert log_url in login(personas.ada).get(url).content.decode()


def test_edit_button_only_for_roles_that_edit(login, client, personas, people):
    url = reverse("people:detail", args=[people.oslo_inmate.pk])
    edit_url = reverse("people:edit", args=[people.oslo_inmate.pk])
    assert edit_url not in login(personas.alice).get(url).content.decode()
    client.logout()
    assert edit_url in login(personas.carl).get(url).content.decode()


# --- minor children -----------------------------------------------------------------------


def test_person_page_shows_notice_for_a_child_under_18(login, personas, people):
    today = timezone.localdate()
    do_add_relative(
        people.oslo_inmate,
        actor=None,
        relation="child",
        name="Emma Nordmann",
        birth_date=today.replace(year=today.year - 7),
    )
    html = (
        login(personas.alice)
        .get(reverse("people:detail", args=[people.oslo_inmate.pk]))
        .content.decode()
    )
    assert "Personen har 1 barn under 18 år" in html
    assert "Barnets beste skal vurderes" in html
    assert "(under 18)" in html


def test_no_notice_for_adult_children_or_other_relatives(login, personas, people):
    today = timezone.localdate()
    do_add_relative(
        people.oslo_inmate,
        actor=None,
        relation="child",
        name="Jakob Nordmann",
        birth_date=today.replace(year=today.year - 18) - timedelta(days=1),
    )
    do_add_relative(
        people.oslo_inmate,
        actor=None,
        relation="sibling",
        name="Lille Nordmann",
        birth_date=today.replace(year=today.year - 5),
    )
    html = (
        login(personas.alice)
        .get(reverse("people:detail", args=[people.oslo_inmate.pk]))
        .content.decode()
    )
    assert "Jakob Nordmann" in html
    assert "barn under 18 år" not in html
