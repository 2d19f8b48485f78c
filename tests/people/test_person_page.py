"""The person page: who may open it, and that every view is logged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from varde.audit.models import AccessLog

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client, people):
    url = reverse("people:detail", args=[people.oslo_inmate.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_officer_sees_own_units_inmate_and_the_view_is_logged(login, personas, people):
    url = reverse("people:detail", args=[people.oslo_inmate.pk])
    response = login(personas.alice).get(url)
    assert response.status_code == 200
    assert "Ola Nordmann" in response.content.decode()
    log = AccessLog.objects.get(person_id=people.oslo_inmate.pk)
    assert (log.actor, log.channel, log.path) == (personas.alice, "web", url)


def test_officer_of_other_unit_gets_404_and_nothing_is_logged(login, personas, people):
    url = reverse("people:detail", args=[people.oslo_inmate.pk])
    assert login(personas.bob).get(url).status_code == 404
    assert not AccessLog.objects.exists()


def test_analyst_cannot_open_person_records(login, personas, people):
    url = reverse("people:detail", args=[people.oslo_inmate.pk])
    assert login(personas.anna).get(url).status_code == 403
