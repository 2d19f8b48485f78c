"""Codes for reintegration (tilbakeføring): pre-sentence reports, needs assessments and
personal follow-up plans (English codes, Norwegian labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequesterKind(models.TextChoices):
    """Who ordered the pre-sentence report (påtaleinstruksen § 14-2; strpl § 161)."""

    PROSECUTOR = "prosecutor", _("Påtalemyndigheten")
    COURT = "court", _("Retten")


class PsrKind(models.TextChoices):
    """PU-reglene § 4: a new report, or a supplement to one that is more than a year old."""

    NEW = "new", _("Ny personundersøkelse")
    SUPPLEMENT = "supplement", _("Tilleggsundersøkelse")


class PsrStatus(models.TextChoices):
    RECEIVED = "received", _("Mottatt")
    ASSIGNED = "assigned", _("Under arbeid")
    SENT = "sent", _("Sendt")
    WITHDRAWN = "withdrawn", _("Trukket tilbake")


OPEN_PSR_STATUSES = (PsrStatus.RECEIVED, PsrStatus.ASSIGNED)


class InterviewKind(models.TextChoices):
    OFFICE = "office", _("Samtale på kontoret")
    HOME_VISIT = "home_visit", _("Hjemmebesøk")
    IN_CUSTODY = "in_custody", _("Samtale i fengsel")
    VIDEO_PHONE = "video_phone", _("Video eller telefon")
    COLLATERAL = "collateral", _("Samtale med andre (med samtykke)")


class Suitability(models.TextChoices):
    """The assessment the court asks for: is the person suited to this reaction?"""

    NOT_ASSESSED = "not_assessed", _("Ikke vurdert")
    SUITABLE = "suitable", _("Egnet")
    CONDITIONAL = "conditional", _("Egnet med forutsetninger")
    UNSUITABLE = "unsuitable", _("Ikke egnet")


class AssessmentStatus(models.TextChoices):
    OFFERED = "offered", _("Tilbudt")
    CONSENTED = "consented", _("Samtykket, under arbeid")
    DECLINED = "declined", _("Takket nei")
    COMPLETED = "completed", _("Fullført")


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("Aktiv")
    CLOSED = "closed", _("Avsluttet")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Pågår")
    ACHIEVED = "achieved", _("Nådd")
    DROPPED = "dropped", _("Avsluttet uten å nås")


class ResponsibleKind(models.TextChoices):
    """Who answers for a step: a member of staff, the person themself, or an agency."""

    STAFF = "staff", _("Ansatt i kriminalomsorgen")
    PERSON = "person", _("Personen selv")
    AGENCY = "agency", _("Annen etat eller organisasjon")


class StepStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Utført")
    CANCELLED = "cancelled", _("Avlyst")


OPEN_STEP_STATUSES = (StepStatus.PLANNED, StepStatus.IN_PROGRESS)


class ReviewKind(models.TextChoices):
    INTERVAL = "interval", _("Fast evaluering")
    BEFORE_RELEASE = "before_release", _("Evaluering før løslatelse")


class AgencyKind(models.TextChoices):
    """Partner agencies (samarbeidspartnere) the service works with (strgjfl § 4)."""

    NAV = "nav", _("NAV")
    HEALTH = "health", _("Helsetjeneste")
    EDUCATION = "education", _("Skole/utdanning")
    HOUSING = "housing", _("Kommune (bolig)")
    CHILD_WELFARE = "child_welfare", _("Barnevern")
    VOLUNTARY = "voluntary", _("Frivillig organisasjon")
    OTHER = "other", _("Annet")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sendt")
    AGREED = "agreed", _("Avtalt")
    DECLINED = "declined", _("Avslått")
    DONE = "done", _("Gjennomført")


class DataCategory(models.TextChoices):
    """What may be shared with an agency; each disclosure names one or more of these."""

    ASSESSMENT_SUMMARY = "assessment_summary", _("Oppsummering av kartleggingen")
    PLAN = "plan", _("Oppfølgingsplanen")
    RELEASE_DATE = "release_date", _("Løslatelsesdato")
    CONTACT = "contact", _("Kontaktopplysninger")


class DisclosureOutcome(models.TextChoices):
    SHARED = "shared", _("Delt")
    REFUSED = "refused", _("Stoppet: mangler samtykke")


class ChecklistItemCode(models.TextChoices):
    """The release checklist (løslatelsesplanlegging), strgjfl § 41."""

    HOUSING = "housing", _("Bolig")
    INCOME = "income", _("Inntekt")
    HEALTH = "health", _("Helsetime")
    ID_PAPERS = "id_papers", _("ID-papirer")
    BANK_ACCOUNT = "bank_account", _("Bankkonto")
    TIME_IN_HAND = "time_in_hand", _("Time i hånda (avtaler på løslatelsesdagen)")


class ItemStatus(models.TextChoices):
    OPEN = "open", _("Ikke startet")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Ordnet")
    NOT_NEEDED = "not_needed", _("Ikke aktuelt")


class CoordinationConsent(models.TextChoices):
    """Under 25 the coordination of strgjfl § 41 applies when the person consents."""

    NOT_ASKED = "not_asked", _("Ikke spurt")
    CONSENTED = "consented", _("Samtykker")
    DECLINED = "declined", _("Takket nei")


class NoticeStatus(models.TextChoices):
    CREATED = "created", _("Opprettet")
    SENT = "sent", _("Sendt")
