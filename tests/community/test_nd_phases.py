"""ND programme phases (ND-forskriften § 7): the action with its audit row and journal
event, refusals that save nothing, the case page's history and form, the caseload's phase and
time in phase, and the API — each scoped like the rest of the case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.community.conftest import open_case
from varde.audit.models import AuditEvent
from varde.community.actions import do_change_nd_phase
from varde.community.models import CommunityCase, NdPhaseChange
from varde.journal.models import JournalEntry

pytestmark = pytest.mark.django_db

URL = "/api/community-cases/"


def _today():
    return timezone.localdate()


@pytest.fixture
def nd_case(org, people) -> CommunityCase:
    return open_case(
        people.probation_client,
        org.oslo_fri,
        kind="nd_programme",
        days_ago=120,
        judgment_extra={"probation_years": 2},
    )


def _advance(case, *, days_ago=10, actor=None, **kw):
    args = {"to_phase": "stabilisation", "convicted_heard": True} | kw
    return do_change_nd_phase(
        case, decided_on=_today() - timedelta(days=days_ago), actor=actor, **args
    )


def test_case_opens_in_the_first_phase(nd_case):
    assert nd_case.nd_phase == "implementation"


def test_next_phase_is_recorded_audited_and_journalled(nd_case, personas):
    change = _advance(nd_case, actor=personas.frida, court_reference="TOSL-25-1234")
    nd_case.refresh_from_db()
    assert nd_case.nd_phase == "stabilisation"
    assert (change.from_phase, change.to_phase) == ("implementation", "stabilisation")
    assert change.registered_by_name == "frida"
    assert AuditEvent.objects.filter(action="change_nd_phase", verb="create").exists()
    assert AuditEvent.objects.filter(action="change_nd_phase", verb="update").exists()
    entry = JournalEntry.objects.get(source_action="change_nd_phase")
    assert "over i stabiliseringsfasen etter rettens kjennelse" in entry.text


def test_skipping_is_refused_and_nothing_saved(nd_case):
    with pytest.raises(ValidationError, match="hoppes over"):
        _advance(nd_case, to_phase="responsibility")
    with pytest.raises(ValidationError, match="uttale seg"):
        _advance(nd_case, convicted_heard=False)
    nd_case.refresh_from_db()
    assert nd_case.nd_phase == "implementation"
    assert NdPhaseChange.objects.count() == 0
    assert not JournalEntry.objects.filter(source_action="change_nd_phase").exists()


def test_back_only_with_reasons_and_not_before_the_last_change(nd_case):
    _advance(nd_case, days_ago=20)
    with pytest.raises(ValidationError, match="§ 39"):
        _advance(nd_case, days_ago=5, to_phase="implementation")
    with pytest.raises(ValidationError, match="forrige faseendring"):
        _advance(nd_case, days_ago=30, to_phase="implementation", reason="Nye brudd")
    back = _advance(nd_case, days_ago=5, to_phase="implementation", reason="Nye brudd")
    assert back.reason == "Nye brudd"
    entry = JournalEntry.objects.filter(source_action="change_nd_phase").order_by("-pk")[0]
    assert "tilbake til iverksettingsfasen" in entry.text


def test_only_for_nd_cases(case):
    with pytest.raises(ValidationError, match="narkotikaprogram"):
        _advance(case)


def test_wrong_office_and_read_only_cannot_change(nd_case, personas):
    with pytest.raises(PermissionDenied):
        _advance(nd_case, actor=personas.alice)
    with pytest.raises(PermissionDenied):
        _advance(nd_case, actor=personas.carl)  # edits persons, but not this one


def test_case_page_shows_history_and_form(login, personas, nd_case):
    _advance(nd_case, days_ago=10, court_reference="TOSL-25-1234")
    page = login(personas.frida).get(reverse("community:case", args=[nd_case.pk]))
    text = page.content.decode()
    assert "Faser i narkotikaprogrammet" in text
    assert "Iverksettingsfasen → Stabiliseringsfasen" in text and "TOSL-25-1234" in text
    assert "(10 dager)" in text
    assert "Registrer rettens kjennelse" in text
    # The next phase is offered first, the earlier one as a step back; never a skip.
    assert 'value="responsibility"' in text and 'value="implementation"' in text
    assert 'value="continuation"' not in text


def test_form_posts_through_the_action(login, personas, nd_case):
    client = login(personas.frida)
    response = client.post(
        reverse("community:change_nd_phase", args=[nd_case.pk]),
        {
            "phase-to_phase": "stabilisation",
            "phase-decided_on": _today().isoformat(),
            "phase-convicted_heard": "on",
        },
        follow=True,
    )
    assert "Fasen er endret." in response.content.decode()
    response = client.post(
        reverse("community:change_nd_phase", args=[nd_case.pk]),
        {"phase-to_phase": "implementation", "phase-decided_on": _today().isoformat()},
        follow=True,
    )
    assert "straffeloven § 39" in response.content.decode()
    assert NdPhaseChange.objects.count() == 1


def test_form_access(client, login, personas, nd_case):
    url = reverse("community:change_nd_phase", args=[nd_case.pk])
    assert client.post(url).status_code == 302  # anonymous: to the login page
    assert login(personas.alice).post(url).status_code == 403  # read-only role
    assert login(personas.carl).post(url, {"phase-to_phase": "stabilisation"}).status_code == 404


def test_caseload_shows_phase_and_time_in_phase(login, personas, nd_case):
    page = login(personas.frida).get(reverse("community:caseload")).content.decode()
    assert "Iverksettingsfasen, 120 dager i fasen" in page
    _advance(nd_case, days_ago=12)
    page = login(personas.frida).get(reverse("community:caseload")).content.decode()
    assert "Stabiliseringsfasen, 12 dager i fasen" in page


def test_api_phase_change_scoped(login, personas, nd_case):
    body = {"to_phase": "stabilisation", "decided_on": _today().isoformat()}
    client = login(personas.frida)
    response = client.post(f"{URL}{nd_case.pk}/nd-phase/", body, content_type="application/json")
    assert response.status_code == 400 and "uttale seg" in str(response.json())
    body["convicted_heard"] = True
    response = client.post(f"{URL}{nd_case.pk}/nd-phase/", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["nd_phase"] == "stabilisation" and data["nd_phase_since"] == _today().isoformat()
    assert data["nd_phase_changes"][0]["to_phase"] == "stabilisation"
    other = login(personas.carl).post(
        f"{URL}{nd_case.pk}/nd-phase/", body, content_type="application/json"
    )
    assert other.status_code == 404
    read_only = login(personas.alice).post(
        f"{URL}{nd_case.pk}/nd-phase/", body, content_type="application/json"
    )
    assert read_only.status_code == 403
