"""The stay panel's action forms are loaded when the user opens them (htmx), or on a page of
their own without JavaScript: the person page lists which forms apply but renders none."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.execution.conftest import admit, ago
from tests.sentencing.judgments import prison_fields
from varde.audit.models import AccessLog
from varde.execution.actions import do_book_remand, do_start_absence, do_start_outside_prison
from varde.sentencing.actions import do_register_judgment

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
UNFIT = "Varig soningsudyktig"  # strgjfl. § 16 a annet ledd: no minimum time


def _form_url(person, name):
    return reverse("execution:stay_form", args=[person.pk, name])


def _state(state, org, person):
    """Bring ``person`` into ``state``; returns the forms the panel then offers."""
    if state == "free":
        return ["admit", "book_remand"]
    if state == "booked":
        do_book_remand(person, police_district="Oslo politidistrikt", actor=None)
        return ["admit", "offer_remand", "cancel_remand"]
    if state == "remand":
        admit(person, org.oslo, kind="remand")
        return ["restriction", "to_execution", "transfer", "absence", "release"]
    judgment = do_register_judgment(person, actor=None, **prison_fields())
    stay = admit(person, org.oslo, days_ago=200, judgment=judgment)
    if state == "absent":
        do_start_absence(stay, "hospital", actor=None, at=ago(1))
        return ["return", "absence", "parole", "release"]
    if state == "outside":
        do_start_outside_prison(
            stay, "ek_partial", org.oslo_fri, actor=None, at=ago(1), exception_reason=UNFIT
        )
        return ["back", "parole", "release"]
    return ["transfer", "outside", "absence", "parole", "release"]


@pytest.mark.parametrize("state", ["free", "booked", "remand", "serving", "absent", "outside"])
def test_the_panel_lists_the_forms_and_each_loads_when_opened(state, login, org, personas, people):
    person = people.oslo_inmate
    expected = _state(state, org, person)
    client = login(personas.carl)
    page = client.get(reverse("people:detail", args=[person.pk]))
    assert set(page.context["stay_panel"]["actions"]) == set(expected)
    html = page.content.decode()
    assert 'data-stay-form="' not in html  # no form is rendered with the page
    for name in expected:
        url = _form_url(person, name)
        assert f'hx-get="{url}" hx-trigger="toggle once"' in html  # loaded once, when opened
        assert f'href="{url}"' in html  # and a plain link without JavaScript
        fragment = client.get(url, headers=HTMX).content.decode()
        assert f'data-stay-form="{name}"' in fragment and "<html" not in fragment
        assert "csrfmiddlewaretoken" in fragment
        full = client.get(url).content.decode()  # without JavaScript: a page of its own
        assert "<html" in full and f'data-stay-form="{name}"' in full


def test_a_form_that_does_not_apply_now_is_not_found(login, org, personas, people):
    person = people.oslo_inmate
    client = login(personas.carl)
    assert client.get(_form_url(person, "release")).status_code == 404  # not inside
    assert client.get(_form_url(person, "no-such-form")).status_code == 404
    admit(person, org.oslo)
    assert client.get(_form_url(person, "admit")).status_code == 404
    assert client.get(_form_url(person, "release")).status_code == 200


def test_the_form_posts_to_its_action_with_the_parole_office_filled_in(
    login, org, personas, people
):
    person = people.oslo_inmate
    _state("outside", org, person)
    response = login(personas.carl).get(_form_url(person, "parole"), headers=HTMX)
    assert f'action="{reverse("execution:release", args=[person.pk])}"' in (
        response.content.decode()
    )
    assert response.context["form"].initial["office"] == org.oslo_fri


def test_roles_scope_and_access_log(login, client, org, personas, people):
    admit(people.oslo_inmate, org.oslo)
    url = _form_url(people.oslo_inmate, "transfer")
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and reverse("login") in anonymous.url
    assert login(personas.alice).get(url).status_code == 403  # reads, does not edit
    assert login(personas.carl).get(_form_url(people.bergen_inmate, "admit")).status_code == 404
    assert login(personas.carl).get(url, headers=HTMX).status_code == 200
    assert AccessLog.objects.filter(person=people.oslo_inmate, path=url).exists()
    assert login(personas.carl).post(url).status_code == 405
