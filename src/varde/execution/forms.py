"""Forms for admission, transfer, absences and release on the person page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from varde.execution.choices import (
    TRANSFER_REASONS,
    AbsenceKind,
    LeaveType,
    ReleaseType,
    StayKind,
)
from varde.organisation.choices import SecurityLevel
from varde.organisation.models import Capacity, Unit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime(
    label: StrOrPromise, *, required: bool = False, help_text: StrOrPromise = ""
) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=[DATETIME_FORMAT, "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "ds-input"}, format=DATETIME_FORMAT
        ),
        error_messages={"invalid": _("Skriv tidspunktet som dd.mm.åååå tt:mm.")},
    )


def _select(label: StrOrPromise, choices: Any, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.Select(attrs={"class": "ds-select"}),
    )


def _note() -> forms.CharField:
    return forms.CharField(
        label=_("Merknad"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )


def units_with_places() -> Any:
    has_places = Capacity.objects.filter(unit_id=OuterRef("pk"))
    return Unit.objects.filter(Exists(has_places), is_active=True).select_related("region")


class StyledForm(forms.Form):
    prefix_name = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.prefix_name or None)
        super().__init__(*args, **kwargs)


class PlacementFields(StyledForm):
    unit = forms.ModelChoiceField(
        label=_("Enhet"),
        queryset=Unit.objects.none(),
        widget=forms.Select(attrs={"class": "ds-select"}),
        error_messages={"required": _("Velg enhet.")},
    )
    security_level = _select(_("Sikkerhetsnivå"), SecurityLevel.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_with_places()  # type: ignore[attr-defined]


class AdmitForm(PlacementFields):
    prefix_name = "admit"
    kind = _select(_("Type opphold"), StayKind.choices)
    judgment: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Dom"),
        queryset=None,
        required=False,
        widget=forms.Select(attrs={"class": "ds-select"}),
        help_text=_("Tom ved varetekt."),
    )
    at = _datetime(_("Tidspunkt"), help_text=_("Tomt = nå"))
    note = _note()

    def __init__(self, *args: Any, person: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["judgment"].queryset = person.judgments.all()  # type: ignore[attr-defined]


class RecallForm(PlacementFields):
    prefix_name = "recall"
    at = _datetime(_("Tidspunkt"), help_text=_("Tomt = nå"))
    note = _note()


class TransferForm(PlacementFields):
    prefix_name = "transfer"
    reason = _select(_("Årsak"), [(r.value, r.label) for r in TRANSFER_REASONS])
    at = _datetime(_("Tidspunkt"), help_text=_("Tomt = nå"))
    note = _note()


class AbsenceForm(StyledForm):
    prefix_name = "absence"
    kind = _select(_("Type fravær"), AbsenceKind.choices)
    leave_type = _select(_("Type permisjon"), [("", "–"), *LeaveType.choices], required=False)
    at = _datetime(_("Fra"), help_text=_("Tomt = nå"))
    expected_return = _datetime(_("Forventet retur"))
    exception_reason = forms.CharField(
        label=_("Grunnlag for unntak (fsg § 3-31)"),
        max_length=300,
        required=False,
        help_text=_("Påkrevd for permisjon før permisjonstiden."),
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )
    note = _note()


class ReturnForm(StyledForm):
    prefix_name = "return"
    at = _datetime(_("Tidspunkt"), help_text=_("Tomt = nå"))
    note = _note()


class ReleaseForm(StyledForm):
    prefix_name = "release"
    release_type = _select(_("Løslatelsestype"), ReleaseType.choices)
    at = _datetime(_("Tidspunkt"), help_text=_("Tomt = nå"))
    note = _note()
