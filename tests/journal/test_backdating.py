"""A note may say when it happened (yesterday's conversation written today), never in the
future and not further back than the setting allows; the registration time is always kept
and shown, in the journal, the export and the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from varde.journal.actions import do_write_journal_entry
from varde.journal.models import EntryKind, JournalEntry
from varde.journal.rules import note_time_problem

HTMX = {"HX-Request": "true", "HX-Target": "journal-body"}
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def test_rule_allows_the_past_within_the_limit_and_refuses_the_future():
    assert note_time_problem(NOW - timedelta(days=14), now=NOW, backdate_days=14) is None
    assert note_time_problem(NOW + timedelta(minutes=4), now=NOW, backdate_days=14) is None
    assert "fram i tid" in note_time_problem(NOW + timedelta(hours=1), now=NOW, backdate_days=14)
    problem = note_time_problem(NOW - timedelta(days=14, minutes=1), now=NOW, backdate_days=14)
    assert "høyst 14 dager" in problem


@given(st.integers(min_value=0, max_value=60 * 24 * 40), st.integers(min_value=0, max_value=60))
def test_rule_refuses_exactly_beyond_the_window(minutes_back, days):
    at = NOW - timedelta(minutes=minutes_back)
    refused = note_time_problem(at, now=NOW, backdate_days=days) is not None
    assert refused == (minutes_back > days * 24 * 60)


@pytest.mark.django_db
def test_backdated_note_keeps_both_times_and_shows_the_registration(login, personas, people):
    person = people.oslo_inmate
    yesterday = timezone.localtime() - timedelta(days=1)
    client = login(personas.alice)
    response = client.post(
        reverse("journal:write", args=[person.pk]),
        {
            "kind": EntryKind.CONVERSATION,
            "text": "Samtale om permisjon.",
            "at": yesterday.strftime("%Y-%m-%dT%H:%M"),
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    entry = JournalEntry.objects.get(person=person, text="Samtale om permisjon.")
    assert abs(entry.at - yesterday.replace(second=0, microsecond=0)) < timedelta(seconds=1)
    assert timezone.now() - entry.recorded_at < timedelta(minutes=1)
    html = response.content.decode()
    assert f"registrert {timezone.localtime(entry.recorded_at):%d.%m.%Y}" in html
    csv = (
        login(personas.carl)
        .get(reverse("journal:export", args=[person.pk]) + "?format=csv")
        .content.decode()
    )
    assert "registrert" in csv.splitlines()[0]


@pytest.mark.django_db
def test_future_note_is_refused_in_norwegian_and_nothing_is_saved(login, personas, people):
    person = people.oslo_inmate
    tomorrow = timezone.localtime() + timedelta(days=1)
    before = JournalEntry.objects.count()
    response = login(personas.alice).post(
        reverse("journal:write", args=[person.pk]),
        {
            "kind": EntryKind.CONVERSATION,
            "text": "Fra framtiden.",
            "at": tomorrow.strftime("%Y-%m-%dT%H:%M"),
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Tidspunktet kan ikke være fram i tid." in response.content.decode()
    assert JournalEntry.objects.count() == before


@pytest.mark.django_db
def test_the_limit_is_a_setting(settings, personas, people):
    settings.VARDE_JOURNAL_BACKDATE_DAYS = 2
    three_days_ago = timezone.now() - timedelta(days=3)
    with pytest.raises(ValidationError, match="høyst 2 dager"):
        do_write_journal_entry(
            people.oslo_inmate,
            kind=EntryKind.OBSERVATION,
            text="Gammelt.",
            actor=personas.alice,
            at=three_days_ago,
        )
    settings.VARDE_JOURNAL_BACKDATE_DAYS = 5
    entry = do_write_journal_entry(
        people.oslo_inmate,
        kind=EntryKind.OBSERVATION,
        text="Gammelt.",
        actor=personas.alice,
        at=three_days_ago,
    )
    assert entry.backdated
