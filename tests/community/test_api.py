"""/api/community-cases/: scoped through visible persons, retrieve with hours and reporting,
POST hours/reporting/breach through the same actions as the case page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from varde.audit.models import AuditEvent
from varde.community.models import HoursLog

pytestmark = pytest.mark.django_db

URL = "/api/community-cases/"


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_anonymous_gets_401_or_403(client, case):
    assert client.get(URL).status_code in (401, 403)


def test_list_is_scoped(login, personas, case):
    assert [c["id"] for c in login(personas.frida).get(URL).json()["results"]] == [case.pk]
    assert login(personas.alice).get(URL).json()["results"] == []
    assert login(personas.alice).get(f"{URL}{case.pk}/").status_code == 404
    assert login(personas.anna).get(URL).status_code == 403


def test_post_hours_and_reporting(login, personas, case):
    client = login(personas.frida)
    today = timezone.localdate().isoformat()
    response = _post(
        client, f"{URL}{case.pk}/hours/", {"day": today, "hours": "6.5", "activity": "Park"}
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["hours_performed"] == "6.5" and body["hours_remaining"] == "113.5"
    assert body["hours_logs"][0]["activity"] == "Park"
    response = _post(
        client, f"{URL}{case.pk}/reporting/", {"day": today, "kind": "meeting", "attended": True}
    )
    assert response.status_code == 201
    assert response.json()["last_contact"] == today
    assert response.json()["reporting_overdue"] is False
    assert AuditEvent.objects.filter(action="log_hours", actor=personas.frida).exists()


def test_refusal_is_400_in_norwegian_nothing_saved(login, personas, case):
    client = login(personas.frida)
    today = timezone.localdate().isoformat()
    response = _post(
        client, f"{URL}{case.pk}/hours/", {"day": today, "hours": "200", "activity": "x"}
    )
    assert response.status_code == 400
    response = _post(
        client,
        f"{URL}{case.pk}/breach/",
        {"day": today, "description": "x", "response": "referral_to_court"},
    )
    assert response.status_code == 400 and "§ 58" in str(response.json())
    assert HoursLog.objects.count() == 0


def test_read_only_role_cannot_post(login, personas, people, case):
    response = _post(login(personas.alice), f"{URL}{case.pk}/hours/", {})
    assert response.status_code == 403


def test_list_query_count_pinned(login, personas, case):
    client = login(personas.frida)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    # session, user, count, page, session save (3): not one per case.
    assert len(queries) <= 7, [q["sql"][:120] for q in queries]


def test_schema_documents_phases_equipment_and_schedule(login, personas):
    text = login(personas.frida).get("/api/schema/").content.decode()
    for path in ("nd-phase/", "equipment/", "schedule/", "schedule/{entry_id}/"):
        assert f"/api/community-cases/{{id}}/{path}:" in text, path
    for component in (
        "NdPhaseEnum",
        "EkTechnologyEnum",
        "SchedulePurposeEnum",
        "mounted_equipment",
    ):
        assert component in text, component
