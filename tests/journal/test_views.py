"""The journal on the person page: who may read and write what, newest first with "show more"
and a filter by kind, the reminder on the form, corrections, and a pinned query count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.people.test_scoping_matrix import MATRIX, _expected_read
from varde.audit.models import AccessLog
from varde.journal.actions import do_write_journal_entry
from varde.journal.models import EntryKind, JournalEntry
from varde.journal.views import PAGE_SIZE

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "journal-body"}
MORE = {"HX-Request": "true", "HX-Target": "journal-more"}
REMINDER = "Skriv bare det som er relevant og nødvendig for straffegjennomføringen"


def _url(person, name="person_journal"):
    return reverse(f"journal:{name}", args=[person.pk])


def _write(person, n=1, *, kind=EntryKind.OBSERVATION, start=None):
    start = start or timezone.now() - timedelta(days=n)
    return [
        do_write_journal_entry(
            person,
            kind=kind,
            text=f"Notat nummer {i:03d}.",
            actor=None,
            at=start + timedelta(hours=i),
        )
        for i in range(n)
    ]


# --- reading --------------------------------------------------------------------------------


def test_person_page_loads_the_journal_section(login, personas, people):
    page = login(personas.alice).get(reverse("people:detail", args=[people.oslo_inmate.pk]))
    html = page.content.decode()
    assert 'id="journal"' in html
    assert f'hx-get="{_url(people.oslo_inmate)}"' in html
    assert 'hx-trigger="load"' in html


def test_section_shows_entries_newest_first_and_logs_the_read(login, personas, people):
    _write(people.oslo_inmate, 3)
    url = _url(people.oslo_inmate)
    response = login(personas.alice).get(url, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # the partial, not the page
    assert html.index("nummer 002") < html.index("nummer 001") < html.index("nummer 000")
    assert "3 notater" in html
    log = AccessLog.objects.get(person_id=people.oslo_inmate.pk)
    assert (log.actor, log.channel, log.path) == (personas.alice, "web", url)


def test_journal_is_a_page_of_its_own_without_javascript(login, personas, people):
    _write(people.oslo_inmate, 1)
    html = login(personas.alice).get(_url(people.oslo_inmate)).content.decode()
    assert "<html" in html
    assert "Journal: Ola Nordmann" in html
    assert "nummer 000" in html


def test_show_more_appends_the_next_entries(login, personas, people):
    _write(people.oslo_inmate, 2 * PAGE_SIZE + 5)
    client = login(personas.alice)
    first = client.get(_url(people.oslo_inmate), headers=HTMX).content.decode()
    assert first.count('id="journal-entry-') == PAGE_SIZE
    url = _url(people.oslo_inmate)
    button = f'hx-get="{url}?side=2" hx-target="#journal-more" hx-swap="outerHTML"'
    assert (
        f'<li id="journal-more"><a class="ds-button" data-variant="secondary" href="{url}?side=2"'
        in first
    )
    assert button in first
    second = client.get(url, {"side": 2}, headers=MORE).content.decode()
    assert second.count('id="journal-entry-') == PAGE_SIZE
    assert "<form" not in second  # only the entries, swapped in for the button
    assert f'hx-get="{url}?side=3"' in second
    third = client.get(url, {"side": 3}, headers=MORE).content.decode()
    assert third.count('id="journal-entry-') == 5
    assert "nummer 000" in third and "nummer 005" not in third
    assert 'id="journal-more"' not in third
    assert AccessLog.objects.filter(person_id=people.oslo_inmate.pk).count() == 3


def test_filter_by_kind(login, personas, people):
    _write(people.oslo_inmate, 2, kind=EntryKind.OBSERVATION)
    do_write_journal_entry(
        people.oslo_inmate,
        kind=EntryKind.DECISION,
        text="Vedtak om permisjon.",
        actor=personas.carl,
    )
    client = login(personas.alice)
    html = client.get(_url(people.oslo_inmate), {"type": "decision"}, headers=HTMX).content.decode()
    assert "Vedtak om permisjon." in html
    assert "Notat nummer" not in html
    assert "1 notat" in html
    assert '<option value="decision" selected>' in html
    _write(people.oslo_inmate, PAGE_SIZE + 1, kind=EntryKind.CONVERSATION)
    more = client.get(_url(people.oslo_inmate), {"type": "conversation"}, headers=HTMX)
    assert "?side=2&amp;type=conversation" in more.content.decode()  # "show more" keeps the filter
    empty = client.get(_url(people.oslo_inmate), {"type": "event"}, headers=HTMX).content.decode()
    assert "Ingen journalnotater av denne typen." in empty
    everything = client.get(_url(people.oslo_inmate), {"type": "bogus"}, headers=HTMX)
    assert f"{PAGE_SIZE + 4} notater" in everything.content.decode()


def test_query_count_does_not_grow_with_entries(
    login, personas, people, django_assert_max_num_queries
):
    client = login(personas.carl)
    url = _url(people.oslo_inmate)
    client.get(url, headers=HTMX)  # session and permission caches
    first = _write(people.oslo_inmate, 3)
    do_write_journal_entry(
        people.oslo_inmate,
        kind="conversation",
        text="Rettelse.",
        actor=personas.carl,
        corrects=first[0],
    )
    with CaptureQueriesContext(connection) as few:
        assert "4 notater" in client.get(url, headers=HTMX).content.decode()
    many = _write(people.oslo_inmate, 40)
    for entry in many[:10]:
        do_write_journal_entry(
            people.oslo_inmate,
            kind="conversation",
            text="Rettelse.",
            actor=personas.carl,
            corrects=entry,
        )
    with django_assert_max_num_queries(len(few)):
        assert "54 notater" in client.get(url, headers=HTMX).content.decode()
    # Session, user, person (scoped), access log, count, one page of entries (with unit,
    # corrected entry and "is corrected" in the same query), session save (3 with savepoint).
    assert len(few) <= 9, [q["sql"] for q in few.captured_queries]


# --- scoping --------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, people):
    for url in (_url(people.oslo_inmate), _url(people.oslo_inmate, "export")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    response = client.post(_url(people.oslo_inmate, "write"), {"kind": "observation", "text": "x"})
    assert response.status_code == 302
    assert not JournalEntry.objects.exists()


def test_officer_of_another_unit_gets_404_and_nothing_is_logged(login, personas, people):
    _write(people.oslo_inmate, 1)
    client = login(personas.bob)
    assert client.get(_url(people.oslo_inmate), headers=HTMX).status_code == 404
    data = {"kind": "observation", "text": "Forsøk."}
    assert client.post(_url(people.oslo_inmate, "write"), data).status_code == 404
    assert not AccessLog.objects.exists()
    assert JournalEntry.objects.count() == 1


def test_analyst_gets_403(login, personas, people):
    client = login(personas.anna)
    assert client.get(_url(people.oslo_inmate), headers=HTMX).status_code == 403
    data = {"kind": "observation", "text": "Forsøk."}
    assert client.post(_url(people.oslo_inmate, "write"), data).status_code == 403
    assert not JournalEntry.objects.exists()


def test_released_long_ago_is_outside_the_units_scope(login, personas, people):
    assert login(personas.carl).get(_url(people.released_long_ago)).status_code == 404
    assert login(personas.ada).get(_url(people.released_long_ago)).status_code == 200


# --- writing --------------------------------------------------------------------------------


def test_form_shows_the_reminder_and_the_kinds_of_the_role(login, personas, people):
    officer = login(personas.alice).get(_url(people.oslo_inmate), headers=HTMX).content.decode()
    assert REMINDER in officer
    assert 'aria-describedby="journal-reminder"' in officer
    assert '<option value="observation"' in officer and '<option value="conversation"' in officer
    assert '<option value="decision"' not in officer.split('id="journal-type"')[0]
    editor = login(personas.carl).get(_url(people.oslo_inmate), headers=HTMX).content.decode()
    kinds = editor.split('id="journal-kind"')[1].split("</select>")[0]
    assert '"decision"' in kinds and '"partner_contact"' in kinds and '"event"' not in kinds


def test_officer_writes_an_observation_with_htmx(login, personas, people):
    client = login(personas.alice)
    data = {"kind": "observation", "text": "Rolig kveld på avdelingen."}
    response = client.post(_url(people.oslo_inmate, "write"), data, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Journalnotatet er lagret." in html
    assert "Rolig kveld på avdelingen." in html
    entry = JournalEntry.objects.get()
    assert (entry.kind, entry.author, entry.unit) == (
        "observation",
        personas.alice,
        personas.alice.unit,
    )


def test_write_without_javascript_redirects_to_the_person_page(login, personas, people):
    client = login(personas.carl)
    data = {"kind": "decision", "text": "Innvilget permisjon."}
    response = client.post(_url(people.oslo_inmate, "write"), data)
    assert response.status_code == 302
    assert response.url == reverse("people:detail", args=[people.oslo_inmate.pk]) + "#journal"
    assert JournalEntry.objects.get().kind == "decision"


@pytest.mark.parametrize("kind", ["decision", "partner_contact", "event"])
def test_officer_cannot_write_other_kinds(login, personas, people, kind):
    data = {"kind": kind, "text": "Forsøk."}
    html = login(personas.alice).post(_url(people.oslo_inmate, "write"), data, headers=HTMX)
    assert "Velg en type notat fra listen." in html.content.decode()
    assert not JournalEntry.objects.exists()


def test_editor_cannot_write_events(login, personas, people):
    data = {"kind": "event", "text": "Løslatt."}
    html = login(personas.carl).post(_url(people.oslo_inmate, "write"), data, headers=HTMX)
    assert "Velg en type notat fra listen." in html.content.decode()
    assert not JournalEntry.objects.exists()


def test_empty_text_is_refused_in_norwegian(login, personas, people):
    data = {"kind": "observation", "text": "   "}
    response = login(personas.alice).post(_url(people.oslo_inmate, "write"), data, headers=HTMX)
    html = response.content.decode()
    assert "Journalnotatet kan ikke være tomt." in html
    assert 'aria-invalid="true"' in html
    assert not JournalEntry.objects.exists()


def test_correcting_an_entry(login, personas, people):
    (old,) = _write(people.oslo_inmate, 1)
    client = login(personas.carl)
    form = client.get(_url(people.oslo_inmate), {"rett": old.pk}, headers=HTMX).content.decode()
    assert "Du retter notatet fra" in form
    assert f'name="corrects" value="{old.pk}"' in form
    data = {"kind": "observation", "text": "Rettelse: gjaldt en annen dag.", "corrects": old.pk}
    html = client.post(_url(people.oslo_inmate, "write"), data, headers=HTMX).content.decode()
    new = JournalEntry.objects.get(corrects=old)
    assert "Rettet i et senere notat" in html
    assert f'href="#journal-entry-{old.pk}"' in html
    assert new.text == "Rettelse: gjaldt en annen dag."


def test_cannot_correct_an_entry_in_another_journal(login, personas, people):
    (other,) = _write(people.bergen_inmate, 1)
    data = {"kind": "observation", "text": "x", "corrects": other.pk}
    html = login(personas.carl).post(_url(people.oslo_inmate, "write"), data, headers=HTMX)
    assert "Fant ikke notatet som skal rettes." in html.content.decode()
    assert JournalEntry.objects.count() == 1


@pytest.mark.parametrize(("persona", "person"), MATRIX)
def test_scoping_matrix(persona, person, login, personas, people):
    """Same outcome as the person page for every persona and person."""
    target = getattr(people, person)
    response = login(getattr(personas, persona)).get(_url(target), headers=HTMX)
    assert response.status_code == _expected_read(persona, person)
