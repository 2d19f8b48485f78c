"""The export of the whole journal for the person's right of access (innsyn): printable HTML
and CSV, for editors and administrators in scope, and the export itself logged."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from varde.audit.models import AccessLog
from varde.journal.actions import do_write_journal_entry, journal_event
from varde.journal.models import EntryKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def journal(personas, people):
    start = timezone.now() - timedelta(days=3)
    person = people.oslo_inmate
    first = do_write_journal_entry(
        person,
        kind=EntryKind.CONVERSATION,
        text="Samtale om skole.\nØnsker kurs.",
        actor=personas.carl,
        at=start,
    )
    journal_event(person, "Satt inn i Oslo fengsel.", actor=personas.alice, source_action="admit")
    do_write_journal_entry(
        person,
        kind=EntryKind.CONVERSATION,
        text='=HYPERLINK("http://x")',
        actor=personas.carl,
        corrects=first,
    )
    do_write_journal_entry(people.bergen_inmate, kind="observation", text="Bergen.", actor=None)
    return person


def _url(person):
    return reverse("journal:export", args=[person.pk])


def test_html_export_has_every_entry_oldest_first(login, personas, journal):
    response = login(personas.carl).get(_url(journal))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Journal: Ola Nordmann" in html
    assert journal.national_id in html
    assert html.index("Samtale om skole.<br>Ønsker kurs.") < html.index("Satt inn i Oslo fengsel.")
    assert "Hendelse" in html and "Samtale" in html
    assert "Retter notat nr." in html
    assert "Bergen." not in html
    assert "site-nav" not in html  # a page to print, without the application's menu


def test_csv_export(login, personas, journal):
    response = login(personas.carl).get(_url(journal), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="journal-{journal.pk}-'
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["type"] for r in rows] == ["Samtale", "Hendelse", "Samtale"]
    assert rows[0]["tekst"] == "Samtale om skole.\nØnsker kurs."
    assert rows[0]["skrevet_av"] == "carl"
    assert rows[0]["enhet"] == "Oslo fengsel"
    assert rows[2]["retter_notat"] == rows[0]["id"]
    assert rows[2]["tekst"].startswith("'=")  # never a live formula in a spreadsheet


@pytest.mark.parametrize("fmt", ["", "csv"])
def test_export_is_logged_as_an_export(login, personas, journal, fmt):
    url = _url(journal)
    login(personas.ada).get(url, {"format": fmt} if fmt else {})
    log = AccessLog.objects.get()
    assert (log.actor, log.person_id, log.channel) == (personas.ada, journal.pk, "export")
    assert log.path.startswith(url)


def test_prison_officer_cannot_export(login, personas, journal):
    assert login(personas.alice).get(_url(journal)).status_code == 403
    assert not AccessLog.objects.exists()


def test_editor_outside_scope_gets_404(login, personas, people, journal):
    assert login(personas.carl).get(_url(people.bergen_inmate)).status_code == 404
    assert login(personas.frida).get(_url(journal), {"format": "csv"}).status_code == 404
    assert not AccessLog.objects.exists()


def test_analyst_gets_403(login, personas, journal):
    assert login(personas.anna).get(_url(journal)).status_code == 403


def test_anonymous_is_sent_to_login(client, journal):
    response = client.get(_url(journal), {"format": "csv"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_export_links_only_for_those_who_may_export(login, personas, journal):
    section = reverse("journal:person_journal", args=[journal.pk])
    headers = {"HX-Request": "true"}
    assert _url(journal) in login(personas.carl).get(section, headers=headers).content.decode()
    assert _url(journal) not in login(personas.alice).get(section, headers=headers).content.decode()
