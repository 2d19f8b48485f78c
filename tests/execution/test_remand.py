"""Remand (varetekt, rules.md § 9): the police's booking with its deadline, the offer of a
place, admission, court-ordered restrictions, and the transfer to execution with the remand
credit of strl § 83 (rules.md § 2.2)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_person
from tests.sentencing.judgments import prison_fields
from varde.audit.models import AuditEvent
from varde.execution import rules
from varde.execution.actions import (
    do_add_restriction,
    do_admit,
    do_book_remand,
    do_cancel_remand_booking,
    do_offer_remand_place,
    do_transfer_remand_to_execution,
)
from varde.execution.models import Placement, RemandBooking, RemandRestriction, Stay
from varde.journal.models import JournalEntry
from varde.organisation.choices import SecurityLevel, UnitKind
from varde.organisation.models import Capacity, Unit
from varde.sentencing.actions import do_register_judgment

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=OSLO)


def _counts():
    return (
        RemandBooking.objects.count(),
        RemandRestriction.objects.count(),
        Stay.objects.count(),
        Placement.objects.count(),
        AuditEvent.objects.count(),
        JournalEntry.objects.count(),
    )


def _journal(person, action):
    return JournalEntry.objects.filter(person=person, source_action=action).get().text


@pytest.fixture
def child(org):
    """16 years old in March 2025."""
    return make_person("Ung", "Gutt", date(2008, 6, 1), seed=21)


# --- rules: worked examples ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "under_18", "deadline"),
    [
        ("2025-03-01T10:00", False, "2025-03-03T10:00"),  # adult: 2 døgn
        ("2025-03-01T10:00", True, "2025-03-02T23:59"),  # under 18: the day after
        ("2025-03-01T23:30", True, "2025-03-02T23:59"),
        ("2025-03-29T12:00", False, "2025-03-31T13:00"),  # 48 real hours over summer time
        ("2025-12-31T08:00", False, "2026-01-02T08:00"),  # holidays do not extend it
    ],
)
def test_offer_deadline_worked_examples(requested, under_18, deadline):
    assert rules.remand_offer_deadline(_at(requested), under_18=under_18) == _at(deadline)


def test_the_childs_deadline_is_never_later_than_the_adults():
    for hour in range(24):
        at = _at(f"2025-03-01T{hour:02d}:00")
        child = rules.remand_offer_deadline(at, under_18=True)
        assert child <= rules.remand_offer_deadline(at, under_18=False)
        assert child > at


@pytest.mark.parametrize(
    ("kind", "under_18", "until", "problem"),
    [
        ("full_isolation", False, date(2025, 3, 15), None),  # two weeks: same weekday
        ("full_isolation", False, date(2025, 3, 16), "høyst to uker"),
        ("full_isolation", True, date(2025, 3, 5), "under 18 år"),
        ("letter_control", True, date(2025, 5, 1), None),
        ("visit_control", False, date(2025, 2, 28), "Sluttdatoen"),
    ],
)
def test_restriction_rule(kind, under_18, until, problem):
    found = rules.restriction_problem(
        kind,
        under_18=under_18,
        valid_from=date(2025, 3, 1),
        valid_until=until,
        is_remand_stay=True,
    )
    assert (found is None) if problem is None else (problem in found)


# --- booking, offer, admission ---------------------------------------------------------------


def test_booking_computes_the_deadline_and_writes_audit_and_journal(org, personas, people):
    person = people.oslo_inmate
    booking = do_book_remand(
        person,
        police_district="Oslo politidistrikt",
        actor=personas.carl,
        requested_at=_at("2025-03-01T10:00"),
    )
    assert booking.status == "requested"
    assert booking.deadline == _at("2025-03-03T10:00")
    assert AuditEvent.objects.filter(person=person, action="book_remand").exists()
    assert _journal(person, "book_remand") == (
        "Oslo politidistrikt ber om varetektsplass; plass må tilbys innen 03.03.2025 10:00."
    )


def test_a_child_gets_the_next_day(org, child):
    booking = do_book_remand(
        child, police_district="Øst", actor=None, requested_at=_at("2025-03-01T10:00")
    )
    assert booking.deadline == _at("2025-03-02T23:59")
    assert "Under 18 år" in _journal(child, "book_remand")


def test_second_booking_and_booking_of_an_inmate_are_refused(org, newcomer):
    do_book_remand(newcomer, police_district="Øst", actor=None)
    before = _counts()
    with pytest.raises(ValidationError, match="allerede en åpen varetektsbestilling"):
        do_book_remand(newcomer, police_district="Øst", actor=None)
    with pytest.raises(ValidationError, match="politidistriktet"):
        do_book_remand(newcomer, police_district=" ", actor=None)
    assert _counts() == before


def test_offer_checks_capacity_and_nothing_is_saved_when_full(org, newcomer):
    small = Unit.objects.create(
        code="liten", name="Lite fengsel", kind=UnitKind.PRISON_HIGH, region=org.ost
    )
    Capacity.objects.create(
        unit=small, security_level=SecurityLevel.HIGH, places=1, valid_from=date(2020, 1, 1)
    )
    other = make_person("Opp", "Tatt", date(1980, 1, 1), seed=22)
    do_admit(other, small, security_level="high", actor=None)
    booking = do_book_remand(newcomer, police_district="Øst", actor=None)
    before = _counts()
    with pytest.raises(ValidationError, match="Ingen ledige plasser"):
        do_offer_remand_place(booking, small, security_level="high", actor=None)
    with pytest.raises(ValidationError):
        do_offer_remand_place(booking, org.oslo_fri, security_level="high", actor=None)
    assert _counts() == before
    booking.refresh_from_db()
    assert booking.status == "requested" and booking.offered_unit is None


def test_offer_then_admission_links_the_booking(org, newcomer):
    booking = do_book_remand(newcomer, police_district="Øst", actor=None)
    do_offer_remand_place(booking, org.oslo, security_level="high", actor=None)
    booking.refresh_from_db()
    assert booking.status == "offered" and booking.offered_unit == org.oslo
    assert newcomer.responsibilities.get(date_to__isnull=True).reason == "remand"
    assert "Varetektsplass tilbudt ved Oslo fengsel" in _journal(newcomer, "offer_remand_place")
    stay = do_admit(newcomer, org.oslo, security_level="high", kind="remand", actor=None)
    booking.refresh_from_db()
    assert (booking.status, booking.stay) == ("admitted", stay)
    assert AuditEvent.objects.filter(object_id=str(booking.pk), action="admit").exists()


def test_late_offer_is_noted_in_the_journal(org, newcomer):
    booking = do_book_remand(
        newcomer, police_district="Øst", actor=None, requested_at=timezone.now() - timedelta(days=3)
    )
    do_offer_remand_place(booking, org.oslo, security_level="high", actor=None)
    assert "var overskredet" in _journal(newcomer, "offer_remand_place")


def test_cancel_ends_the_offered_units_responsibility(org, newcomer):
    booking = do_book_remand(newcomer, police_district="Øst", actor=None)
    do_offer_remand_place(booking, org.oslo, security_level="high", actor=None)
    do_cancel_remand_booking(booking, reason="Løslatt fra arrest", actor=None)
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert not newcomer.responsibilities.filter(date_to__isnull=True).exists()
    with pytest.raises(ValidationError, match="ikke åpen"):
        do_cancel_remand_booking(booking, reason="igjen", actor=None)


# --- restrictions ----------------------------------------------------------------------------


def _remand(person, unit, at="2025-03-01T10:00"):
    return do_admit(person, unit, security_level="high", kind="remand", actor=None, at=_at(at))


def test_restriction_is_saved_with_audit_and_journal(org, newcomer):
    stay = _remand(newcomer, org.oslo)
    restriction = do_add_restriction(
        stay,
        "full_isolation",
        ruling_reference="25-1234MED-OTIR",
        valid_from=date(2025, 3, 1),
        valid_until=date(2025, 3, 15),
        actor=None,
    )
    assert restriction.stay == stay
    assert AuditEvent.objects.filter(person=newcomer, action="add_restriction").exists()
    assert _journal(newcomer, "add_restriction") == (
        "Restriksjon: Full isolasjon (strpl. § 186 a) fra 01.03.2025 til og med 15.03.2025 "
        "(kjennelse 25-1234MED-OTIR). Sammenhengende full isolasjon fra 01.03.2025 til og med "
        "15.03.2025; grensen etter strpl. § 186 a tredje ledd er 12.04.2025. "
        "Strafferamme inntil 6 år."
    )
    assert (restriction.penalty_scale, restriction.note) == ("up_to_6_years", "")


def test_refused_restrictions_change_nothing(org, child, newcomer):
    young = _remand(child, org.oslo)
    adult = _remand(newcomer, org.oslo)
    before = _counts()
    with pytest.raises(ValidationError, match="under 18 år"):
        do_add_restriction(
            young,
            "full_isolation",
            ruling_reference="K",
            actor=None,
            valid_from=date(2025, 3, 1),
            valid_until=date(2025, 3, 5),
        )
    with pytest.raises(ValidationError, match=r"15\.03\.2025"):
        do_add_restriction(
            adult,
            "full_isolation",
            ruling_reference="K",
            actor=None,
            valid_from=date(2025, 3, 1),
            valid_until=date(2025, 3, 16),
        )
    with pytest.raises(ValidationError, match="kjennelsen"):
        do_add_restriction(
            adult,
            "letter_control",
            ruling_reference=" ",
            actor=None,
            valid_from=date(2025, 3, 1),
            valid_until=date(2025, 3, 16),
        )
    assert _counts() == before


def test_no_restriction_on_a_sentence_stay(org, newcomer):
    stay = do_admit(newcomer, org.oslo, security_level="high", actor=None)
    with pytest.raises(ValidationError, match="bare under varetekt"):
        do_add_restriction(
            stay,
            "visit_control",
            ruling_reference="K",
            actor=None,
            valid_from=date(2025, 3, 1),
            valid_until=date(2025, 3, 5),
        )


# --- transfer to execution ---------------------------------------------------------------------


def test_transfer_computes_the_credit_and_starts_the_sentence_without_a_gap(org, newcomer):
    """Custody 01.03.2025 10:00 → 11.03.2025 09:00 = 239 hours → ceil(239/24) = 10 started
    døgn (strl § 83 second para, rules.md § 2.2): 10 days, stored where the court gave none."""
    remand = _remand(newcomer, org.oslo)
    judgment = do_register_judgment(newcomer, actor=None, **prison_fields(credited_days=0))
    at = _at("2025-03-11T09:00")
    stay = do_transfer_remand_to_execution(remand, judgment, actor=None, at=at)
    remand.refresh_from_db()
    judgment.refresh_from_db()
    assert (remand.released_at, remand.release_type) == (at, "remand_ended")
    assert (stay.kind, stay.admitted_at, stay.unit, stay.judgment) == (
        "sentence",
        at,
        org.oslo,
        judgment,
    )
    assert remand.placements.get().to_at == stay.placements.get().from_at == at
    assert (judgment.status, judgment.credited_days) == ("in_execution", 10)
    assert AuditEvent.objects.filter(
        object_id=str(judgment.pk), action="set_remand_credit"
    ).exists()
    assert newcomer.responsibilities.get(date_to__isnull=True).reason == "stay"
    text = _journal(newcomer, "transfer_to_execution")
    assert "10 dager (10 for frihetsberøvelse fra 01.03.2025 10:00, 0 for full isolasjon)" in text
    assert "beregnet fradrag er lagret" in text


def test_full_isolation_adds_a_day_per_started_two_dogn(org, newcomer):
    """Full isolation 03.03-05.03.2025 = 72 hours → 2 started 2-døgn periods → +2 days."""
    remand = _remand(newcomer, org.oslo)
    do_add_restriction(
        remand,
        "full_isolation",
        ruling_reference="K",
        actor=None,
        valid_from=date(2025, 3, 3),
        valid_until=date(2025, 3, 5),
    )
    do_add_restriction(
        remand,
        "letter_control",
        ruling_reference="K",
        actor=None,
        valid_from=date(2025, 3, 1),
        valid_until=date(2025, 3, 14),
    )
    judgment = do_register_judgment(newcomer, actor=None, **prison_fields(credited_days=0))
    do_transfer_remand_to_execution(remand, judgment, actor=None, at=_at("2025-03-11T09:00"))
    judgment.refresh_from_db()
    assert judgment.credited_days == 12


def test_a_court_fixed_credit_is_kept_and_the_computed_one_journalled(org, newcomer):
    remand = _remand(newcomer, org.oslo)
    judgment = do_register_judgment(newcomer, actor=None, **prison_fields(credited_days=20))
    do_transfer_remand_to_execution(remand, judgment, actor=None, at=_at("2025-03-11T09:00"))
    judgment.refresh_from_db()
    assert judgment.credited_days == 20
    assert not AuditEvent.objects.filter(action="set_remand_credit").exists()
    text = _journal(newcomer, "transfer_to_execution")
    assert "strl. § 83: 10 dager" in text and "Rettens fradrag på 20 dager er beholdt" in text


def test_refused_transfers_change_nothing(org, newcomer, people):
    sentence = do_admit(people.oslo_inmate, org.oslo, security_level="high", actor=None)
    other = do_register_judgment(people.oslo_inmate, actor=None, **prison_fields())
    remand = _remand(newcomer, org.oslo)
    judgment = do_register_judgment(newcomer, actor=None, **prison_fields(credited_days=0))
    before = _counts()
    with pytest.raises(ValidationError, match="ikke i varetekt"):
        do_transfer_remand_to_execution(sentence, other, actor=None)
    with pytest.raises(ValidationError, match="annen person"):
        do_transfer_remand_to_execution(remand, other, actor=None)
    with pytest.raises(ValidationError, match="forrige hendelse"):
        do_transfer_remand_to_execution(remand, judgment, actor=None, at=_at("2025-02-01T09:00"))
    assert _counts() == before
    judgment.refresh_from_db()
    assert (judgment.status, judgment.credited_days) == ("queued", 0)


# --- pages, forms and API: scoping ---------------------------------------------------------


def test_remand_page_lists_open_bookings_in_scope_and_flags_overdue(login, org, personas, people):
    do_book_remand(
        people.oslo_inmate,
        police_district="Oslo politidistrikt",
        actor=None,
        requested_at=timezone.now() - timedelta(days=3),
    )
    url = reverse("execution:remand_list")
    page = login(personas.carl).get(url).content.decode()
    assert "Oslo politidistrikt" in page and "Fristen er overskredet" in page
    assert "data-overdue" in page
    assert "Oslo politidistrikt" not in login(personas.bob).get(url).content.decode()
    assert login(personas.anna).get(url).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("execution:remand_list"))
    assert response.status_code == 302 and reverse("login") in response.url


@pytest.mark.parametrize(
    "name",
    ["book_remand", "offer_remand", "cancel_remand", "add_restriction", "remand_to_execution"],
)
def test_forms_are_scoped(name, login, personas, people):
    """Editors outside the person's scope get 404; read-only roles 403."""
    url = reverse(f"execution:{name}", args=[people.bergen_inmate.pk])
    assert login(personas.carl).post(url).status_code == 404
    url = reverse(f"execution:{name}", args=[people.oslo_inmate.pk])
    assert login(personas.alice).post(url).status_code == 403


def test_the_remand_path_through_the_person_page(login, org, personas, people):
    person = people.oslo_inmate
    client = login(personas.carl)

    def post(name, data):
        return client.post(reverse(f"execution:{name}", args=[person.pk]), data, follow=True)

    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Registrer varetektsbestilling" in page
    page = post("book_remand", {"book-police_district": "Oslo politidistrikt"}).content.decode()
    assert "Varetektsbestillingen er registrert." in page and "Tilby varetektsplass" in page
    data = {"offer-unit": org.oslo.pk, "offer-security_level": "high"}
    assert "Varetektsplass er tilbudt." in post("offer_remand", data).content.decode()
    data = {"admit-unit": org.oslo.pk, "admit-security_level": "high", "admit-kind": "remand"}
    page = post("admit", data).content.decode()
    assert "Registrer restriksjon" in page and "Overgang til straffegjennomføring" in page
    assert RemandBooking.objects.get(person=person).status == "admitted"
    data = {
        "restriction-kind": "full_isolation",
        "restriction-ruling_reference": "K1",
        "restriction-valid_from": "2025-03-01",
        "restriction-valid_until": "2025-03-20",
    }
    page = post("add_restriction", data).content.decode()
    assert "høyst to uker om gangen" in page
    assert not RemandRestriction.objects.exists()
    judgment = do_register_judgment(person, actor=None, **prison_fields())
    page = post("remand_to_execution", {"toexec-judgment": judgment.pk}).content.decode()
    assert "Overgangen til straffegjennomføring er registrert." in page
    assert Stay.objects.get(person=person, released_at__isnull=True).kind == "sentence"


API = "/api/remand-bookings/"


def test_api_create_and_list_are_scoped(login, org, personas, people):
    client = login(personas.carl)
    response = client.post(
        API,
        {"person": people.oslo_inmate.pk, "police_district": "Oslo politidistrikt"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    booking = response.json()
    assert booking["status"] == "requested" and not booking["overdue"]
    again = client.post(
        API,
        {"person": people.oslo_inmate.pk, "police_district": "Øst"},
        content_type="application/json",
    )
    assert again.status_code == 400 and "allerede en åpen" in again.content.decode()
    assert [b["id"] for b in client.get(API).json()["results"]] == [booking["id"]]
    bob = login(personas.bob)
    assert bob.get(API).json()["results"] == []
    assert bob.get(f"{API}{booking['id']}/").status_code == 404
    other = {"person": people.bergen_inmate.pk, "police_district": "Vest"}
    carl = login(personas.carl)  # the same test client, signed in again
    assert carl.post(API, other, content_type="application/json").status_code == 404
    assert not RemandBooking.objects.filter(person=people.bergen_inmate).exists()
    assert login(personas.anna).get(API).status_code == 403
    offer = login(personas.carl).post(
        f"{API}{booking['id']}/offer/",
        {"unit": org.oslo.pk, "security_level": "high"},
        content_type="application/json",
    )
    assert offer.status_code == 200 and offer.json()["status"] == "offered"


def test_admission_elsewhere_than_offered_moves_the_responsibility(org, newcomer):
    booking = do_book_remand(newcomer, police_district="Øst", actor=None)
    do_offer_remand_place(booking, org.oslo, security_level="high", actor=None)
    do_admit(newcomer, org.ila, security_level="high", kind="remand", actor=None)
    assert {r.unit for r in newcomer.responsibilities.filter(date_to__isnull=True)} == {org.ila}
