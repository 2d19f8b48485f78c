"""Reintegration (tilbakeføring): pre-sentence reports, needs assessments and personal
follow-up plans. Every change is an action in ``actions.py``.

Pre-sentence report (personundersøkelse, strpl § 161; PU-reglene)::

    do_register_psr_request --> RECEIVED --do_assign_psr--> ASSIGNED --do_send_psr--> SENT
                                   \\___________________________/
                                          do_withdraw_psr --> WITHDRAWN

Registering a request makes the probation office responsible for the person (so its staff
see them); the report text is written while ASSIGNED; sending stores the PDF that was sent
(``PsrDocument``) and freezes the report.

Needs assessment (kartlegging)::

    do_offer_assessment --> OFFERED --do_record_consent(yes)--> CONSENTED --do_complete--> COMPLETED
                               \\--do_record_consent(no)--> DECLINED --(changes their mind)--^

Personal follow-up plan (personlig oppfølgingsplan): one active plan per person, goals per
area with steps, reviewed at set intervals and before release.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from varde.reintegration.choices import (
    AgencyKind,
    AssessmentStatus,
    ChecklistItemCode,
    CoordinationConsent,
    DataCategory,
    DisclosureOutcome,
    GoalStatus,
    InterviewKind,
    ItemStatus,
    NoticeStatus,
    PlanStatus,
    PsrKind,
    PsrStatus,
    ReferralStatus,
    RequesterKind,
    ResponsibleKind,
    ReviewKind,
    StepStatus,
    Suitability,
)

# The report's sections, in the order of the document (field name, Norwegian heading).
PSR_SECTIONS = (
    ("personal_situation", _("Personlige forhold")),
    ("housing", _("Bolig")),
    ("work_education", _("Arbeid og utdanning")),
    ("health", _("Helse")),
    ("substance_use", _("Rus")),
    ("network", _("Nettverk og familie")),
)
PSR_SUITABILITY = (
    ("suitability_community_sentence", _("Samfunnsstraff")),
    ("suitability_ek", _("Straffegjennomføring med elektronisk kontroll")),
    ("suitability_programmes", _("Program")),
)


class PreSentenceReport(models.Model):
    """A request for a pre-sentence report and the report written to answer it."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="pre_sentence_reports"
    )
    office = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="pre_sentence_reports",
        verbose_name=_("friomsorgskontor"),
    )
    responsibility = models.ForeignKey(
        "people.Responsibility", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=16, choices=PsrKind.choices, default=PsrKind.NEW)
    requester_kind = models.CharField(_("bestilt av"), max_length=16, choices=RequesterKind.choices)
    requester = models.CharField(_("bestiller"), max_length=150)
    reference = models.CharField(_("saksnummer hos bestiller"), max_length=60)
    charge = models.CharField(_("saken gjelder"), max_length=300, blank=True)
    offence_on = models.DateField(_("tidspunkt for handlingen"), null=True, blank=True)
    received_on = models.DateField(_("mottatt"))
    requested_by = models.DateField(_("ønsket levert"), null=True, blank=True)
    court_date = models.DateField(_("rettsmøte"), null=True, blank=True)
    deadline = models.DateField(_("frist"), null=True, blank=True)
    minor = models.BooleanField(_("mindreårig (PUM)"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=PsrStatus.choices, default=PsrStatus.RECEIVED
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pre_sentence_reports",
        verbose_name=_("saksbehandler"),
    )
    assigned_on = models.DateField(_("tildelt"), null=True, blank=True)
    # The report (PU-reglene § 7: personality, living conditions, prospects).
    personal_situation = models.TextField(_("personlige forhold"), blank=True)
    housing = models.TextField(_("bolig"), blank=True)
    work_education = models.TextField(_("arbeid og utdanning"), blank=True)
    health = models.TextField(_("helse"), blank=True)
    substance_use = models.TextField(_("rus"), blank=True)
    network = models.TextField(_("nettverk og familie"), blank=True)
    suitability_community_sentence = models.CharField(
        _("egnethet for samfunnsstraff"),
        max_length=16,
        choices=Suitability.choices,
        default=Suitability.NOT_ASSESSED,
    )
    suitability_ek = models.CharField(
        _("egnethet for EK"),
        max_length=16,
        choices=Suitability.choices,
        default=Suitability.NOT_ASSESSED,
    )
    suitability_programmes = models.CharField(
        _("egnethet for program"),
        max_length=16,
        choices=Suitability.choices,
        default=Suitability.NOT_ASSESSED,
    )
    assessment = models.TextField(_("vurdering"), blank=True)
    conclusion = models.TextField(_("konklusjon"), blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    sent_to = models.CharField(_("sendt til"), max_length=200, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_by_name = models.CharField(_("sendt av"), max_length=150, blank=True)
    closed_note = models.CharField(_("merknad"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("personundersøkelse")
        verbose_name_plural = _("personundersøkelser")
        indexes = [models.Index(fields=["office", "status", "deadline"], name="psr_worklist_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"

    @property
    def is_open(self) -> bool:
        return self.status in (PsrStatus.RECEIVED, PsrStatus.ASSIGNED)

    @property
    def delivered_on(self) -> date | None:
        return timezone.localtime(self.sent_at).date() if self.sent_at else None


class PsrInterview(models.Model):
    """A conversation held for the report (PU-reglene § 6)."""

    report = models.ForeignKey(
        PreSentenceReport, on_delete=models.CASCADE, related_name="interviews"
    )
    day = models.DateField(_("dato"))
    kind = models.CharField(_("type samtale"), max_length=16, choices=InterviewKind.choices)
    note = models.TextField(_("notat"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registered_by_name = models.CharField(_("registrert av"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "id"]
        verbose_name = _("samtale")
        verbose_name_plural = _("samtaler")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.day:%d.%m.%Y}"


class PsrDocument(models.Model):
    """The PDF exactly as it was sent, with its SHA-256 (the audit row records the hash)."""

    report = models.OneToOneField(
        PreSentenceReport, on_delete=models.CASCADE, related_name="document"
    )
    pdf = models.BinaryField(editable=False)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sendt personundersøkelse")
        verbose_name_plural = _("sendte personundersøkelser")

    def __str__(self) -> str:
        return self.sha256[:12]


class NeedsAssessment(models.Model):
    """A needs and resources assessment (kartlegging) offered at the start of an execution."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="needs_assessments"
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="needs_assessments",
        verbose_name=_("enhet"),
    )
    stay = models.ForeignKey(
        "execution.Stay",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs_assessments",
    )
    community_case = models.ForeignKey(
        "community.CommunityCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs_assessments",
    )
    config_version = models.CharField(_("versjon av områdene"), max_length=30)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.OFFERED,
    )
    offered_on = models.DateField(_("tilbudt"))
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    offered_by_name = models.CharField(_("tilbudt av"), max_length=150)
    consent_on = models.DateField(_("samtykke/avslag datert"), null=True, blank=True)
    consent_note = models.CharField(_("merknad til samtykket"), max_length=300, blank=True)
    summary = models.TextField(_("oppsummering til personen"), blank=True)
    completed_on = models.DateField(_("fullført"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-offered_on", "-id"]
        verbose_name = _("kartlegging")
        verbose_name_plural = _("kartlegginger")
        indexes = [models.Index(fields=["unit", "offered_on"], name="assessment_unit_year_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["stay"], condition=Q(stay__isnull=False), name="assessment_one_per_stay"
            ),
            models.UniqueConstraint(
                fields=["community_case"],
                condition=Q(community_case__isnull=False),
                name="assessment_one_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.offered_on:%d.%m.%Y}"


class AssessmentScore(models.Model):
    """Need and resource on one area, on the scale of the assessment's version."""

    assessment = models.ForeignKey(NeedsAssessment, on_delete=models.CASCADE, related_name="scores")
    area_code = models.CharField(_("område"), max_length=40)
    area_label = models.CharField(_("område"), max_length=100)
    need = models.SmallIntegerField(_("behov"), null=True, blank=True)
    resource = models.SmallIntegerField(_("ressurser"), null=True, blank=True)
    note = models.TextField(_("merknad"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("vurdering av område")
        verbose_name_plural = _("vurderinger av områder")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "area_code"], name="assessment_score_once_per_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_label}: {self.need}/{self.resource}"


class FollowUpPlan(models.Model):
    """The personal follow-up plan (personlig oppfølgingsplan, POP)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="follow_up_plans"
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="follow_up_plans",
        verbose_name=_("enhet"),
    )
    assessment = models.ForeignKey(
        NeedsAssessment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    started_on = models.DateField(_("opprettet"))
    last_reviewed_on = models.DateField(_("sist evaluert"), null=True, blank=True)
    closed_on = models.DateField(_("avsluttet"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by_name = models.CharField(_("opprettet av"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("oppfølgingsplan")
        verbose_name_plural = _("oppfølgingsplaner")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="active"), name="plan_one_active_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.started_on:%d.%m.%Y}"


class PlanGoal(models.Model):
    """A goal in one area of the plan."""

    plan = models.ForeignKey(FollowUpPlan, on_delete=models.CASCADE, related_name="goals")
    area_code = models.CharField(_("område"), max_length=40)
    area_label = models.CharField(_("område"), max_length=100)
    goal = models.CharField(_("mål"), max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return f"{self.area_label}: {self.goal}"


class PlanStep(models.Model):
    """A step towards a goal: what, who answers for it, by when, and how it stands."""

    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="steps")
    description = models.CharField(_("tiltak"), max_length=300)
    responsible_kind = models.CharField(
        _("ansvarlig"), max_length=16, choices=ResponsibleKind.choices
    )
    responsible_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responsible_name = models.CharField(_("ansvarlig"), max_length=150)
    due_on = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=StepStatus.choices, default=StepStatus.PLANNED
    )
    completed_on = models.DateField(_("utført"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")

    def __str__(self) -> str:
        return self.description

    @property
    def overdue(self) -> bool:
        """Not done or cancelled, and the due date has passed."""
        open_step = self.status in (StepStatus.PLANNED, StepStatus.IN_PROGRESS)
        return open_step and self.due_on is not None and self.due_on < timezone.localdate()


class PlanReview(models.Model):
    """A review (evaluering) of the plan with the person."""

    plan = models.ForeignKey(FollowUpPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("evaluert"))
    kind = models.CharField(_("type"), max_length=16, choices=ReviewKind.choices)
    note = models.TextField(_("merknad"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_by_name = models.CharField(_("evaluert av"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reviewed_on:%d.%m.%Y}"


# --- partner agencies, consent and disclosures (samarbeidspartnere, samtykke) -----------------


class PartnerAgency(models.Model):
    """An agency the service works with (strgjfl § 4): a NAV office, health service, school,
    the municipality's housing office, child welfare, a voluntary organisation."""

    kind = models.CharField(_("type"), max_length=16, choices=AgencyKind.choices)
    name = models.CharField(_("navn"), max_length=150)
    municipality = models.CharField(_("kommune"), max_length=100, blank=True)
    contact = models.CharField(_("kontaktperson og telefon/e-post"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("samarbeidspartner")
        verbose_name_plural = _("samarbeidspartnere")
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="partner_agency_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class Referral(models.Model):
    """A referral or agreement (henvisning/avtale): what the service asks an agency to do."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet")
    )
    agency = models.ForeignKey(
        PartnerAgency,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("samarbeidspartner"),
    )
    request = models.CharField(_("hva det bes om"), max_length=300)
    sent_on = models.DateField(_("dato"))
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    response = models.TextField(_("svar"), blank=True)
    response_on = models.DateField(_("svar mottatt"), null=True, blank=True)
    created_by_name = models.CharField(_("registrert av"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("henvisning")
        verbose_name_plural = _("henvisninger")

    def __str__(self) -> str:
        return f"{self.agency.name}: {self.request}"


class DisclosureConsent(models.Model):
    """The person's consent to share named data categories with one agency, until a date;
    a withdrawal ends it from that moment."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="disclosure_consents"
    )
    agency = models.ForeignKey(
        PartnerAgency,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("samarbeidspartner"),
    )
    categories = models.JSONField(_("opplysninger"), default=list)
    given_on = models.DateField(_("gitt"))
    valid_until = models.DateField(_("gjelder til"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    registered_by_name = models.CharField(_("registrert av"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("samtykke til deling")
        verbose_name_plural = _("samtykker til deling")

    def __str__(self) -> str:
        return f"{self.agency.name} {self.given_on:%d.%m.%Y}"

    def category_labels(self) -> list[str]:
        return [str(DataCategory(c).label) for c in self.categories if c in DataCategory.values]


class Disclosure(models.Model):
    """One attempt to share data with an agency: shared under a consent, or refused for
    want of one (both kept, so refused attempts are visible)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="disclosures"
    )
    agency = models.ForeignKey(PartnerAgency, on_delete=models.PROTECT, related_name="disclosures")
    categories = models.JSONField(_("opplysninger"), default=list)
    outcome = models.CharField(_("utfall"), max_length=16, choices=DisclosureOutcome.choices)
    consent = models.ForeignKey(
        DisclosureConsent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosures",
    )
    purpose = models.CharField(_("formål"), max_length=300, blank=True)
    reason = models.CharField(_("begrunnelse for stopp"), max_length=400, blank=True)
    at = models.DateTimeField(_("tidspunkt"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_name = models.CharField(_("av"), max_length=150)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("utlevering")
        verbose_name_plural = _("utleveringer")

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.agency.name}"

    def category_labels(self) -> list[str]:
        return [str(DataCategory(c).label) for c in self.categories if c in DataCategory.values]


# --- release planning (løslatelsesplanlegging, strgjfl § 41) ---------------------------------


class ReleaseChecklist(models.Model):
    """The checklist for one release from a sentence stay."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="release_checklists"
    )
    stay = models.OneToOneField(
        "execution.Stay", on_delete=models.PROTECT, related_name="release_checklist"
    )
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet")
    )
    release_on = models.DateField(_("forventet løslatelse"))
    coordination_consent = models.CharField(
        _("samtykke til koordinering (§ 41)"),
        max_length=16,
        choices=CoordinationConsent.choices,
        default=CoordinationConsent.NOT_ASKED,
    )
    coordinator = models.CharField(_("koordinator"), max_length=150, blank=True)
    created_by_name = models.CharField(_("opprettet av"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["release_on", "id"]
        verbose_name = _("løslatelsesplan")
        verbose_name_plural = _("løslatelsesplaner")

    def __str__(self) -> str:
        return f"{self.release_on:%d.%m.%Y}"


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(ReleaseChecklist, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("punkt"), max_length=16, choices=ChecklistItemCode.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    responsible = models.CharField(_("ansvarlig"), max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("punkt på løslatelsesplanen")
        verbose_name_plural = _("punkter på løslatelsesplanen")
        constraints = [
            models.UniqueConstraint(fields=["checklist", "code"], name="checklist_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.get_status_display()}"


class NavReleaseNotice(models.Model):
    """Release notice to NAV (melding om løslatelse): an outbound record the exchange will
    send as a message."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="nav_notices"
    )
    checklist = models.ForeignKey(
        ReleaseChecklist, on_delete=models.PROTECT, related_name="nav_notices"
    )
    agency = models.ForeignKey(PartnerAgency, on_delete=models.PROTECT, related_name="+")
    disclosure = models.OneToOneField(
        Disclosure, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    release_on = models.DateField(_("forventet løslatelse"))
    contact = models.CharField(_("kontakt"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.CREATED
    )
    created_by_name = models.CharField(_("opprettet av"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("melding om løslatelse til NAV")
        verbose_name_plural = _("meldinger om løslatelse til NAV")

    def __str__(self) -> str:
        return f"NAV {self.release_on:%d.%m.%Y}"
