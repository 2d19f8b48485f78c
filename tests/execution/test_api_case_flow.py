"""The case flow over REST beyond admission and leave: execution outside prison and back,
release with the parole follow-up, remand restrictions and postponement. Same actions as the
person page, scoped the same way (outside scope 404, read-only roles 403), refusals 400 in
Norwegian with nothing saved."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.conftest import make_person
from tests.execution.conftest import admit
from tests.execution.queue_support import queued
from tests.sentencing.judgments import prison_fields
from varde.audit.models import AccessLog, AuditEvent
from varde.community.choices import CaseKind, CaseStatus
from varde.community.models import CommunityCase
from varde.execution.actions import do_admit, do_send_callin
from varde.execution.models import PostponementRequest, RemandRestriction
from varde.organisation.models import Capacity
from varde.sentencing.actions import do_register_judgment

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")
URL = "/api/stays/"


def _at(day: str, hour: int = 12) -> str:
    return datetime.fromisoformat(f"{day}T{hour:02}:00").replace(tzinfo=OSLO).isoformat()


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


@pytest.fixture
def serving(org, people):
    """rules.md Example 0.3-A: 9 months from 10.03.2025; EK from 21.05.2025, parole at 2/3
    from 21.08.2025, last day 19.11.2025."""
    person = people.oslo_inmate
    judgment = do_register_judgment(person, actor=None, **prison_fields())
    return do_admit(
        person,
        org.oslo,
        security_level="high",
        actor=None,
        judgment=judgment,
        at=datetime(2025, 3, 10, 12, tzinfo=OSLO),
    )


def test_ek_part_execution_return_and_parole_with_office_and_months(login, org, personas, serving):
    client = login(personas.carl)
    outside = f"{URL}{serving.pk}/outside-prison/"
    early = {"kind": "ek_partial", "office": org.oslo_fri.pk, "at": _at("2025-05-20")}
    response = _post(client, outside, early)
    assert response.status_code == 400
    assert "tidligst starte 21.05.2025" in response.content.decode()
    assert not CommunityCase.objects.exists()

    response = _post(client, outside, early | {"at": _at("2025-05-21")})
    assert response.status_code == 201, response.content
    assert response.json()["absences"][0]["kind"] == "ek_partial"
    assert CommunityCase.objects.get().kind == CaseKind.EK_PARTIAL

    back = {"unit": org.oslo.pk, "security_level": "high", "cause": "own_wish"}
    response = _post(
        client, f"{URL}{serving.pk}/return-to-prison/", back | {"at": _at("2025-06-01")}
    )
    assert response.status_code == 200, response.content
    assert CommunityCase.objects.get().status == CaseStatus.RETURNED
    assert response.json()["placements"][-1]["reason"] == "regression"

    release = {"release_type": "parole_two_thirds", "at": _at("2025-08-21")}
    response = _post(client, f"{URL}{serving.pk}/release/", release | {"reporting_months": 13})
    assert response.status_code == 400 and "mellom 1 og 12" in response.content.decode()
    response = _post(
        client,
        f"{URL}{serving.pk}/release/",
        release | {"office": org.oslo_fri.pk, "reporting_months": 2},
    )
    assert response.status_code == 200, response.content
    parole = CommunityCase.objects.get(kind=CaseKind.PAROLE)
    assert (parole.office, parole.planned_end) == (org.oslo_fri, date(2025, 10, 21))


def test_outside_prison_needs_an_editor_in_scope(login, org, personas, people, serving):
    data = {"kind": "at_home", "office": org.oslo_fri.pk, "at": _at("2025-07-06")}
    assert (
        _post(login(personas.alice), f"{URL}{serving.pk}/outside-prison/", data).status_code == 403
    )
    Capacity.objects.create(
        unit=org.bergen, security_level="high", sex="female", places=10, valid_from=date(2020, 1, 1)
    )
    bergen = admit(people.bergen_inmate, org.bergen)
    for name in ("outside-prison", "return-to-prison", "restrictions"):
        response = _post(login(personas.carl), f"{URL}{bergen.pk}/{name}/", data)
        assert response.status_code == 404, name
    response = _post(login(personas.carl), f"{URL}{serving.pk}/outside-prison/", data)
    assert response.status_code == 201
    back = {"unit": org.oslo.pk, "security_level": "high", "cause": "breach"}
    url = f"{URL}{serving.pk}/return-to-prison/"
    assert _post(login(personas.alice), url, back).status_code == 403


def test_release_defaults_to_the_office_for_the_home_and_three_months(login, org, personas):
    person = make_person("Lars", "Hjemme", date(1980, 1, 1), seed=91, postal_code="0661")
    judgment = do_register_judgment(person, actor=None, **prison_fields())
    stay = do_admit(
        person,
        org.oslo,
        security_level="high",
        actor=None,
        judgment=judgment,
        at=datetime(2025, 3, 10, 12, tzinfo=OSLO),
    )
    data = {"release_type": "parole_two_thirds", "at": _at("2025-08-21")}
    assert _post(login(personas.carl), f"{URL}{stay.pk}/release/", data).status_code == 200
    parole = CommunityCase.objects.get()
    assert (parole.office, parole.planned_end) == (org.oslo_fri, date(2025, 11, 19))


def test_remand_restriction_with_its_ruling_facts(login, org, personas, people):
    stay = admit(people.oslo_inmate, org.oslo, kind="remand")
    client = login(personas.carl)
    today = timezone.localdate()
    data = {
        "kind": "full_isolation",
        "ruling_reference": "25-1MED-OTIR",
        "valid_from": today.isoformat(),
        "valid_until": (today + timedelta(days=20)).isoformat(),
    }
    url = f"{URL}{stay.pk}/restrictions/"
    response = _post(client, url, data)
    assert response.status_code == 400 and "høyst to uker" in response.content.decode()
    assert not RemandRestriction.objects.exists()
    data |= {
        "valid_until": (today + timedelta(days=14)).isoformat(),
        "penalty_scale": "over_6_years",
        "weighty_reasons": "Fare for bevisforspillelse",
    }
    response = _post(client, url, data)
    assert response.status_code == 201, response.content
    (restriction,) = response.json()["restrictions"]
    assert restriction["penalty_scale"] == "over_6_years"
    assert restriction["weighty_reasons"] == "Fare for bevisforspillelse"
    assert _post(login(personas.alice), url, data).status_code == 403


# --- postponement -----------------------------------------------------------------------------

P_URL = "/api/postponements/"


def test_postponement_register_and_decide(login, org, personas, people):
    judgment = queued(people.oslo_inmate, waited=5)
    do_send_callin(
        judgment,
        org.oslo,
        security_level="high",
        form="prison",
        start_on=timezone.localdate() + timedelta(days=21),
        actor=None,
    )
    client = login(personas.carl)
    data = {
        "judgment": judgment.pk,
        "received_on": timezone.localdate().isoformat(),
        "ground": "illness",
        "reason": "Innlagt på sykehus",
    }
    response = _post(client, P_URL, data)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert AuditEvent.objects.filter(action="request_postponement").exists()

    decide = f"{P_URL}{pk}/decide/"
    refused = _post(client, decide, {"granted": False, "decision_note": "Nei"})
    assert refused.status_code == 400 and "§ 6" in refused.content.decode()
    assert PostponementRequest.objects.get().decision == "pending"
    new_start = (timezone.localdate() + timedelta(days=60)).isoformat()
    response = _post(
        client, decide, {"granted": True, "new_start_on": new_start, "decision_note": "Legeattest"}
    )
    assert response.status_code == 200, response.content
    assert (response.json()["decision"], response.json()["new_start_on"]) == ("granted", new_start)
    assert judgment.callins.get().status == "postponed"

    assert [r["id"] for r in client.get(P_URL).json()["results"]] == [pk]
    assert client.get(f"{P_URL}{pk}/").status_code == 200
    assert AccessLog.objects.filter(person=people.oslo_inmate, channel="api").exists()


def test_postponement_is_scoped_as_the_ui(login, org, personas, people):
    judgment = queued(people.bergen_inmate, waited=5)
    data = {
        "judgment": judgment.pk,
        "received_on": timezone.localdate().isoformat(),
        "reason": "Arbeid",
    }
    assert _post(login(personas.carl), P_URL, data).status_code == 404
    assert _post(login(personas.bob), P_URL, data).status_code == 403  # reads only
    assert not PostponementRequest.objects.exists()
    own = queued(people.oslo_inmate, waited=5)
    response = _post(login(personas.carl), P_URL, data | {"judgment": own.pk})
    pk = response.json()["id"]
    assert login(personas.bob).get(f"{P_URL}{pk}/").status_code == 404
    assert login(personas.bob).get(P_URL).json()["results"] == []
    decide = {"granted": False, "decision_note": "Ikke grunnlag"}
    assert _post(login(personas.alice), f"{P_URL}{pk}/decide/", decide).status_code == 403
