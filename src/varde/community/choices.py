"""Codes for execution in the community (friomsorgen): case kinds, statuses, contacts and
breach responses (English codes, Norwegian labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    EK_FULL = "ek_full", _("EK, helgjennomføring")
    EK_PARTIAL = "ek_partial", _("EK, delgjennomføring")
    COMMUNITY_SENTENCE = "community_sentence", _("Samfunnsstraff")
    RK_PROGRAMME = "rk_programme", _("Program mot ruspåvirket kjøring")
    ND_PROGRAMME = "nd_programme", _("Narkotikaprogram med domstolskontroll")
    FINE_SERVICE = "fine_service", _("Bøtetjeneste")
    AT_HOME = "at_home", _("Gjennomføring i hjemmet (§ 16)")
    PAROLE = "parole", _("Prøveløslatelse med møteplikt")


class CaseStatus(models.TextChoices):
    ACTIVE = "active", _("Aktiv")
    COMPLETED = "completed", _("Gjennomført")
    BREACH = "breach", _("Brudd, sendt retten")
    CONVERTED = "converted", _("Omgjort")
    RETURNED = "returned", _("Avbrutt, tilbake i fengsel")


class ContactKind(models.TextChoices):
    MEETING = "meeting", _("Oppmøte")
    PHONE = "phone", _("Telefon")
    EK_CHECK = "ek_check", _("EK-kontroll")
    VIDEO = "video", _("Videosamtale")


class BreachResponse(models.TextChoices):
    """The responses the law gives for each kind (``rules.BREACH_RESPONSES``)."""

    WARNING = "warning", _("Advarsel")
    TIGHTENING_INTERVIEW = "tightening_interview", _("Innskjerpingssamtale")
    NEW_CONDITIONS = "new_conditions", _("Nye vilkår")
    TIGHTENED_CONTROLS = "tightened_controls", _("Innskjerpede kontrolltiltak")
    WRITTEN_REPRIMAND = "written_reprimand", _("Skriftlig irettesettelse")
    TRANSFER_TO_PRISON = "transfer_to_prison", _("Tilbakeføring til fengsel")
    REFERRAL_TO_COURT = "referral_to_court", _("Begjæring til retten")


class NdPhase(models.TextChoices):
    """ND-forskriften § 7: the four phases, in order."""

    IMPLEMENTATION = "implementation", _("Iverksettingsfasen")
    STABILISATION = "stabilisation", _("Stabiliseringsfasen")
    RESPONSIBILITY = "responsibility", _("Ansvarsfasen")
    CONTINUATION = "continuation", _("Videreføringsfasen")


class EquipmentEventKind(models.TextChoices):
    """What happened to a piece of EK equipment (fsg § 7-5)."""

    MOUNTED = "mounted", _("Montert")
    REPLACED = "replaced", _("Byttet")
    FAULT = "fault", _("Feil")
    ALARM = "alarm", _("Alarm")
    REMOVED = "removed", _("Demontert")


class EkTechnology(models.TextChoices):
    """fsg § 7-5: radio frequency by default; the others only when it is not enough."""

    RADIO_FREQUENCY = "radio_frequency", _("Radiofrekvens (hjemmeenhet og fotlenke)")
    TRACKING = "tracking", _("Sporing (situasjonsbestemt, GPS)")
    REMOTE_ALCOHOL = "remote_alcohol", _("Fjernalkoholtest")
    BIOMETRIC = "biometric", _("Biometri (fingeravtrykk, ansikt)")
    VIDEO = "video", _("Videosamtale")


class SchedulePurpose(models.TextChoices):
    """Why the person may be away from home (fsg § 7-6: occupation and reporting)."""

    WORK = "work", _("Arbeid")
    EDUCATION = "education", _("Utdanning")
    PROGRAMME = "programme", _("Program eller behandling")
    REPORTING = "reporting", _("Oppmøte")
    OTHER = "other", _("Annet")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("mandag")
    TUESDAY = 1, _("tirsdag")
    WEDNESDAY = 2, _("onsdag")
    THURSDAY = 3, _("torsdag")
    FRIDAY = 4, _("fredag")
    SATURDAY = 5, _("lørdag")
    SUNDAY = 6, _("søndag")


# Which case kinds a judgment's reaction allows (sentencing.choices.Reaction codes).
KINDS_FOR_REACTION: dict[str, tuple[str, ...]] = {
    "community_sentence": (CaseKind.COMMUNITY_SENTENCE,),
    "rk_programme": (CaseKind.RK_PROGRAMME,),
    "nd_programme": (CaseKind.ND_PROGRAMME,),
    "fine_service": (CaseKind.FINE_SERVICE,),
    "prison": (CaseKind.EK_FULL, CaseKind.EK_PARTIAL, CaseKind.AT_HOME, CaseKind.PAROLE),
    "fine_default": (CaseKind.EK_FULL, CaseKind.FINE_SERVICE),
}
# Kinds with hours ordered by the court (strl § 49) or fixed by the service (strgjfl § 16 b).
HOURS_KINDS = frozenset({CaseKind.COMMUNITY_SENTENCE, CaseKind.FINE_SERVICE})
# Kinds whose case is the execution of the judgment itself: opening starts the judgment's
# execution and closing completes it. EK partial, § 16 and parole continue a prison term.
OWN_EXECUTION_KINDS = frozenset(
    {
        CaseKind.EK_FULL,
        CaseKind.COMMUNITY_SENTENCE,
        CaseKind.RK_PROGRAMME,
        CaseKind.ND_PROGRAMME,
        CaseKind.FINE_SERVICE,
    }
)
# Kinds under electronic monitoring (strgjfl § 16 a; fsg ch. 7): equipment and schedule.
EK_KINDS = frozenset({CaseKind.EK_FULL, CaseKind.EK_PARTIAL})
