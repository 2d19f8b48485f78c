"""Adding and removing other names and relatives from the person page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from varde.audit.models import AuditEvent
from varde.people.actions import do_add_relative
from varde.people.models import Alias, Relative

pytestmark = pytest.mark.django_db


def test_case_worker_adds_alias_and_it_is_audited_and_searchable(login, personas, people):
    person = people.oslo_inmate
    client = login(personas.carl)
    response = client.post(reverse("people:add_alias", args=[person.pk]), {"name": "Ola Bråten"})
    assert response.status_code == 302
    assert list(person.aliases.values_list("name", flat=True)) == ["Ola Bråten"]
    event = AuditEvent.objects.get(action="add_alias")
    assert event.actor == personas.carl and event.person_id == person.pk
    search = client.get(reverse("people:search"), {"q": "braten"})
    assert "Nordmann" in search.content.decode()


def test_empty_alias_is_refused_with_a_norwegian_message(login, personas, people):
    client = login(personas.carl)
    url = reverse("people:add_alias", args=[people.oslo_inmate.pk])
    response = client.post(url, {"name": ""}, follow=True)
    assert "Skriv navnet." in response.content.decode()
    assert not Alias.objects.exists()


def test_child_needs_a_birth_date(login, personas, people):
    client = login(personas.carl)
    url = reverse("people:add_relative", args=[people.oslo_inmate.pk])
    response = client.post(url, {"relation": "child", "name": "Emma Nordmann"}, follow=True)
    assert "Fødselsdato må fylles ut for barn" in response.content.decode()
    assert not Relative.objects.exists()


def test_adding_a_minor_child_shows_the_best_interest_notice(login, personas, people):
    client = login(personas.carl)
    born = (timezone.localdate() - timedelta(days=365 * 8)).strftime("%d.%m.%Y")
    url = reverse("people:add_relative", args=[people.oslo_inmate.pk])
    response = client.post(
        url, {"relation": "child", "name": "Emma Nordmann", "birth_date": born}, follow=True
    )
    page = response.content.decode()
    assert "Emma Nordmann" in page
    assert "Barnets beste skal vurderes" in page


def test_removing_a_relative_needs_a_reason_which_is_audited(login, personas, people):
    person = people.oslo_inmate
    relative = do_add_relative(person, actor=None, relation="parent", name="Mor Nordmann")
    client = login(personas.carl)
    url = reverse("people:remove_relative", args=[person.pk, relative.pk])
    client.post(url, {"reason": ""})
    assert Relative.objects.filter(pk=relative.pk).exists()
    client.post(url, {"reason": "Registrert på feil person"})
    assert not Relative.objects.filter(pk=relative.pk).exists()
    event = AuditEvent.objects.get(action="remove_relative")
    assert event.reason == "Registrert på feil person"
    assert event.changes["name"] == ["Mor Nordmann", None]


def test_prison_officer_cannot_add_and_other_unit_gets_404(login, personas, people):
    url = reverse("people:add_alias", args=[people.oslo_inmate.pk])
    assert login(personas.alice).post(url, {"name": "X"}).status_code == 403
    other = reverse("people:add_alias", args=[people.bergen_inmate.pk])
    assert login(personas.carl).post(other, {"name": "X"}).status_code == 404
    assert not Alias.objects.exists()


def test_relative_of_another_person_cannot_be_removed_through_this_person(login, personas, people):
    other = do_add_relative(people.bergen_inmate, actor=None, relation="parent", name="Far")
    url = reverse("people:remove_relative", args=[people.oslo_inmate.pk, other.pk])
    assert login(personas.carl).post(url, {"reason": "x"}).status_code == 404
    assert Relative.objects.filter(pk=other.pk).exists()
