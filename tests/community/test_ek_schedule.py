"""The EK schedule (fsg §§ 7-4, 7-6): add, change and remove weekly periods through the
actions (audit, journal), shown on the case page with a link to register a deviation as a
breach, and the API, scoped like the case."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.community.conftest import open_case
from varde.audit.models import AuditEvent
from varde.community.actions import (
    do_add_schedule_entry,
    do_change_schedule_entry,
    do_close_case,
    do_remove_schedule_entry,
)
from varde.community.models import CommunityCase, ScheduleEntry
from varde.journal.models import JournalEntry

pytestmark = pytest.mark.django_db

URL = "/api/community-cases/"


@pytest.fixture
def ek_case(org, people) -> CommunityCase:
    return open_case(people.probation_client, org.oslo_fri, kind="ek_partial", days_ago=10)


def _add(case, weekday=0, start=7 * 60 + 30, end=16 * 60, purpose="work", **kw):
    kw.setdefault("actor", None)
    return do_add_schedule_entry(
        case, weekday=weekday, start_minute=start, end_minute=end, purpose=purpose, **kw
    )


def test_add_change_remove(ek_case, personas):
    entry = _add(ek_case, actor=personas.frida, note="Snekker, Byggmester AS")
    changed = do_change_schedule_entry(
        entry,
        weekday=0,
        start_minute=8 * 60,
        end_minute=15 * 60 + 30,
        purpose="work",
        note="Snekker",
        actor=personas.frida,
    )
    assert (changed.start_time, changed.end_time) == ("08:00", "15:30")
    do_remove_schedule_entry(changed, actor=personas.frida)
    assert ScheduleEntry.objects.count() == 0
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"add_schedule_entry", "change_schedule_entry", "remove_schedule_entry"} <= actions
    texts = list(
        JournalEntry.objects.filter(source_action="ek_schedule")
        .order_by("pk")
        .values_list("text", flat=True)
    )
    assert texts[0] == "Timeplan for EK: lagt til mandag 07:30–16:00 (arbeid)."
    assert "endret til mandag 08:00–15:30" in texts[1]
    assert texts[2].startswith("Timeplan for EK: fjernet")


def test_overlap_and_other_refused_nothing_saved(ek_case):
    entry = _add(ek_case)
    with pytest.raises(ValidationError, match="overlapper"):
        _add(ek_case, start=15 * 60, end=18 * 60, purpose="programme")
    with pytest.raises(ValidationError, match="§ 7-6"):
        _add(ek_case, weekday=2, purpose="other")
    with pytest.raises(ValidationError, match="over midnatt"):
        do_change_schedule_entry(
            entry, weekday=0, start_minute=22 * 60, end_minute=6 * 60, purpose="work", actor=None
        )
    entry.refresh_from_db()
    assert ScheduleEntry.objects.count() == 1 and entry.start_time == "07:30"
    # Changing a period may overlap its own old self, and may end at midnight.
    do_change_schedule_entry(
        entry, weekday=0, start_minute=7 * 60, end_minute=24 * 60, purpose="work", actor=None
    )
    entry.refresh_from_db()
    assert entry.end_time == "24:00"


def test_closed_case_schedule_is_frozen(ek_case):
    entry = _add(ek_case)
    do_close_case(ek_case, actor=None)
    with pytest.raises(ValidationError, match="avsluttet"):
        _add(ek_case, weekday=1)
    with pytest.raises(ValidationError, match="avsluttet"):
        do_remove_schedule_entry(entry, actor=None)


def test_only_ek_and_only_in_scope(case, ek_case, personas):
    with pytest.raises(ValidationError, match="elektronisk kontroll"):
        _add(case)
    with pytest.raises(PermissionDenied):
        _add(ek_case, actor=personas.carl)
    with pytest.raises(PermissionDenied):
        _add(ek_case, actor=personas.alice)


def test_case_page_schedule_and_deviation_link(login, personas, ek_case):
    _add(ek_case, note="Byggmester AS")
    client = login(personas.frida)
    url = reverse("community:case", args=[ek_case.pk])
    text = client.get(url).content.decode()
    assert "Timeplan" in text and "Mandag" in text and "Byggmester AS" in text
    assert "?avvik=1#registrer-brudd" in text
    deviation = client.get(url + "?avvik=1").content.decode()
    assert 'id="registrer-brudd" open' in deviation and "Avvik fra timeplanen: " in deviation
    # The EK breach form offers only what fsg § 7-7 allows.
    assert 'value="written_reprimand"' in deviation
    assert 'value="tightening_interview"' not in deviation


def test_forms_add_change_remove(login, personas, ek_case):
    client = login(personas.frida)
    data = {
        "schedule-weekday": "4",
        "schedule-start_time": "08:00",
        "schedule-end_time": "12:00",
        "schedule-purpose": "education",
    }
    response = client.post(
        reverse("community:add_schedule_entry", args=[ek_case.pk]), data, follow=True
    )
    assert "Tidsrommet er lagt til i timeplanen." in response.content.decode()
    entry = ScheduleEntry.objects.get()
    prefix = f"schedule-{entry.pk}"
    change = {
        f"{prefix}-weekday": "4",
        f"{prefix}-start_time": "09:00",
        f"{prefix}-end_time": "08:00",
        f"{prefix}-purpose": "education",
    }
    url = reverse("community:change_schedule_entry", args=[ek_case.pk, entry.pk])
    assert (
        "Sluttid må være etter starttid" in client.post(url, change, follow=True).content.decode()
    )
    change[f"{prefix}-end_time"] = "13:00"
    assert "Timeplanen er endret." in client.post(url, change, follow=True).content.decode()
    remove = reverse("community:remove_schedule_entry", args=[ek_case.pk, entry.pk])
    assert "Tidsrommet er fjernet." in client.post(remove, follow=True).content.decode()
    assert not ScheduleEntry.objects.exists()


def test_form_access(login, personas, ek_case):
    from django.test import Client

    entry = _add(ek_case)
    urls = [
        reverse("community:add_schedule_entry", args=[ek_case.pk]),
        reverse("community:change_schedule_entry", args=[ek_case.pk, entry.pk]),
        reverse("community:remove_schedule_entry", args=[ek_case.pk, entry.pk]),
    ]
    for url in urls:
        assert Client().post(url).status_code == 302  # anonymous: to the login page
        assert login(personas.alice).post(url).status_code == 403
        assert login(personas.carl).post(url).status_code == 404
    assert ScheduleEntry.objects.count() == 1


def test_entry_of_another_case_is_404(login, personas, org, people, ek_case):
    from datetime import date

    from tests.conftest import make_person

    other_person = make_person("Eva", "Ek", date(1988, 4, 4), sex="female", seed=77)
    other = open_case(other_person, org.oslo_fri, kind="ek_full")
    entry = _add(other)
    url = reverse("community:remove_schedule_entry", args=[ek_case.pk, entry.pk])
    assert login(personas.frida).post(url).status_code == 404


def test_api_schedule(login, personas, ek_case):
    client = login(personas.frida)
    body = {"weekday": 1, "start_time": "08:00", "end_time": "16:00", "purpose": "work"}
    response = client.post(f"{URL}{ek_case.pk}/schedule/", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    entry = response.json()["schedule_entries"][0]
    assert entry["weekday"] == 1 and entry["start_time"] == "08:00"
    entry_url = f"{URL}{ek_case.pk}/schedule/{entry['id']}/"
    bad = client.put(entry_url, body | {"end_time": "07:00"}, content_type="application/json")
    assert bad.status_code == 400 and "Sluttid" in str(bad.json())
    ok = client.put(entry_url, body | {"end_time": "15:00"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["schedule_entries"][0]["end_time"] == "15:00"
    bad_clock = client.put(entry_url, body | {"end_time": "25:00"}, content_type="application/json")
    assert bad_clock.status_code == 400 and "tt:mm" in str(bad_clock.json())
    assert login(personas.carl).delete(entry_url).status_code == 404
    assert login(personas.alice).delete(entry_url).status_code == 403
    assert login(personas.frida).delete(entry_url).status_code == 204
    assert not ScheduleEntry.objects.exists()
