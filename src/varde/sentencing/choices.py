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


# Reactions with a time frame and a minimum time (strl §§ 43-44) instead of a term.
PREVENTIVE_REACTIONS = frozenset({Reaction.PREVENTIVE_DETENTION})
# Reactions executed in the community with hours and an execution period.
HOURS_REACTIONS = frozenset({Reaction.COMMUNITY_SENTENCE, Reaction.FINE_SERVICE})
# Reactions whose subsidiary prison term must be given (strl §§ 49 b, 52 b).
SUBSIDIARY_TERM_REACTIONS = frozenset({Reaction.COMMUNITY_SENTENCE, Reaction.YOUTH_SENTENCE})
# Open judgments: not served to the end and not lapsed.
OPEN_STATUSES = frozenset(
    {JudgmentStatus.RECEIVED, JudgmentStatus.QUEUED, JudgmentStatus.IN_EXECUTION}
)


class KeyDateField(models.TextChoices):
    """The key dates of a judgment that can be shown and overridden (rules.md §§ 0.4, 5, 6)."""

    END_OF_SENTENCE = "end_of_sentence_on", _("Endt straffetid")
    TWO_THIRDS = "two_thirds_served_on", _("2/3 av straffen (prøveløslatelse)")
    HALF = "half_served_on", _("Halvparten av straffen")
    ONE_THIRD = "one_third_served_on", _("1/3 av straffen")
    LEAVE = "leave_eligible_from", _("Permisjonstid")
    EK_PARTIAL = "ek_partial_from", _("Delgjennomføring med EK fra")
    TIME_FRAME = "time_frame_served_on", _("Tidsrammen utløper")
    MINIMUM_TIME = "minimum_time_served_on", _("Minstetiden utløper")
    TWO_THIRDS_MINIMUM = "two_thirds_minimum_served_on", _("2/3 av minstetiden")
    EXTENSION_DEADLINE = "extension_suit_deadline", _("Frist for å begjære forlengelse")
    EXECUTION_END = "execution_period_ends_on", _("Gjennomføringstiden utløper")
    CONVERSION_DEADLINE = "conversion_deadline", _("Frist for begjæring om omgjøring")
    PROBATION_END = "probation_ends_on", _("Prøvetiden utløper")
