"""Codes for persons: sex, identity kinds, relations, responsibility reasons."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "female", _("Kvinne")
    MALE = "male", _("Mann")
    UNKNOWN = "unknown", _("Ukjent")


class IdKind(models.TextChoices):
    FNR = "fnr", _("Fødselsnummer")
    DNR = "dnr", _("D-nummer")
    HNR = "hnr", _("H-nummer")
    FH = "fh", _("FH-nummer")
    NONE = "none", _("Uten norsk ID-nummer")


class Relation(models.TextChoices):
    CHILD = "child", _("Barn")
    PARENT = "parent", _("Forelder")
    SPOUSE = "spouse", _("Ektefelle/samboer")
    SIBLING = "sibling", _("Søsken")
    GUARDIAN = "guardian", _("Verge")
    OTHER = "other", _("Annen")


class ResponsibilityReason(models.TextChoices):
    """Why a unit is responsible for a person over a period (drives access scoping)."""

    STAY = "stay", _("Opphold i fengsel")
    COMMUNITY_CASE = "community_case", _("Straffegjennomføring i samfunnet")
    REMAND = "remand", _("Varetekt")
    PRE_SENTENCE_REPORT = "pre_sentence_report", _("Personundersøkelse")
    FOLLOW_UP = "follow_up", _("Oppfølging etter løslatelse")
    MANUAL = "manual", _("Manuelt registrert")
