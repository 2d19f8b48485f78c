"""Exclusions from company, coercive measures, what was told to whom and decided by whom
about them, the weekly contact plan of an excluded inmate, and the deviation register.

A decision here is a period (``start_at`` to ``end_at``) with its law: the abstract
``Decision`` holds what every decision carries (legal basis and its paragraph, written
reasons, the child's best interest for a minor, who decided and authorised, the rule set and
the appeal deadline) so exclusions and coercive measures share one definition; their actions
share one validation (``varde.safeguards.decisions``). Notices and reviews belong to either
an exclusion or a measure (``AttachedToDecision``). Everything is written by ``actions.py``.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from varde.safeguards.choices import (
    ContactKind,
    DeviationStatus,
    ExclusionGround,
    Extent,
    MeasureBasis,
    MeasureKind,
    Recipient,
    ReviewLevel,
    ReviewOutcome,
    deviation_source_choices,
    deviation_source_label,
)


class Decision(models.Model):
    """What a decision carries (ARCHITECTURE.md convention 4). Subclasses give
    ``legal_basis`` its choices."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet")
    )
    legal_basis = models.CharField(_("hjemmel"), max_length=40)
    legal_basis_text = models.CharField(_("lovhjemmel"), max_length=120)
    reasons = models.TextField(_("begrunnelse"))
    best_interest = models.TextField(_("vurdering av barnets beste"), blank=True)
    minor = models.BooleanField(_("under 18 år ved vedtaket"), default=False)
    rule_set = models.CharField(_("regelverk"), max_length=8)
    decided_at = models.DateTimeField(_("vedtatt"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by_name = models.CharField(_("registrert av"), max_length=150)
    authorised_by = models.CharField(_("besluttet av"), max_length=150)
    appeal_deadline_at = models.DateTimeField(_("klagefrist"), null=True, blank=True)
    start_at = models.DateTimeField(_("fra"))
    end_at = models.DateTimeField(_("til"), null=True, blank=True)
    end_note = models.CharField(_("merknad ved avslutning"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return self.end_at is None

    @property
    def basis_summary(self) -> str:
        """The legal basis's label without the paragraph the label may start with."""
        field = cast("models.Field[Any, Any]", self._meta.get_field("legal_basis"))
        choices = dict(field.flatchoices)
        return str(choices.get(self.legal_basis, self.legal_basis)).split(": ", 1)[-1]


class Exclusion(Decision):
    """Exclusion from company (utelukkelse fra fellesskapet; strgjfl §§ 37, 39; after the
    reform §§ 37-37 d). Court-ordered isolation in remand is the court's decision
    (``execution.RemandRestriction``) and is shown beside these, not copied."""

    legal_basis = models.CharField(_("grunnlag"), max_length=40, choices=ExclusionGround.choices)
    extent = models.CharField(_("omfang"), max_length=8, choices=Extent.choices)
    planned_review_on = models.DateField(_("planlagt ny vurdering"), null=True, blank=True)

    class Meta:
        ordering = ["-start_at", "-id"]
        verbose_name = _("utelukkelse")
        verbose_name_plural = _("utelukkelser")
        indexes = [
            models.Index(fields=["unit", "end_at"], name="exclusion_unit_end_idx"),
            models.Index(fields=["person", "start_at"], name="exclusion_person_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_at__isnull=True) | Q(end_at__gt=models.F("start_at")),
                name="exclusion_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(end_at__isnull=True),
                name="exclusion_one_open_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_extent_display()} {self.start_at:%d.%m.%Y %H:%M}"


class CoerciveMeasure(Decision):
    """Use of a coercive means (tvangsmiddel; strgjfl § 38, after the reform §§ 38-38 e)."""

    legal_basis = models.CharField(_("formål"), max_length=40, choices=MeasureBasis.choices)
    kind = models.CharField(_("tvangsmiddel"), max_length=16, choices=MeasureKind.choices)
    doctor_statement_sought = models.BooleanField(_("uttalelse fra lege innhentet"), default=False)
    doctor_statement = models.TextField(_("legens uttalelse"), blank=True)
    doctor_not_sought_reason = models.CharField(
        _("hvorfor lege ikke ble spurt"), max_length=300, blank=True
    )

    class Meta:
        ordering = ["-start_at", "-id"]
        verbose_name = _("tvangsmiddelbruk")
        verbose_name_plural = _("tvangsmiddelbruk")
        indexes = [
            models.Index(fields=["unit", "end_at"], name="measure_unit_end_idx"),
            models.Index(fields=["person", "start_at"], name="measure_person_idx"),
            models.Index(fields=["kind", "start_at"], name="measure_kind_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_at__isnull=True) | Q(end_at__gt=models.F("start_at")),
                name="measure_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_at:%d.%m.%Y %H:%M}"


class AttachedToDecision(models.Model):
    """Belongs to exactly one exclusion or coercive measure."""

    exclusion = models.ForeignKey(
        Exclusion, on_delete=models.CASCADE, null=True, blank=True, related_name="%(class)ss"
    )
    measure = models.ForeignKey(
        CoerciveMeasure,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ss",
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(exclusion__isnull=True, measure__isnull=False)
                | Q(exclusion__isnull=False, measure__isnull=True),
                name="%(app_label)s_%(class)s_one_decision",
            )
        ]

    @property
    def decision(self) -> Exclusion | CoerciveMeasure:
        found = self.exclusion or self.measure
        assert found is not None
        return found


class Notice(AttachedToDecision):
    """Who was told of the decision, and when (Appendix C of rules.md)."""

    recipient = models.CharField(_("mottaker"), max_length=16, choices=Recipient.choices)
    at = models.DateTimeField(_("tidspunkt"))
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    registered_by_name = models.CharField(_("registrert av"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(AttachedToDecision.Meta):
        ordering = ["at", "id"]
        verbose_name = _("underretning")
        verbose_name_plural = _("underretninger")

    def __str__(self) -> str:
        return f"{self.get_recipient_display()} {self.at:%d.%m.%Y %H:%M}"


class Review(AttachedToDecision):
    """A position taken on continuing the measure: by the unit (a new decision), the region
    or KDI."""

    level = models.CharField(_("nivå"), max_length=8, choices=ReviewLevel.choices)
    outcome = models.CharField(_("utfall"), max_length=8, choices=ReviewOutcome.choices)
    at = models.DateTimeField(_("tidspunkt"))
    reasons = models.TextField(_("begrunnelse"))
    best_interest = models.TextField(_("vurdering av barnets beste"), blank=True)
    decided_by_name = models.CharField(_("registrert av"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(AttachedToDecision.Meta):
        ordering = ["at", "id"]
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.get_outcome_display()} {self.at:%d.%m.%Y}"


class SupervisionNote(models.Model):
    """A line of the continuous supervision log of a coercive measure (tilsyn)."""

    measure = models.ForeignKey(
        CoerciveMeasure, on_delete=models.CASCADE, related_name="supervision_notes"
    )
    at = models.DateTimeField(_("tidspunkt"))
    text = models.CharField(_("observasjon"), max_length=500)
    written_by_name = models.CharField(_("skrevet av"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("tilsynsnotat")
        verbose_name_plural = _("tilsynsnotater")

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M}"


class ContactPlan(models.Model):
    """A week's plan of meaningful human contact for a fully excluded inmate
    (isolasjonsreduserende tiltak): at least two hours a day."""

    exclusion = models.ForeignKey(Exclusion, on_delete=models.CASCADE, related_name="contact_plans")
    week_start = models.DateField(_("uke fra (mandag)"))
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    created_by_name = models.CharField(_("laget av"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["week_start", "id"]
        verbose_name = _("plan for menneskelig kontakt")
        verbose_name_plural = _("planer for menneskelig kontakt")
        constraints = [
            models.UniqueConstraint(fields=["exclusion", "week_start"], name="contact_plan_week")
        ]

    def __str__(self) -> str:
        return f"{self.week_start:%d.%m.%Y}"


class ContactActivity(models.Model):
    """One planned contact, and what came of it: offered, accepted, minutes done."""

    plan = models.ForeignKey(ContactPlan, on_delete=models.CASCADE, related_name="activities")
    day = models.DateField(_("dag"))
    kind = models.CharField(_("tiltak"), max_length=24, choices=ContactKind.choices)
    planned_minutes = models.PositiveSmallIntegerField(_("planlagte minutter"))
    offered = models.BooleanField(_("tilbudt"), default=False)
    accepted = models.BooleanField(_("takket ja"), default=False)
    done_minutes = models.PositiveSmallIntegerField(_("gjennomførte minutter"), default=0)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    registered_by_name = models.CharField(_("registrert av"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "id"]
        verbose_name = _("kontakttiltak")
        verbose_name_plural = _("kontakttiltak")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.day:%d.%m.%Y}"


class Deviation(models.Model):
    """A deviation (avvik) in internal control: found by the clocks (``key`` set, one per
    passed deadline) or registered by staff; owned, due, and closed with a note."""

    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("kilde"), max_length=40, choices=deviation_source_choices)
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig"),
    )
    due_on = models.DateField(_("frist"))
    status = models.CharField(
        _("status"), max_length=8, choices=DeviationStatus.choices, default=DeviationStatus.OPEN
    )
    key = models.CharField(max_length=120, blank=True, default="", editable=False)
    exclusion = models.ForeignKey(
        Exclusion, on_delete=models.PROTECT, null=True, blank=True, related_name="deviations"
    )
    measure = models.ForeignKey(
        CoerciveMeasure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviations",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_name = models.CharField(_("registrert av"), max_length=150)
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    closed_by_name = models.CharField(_("lukket av"), max_length=150, blank=True)
    closure_note = models.TextField(_("merknad ved lukking"), blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("avvik")
        verbose_name_plural = _("avvik")
        indexes = [models.Index(fields=["unit", "status"], name="deviation_unit_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~Q(key=""), name="deviation_one_per_key"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False),
                name="deviation_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def source_label(self) -> str:
        return deviation_source_label(self.source)

    @property
    def is_open(self) -> bool:
        return self.status == DeviationStatus.OPEN
