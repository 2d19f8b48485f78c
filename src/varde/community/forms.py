"""Forms for community cases: open a case, log hours, register reporting and breaches,
close. Each maps onto one action's arguments."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from varde.community.choices import BreachResponse, CaseKind, ContactKind
from varde.organisation.choices import UnitKind
from varde.organisation.queries import units_assignable_by
from varde.sentencing.choices import OPEN_STATUSES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from varde.organisation.models import User
    from varde.people.models import Person


def _day(label: StrOrPromise, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        initial=timezone.localdate,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå.")},
    )


def _select(label: StrOrPromise, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.Select(attrs={"class": "ds-select"})
    )


def _text(label: StrOrPromise, *, required: bool = False, max_length: int = 300) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )


class OpenCaseForm(forms.Form):
    judgment: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Dom"), queryset=None, widget=forms.Select(attrs={"class": "ds-select"})
    )
    office: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Friomsorgskontor"),
        queryset=None,
        widget=forms.Select(attrs={"class": "ds-select"}),
    )
    kind = _select(_("Type gjennomføring"), CaseKind.choices)
    start = _day(_("Oppstart"))
    reporting_every_days = forms.IntegerField(
        label=_("Oppmøte minst hver (dager)"),
        required=False,
        min_value=1,
        max_value=90,
        help_text=_("Tomt: lovens krav (EK og § 16: hver uke; RK: hver 14. dag)."),
        widget=forms.NumberInput(attrs={"class": "ds-input"}),
    )

    def __init__(self, *args: Any, person: Person, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "open")
        super().__init__(*args, **kwargs)
        from varde.sentencing.queries import judgments_of

        judgment_field: Any = self.fields["judgment"]
        judgment_field.queryset = judgments_of(person).filter(status__in=OPEN_STATUSES)
        office_field: Any = self.fields["office"]
        office_field.queryset = units_assignable_by(user).filter(kind=UnitKind.PROBATION_OFFICE)
        if user.unit is not None and user.unit.kind == UnitKind.PROBATION_OFFICE:
            office_field.initial = user.unit_id


class HoursForm(forms.Form):
    day = _day(_("Dato"))
    hours = forms.DecimalField(
        label=_("Timer"),
        min_value=0.5,
        max_value=24,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"class": "ds-input", "step": "0.5"}),
    )
    activity = _text(_("Aktivitet"), required=True, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "hours")
        super().__init__(*args, **kwargs)


class ReportingForm(forms.Form):
    day = _day(_("Dato"))
    kind = _select(_("Type kontakt"), ContactKind.choices)
    attended = forms.BooleanField(label=_("Møtt"), required=False, initial=True)
    note = _text(_("Merknad"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "reporting")
        super().__init__(*args, **kwargs)


class BreachForm(forms.Form):
    day = _day(_("Dato for bruddet"))
    response = _select(_("Reaksjon"), BreachResponse.choices)
    description = forms.CharField(
        label=_("Beskrivelse"),
        widget=forms.Textarea(attrs={"class": "ds-input", "rows": 3}),
        help_text=_("Bare det som er relevant og nødvendig for saken."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "breach")
        super().__init__(*args, **kwargs)


class CloseForm(forms.Form):
    day = _day(_("Avsluttet"))
    converted = forms.BooleanField(
        label=_("Omgjort av retten (strl § 52)"), required=False, initial=False
    )
    note = _text(_("Merknad"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "close")
        super().__init__(*args, **kwargs)
