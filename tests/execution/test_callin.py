"""Call-in (innkalling) and postponement: actions with audit and journal, refusals that save
nothing, admission starting the call-in, the judgment page's form and /api/callins/."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.conftest import Org, People, Personas, make_person
from tests.execution.queue_support import queued, years_ago
from varde.audit.models import AuditEvent
from varde.execution.actions import (
    do_admit,
    do_cancel_callin,
    do_decide_postponement,
    do_request_postponement,
    do_send_callin,
)
from varde.execution.choices import CallInStatus, ExecutionForm, PostponementDecision
from varde.execution.models import CallIn, PostponementRequest
from varde.journal.models import JournalEntry
from varde.organisation.choices import SecurityLevel
from varde.people.actions import do_open_responsibility
from varde.sentencing.models import Judgment

HIGH = SecurityLevel.HIGH
PRISON = ExecutionForm.PRISON


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def send(judgment: Judgment, unit: Any, *, days: int = 21, actor: Any = None, **kw: Any) -> CallIn:
    kw.setdefault("form", PRISON)
    return do_send_callin(
        judgment, unit, security_level=HIGH, start_on=in_days(days), actor=actor, **kw
    )


def actions_of(judgment: Judgment) -> list[str]:
    return list(AuditEvent.objects.filter(person=judgment.person).values_list("action", flat=True))


@pytest.fixture
def waiting(people: People) -> Judgment:
    return queued(people.oslo_inmate, waited=15)


def test_send_callin_audited_journaled_with_letter(
    personas: Personas, org: Org, waiting: Judgment
) -> None:
    callin = send(waiting, org.oslo, actor=personas.carl)
    assert callin.status == CallInStatus.SENT and callin.sent_on == timezone.localdate()
    assert "straffbart" in callin.letter and "Oslo fengsel" in callin.letter
    assert "§ 461" in callin.letter and waiting.court in callin.letter
    assert "send_callin" in actions_of(waiting)
    entry = JournalEntry.objects.filter(person=waiting.person, source_action="send_callin").get()
    assert "Oslo fengsel" in entry.text


def test_callin_refusals_save_nothing(personas: Personas, org: Org, waiting: Judgment) -> None:
    before = (AuditEvent.objects.count(), JournalEntry.objects.count())
    with pytest.raises(ValidationError, match="tre uker"):
        send(waiting, org.oslo, days=20, actor=personas.carl)
    with pytest.raises(ValidationError):
        send(waiting, org.oslo_fri, actor=personas.carl)  # not a prison
    with pytest.raises(ValidationError, match="elektronisk kontroll"):
        send(waiting, org.oslo_fri, actor=personas.carl, form=ExecutionForm.EK_FULL)  # 9 months
    with pytest.raises(PermissionDenied):
        send(waiting, org.oslo, actor=personas.alice)  # reads only
    with pytest.raises(PermissionDenied):
        send(waiting, org.oslo, actor=personas.bob)  # not in scope, nor an editor
    assert CallIn.objects.count() == 0
    assert (AuditEvent.objects.count(), JournalEntry.objects.count()) == before


def test_one_open_callin_at_a_time(org: Org, waiting: Judgment) -> None:
    send(waiting, org.oslo)
    with pytest.raises(ValidationError, match="åpen innkalling"):
        send(waiting, org.oslo, days=30)
    assert CallIn.objects.count() == 1


def test_under_18_must_start_within_60_days(org: Org) -> None:
    child = make_person("Barn", "Mindreårig", years_ago(17), seed=41)
    judgment = queued(child, waited=50)
    with pytest.raises(ValidationError, match="under 18"):
        send(judgment, org.oslo, days=21)  # day 71 after the order
    young = queued(child, waited=30, case="annen-sak")
    assert send(young, org.oslo, days=30).start_on == in_days(30)  # day 60


def test_ek_full_for_a_short_sentence(org: Org, waiting: Judgment, people: People) -> None:
    short = queued(people.oslo_inmate, waited=5, case="kort", term_months=3, other_offences=[])
    callin = send(short, org.oslo_fri, form=ExecutionForm.EK_FULL)
    assert callin.form == ExecutionForm.EK_FULL


def test_callin_makes_the_unit_responsible_and_cancel_ends_it(
    personas: Personas, org: Org, people: People
) -> None:
    judgment = queued(people.oslo_inmate, waited=15)
    callin = send(judgment, org.bergen, actor=personas.carl)
    assert people.oslo_inmate.responsibilities.filter(unit=org.bergen, date_to=None).exists()
    do_cancel_callin(callin, reason="Feil enhet", actor=personas.carl)
    callin.refresh_from_db()
    assert callin.status == CallInStatus.CANCELLED
    assert not people.oslo_inmate.responsibilities.filter(unit=org.bergen, date_to=None).exists()
    assert "cancel_callin" in actions_of(judgment)
    assert JournalEntry.objects.filter(source_action="cancel_callin").exists()
    with pytest.raises(ValidationError, match="ikke åpen"):
        do_cancel_callin(callin, reason="igjen", actor=personas.carl)
    send(judgment, org.oslo)  # a new call-in may follow


def test_cancel_needs_a_reason(personas: Personas, org: Org, waiting: Judgment) -> None:
    callin = send(waiting, org.oslo)
    with pytest.raises(ValidationError):
        do_cancel_callin(callin, reason=" ", actor=personas.carl)
    callin.refresh_from_db()
    assert callin.status == CallInStatus.SENT


def test_admission_starts_the_callin(org: Org, waiting: Judgment) -> None:
    callin = send(waiting, org.oslo)
    do_admit(waiting.person, org.oslo, security_level=HIGH, judgment=waiting, actor=None)
    callin.refresh_from_db()
    waiting.refresh_from_db()
    assert callin.status == CallInStatus.STARTED
    assert waiting.status == "in_execution"


def test_postponement_granted_moves_the_callin(
    personas: Personas, org: Org, waiting: Judgment
) -> None:
    callin = send(waiting, org.oslo)
    request = do_request_postponement(
        waiting, received_on=timezone.localdate(), reason="Gravid", actor=personas.carl
    )
    decided = do_decide_postponement(
        request, granted=True, new_start_on=in_days(90), decision_note="Termin", actor=personas.carl
    )
    callin.refresh_from_db()
    assert decided.decision == PostponementDecision.GRANTED and decided.decided_by_name == "carl"
    assert (callin.status, callin.start_on) == (CallInStatus.POSTPONED, in_days(90))
    assert {"request_postponement", "decide_postponement"} <= set(actions_of(waiting))
    with pytest.raises(ValidationError, match="allerede avgjort"):
        do_decide_postponement(request, granted=False, actor=personas.carl)


def test_postponement_beyond_six_months_is_for_the_region(
    personas: Personas, org: Org, waiting: Judgment
) -> None:
    callin = send(waiting, org.oslo)
    request = do_request_postponement(
        waiting, received_on=timezone.localdate(), reason="Alvorlig syk", actor=personas.carl
    )
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="regionen"):
        do_decide_postponement(
            request,
            granted=True,
            new_start_on=in_days(21 + 200),
            decision_note="Sykdom",
            actor=personas.carl,
        )
    assert AuditEvent.objects.count() == before
    request.refresh_from_db()
    assert request.decision == PostponementDecision.PENDING
    do_decide_postponement(
        request, granted=True, new_start_on=in_days(221), decision_note="Syk", actor=personas.rune
    )
    callin.refresh_from_db()
    assert callin.start_on == in_days(221)


def test_postponement_refused_keeps_the_callin(
    personas: Personas, org: Org, waiting: Judgment
) -> None:
    callin = send(waiting, org.oslo)
    request = do_request_postponement(
        waiting, received_on=timezone.localdate(), reason="Ferie", actor=personas.carl
    )
    do_decide_postponement(
        request, granted=False, decision_note="Ferie er ikke vektig grunn", actor=personas.carl
    )
    callin.refresh_from_db()
    assert callin.status == CallInStatus.SENT
    assert PostponementRequest.objects.get().decision == PostponementDecision.REFUSED


# --- the judgment page and the API ----------------------------------------------------------


def _judgment_url(judgment: Judgment) -> str:
    return f"/personer/{judgment.person_id}/dommer/{judgment.pk}/"


def test_judgment_page_shows_the_form_with_the_earliest_date(
    login: Any, personas: Personas, waiting: Judgment
) -> None:
    page = login(personas.carl).get(_judgment_url(waiting)).content.decode()
    assert "Send innkalling" in page
    assert in_days(21).strftime("%d.%m.%Y") in page
    readonly = login(personas.alice).get(_judgment_url(waiting)).content.decode()
    assert "Innkalling til soning" in readonly and "Send innkalling" not in readonly


def test_judgment_page_posts_a_callin(
    login: Any, personas: Personas, org: Org, waiting: Judgment
) -> None:
    client = login(personas.carl)
    url = f"/opphold/{waiting.person_id}/dommer/{waiting.pk}/innkall/"
    data = {
        "callin-unit": org.oslo.pk,
        "callin-security_level": HIGH,
        "callin-form": PRISON,
        "callin-start_on": in_days(10).isoformat(),
    }
    response = client.post(url, data, follow=True)
    assert "tre uker" in response.content.decode() and not CallIn.objects.exists()
    data["callin-start_on"] = in_days(25).isoformat()
    client.post(url, data)
    callin = CallIn.objects.get()
    page = client.get(_judgment_url(waiting)).content.decode()
    assert "Trekk tilbake" in page and in_days(25).strftime("%d.%m.%Y") in page
    cancel = f"/opphold/{waiting.person_id}/dommer/{waiting.pk}/innkalling/{callin.pk}/trekk/"
    client.post(cancel, {"cancel-reason": "Feil dato"})
    callin.refresh_from_db()
    assert callin.status == CallInStatus.CANCELLED


def test_callin_views_refuse_outsiders(
    client: Any, login: Any, personas: Personas, org: Org, waiting: Judgment
) -> None:
    url = f"/opphold/{waiting.person_id}/dommer/{waiting.pk}/innkall/"
    assert client.post(url, {}).status_code == 302  # to the login page
    assert login(personas.alice).post(url, {}).status_code == 403
    assert login(personas.rune).post(url, {}).status_code == 302  # allowed: back to the page
    bergen_editor = personas.bob
    bergen_editor.role = "prison_case_worker"
    bergen_editor.save()
    assert login(bergen_editor).post(url, {}).status_code == 404


def test_api_callins(
    client: Any, login: Any, personas: Personas, org: Org, waiting: Judgment, people: People
) -> None:
    body = {
        "judgment": waiting.pk,
        "unit": org.oslo.pk,
        "security_level": HIGH,
        "start_on": in_days(5).isoformat(),
    }
    assert client.post("/api/callins/", body, content_type="application/json").status_code == 401
    api = login(personas.carl)
    refused = api.post("/api/callins/", body, content_type="application/json")
    assert refused.status_code == 400 and "tre uker" in refused.content.decode()
    body["start_on"] = in_days(22).isoformat()
    created = api.post("/api/callins/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "sent"
    assert api.get("/api/callins/").json()["count"] == 1
    assert api.get("/api/queue/").json()["results"][0]["callin"]["id"] == created.json()["id"]
    assert login(personas.bob).get("/api/callins/").json()["count"] == 0
    other = queued(people.bergen_inmate, waited=3)
    body["judgment"] = other.pk
    assert (
        login(personas.carl)
        .post("/api/callins/", body, content_type="application/json")
        .status_code
        == 404
    )


def test_bob_does_not_see_oslo_callins(
    login: Any, personas: Personas, org: Org, waiting: Judgment
) -> None:
    do_open_responsibility(
        waiting.person, org.oslo, date_from=timezone.localdate(), reason="manual", actor=None
    )
    send(waiting, org.oslo)
    assert login(personas.bob).get("/api/callins/").json()["count"] == 0
