"""EK equipment (fsg § 7-5): events with audit rows and journal lines, what is mounted now,
closing refused while equipment is on, the case page and the API, scoped like the case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.community.conftest import open_case
from varde.audit.models import AccessLog, AuditEvent
from varde.community.actions import do_close_case, do_register_equipment_event
from varde.community.models import CommunityCase, EquipmentEvent
from varde.community.queries import mounted_now
from varde.journal.models import JournalEntry

pytestmark = pytest.mark.django_db

URL = "/api/community-cases/"


@pytest.fixture
def ek_case(org, people) -> CommunityCase:
    return open_case(people.probation_client, org.oslo_fri, kind="ek_full", days_ago=10)


def _ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


def _event(case, kind, *, hours_ago, technology="radio_frequency", actor=None, **kw):
    return do_register_equipment_event(
        case, kind=kind, technology=technology, at=_ago(hours_ago), actor=actor, **kw
    )


def _mount(case, device="RF-1001", **kw):
    return _event(case, "mounted", hours_ago=200, device_id=device, person_informed=True, **kw)


def test_mount_replace_remove(ek_case, personas):
    _mount(ek_case, actor=personas.frida)
    assert mounted_now(ek_case) == {"radio_frequency": "RF-1001"}
    replaced = _event(ek_case, "replaced", hours_ago=100, device_id="RF-2002")
    assert replaced.replaced_device_id == "RF-1001"
    fault = _event(ek_case, "fault", hours_ago=50, note="Hjemmeenheten mister strøm")
    assert fault.device_id == "RF-2002"  # defaults to the mounted device
    assert mounted_now(ek_case) == {"radio_frequency": "RF-2002"}
    _event(ek_case, "removed", hours_ago=1)
    assert mounted_now(ek_case) == {}
    assert AuditEvent.objects.filter(action="register_equipment_event").count() == 4
    texts = list(
        JournalEntry.objects.filter(source_action="register_equipment_event").values_list(
            "text", flat=True
        )
    )
    assert any(t.startswith("EK-utstyr montert: radiofrekvens") for t in texts)
    assert any("ny enhet RF-2002" in t for t in texts)


def test_refusals_save_nothing(ek_case):
    with pytest.raises(ValidationError, match="åttende ledd"):
        _event(ek_case, "mounted", hours_ago=2, device_id="RF-1")
    with pytest.raises(ValidationError, match="tredje ledd"):
        _event(
            ek_case,
            "mounted",
            hours_ago=2,
            technology="tracking",
            device_id="GPS-1",
            person_informed=True,
        )
    with pytest.raises(ValidationError, match="ikke montert"):
        _event(ek_case, "alarm", hours_ago=2, note="x")
    _mount(ek_case)
    with pytest.raises(ValidationError, match="rekkefølge"):
        _event(ek_case, "removed", hours_ago=210)
    assert EquipmentEvent.objects.count() == 1
    assert JournalEntry.objects.filter(source_action="register_equipment_event").count() == 1


def test_only_on_ek_cases(case):
    with pytest.raises(ValidationError, match="elektronisk kontroll"):
        _mount(case)


def test_closing_as_completed_refused_while_mounted(ek_case, personas):
    _mount(ek_case)
    with pytest.raises(ValidationError, match="fortsatt montert: Radiofrekvens"):
        do_close_case(ek_case, actor=personas.frida)
    ek_case.refresh_from_db()
    assert ek_case.status == "active"
    _event(ek_case, "removed", hours_ago=1)
    do_close_case(ek_case, actor=personas.frida)
    ek_case.refresh_from_db()
    assert ek_case.status == "completed"


def test_removal_still_possible_after_the_case_is_closed(ek_case):
    """A case that ended another way (e.g. back in prison) leaves the equipment to remove."""
    from varde.community.actions import _set_status

    _mount(ek_case)
    _set_status(ek_case, "returned", actor=None, ended_on=timezone.localdate())
    with pytest.raises(ValidationError, match="Bare demontering"):
        _event(ek_case, "alarm", hours_ago=1, note="x")
    _event(ek_case, "removed", hours_ago=1)
    assert mounted_now(ek_case) == {}


def test_wrong_office_cannot_register(ek_case, personas):
    with pytest.raises(PermissionDenied):
        _mount(ek_case, actor=personas.carl)


def test_case_page_shows_mounted_and_form(login, personas, ek_case):
    _mount(ek_case)
    page = login(personas.frida).get(reverse("community:case", args=[ek_case.pk]))
    text = page.content.decode()
    assert (
        "Utstyr montert nå" in text and "Radiofrekvens (hjemmeenhet og fotlenke) (RF-1001)" in text
    )
    assert "Registrer utstyrshendelse" in text and "§ 16 a fjerde ledd" in text


def test_form_posts_and_refuses_in_norwegian(login, personas, ek_case):
    client = login(personas.frida)
    at = timezone.localtime(_ago(1)).strftime("%Y-%m-%dT%H:%M")
    url = reverse("community:register_equipment", args=[ek_case.pk])
    data = {
        "equipment-kind": "mounted",
        "equipment-technology": "radio_frequency",
        "equipment-device_id": "RF-55",
        "equipment-at": at,
    }
    response = client.post(url, data, follow=True)
    assert "fsg § 7-5 åttende ledd" in response.content.decode()
    response = client.post(url, data | {"equipment-person_informed": "on"}, follow=True)
    assert "Utstyrshendelsen er registrert." in response.content.decode()
    assert mounted_now(ek_case) == {"radio_frequency": "RF-55"}


def test_form_access(client, login, personas, ek_case):
    url = reverse("community:register_equipment", args=[ek_case.pk])
    assert client.post(url).status_code == 302
    assert login(personas.alice).post(url).status_code == 403
    assert login(personas.carl).post(url).status_code == 404


def test_api_equipment_and_access_log(login, personas, ek_case):
    client = login(personas.frida)
    body = {
        "kind": "mounted",
        "technology": "radio_frequency",
        "device_id": "RF-9",
        "at": _ago(2).isoformat(),
        "person_informed": True,
    }
    response = client.post(f"{URL}{ek_case.pk}/equipment/", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["mounted_equipment"] == [
        {"technology": "radio_frequency", "device_id": "RF-9"}
    ]
    again = client.post(f"{URL}{ek_case.pk}/equipment/", body, content_type="application/json")
    assert again.status_code == 400 and "allerede montert" in str(again.json())
    detail = client.get(f"{URL}{ek_case.pk}/")
    assert detail.json()["equipment_events"][0]["device_id"] == "RF-9"
    assert AccessLog.objects.filter(actor=personas.frida, channel="api").exists()
    assert login(personas.carl).get(f"{URL}{ek_case.pk}/").status_code == 404
    assert (
        login(personas.alice)
        .post(f"{URL}{ek_case.pk}/equipment/", body, content_type="application/json")
        .status_code
        == 403
    )
