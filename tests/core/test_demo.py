"""``varde demo``: a consistent picture that every screen can show. One run for the module
(the command takes a while): people in remand with the police's bookings and the court's
restrictions, nobody inside past the end of their sentence, community sentences still
running, and a second run that changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from varde.community.models import CommunityCase
from varde.execution.choices import OPEN_BOOKING_STATUSES, RestrictionKind, StayKind
from varde.execution.demo import open_sentence_stays_past_their_end
from varde.execution.models import PostponementRequest, RemandBooking, RemandRestriction, Stay
from varde.execution.rules import isolation_cap_until, isolation_runs

PERSONS = 80


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once into the test database for this module, and remove it after."""
    with django_db_blocker.unblock(), override_settings(VARDE_ALLOW_SYNTHETIC_IDS=True):
        out = io.StringIO()
        call_command("demo", persons=PERSONS, stdout=out)
        try:
            yield out.getvalue()
        finally:
            call_command("flush", interactive=False, verbosity=0)


pytestmark = pytest.mark.django_db


def test_demo_loads_and_prints_the_logins(demo):
    assert "Demo data loaded." in demo and "saksbehandler.oslo" in demo


def test_people_in_remand_came_through_a_booking_with_the_arrest(demo):
    stays = Stay.objects.filter(kind=StayKind.REMAND, released_at__isnull=True)
    booked = stays.filter(remand_bookings__arrested_at__isnull=False).distinct()
    assert booked.count() >= 5
    for stay in booked:
        booking = stay.remand_bookings.get()
        assert booking.arrested_at < booking.requested_at <= booking.offered_at < stay.admitted_at


def test_restrictions_respect_the_isolation_caps(demo):
    assert RemandRestriction.objects.filter(kind=RestrictionKind.FULL_ISOLATION).exists()
    assert RemandRestriction.objects.exclude(kind=RestrictionKind.FULL_ISOLATION).exists()
    for stay in Stay.objects.filter(restrictions__kind=RestrictionKind.FULL_ISOLATION).distinct():
        full = stay.restrictions.filter(kind=RestrictionKind.FULL_ISOLATION)
        for first, last in isolation_runs(full.values_list("valid_from", "valid_until")):
            assert last <= isolation_cap_until(first, "up_to_6_years")


def test_some_bookings_are_open_one_past_its_deadline(demo):
    open_bookings = RemandBooking.objects.filter(status__in=OPEN_BOOKING_STATUSES)
    assert open_bookings.count() >= 3
    assert open_bookings.filter(status="requested", deadline__lt=timezone.now()).exists()


def test_postponements_wait_in_the_queue(demo):
    pending = PostponementRequest.objects.filter(decision="pending")
    assert pending.count() >= 2
    assert PostponementRequest.objects.filter(decision="granted").exclude(decision_note="").exists()


def test_nobody_is_inside_past_the_end_of_their_sentence(demo):
    assert open_sentence_stays_past_their_end() == []
    assert Stay.objects.filter(kind=StayKind.SENTENCE, released_at__isnull=True).exists()
    assert Stay.objects.filter(release_type="full_term").exists()


def test_community_sentences_are_still_running(demo):
    cases = CommunityCase.objects.filter(kind="community_sentence")
    assert cases.exists()
    assert not cases.filter(planned_end__lt=timezone.localdate()).exists()


def test_a_second_run_changes_nothing(demo):
    before = (Stay.objects.count(), RemandBooking.objects.count())
    out = io.StringIO()
    call_command("demo", persons=PERSONS, stdout=out)
    assert "already loaded" in out.getvalue()
    assert (Stay.objects.count(), RemandBooking.objects.count()) == before
