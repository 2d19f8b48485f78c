"""Stays in prison, the placements within them, and absences from them.

The state machine of a person's stay (every transition is an action in ``actions.py``,
checked by a rule in ``rules.py``)::

    (not inside) --do_admit--> ADMITTED --do_release--> RELEASED (release_type set)
                               |  ^  |  ^                 |
         do_start_absence      |  |  |  |                 | do_recall (after parole:
                               v  |  |  | do_return_to_   |  a new stay, same judgment;
           ABSENT --do_end_absence   |  |   prison        |  the parole case closes)
                                     v  |                 v
      do_start_outside_prison --> OUTSIDE (EK / § 16)   ADMITTED (new stay)
                                     |
                                     +--do_release--> RELEASED (the office's case completes)
    ADMITTED --do_transfer--> ADMITTED (a new placement; the old one ends)
    ABSENT --do_release--> RELEASED (from a permitted absence; never while escaped,
                                     absconded or not returned, except by death)

- A person has at most one open stay (``released_at`` empty); the database enforces it.
- Within a stay, exactly one placement is open while admitted (present or absent):
  unit, security level and the sex of the place, which together name the capacity it
  occupies. A transfer ends one and opens the next; release ends the last.
  ``Stay.unit`` and ``Stay.security_level`` copy the open (or, while outside, the last)
  placement (denormalised for lists and scoping); the actions keep them in step.
- At most one absence is open at a time (``returned_at`` empty), except that a failure to
  return replaces the leave it follows. Escape, absconding, failure to return and
  interruption stop the sentence clock (``Absence.stops_time``, fsg § 3-3).
- The person still occupies their place while absent (the place is kept for them), except
  OUTSIDE: EK part-execution (strgjfl § 16 a) and § 16 at home are absences with **no open
  placement**. The place is freed for others, the time counts as served, a probation
  office's community case follows the person (``community.actions.do_open_case_from_stay``)
  and the prison keeps its responsibility until release. Only ``do_return_to_prison``
  (a place is reserved again, under the capacity lock) or ``do_release`` end it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from varde.execution.choices import (
    AbsenceKind,
    CallInStatus,
    ExecutionForm,
    LeaveType,
    PenaltyScale,
    PlacementReason,
    PostponementDecision,
    PostponementGround,
    ReleaseType,
    RemandBookingStatus,
    RestrictionKind,
    StayKind,
)
from varde.execution.rules import stops_time
from varde.organisation.choices import PlaceSex, SecurityLevel


class Stay(models.Model):
    """One continuous stay in the service's custody (opphold): remand or a sentence."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="stays")
    judgment = models.ForeignKey(
        "sentencing.Judgment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stays",
        help_text=_("Tom ved varetekt."),
    )
    kind = models.CharField(_("type opphold"), max_length=16, choices=StayKind.choices)
    admitted_at = models.DateTimeField(_("innsatt"))
    released_at = models.DateTimeField(_("løslatt"), null=True, blank=True)
    release_type = models.CharField(
        _("løslatelsestype"), max_length=24, choices=ReleaseType.choices, blank=True
    )
    # Copies of the open placement (kept in step by the actions).
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="stays", verbose_name=_("enhet")
    )
    security_level = models.CharField(
        _("sikkerhetsnivå"), max_length=16, choices=SecurityLevel.choices
    )

    class Meta:
        ordering = ["-admitted_at", "-id"]
        verbose_name = _("opphold")
        verbose_name_plural = _("opphold")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(released_at__isnull=True),
                name="stay_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=Q(released_at__isnull=True) | Q(released_at__gte=models.F("admitted_at")),
                name="stay_released_after_admitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.admitted_at:%d.%m.%Y}"

    @property
    def is_open(self) -> bool:
        return self.released_at is None


class Placement(models.Model):
    """Where the person is placed during a stay: unit, security level and sex of the place."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="placements")
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("enhet"),
    )
    security_level = models.CharField(
        _("sikkerhetsnivå"), max_length=16, choices=SecurityLevel.choices
    )
    sex = models.CharField(_("plass for"), max_length=8, choices=PlaceSex.choices)
    from_at = models.DateTimeField(_("fra"))
    to_at = models.DateTimeField(_("til"), null=True, blank=True)
    reason = models.CharField(_("årsak"), max_length=16, choices=PlacementReason.choices)
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        ordering = ["from_at", "id"]
        verbose_name = _("plassering")
        verbose_name_plural = _("plasseringer")
        indexes = [
            models.Index(
                fields=["unit", "security_level", "sex", "to_at"], name="placement_occupancy_idx"
            ),
            # Occupancy across all units on a day: open placements are few among 20 years.
            models.Index(fields=["to_at"], name="placement_to_at_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["stay"], condition=Q(to_at__isnull=True), name="placement_one_open"
            ),
            models.CheckConstraint(
                condition=Q(to_at__isnull=True) | Q(to_at__gte=models.F("from_at")),
                name="placement_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_security_level_display()}) {self.from_at:%d.%m.%Y}"


class Absence(models.Model):
    """Time away from the unit during a stay: permitted (leave, day release, outing, hospital,
    § 12, interruption) or not (escape, absconding, failure to return); or execution outside
    prison (EK part-execution, § 16 at home), during which no placement is open."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="absences")
    kind = models.CharField(_("type fravær"), max_length=24, choices=AbsenceKind.choices)
    leave_type = models.CharField(
        _("type permisjon"), max_length=16, choices=LeaveType.choices, blank=True
    )
    from_at = models.DateTimeField(_("fra"))
    expected_return = models.DateTimeField(_("forventet retur"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returnert"), null=True, blank=True)
    exception_reason = models.CharField(
        _("grunnlag for unntak"), max_length=300, blank=True, help_text=_("fsg § 3-31")
    )
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        ordering = ["from_at", "id"]
        verbose_name = _("fravær")
        verbose_name_plural = _("fravær")
        constraints = [
            models.UniqueConstraint(
                fields=["stay"], condition=Q(returned_at__isnull=True), name="absence_one_open"
            ),
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | Q(returned_at__gte=models.F("from_at")),
                name="absence_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.from_at:%d.%m.%Y}"

    @property
    def stops_time(self) -> bool:
        """fsg § 3-3: whether this absence stops the sentence clock."""
        return stops_time(self.kind)


class CallIn(models.Model):
    """A summons to serve (innkalling, innkallingsforskriften §§ 2-3): where, at which security
    level, in which form and from which day the person is to start. At most one open
    (sent or postponed) call-in per judgment."""

    judgment = models.ForeignKey(
        "sentencing.Judgment", on_delete=models.PROTECT, related_name="callins"
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="callins",
        verbose_name=_("enhet"),
    )
    security_level = models.CharField(
        _("sikkerhetsnivå"), max_length=16, choices=SecurityLevel.choices
    )
    form = models.CharField(_("gjennomføringsform"), max_length=16, choices=ExecutionForm.choices)
    sent_on = models.DateField(_("sendt"))
    start_on = models.DateField(_("oppmøtedato"))
    status = models.CharField(
        _("status"), max_length=16, choices=CallInStatus.choices, default=CallInStatus.SENT
    )
    letter = models.TextField(_("innkallingsbrev"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("innkalling")
        verbose_name_plural = _("innkallinger")
        constraints = [
            models.UniqueConstraint(
                fields=["judgment"],
                condition=Q(status__in=[CallInStatus.SENT, CallInStatus.POSTPONED]),
                name="callin_one_open_per_judgment",
            ),
            models.CheckConstraint(
                condition=Q(start_on__gte=models.F("sent_on")), name="callin_start_after_sent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.start_on:%d.%m.%Y}"


class PostponementRequest(models.Model):
    """An application to postpone the start of execution (innkallingsforskriften §§ 5-8)."""

    judgment = models.ForeignKey(
        "sentencing.Judgment", on_delete=models.PROTECT, related_name="postponements"
    )
    received_on = models.DateField(_("mottatt"))
    ground = models.CharField(
        _("grunnlag"),
        max_length=24,
        choices=PostponementGround.choices,
        default=PostponementGround.OTHER,
    )
    reason = models.TextField(_("begrunnelse"))
    decision = models.CharField(
        _("avgjørelse"),
        max_length=16,
        choices=PostponementDecision.choices,
        default=PostponementDecision.PENDING,
    )
    new_start_on = models.DateField(_("ny oppmøtedato"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "organisation.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by_name = models.CharField(_("avgjort av"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("avgjort"), null=True, blank=True)
    decision_note = models.TextField(_("begrunnelse for avgjørelsen"), blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("søknad om utsettelse")
        verbose_name_plural = _("søknader om utsettelse")

    def __str__(self) -> str:
        return f"{self.get_decision_display()} {self.received_on:%d.%m.%Y}"


class RemandBooking(models.Model):
    """A police request for a remand place (varetektsbestilling). The service must offer a
    place by ``deadline`` (Politiarrestforskriften § 3-1; fsg § 4-1: two døgn, for a child
    the day after; ``rules.remand_offer_deadline``). At most one open booking per person.

    requested --do_offer_remand_place--> offered --do_admit(kind=remand)--> admitted
    requested/offered --do_cancel_remand_booking--> cancelled
    """

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="remand_bookings"
    )
    police_district = models.CharField(_("politidistrikt"), max_length=100)
    arrested_at = models.DateTimeField(
        _("pågrepet"),
        null=True,
        blank=True,
        help_text=_("Tid i politiarrest før innsettelse går til fradrag (strl. § 83)."),
    )
    requested_at = models.DateTimeField(_("bestilt"))
    deadline = models.DateTimeField(_("frist for å tilby plass"))
    offered_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remand_offers",
        verbose_name=_("tilbudt enhet"),
    )
    offered_security_level = models.CharField(
        _("sikkerhetsnivå"), max_length=16, choices=SecurityLevel.choices, blank=True
    )
    offered_at = models.DateTimeField(_("plass tilbudt"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RemandBookingStatus.choices,
        default=RemandBookingStatus.REQUESTED,
    )
    stay = models.ForeignKey(
        Stay,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remand_bookings",
        verbose_name=_("opphold"),
    )
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("varetektsbestilling")
        verbose_name_plural = _("varetektsbestillinger")
        indexes = [models.Index(fields=["status", "deadline"], name="remand_booking_open_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=["requested", "offered"]),
                name="remand_booking_one_open",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("requested_at")),
                name="remand_booking_deadline_after_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.police_district} {self.requested_at:%d.%m.%Y %H:%M}"


class RemandRestriction(models.Model):
    """A court-ordered restriction during a remand stay (strpl §§ 186, 186 a), from the day
    of the ruling to its end date (inclusive). A full isolation keeps what the ruling said
    that its limits depend on: the charge's penalty scale (the 6 / 12-week cap), whether the
    court allowed an extension of up to four weeks, and the weighty reasons for going past
    the cap."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="restrictions")
    kind = models.CharField(_("restriksjon"), max_length=24, choices=RestrictionKind.choices)
    ruling_reference = models.CharField(_("kjennelse"), max_length=100)
    valid_from = models.DateField(_("fra"))
    valid_until = models.DateField(_("til og med"))
    # What the ruling says that the § 186 a checks rely on (full isolation only; blank or
    # false for other restrictions, and for rulings registered before these were fields).
    penalty_scale = models.CharField(
        _("strafferamme"), max_length=24, choices=PenaltyScale.choices, blank=True
    )
    review_pointless = models.BooleanField(
        _("forlengelse inntil fire uker"),
        default=False,
        help_text=_("Retten fant at ny prøving etter to uker vil være uten betydning."),
    )
    weighty_reasons = models.TextField(_("tungtveiende hensyn"), blank=True)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["valid_from", "id"]
        verbose_name = _("restriksjon")
        verbose_name_plural = _("restriksjoner")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="restriction_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.valid_from:%d.%m.%Y}–{self.valid_until:%d.%m.%Y}"
