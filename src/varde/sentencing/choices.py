"""Codes for judgments: the reaction imposed and where a judgment is in its life."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Reaction(models.TextChoices):
    PRISON = "prison", _("Ubetinget fengsel")
    PREVENTIVE_DETENTION = "preventive_detention", _("Forvaring")
    COMMUNITY_SENTENCE = "community_sentence", _("Samfunnsstraff")
    RK_PROGRAMME = "rk_programme", _("Program mot ruspåvirket kjøring")
    ND_PROGRAMME = "nd_programme", _("Narkotikaprogram med domstolskontroll")
    FINE_SERVICE = "fine_service", _("Bøtetjeneste")
    YOUTH_SENTENCE = "youth_sentence", _("Ungdomsstraff")
    FINE_DEFAULT = "fine_default", _("Subsidiær fengselsstraff for bot")


# Reactions served in prison (or with EK instead of prison): the key-date engine applies.
CUSTODIAL_REACTIONS = frozenset({Reaction.PRISON, Reaction.FINE_DEFAULT})


class JudgmentStatus(models.TextChoices):
    RECEIVED = "received", _("Mottatt")
    QUEUED = "queued", _("I soningskø")
    IN_EXECUTION = "in_execution", _("Under gjennomføring")
    COMPLETED = "completed", _("Gjennomført")
    CANCELLED = "cancelled", _("Bortfalt")
