"""Incidents: the action (audit, journal without sensitive detail, refusals that change
nothing), the unit's register page with filters, the incident page, and scoping."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.security.conftest import ago
from varde.audit.models import AccessLog, AuditEvent
from varde.journal.models import JournalEntry
from varde.security.actions import do_add_involvement, do_register_incident, do_update_follow_up
from varde.security.models import Incident, Involvement

SECRET = "Slo med knyttneve etter krangel om telefon"


@pytest.fixture
def incident(org, people, personas):
    return do_register_incident(
        org.oslo,
        kind="violence_inmates",
        occurred_at=ago(days=2),
        description=SECRET,
        injuries=True,
        injury_note="Kutt over øyet",
        involved=[(people.oslo_inmate, "aggressor"), (people.released_recently, "victim")],
        actor=personas.carl,
    )


def _counts() -> tuple[int, int, int, int]:
    return (
        Incident.objects.count(),
        Involvement.objects.count(),
        AuditEvent.objects.count(),
        JournalEntry.objects.count(),
    )


def test_register_writes_audit_rows_and_a_discreet_journal_event(incident, people, personas):
    assert incident.registered_by_name == "carl"
    assert list(incident.involvements.values_list("role", flat=True).order_by("role")) == [
        "aggressor",
        "victim",
    ]
    assert AuditEvent.objects.filter(action="register_incident", object_id=str(incident.pk))
    assert AuditEvent.objects.filter(action="add_involvement", person=people.oslo_inmate).exists()
    entry = JournalEntry.objects.get(person=people.oslo_inmate, source_action="register_incident")
    assert entry.text == "Hendelse registrert: Vold mellom innsatte."
    assert SECRET not in entry.text and "øyet" not in entry.text
    assert JournalEntry.objects.filter(person=people.released_recently).exists()


def test_prison_officers_may_register(org, people, personas):
    made = do_register_incident(
        org.oslo,
        kind="threats_staff",
        occurred_at=ago(hours=1),
        description="Truet betjent",
        involved=[(people.oslo_inmate, "aggressor")],
        actor=personas.alice,
    )
    assert made.unit == org.oslo


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "riot"}, "Velg type hendelse."),
        ({"description": "   "}, "Beskriv hva som skjedde."),
        ({"occurred_at": "future"}, "Tidspunktet kan ikke være fram i tid."),
        ({"injury_note": "Brukket arm"}, "Kryss av for personskade når du beskriver skaden."),
        ({"involved": "twice"}, "Samme person er valgt to ganger."),
        ({"involved": "bad-role"}, "Velg rolle for hver involvert person."),
        ({"unit": "bergen"}, "Du kan ikke registrere for denne enheten."),
    ],
)
def test_bad_input_is_refused_in_norwegian_and_changes_nothing(
    org, people, personas, change, message
):
    args = {
        "kind": "fire",
        "occurred_at": ago(hours=3),
        "description": "Brann i celle",
        "involved": [(people.oslo_inmate, "involved")],
    }
    args |= change
    if change.get("occurred_at") == "future":
        args["occurred_at"] = timezone.now() + timedelta(hours=1)
    if change.get("involved") == "twice":
        args["involved"] = [(people.oslo_inmate, "witness"), (people.oslo_inmate, "victim")]
    if change.get("involved") == "bad-role":
        args["involved"] = [(people.oslo_inmate, "bystander")]
    unit = org.bergen if change.get("unit") else org.oslo
    args.pop("unit", None)
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        do_register_incident(unit, actor=personas.carl, **args)
    assert message in refused.value.messages
    assert _counts() == before


def test_a_person_outside_the_actors_scope_cannot_be_involved(org, people, personas):
    before = _counts()
    with pytest.raises(PermissionDenied):
        do_register_incident(
            org.oslo,
            kind="fire",
            occurred_at=ago(hours=1),
            description="Brann",
            involved=[(people.bergen_inmate, "involved")],
            actor=personas.carl,
        )
    assert _counts() == before


def test_analysts_may_not_register(org, personas):
    with pytest.raises(PermissionDenied):
        do_register_incident(
            org.oslo, kind="fire", occurred_at=ago(hours=1), description="x", actor=personas.anna
        )


def test_add_involvement_and_follow_up(incident, people, personas):
    do_add_involvement(incident, people.released_long_ago, role="witness", actor=personas.ada)
    with pytest.raises(ValidationError) as twice:
        do_add_involvement(incident, people.oslo_inmate, role="witness", actor=personas.carl)
    assert "Personen er allerede registrert i hendelsen." in twice.value.messages
    with pytest.raises(ValidationError) as empty:
        do_update_follow_up(incident, follow_up=" ", done=True, actor=personas.carl)
    assert "Skriv hva oppfølgingen var før du lukker den." in empty.value.messages
    done = do_update_follow_up(
        incident, follow_up="Samtale med begge; flyttet", done=True, actor=personas.carl
    )
    assert done.follow_up_done
    assert AuditEvent.objects.filter(action="update_incident_follow_up").count() == 1


# --- pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("carl", 200), ("rune", 200), ("ada", 200), ("bob", 404), ("anna", 403)],
)
def test_unit_register_scoping(incident, org, personas, login, who, status):
    url = reverse("security:incidents", args=[org.oslo.pk])
    assert login(getattr(personas, who)).get(url).status_code == status


def test_anonymous_is_sent_to_login(org, client):
    response = client.get(reverse("security:incidents", args=[org.oslo.pk]))
    assert response.status_code == 302


def test_incident_page_of_another_unit_is_not_found(incident, personas, login):
    url = reverse("security:incident", args=[incident.pk])
    assert login(personas.bob).get(url).status_code == 404
    assert login(personas.anna).get(url).status_code == 403
    assert login(personas.rune).get(url).status_code == 200


def test_register_page_filters_by_period_and_kind(incident, org, personas, login):
    old = do_register_incident(
        org.oslo, kind="fire", occurred_at=ago(days=40), description="Brann", actor=None
    )
    url = reverse("security:incidents", args=[org.oslo.pk])
    client = login(personas.alice)
    page = client.get(url).content.decode()
    assert reverse("security:incident", args=[incident.pk]) in page
    assert reverse("security:incident", args=[old.pk]) in page
    since = (timezone.localdate() - timedelta(days=10)).isoformat()
    recent = client.get(url, {"fra": since}).content.decode()
    assert reverse("security:incident", args=[old.pk]) not in recent
    fires = client.get(url, {"type": "fire"}).content.decode()
    assert reverse("security:incident", args=[incident.pk]) not in fires
    assert reverse("security:incident", args=[old.pk]) in fires


def test_register_through_the_form(org, people, personas, login):
    url = reverse("security:add_incident", args=[org.oslo.pk])
    when = timezone.localtime(ago(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = login(personas.alice).post(
        url,
        {
            "kind": "self_harm",
            "occurred_at": when,
            "description": "Skadet seg selv på cellen",
            "injuries": "on",
            "injury_note": "Overfladiske kutt",
            "person_1": people.oslo_inmate.pk,
            "role_1": "involved",
        },
    )
    assert response.status_code == 302
    made = Incident.objects.get()
    assert made.kind == "self_harm" and made.injuries
    assert made.involvements.get().person == people.oslo_inmate


def test_form_refusal_is_shown_and_nothing_is_saved(org, personas, login):
    url = reverse("security:add_incident", args=[org.oslo.pk])
    future = timezone.localtime(timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    client = login(personas.alice)
    response = client.post(
        url, {"kind": "fire", "occurred_at": future, "description": "Brann"}, follow=True
    )
    assert "Tidspunktet kan ikke være fram i tid." in response.content.decode()
    assert not Incident.objects.exists()


def test_analyst_and_other_unit_cannot_register(org, personas, login):
    url = reverse("security:add_incident", args=[org.oslo.pk])
    data = {"kind": "fire", "occurred_at": "2025-01-01T10:00", "description": "Brann"}
    assert login(personas.anna).post(url, data).status_code == 403
    assert login(personas.bob).post(url, data).status_code == 404
    assert not Incident.objects.exists()


def test_incident_page_names_visible_persons_and_logs_the_read(incident, people, personas, login):
    url = reverse("security:incident", args=[incident.pk])
    page = login(personas.alice).get(url).content.decode()
    assert people.oslo_inmate.full_name in page and people.released_recently.full_name in page
    assert SECRET in page
    assert AccessLog.objects.filter(person=people.oslo_inmate, path=url).exists()
    assert AccessLog.objects.filter(person=people.released_recently, path=url).exists()


def test_incident_page_hides_persons_out_of_scope(incident, org, people, personas, login):
    do_add_involvement(incident, people.released_long_ago, role="witness", actor=None)
    page = login(personas.alice).get(reverse("security:incident", args=[incident.pk]))
    html = page.content.decode()
    assert people.released_long_ago.full_name not in html
    assert 'data-hidden="1"' in html
    assert not AccessLog.objects.filter(person=people.released_long_ago).exists()


def test_person_panel_shows_the_persons_incidents(incident, people, personas, login):
    url = reverse("security:person", args=[people.oslo_inmate.pk])
    html = login(personas.alice).get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-panel="incidents"' in html and "Vold mellom innsatte" in html
    assert reverse("security:incident", args=[incident.pk]) in html
    assert login(personas.bob).get(url).status_code == 404
    assert login(personas.anna).get(url).status_code == 403
    person_page = login(personas.alice).get(reverse("people:detail", args=[people.oslo_inmate.pk]))
    assert url in person_page.content.decode()


def test_register_pages_do_not_grow_queries_with_rows(org, people, personas, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n: int) -> None:
        for _ in range(n):
            do_register_incident(
                org.oslo,
                kind="violence_inmates",
                occurred_at=ago(hours=1),
                description="x",
                involved=[(people.oslo_inmate, "aggressor"), (people.released_recently, "victim")],
                actor=None,
            )

    client = login(personas.alice)
    url = reverse("security:incidents", args=[org.oslo.pk])
    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(6)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
