"""/api/stays/: scoped through visible persons, retrieve with placements and absences, and
POST actions through the same actions as the person page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.execution.conftest import admit
from varde.audit.models import AuditEvent
from varde.execution.models import Stay
from varde.organisation.models import Capacity

pytestmark = pytest.mark.django_db

URL = "/api/stays/"


def _tomorrow():
    return (timezone.now() + timedelta(days=1)).isoformat()


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_anonymous_gets_401_or_403(client, people):
    assert client.get(URL).status_code in (401, 403)


def test_list_is_scoped(login, org, personas, people):
    Capacity.objects.create(
        unit=org.bergen, security_level="high", sex="female", places=10, valid_from=date(2020, 1, 1)
    )
    oslo = admit(people.oslo_inmate, org.oslo)
    bergen = admit(people.bergen_inmate, org.bergen)
    ids = {s["id"] for s in login(personas.alice).get(URL).json()["results"]}
    assert ids == {oslo.pk}
    ids = {s["id"] for s in login(personas.bob).get(URL).json()["results"]}
    assert ids == {bergen.pk}
    assert login(personas.anna).get(URL).status_code == 403
    assert login(personas.alice).get(f"{URL}{bergen.pk}/").status_code == 404


def test_retrieve_has_placements_and_absences(login, org, personas, people):
    stay = admit(people.oslo_inmate, org.oslo)
    client = login(personas.carl)
    _post(client, f"{URL}{stay.pk}/absence/", {"kind": "escape"})
    data = client.get(f"{URL}{stay.pk}/").json()
    assert [p["unit"] for p in data["placements"]] == [org.oslo.pk]
    assert data["absences"][0]["kind"] == "escape" and data["absences"][0]["stops_time"]


def test_the_whole_flow_over_the_api(login, org, personas, people):
    client = login(personas.carl)
    person = people.oslo_inmate
    response = _post(
        client, f"{URL}admit/", {"person": person.pk, "unit": org.oslo.pk, "security_level": "high"}
    )
    assert response.status_code == 201, response.json()
    stay_id = response.json()["id"]
    response = _post(
        client,
        f"{URL}{stay_id}/absence/",
        {"kind": "leave", "leave_type": "welfare", "expected_return": _tomorrow()},
    )
    assert response.status_code == 201, response.json()
    assert _post(client, f"{URL}{stay_id}/return/", {}).status_code == 200
    response = _post(
        client,
        f"{URL}{stay_id}/transfer/",
        {"unit": org.ila.pk, "security_level": "high", "reason": "security"},
    )
    assert response.status_code == 200 and response.json()["unit"] == org.ila.pk
    response = _post(client, f"{URL}{stay_id}/release/", {"release_type": "parole_two_thirds"})
    assert response.status_code == 200 and response.json()["released_at"]
    response = _post(
        client,
        f"{URL}recall/",
        {"person": person.pk, "unit": org.oslo.pk, "security_level": "high"},
    )
    assert response.status_code == 201
    assert AuditEvent.objects.filter(person=person, action="recall").exists()


def test_refusals_are_400_in_norwegian_and_save_nothing(login, org, personas, people):
    client = login(personas.carl)
    stay = admit(people.oslo_inmate, org.oslo)
    response = _post(
        client,
        f"{URL}admit/",
        {"person": people.oslo_inmate.pk, "unit": org.oslo.pk, "security_level": "high"},
    )
    assert response.status_code == 400
    assert "allerede innsatt" in str(response.json())
    response = _post(client, f"{URL}{stay.pk}/return/", {})
    assert response.status_code == 400 and "ikke registrert som fraværende" in str(response.json())
    assert Stay.objects.count() == 1


def test_writes_need_an_editing_role_and_scope(login, org, personas, people):
    stay = admit(people.oslo_inmate, org.oslo)
    assert _post(login(personas.alice), f"{URL}{stay.pk}/release/", {}).status_code == 403
    response = _post(
        login(personas.carl),
        f"{URL}admit/",
        {"person": people.bergen_inmate.pk, "unit": org.oslo.pk, "security_level": "high"},
    )
    assert response.status_code == 404
    assert not Stay.objects.filter(person=people.bergen_inmate).exists()


def test_list_query_count_is_flat(login, org, personas, people, django_assert_max_num_queries):
    from tests.conftest import make_person

    client = login(personas.carl)
    admit(people.oslo_inmate, org.oslo)
    client.get(URL)
    for i in range(8):
        person = make_person("Navn", f"Nummer{i}", people.oslo_inmate.birth_date, seed=100 + i)
        admit(person, org.oslo)
    with django_assert_max_num_queries(8):
        data = client.get(URL).json()
    assert data["count"] == 9
