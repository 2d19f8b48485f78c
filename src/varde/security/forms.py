"""Forms for the security register. Each maps onto one action's arguments; the actions do
the checking that matters (a form only turns text into values)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from varde.security.choices import (
    AffiliationSource,
    Confidence,
    ContrabandKind,
    DrugTestResult,
    FindPlace,
    GroupKind,
    IncidentKind,
    InvolvementRole,
    KeepApartScope,
    QuantityUnit,
    SampleKind,
    Substance,
)
from varde.security.models import CriminalGroup

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django_stubs_ext import StrOrPromise

    from varde.people.models import Person

INVOLVED_ROWS = 3
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]


def _day(label: StrOrPromise, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        initial=timezone.localdate if required else None,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå.")},
    )


def _moment(label: StrOrPromise) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "ds-input"}, format="%Y-%m-%dT%H:%M"
        ),
        error_messages={"invalid": _("Skriv tidspunktet som dd.mm.åååå tt:mm.")},
    )


def _select(label: StrOrPromise, choices: Any, *, required: bool = True) -> forms.ChoiceField:
    if not required:
        choices = [("", "–"), *choices]
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.Select(attrs={"class": "ds-select"}),
    )


def _text(label: StrOrPromise, *, required: bool = False, max_length: int = 300) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )


def _area(
    label: StrOrPromise, *, required: bool = True, help_text: StrOrPromise = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"class": "ds-input", "rows": 3}),
    )


def _person(
    label: StrOrPromise, persons: QuerySet[Person], *, required: bool
) -> forms.ModelChoiceField[Any]:
    return forms.ModelChoiceField(
        label=label,
        queryset=persons,
        required=required,
        widget=forms.Select(attrs={"class": "ds-select"}),
    )


def _reason() -> forms.CharField:
    return _area(
        _("Begrunnelse"),
        help_text=_("Hvorfor er opplysningen nødvendig? Skrives i revisjonsloggen."),
    )


class PeriodFilter(forms.Form):
    """The filters of a unit's register (query string: fra, til, type)."""

    fra = _day(_("Fra"), required=False)
    til = _day(_("Til og med"), required=False)

    def __init__(self, *args: Any, kinds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"] = _select(_("Type"), kinds, required=False)


class IncidentForm(forms.Form):
    kind = _select(_("Type hendelse"), IncidentKind.choices)
    occurred_at = _moment(_("Tidspunkt"))
    description = _area(
        _("Beskrivelse"), help_text=_("Bare det som er relevant og nødvendig for saken.")
    )
    injuries = forms.BooleanField(label=_("Personskade"), required=False)
    injury_note = _text(_("Om skaden"))
    follow_up = _area(_("Oppfølging"), required=False)

    def __init__(self, *args: Any, persons: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, INVOLVED_ROWS + 1):
            self.fields[f"person_{n}"] = _person(
                _("Involvert person %(n)s") % {"n": n}, persons, required=False
            )
            self.fields[f"role_{n}"] = _select(
                _("Rolle %(n)s") % {"n": n}, InvolvementRole.choices, required=False
            )

    def involved(self) -> list[tuple[Person, str]]:
        """The (person, role) pairs filled in; a person without a role is "involved"."""
        pairs = []
        for n in range(1, INVOLVED_ROWS + 1):
            person = self.cleaned_data.get(f"person_{n}")
            if person is not None:
                role = self.cleaned_data.get(f"role_{n}") or InvolvementRole.INVOLVED
                pairs.append((person, role))
        return pairs


class InvolvementForm(forms.Form):
    role = _select(_("Rolle"), InvolvementRole.choices)

    def __init__(self, *args: Any, persons: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = _person(_("Person"), persons, required=True)
        self.order_fields(["person", "role"])


class FollowUpForm(forms.Form):
    follow_up = _area(_("Oppfølging"), required=False)
    done = forms.BooleanField(label=_("Oppfølgingen er fullført"), required=False)


class FindForm(forms.Form):
    found_at = _moment(_("Funnet"))
    kind = _select(_("Hva ble funnet"), ContrabandKind.choices)
    place = _select(_("Funnsted"), FindPlace.choices)
    quantity = forms.DecimalField(
        label=_("Mengde"),
        required=False,
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"class": "ds-input", "step": "0.01"}),
    )
    quantity_unit = _select(_("Enhet for mengde"), QuantityUnit.choices, required=False)
    description = _text(_("Beskrivelse"))

    def __init__(self, *args: Any, persons: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = _person(_("Person (om kjent)"), persons, required=False)


class DrugTestForm(forms.Form):
    taken_at = _moment(_("Tidspunkt"))
    sample = _select(_("Type prøve"), SampleKind.choices)
    result = _select(_("Resultat"), DrugTestResult.choices)
    substances = forms.MultipleChoiceField(
        label=_("Positiv for"),
        choices=Substance.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-checkbox"}),
    )
    note = _text(_("Merknad"))

    def __init__(self, *args: Any, persons: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = _person(_("Person"), persons, required=True)
        self.order_fields(["person"])


class ResultForm(forms.Form):
    result = _select(
        _("Svar"),
        [
            (DrugTestResult.NEGATIVE, DrugTestResult.NEGATIVE.label),
            (DrugTestResult.POSITIVE, DrugTestResult.POSITIVE.label),
        ],
    )
    substances = forms.MultipleChoiceField(
        label=_("Positiv for"),
        choices=Substance.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-checkbox"}),
    )


class KeepApartForm(forms.Form):
    other = _text(
        _("Den andre personens fødselsnummer eller D-nummer"), required=True, max_length=11
    )
    scope = _select(_("Skal holdes adskilt på"), KeepApartScope.choices)
    reason = _reason()
    date_from = _day(_("Fra"))
    date_to = _day(_("Til og med"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "apart")
        super().__init__(*args, **kwargs)


class EndForm(forms.Form):
    """End a keep-apart relation or an affiliation: when, and why."""

    date_to = _day(_("Avsluttet"))
    reason = _reason()


class GroupForm(forms.Form):
    name = _text(_("Navn"), required=True, max_length=150)
    kind = _select(_("Type"), GroupKind.choices)
    description = _area(_("Beskrivelse"), required=False)
    reason = _reason()


class AffiliationForm(forms.Form):
    group: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Gruppe"),
        queryset=CriminalGroup.objects.filter(is_active=True),
        widget=forms.Select(attrs={"class": "ds-select"}),
    )
    date_from = _day(_("Fra"))
    date_to = _day(_("Til og med"), required=False)
    source = _select(_("Kilde"), AffiliationSource.choices)
    confidence = _select(_("Vurdert pålitelighet"), Confidence.choices)
    reason = _reason()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "affiliation")
        super().__init__(*args, **kwargs)
