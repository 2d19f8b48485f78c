"""The regime API, scoped as the pages: offers, enrolments, attendance (and saving a day),
daily figures, the activity share and a person's days."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.regime.conftest import last_weekday, local
from varde.audit.models import AccessLog
from varde.regime.actions import do_add_inmate_deviation
from varde.regime.models import ActivityOffer, Attendance

pytestmark = pytest.mark.django_db


def _results(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


def test_offers_are_scoped_and_created_through_the_action(regime, org, personas, login):
    assert {o["name"] for o in _results(login(personas.alice).get("/api/regime/offers/"))} == {
        "Snekkerverkstedet",
        "Skolen",
    }
    assert _results(login(personas.bob).get("/api/regime/offers/")) == []
    assert len(_results(login(personas.anna).get("/api/regime/offers/"))) == 2  # national
    new = {
        "unit": org.oslo.pk,
        "kind": "school",
        "name": "Norskkurs",
        "capacity": 8,
        "weekdays": "135",
        "starts_at": "09:00",
        "ends_at": "11:00",
        "valid_from": f"{timezone.localdate():%Y-%m-%d}",
    }
    assert login(personas.alice).post("/api/regime/offers/", new).status_code == 403
    created = login(personas.carl).post("/api/regime/offers/", new)
    assert created.status_code == 201, created.json()
    assert ActivityOffer.objects.filter(name="Norskkurs").exists()
    bergen = login(personas.carl).post("/api/regime/offers/", new | {"unit": org.bergen.pk})
    assert bergen.status_code in (400, 403)


def test_enrolments_and_attendance(regime, org, personas, login):
    mine = _results(login(personas.alice).get("/api/regime/enrolments/"))
    assert len(mine) == 2
    assert _results(login(personas.bob).get("/api/regime/enrolments/")) == []
    assert login(personas.anna).get("/api/regime/enrolments/").status_code == 403
    day = last_weekday()
    rows = [
        {"stay": regime.stays[0].pk, "status": "attended", "offer": regime.workshop.pk},
        {"stay": regime.stays[1].pk, "status": "absent", "reason": "sick"},
        {"stay": regime.stays[2].pk, "status": "none"},
    ]
    body = {"unit": org.oslo.pk, "day": f"{day:%Y-%m-%d}", "rows": rows}
    assert (
        login(personas.bob)
        .post("/api/regime/attendance/register/", body, "application/json")
        .status_code
        == 404
    )
    saved = login(personas.alice).post(
        "/api/regime/attendance/register/", body, content_type="application/json"
    )
    assert saved.status_code == 201, saved.json()
    assert saved.json() == {"created": 3, "changed": 0, "unchanged": 0}
    assert Attendance.objects.filter(day=day).count() == 3
    url = f"/api/regime/attendance/?unit={org.oslo.pk}&from={day:%Y-%m-%d}&to={day:%Y-%m-%d}"
    assert len(_results(login(personas.alice).get(url))) == 3
    assert _results(login(personas.bob).get(url)) == []
    rows[1]["reason"] = ""
    refused = login(personas.alice).post(
        "/api/regime/attendance/register/", body, content_type="application/json"
    )
    assert refused.status_code == 400
    assert "årsak" in str(refused.json())


def test_figures_and_person_days(regime, org, personas, login):
    today = timezone.localdate()
    do_add_inmate_deviation(
        regime.stays[0], kind="excluded_full", from_at=local(today - timedelta(days=3)), actor=None
    )
    period = f"from={today - timedelta(days=2):%Y-%m-%d}&to={today:%Y-%m-%d}"
    url = f"/api/regime/daily-figures/?unit={org.oslo.pk}&{period}"
    figures = login(personas.anna).get(url)
    assert figures.status_code == 200
    assert [day["isolated"] for day in figures.json()] == [1, 1, 1]
    assert login(personas.bob).get(url).status_code == 404
    assert login(personas.anna).get("/api/regime/daily-figures/").status_code == 400
    share = login(personas.anna).get("/api/regime/activity-share/").json()
    assert share["target"] == 85.0 and share["national"]["name"] == "Hele landet"
    person = regime.stays[0].person
    since = today - timedelta(days=1)
    days_url = (
        f"/api/regime/person-days/?person={person.pk}&from={since:%Y-%m-%d}&to={today:%Y-%m-%d}"
    )
    days = login(personas.alice).get(days_url)
    assert days.status_code == 200
    assert [(d["hours_contact"], d["isolated"]) for d in days.json()] == [(0.0, True)] * 2
    assert AccessLog.objects.filter(person=person, channel="api").exists()
    assert login(personas.bob).get(days_url).status_code == 404
    assert login(personas.anna).get(days_url).status_code == 403
    too_long = f"/api/regime/activity-share/?from=2020-01-01&to={today:%Y-%m-%d}"
    assert login(personas.anna).get(too_long).status_code == 400


def test_enrol_and_end_through_the_api(regime, org, personas, login):
    today = f"{timezone.localdate():%Y-%m-%d}"
    body = {"offer": regime.school.pk, "stay": regime.stays[2].pk, "date_from": today}
    assert login(personas.alice).post("/api/regime/enrolments/", body).status_code == 403
    made = login(personas.carl).post("/api/regime/enrolments/", body)
    assert made.status_code == 201, made.json()
    assert made.json()["person"] == regime.stays[2].person_id
    again = login(personas.carl).post("/api/regime/enrolments/", body)
    assert again.status_code == 400  # already enrolled: the action's message
    ended = login(personas.carl).post(
        f"/api/regime/enrolments/{made.json()['id']}/end/", {"date_to": today}
    )
    assert ended.status_code == 200 and ended.json()["date_to"] == today
    bergen = {"offer": regime.school.pk, "stay": regime.stays[0].pk, "date_from": today}
    assert login(personas.bob).post("/api/regime/enrolments/", bergen).status_code == 403
