"""Forms for reintegration. Each maps onto one action's arguments; the views pass the
cleaned data to the action, which has the last word (rules, access)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from varde.reintegration.choices import (
    AgencyKind,
    CoordinationConsent,
    DataCategory,
    GoalStatus,
    InterviewKind,
    ItemStatus,
    PsrKind,
    ReferralStatus,
    RequesterKind,
    ResponsibleKind,
    StepStatus,
    Suitability,
)
from varde.reintegration.models import PSR_SECTIONS, PSR_SUITABILITY

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from varde.organisation.models import Unit
    from varde.reintegration.areas import AreaVersion
    from varde.reintegration.models import AssessmentScore, FollowUpPlan, PreSentenceReport

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def _day(
    label: StrOrPromise, *, required: bool = True, today: bool = True, help_text: Any = ""
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        initial=timezone.localdate if today else None,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå.")},
    )


def _select(label: StrOrPromise, choices: Any, *, required: bool = True) -> forms.ChoiceField:
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
    label: StrOrPromise, *, required: bool = False, rows: int = 4, help_text: Any = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"class": "ds-input", "rows": rows}),
    )


def _model_choice(
    label: StrOrPromise, queryset: Any, *, required: bool = True
) -> forms.ModelChoiceField[Any]:
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        required=required,
        widget=forms.Select(attrs={"class": "ds-select"}),
    )


class StaffChoiceField(forms.ModelChoiceField):
    """Staff by full name (user name when none is registered)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.area_label}: {obj.goal}"


def _staff_choice(label: StrOrPromise, queryset: Any, *, required: bool = True) -> Any:
    return StaffChoiceField(
        label=label,
        queryset=queryset,
        required=required,
        widget=forms.Select(attrs={"class": "ds-select"}),
    )


class Prefixed(forms.Form):
    """A form whose fields carry a prefix, so several forms share one page."""

    prefix_name = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.prefix_name)
        super().__init__(*args, **kwargs)


# --- pre-sentence reports --------------------------------------------------------------------


class PsrRequestForm(Prefixed):
    prefix_name = "psr"
    requester_kind = _select(_("Bestilt av"), RequesterKind.choices)
    requester = _text(_("Bestiller"), required=True, max_length=150)
    reference = _text(_("Bestillerens saksnummer"), required=True, max_length=60)
    charge = _text(_("Saken gjelder"))
    received_on = _day(_("Mottatt"))
    requested_by = _day(_("Ønsket levert"), required=False, today=False)
    court_date = _day(_("Rettsmøte"), required=False, today=False)
    offence_on = _day(
        _("Tidspunkt for handlingen"),
        required=False,
        today=False,
        help_text=_("Avgjør om det er en personundersøkelse for mindreårige (under 18 år)."),
    )
    kind = _select(
        _("Type"),
        [("", _("Velg automatisk (etter forrige undersøkelse)")), *PsrKind.choices],
        required=False,
    )

    def __init__(self, *args: Any, offices: Any, home: Unit | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"] = _model_choice(_("Friomsorgskontor"), offices)
        self.fields["office"].help_text = _("Kontoret der personen bor (PU-reglene § 3).")
        self.order_fields(["office"])
        if home is not None:
            self.fields["office"].initial = home.pk


class AssignForm(Prefixed):
    prefix_name = "assign"

    def __init__(self, *args: Any, report: PreSentenceReport, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"] = _staff_choice(_("Saksbehandler"), officers)
        if report.officer_id:
            self.fields["officer"].initial = report.officer_id


class InterviewForm(Prefixed):
    prefix_name = "interview"
    day = _day(_("Dato"))
    kind = _select(_("Type samtale"), InterviewKind.choices)
    note = _area(
        _("Notat"), rows=3, help_text=_("Bare det som er relevant og nødvendig for undersøkelsen.")
    )


class PsrReportForm(Prefixed):
    prefix_name = "report"

    def __init__(self, *args: Any, report: PreSentenceReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in PSR_SECTIONS:
            self.fields[name] = _area(label, rows=5)
            self.fields[name].initial = getattr(report, name)
        for name, label in PSR_SUITABILITY:
            self.fields[name] = _select(
                _("Egnethet: %(reaction)s") % {"reaction": label}, Suitability.choices
            )
            self.fields[name].initial = getattr(report, name)
        self.fields["assessment"] = _area(_("Vurdering"), rows=5)
        self.fields["assessment"].initial = report.assessment
        self.fields["conclusion"] = _area(_("Konklusjon"), rows=3)
        self.fields["conclusion"].initial = report.conclusion


class SendForm(Prefixed):
    prefix_name = "send"
    recipient = _text(_("Sendes til"), required=True, max_length=200)


class WithdrawForm(Prefixed):
    prefix_name = "withdraw"
    note = _text(_("Begrunnelse"), required=True)


# --- needs assessments -----------------------------------------------------------------------


class OfferForm(Prefixed):
    """Which execution the offer belongs to: ``stay:<id>``, ``case:<id>`` or none."""

    prefix_name = "offer"
    offered_on = _day(_("Tilbudt"))

    def __init__(self, *args: Any, executions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [*executions, ("", _("Ikke knyttet til et opphold eller en sak"))]
        self.fields["execution"] = _select(_("Gjelder"), choices, required=False)
        self.order_fields(["execution"])


class ConsentForm(Prefixed):
    prefix_name = "consent"
    answer = forms.ChoiceField(
        label=_("Svar"),
        choices=[("yes", _("Samtykker")), ("no", _("Takker nei"))],
        widget=forms.RadioSelect,
    )
    on = _day(_("Datert"))
    written = forms.BooleanField(
        label=_("Samtykkeerklæringen er signert"), required=False, initial=False
    )
    note = _text(_("Merknad"))


class ScoresForm(Prefixed):
    """Need, resource and a note for every area of the assessment's version."""

    prefix_name = "scores"

    def __init__(
        self, *args: Any, version: AreaVersion, existing: dict[str, AssessmentScore], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        blank = [("", "–")]
        for area in version.areas:
            score = existing.get(area.code)
            need = _select(_("Behov"), blank + version.need.choices, required=False)
            resource = _select(_("Ressurser"), blank + version.resource.choices, required=False)
            note = _area(_("Merknad"), rows=2)
            need.initial = score.need if score else ""
            resource.initial = score.resource if score else ""
            note.initial = score.note if score else ""
            self.fields[f"{area.code}__need"] = need
            self.fields[f"{area.code}__resource"] = resource
            self.fields[f"{area.code}__note"] = note

    def rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        """(area label, [need, resource, note]) for the template."""
        return [
            (area.label, [self[f"{area.code}__{part}"] for part in ("need", "resource", "note")])
            for area in self.version.areas
        ]

    def scores(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        found: dict[str, dict[str, Any]] = {}
        for area in self.version.areas:
            need, resource = data[f"{area.code}__need"], data[f"{area.code}__resource"]
            found[area.code] = {
                "need": int(need) if need != "" else None,
                "resource": int(resource) if resource != "" else None,
                "note": data[f"{area.code}__note"],
            }
        return found


class CompleteForm(Prefixed):
    prefix_name = "complete"
    summary = _area(
        _("Oppsummering til personen"),
        required=True,
        rows=5,
        help_text=_("Skriv i klart språk, til personen: hva dere fant, og hva som er viktigst."),
    )


# --- follow-up plans -------------------------------------------------------------------------


class GoalForm(Prefixed):
    prefix_name = "goal"
    goal = _text(_("Mål"), required=True)

    def __init__(self, *args: Any, version: AreaVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area_code"] = _select(_("Område"), version.codes_and_labels)
        self.order_fields(["area_code"])


class StepForm(Prefixed):
    prefix_name = "step"
    description = _text(_("Tiltak"), required=True)
    responsible_kind = _select(_("Ansvarlig"), ResponsibleKind.choices)
    agency = _text(_("Etat eller organisasjon"), max_length=150)
    due_on = _day(_("Frist"), required=False, today=False)

    def __init__(self, *args: Any, plan: FollowUpPlan, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goals = plan.goals.all()
        self.fields["goal"] = GoalChoiceField(
            label=_("Mål"), queryset=goals, widget=forms.Select(attrs={"class": "ds-select"})
        )
        self.fields["responsible_staff"] = _staff_choice(_("Ansatt"), staff, required=False)
        self.order_fields(["goal", "description", "responsible_kind", "responsible_staff"])


class StepStatusForm(forms.Form):
    status = _select(_("Status"), StepStatus.choices)


class GoalStatusForm(forms.Form):
    status = _select(_("Status"), GoalStatus.choices)


class ReviewForm(Prefixed):
    prefix_name = "review"
    reviewed_on = _day(_("Dato"))
    note = _area(_("Hva kom fram"), required=True, rows=3)


class ClosePlanForm(Prefixed):
    prefix_name = "close"
    note = _text(_("Merknad"))


# --- partner agencies, consent, disclosures --------------------------------------------------


def _categories(label: StrOrPromise) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-checkbox"}),
    )


class AgencyForm(Prefixed):
    prefix_name = "agency"
    kind = _select(_("Type"), AgencyKind.choices)
    name = _text(_("Navn"), required=True, max_length=150)
    municipality = _text(_("Kommune"), max_length=100)
    contact = _text(_("Kontaktperson og telefon/e-post"), max_length=200)


class _AgencyChoice(Prefixed):
    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"] = _model_choice(_("Samarbeidspartner"), agencies)
        self.order_fields(["agency"])


class ReferralForm(_AgencyChoice):
    prefix_name = "referral"
    request = _text(_("Hva det bes om"), required=True)
    sent_on = _day(_("Dato"))


class ReferralResponseForm(Prefixed):
    prefix_name = "response"
    status = _select(_("Status"), ReferralStatus.choices)
    response = _text(_("Svar"))


class DisclosureConsentForm(_AgencyChoice):
    prefix_name = "dconsent"
    categories = _categories(_("Opplysninger samtykket gjelder"))
    given_on = _day(_("Gitt"))
    valid_until = _day(_("Gjelder til"), required=False, today=False)
    note = _text(_("Merknad"))


class DisclosureForm(_AgencyChoice):
    prefix_name = "disclose"
    categories = _categories(_("Opplysninger som deles"))
    purpose = _text(_("Formål"))


# --- release planning ------------------------------------------------------------------------


class ChecklistItemForm(forms.Form):
    status = _select(_("Status"), ItemStatus.choices)
    responsible = _text(_("Ansvarlig"), max_length=150)
    note = _text(_("Merknad"))


class CoordinationForm(Prefixed):
    prefix_name = "coord"
    consent = _select(_("Samtykke til koordinering"), CoordinationConsent.choices)
    coordinator = _text(_("Koordinator"), max_length=150)


class NavNoticeForm(_AgencyChoice):
    prefix_name = "nav"
    contact = _text(_("Kontaktperson hos oss"), required=True, max_length=200)
