"""Judgments received by the service (dom mottatt) and manual overrides of their key dates.

Key dates are computed, not stored: see ``varde.sentencing.rules`` and
``varde.sentencing.queries.key_dates_for``. Only a manual override (with its reason) is stored.

Several sentences served as one term (fsg § 3-2 first para) are modelled explicitly with
``Judgment.combined_with``: the first judgment of the term is the *principal* (its
``combined_with`` is empty) and every later judgment that joins the term points to it. The
case worker decides the combination (an action, audited), because not every pair is served
together: subsidiary prison for a fine is served in full (fsg § 3-2 third para) and a
community sentence is not a prison term. Key dates of any judgment in the group are the dates
of the merged term, counted from the principal's start. A group is flat (a member never has
members of its own).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from varde.sentencing.choices import JudgmentStatus, KeyDateField, Reaction


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
    # Prison term (and subsidiary prison of a community sentence, youth sentence or fine).
    term_years = models.PositiveSmallIntegerField(_("år"), default=0)
    term_months = models.PositiveSmallIntegerField(_("måneder"), default=0)
    term_days = models.PositiveIntegerField(_("dager"), default=0)
    # Remand credit fixed by the court (strl § 83), in days.
    credited_days = models.PositiveIntegerField(_("varetektsfradrag (dager)"), default=0)
    # Preventive detention (forvaring, strl §§ 43-44): time frame and minimum time.
    frame_years = models.PositiveSmallIntegerField(_("tidsramme, år"), default=0)
    frame_months = models.PositiveSmallIntegerField(_("tidsramme, måneder"), default=0)
    frame_days = models.PositiveIntegerField(_("tidsramme, dager"), default=0)
    minimum_years = models.PositiveSmallIntegerField(_("minstetid, år"), default=0)
    minimum_months = models.PositiveSmallIntegerField(_("minstetid, måneder"), default=0)
    minimum_days = models.PositiveIntegerField(_("minstetid, dager"), default=0)
    # Community sentence (strl § 49), fine service (strgjfl § 16 b): hours ordered.
    hours = models.PositiveSmallIntegerField(_("timer"), null=True, blank=True)
    # Execution period (gjennomføringstid): community sentence (strl § 49 c), youth sentence
    # (strl § 52 b), RK programme (10 months unless longer), fine service (20 days-8 months).
    execution_years = models.PositiveSmallIntegerField(_("gjennomføringstid, år"), default=0)
    execution_months = models.PositiveSmallIntegerField(_("gjennomføringstid, måneder"), default=0)
    execution_days = models.PositiveIntegerField(_("gjennomføringstid, dager"), default=0)
    # Probation period (prøvetid) of a suspended sentence with RK or ND programme (strl § 34).
    probation_years = models.PositiveSmallIntegerField(_("prøvetid, år"), default=0)
    combined_with = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="combined_members",
        verbose_name=_("gjennomføres sammen med"),
    )
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

    @property
    def principal_id(self) -> int:
        """The id of the first judgment of the term this one is served in (fsg § 3-2)."""
        return self.combined_with_id or self.pk


class DateOverride(models.Model):
    """A key date set by hand instead of the computed one; the reason is required."""

    judgment = models.ForeignKey(Judgment, on_delete=models.PROTECT, related_name="overrides")
    field = models.CharField(_("dato"), max_length=40, choices=KeyDateField.choices)
    date = models.DateField(_("overstyrt dato"))
    reason = models.TextField(_("begrunnelse"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_by_name = models.CharField(_("overstyrt av"), max_length=150)
    created_at = models.DateTimeField(_("overstyrt"), auto_now_add=True)

    class Meta:
        ordering = ["field"]
        verbose_name = _("overstyrt dato")
        verbose_name_plural = _("overstyrte datoer")
        constraints = [
            models.UniqueConstraint(fields=["judgment", "field"], name="override_one_per_field")
        ]

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.date:%d.%m.%Y}"
