"""Forms for the journal: writing a note and filtering the list. Messages in Norwegian."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from varde.journal.models import EntryKind, JournalEntry
from varde.journal.rules import note_kinds_for_role
from varde.organisation.models import User
from varde.people.models import Person

REMINDER = _("Skriv bare det som er relevant og nødvendig for straffegjennomføringen.")


class JournalEntryForm(forms.Form):
    """A note by a member of staff: only the kinds the user's role may write."""

    kind = forms.ChoiceField(
        label=_("Type notat"),
        error_messages={
            "required": _("Velg hva slags notat dette er."),
            "invalid_choice": _("Velg en type notat fra listen."),
        },
    )
    text = forms.CharField(
        label=_("Notat"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=REMINDER,
        error_messages={
            "required": _("Journalnotatet kan ikke være tomt."),
            "max_length": _("Notatet er for langt (høyst %(limit_value)d tegn)."),
        },
    )
    at = forms.DateTimeField(
        label=_("Når skjedde det?"),
        required=False,
        help_text=_("La stå tomt for nå. Registreringstidspunktet lagres alltid."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
        error_messages={"invalid": _("Skriv tidspunktet som dd.mm.åååå tt:mm.")},
    )
    corrects = forms.ModelChoiceField(
        queryset=JournalEntry.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Fant ikke notatet som skal rettes.")},
    )

    def __init__(self, *args: Any, user: User, person: Person, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "journal-%s")  # ids unique on the person page
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        kind.choices = [(k.value, k.label) for k in note_kinds_for_role(user.role)]  # type: ignore[attr-defined]
        self.fields["corrects"].queryset = JournalEntry.objects.filter(person=person)  # type: ignore[attr-defined]


class JournalFilterForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Vis"),
        required=False,
        choices=[("", _("Alle typer")), *EntryKind.choices],
    )

    def kind(self) -> str:
        """The chosen kind, or "" for all (an unknown kind shows all)."""
        return self.cleaned_data["type"] if self.is_valid() else ""
