"""Forms for judgments: register, override a key date, combine. Messages in Norwegian."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from varde.sentencing.choices import KeyDateField, Reaction
from varde.sentencing.models import Judgment

DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
DATE_ERROR = _("Skriv datoen som dd.mm.åååå, f.eks. 31.12.2025.")


def _date(label: Any, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text or _("dd.mm.åååå"),
        widget=forms.DateInput(format="%d.%m.%Y"),
        error_messages={"invalid": DATE_ERROR, "required": _("Fyll ut datoen.")},
    )


def _count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        error_messages={
            "invalid": _("Skriv et helt tall."),
            "min_value": _("Tallet kan ikke være negativt."),
        },
    )


class JudgmentForm(forms.Form):
    """Register a received judgment. Fields that do not apply to the reaction stay empty."""

    court = forms.CharField(
        label=_("Domstol"),
        max_length=150,
        error_messages={"required": _("Skriv hvilken domstol som avsa dommen.")},
    )
    case_number = forms.CharField(
        label=_("Saksnummer"), max_length=60, error_messages={"required": _("Skriv saksnummeret.")}
    )
    judgment_date = _date(_("Domsdato"))
    final_date = _date(_("Rettskraftig"), required=False)
    received_on = _date(_("Mottatt"))
    reaction = forms.ChoiceField(
        label=_("Reaksjon"),
        choices=Reaction.choices,
        error_messages={"required": _("Velg reaksjonen dommen gjelder.")},
    )
    main_offence = forms.CharField(
        label=_("Hovedlovbrudd"),
        max_length=30,
        help_text=_("Lov og paragraf, f.eks. strl-321"),
        error_messages={"required": _("Skriv hovedlovbruddet, f.eks. strl-321.")},
    )
    other_offences = forms.CharField(
        label=_("Andre lovbrudd"),
        required=False,
        max_length=300,
        help_text=_("Skilt med komma, f.eks. strl-271, strl-351"),
    )
    term_years = _count(_("Straff/subsidiær straff: år"))
    term_months = _count(_("Straff/subsidiær straff: måneder"))
    term_days = _count(_("Straff/subsidiær straff: dager"))
    credited_days = _count(_("Varetektsfradrag (dager)"))
    frame_years = _count(_("Forvaring, tidsramme: år"))
    frame_months = _count(_("Forvaring, tidsramme: måneder"))
    minimum_years = _count(_("Forvaring, minstetid: år"))
    minimum_months = _count(_("Forvaring, minstetid: måneder"))
    hours = _count(_("Timer (samfunnsstraff, bøtetjeneste)"))
    execution_months = _count(_("Gjennomføringstid: måneder"))
    execution_days = _count(_("Gjennomføringstid: dager"))
    probation_years = _count(_("Prøvetid (år)"))
    combined_with = forms.ModelChoiceField(
        label=_("Gjennomføres sammen med"),
        queryset=Judgment.objects.none(),
        required=False,
        help_text=_("Flere fengselsstraffer sones i sammenheng (fsg § 3-2)"),
        error_messages={"invalid_choice": _("Velg en dom fra listen.")},
    )

    def __init__(self, *args: Any, combinable: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["combined_with"]
        if combinable is None:
            del self.fields["combined_with"]
        else:
            field.queryset = combinable  # type: ignore[attr-defined]

    def clean_other_offences(self) -> list[str]:
        text = self.cleaned_data.get("other_offences") or ""
        return [code.strip() for code in text.replace(";", ",").split(",") if code.strip()]

    def action_fields(self) -> dict[str, Any]:
        """The cleaned data as ``do_register_judgment`` takes it (empty counts are 0)."""
        data = dict(self.cleaned_data)
        for name, field in self.fields.items():
            if isinstance(field, forms.IntegerField) and name != "hours" and data[name] is None:
                data[name] = 0
        return data


class OverrideForm(forms.Form):
    field = forms.ChoiceField(
        label=_("Dato som overstyres"),
        choices=KeyDateField.choices,
        error_messages={"required": _("Velg hvilken dato som skal overstyres.")},
    )
    date = _date(_("Ny dato"))
    reason = forms.CharField(
        label=_("Begrunnelse"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv hvorfor datoen overstyres.")},
    )

    def __init__(self, *args: Any, fields: list[tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if fields is not None:
            self.fields["field"].choices = fields  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse"),
        max_length=1000,
        error_messages={"required": _("Skriv en begrunnelse.")},
    )


class CombineForm(forms.Form):
    principal = forms.ModelChoiceField(
        label=_("Gjennomføres sammen med"),
        queryset=Judgment.objects.none(),
        error_messages={
            "required": _("Velg dommen den skal gjennomføres sammen med."),
            "invalid_choice": _("Velg en dom fra listen."),
        },
    )
    reason = forms.CharField(label=_("Begrunnelse"), max_length=1000, required=False)

    def __init__(self, *args: Any, combinable: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["principal"].queryset = combinable  # type: ignore[attr-defined]
