"""Forms for applications, decisions, appeals, the deadline table and victim notification.
Each maps onto one action's arguments; the action checks the law."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from varde.decisions import rules
from varde.decisions.choices import (
    AppealOutcome,
    ApplicationKind,
    Channel,
    NoticeEvent,
    Outcome,
    VictimRelation,
)
from varde.organisation.choices import PRISON_KINDS
from varde.organisation.models import Unit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from varde.decisions.models import Application
    from varde.people.models import Person

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _day(label: StrOrPromise, *, required: bool = True, initial: Any = None) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        initial=initial,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå.")},
    )


def _moment(label: StrOrPromise, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        initial=lambda: timezone.localtime().replace(second=0, microsecond=0),
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


def _text(
    label: StrOrPromise,
    *,
    required: bool = False,
    max_length: int = 300,
    help_text: StrOrPromise = "",
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )


def _long(
    label: StrOrPromise, *, required: bool = False, help_text: StrOrPromise = ""
) -> forms.CharField:
    """Free text; the action says what is missing (so the law's message reaches the user)."""
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"class": "ds-textarea", "rows": 4}),
    )


def _check(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.BooleanField:
    return forms.BooleanField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.CheckboxInput(attrs={"class": "ds-input"}),
    )


class ApplicationForm(forms.Form):
    kind = _select(_("Det søkes om"), ApplicationKind.choices)
    received_on = _day(_("Mottatt"), initial=timezone.localdate)
    text = _long(_("Søknaden"), help_text=_("Hva søkeren ber om, og søkerens begrunnelse."))
    requested_from = _day(_("Ønsket fra"), required=False)
    requested_to = _day(_("Ønsket til"), required=False)
    target_unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Ønsket enhet (overføring)"),
        queryset=Unit.objects.filter(is_active=True, kind__in=PRISON_KINDS).select_related(
            "region"
        ),
        required=False,
        widget=forms.Select(attrs={"class": "ds-select"}),
    )
    concerns_child = _check(_("Saken gjelder et barn"), _("For eksempel besøk av eget barn."))
    dispensation = _check(
        _("Søker om dispensasjon"),
        _("Ut over 12 måneder i institusjon, frigang ut over 1 (2) år, avbrudd ut over 8 uker."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "soknad")
        super().__init__(*args, **kwargs)


class ForwardForm(forms.Form):
    recommendation = _long(
        _("Innstilling"), help_text=_("Hva enheten anbefaler, med de opplysningene saken har.")
    )


class NotifyForm(forms.Form):
    notified_at = _moment(_("Underrettet (kom fram til søkeren)"))
    channel = _select(_("Hvordan"), Channel.choices)
    notified_to = _text(_("Hvem"), required=True, help_text=_("Søkeren, vergen, advokaten ..."))
    guardian_informed = _check(_("Vergen er informert"), _("Påkrevd når søkeren er under 18 år."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "underretning")
        super().__init__(*args, **kwargs)
        self.fields["notified_to"].initial = _("Søkeren")


class DecisionForm(forms.Form):
    outcome = _select(_("Utfall"), Outcome.choices)
    legal_basis = _select(_("Hjemmel"), [])
    reasons = _long(
        _("Begrunnelse"),
        help_text=_(
            "Reglene og de faktiske forholdene vedtaket bygger på, og hensynene som var avgjørende."
        ),
    )
    child_interest = _long(
        _("Vurdering av barnets beste"),
        help_text=_(
            "Påkrevd når søkeren har barn under 18 år, er under 18 eller saken gjelder et barn."
        ),
    )
    notify_now = _check(_("Søkeren er underrettet nå"))
    notified_at = _moment(_("Underrettet"), required=False)
    channel = _select(_("Hvordan"), [("", "–"), *Channel.choices], required=False)
    notified_to = _text(_("Hvem"))
    guardian_informed = _check(_("Vergen er informert"))

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "vedtak")
        super().__init__(*args, **kwargs)
        bases: Any = self.fields["legal_basis"]
        bases.choices = [("", "–"), *rules.LEGAL_BASES.get(application.kind, ())]
        self.fields["notified_to"].initial = _("Søkeren")


class AppealForm(forms.Form):
    received_at = _moment(_("Klagen mottatt"))
    text = _long(_("Klagen"), help_text=_("Hva klageren mener er galt, og hva de ber om."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "klage")
        super().__init__(*args, **kwargs)


class AppealDecisionForm(forms.Form):
    outcome = _select(_("Utfall"), AppealOutcome.choices)
    reasons = _long(_("Begrunnelse"))
    child_interest = _long(_("Vurdering av barnets beste"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "klagevedtak")
        super().__init__(*args, **kwargs)


class DayForm(forms.Form):
    day = _day(_("Dato"), initial=timezone.localdate)


class DeadlineSettingForm(forms.Form):
    kind = _select(_("Type søknad"), ApplicationKind.choices)
    days = forms.IntegerField(
        label=_("Dager"),
        min_value=1,
        max_value=365,
        widget=forms.NumberInput(attrs={"class": "ds-input"}),
    )
    valid_from = _day(_("Gjelder for søknader mottatt fra"), initial=timezone.localdate)
    source = _text(_("Kilde"), required=True, max_length=200)


class StatisticsForm(forms.Form):
    year = forms.IntegerField(
        label=_("År"),
        min_value=2000,
        max_value=2100,
        required=False,
        widget=forms.NumberInput(attrs={"class": "ds-input"}),
    )


class VictimContactForm(forms.Form):
    judgment: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Dom"), queryset=None, widget=forms.Select(attrs={"class": "ds-select"})
    )
    name = _text(_("Navn"), required=True, max_length=200)
    relation = _select(_("Rolle"), VictimRelation.choices)
    phone = _text(_("Telefon"), max_length=30)
    email = forms.EmailField(
        label=_("E-post"), required=False, widget=forms.EmailInput(attrs={"class": "ds-input"})
    )
    address = _text(_("Adresse"))
    preferred_channel = _select(_("Foretrukket kanal"), Channel.choices)
    consent_on = _day(_("Ønsket varsel fra"), initial=timezone.localdate)
    note = _text(_("Merknad"))

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "fornaermet")
        super().__init__(*args, **kwargs)
        from varde.sentencing.queries import judgments_of

        judgment_field: Any = self.fields["judgment"]
        judgment_field.queryset = judgments_of(person)


class VictimNoticeForm(forms.Form):
    event = _select(_("Hendelse"), NoticeEvent.choices)
    event_day = _day(_("Dato for hendelsen"))
    sent_at = _moment(_("Varslet"))
    channel = _select(_("Kanal"), Channel.choices)
    conditions = _long(
        _("Vilkår som gjelder fornærmede"),
        help_text=_("Oppholdssted eller kontaktforbud som gjelder fornærmede direkte."),
    )
    note = _text(_("Merknad"))
    source = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
