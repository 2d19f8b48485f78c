"""Forms for admission, transfer, absences and release on the person page."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from varde.execution import rules
from varde.execution.choices import (
    PAROLE_RELEASES,
    TRANSFER_REASONS,
    AbsenceKind,
    ExecutionForm,
    LeaveType,
    PenaltyScale,
    PostponementGround,
    ReleaseType,
    RestrictionKind,
    StayKind,
)
from varde.execution.rules import OUTSIDE_PRISON, RETURN_CAUSES
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


# Absences registered on the plain absence form: not execution outside prison, which has
# its own form (a probation office, no return time).
PLAIN_ABSENCES = [(k.value, k.label) for k in AbsenceKind if k not in OUTSIDE_PRISON]


class AbsenceForm(StyledForm):
    prefix_name = "absence"
    kind = _select(_("Type fravær"), PLAIN_ABSENCES)
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


def probation_offices() -> Any:
    return Unit.objects.filter(kind=UnitKind.PROBATION_OFFICE, is_active=True).order_by("name")


def _office(label: StrOrPromise, *, required: bool) -> forms.ModelChoiceField[Any]:
    return forms.ModelChoiceField(
        label=label,
        queryset=Unit.objects.none(),
        required=required,
        widget=forms.Select(attrs={"class": "ds-select"}),
        error_messages={"required": _("Velg friomsorgskontor.")},
    )


class OutsidePrisonForm(StyledForm):
    """EK part-execution (strgjfl § 16 a) or § 16 at home, followed up by an office."""

    prefix_name = "outside"
    kind = _select(
        _("Gjennomføringsform"),
        [
            (AbsenceKind.EK_PARTIAL.value, _("Delgjennomføring med EK (strgjfl. § 16 a)")),
            (AbsenceKind.AT_HOME.value, _("Gjennomføring i hjemmet (strgjfl. § 16)")),
        ],
    )
    office = _office(_("Friomsorgskontor"), required=True)
    at = _datetime(_("Fra"), help_text=_("Tomt = nå"))
    exception_reason = forms.CharField(
        label=_("Grunnlag for unntak (strgjfl. § 16 a annet ledd)"),
        max_length=300,
        required=False,
        help_text=_(
            "Bare for EK før datoen eller ved lovbrudd som ellers utelukker EK: domfelte under "
            "18 år eller varig soningsudyktig."
        ),
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )
    note = _note()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = probation_offices()  # type: ignore[attr-defined]


class ReturnToPrisonForm(PlacementFields):
    """Back to prison from EK or § 16 (strgjfl § 14 seventh para; fsg § 7-7)."""

    prefix_name = "back"
    cause = _select(_("Årsak"), [(code, label) for code, label in RETURN_CAUSES.items()])
    at = _datetime(_("Tidspunkt"), help_text=_("Tomt = nå"))
    note = _note()


class ReleaseForm(StyledForm):
    """Every release type; at parole also the office that follows up and the reporting duty
    (strgjfl § 43; fsg § 3-42). The page shows it as two forms, ``ParoleForm`` and
    ``PlainReleaseForm``, so the parole fields appear only with the parole types."""

    prefix_name = "release"
    release_type = _select(_("Løslatelsestype"), ReleaseType.choices)
    office = _office(_("Friomsorgskontor som følger opp"), required=False)
    reporting_months = forms.IntegerField(
        label=_("Møteplikt (måneder)"),
        min_value=1,
        max_value=12,
        initial=3,
        required=False,
        help_text=_("Normalt 3, minst 1 og høyst 12 (fsg § 3-42)."),
        widget=forms.NumberInput(attrs={"class": "ds-input"}),
    )
    at = _datetime(_("Tidspunkt"), help_text=_("Tomt = nå"))
    note = _note()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = probation_offices()  # type: ignore[attr-defined]


class ParoleForm(ReleaseForm):
    """The release form with the parole types only (prøveløslatelse)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["release_type"].choices = [  # type: ignore[attr-defined]
            (t.value, t.label) for t in ReleaseType if t in PAROLE_RELEASES
        ]
        self.fields["note"].label = _("Merknad / grunnlag")
        self.fields["note"].help_text = _(
            "Påkrevd ved annen prøveløslatelse: hjemmel og særlige grunner."
        )


class PlainReleaseForm(ReleaseForm):
    """The release form without parole: full term, transfer abroad, death, end of remand."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["office"], self.fields["reporting_months"]
        self.fields["release_type"].choices = [  # type: ignore[attr-defined]
            (t.value, t.label) for t in ReleaseType if t not in PAROLE_RELEASES
        ]


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


class PostponementRequestForm(StyledForm):
    """An application to postpone the start (innkallingsforskriften §§ 5-8)."""

    prefix_name = "postpone"
    received_on = forms.DateField(
        label=_("Mottatt"),
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={
            "invalid": _("Skriv datoen som dd.mm.åååå."),
            "required": _("Oppgi når søknaden kom inn."),
        },
    )
    ground = forms.ChoiceField(
        label=_("Grunnlag"),
        choices=PostponementGround.choices,
        widget=forms.Select(attrs={"class": "ds-select"}),
        help_text=_(
            "§ 6-grunnene er obligatoriske: utsettelse skal gis når vilkårene er oppfylt. "
            "Under 18 år: legg vekt på barnets beste (§ 7 fjerde ledd)."
        ),
        error_messages={"required": _("Velg grunnlaget søknaden bygger på.")},
    )
    reason = forms.CharField(
        label=_("Hva søknaden begrunnes med"),
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "ds-input", "rows": 3}),
        error_messages={"required": _("Skriv hva søknaden om utsettelse begrunnes med.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())


POSTPONEMENT_DECISIONS = [("granted", _("Innvilg")), ("refused", _("Avslå"))]


class PostponementDecisionForm(StyledForm):
    """The decision on an application: grant with a new start date, or refuse; always with
    written reasons (forvaltningsloven § 24 through strgjfl § 7)."""

    prefix_name = "decide"
    decision = forms.ChoiceField(
        label=_("Avgjørelse"),
        choices=POSTPONEMENT_DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg innvilg eller avslå.")},
    )
    new_start_on = forms.DateField(
        label=_("Ny oppmøtedato"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        help_text=_("Påkrevd ved innvilgelse."),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå.")},
    )
    decision_note = forms.CharField(
        label=_("Begrunnelse for avgjørelsen"),
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "ds-input", "rows": 3}),
        error_messages={"required": _("Skriv begrunnelsen for avgjørelsen.")},
    )
    ground_not_met = forms.BooleanField(
        label=_("Vilkårene for obligatorisk utsettelse (§ 6) er ikke oppfylt"),
        required=False,
        help_text=_("Kryss av bare ved avslag på en § 6-grunn, og forklar hvorfor i begrunnelsen."),
    )

    def __init__(self, *args: Any, mandatory: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not mandatory:
            del self.fields["ground_not_met"]

    @property
    def granted(self) -> bool:
        return self.cleaned_data.get("decision") == "granted"


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
    arrested_at = _datetime(
        _("Pågrepet"),
        help_text=_(
            "Tidspunktet for pågripelsen. Fristen for å tilby plass regnes herfra, og tiden i "
            "politiarrest går til fradrag (strl. § 83)."
        ),
    )
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
    penalty_scale = _select(
        _("Strafferamme for siktelsen (full isolasjon)"), PenaltyScale.choices, required=False
    )
    review_pointless = forms.BooleanField(
        label=_("Forlengelse inntil fire uker"),
        help_text=_("Retten fant at ny prøving etter to uker vil være uten betydning."),
        required=False,
    )
    weighty_reasons = forms.CharField(
        label=_("Tungtveiende hensyn (isolasjon ut over 6 eller 12 uker)"),
        max_length=2000,
        required=False,
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )
    note = _note()

    def clean_penalty_scale(self) -> str:
        return self.cleaned_data.get("penalty_scale") or rules.PENALTY_UP_TO_6_YEARS


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
