"""Regions, units, their places and closures, and the staff who work there."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from varde.organisation.choices import PlaceSex, RegionCode, Role, Scope, SecurityLevel, UnitKind


class Region(models.Model):
    code = models.CharField(_("kode"), max_length=16, choices=RegionCode.choices, unique=True)
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regioner")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """An enhet: a prison, a department with its own security level, an office or a centre."""

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=150)
    kind = models.CharField(_("type"), max_length=32, choices=UnitKind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="departments",
        help_text=_("Fengselet en avdeling hører til, om noen."),
    )
    street_address = models.CharField(_("adresse"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=4, blank=True)
    city = models.CharField(_("poststed"), max_length=100, blank=True)
    is_active = models.BooleanField(_("i drift"), default=True)

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")

    def __str__(self) -> str:
        return self.name


class Capacity(models.Model):
    """Number of places of one security level and sex at a unit, valid over a date range."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="capacities")
    security_level = models.CharField(
        _("sikkerhetsnivå"), max_length=16, choices=SecurityLevel.choices
    )
    sex = models.CharField(
        _("kjønn"), max_length=8, choices=PlaceSex.choices, default=PlaceSex.MALE
    )
    places = models.PositiveIntegerField(_("plasser"))
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta:
        ordering = ["unit", "security_level", "sex", "valid_from"]
        verbose_name = _("kapasitet")
        verbose_name_plural = _("kapasiteter")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="capacity_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.places} ({self.get_security_level_display()})"


class PlaceClosure(models.Model):
    """Places closed for a period (staffing, building work); reduces capacity on those dates."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="closures")
    security_level = models.CharField(
        _("sikkerhetsnivå"), max_length=16, choices=SecurityLevel.choices
    )
    sex = models.CharField(
        _("kjønn"), max_length=8, choices=PlaceSex.choices, default=PlaceSex.MALE
    )
    places = models.PositiveIntegerField(_("plasser stengt"))
    date_from = models.DateField(_("fra"))
    date_to = models.DateField(_("til og med"))
    reason = models.CharField(_("årsak"), max_length=200)

    class Meta:
        ordering = ["unit", "date_from"]
        verbose_name = _("stengte plasser")
        verbose_name_plural = _("stengte plasser")
        constraints = [
            models.CheckConstraint(
                condition=Q(date_to__gte=models.F("date_from")), name="closure_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.places} stengt {self.date_from}–{self.date_to}"


class User(AbstractUser):
    """A staff member. Role and scope decide what they see (see ``varde.people.queries``)."""

    role = models.CharField(_("rolle"), max_length=32, choices=Role.choices)
    scope = models.CharField(_("omfang"), max_length=16, choices=Scope.choices, default=Scope.UNIT)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )

    class Meta:
        verbose_name = _("ansatt")
        verbose_name_plural = _("ansatte")

    def clean(self) -> None:
        from varde.organisation.rules import scope_problem

        problem = scope_problem(
            self.scope, has_unit=self.unit_id is not None, has_region=self.region_id is not None
        )
        if problem:
            raise ValidationError(problem)
