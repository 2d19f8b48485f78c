"""Forms for admission, transfer, absences and release on the person page."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from varde.execution.choices import (
    TRANSFER_REASONS,
    AbsenceKind,
    ExecutionForm,
    LeaveType,
    ReleaseType,
    RestrictionKind,
    StayKind,
)
from varde.organisation.choices import PRISON_KINDS, SecurityLevel, UnitKind
from varde.organisation.models import Capacity, Region, Unit

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


# --- call-in (innkalling) and the queue -----------------------------------------------------


class CallInForm(StyledForm):
    """innkallingsforskriften §§ 2-3: where, at which level, in which form and from when."""

    prefix_name = "callin"
    unit = forms.ModelChoiceField(
        label=_("Enhet"),
        queryset=Unit.objects.none(),
        widget=forms.Select(attrs={"class": "ds-select"}),
        error_messages={"required": _("Velg enhet.")},
    )
    security_level = _select(_("Sikkerhetsnivå"), SecurityLevel.choices)
    form = _select(_("Gjennomføringsform"), ExecutionForm.choices)
    start_on = forms.DateField(
        label=_("Oppmøtedato"),
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå.")},
    )

    def __init__(self, *args: Any, earliest: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = {*PRISON_KINDS, UnitKind.PROBATION_OFFICE}
        self.fields["unit"].queryset = (  # type: ignore[attr-defined]
            Unit.objects.filter(is_active=True, kind__in=kinds).order_by("name")
        )
        start = self.fields["start_on"]
        start.widget.attrs["min"] = earliest.isoformat()
        start.help_text = _(
            "Tidligst %(date)s: minst tre uker etter innkallingen (innkallingsforskriften § 3)."
        ) % {"date": earliest.strftime("%d.%m.%Y")}
        if not self.is_bound:
            self.initial.setdefault("start_on", earliest)


class CancelCallInForm(StyledForm):
    prefix_name = "cancel"
    reason = forms.CharField(
        label=_("Begrunnelse"), max_length=300, widget=forms.TextInput(attrs={"class": "ds-input"})
    )


class QueueFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("Alle regioner"),
        widget=forms.Select(attrs={"class": "ds-select"}),
    )
    under_23 = forms.BooleanField(label=_("Bare under 23 år"), required=False)
    not_called_in = forms.BooleanField(label=_("Bare ikke innkalt"), required=False)


# --- remand (varetekt) -----------------------------------------------------------------------


def _date(label: StrOrPromise) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå.")},
    )


class BookRemandForm(StyledForm):
    prefix_name = "book"
    police_district = forms.CharField(
        label=_("Politidistrikt"),
        max_length=100,
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )
    requested_at = _datetime(_("Bestilt"), help_text=_("Tomt = nå"))
    note = _note()


class OfferRemandForm(PlacementFields):
    prefix_name = "offer"


class CancelRemandForm(StyledForm):
    prefix_name = "cancelremand"
    reason = forms.CharField(
        label=_("Begrunnelse"), max_length=300, widget=forms.TextInput(attrs={"class": "ds-input"})
    )


class RestrictionForm(StyledForm):
    prefix_name = "restriction"
    kind = _select(_("Restriksjon"), RestrictionKind.choices)
    ruling_reference = forms.CharField(
        label=_("Kjennelse"),
        max_length=100,
        help_text=_("Saksnummer og dato"),
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )
    valid_from = _date(_("Fra"))
    valid_until = _date(_("Til og med"))
    note = _note()


class RemandToExecutionForm(StyledForm):
    """The judgment the remand prisoner is to serve (fsg § 4-4 first para)."""

    prefix_name = "toexec"
    judgment: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Dom"),
        queryset=None,
        widget=forms.Select(attrs={"class": "ds-select"}),
        error_messages={"required": _("Velg dommen som skal gjennomføres.")},
    )
    at = _datetime(_("Tidspunkt"), help_text=_("Tomt = nå"))

    def __init__(self, *args: Any, person: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from varde.sentencing.choices import JudgmentStatus

        self.fields["judgment"].queryset = person.judgments.filter(  # type: ignore[attr-defined]
            status__in=[JudgmentStatus.RECEIVED, JudgmentStatus.QUEUED]
        )
