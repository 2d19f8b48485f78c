"""Forms for decisions (exclusion, coercive measure) and what follows them (notices,
reviews, supervision, contact, ending), and for deviations. Each maps onto one action.

``DecisionForm`` holds what every decision screen asks for — legal basis, written reasons,
who authorised it, the child's best interest, who was told — so the two decision forms only
add their own fields. The actions enforce the law (``decisions.prepare_decision``); the form
shows the choices the rule set in force allows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from varde.organisation.choices import PERSON_EDIT_ROLES, PRISON_KINDS
from varde.organisation.models import User
from varde.organisation.queries import units_assignable_by
from varde.safeguards import rules
from varde.safeguards.choices import (
    ContactKind,
    ExclusionGround,
    Extent,
    MeasureBasis,
    MeasureKind,
    Recipient,
    ReviewLevel,
    ReviewOutcome,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from varde.organisation.models import Unit

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _now() -> Any:
    return timezone.localtime().replace(second=0, microsecond=0)


def _datetime(label: StrOrPromise) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        initial=_now,
        input_formats=[DATETIME_FORMAT, "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "ds-input"}, format=DATETIME_FORMAT
        ),
        error_messages={"invalid": _("Skriv tidspunktet som dd.mm.åååå tt:mm.")},
    )


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


def _long(
    label: StrOrPromise, *, required: bool = False, help_text: StrOrPromise = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"class": "ds-textarea", "rows": 4}),
    )


def _minutes(label: StrOrPromise, *, minimum: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=minimum,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"class": "ds-input"}),
    )


class DecisionForm(forms.Form):
    """The fields every decision carries. Subclasses set ``legal_basis``'s choices."""

    unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Enhet"), queryset=None, widget=forms.Select(attrs={"class": "ds-select"})
    )
    start_at = _datetime(_("Vedtak og start"))
    legal_basis = _select(_("Hjemmel"), [])
    reasons = _long(
        _("Begrunnelse"),
        required=True,
        help_text=_(
            "Hva gjør tiltaket nødvendig, og hvorfor er mindre inngripende tiltak ikke nok?"
        ),
    )
    authorised_by = _text(_("Besluttet av (navn og stilling)"), required=True, max_length=150)
    best_interest = _long(
        _("Vurdering av barnets beste"),
        help_text=_("Påkrevd når personen er under 18 år på vedtaksdagen."),
    )
    told = forms.MultipleChoiceField(
        label=_("Underrettet nå"),
        required=False,
        choices=Recipient.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-checkbox"}),
    )

    def __init__(
        self, *args: Any, user: User, minor: bool, default_unit: Unit | None = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        if not minor:  # a guardian is told only of a minor's decisions
            told: Any = self.fields["told"]
            told.choices = [c for c in Recipient.choices if c[0] != Recipient.GUARDIAN]
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = units_assignable_by(user).filter(kind__in=PRISON_KINDS)
        if default_unit is not None:
            unit_field.initial = default_unit.pk
        elif user.unit_id:
            unit_field.initial = user.unit_id


class ExclusionForm(DecisionForm):
    extent = _select(_("Omfang"), Extent.choices)
    planned_review_on = _day(_("Planlagt ny vurdering"), required=False)
    field_order = ["unit", "extent", "legal_basis", "start_at", "planned_review_on"]

    def __init__(self, *args: Any, rule_set: rules.CurrentRules, minor: bool, **kw: Any) -> None:
        super().__init__(*args, minor=minor, **kw)
        basis: Any = self.fields["legal_basis"]
        basis.label = _("Grunnlag")
        basis.choices = [
            (code, ExclusionGround(code).label) for code in rule_set.exclusion_grounds(minor)
        ]
        self.fields["planned_review_on"].initial = None


class MeasureForm(DecisionForm):
    kind = _select(_("Tvangsmiddel"), MeasureKind.choices)
    doctor_statement_sought = forms.BooleanField(
        label=_("Uttalelse fra lege er innhentet"), required=False
    )
    doctor_statement = _long(_("Legens uttalelse"))
    doctor_not_sought_reason = _text(_("Hvis ikke: hvorfor var det ikke mulig?"))
    field_order = ["unit", "kind", "legal_basis", "start_at"]

    def __init__(self, *args: Any, rule_set: rules.CurrentRules, minor: bool, **kw: Any) -> None:
        super().__init__(*args, minor=minor, **kw)
        allowed: set[str] = set()
        for kind in MeasureKind.values:
            allowed |= set(rule_set.measure_bases(kind, minor))
        basis: Any = self.fields["legal_basis"]
        basis.label = _("Formål (hjemmel)")
        basis.choices = [(c, label) for c, label in MeasureBasis.choices if c in allowed]


class NoticeForm(forms.Form):
    recipient = _select(_("Underrettet"), Recipient.choices)
    at = _datetime(_("Tidspunkt"))
    note = _text(_("Merknad"))


class ReviewForm(forms.Form):
    level = _select(_("Nivå"), ReviewLevel.choices)
    outcome = _select(_("Utfall"), ReviewOutcome.choices)
    at = _datetime(_("Tidspunkt"))
    reasons = _long(_("Begrunnelse"), required=True)
    best_interest = _long(
        _("Vurdering av barnets beste"), help_text=_("Påkrevd når personen er under 18 år.")
    )


class EndForm(forms.Form):
    end_at = _datetime(_("Avsluttet"))
    note = _text(_("Merknad"))


class SupervisionForm(forms.Form):
    at = _datetime(_("Tidspunkt"))
    text = _text(_("Observasjon"), required=True, max_length=500)


class ContactPlanForm(forms.Form):
    day = _day(_("Dag"))
    kind = _select(_("Tiltak"), ContactKind.choices)
    planned_minutes = _minutes(_("Planlagte minutter"), minimum=1)
    note = _text(_("Merknad"))


class ContactResultForm(forms.Form):
    offered = forms.BooleanField(label=_("Tilbudt"), required=False)
    accepted = forms.BooleanField(label=_("Takket ja"), required=False)
    done_minutes = _minutes(_("Gjennomførte minutter"), minimum=0)


def _staff_at(units: Any) -> Any:
    return User.objects.filter(is_active=True, role__in=PERSON_EDIT_ROLES, unit__in=units).order_by(
        "last_name", "first_name"
    )


class DeviationForm(forms.Form):
    unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Enhet"), queryset=None, widget=forms.Select(attrs={"class": "ds-select"})
    )
    title = _text(_("Hva gjelder avviket?"), required=True, max_length=200)
    description = _long(_("Beskrivelse"))
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Ansvarlig"),
        queryset=None,
        required=False,
        widget=forms.Select(attrs={"class": "ds-select"}),
    )
    due_on = _day(_("Frist"))

    def __init__(self, *args: Any, user: User, **kw: Any) -> None:
        super().__init__(*args, **kw)
        units = units_assignable_by(user)
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = units
        unit_field.initial = user.unit_id
        owner_field: Any = self.fields["owner"]
        owner_field.queryset = _staff_at(units)
        self.fields["due_on"].initial = rules.deviation_due(timezone.localdate())


class AssignForm(forms.Form):
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Ansvarlig"),
        queryset=None,
        required=False,
        widget=forms.Select(attrs={"class": "ds-select"}),
    )
    due_on = _day(_("Frist"))

    def __init__(self, *args: Any, unit: Unit, **kw: Any) -> None:
        super().__init__(*args, **kw)
        owner_field: Any = self.fields["owner"]
        owner_field.queryset = _staff_at([unit, *([unit.parent] if unit.parent_id else [])])


class CloseDeviationForm(forms.Form):
    note = _long(_("Hva er gjort?"), required=True)
