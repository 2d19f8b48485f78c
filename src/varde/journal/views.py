"""Journal screens: the journal section of the person page, writing a note, and the export
for the person's right of access. Every read of a journal is logged as a read of the record."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from varde.audit.actions import record_access
from varde.core.http import AuthedRequest
from varde.journal.actions import do_write_journal_entry
from varde.journal.forms import REMINDER, JournalEntryForm, JournalFilterForm
from varde.journal.models import JournalEntry
from varde.journal.queries import journal_for_export, journal_of
from varde.people.models import Person
from varde.people.queries import get_person_for_user

PAGE_SIZE = 20
MORE_TARGET = "journal-more"  # the "show more" item, swapped for the next page of entries


@login_required
@permission_required("journal.view_journal", raise_exception=True)
def person_journal(request: AuthedRequest, person_id: int) -> HttpResponse:
    """The journal: the person page's section (htmx), the next entries, or a page of its own."""
    person = get_person_for_user(request.user, person_id)
    record_access(actor=request.user, person=person, channel="web", path=request.get_full_path())
    return _render_journal(request, person, _note_form(request, person))


@login_required
@permission_required("journal.add_journalentry", raise_exception=True)
@require_POST
def write_entry(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    form = JournalEntryForm(request.POST, user=request.user, person=person)
    saved = False
    if form.is_valid():
        try:
            do_write_journal_entry(person, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if not request.htmx:
                messages.success(request, _("Journalnotatet er lagret."))
                return redirect(reverse("people:detail", args=[person.pk]) + "#journal")
            form, saved = JournalEntryForm(user=request.user, person=person), True
    record_access(actor=request.user, person=person, channel="web", path=request.path)
    return _render_journal(request, person, form, saved=saved)


@login_required
@permission_required("journal.export_journal", raise_exception=True)
def export(request: AuthedRequest, person_id: int) -> HttpResponse:
    """The whole journal for the person's right of access: printable HTML, or CSV."""
    person = get_person_for_user(request.user, person_id)
    record_access(actor=request.user, person=person, channel="export", path=request.get_full_path())
    entries = journal_for_export(person)
    if request.GET.get("format") == "csv":
        return _csv_export(person, entries)
    context = {"person": person, "entries": entries, "exported_at": timezone.now()}
    return render(request, "journal/export.html", context)


def _note_form(request: AuthedRequest, person: Person) -> JournalEntryForm | None:
    """An empty note form for users who write notes; ``?rett=<id>`` starts a correction."""
    if not request.user.has_perm("journal.add_journalentry"):
        return None
    form = JournalEntryForm(user=request.user, person=person)
    corrects = request.GET.get("rett", "")
    if corrects.isdigit():
        form.initial["corrects"] = JournalEntry.objects.filter(person=person, pk=corrects).first()
    return form


def _render_journal(
    request: AuthedRequest, person: Person, form: JournalEntryForm | None, *, saved: bool = False
) -> HttpResponse:
    filter_form = JournalFilterForm(request.GET)
    kind = filter_form.kind()
    page = Paginator(journal_of(person, kind=kind), PAGE_SIZE).get_page(request.GET.get("side"))
    context: dict[str, Any] = {
        "person": person,
        "page": page,
        "kind": kind,
        "filter_form": filter_form,
        "form": form,
        "correcting": _correcting(form),
        "reminder": REMINDER,
        "saved": saved,
        "can_export": request.user.has_perm("journal.export_journal"),
        "more_target": MORE_TARGET,
        "journal_url": reverse("journal:person_journal", args=[person.pk]),
    }
    if request.htmx:
        part = "entries" if request.htmx.target == MORE_TARGET else "journal"
        return render(request, f"journal/journal.html#{part}", context)
    return render(request, "journal/journal.html", context)


def _correcting(form: JournalEntryForm | None) -> JournalEntry | None:
    """The entry being corrected: asked for by ``?rett=``, or posted with the form."""
    if form is None:
        return None
    if form.is_bound:
        return getattr(form, "cleaned_data", {}).get("corrects")
    return form.initial.get("corrects")


def _add_errors(form: JournalEntryForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


CSV_COLUMNS = (
    "id",
    "tidspunkt",
    "registrert",
    "type",
    "tekst",
    "skrevet_av",
    "enhet",
    "retter_notat",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: str) -> str:
    """Text that a spreadsheet would read as a formula is prefixed with an apostrophe."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _csv_export(person: Person, entries: Any) -> HttpResponse:
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="journal-{person.pk}-{today:%Y-%m-%d}.csv"'
    )
    response.write("\ufeff")  # byte order mark: spreadsheets then read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow(
            [
                entry.pk,
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(entry.recorded_at).strftime("%Y-%m-%d %H:%M"),
                entry.get_kind_display(),
                _csv_cell(entry.text),
                _csv_cell(entry.author_name),
                entry.unit.name if entry.unit else "",
                entry.corrects_id or "",
            ]
        )
    return response
