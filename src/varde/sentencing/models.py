"""Judgments received by the service (dom mottatt). Key dates are computed, not stored: see
``varde.sentencing.rules`` and ``varde.sentencing.queries``."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from varde.sentencing.choices import JudgmentStatus, Reaction


class Judgment(models.Model):
    """One final judgment to be executed by the service, for one person."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="judgments")
    court = models.CharField(_("domstol"), max_length=150)
    case_number = models.CharField(_("saksnummer"), max_length=60)
    judgment_date = models.DateField(_("domsdato"))
    final_date = models.DateField(_("rettskraftig"), null=True, blank=True)
    received_on = models.DateField(_("mottatt"))
    main_offence = models.CharField(
        _("hovedlovbrudd"), max_length=30, help_text=_("Straffelovens paragraf, f.eks. strl-321")
    )
    other_offences = models.JSONField(_("andre lovbrudd"), default=list, blank=True)
    reaction = models.CharField(_("reaksjon"), max_length=24, choices=Reaction.choices)
    # Prison term (and subsidiary prison of a community sentence or fine).
    term_years = models.PositiveSmallIntegerField(_("år"), default=0)
    term_months = models.PositiveSmallIntegerField(_("måneder"), default=0)
    term_days = models.PositiveIntegerField(_("dager"), default=0)
    # Remand credit fixed by the court (strl § 83), in days.
    credited_days = models.PositiveIntegerField(_("varetektsfradrag (dager)"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=JudgmentStatus.choices, default=JudgmentStatus.RECEIVED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("dom")
        verbose_name_plural = _("dommer")
        indexes = [models.Index(fields=["status", "received_on"], name="judgment_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "court", "case_number"], name="judgment_unique_case"
            ),
            models.CheckConstraint(
                condition=Q(final_date__isnull=True) | Q(final_date__gte=models.F("judgment_date")),
                name="judgment_final_after_judgment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.court} {self.case_number}"
