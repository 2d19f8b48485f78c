"""Codes for stays, placements and absences (English codes, Norwegian labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StayKind(models.TextChoices):
    REMAND = "remand", _("Varetekt")
    SENTENCE = "sentence", _("Straffegjennomføring")


class ReleaseType(models.TextChoices):
    PAROLE_TWO_THIRDS = "parole_two_thirds", _("Prøveløslatelse etter 2/3")
    PAROLE_HALF = "parole_half", _("Prøveløslatelse etter halv tid")
    PAROLE_OTHER = "parole_other", _("Annen prøveløslatelse")
    FULL_TERM = "full_term", _("Endt tid")
    TRANSFER_ABROAD = "transfer_abroad", _("Overført til utlandet")
    DEATH = "death", _("Død")
    REMAND_ENDED = "remand_ended", _("Varetekt opphørt")


PAROLE_RELEASES = frozenset(
    {ReleaseType.PAROLE_TWO_THIRDS, ReleaseType.PAROLE_HALF, ReleaseType.PAROLE_OTHER}
)


class PlacementReason(models.TextChoices):
    ADMISSION = "admission", _("Innsettelse")
    PROGRESSION = "progression", _("Progresjon")
    REGRESSION = "regression", _("Tilbakeføring til strengere nivå")
    SECURITY = "security", _("Sikkerhet")
    CAPACITY = "capacity", _("Kapasitet")
    PERSONS_WISH = "persons_wish", _("Personens ønske")
    RECALL = "recall", _("Gjeninnsettelse")


TRANSFER_REASONS = (
    PlacementReason.PROGRESSION,
    PlacementReason.REGRESSION,
    PlacementReason.SECURITY,
    PlacementReason.CAPACITY,
    PlacementReason.PERSONS_WISH,
)


class AbsenceKind(models.TextChoices):
    LEAVE = "leave", _("Permisjon")
    DAY_RELEASE = "day_release", _("Frigang")
    ESCORTED_OUTING = "escorted_outing", _("Fremstilling")
    HOSPITAL = "hospital", _("Sykehus")
    INSTITUTION = "institution", _("Opphold i institusjon (§ 12)")
    AT_HOME = "at_home", _("Gjennomføring i hjemmet (§ 16)")
    EK_PARTIAL = "ek_partial", _("Delgjennomføring med EK (§ 16 a)")
    INTERRUPTION = "interruption", _("Straffavbrudd")
    ESCAPE = "escape", _("Rømning")
    ABSCONDING = "absconding", _("Unnvikelse")
    FAILURE_TO_RETURN = "failure_to_return", _("Uteblivelse")


# Execution outside prison that continues a prison stay (strgjfl §§ 16, 16 a): the kinds the
# API's outside-prison endpoint and the person page's form offer.
OUTSIDE_PRISON_CHOICES = [
    (AbsenceKind.EK_PARTIAL.value, AbsenceKind.EK_PARTIAL.label),
    (AbsenceKind.AT_HOME.value, AbsenceKind.AT_HOME.label),
]


class LeaveType(models.TextChoices):
    """fsg § 3-30 first para."""

    ORDINARY = "ordinary", _("Ordinær permisjon")
    WELFARE = "welfare", _("Velferdspermisjon")
    SHORT = "short", _("Korttidspermisjon")


class ExecutionForm(models.TextChoices):
    """How a prison sentence is served after the call-in (strgjfl § 16 a: EK instead)."""

    PRISON = "prison", _("Fengsel")
    EK_FULL = "ek_full", _("Helgjennomføring med elektronisk kontroll")


class CallInStatus(models.TextChoices):
    SENT = "sent", _("Sendt")
    POSTPONED = "postponed", _("Utsatt")
    STARTED = "started", _("Påbegynt")
    CANCELLED = "cancelled", _("Trukket tilbake")


OPEN_CALLIN_STATUSES = frozenset({CallInStatus.SENT, CallInStatus.POSTPONED})


class PostponementDecision(models.TextChoices):
    PENDING = "pending", _("Ikke avgjort")
    GRANTED = "granted", _("Innvilget")
    REFUSED = "refused", _("Avslått")


class PostponementGround(models.TextChoices):
    """Innkallingsforskriften §§ 5-8: why execution should wait. The first four are mandatory
    grounds (§ 6: postponement shall be granted); the rest are weighed (§§ 5, 7, 8)."""

    PARDON = "pardon", _("Søknad om benådning er til behandling (§ 6)")
    ILLNESS = "illness", _("Alvorlig sykdom (§ 6)")
    PREGNANCY = "pregnancy", _("Graviditet, fødsel før løslatelse (§ 6)")
    INFANT = "infant", _("Barn født for under ni måneder siden (§ 6)")
    WEIGHTY_REASONS = "weighty_reasons", _("Vektige grunner (§ 7)")
    EK_APPLICATION = "ek_application", _("Søknad om elektronisk kontroll (§ 7)")
    MILITARY_SERVICE = "military_service", _("Militærtjeneste (§ 8)")
    OTHER = "other", _("Annet")


MANDATORY_POSTPONEMENT_GROUNDS = frozenset(
    {
        PostponementGround.PARDON,
        PostponementGround.ILLNESS,
        PostponementGround.PREGNANCY,
        PostponementGround.INFANT,
    }
)


class RemandBookingStatus(models.TextChoices):
    """A police request for a remand place (Politiarrestforskriften § 3-1; fsg § 4-1)."""

    REQUESTED = "requested", _("Bestilt")
    OFFERED = "offered", _("Plass tilbudt")
    ADMITTED = "admitted", _("Innsatt")
    CANCELLED = "cancelled", _("Avbestilt")


OPEN_BOOKING_STATUSES = frozenset({RemandBookingStatus.REQUESTED, RemandBookingStatus.OFFERED})


class RestrictionKind(models.TextChoices):
    """Court-ordered restrictions during remand (strpl §§ 186, 186 a)."""

    FULL_ISOLATION = "full_isolation", _("Full isolasjon (strpl. § 186 a)")
    PARTIAL_ISOLATION = "partial_isolation", _("Delvis isolasjon (strpl. § 186)")
    LETTER_CONTROL = "letter_control", _("Brevkontroll (strpl. § 186)")
    VISIT_CONTROL = "visit_control", _("Besøkskontroll (strpl. § 186)")


class PenaltyScale(models.TextChoices):
    """strpl § 186 a third para: the most severe penalty the charge can carry, which sets the
    cap on continuous full isolation (6 weeks; 12 over 6 years; beyond only for weighty
    reasons, and under the 6-week cap only when several acts together pass 6 years)."""

    UP_TO_6_YEARS = "up_to_6_years", _("Inntil 6 år (grense 6 uker)")
    SEVERAL_OVER_6_YEARS = (
        "several_over_6_years",
        _("Flere handlinger, samlet over 6 år (6 uker; lenger ved tungtveiende hensyn)"),
    )
    OVER_6_YEARS = "over_6_years", _("Over 6 år (grense 12 uker)")
