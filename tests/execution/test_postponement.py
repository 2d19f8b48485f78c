"""Postponement of the start of execution (utsettelse, innkallingsforskriften §§ 5-8): the
rules with worked examples and properties, the actions (audit, journal, nothing saved on
refusal), the forms on the judgment page and the queue page (htmx), and access."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import Org, People, Personas
from tests.execution.queue_support import queued
from varde.audit.models import AccessLog, AuditEvent
from varde.execution import rules
from varde.execution.actions import (
    do_admit,
    do_decide_postponement,
    do_request_postponement,
    do_send_callin,
)
from varde.execution.choices import (
    MANDATORY_POSTPONEMENT_GROUNDS,
    CallInStatus,
    ExecutionForm,
    PostponementDecision,
    PostponementGround,
)
from varde.execution.models import CallIn, PostponementRequest
from varde.journal.models import JournalEntry
from varde.organisation.choices import SecurityLevel
from varde.sentencing.models import Judgment

G = PostponementGround
TODAY = date(2025, 3, 3)


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def _counts() -> tuple[int, ...]:
    return (
        PostponementRequest.objects.count(),
        AuditEvent.objects.count(),
        JournalEntry.objects.count(),
    )


# --- rules: worked examples -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "limit"),
    [
        (date(2025, 4, 1), date(2025, 10, 1)),  # the same day six months on
        (date(2025, 8, 31), date(2026, 2, 28)),  # no 31 February: the last day
        (date(2023, 8, 31), date(2024, 2, 29)),  # leap year
        (date(2025, 12, 15), date(2026, 6, 15)),
    ],
)
def test_local_limit_is_six_months_on(base: date, limit: date) -> None:
    assert rules.local_postponement_limit(base) == limit


@pytest.mark.parametrize(
    ("ground", "needs_region"),
    [
        (G.WEIGHTY_REASONS, True),  # § 7 beyond six months: the region (§ 5 second para)
        (G.EK_APPLICATION, True),  # § 7 third para
        (G.OTHER, True),
        (G.PARDON, False),  # § 5 first para: strpl § 458 conditions are for the local level
        (G.ILLNESS, False),  # § 6 second para, whatever the length
        (G.PREGNANCY, False),  # § 6 third para
        (G.INFANT, False),
        (G.MILITARY_SERVICE, False),  # § 8
    ],
)
def test_who_decides_beyond_six_months(ground: str, needs_region: bool) -> None:
    """Start 01.04.2025; postponed to 02.10.2025, one day beyond the local six months."""
    problem = rules.postponement_problem(
        granted=True,
        current_start=date(2025, 4, 1),
        received_on=date(2025, 3, 1),
        new_start=date(2025, 10, 2),
        regional_authority=False,
        ground=ground,
    )
    assert (problem is not None) == needs_region
    if needs_region:
        assert "01.10.2025" in problem and "regionen" in problem


def test_without_a_callin_the_length_counts_from_receipt() -> None:
    common = {"granted": True, "current_start": None, "received_on": date(2025, 3, 1)}
    assert rules.postponement_problem(
        new_start=date(2025, 9, 2), regional_authority=False, **common
    )
    assert (
        rules.postponement_problem(new_start=date(2025, 9, 1), regional_authority=False, **common)
        is None
    )
    assert "01.03.2025" in rules.postponement_problem(
        new_start=date(2025, 3, 1), regional_authority=True, **common
    )


@pytest.mark.parametrize(
    ("granted", "ground", "note", "not_met", "expected"),
    [
        (True, G.ILLNESS, "", False, "begrunnelsen"),  # every decision gives reasons
        (False, G.OTHER, " ", False, "begrunnelsen"),
        (True, G.ILLNESS, "Legeerklæring 01.03.", False, None),
        (False, G.WEIGHTY_REASONS, "Ferie er ikke vektig grunn.", False, None),
        (False, G.ILLNESS, "Ikke alvorlig.", False, "obligatorisk"),  # § 6: not confirmed
        (False, G.PREGNANCY, "Ønsker å starte.", True, None),  # confirmed and explained
        (False, G.INFANT, "", True, "begrunnelsen"),  # confirmed but not explained
    ],
)
def test_decision_needs_reasons_and_mandatory_refusal_a_finding(
    granted: bool, ground: str, note: str, not_met: bool, expected: str | None
) -> None:
    problem = rules.postponement_decision_problem(
        granted=granted, ground=ground, decision_note=note, ground_not_met=not_met
    )
    assert (problem is None) if expected is None else (expected in problem)


def test_mandatory_refusal_message_names_the_ground_and_the_paragraph() -> None:
    problem = rules.postponement_decision_problem(
        granted=False, ground=G.PARDON, decision_note="Nei", ground_not_met=False
    )
    assert problem is not None
    assert "Søknad om benådning" in problem and "§ 6" in problem


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"judgment_status": "in_execution"}, "har startet"),
        ({"judgment_status": "completed"}, "har startet"),
        ({"has_pending": True}, "ikke er avgjort"),
        ({"ground": "whatever"}, "grunnlaget"),
        ({"reason": "  "}, "begrunnes"),
        ({"received_on": TODAY + timedelta(days=1)}, "fram i tid"),
    ],
)
def test_request_refusals(kwargs: dict[str, Any], expected: str) -> None:
    values = {
        "judgment_status": "queued",
        "has_pending": False,
        "ground": G.ILLNESS,
        "reason": "Innlagt",
        "received_on": TODAY,
        "today": TODAY,
        **kwargs,
    }
    assert expected in rules.request_postponement_problem(**values)


def test_a_received_judgment_not_yet_final_may_be_postponed() -> None:
    assert (
        rules.request_postponement_problem(
            judgment_status="received",
            has_pending=False,
            ground=G.OTHER,
            reason="Eksamen",
            received_on=TODAY,
            today=TODAY,
        )
        is None
    )


@given(
    base=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    offset=st.integers(min_value=1, max_value=400),
    ground=st.sampled_from(list(G.values)),
)
def test_property_local_authority_up_to_the_limit(base: date, offset: int, ground: str) -> None:
    """The local level may grant any ground up to six months; beyond, only § 6 and § 8
    grounds; the region may always grant a later date."""
    new_start = base + timedelta(days=offset)
    common = {"granted": True, "current_start": base, "received_on": base, "ground": ground}
    local = rules.postponement_problem(new_start=new_start, regional_authority=False, **common)
    regional = rules.postponement_problem(new_start=new_start, regional_authority=True, **common)
    assert regional is None
    within = new_start <= rules.local_postponement_limit(base)
    assert (local is None) == (within or ground in rules.LOCAL_WHATEVER_LENGTH)


@given(
    ground=st.sampled_from(list(G.values)),
    granted=st.booleans(),
    not_met=st.booleans(),
    note=st.text(max_size=20),
)
def test_property_refusing_a_mandatory_ground_needs_a_finding(
    ground: str, granted: bool, not_met: bool, note: str
) -> None:
    problem = rules.postponement_decision_problem(
        granted=granted, ground=ground, decision_note=note, ground_not_met=not_met
    )
    refused_mandatory = not granted and ground in MANDATORY_POSTPONEMENT_GROUNDS
    must_refuse = not note.strip() or (refused_mandatory and not not_met)
    assert (problem is not None) == must_refuse


# --- actions --------------------------------------------------------------------------------


@pytest.fixture
def waiting(people: People) -> Judgment:
    return queued(people.oslo_inmate, waited=15)


def _send(judgment: Judgment, unit: Any, days: int = 21) -> CallIn:
    return do_send_callin(
        judgment,
        unit,
        security_level=SecurityLevel.HIGH,
        form=ExecutionForm.PRISON,
        start_on=in_days(days),
        actor=None,
    )


def _apply(judgment: Judgment, ground: str = G.ILLNESS, actor: Any = None) -> PostponementRequest:
    return do_request_postponement(
        judgment,
        received_on=timezone.localdate(),
        ground=ground,
        reason="Innlagt på sykehus",
        actor=actor,
    )


def test_request_is_audited_and_journalled_with_its_ground(
    personas: Personas, waiting: Judgment
) -> None:
    request = _apply(waiting, G.PREGNANCY, actor=personas.carl)
    assert (request.ground, request.decision) == (G.PREGNANCY, PostponementDecision.PENDING)
    assert AuditEvent.objects.filter(
        person=waiting.person, action="request_postponement", actor=personas.carl
    ).exists()
    text = JournalEntry.objects.get(source_action="request_postponement").text
    assert "grunnlag: Graviditet, fødsel før løslatelse (§ 6)" in text


def test_request_refusals_save_nothing(
    personas: Personas, org: Org, waiting: Judgment, people: People
) -> None:
    _apply(waiting)
    before = _counts()
    with pytest.raises(ValidationError, match="ikke er avgjort"):
        _apply(waiting)
    other = queued(people.oslo_inmate, waited=5, case="annen")
    with pytest.raises(ValidationError, match="fram i tid"):
        do_request_postponement(
            other, received_on=in_days(1), reason="x", ground=G.OTHER, actor=None
        )
    with pytest.raises(PermissionDenied):
        _apply(waiting, actor=personas.alice)  # reads only
    started = queued(people.oslo_inmate, waited=5, case="startet")
    do_admit(people.oslo_inmate, org.oslo, security_level="high", judgment=started, actor=None)
    with pytest.raises(ValidationError, match="har startet"):
        _apply(started)
    assert _counts()[0] == before[0]


def test_grant_moves_the_callin_and_keeps_the_reasons(
    personas: Personas, org: Org, waiting: Judgment
) -> None:
    callin = _send(waiting, org.oslo)
    request = _apply(waiting, G.ILLNESS)
    decided = do_decide_postponement(
        request,
        granted=True,
        new_start_on=in_days(21 + 250),  # beyond six months: § 6 is local whatever the length
        decision_note="Legeerklæring om alvorlig sykdom.",
        actor=personas.carl,
    )
    callin.refresh_from_db()
    assert decided.decision == PostponementDecision.GRANTED
    assert decided.decision_note == "Legeerklæring om alvorlig sykdom."
    assert (callin.status, callin.start_on) == (CallInStatus.POSTPONED, in_days(271))
    event = AuditEvent.objects.get(
        action="decide_postponement", object_id=str(request.pk), object_type__icontains="postpon"
    )
    assert event.reason == "Legeerklæring om alvorlig sykdom."
    text = JournalEntry.objects.get(source_action="decide_postponement").text
    assert "Utsettelse innvilget (Alvorlig sykdom (§ 6))" in text
    assert "Begrunnelse: Legeerklæring om alvorlig sykdom." in text


def test_refusing_a_mandatory_ground_needs_the_finding(
    personas: Personas, org: Org, waiting: Judgment
) -> None:
    callin = _send(waiting, org.oslo)
    request = _apply(waiting, G.INFANT)
    before = _counts()
    with pytest.raises(ValidationError, match="obligatorisk grunn"):
        do_decide_postponement(
            request, granted=False, decision_note="Barnet er eldre.", actor=personas.carl
        )
    with pytest.raises(ValidationError, match="begrunnelsen"):
        do_decide_postponement(request, granted=False, ground_not_met=True, actor=personas.carl)
    assert _counts() == before
    request.refresh_from_db()
    assert request.decision == PostponementDecision.PENDING
    do_decide_postponement(
        request,
        granted=False,
        decision_note="Barnet ble født for 14 måneder siden (fødselsattest).",
        ground_not_met=True,
        actor=personas.carl,
    )
    request.refresh_from_db()
    callin.refresh_from_db()
    assert request.decision == PostponementDecision.REFUSED and request.new_start_on is None
    assert callin.status == CallInStatus.SENT and callin.start_on == in_days(21)
    text = JournalEntry.objects.get(source_action="decide_postponement").text
    assert "vilkårene for obligatorisk utsettelse" in text and "14 måneder" in text


def test_weighty_reasons_beyond_six_months_only_by_the_region(
    personas: Personas, org: Org, waiting: Judgment
) -> None:
    _send(waiting, org.oslo)
    request = _apply(waiting, G.WEIGHTY_REASONS)
    before = _counts()
    with pytest.raises(ValidationError, match="regionen"):
        do_decide_postponement(
            request,
            granted=True,
            new_start_on=in_days(21 + 200),
            decision_note="Omsorg for syk forelder.",
            actor=personas.carl,
        )
    assert _counts() == before
    do_decide_postponement(
        request,
        granted=True,
        new_start_on=in_days(21 + 200),
        decision_note="Omsorg for syk forelder.",
        actor=personas.rune,
    )
    assert CallIn.objects.get().start_on == in_days(221)


def test_deciding_needs_an_editor_in_scope(personas: Personas, waiting: Judgment) -> None:
    request = _apply(waiting)
    for outsider in (personas.alice, personas.bob):
        with pytest.raises(PermissionDenied):
            do_decide_postponement(
                request, granted=True, new_start_on=in_days(60), decision_note="x", actor=outsider
            )


# --- the judgment page: forms with htmx -----------------------------------------------------


def _judgment_url(judgment: Judgment) -> str:
    return reverse("sentencing:detail", args=[judgment.person_id, judgment.pk])


def _request_url(judgment: Judgment) -> str:
    return reverse("execution:request_postponement", args=[judgment.person_id, judgment.pk])


def _decide_url(request: PostponementRequest) -> str:
    judgment = request.judgment
    return reverse(
        "execution:decide_postponement", args=[judgment.person_id, judgment.pk, request.pk]
    )


PANEL = {"HX-Request": "true", "HX-Target": "callin-panel"}


def test_judgment_page_offers_the_form_to_editors_only(
    login: Any, personas: Personas, waiting: Judgment
) -> None:
    page = login(personas.carl).get(_judgment_url(waiting)).content.decode()
    assert "Registrer søknad om utsettelse" in page and 'id="callin-panel"' in page
    assert "barnets beste" in page  # § 7 fourth para, in the help text
    readonly = login(personas.alice).get(_judgment_url(waiting)).content.decode()
    assert "Registrer søknad om utsettelse" not in readonly


def test_htmx_request_with_errors_shows_them_on_the_form(
    login: Any, personas: Personas, waiting: Judgment
) -> None:
    client = login(personas.carl)
    data = {"postpone-received_on": "", "postpone-ground": G.ILLNESS, "postpone-reason": ""}
    response = client.post(_request_url(waiting), data, headers=PANEL)
    page = response.content.decode()
    assert response.status_code == 200 and 'id="callin-panel"' in page
    assert "Oppgi når søknaden kom inn." in page
    assert "Skriv hva søknaden om utsettelse begrunnes med." in page
    assert not PostponementRequest.objects.exists()
    data |= {
        "postpone-received_on": in_days(2).strftime("%d.%m.%Y"),
        "postpone-reason": "Innlagt",
    }
    page = client.post(_request_url(waiting), data, headers=PANEL).content.decode()
    assert "Mottaksdatoen kan ikke være fram i tid." in page
    assert not PostponementRequest.objects.exists()


def test_htmx_register_then_decide(
    login: Any, personas: Personas, org: Org, waiting: Judgment
) -> None:
    _send(waiting, org.oslo)
    client = login(personas.carl)
    data = {
        "postpone-received_on": timezone.localdate().isoformat(),
        "postpone-ground": G.WEIGHTY_REASONS,
        "postpone-reason": "Eksamen i juni",
    }
    page = client.post(_request_url(waiting), data, headers=PANEL).content.decode()
    assert "Søknaden om utsettelse er registrert." in page
    assert "Avgjør søknaden" in page
    limit = rules.local_postponement_limit(in_days(21)).strftime("%d.%m.%Y")
    assert f"til og med {limit}" in page  # the authority rule on the form
    assert "ground_not_met" not in page  # not a § 6 ground: no finding to confirm
    request = PostponementRequest.objects.get()
    assert AccessLog.objects.filter(actor=personas.carl, person=waiting.person).exists()
    decide = {"decide-decision": "granted", "decide-decision_note": "Dokumentert eksamen."}
    page = client.post(_decide_url(request), decide, headers=PANEL).content.decode()
    assert "Oppgi ny oppmøtedato når utsettelse innvilges." in page
    decide["decide-new_start_on"] = in_days(60).isoformat()
    page = client.post(_decide_url(request), decide, headers=PANEL).content.decode()
    assert "Utsettelsen er innvilget." in page
    assert in_days(60).strftime("%d.%m.%Y") in page  # the call-in's new day of attendance
    assert CallIn.objects.get().status == CallInStatus.POSTPONED


def test_plain_post_goes_back_to_the_judgment_page_with_messages(
    login: Any, personas: Personas, waiting: Judgment
) -> None:
    request = _apply(waiting, G.ILLNESS)
    client = login(personas.carl)
    response = client.post(
        _decide_url(request),
        {"decide-decision": "refused", "decide-decision_note": "Ikke alvorlig nok."},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == _judgment_url(waiting)
    assert "obligatorisk grunn" in response.content.decode()
    request.refresh_from_db()
    assert request.decision == PostponementDecision.PENDING


def test_forms_are_scoped(
    client: Any, login: Any, personas: Personas, people: People, waiting: Judgment
) -> None:
    request = _apply(waiting)
    urls = [_request_url(waiting), _decide_url(request)]
    for url in urls:
        assert client.post(url, {}).status_code == 302  # to the login page
    for url in urls:
        assert login(personas.alice).post(url, {}).status_code == 403
    bergen_editor = personas.bob
    bergen_editor.role = "prison_case_worker"
    bergen_editor.save()
    for url in urls:
        assert login(bergen_editor).post(url, {}).status_code == 404
    fragment = reverse("execution:postponements", args=[waiting.person_id, waiting.pk])
    assert login(bergen_editor).get(fragment).status_code == 404
    assert login(personas.anna).get(fragment).status_code == 403
    other = queued(people.bergen_inmate, waited=3)
    wrong = reverse("execution:decide_postponement", args=[other.person_id, other.pk, request.pk])
    assert login(personas.ada).post(wrong, {}).status_code == 404  # not this judgment's


# --- the queue page -------------------------------------------------------------------------


def test_queue_lists_pending_applications_with_their_age(
    login: Any, personas: Personas, people: People, waiting: Judgment
) -> None:
    request = do_request_postponement(
        waiting,
        received_on=timezone.localdate() - timedelta(days=9),
        reason="Syk",
        ground=G.ILLNESS,
        actor=None,
    )
    page = login(personas.alice).get("/ko/").content.decode()
    assert page.count("data-pending-postponement") == 1
    assert ">9</td>" in page and "obligatorisk" in page
    assert "utsettelse søkt" in page
    assert "data-pending-postponement" not in login(personas.bob).get("/ko/").content.decode()
    do_decide_postponement(
        request, granted=True, new_start_on=in_days(40), decision_note="Ok", actor=None
    )
    page = login(personas.alice).get("/ko/").content.decode()
    assert "data-pending-postponement" not in page
    assert "Ingen søknader om utsettelse venter på avgjørelse." in page


def test_queue_fragment_decides_in_place(login: Any, personas: Personas, waiting: Judgment) -> None:
    request = _apply(waiting, G.PARDON)
    client = login(personas.carl)
    fragment = reverse("execution:postponements", args=[waiting.person_id, waiting.pk])
    page = client.get(fragment, headers={"HX-Request": "true"}).content.decode()
    assert (
        f'id="utsettelse-{waiting.pk}"' in page and f'hx-target="#utsettelse-{waiting.pk}"' in page
    )
    assert "avgjøres lokalt uansett" in page and "decide-ground_not_met" in page
    assert AccessLog.objects.filter(person=waiting.person, path=fragment).exists()
    target = {"HX-Request": "true", "HX-Target": f"utsettelse-{waiting.pk}"}
    data = {
        "decide-decision": "refused",
        "decide-decision_note": "Benådningssøknaden oppfyller ikke strpl. § 458.",
        "decide-ground_not_met": "on",
    }
    page = client.post(_decide_url(request), data, headers=target).content.decode()
    assert "Søknaden er avslått." in page and 'id="callin-panel"' not in page
    request.refresh_from_db()
    assert request.decision == PostponementDecision.REFUSED
    readonly = login(personas.alice).get(fragment).content.decode()
    assert "Avgjør søknaden" not in readonly and "Søknad om benådning" in readonly
