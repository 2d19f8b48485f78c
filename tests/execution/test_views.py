"""The stay section of the person page and its forms: scoping, roles, messages, and the
person page's query count with a stay."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.execution.conftest import admit, ago
from varde.execution.actions import do_end_absence, do_start_absence
from varde.execution.models import Stay

pytestmark = pytest.mark.django_db

WRITES = ["admit", "recall", "transfer", "start_absence", "end_absence", "release"]


def _admit_data(org, **extra):
    return {"admit-unit": org.oslo.pk, "admit-security_level": "high", "admit-kind": "sentence"} | {
        f"admit-{k}": v for k, v in extra.items()
    }


@pytest.mark.parametrize("name", WRITES)
def test_anonymous_is_sent_to_login(name, client, people):
    url = reverse(f"execution:{name}", args=[people.oslo_inmate.pk])
    response = client.post(url)
    assert response.status_code == 302 and reverse("login") in response.url


@pytest.mark.parametrize("name", WRITES)
def test_read_only_role_gets_403(name, login, personas, people):
    url = reverse(f"execution:{name}", args=[people.oslo_inmate.pk])
    assert login(personas.alice).post(url).status_code == 403


@pytest.mark.parametrize("name", WRITES)
def test_person_outside_scope_is_404(name, login, personas, people):
    url = reverse(f"execution:{name}", args=[people.bergen_inmate.pk])
    assert login(personas.carl).post(url).status_code == 404


def test_get_is_not_allowed(login, personas, people):
    url = reverse("execution:admit", args=[people.oslo_inmate.pk])
    assert login(personas.carl).get(url).status_code == 405


def test_case_worker_admits_from_the_person_page(login, org, personas, people):
    person = people.oslo_inmate
    client = login(personas.carl)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Opphold og bevegelser" in page and "Registrer innsettelse" in page
    response = client.post(reverse("execution:admit", args=[person.pk]), _admit_data(org))
    assert response.status_code == 302
    assert response.url == reverse("people:detail", args=[person.pk])
    page = client.get(response.url).content.decode()
    assert "Personen er innsatt." in page
    assert "Til stede" in page and "Innsatt: Straffegjennomføring" in page
    assert Stay.objects.get(person=person).unit == org.oslo


def test_refusal_is_shown_and_nothing_saved(login, org, personas, people):
    client = login(personas.carl)
    url = reverse("execution:admit", args=[people.oslo_inmate.pk])
    client.post(url, _admit_data(org))
    response = client.post(url, _admit_data(org), follow=True)
    assert "Personen er allerede innsatt" in response.content.decode()
    assert Stay.objects.count() == 1
    response = client.post(
        reverse("execution:start_absence", args=[people.oslo_inmate.pk]),
        {"absence-kind": "leave", "absence-leave_type": "ordinary"},
        follow=True,
    )
    assert "Permisjonstiden er ikke kjent" in response.content.decode()


def test_invalid_form_reports_field_errors(login, org, personas, people):
    response = login(personas.carl).post(
        reverse("execution:admit", args=[people.oslo_inmate.pk]),
        {"admit-security_level": "high", "admit-kind": "sentence"},
        follow=True,
    )
    assert "Enhet: Velg enhet." in response.content.decode()


def test_absence_return_transfer_and_release_through_the_forms(login, org, personas, people):
    person = people.oslo_inmate
    admit(person, org.oslo)
    client = login(personas.carl)

    def post(name, data):
        return client.post(reverse(f"execution:{name}", args=[person.pk]), data, follow=True)

    page = post("start_absence", {"absence-kind": "hospital"}).content.decode()
    assert "Fraværet er registrert." in page and "Fraværende: Sykehus" in page
    assert "Registrer retur" in page
    assert "Returen er registrert." in post("end_absence", {}).content.decode()
    data = {
        "transfer-unit": org.bergen.pk,
        "transfer-security_level": "high",
        "transfer-reason": "capacity",
    }
    assert "Overføringen er registrert." in post("transfer", data).content.decode()
    # Carl (Oslo) still sees the person within the grace days and may release.
    page = post("release", {"release-release_type": "full_term"}).content.decode()
    assert "Løslatelsen er registrert." in page and "Personen er ikke innsatt nå." in page


def test_prison_officer_sees_the_stay_but_no_forms(login, org, personas, people):
    admit(people.oslo_inmate, org.oslo)
    page = login(personas.alice).get(reverse("people:detail", args=[people.oslo_inmate.pk]))
    html = page.content.decode()
    assert "Opphold og bevegelser" in html and "Oslo fengsel" in html
    assert "Registrer fravær" not in html and "Løslat" not in html


def test_person_page_query_count_does_not_grow_with_the_history(
    login, org, personas, people, django_assert_max_num_queries
):
    person = people.oslo_inmate
    stay = admit(person, org.oslo, days_ago=40)
    client = login(personas.carl)
    url = reverse("people:detail", args=[person.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for days in range(30, 10, -2):
        do_start_absence(stay, "day_release", actor=None, at=ago(days=days))
        do_end_absence(stay, actor=None, at=ago(days=days - 1))
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200
