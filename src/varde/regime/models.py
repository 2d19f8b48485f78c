"""The daily regime in prison: activity offers, enrolment and daily attendance; each
department's default regime of unlock periods and the deviations from it.

Units and departments: an offer, a schedule or a department deviation belongs to a
``Unit``. A prison with departments (``Unit.parent``) may register them at the prison (the
whole unit) or at a department; a department without a schedule of its own follows its
prison's. Inmates belong to the unit of their open placement (``execution.Placement``).

Personal data (written only by ``actions.py``): ``Enrolment``, ``Attendance`` and
``InmateDeviation``. The rest describes the unit, but is audited all the same.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from varde.regime.choices import (
    AbsenceReason,
    ActivityKind,
    AttendanceStatus,
    ContactLevel,
    DayType,
    DepartmentDeviationKind,
    InmateDeviationKind,
)


class ActivityOffer(models.Model):
    """Work, school, a programme, day release or another organised activity (strgjfl § 18),
    offered on some weekdays at set hours, for a whole unit or one department."""

    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="activity_offers",
        verbose_name=_("enhet eller avdeling"),
    )
    kind = models.CharField(_("type aktivitet"), max_length=16, choices=ActivityKind.choices)
    name = models.CharField(_("navn"), max_length=150)
    capacity = models.PositiveSmallIntegerField(_("plasser"))
    weekdays = models.CharField(
        _("ukedager"), max_length=7, default="12345", help_text=_("ISO-ukedager, 1 = mandag")
    )
    starts_at = models.TimeField(_("fra klokken"))
    ends_at = models.TimeField(_("til klokken"))
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til og med"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__name", "kind", "name"]
        verbose_name = _("aktivitetstilbud")
        verbose_name_plural = _("aktivitetstilbud")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="offer_hours_ordered"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="offer_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Enrolment(models.Model):
    """An inmate's place in an activity (innskrivning) during a stay, from a day to a day."""

    offer = models.ForeignKey(ActivityOffer, on_delete=models.PROTECT, related_name="enrolments")
    stay = models.ForeignKey("execution.Stay", on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="enrolments")
    date_from = models.DateField(_("fra"))
    date_to = models.DateField(_("til og med"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date_from", "-id"]
        verbose_name = _("innskrivning")
        verbose_name_plural = _("innskrivninger")
        indexes = [models.Index(fields=["stay", "date_to"], name="enrolment_stay_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_to__isnull=True) | Q(date_to__gte=models.F("date_from")),
                name="enrolment_period_ordered",
            ),
            models.UniqueConstraint(
                fields=["offer", "stay"],
                condition=Q(date_to__isnull=True),
                name="enrolment_one_open_per_offer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} {self.date_from:%d.%m.%Y}"


class Attendance(models.Model):
    """One inmate-day of activity: attended, absent (with the reason) or no activity. The
    unit is where the inmate was placed that day; the offer what they attended (or missed)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="attendances"
    )
    stay = models.ForeignKey("execution.Stay", on_delete=models.PROTECT, related_name="attendances")
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet")
    )
    day = models.DateField(_("dato"))
    status = models.CharField(_("oppmøte"), max_length=16, choices=AttendanceStatus.choices)
    reason = models.CharField(
        _("årsak til fravær"), max_length=16, choices=AbsenceReason.choices, blank=True
    )
    offer = models.ForeignKey(
        ActivityOffer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("aktivitet"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registered_by_name = models.CharField(_("registrert av"), max_length=150)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day", "id"]
        verbose_name = _("oppmøte")
        verbose_name_plural = _("oppmøter")
        indexes = [models.Index(fields=["unit", "day"], name="attendance_unit_day_idx")]
        constraints = [
            models.UniqueConstraint(fields=["person", "day"], name="attendance_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y}: {self.get_status_display()}"

    @property
    def had_activity(self) -> bool:
        return self.status == AttendanceStatus.ATTENDED


class RegimeSchedule(models.Model):
    """A department's default regime (dagsregime) from a day on: its unlock periods on
    weekdays and at weekends. A new version replaces the old from its ``valid_from``;
    versions are kept, so past days are computed with the regime then in force."""

    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="regime_schedules",
        verbose_name=_("avdeling"),
    )
    valid_from = models.DateField(_("gjelder fra"))
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    created_by_name = models.CharField(_("registrert av"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit", "-valid_from"]
        verbose_name = _("dagsregime")
        verbose_name_plural = _("dagsregimer")
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_from"], name="schedule_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.valid_from:%d.%m.%Y}"


class UnlockPeriod(models.Model):
    """Unlock time (utlåsing) of a default regime, and with whom."""

    schedule = models.ForeignKey(RegimeSchedule, on_delete=models.CASCADE, related_name="periods")
    day_type = models.CharField(_("dagtype"), max_length=8, choices=DayType.choices)
    starts_at = models.TimeField(_("fra"))
    ends_at = models.TimeField(_("til"))
    level = models.CharField(_("kontakt"), max_length=16, choices=ContactLevel.choices)

    class Meta:
        ordering = ["schedule", "day_type", "starts_at"]
        verbose_name = _("utlåsingsperiode")
        verbose_name_plural = _("utlåsingsperioder")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="unlock_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M} {self.get_level_display()}"


class DepartmentDeviation(models.Model):
    """A reduced regime for a whole department (or prison) on some days, e.g. lock-down for
    staffing 10:00–14:00: for that time of day the contact is at most ``level``."""

    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="regime_deviations",
        verbose_name=_("avdeling"),
    )
    kind = models.CharField(_("årsak"), max_length=16, choices=DepartmentDeviationKind.choices)
    date_from = models.DateField(_("fra dato"))
    date_to = models.DateField(_("til og med dato"))
    starts_at = models.TimeField(_("fra klokken"))
    ends_at = models.TimeField(_("til klokken"))
    level = models.CharField(_("kontakt høyst"), max_length=16, choices=ContactLevel.choices)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    registered_by_name = models.CharField(_("registrert av"), max_length=150)
    cancelled = models.BooleanField(_("trukket tilbake"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date_from", "-starts_at", "-id"]
        verbose_name = _("avvik fra dagsregimet")
        verbose_name_plural = _("avvik fra dagsregimet")
        indexes = [models.Index(fields=["unit", "date_to"], name="dept_deviation_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_to__gte=models.F("date_from")), name="dept_deviation_days"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="dept_deviation_hours"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date_from:%d.%m.%Y}"


class InmateDeviation(models.Model):
    """One inmate's reduced regime for a time (own wish, court, exclusion, sick ...): at most
    ``level`` of contact, except in the daily ``windows`` (e.g. 13:00–15:00 with staff).
    ``source`` names the record of another app that caused it (e.g. an exclusion decision),
    which then also ends it."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="inmate_deviations"
    )
    stay = models.ForeignKey(
        "execution.Stay", on_delete=models.PROTECT, related_name="inmate_deviations"
    )
    kind = models.CharField(_("årsak"), max_length=16, choices=InmateDeviationKind.choices)
    level = models.CharField(_("kontakt høyst"), max_length=16, choices=ContactLevel.choices)
    windows = models.JSONField(
        _("tidsrom med mer kontakt"),
        default=list,
        blank=True,
        help_text=_('Liste av {"start": "13:00", "end": "15:00", "level": "staff"}'),
    )
    from_at = models.DateTimeField(_("fra"))
    to_at = models.DateTimeField(_("til"), null=True, blank=True)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    source = models.CharField(_("kilde"), max_length=80, blank=True)
    registered_by_name = models.CharField(_("registrert av"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-from_at", "-id"]
        verbose_name = _("individuelt avvik fra dagsregimet")
        verbose_name_plural = _("individuelle avvik fra dagsregimet")
        indexes = [models.Index(fields=["stay", "to_at"], name="inmate_deviation_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_at__isnull=True) | Q(to_at__gt=models.F("from_at")),
                name="inmate_deviation_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.from_at:%d.%m.%Y %H:%M}"
