"""Forms of the daily regime. Each maps onto one action's arguments; the attendance grid is
read by ``grid_entries`` (one set of inputs per row, named by the stay)."""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING, Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from varde.regime.actions import AttendanceEntry, PeriodInput
from varde.regime.choices import (
    CAP_LEVELS,
    UNLOCK_LEVELS,
    ActivityKind,
    DayType,
    DepartmentDeviationKind,
    InmateDeviationKind,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from varde.execution.models import Placement
    from varde.organisation.models import Unit

WEEKDAYS = [
    ("1", _("mandag")),
    ("2", _("tirsdag")),
    ("3", _("onsdag")),
    ("4", _("torsdag")),
    ("5", _("fredag")),
    ("6", _("lørdag")),
    ("7", _("søndag")),
]
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _day(label: StrOrPromise, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        initial=timezone.localdate if required else None,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå.")},
    )


def _time(label: StrOrPromise, *, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        input_formats=["%H:%M", "%H.%M"],
        widget=forms.TimeInput(attrs={"type": "time", "class": "ds-input"}, format="%H:%M"),
        error_messages={"invalid": _("Skriv klokkeslettet som tt:mm.")},
    )


def _datetime(label: StrOrPromise, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
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


def _text(label: StrOrPromise, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=300,
        required=required,
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )


def _levels(levels: Any) -> list[tuple[str, Any]]:
    return [(level.value, level.label) for level in levels]


class _UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _unit_field(label: StrOrPromise) -> _UnitChoice:
    from varde.organisation.models import Unit

    return _UnitChoice(
        label=label,
        queryset=Unit.objects.none(),
        widget=forms.Select(attrs={"class": "ds-select"}),
        error_messages={"required": _("Velg enhet eller avdeling.")},
    )


class OfferForm(forms.Form):
    unit = _unit_field(_("Hele enheten eller avdeling"))
    kind = _select(_("Type aktivitet"), ActivityKind.choices)
    name = _text(_("Navn"), required=True)
    capacity = forms.IntegerField(
        label=_("Plasser"),
        min_value=1,
        max_value=500,
        widget=forms.NumberInput(attrs={"class": "ds-input"}),
    )
    weekdays = forms.MultipleChoiceField(
        label=_("Ukedager"),
        choices=WEEKDAYS,
        initial=["1", "2", "3", "4", "5"],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-input"}),
        error_messages={"required": _("Velg minst én ukedag.")},
    )
    starts_at = _time(_("Fra klokken"))
    ends_at = _time(_("Til klokken"))
    valid_from = _day(_("Fra dato"))

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units[0].__class__.objects.filter(pk__in=[u.pk for u in units])
        field.initial = units[0].pk
        self.initial.setdefault("starts_at", time(8, 30))
        self.initial.setdefault("ends_at", time(14, 30))

    def action_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["weekdays"] = "".join(data["weekdays"])
        return data


class EnrolForm(forms.Form):
    stay = forms.TypedChoiceField(
        label=_("Innsatt"),
        coerce=int,
        widget=forms.Select(attrs={"class": "ds-select"}),
        error_messages={"required": _("Velg den innsatte.")},
    )
    date_from = _day(_("Fra dato"))

    def __init__(self, *args: Any, placements: list[Placement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["stay"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "–")] + [
            (p.stay_id, f"{p.stay.person.full_name} ({p.unit.name})") for p in placements
        ]


class EndForm(forms.Form):
    day = _day(_("Siste dag"))


class ScheduleForm(forms.Form):
    valid_from = _day(_("Gjelder fra"))
    note = _text(_("Merknad"))


class PeriodForm(forms.Form):
    day_type = _select(_("Dagtype"), DayType.choices)
    starts_at = _time(_("Fra"))
    ends_at = _time(_("Til"))
    level = _select(_("Sammen med"), _levels(UNLOCK_LEVELS))


PeriodFormSet = forms.formset_factory(PeriodForm, extra=4, max_num=24, can_delete=True)


def period_inputs(formset: Any) -> list[PeriodInput]:
    """The filled rows of a valid period formset (blank and deleted rows left out)."""
    return [
        PeriodInput(**{k: v for k, v in form.cleaned_data.items() if k != "DELETE"})
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class DepartmentDeviationForm(forms.Form):
    unit = _unit_field(_("Avdeling"))
    kind = _select(_("Årsak"), DepartmentDeviationKind.choices)
    date_from = _day(_("Fra dato"))
    date_to = _day(_("Til og med dato"))
    starts_at = _time(_("Fra klokken"))
    ends_at = _time(_("Til klokken"))
    level = _select(_("Kontakt høyst"), _levels(CAP_LEVELS))
    note = _text(_("Merknad"))

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units[0].__class__.objects.filter(pk__in=[u.pk for u in units])


class CancelForm(forms.Form):
    reason = _text(_("Begrunnelse"), required=True)


class InmateDeviationForm(forms.Form):
    stay = forms.TypedChoiceField(
        label=_("Innsatt"),
        coerce=int,
        widget=forms.Select(attrs={"class": "ds-select"}),
        error_messages={"required": _("Velg den innsatte.")},
    )
    kind = _select(_("Årsak"), InmateDeviationKind.choices)
    level = _select(
        _("Kontakt høyst"),
        [("", _("Standard for årsaken")), *_levels(CAP_LEVELS)],
        required=False,
    )
    from_at = _datetime(_("Fra"))
    to_at = _datetime(_("Til (tomt = til det avsluttes)"), required=False)
    window_start = _time(_("Tidsrom med mer kontakt: fra"), required=False)
    window_end = _time(_("til"), required=False)
    window_level = _select(_("sammen med"), [("", "–"), *_levels(CAP_LEVELS)], required=False)
    note = _text(_("Merknad"))

    def __init__(self, *args: Any, placements: list[Placement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["stay"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "–")] + [(p.stay_id, p.stay.person.full_name) for p in placements]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        window = [data.get("window_start"), data.get("window_end"), data.get("window_level")]
        if any(window) and not all(window):
            raise forms.ValidationError(
                _(
                    "Fyll ut fra, til og hvem den innsatte er sammen med i tidsrommet, eller la "
                    "alle tre stå tomme."
                )
            )
        return data

    def action_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        start, end, level = (
            data.pop("window_start"),
            data.pop("window_end"),
            data.pop("window_level"),
        )
        data.pop("stay")
        data["windows"] = [(start, end, level)] if start else []
        data["level"] = data["level"] or None
        return data


class EndDeviationForm(forms.Form):
    to_at = _datetime(_("Avsluttet"))


def grid_entries(data: QueryDict) -> list[AttendanceEntry]:
    """The rows of a submitted grid: ``stay`` lists the stays shown; ``status-<stay>``,
    ``reason-<stay>`` and ``offer-<stay>`` hold each row's inputs. Text that is not a
    number is read as no offer (the action then says what is missing)."""
    entries = []
    for raw in data.getlist("stay"):
        if not raw.isdigit():
            continue
        offer = data.get(f"offer-{raw}", "")
        entries.append(
            AttendanceEntry(
                stay_id=int(raw),
                status=data.get(f"status-{raw}", ""),
                reason=data.get(f"reason-{raw}", ""),
                offer_id=int(offer) if offer.isdigit() else None,
            )
        )
    return entries
