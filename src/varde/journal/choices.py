"""Codes for the journal."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    CONVERSATION = "conversation", _("Samtale")
    OBSERVATION = "observation", _("Observasjon")
    DECISION = "decision", _("Vedtak")
    PARTNER_CONTACT = "partner_contact", _("Kontakt med samarbeidspartner")
    EVENT = "event", _("Hendelse")  # written by the system when an action changes the case
