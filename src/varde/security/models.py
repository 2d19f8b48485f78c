"""Security (issue 5 item 6): incidents with the persons involved, contraband finds, drug
tests, group affiliation and keep-apart relations.

- Incidents, finds and drug tests belong to a unit: staff see those of the units in their
  scope (``queries.incidents_visible_to``); analysts see counts only (``counts``).
- Group affiliation (gruppetilhørighet, strgjfl §§ 4c, 4f) is sensitive: its own permission
  (``security.access_affiliations``), a reason on every entry, and its own append-only log of
  every read (``AffiliationRead``) — separate from the person's ordinary access log so that
  "who looked at affiliation data" is one query.
- A keep-apart relation (skal holdes adskilt) is symmetric: stored once with the lower person
  id first, looked up from either side.

Every write is an action in ``actions.py`` (audit row; a journal event without sensitive
detail).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from varde.audit.models import AppendOnlyModel
from varde.security.choices import (
    AffiliationSource,
    Confidence,
    ContrabandKind,
    DrugTestResult,
    FindPlace,
    GroupKind,
    IncidentKind,
    InvolvementRole,
    KeepApartScope,
    QuantityUnit,
    SampleKind,
)


def _registered_by() -> Any:
    """Who registered the row (empty when the system did; the name is kept beside it)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )


class CriminalGroup(models.Model):
    """A criminal network or gang in the register (not personal data on its own)."""

    name = models.CharField(_("navn"), max_length=150, unique=True)
    kind = models.CharField(_("type"), max_length=24, choices=GroupKind.choices)
    description = models.TextField(_("beskrivelse"), blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("gruppe")
        verbose_name_plural = _("grupper")

    def __str__(self) -> str:
        return self.name


class Affiliation(models.Model):
    """A person's affiliation with a group over a period, with its source and how sure the
    service is of it. ``reason`` (why it is registered) is required."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="affiliations"
    )
    group = models.ForeignKey(
        CriminalGroup,
        on_delete=models.PROTECT,
        related_name="affiliations",
        verbose_name=_("gruppe"),
    )
    date_from = models.DateField(_("fra"))
    date_to = models.DateField(_("til og med"), null=True, blank=True)
    source = models.CharField(_("kilde"), max_length=24, choices=AffiliationSource.choices)
    confidence = models.CharField(
        _("vurdert pålitelighet"), max_length=16, choices=Confidence.choices
    )
    reason = models.TextField(_("begrunnelse"))
    registered_by = _registered_by()
    registered_by_name = models.CharField(_("registrert av"), max_length=150)
    registered_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        ordering = ["-date_from", "-id"]
        verbose_name = _("gruppetilhørighet")
        verbose_name_plural = _("gruppetilhørigheter")
        indexes = [models.Index(fields=["group", "date_to"], name="affiliation_group_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_to__isnull=True) | Q(date_to__gte=F("date_from")),
                name="affiliation_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.date_from:%d.%m.%Y}"


class AffiliationRead(AppendOnlyModel):
    """One read of a person's affiliation data (page, panel, placement support or API)."""

    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(_("lest av"), max_length=150)
    person = models.ForeignKey(
        "people.Person", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    channel = models.CharField(_("kanal"), max_length=16)  # "web" or "api"
    path = models.CharField(_("adresse"), max_length=300)
    purpose = models.CharField(_("formål"), max_length=40)  # e.g. "person", "placement"

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("innsynslogg for gruppetilhørighet")
        verbose_name_plural = _("innsynslogg for gruppetilhørighet")
        indexes = [models.Index(fields=["person", "at"], name="affiliationread_person_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} → {self.person_id}"


class KeepApart(models.Model):
    """Two persons who must be kept apart (skal holdes adskilt) within ``scope``.

    Symmetric: stored once with ``person_a`` the lower id (a check constraint), found from
    either side (``queries.keep_apart_for``)."""

    person_a = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(_("omfang"), max_length=16, choices=KeepApartScope.choices)
    reason = models.TextField(_("begrunnelse"))
    date_from = models.DateField(_("fra"))
    date_to = models.DateField(_("til og med"), null=True, blank=True)
    registered_by = _registered_by()
    registered_by_name = models.CharField(_("registrert av"), max_length=150)
    registered_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        ordering = ["-date_from", "-id"]
        verbose_name = _("skal holdes adskilt")
        verbose_name_plural = _("skal holdes adskilt")
        indexes = [models.Index(fields=["person_b"], name="keepapart_person_b_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(person_a__lt=F("person_b")), name="keepapart_ordered_pair"
            ),
            models.CheckConstraint(
                condition=Q(date_to__isnull=True) | Q(date_to__gte=F("date_from")),
                name="keepapart_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} ↔ {self.person_b_id} ({self.get_scope_display()})"

    def other_id(self, person_id: int) -> int:
        """The id of the person on the other side of the relation from ``person_id``."""
        return self.person_b_id if person_id == self.person_a_id else self.person_a_id


class Incident(models.Model):
    """Something that happened at a unit (uønsket hendelse), with the persons involved."""

    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet")
    )
    kind = models.CharField(_("type hendelse"), max_length=24, choices=IncidentKind.choices)
    occurred_at = models.DateTimeField(_("tidspunkt"))
    description = models.TextField(_("beskrivelse"))
    injuries = models.BooleanField(_("personskade"), default=False)
    injury_note = models.CharField(_("om skaden"), max_length=300, blank=True)
    follow_up = models.TextField(_("oppfølging"), blank=True)
    follow_up_done = models.BooleanField(_("oppfølging fullført"), default=False)
    registered_by = _registered_by()
    registered_by_name = models.CharField(_("registrert av"), max_length=150)
    registered_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("hendelse")
        verbose_name_plural = _("hendelser")
        indexes = [models.Index(fields=["unit", "occurred_at"], name="incident_unit_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%d.%m.%Y}"


class Involvement(models.Model):
    """A person's part in an incident (utøver, fornærmet, vitne, involvert)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="involvements")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="incident_involvements"
    )
    role = models.CharField(_("rolle"), max_length=16, choices=InvolvementRole.choices)

    class Meta:
        ordering = ["incident", "role", "id"]
        verbose_name = _("involvert person")
        verbose_name_plural = _("involverte personer")
        constraints = [
            models.UniqueConstraint(fields=["incident", "person"], name="involvement_once")
        ]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.person_id} ({self.get_role_display()})"


class ContrabandFind(models.Model):
    """Something not allowed found at a unit (beslag, strgjfl §§ 26–28)."""

    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet")
    )
    found_at = models.DateTimeField(_("funnet"))
    kind = models.CharField(_("type"), max_length=16, choices=ContrabandKind.choices)
    place = models.CharField(_("funnsted"), max_length=16, choices=FindPlace.choices)
    description = models.CharField(_("beskrivelse"), max_length=300, blank=True)
    quantity = models.DecimalField(
        _("mengde"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    quantity_unit = models.CharField(
        _("enhet for mengde"), max_length=16, choices=QuantityUnit.choices, blank=True
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contraband_finds",
        verbose_name=_("person"),
    )
    registered_by = _registered_by()
    registered_by_name = models.CharField(_("registrert av"), max_length=150)
    registered_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        ordering = ["-found_at", "-id"]
        verbose_name = _("beslag")
        verbose_name_plural = _("beslag")
        indexes = [models.Index(fields=["unit", "found_at"], name="contraband_unit_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gt=0),
                name="contraband_quantity_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.found_at:%d.%m.%Y}"


class DrugTest(models.Model):
    """A drug test of a person (rusmiddeltest, strgjfl § 29): taken, refused, negative or
    positive with the substances found."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="drug_tests")
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet")
    )
    taken_at = models.DateTimeField(_("tidspunkt"))
    sample = models.CharField(
        _("type prøve"), max_length=16, choices=SampleKind.choices, default=SampleKind.URINE
    )
    result = models.CharField(_("resultat"), max_length=16, choices=DrugTestResult.choices)
    substances = models.JSONField(_("stoffer"), default=list, blank=True)  # Substance codes
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    registered_by = _registered_by()
    registered_by_name = models.CharField(_("registrert av"), max_length=150)
    registered_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        ordering = ["-taken_at", "-id"]
        verbose_name = _("rusmiddeltest")
        verbose_name_plural = _("rusmiddeltester")
        indexes = [models.Index(fields=["unit", "taken_at"], name="drugtest_unit_idx")]

    def __str__(self) -> str:
        return f"{self.get_result_display()} {self.taken_at:%d.%m.%Y}"

    @property
    def substance_labels(self) -> list[str]:
        from varde.security.choices import Substance

        return [str(Substance(code).label) for code in self.substances if code in Substance.values]
