"""Codes for exclusions, coercive measures, notices, reviews, the contact plan and the
deviation register (English codes, Norwegian labels).

Grounds and legal bases list the codes of every rule set (current law and the 2026 reform);
which of them a decision may use on a given day is the rule set's business (``rules.py``).
"""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ExclusionGround(models.TextChoices):
    """Why an inmate is excluded from company. The label names the paragraph."""

    # strgjfl as in force (§§ 37, 39)
    PREVENTIVE_A = "preventive_a", _("§ 37 første ledd a: særlig negativ påvirkning av miljøet")
    PREVENTIVE_B = "preventive_b", _("§ 37 første ledd b: skade på seg selv, vold eller trusler")
    PREVENTIVE_C = "preventive_c", _("§ 37 første ledd c: betydelig materiell skade")
    PREVENTIVE_D = "preventive_d", _("§ 37 første ledd d: straffbare handlinger")
    PREVENTIVE_E = "preventive_e", _("§ 37 første ledd e: ro, orden og sikkerhet")
    COLLECTIVE = "collective", _("§ 37 åttende ledd: kollektiv utelukkelse")
    BUILDING_STAFFING = (
        "building_staffing",
        _("§ 37 niende ledd: bygnings- eller bemanningsforhold"),
    )
    OWN_WISH = "own_wish", _("§ 37 niende ledd: innsattes eget ønske")
    BREACH = "breach", _("§ 39: umiddelbar utelukkelse etter brudd")
    # lov 2026-05-12-18 (isolation reform)
    INMATE_SELF_HARM = "inmate_self_harm", _("§ 37 a: hindre skade på seg selv")
    INMATE_HARM_OTHERS = "inmate_harm_others", _("§ 37 a: hindre skade på andre")
    INMATE_DAMAGE = "inmate_damage", _("§ 37 a: hindre betydelig materiell skade")
    INMATE_INFLUENCE = "inmate_influence", _("§ 37 a: særlig negativ påvirkning av miljøet")
    PRISON_CONDITIONS = "prison_conditions", _("§ 37 b: akutte forhold ved fengselet")
    COMMITTAL = "committal", _("§ 37 tredje ledd: kartlegging ved innsettelse")
    OWN_CHOICE = "own_choice", _("§ 37 d: innsatte velger selv å avstå fra fellesskapet")


class Extent(models.TextChoices):
    FULL = "full", _("Hel utelukkelse")
    PARTIAL = "partial", _("Delvis utelukkelse")


class MeasureKind(models.TextChoices):
    """Coercive means (strgjfl § 38), in the column order of appendix 5 of the 2024 annual
    report, then the means the appendix does not count."""

    SECURITY_CELL = "security_cell", _("Sikkerhetscelle")
    SECURITY_BED = "security_bed", _("Sikkerhetsseng")
    GAS = "gas", _("Gass")
    BATON = "baton", _("Kølle/batong")
    BODY_CUFF = "body_cuff", _("Bodycuff")
    SHIELD = "shield", _("Skjold")
    OC_SPRAY = "oc_spray", _("OC-gass")
    SPIT_HOOD = "spit_hood", _("Spyttbeskytter")
    HANDCUFFS = "handcuffs", _("Håndjern")
    OTHER = "other", _("Annet godkjent tvangsmiddel")


# Means whose use lasts (a period with reporting thresholds) rather than a moment.
PLACEMENT_KINDS = frozenset({MeasureKind.SECURITY_CELL, MeasureKind.SECURITY_BED})


class MeasureBasis(models.TextChoices):
    """What the coercive means is to avert (strgjfl § 38; §§ 38 a-d after the reform)."""

    ATTACK = "attack", _("Avverge alvorlig angrep eller skade på person")
    SELF_HARM = "self_harm", _("Avverge at innsatte påfører seg selv alvorlig skade")
    THREATS_DAMAGE = "threats_damage", _("Hindre alvorlige trusler eller betydelig skade")
    RIOT = "riot", _("Hindre alvorlige opptøyer eller uroligheter")
    ESCAPE = "escape", _("Hindre rømning")
    INTRUSION = "intrusion", _("Avverge ulovlig inntrenging i fengsel")
    BARRICADE = "barricade", _("Sikre adgang til sperret eller forskanset rom")
    OTHER_ATTACK = "other_attack", _("Avverge andre fysiske angrep (frykt, smerte, ubehag)")


class Recipient(models.TextChoices):
    """Who was told of a decision (Appendix C of rules.md)."""

    INMATE = "inmate", _("Innsatte")
    DOCTOR = "doctor", _("Lege")
    HEALTH_SERVICE = "health_service", _("Kommunal helse- og omsorgstjeneste")
    REGION = "region", _("Regionalt nivå")
    KDI = "kdi", _("Kriminalomsorgsdirektoratet")
    GUARDIAN = "guardian", _("Verge (under 18 år)")


class ReviewLevel(models.TextChoices):
    """Who took a position on continuing the measure."""

    UNIT = "unit", _("Enheten")
    REGION = "region", _("Regionalt nivå")
    KDI = "kdi", _("Kriminalomsorgsdirektoratet")


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", _("Opprettholdes")
    END = "end", _("Avsluttes")


class ContactKind(models.TextChoices):
    """Isolation-reducing measures: meaningful human contact (rules.md § 8.4)."""

    STAFF_CONVERSATION = "staff_conversation", _("Samtale med ansatt")
    ACTIVITY_WITH_STAFF = "activity_with_staff", _("Aktivitet med ansatt")
    OUTDOOR = "outdoor", _("Lufting i følge")
    VISIT = "visit", _("Besøk")
    CALL = "call", _("Telefon- eller videosamtale")
    HEALTH = "health", _("Helsetjenesten")
    SCHOOL = "school", _("Skole/undervisning")
    CHAPLAIN = "chaplain", _("Prest, imam eller annen livssynsveileder")
    VOLUNTEER = "volunteer", _("Frivillig/likeperson")
    COMPANY = "company", _("Fellesskap med én eller flere innsatte")
    OTHER = "other", _("Annet")


class DeadlineState(models.TextChoices):
    """How a deadline stands (``rules.MET`` ...)."""

    MET = "met", _("Oppfylt")
    LATE = "late", _("For sent")
    OVERDUE = "overdue", _("Forfalt")
    UPCOMING = "upcoming", _("Kommer")


class DeviationStatus(models.TextChoices):
    OPEN = "open", _("Åpent")
    CLOSED = "closed", _("Lukket")


# --- deviation sources: an extensible list ---------------------------------------------------
# Other apps add their own automatic sources (e.g. the Mandela-rule alerts from the time out
# of cell data) with ``register_deviation_source`` in their AppConfig.ready(); the model field
# takes its choices from this registry through a callable, so adding one needs no migration.


class DeviationSource:
    """The built-in sources. Codes are stable; labels are Norwegian."""

    DEADLINE_PASSED = "deadline_passed"
    DOCTOR_NOTICE_MISSING = "doctor_notice_missing"
    MANDELA_BREACH = "mandela_breach"  # a run of isolation days (Mandela rule 44)
    MANDELA_PROLONGED = "mandela_prolonged"  # more than 15 in a row (rules 43-44): severe
    OUT_OF_CELL_FLOOR = "out_of_cell_floor"  # under 4 hours out of cell (2026 reform, § 17)
    MANUAL = "manual"


_SOURCES: dict[str, Promise | str] = {
    DeviationSource.DEADLINE_PASSED: _("Frist passert"),
    DeviationSource.DOCTOR_NOTICE_MISSING: _("Lege eller helsetjeneste ikke varslet"),
    DeviationSource.MANDELA_BREACH: _("Brudd på Mandela-reglene (isolasjon)"),
    DeviationSource.MANDELA_PROLONGED: _("Langvarig isolasjon: mer enn 15 døgn (Mandela-reglene)"),
    DeviationSource.OUT_OF_CELL_FLOOR: _("Under fire timer utenfor cellen (strgjfl. § 17)"),
    DeviationSource.MANUAL: _("Registrert manuelt"),
}


def register_deviation_source(code: str, label: Promise | str) -> None:
    """Add an automatic deviation source (idempotent for the same code)."""
    if not code or len(code) > 40:
        raise ValueError("a deviation source code is 1-40 characters")
    _SOURCES[code] = label


def deviation_source_choices() -> list[tuple[str, Promise | str]]:
    """The model field's choices (a callable: read when used, not frozen in migrations)."""
    return list(_SOURCES.items())


def deviation_source_label(code: str) -> str:
    return str(_SOURCES.get(code, code))
