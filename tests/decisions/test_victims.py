"""Victim notification (strgjfl § 7 b): who asked to be told, the notices due from execution
data and granted applications, marking them sent; and that only case handlers of the
responsible unit see any of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.decisions.conftest import apply, decide, judgment_for, today
from varde.audit.models import AuditEvent
from varde.decisions import actions, queries
from varde.decisions.models import VictimNotice
from varde.execution.actions import do_admit, do_start_absence
from varde.journal.models import JournalEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def judgment(people):
    return judgment_for(people.oslo_inmate, term_months=8)


@pytest.fixture
def contact(people, judgment, personas):
    return actions.do_register_victim_contact(
        people.oslo_inmate,
        judgment,
        name="Vera Fornærmet",
        relation="victim",
        phone="99887766",
        consent_on=today() - timedelta(days=30),
        actor=personas.carl,
    )


def test_register_is_audited_not_journalled(contact):
    assert AuditEvent.objects.filter(action="register_victim_contact").count() == 1
    assert not JournalEntry.objects.filter(text__contains="Vera").exists()


@pytest.mark.parametrize("who", ["alice", "rune", "anna", "ada", "frida"])
def test_only_case_handlers_of_the_responsible_unit(people, judgment, personas, who):
    with pytest.raises(PermissionDenied):
        actions.do_register_victim_contact(
            people.oslo_inmate,
            judgment,
            name="X",
            relation="victim",
            phone="1",
            consent_on=today(),
            actor=getattr(personas, who),
        )


def test_registration_needs_a_way_to_reach_them(people, judgment):
    with pytest.raises(ValidationError) as error:
        actions.do_register_victim_contact(
            people.oslo_inmate,
            judgment,
            name="X",
            relation="victim",
            consent_on=today(),
            actor=None,
        )
    assert "minst én måte" in str(error.value)


def test_notices_due_for_the_hook(people, contact):
    person = people.oslo_inmate
    day = today() + timedelta(days=5)
    due = queries.notices_due_for(person, "leave", day)
    assert [d.contact for d in due] == [contact]
    assert due[0].rule.basis == "strgjfl. § 36 tredje ledd" and not due[0].overdue
    assert queries.notices_due_for(person, "transfer", day) == []  # not a notice event
    actions.do_register_victim_notice(
        contact, event="leave", event_day=day, sent_at=timezone.now(), channel="phone", actor=None
    )
    assert queries.notices_due_for(person, "leave", day) == []
    assert VictimNotice.objects.get().basis == "strgjfl. § 36 tredje ledd"


def test_withdrawn_registration_is_not_told(people, contact):
    actions.do_withdraw_victim_contact(contact, day=today(), actor=None)
    assert queries.notices_due_for(people.oslo_inmate, "leave", today() + timedelta(days=1)) == []
    with pytest.raises(ValidationError):
        actions.do_register_victim_notice(
            contact,
            event="leave",
            event_day=today(),
            sent_at=timezone.now(),
            channel="phone",
            actor=None,
        )


def test_worklist_from_a_granted_leave_and_the_absence(people, org, contact, personas):
    person = people.oslo_inmate
    short = judgment_for(person, term_days=60)  # ends within the 60-day horizon
    leave_day = today() + timedelta(days=10)
    application = apply(person, requested_from=leave_day, requested_to=leave_day)
    decide(application)
    due = queries.notice_worklist(personas.carl)
    assert [(d.movement.event, d.movement.day) for d in due] == [("leave", leave_day)]
    # The stay and an escape: told as soon as possible.
    stay = do_admit(
        person,
        org.oslo,
        security_level="high",
        judgment=short,
        at=timezone.now() - timedelta(days=20),
        actor=None,
    )
    do_start_absence(stay, "escape", at=timezone.now() - timedelta(days=2), actor=None)
    events = {d.movement.event: d for d in queries.notice_worklist(personas.carl)}
    assert events["escape"].overdue  # two days ago, not told
    assert not events["leave"].overdue
    assert "release" in events  # the computed end of sentence falls within the horizon
    assert events["escape"].contact == contact
    # Others see nothing.
    assert queries.notice_worklist(personas.alice) == []
    assert queries.notice_worklist(personas.rune) == []
    assert queries.notice_worklist(personas.frida) == []


def test_marking_sent_removes_it_from_the_worklist(people, contact, personas, login):
    leave_day = today() + timedelta(days=4)
    decide(apply(people.oslo_inmate, requested_from=leave_day))
    client = login(personas.carl)
    page = client.get(reverse("decisions:notices")).content.decode()
    assert "Vera Fornærmet" in page and "strgjfl. § 36 tredje ledd" in page
    response = client.post(
        reverse("decisions:register_notice", args=[contact.pk]),
        {
            "event": "leave",
            "event_day": leave_day.isoformat(),
            "sent_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "phone",
            "conditions": "Kontaktforbud (§ 36 annet ledd g).",
            "next": reverse("decisions:notices"),
        },
    )
    assert response.status_code == 302 and response.url == reverse("decisions:notices")
    notice = VictimNotice.objects.get()
    assert notice.conditions.startswith("Kontaktforbud") and notice.sent_by_name == "carl"
    assert queries.notice_worklist(personas.carl) == []


def test_victim_pages_access(people, contact, personas, login):
    url = reverse("decisions:person_victims", args=[people.oslo_inmate.pk])
    assert login(personas.alice).get(url).status_code == 403  # prison officer
    assert login(personas.rune).get(url).status_code == 403  # regional officer
    assert login(personas.anna).get(url).status_code == 403
    assert login(personas.frida).get(url).status_code == 404  # case handler, other unit
    assert login(personas.alice).get(reverse("decisions:notices")).status_code == 403
    page = login(personas.carl).get(url)
    assert page.status_code == 200 and "Vera Fornærmet" in page.content.decode()
    other = reverse("decisions:register_notice", args=[contact.pk])
    assert login(personas.frida).post(other, {}).status_code == 404


def test_victim_link_only_for_case_handlers(people, contact, personas, login):
    panel = reverse("decisions:person", args=[people.oslo_inmate.pk])
    victims = reverse("decisions:person_victims", args=[people.oslo_inmate.pk])
    assert victims in login(personas.carl).get(panel).content.decode()
    assert victims not in login(personas.alice).get(panel).content.decode()


def test_register_and_withdraw_through_the_page(people, judgment, personas, login):
    client = login(personas.carl)
    url = reverse("decisions:register_victim", args=[people.oslo_inmate.pk])
    response = client.post(
        url,
        {
            "fornaermet-judgment": judgment.pk,
            "fornaermet-name": "Ola Etterlatt",
            "fornaermet-relation": "survivor",
            "fornaermet-phone": "12345678",
            "fornaermet-preferred_channel": "phone",
            "fornaermet-consent_on": today().isoformat(),
        },
    )
    assert response.status_code == 302
    contact = queries.victim_contacts_visible_to(personas.carl).get()
    assert contact.relation == "survivor"
    client.post(
        reverse("decisions:withdraw_victim", args=[contact.pk]), {"trekk-day": today().isoformat()}
    )
    contact.refresh_from_db()
    assert contact.withdrawn_on == today()
