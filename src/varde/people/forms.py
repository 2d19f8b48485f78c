"""Forms for persons: search, registration and editing. Messages in Norwegian."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from varde.organisation.choices import Scope
from varde.organisation.models import Unit, User
from varde.organisation.queries import units_assignable_by
from varde.people.choices import Relation
from varde.people.models import Person, Relative

_DATE_PATTERNS = (
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{2})(\d{2})(\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), ("y", "m", "d")),
)


def parse_birth_date(text: str) -> date | None:
    """A date written as 31.12.1990, 31121990 or 1990-12-31; None if it is not one."""
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text.strip())
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                return None
    return None


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Søk etter person"),
        max_length=200,
        required=False,
        help_text=_("Fødselsnummer, navn eller fødselsdato (dd.mm.åååå)"),
    )


class PersonForm(forms.ModelForm):
    birth_date = forms.DateField(
        label=_("Fødselsdato"),
        required=False,
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        help_text=_("dd.mm.åååå — fylles ut automatisk fra fødselsnummeret"),
        widget=forms.DateInput(format="%d.%m.%Y"),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå, f.eks. 31.12.1990.")},
    )

    class Meta:
        model = Person
        fields = [
            "national_id",
            "first_name",
            "middle_name",
            "last_name",
            "birth_date",
            "sex",
            "citizenship",
            "language",
            "needs_interpreter",
            "street_address",
            "postal_code",
            "city",
            "country",
            "phone",
            "email",
        ]
        error_messages = {
            "first_name": {"required": _("Fornavn må fylles ut.")},
            "last_name": {"required": _("Etternavn må fylles ut.")},
            "email": {"invalid": _("Skriv en gyldig e-postadresse.")},
        }

    def clean_national_id(self) -> str | None:
        value = (self.cleaned_data.get("national_id") or "").replace(" ", "")
        return value or None

    def validate_unique(self) -> None:
        """Uniqueness is checked by the action (with a clearer message for duplicates)."""


class PersonRegistrationForm(PersonForm):
    """Registration also names the unit that takes responsibility for the person."""

    responsible_unit = forms.ModelChoiceField(
        label=_("Ansvarlig enhet"),
        queryset=Unit.objects.none(),
        help_text=_("Enheten som følger opp personen fra i dag."),
        error_messages={
            "required": _("Velg enheten som skal ha ansvar for personen."),
            "invalid_choice": _("Velg en enhet fra listen."),
        },
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsible_unit"]
        field.queryset = units_assignable_by(user)  # type: ignore[attr-defined]
        # Unit scope defaults to the own unit (in the action); region scope must choose.
        field.required = user.scope == Scope.REGION
        if user.unit_id:
            field.initial = user.unit_id


class PersonChangeForm(PersonForm):
    reason = forms.CharField(
        label=_("Begrunnelse for endringen"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv en begrunnelse for endringen.")},
    )


class AliasForm(forms.Form):
    name = forms.CharField(
        label=_("Annet navn"),
        max_length=200,
        error_messages={"required": _("Skriv navnet.")},
    )


class RelativeForm(forms.ModelForm):
    birth_date = forms.DateField(
        label=_("Fødselsdato"),
        required=False,
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        help_text=_("dd.mm.åååå"),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå, f.eks. 31.12.2015.")},
    )

    class Meta:
        model = Relative
        fields = ["relation", "name", "birth_date", "phone", "lives_with_person", "note"]
        error_messages = {"name": {"required": _("Skriv navnet.")}}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("relation") == Relation.CHILD and not data.get("birth_date"):
            self.add_error(
                "birth_date",
                _("Fødselsdato må fylles ut for barn (for å vurdere barnets beste)."),
            )
        return data


class RemovalForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse"),
        max_length=500,
        error_messages={"required": _("Skriv hvorfor dette fjernes.")},
    )
