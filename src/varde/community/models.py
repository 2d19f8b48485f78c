"""Execution in the community (friomsorgen): one case per judgment served at a probation
office, with its hours log, reporting contacts and breach cases.

Life of a case (every change is an action in ``actions.py``)::

    do_open_case --> ACTIVE --do_close_case(completed)--> COMPLETED
                       |
                       +--do_register_breach(referral_to_court)--> BREACH
                                                                     |
                                         do_close_case(converted) --> CONVERTED
                                         do_close_case(completed) --> COMPLETED

A case opens a responsibility of the office for the person (so the office's staff see them)
and closing it closes that responsibility. At most one case is active per judgment.

Around the case: the hours log, reporting contacts, breaches, the ND programme's phase
history (``NdPhaseChange``), and for EK the equipment events (``EquipmentEvent``) and the
weekly schedule of time away from home (``ScheduleEntry``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from varde.community.choices import (
    BreachResponse,
    CaseKind,
    CaseStatus,
    ContactKind,
    EkTechnology,
    EquipmentEventKind,
    NdPhase,
    SchedulePurpose,
    Weekday,
)
from varde.community.rules import clock_text

OPEN_CASE_STATUSES = (CaseStatus.ACTIVE, CaseStatus.BREACH)


class CommunityCase(models.Model):
    """One judgment (or part of one) executed in the community by a probation office."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="community_cases"
    )
    judgment = models.ForeignKey(
        "sentencing.Judgment", on_delete=models.PROTECT, related_name="community_cases"
    )
    office = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="community_cases",
        verbose_name=_("friomsorgskontor"),
    )
    responsibility = models.ForeignKey(
        "people.Responsibility",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    stay = models.ForeignKey(  # EK partial and § 16 continue a prison stay (strgjfl §§ 16, 16 a)
        "execution.Stay",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="community_cases",
        verbose_name=_("opphold"),
    )
    kind = models.CharField(_("type gjennomføring"), max_length=24, choices=CaseKind.choices)
    start = models.DateField(_("oppstart"))
    planned_end = models.DateField(_("planlagt slutt"), null=True, blank=True)
    ended_on = models.DateField(_("avsluttet"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.ACTIVE
    )
    hours_ordered = models.PositiveSmallIntegerField(_("timer idømt"), null=True, blank=True)
    reporting_every_days = models.PositiveSmallIntegerField(
        _("oppmøte minst hver (dager)"), null=True, blank=True
    )
    nd_phase = models.CharField(
        _("ND-fase"), max_length=16, choices=NdPhase.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("sak i friomsorgen")
        verbose_name_plural = _("saker i friomsorgen")
        indexes = [models.Index(fields=["office", "status"], name="community_office_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["judgment"],
                condition=Q(status__in=["active", "breach"]),
                name="community_one_open_per_judgment",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("start")),
                name="community_ended_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start:%d.%m.%Y}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CASE_STATUSES


class HoursLog(models.Model):
    """Hours performed in one session (community sentence, fine service)."""

    case = models.ForeignKey(CommunityCase, on_delete=models.CASCADE, related_name="hours_logs")
    day = models.DateField(_("dato"))
    hours = models.DecimalField(_("timer"), max_digits=4, decimal_places=1)
    activity = models.CharField(_("aktivitet"), max_length=200)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_by_name = models.CharField(_("registrert av"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("timeføring")
        verbose_name_plural = _("timeføringer")
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="hours_positive")]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y}: {self.hours} t"


class ReportingEvent(models.Model):
    """A contact under the reporting duty (møteplikt): meeting, phone call or EK check."""

    case = models.ForeignKey(CommunityCase, on_delete=models.CASCADE, related_name="reportings")
    day = models.DateField(_("dato"))
    kind = models.CharField(_("type kontakt"), max_length=16, choices=ContactKind.choices)
    attended = models.BooleanField(_("møtt"), default=True)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("oppmøte")
        verbose_name_plural = _("oppmøter")
        indexes = [models.Index(fields=["case", "attended", "day"], name="reporting_last_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.day:%d.%m.%Y}"


class Breach(models.Model):
    """A breach case (bruddsak) and the response decided (strgjfl § 58; fsg §§ 3-45, 5-4, 7-7)."""

    case = models.ForeignKey(CommunityCase, on_delete=models.CASCADE, related_name="breaches")
    day = models.DateField(_("dato for bruddet"))
    description = models.TextField(_("beskrivelse"))
    response = models.CharField(_("reaksjon"), max_length=24, choices=BreachResponse.choices)
    conditions = models.TextField(_("vilkår"), blank=True)  # strgjfl §§ 44, 58 first para
    deadline = models.DateField(_("frist"), null=True, blank=True)
    deadline_basis = models.CharField(_("fristens grunnlag"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by_name = models.CharField(_("besluttet av"), max_length=150)
    decided_on = models.DateField(_("besluttet"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("brudd")
        verbose_name_plural = _("brudd")
        indexes = [models.Index(fields=["deadline"], name="breach_deadline_idx")]

    def __str__(self) -> str:
        return f"{self.get_response_display()} {self.day:%d.%m.%Y}"


class NdPhaseChange(models.Model):
    """The court's ruling moving an ND programme to another phase (ND-forskriften § 7; back
    to an earlier phase only by a ruling changing the conditions, strl § 39 first para). The
    programme starts in the first phase on the case's start date without a row here."""

    case = models.ForeignKey(
        CommunityCase, on_delete=models.CASCADE, related_name="nd_phase_changes"
    )
    from_phase = models.CharField(_("fra fase"), max_length=16, choices=NdPhase.choices, blank=True)
    to_phase = models.CharField(_("til fase"), max_length=16, choices=NdPhase.choices)
    decided_on = models.DateField(_("kjennelse avsagt"))
    court_reference = models.CharField(_("rettens saksnummer"), max_length=100, blank=True)
    reason = models.TextField(_("begrunnelse"), blank=True)
    convicted_heard = models.BooleanField(_("domfelte har uttalt seg"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_by_name = models.CharField(_("registrert av"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "id"]
        verbose_name = _("faseendring")
        verbose_name_plural = _("faseendringer")

    def __str__(self) -> str:
        return f"{self.get_to_phase_display()} {self.decided_on:%d.%m.%Y}"


class EquipmentEvent(models.Model):
    """Something that happened to EK equipment: mounted, replaced, fault, alarm, removed
    (fsg § 7-5). What is mounted now follows from the events in time order
    (``rules.mounted_devices``). strgjfl § 16 a fourth para: data from the control is to be
    deleted after the execution unless it is part of a breach case (see docs/users)."""

    case = models.ForeignKey(
        CommunityCase, on_delete=models.CASCADE, related_name="equipment_events"
    )
    kind = models.CharField(_("hendelse"), max_length=16, choices=EquipmentEventKind.choices)
    technology = models.CharField(_("teknologi"), max_length=16, choices=EkTechnology.choices)
    device_id = models.CharField(_("serienummer / enhets-ID"), max_length=60)
    replaced_device_id = models.CharField(_("erstattet enhet"), max_length=60, blank=True)
    at = models.DateTimeField(_("tidspunkt"))
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    person_informed = models.BooleanField(_("domfelte informert (fsg § 7-5)"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_by_name = models.CharField(_("registrert av"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("utstyrshendelse")
        verbose_name_plural = _("utstyrshendelser")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_technology_display()} {self.device_id}"


class ScheduleEntry(models.Model):
    """A weekly period the person on EK may be away from home, and why (fsg §§ 7-4, 7-6).
    Times are minutes after midnight, so a period can end at 24:00."""

    case = models.ForeignKey(
        CommunityCase, on_delete=models.CASCADE, related_name="schedule_entries"
    )
    weekday = models.PositiveSmallIntegerField(_("ukedag"), choices=Weekday.choices)
    start_minute = models.PositiveSmallIntegerField(
        _("fra (minutter etter midnatt)"), validators=[MaxValueValidator(24 * 60 - 1)]
    )
    end_minute = models.PositiveSmallIntegerField(
        _("til (minutter etter midnatt)"), validators=[MaxValueValidator(24 * 60)]
    )
    purpose = models.CharField(_("formål"), max_length=16, choices=SchedulePurpose.choices)
    note = models.CharField(_("sted / merknad"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["weekday", "start_minute", "id"]
        verbose_name = _("tidsrom i timeplanen")
        verbose_name_plural = _("timeplan")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_minute__gt=models.F("start_minute"), end_minute__lte=24 * 60),
                name="schedule_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time}–{self.end_time}"

    @property
    def start_time(self) -> str:
        return clock_text(self.start_minute)

    @property
    def end_time(self) -> str:
        return clock_text(self.end_minute)
