"""The regime screens, for anonymous, wrong unit, a role without the right, and allowed:
overview, unit page, attendance grid, time out of cell, settings, activities, person panel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.regime.conftest import last_weekday, local
from varde.audit.models import AccessLog
from varde.regime.actions import do_add_inmate_deviation
from varde.regime.models import (
    ActivityOffer,
    Attendance,
    DepartmentDeviation,
    Enrolment,
    InmateDeviation,
    RegimeSchedule,
)

pytestmark = pytest.mark.django_db


def _get(login, user, url, **headers):
    return login(user).get(url, headers=headers)


def test_overview_for_staff_and_analysts(regime, org, personas, login, client):
    url = reverse("regime:overview")
    assert client.get(url).status_code == 302
    page = _get(login, personas.alice, url)
    assert page.status_code == 200
    assert reverse("regime:unit", args=[org.oslo.pk]) in page.content.decode()
    analyst = _get(login, personas.anna, url)
    assert analyst.status_code == 200  # figures without names
    assert reverse("regime:unit", args=[org.oslo.pk]) not in analyst.content.decode()
    assert "Hele landet" in analyst.content.decode()
    assert _get(login, personas.frida, url).status_code == 403
    assert _get(login, personas.alice, url + "?fra=nonsense").status_code == 404


def test_menu_offers_dagligliv_to_prison_staff_only(regime, personas, login):
    assert "Dagligliv" in _get(login, personas.alice, reverse("home")).content.decode()
    assert "Dagligliv" not in _get(login, personas.frida, reverse("home")).content.decode()


def test_unit_page_scoping_and_content(regime, org, personas, login, client):
    url = reverse("regime:unit", args=[org.oslo.pk])
    assert client.get(url).status_code == 302
    assert _get(login, personas.bob, url).status_code == 404
    assert _get(login, personas.anna, url).status_code == 403
    assert _get(login, personas.rune, url).status_code == 200
    do_add_inmate_deviation(
        regime.stays[0],
        kind="excluded_full",
        from_at=local(timezone.localdate() - timedelta(days=3)),
        actor=None,
    )
    html = _get(login, personas.alice, url).content.decode()
    assert 'data-count="inmates">3<' in html
    assert f'data-isolated="{regime.stays[0].person_id}"' in html
    assert "Snekkerverkstedet" in html
    assert AccessLog.objects.filter(person_id=regime.stays[0].person_id).exists()


def test_grid_shows_proposals_and_one_submit_saves(regime, org, personas, login):
    day = last_weekday()
    url = reverse("regime:grid", args=[org.oslo.pk]) + f"?dato={day:%Y-%m-%d}"
    assert _get(login, personas.bob, url).status_code == 404
    page = _get(login, personas.alice, url)
    html = page.content.decode()
    assert html.count("data-proposed") == 3
    assert f'name="status-{regime.stays[0].pk}"' in html
    data = {"stay": [str(s.pk) for s in regime.stays]}
    for stay in regime.stays[:2]:
        data |= {f"status-{stay.pk}": "attended", f"offer-{stay.pk}": str(regime.workshop.pk)}
    data |= {f"status-{regime.stays[2].pk}": "none"}
    response = login(personas.alice).post(url, data)
    assert response.status_code == 302
    assert Attendance.objects.filter(day=day).count() == 3
    assert "Oppmøtet er lagret: 3 nye" in _get(login, personas.alice, url).content.decode()
    # A missing reason shows every problem and saves nothing.
    data |= {f"status-{regime.stays[2].pk}": "absent", f"reason-{regime.stays[2].pk}": ""}
    refused = login(personas.alice).post(url, data)
    assert refused.status_code == 400
    assert "Oppgi årsak til fraværet." in refused.content.decode()
    assert Attendance.objects.get(stay=regime.stays[2], day=day).status == "none"


def test_grid_read_only_roles_cannot_submit(regime, org, personas, login):
    url = reverse("regime:grid", args=[org.oslo.pk])
    page = _get(login, personas.rune, url).content.decode()
    assert "Lagre oppmøtet" not in page
    assert login(personas.rune).post(url, {"stay": []}).status_code == 403
    future = url + f"?dato={timezone.localdate() + timedelta(days=1):%Y-%m-%d}"
    assert "Lagre oppmøtet" not in _get(login, personas.alice, future).content.decode()


def test_cell_time_page(regime, org, personas, login):
    url = reverse("regime:cell_time", args=[org.oslo.pk]) + f"?dato={last_weekday():%Y-%m-%d}"
    html = _get(login, personas.alice, url).content.decode()
    assert "8,0 t" in html or "8.0 t" in html
    assert _get(login, personas.bob, url).status_code == 404


def test_settings_schedule_and_deviations(regime, org, personas, login, leader):
    settings_url = reverse("regime:settings", args=[org.oslo.pk])
    html = _get(login, personas.alice, settings_url).content.decode()
    assert "Registrer avvik for avdelingen" in html
    assert "Endre dagsregimet" not in html  # the unit leader's decision
    schedule_url = reverse("regime:schedule", args=[org.oslo.pk, org.oslo.pk])
    assert _get(login, personas.alice, schedule_url).status_code == 403
    form = _get(login, leader, schedule_url)
    assert form.status_code == 200
    tomorrow = timezone.localdate() + timedelta(days=1)
    periods = {
        "p-TOTAL_FORMS": "2",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "24",
        "p-0-day_type": "weekday",
        "p-0-starts_at": "08:00",
        "p-0-ends_at": "16:00",
        "p-0-level": "ordinary",
        "p-1-day_type": "weekday",
        "p-1-starts_at": "15:00",
        "p-1-ends_at": "17:00",
        "p-1-level": "staff",
    }
    data = {"valid_from": f"{tomorrow:%Y-%m-%d}", "note": "Ny turnus", **periods}
    refused = login(leader).post(schedule_url, data)
    assert "overlapper" in refused.content.decode()
    data["p-1-starts_at"] = "16:00"
    assert login(leader).post(schedule_url, data).status_code == 302
    assert RegimeSchedule.objects.filter(unit=org.oslo, valid_from=tomorrow).exists()

    deviation = {
        "unit": str(org.oslo.pk),
        "kind": "staffing",
        "date_from": f"{timezone.localdate():%Y-%m-%d}",
        "date_to": f"{timezone.localdate():%Y-%m-%d}",
        "starts_at": "12:00",
        "ends_at": "23:59",
        "level": "locked",
    }
    add = reverse("regime:add_deviation", args=[org.oslo.pk])
    assert login(personas.alice).post(add, deviation).status_code == 302
    made = DepartmentDeviation.objects.get()
    assert made.registered_by_name == "alice"
    cancel = reverse("regime:cancel_deviation", args=[made.pk])
    login(personas.alice).post(cancel, {"reason": "Feil dag"})
    made.refresh_from_db()
    assert made.cancelled
    assert login(personas.bob).post(add, deviation).status_code == 404


def test_inmate_deviation_forms(regime, org, personas, login):
    add = reverse("regime:add_inmate_deviation", args=[org.oslo.pk])
    now = timezone.localtime()
    data = {
        "stay": str(regime.stays[0].pk),
        "kind": "excluded_full",
        "from_at": f"{now:%Y-%m-%dT%H:%M}",
        "window_start": "13:00",
        "window_end": "15:00",
        "window_level": "staff",
    }
    assert login(personas.alice).post(add, data).status_code == 302
    deviation = InmateDeviation.objects.get()
    assert (deviation.level, deviation.windows) == (
        "locked",
        [{"start": "13:00", "end": "15:00", "level": "staff"}],
    )
    end = reverse("regime:end_inmate_deviation", args=[deviation.pk])
    later = now + timedelta(hours=2)
    assert login(personas.bob).post(end, {"to_at": f"{later:%Y-%m-%dT%H:%M}"}).status_code == 404
    login(personas.alice).post(end, {"to_at": f"{later:%Y-%m-%dT%H:%M}"})
    deviation.refresh_from_db()
    assert deviation.to_at is not None


def test_activities_create_enrol_and_end(regime, org, personas, login):
    create = reverse("regime:create_offer", args=[org.oslo.pk])
    data = {
        "unit": str(org.oslo.pk),
        "kind": "programme",
        "name": "Brottsbrytande",
        "capacity": "6",
        "weekdays": ["2", "4"],
        "starts_at": "12:30",
        "ends_at": "14:30",
        "valid_from": f"{timezone.localdate():%Y-%m-%d}",
    }
    assert login(personas.alice).post(create, data).status_code == 403
    assert login(personas.carl).post(create, data).status_code == 302
    offer = ActivityOffer.objects.get(name="Brottsbrytande")
    assert offer.weekdays == "24"
    page = _get(login, personas.carl, reverse("regime:offer", args=[offer.pk]))
    assert "Skriv inn en innsatt" in page.content.decode()
    enrol = reverse("regime:enrol", args=[offer.pk])
    today = f"{timezone.localdate():%Y-%m-%d}"
    login(personas.carl).post(enrol, {"stay": str(regime.stays[2].pk), "date_from": today})
    enrolment = Enrolment.objects.get(offer=offer)
    assert enrolment.stay == regime.stays[2]
    end = reverse("regime:end_enrolment", args=[enrolment.pk])
    login(personas.carl).post(end, {"day": today})
    enrolment.refresh_from_db()
    assert enrolment.date_to == timezone.localdate()
    assert _get(login, personas.bob, reverse("regime:offer", args=[offer.pk])).status_code == 404


def test_person_panel(regime, org, personas, login):
    person = regime.stays[0].person
    detail = _get(login, personas.alice, reverse("people:detail", args=[person.pk]))
    panel_url = reverse("regime:person", args=[person.pk])
    assert panel_url in detail.content.decode()
    panel = _get(login, personas.alice, panel_url, HX_Request="true")
    html = panel.content.decode()
    assert "<html" not in html and "Aktivitet og tid utenfor cellen" in html
    assert html.count("data-day=") == 14
    assert AccessLog.objects.filter(person=person, path=panel_url).exists()
    assert _get(login, personas.bob, panel_url).status_code == 404
    assert _get(login, personas.anna, panel_url).status_code == 403
    assert _get(login, personas.alice, panel_url).status_code == 200  # a page of its own


def test_departments_follow_the_prisons_regime_and_filter_the_grid(regime, org, personas, login):
    from varde.organisation.models import Unit

    ward = Unit.objects.create(
        code="oslo-avdeling-a",
        name="Avdeling A",
        kind="prison_high",
        region=org.ost,
        parent=org.oslo,
    )
    html = _get(login, personas.alice, reverse("regime:settings", args=[org.oslo.pk])).content
    assert "Avdeling A" in html.decode() and "fengselets felles dagsregime" in html.decode()
    grid = reverse("regime:grid", args=[org.oslo.pk])
    page = _get(login, personas.alice, grid + f"?avdeling={ward.pk}")
    assert page.status_code == 200 and "Ingen innsatte ved avdelingen" in page.content.decode()
    assert _get(login, personas.alice, grid + f"?avdeling={org.bergen.pk}").status_code == 404
    whole = _get(login, personas.alice, grid).content.decode()
    assert 'name="avdeling"' in whole and whole.count("data-stay=") == 3
