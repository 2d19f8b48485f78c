"""Forms for community cases: open a case, log hours, register reporting and breaches, move
an ND programme between phases, register EK equipment and the EK schedule, close. Each maps
onto one action's arguments."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from varde.community import rules
from varde.community.choices import (
    BreachResponse,
    CaseKind,
    ContactKind,
    EkTechnology,
    EquipmentEventKind,
    NdPhase,
    SchedulePurpose,
    Weekday,
)
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


def _textarea(label: StrOrPromise, *, required: bool = False, help_text: StrOrPromise = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"class": "ds-input", "rows": 3}),
    )


class BreachForm(forms.Form):
    day = _day(_("Dato for bruddet"))
    response = _select(_("Reaksjon"), BreachResponse.choices)
    description = _textarea(
        _("Beskrivelse"),
        required=True,
        help_text=_("Bare det som er relevant og nødvendig for saken."),
    )
    conditions = _textarea(
        _("Nye vilkår"),
        help_text=_(
            "Ved nye vilkår: hvilke (oppholdssted, samkvemsforbud, rusforbud, meldeplikt)."
        ),
    )

    def __init__(self, *args: Any, kind: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "breach")
        super().__init__(*args, **kwargs)
        allowed = rules.breach_responses(kind) if kind else ()
        if allowed:  # only the responses the law gives this kind of case
            response: Any = self.fields["response"]
            response.choices = [(a, BreachResponse(a).label) for a in allowed]
        if BreachResponse.NEW_CONDITIONS not in allowed and kind:
            del self.fields["conditions"]


class NdPhaseForm(forms.Form):
    to_phase = _select(_("Ny fase"), NdPhase.choices)
    decided_on = _day(_("Rettens kjennelse avsagt"))
    court_reference = _text(_("Rettens saksnummer"), max_length=100)
    convicted_heard = forms.BooleanField(
        label=_("Domfelte har fått uttale seg (narkotikaprogramforskriften § 7 annet ledd)"),
        required=False,
    )
    reason = _textarea(
        _("Begrunnelse"), help_text=_("Påkrevd ved tilbakeføring til en tidligere fase.")
    )

    def __init__(self, *args: Any, current: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "phase")
        super().__init__(*args, **kwargs)
        following = rules.next_nd_phase(current) if current else None
        earlier = rules.ND_PHASES[: rules.ND_PHASES.index(NdPhase(current))] if current else ()
        offered = [p for p in (following, *earlier) if p]
        if offered:  # the next phase first, then the earlier ones (a step back)
            to_phase: Any = self.fields["to_phase"]
            to_phase.choices = [(p, NdPhase(p).label) for p in offered]


class EquipmentForm(forms.Form):
    kind = _select(_("Hendelse"), EquipmentEventKind.choices)
    technology = _select(_("Teknologi"), EkTechnology.choices)
    device_id = _text(
        _("Serienummer / enhets-ID"),
        max_length=60,
    )
    at = forms.DateTimeField(
        label=_("Tidspunkt"),
        initial=lambda: timezone.localtime().replace(second=0, microsecond=0),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "ds-input"}, format="%Y-%m-%dT%H:%M"
        ),
        error_messages={"invalid": _("Skriv tidspunktet som dd.mm.åååå tt:mm.")},
    )
    note = _text(_("Merknad"))
    person_informed = forms.BooleanField(
        label=_("Domfelte er informert om teknologien, opplysningene og følgene av brudd"),
        required=False,
        help_text=_("Kreves ved montering (fsg § 7-5 åttende ledd)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "equipment")
        super().__init__(*args, **kwargs)
        self.fields["device_id"].help_text = _(
            "Ved montering og bytte: den nye enheten. Ellers: tomt for den som er montert."
        )


class ClockField(forms.CharField):
    """A time of day as ``tt:mm``, 00:00 to 24:00, cleaned to minutes after midnight."""

    def __init__(self, **kwargs: Any) -> None:
        attrs = {"class": "ds-input", "inputmode": "numeric", "placeholder": "tt:mm"}
        super().__init__(max_length=5, widget=forms.TextInput(attrs=attrs), **kwargs)

    def clean(self, value: Any) -> int:
        minutes = rules.parse_clock(str(super().clean(value)))
        if minutes is None:
            raise forms.ValidationError(_("Skriv klokkeslettet som tt:mm, for eksempel 07:30."))
        return minutes


class ScheduleForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Ukedag"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.Select(attrs={"class": "ds-select"}),
    )
    start_time = ClockField(label=_("Fra"))
    end_time = ClockField(label=_("Til"), help_text=_("Til midnatt: 24:00."))
    purpose = _select(_("Formål"), SchedulePurpose.choices)
    note = _text(_("Sted / merknad"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "schedule")
        super().__init__(*args, **kwargs)


CLOSE_OUTCOMES = [
    ("completed", _("Gjennomført")),
    ("converted", _("Omgjort av retten (strl § 52)")),
    ("returned", _("Tilbakeført til fengsel (strgjfl § 14 syvende ledd)")),
]


class CloseForm(forms.Form):
    day = _day(_("Avsluttet"))
    outcome = _select(_("Utfall"), CLOSE_OUTCOMES)
    note = _text(_("Merknad"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "close")
        super().__init__(*args, **kwargs)
