"""Police custody before admission (politiarrest): the time of arrest on the remand booking
starts the deadline to offer a place (fsg § 4-1, Politiarrestforskriften § 3-1: two døgn
"etter pågripelsen") and the remand credit (strl § 83: "fra pågripelsen"). Worked examples
through the actions, the form, the API and the remand page."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_person
from tests.sentencing.judgments import prison_fields
from varde.execution import rules
from varde.execution.actions import (
    do_add_restriction,
    do_admit,
    do_book_remand,
    do_offer_remand_place,
    do_transfer_remand_to_execution,
)
from varde.execution.models import RemandBooking
from varde.journal.models import JournalEntry
from varde.sentencing.actions import do_register_judgment

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=OSLO)


def _journal(person, action):
    return JournalEntry.objects.filter(person=person, source_action=action).get().text


# --- the deadline runs from the arrest ------------------------------------------------------


def test_the_deadline_counts_from_the_arrest(org, newcomer):
    """Arrested 01.03.2025 20:00, the police ask 02.03 09:00: a place by 03.03 20:00."""
    booking = do_book_remand(
        newcomer,
        police_district="Oslo politidistrikt",
        actor=None,
        arrested_at=_at("2025-03-01T20:00"),
        requested_at=_at("2025-03-02T09:00"),
    )
    assert booking.arrested_at == _at("2025-03-01T20:00")
    assert booking.deadline == _at("2025-03-03T20:00")
    text = _journal(newcomer, "book_remand")
    assert "03.03.2025 20:00" in text and "Pågrepet 01.03.2025 20:00" in text


def test_a_child_arrested_late_in_the_evening_gets_the_next_day(org):
    child = make_person("Ung", "Gutt", timezone.localdate().replace(year=2010), seed=31)
    booking = do_book_remand(
        child,
        police_district="Øst",
        actor=None,
        arrested_at=_at("2025-03-01T22:30"),
        requested_at=_at("2025-03-02T08:00"),
    )
    assert booking.deadline == _at("2025-03-02T23:59")


def test_a_late_request_is_overdue_at_once(org, newcomer):
    """Arrested 01.03 08:00, the police ask 04.03 10:00: the two døgn ran out 03.03 08:00;
    the deadline cannot be before the request, so it is the request itself (overdue)."""
    booking = do_book_remand(
        newcomer,
        police_district="Øst",
        actor=None,
        arrested_at=_at("2025-03-01T08:00"),
        requested_at=_at("2025-03-04T10:00"),
    )
    assert booking.deadline == booking.requested_at == _at("2025-03-04T10:00")


def test_an_arrest_after_the_request_is_refused(org, newcomer):
    with pytest.raises(ValidationError, match="Pågripelsen må være før"):
        do_book_remand(
            newcomer,
            police_district="Øst",
            actor=None,
            arrested_at=_at("2025-03-02T10:00"),
            requested_at=_at("2025-03-02T09:00"),
        )
    assert not RemandBooking.objects.exists()


def test_offer_from_rule():
    arrest, request = _at("2025-03-01T20:00"), _at("2025-03-02T09:00")
    assert rules.remand_offer_from(arrest, request) == arrest
    assert rules.remand_offer_from(None, request) == request


# --- the credit counts from the arrest ------------------------------------------------------


def _remand_with_arrest(org, person, *, arrested="2025-03-01T20:00"):
    booking = do_book_remand(
        person,
        police_district="Oslo politidistrikt",
        actor=None,
        arrested_at=_at(arrested),
        requested_at=_at("2025-03-02T09:00"),
    )
    do_offer_remand_place(booking, org.oslo, security_level="high", actor=None)
    return do_admit(
        person,
        org.oslo,
        security_level="high",
        kind="remand",
        actor=None,
        at=_at("2025-03-03T10:00"),
    )


def test_police_custody_is_credited(org, newcomer):
    """Arrested 01.03.2025 20:00 (evening), admitted 03.03.2025 10:00, the judgment executed
    11.03.2025 09:00: 229 hours from the arrest → 10 days (8 from the admission alone)."""
    remand = _remand_with_arrest(org, newcomer)
    judgment = do_register_judgment(newcomer, actor=None, **prison_fields(credited_days=0))
    do_transfer_remand_to_execution(remand, judgment, actor=None, at=_at("2025-03-11T09:00"))
    judgment.refresh_from_db()
    assert judgment.credited_days == 10
    text = _journal(newcomer, "transfer_to_execution")
    assert "10 dager (10 for frihetsberøvelse fra 01.03.2025 20:00, 0 for full isolasjon)" in text


def test_a_court_fixed_credit_still_wins(org, newcomer):
    remand = _remand_with_arrest(org, newcomer)
    judgment = do_register_judgment(newcomer, actor=None, **prison_fields(credited_days=7))
    do_transfer_remand_to_execution(remand, judgment, actor=None, at=_at("2025-03-11T09:00"))
    judgment.refresh_from_db()
    assert judgment.credited_days == 7
    text = _journal(newcomer, "transfer_to_execution")
    assert "strl. § 83: 10 dager" in text and "Rettens fradrag på 7 dager er beholdt" in text


def test_isolation_ordered_in_the_police_cell_counts_from_the_arrest(org, newcomer):
    """Full isolation 02.03-04.03 (ordered while in the police cell): 72 hours from 02.03
    00:00 → +2 days; clipped at the admission it would have been 38 hours → +1."""
    remand = _remand_with_arrest(org, newcomer)
    do_add_restriction(
        remand,
        "full_isolation",
        ruling_reference="25-1MED-OTIR",
        valid_from=_at("2025-03-02T00:00").date(),
        valid_until=_at("2025-03-04T00:00").date(),
        actor=None,
    )
    judgment = do_register_judgment(newcomer, actor=None, **prison_fields(credited_days=0))
    do_transfer_remand_to_execution(remand, judgment, actor=None, at=_at("2025-03-11T09:00"))
    judgment.refresh_from_db()
    assert judgment.credited_days == 12


def test_without_an_arrest_time_the_admission_counts(org, newcomer):
    booking = do_book_remand(
        newcomer, police_district="Øst", actor=None, requested_at=_at("2025-03-02T09:00")
    )
    assert booking.arrested_at is None
    remand = do_admit(
        newcomer,
        org.oslo,
        security_level="high",
        kind="remand",
        actor=None,
        at=_at("2025-03-03T10:00"),
    )
    judgment = do_register_judgment(newcomer, actor=None, **prison_fields(credited_days=0))
    do_transfer_remand_to_execution(remand, judgment, actor=None, at=_at("2025-03-11T09:00"))
    judgment.refresh_from_db()
    assert judgment.credited_days == 8


# --- form, API and the remand page ---------------------------------------------------------


def test_the_booking_form_takes_the_arrest_time(login, personas, people):
    person = people.oslo_inmate
    client = login(personas.carl)
    assert (
        "Registrer varetektsbestilling"
        in client.get(reverse("people:detail", args=[person.pk])).content.decode()
    )
    form_url = reverse("execution:stay_form", args=[person.pk, "book_remand"])
    page = client.get(form_url).content.decode()  # the form, loaded when opened
    assert "book-arrested_at" in page and "politiarrest" in page
    url = reverse("execution:book_remand", args=[person.pk])
    arrested = timezone.localtime() - timedelta(hours=5)
    data = {
        "book-police_district": "Oslo politidistrikt",
        "book-arrested_at": arrested.strftime("%Y-%m-%dT%H:%M"),
    }
    page = client.post(url, data, follow=True).content.decode()
    assert "Varetektsbestillingen er registrert." in page
    booking = RemandBooking.objects.get(person=person)
    assert booking.arrested_at == arrested.replace(second=0, microsecond=0)
    assert booking.deadline == booking.arrested_at + timedelta(hours=48)


def test_the_booking_form_refuses_a_later_arrest_in_norwegian(login, personas, people):
    person = people.oslo_inmate
    url = reverse("execution:book_remand", args=[person.pk])
    later = timezone.localtime() + timedelta(hours=2)
    data = {
        "book-police_district": "Oslo politidistrikt",
        "book-arrested_at": later.strftime("%Y-%m-%dT%H:%M"),
    }
    page = login(personas.carl).post(url, data, follow=True).content.decode()
    assert "Pågripelsen må være før bestillingen av varetektsplass." in page
    assert not RemandBooking.objects.exists()


def test_api_takes_and_returns_the_arrest_time(login, personas, people):
    arrested = (timezone.now() - timedelta(hours=3)).replace(microsecond=0)
    response = login(personas.carl).post(
        "/api/remand-bookings/",
        {
            "person": people.oslo_inmate.pk,
            "police_district": "Oslo politidistrikt",
            "arrested_at": arrested.isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert datetime.fromisoformat(body["arrested_at"]) == arrested
    assert datetime.fromisoformat(body["deadline"]) == arrested + timedelta(hours=48)


def test_remand_page_lists_stays_in_scope_with_custody_and_restrictions(
    login, org, personas, people
):
    person = people.oslo_inmate
    now = timezone.localtime()
    booking = do_book_remand(
        person,
        police_district="Oslo politidistrikt",
        actor=None,
        arrested_at=now - timedelta(days=3),
        requested_at=now - timedelta(days=2),
    )
    do_offer_remand_place(booking, org.oslo, security_level="high", actor=None)
    stay = do_admit(
        person,
        org.oslo,
        security_level="high",
        kind="remand",
        actor=None,
        at=now - timedelta(days=1),
    )
    today = now.date()
    do_add_restriction(
        stay,
        "full_isolation",
        ruling_reference="K1",
        valid_from=today - timedelta(days=1),
        valid_until=today + timedelta(days=13),
        actor=None,
    )
    do_add_restriction(
        stay,
        "letter_control",
        ruling_reference="K2",
        valid_from=today - timedelta(days=40),
        valid_until=today - timedelta(days=2),  # ended: not shown as in force
        actor=None,
    )
    url = reverse("execution:remand_list")
    page = login(personas.carl).get(url).content.decode()
    assert page.count("data-remand-stay") == 1 and person.full_name in page
    assert (now - timedelta(days=3)).strftime("%d.%m.%Y %H:%M") in page
    assert "Full isolasjon (strpl. § 186 a)" in page and "Brevkontroll" not in page
    assert "Døgn i isolasjon: 2 (fra" in page
    assert "data-remand-stay" not in login(personas.bob).get(url).content.decode()
