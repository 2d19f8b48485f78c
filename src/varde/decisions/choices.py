"""Codes for applications (søknader), decisions (vedtak), appeals (klager) and victim
notification (varsling av fornærmede og etterlatte): English codes, Norwegian labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationKind(models.TextChoices):
    TRANSFER = "transfer", _("Overføring til annet fengsel")
    LEAVE = "leave", _("Permisjon")
    DAY_RELEASE = "day_release", _("Frigang")
    EK = "ek", _("Straffegjennomføring med elektronisk kontroll")
    INSTITUTION = "institution", _("Opphold i institusjon (§ 12)")
    INTERRUPTION = "interruption", _("Straffavbrudd")
    CHILD_VISIT = "child_visit", _("Besøk av barn")
    STUDY = "study", _("Opplæring og studier")
    OTHER = "other", _("Annet")


class Level(models.TextChoices):
    """Who decides (strgjfl § 5): local unit, region, the directorate; the ministry only as
    the appeals body for the directorate's own decisions (forvaltningsloven § 28)."""

    LOCAL = "local", _("Lokalt nivå")
    REGION = "region", _("Regionalt nivå")
    KDI = "kdi", _("Kriminalomsorgsdirektoratet")
    MINISTRY = "ministry", _("Justis- og beredskapsdepartementet")


LEVEL_ORDER = (Level.LOCAL, Level.REGION, Level.KDI, Level.MINISTRY)


class ApplicationStatus(models.TextChoices):
    REGISTERED = "registered", _("Til behandling")
    FORWARDED = "forwarded", _("Sendt til overordnet nivå")
    DECIDED = "decided", _("Avgjort")
    APPEALED = "appealed", _("Påklaget")
    APPEAL_FORWARDED = "appeal_forwarded", _("Klage sendt klageinstansen")
    APPEAL_DECIDED = "appeal_decided", _("Klage avgjort")
    WITHDRAWN = "withdrawn", _("Trukket")


OPEN_STATUSES = frozenset({ApplicationStatus.REGISTERED, ApplicationStatus.FORWARDED})
OPEN_APPEAL_STATUSES = frozenset({ApplicationStatus.APPEALED, ApplicationStatus.APPEAL_FORWARDED})


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Innvilget")
    PARTLY_GRANTED = "partly_granted", _("Delvis innvilget")
    REFUSED = "refused", _("Avslått")


GRANTING_OUTCOMES = frozenset({Outcome.GRANTED, Outcome.PARTLY_GRANTED})


class AppealOutcome(models.TextChoices):
    """forvaltningsloven §§ 33-34: the appeal is dismissed (avvist: too late, no standing),
    the decision upheld, or changed in whole or in part."""

    UPHELD = "upheld", _("Stadfestet")
    REVERSED = "reversed", _("Omgjort")
    PARTLY_REVERSED = "partly_reversed", _("Delvis omgjort")
    DISMISSED = "dismissed", _("Avvist")


CHANGING_APPEAL_OUTCOMES = frozenset({AppealOutcome.REVERSED, AppealOutcome.PARTLY_REVERSED})


class AppealPeriod(models.TextChoices):
    """Which appeal deadline applies (strgjfl § 7 letter e; forvaltningsloven § 29)."""

    STRGJFL = "strgjfl", _("7 dager (strgjfl. § 7 bokstav e)")
    BREACH = "breach", _("48 timer (strgjfl. § 7 bokstav e, reaksjon på brudd)")
    GENERAL = "general", _("3 uker (forvaltningsloven § 29)")


class Channel(models.TextChoices):
    """How a decision or a victim notice reached its recipient."""

    IN_PERSON = "in_person", _("Utlevert personlig")
    LETTER = "letter", _("Brev")
    DIGITAL = "digital", _("Digital post")
    PHONE = "phone", _("Telefon")
    EMAIL = "email", _("E-post")
    ORAL = "oral", _("Muntlig (strgjfl. § 7 bokstav b)")


class VictimRelation(models.TextChoices):
    VICTIM = "victim", _("Fornærmede")
    SURVIVOR = "survivor", _("Etterlatt")
    GUARDIAN = "guardian", _("Verge eller foresatt for fornærmede")
    COUNSEL = "counsel", _("Bistandsadvokat")


class NoticeEvent(models.TextChoices):
    """Movements a victim or surviving relative is to be told about (strgjfl § 7 b)."""

    LEAVE = "leave", _("Permisjon")
    INTERRUPTION = "interruption", _("Straffavbrudd")
    DAY_RELEASE = "day_release", _("Frigang")
    OUTSIDE_PRISON = "outside_prison", _("Gjennomføring utenfor fengsel (§ 16 / § 16 a)")
    PAROLE = "parole", _("Prøveløslatelse")
    RELEASE = "release", _("Løslatelse")
    ESCAPE = "escape", _("Unndragelse (rømning, unnvikelse, uteblivelse)")
    CHANGE_OF_RESIDENCE = "change_of_residence", _("Endret bosted i prøvetiden")
