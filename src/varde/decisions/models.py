"""Applications (søknader) from inmates and convicted persons, their routing and forwarding,
the decisions (vedtak) and appeals (klager) on them; the processing-deadline table; and the
victims and surviving relatives (fornærmede/etterlatte) who have asked to be told about
movements, with every notice sent to them.

Life of an application (every step is an action in ``actions.py``)::

    do_register_application --> REGISTERED --do_forward_application--> FORWARDED
              |                     |                                      |
              |                     +---------- do_decide_application -----+
              v                                        v
          WITHDRAWN                                 DECIDED --do_register_appeal--> APPEALED
                                                                                      |
                     APPEAL_DECIDED <--do_decide_appeal-- APPEAL_FORWARDED <--do_forward_appeal
                           ^                                                          |
                           +-------- do_decide_appeal (first instance: dismiss or change)

The routing (who decides) is computed when the application is registered and kept on it,
with the paragraph; ``level`` is where the case lies now.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from varde.decisions.choices import (
    OPEN_STATUSES,
    AppealOutcome,
    AppealPeriod,
    ApplicationKind,
    ApplicationStatus,
    Channel,
    Level,
    NoticeEvent,
    Outcome,
    VictimRelation,
)


def _user_fk() -> models.ForeignKey:
    """Who did it (kept when the account is gone: the name is stored beside it)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )


class Application(models.Model):
    """One application from a person serving a sentence, handled by a unit."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="applications"
    )
    judgment = models.ForeignKey(
        "sentencing.Judgment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("dom"),
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("behandlende enhet"),
    )
    kind = models.CharField(_("type søknad"), max_length=16, choices=ApplicationKind.choices)
    received_on = models.DateField(_("mottatt"))
    text = models.TextField(_("søknaden"))
    requested_from = models.DateField(_("ønsket fra"), null=True, blank=True)
    requested_to = models.DateField(_("ønsket til"), null=True, blank=True)
    target_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ønsket enhet"),
    )
    concerns_child = models.BooleanField(_("saken gjelder et barn"), default=False)
    dispensation = models.BooleanField(_("søker om dispensasjon"), default=False)
    # Processing deadline from the versioned table, and the interim reply (fvl § 11 a).
    deadline = models.DateField(_("behandlingsfrist"))
    deadline_days = models.PositiveSmallIntegerField(_("dager til frist"))
    deadline_source = models.CharField(_("fristens kilde"), max_length=200)
    interim_reply_due = models.DateField(_("foreløpig svar senest"))
    interim_reply_on = models.DateField(_("foreløpig svar sendt"), null=True, blank=True)
    # Who decides (strgjfl § 6), and where the case lies now.
    routing_level = models.CharField(_("avgjøres av"), max_length=16, choices=Level.choices)
    refusal_level = models.CharField(_("kan avslås av"), max_length=16, choices=Level.choices)
    routing_basis = models.CharField(_("hjemmel for myndighet"), max_length=200)
    level = models.CharField(
        _("ligger hos"), max_length=16, choices=Level.choices, default=Level.LOCAL
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.REGISTERED,
    )
    withdrawn_on = models.DateField(_("trukket"), null=True, blank=True)
    registered_by = _user_fk()
    registered_by_name = models.CharField(_("registrert av"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("søknad")
        verbose_name_plural = _("søknader")
        indexes = [
            models.Index(fields=["unit", "status", "deadline"], name="application_worklist_idx"),
            models.Index(fields=["status", "level"], name="application_level_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("received_on")),
                name="application_deadline_after_receipt",
            ),
            models.CheckConstraint(
                condition=Q(requested_to__isnull=True)
                | Q(requested_from__isnull=True)
                | Q(requested_to__gte=models.F("requested_from")),
                name="application_requested_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_on:%d.%m.%Y}"

    @property
    def is_open(self) -> bool:
        """Not yet decided (first instance) nor withdrawn."""
        return self.status in OPEN_STATUSES


class Forwarding(models.Model):
    """Sending an application or an appeal to the next level, with the recommendation
    (innstilling). Its own record: who sent what where, and when."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="forwardings"
    )
    appeal = models.ForeignKey(
        "Appeal", on_delete=models.CASCADE, null=True, blank=True, related_name="forwardings"
    )
    from_level = models.CharField(_("fra"), max_length=16, choices=Level.choices)
    to_level = models.CharField(_("til"), max_length=16, choices=Level.choices)
    recommendation = models.TextField(_("innstilling"))
    forwarded_at = models.DateTimeField(_("sendt"))
    forwarded_by = _user_fk()
    forwarded_by_name = models.CharField(_("sendt av"), max_length=150)

    class Meta:
        ordering = ["forwarded_at", "id"]
        verbose_name = _("oversendelse")
        verbose_name_plural = _("oversendelser")

    def __str__(self) -> str:
        return f"{self.get_from_level_display()} → {self.get_to_level_display()}"


class Decision(models.Model):
    """The first-instance decision (vedtak) on an application, with its legal basis, reasons,
    the child's best interest, and when and how the applicant was told."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(_("utfall"), max_length=16, choices=Outcome.choices)
    legal_basis = models.CharField(_("hjemmel"), max_length=40)
    legal_basis_text = models.CharField(_("hjemmel"), max_length=200)
    reasons = models.TextField(_("begrunnelse"))
    child_interest = models.TextField(_("vurdering av barnets beste"), blank=True)
    child_interest_required = models.BooleanField(_("barnets beste påkrevd"), default=False)
    level = models.CharField(_("besluttet av nivå"), max_length=16, choices=Level.choices)
    copy_to_region = models.BooleanField(_("kopi til regionen"), default=False)
    decided_at = models.DateTimeField(_("vedtatt"))
    decided_by = _user_fk()
    decided_by_name = models.CharField(_("vedtatt av"), max_length=150)
    # Notification (underretning, forvaltningsloven § 27) and the appeal deadline.
    notified_at = models.DateTimeField(_("underrettet"), null=True, blank=True)
    notified_channel = models.CharField(
        _("underrettet ved"), max_length=16, choices=Channel.choices, blank=True
    )
    notified_to = models.CharField(_("underrettet"), max_length=300, blank=True)
    guardian_informed = models.BooleanField(_("vergen er informert"), default=False)
    appeal_period = models.CharField(
        _("klagefrist"), max_length=16, choices=AppealPeriod.choices, default=AppealPeriod.STRGJFL
    )
    appeal_deadline = models.DateTimeField(_("klagefristen utløper"), null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")
        constraints = [
            models.CheckConstraint(condition=~Q(reasons=""), name="decision_has_reasons"),
            models.CheckConstraint(condition=~Q(legal_basis=""), name="decision_has_legal_basis"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.decided_at:%d.%m.%Y}"


class Appeal(models.Model):
    """An appeal (klage) against a decision; lies with the first instance until forwarded to
    the appeals body, which decides it."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="appeal")
    received_at = models.DateTimeField(_("klage mottatt"))
    text = models.TextField(_("klagen"))
    in_time = models.BooleanField(_("innen fristen"))
    level = models.CharField(_("ligger hos"), max_length=16, choices=Level.choices)
    outcome = models.CharField(
        _("utfall"), max_length=16, choices=AppealOutcome.choices, blank=True
    )
    reasons = models.TextField(_("begrunnelse"), blank=True)
    child_interest = models.TextField(_("vurdering av barnets beste"), blank=True)
    decided_level = models.CharField(
        _("avgjort av nivå"), max_length=16, choices=Level.choices, blank=True
    )
    decided_at = models.DateTimeField(_("avgjort"), null=True, blank=True)
    decided_by = _user_fk()
    decided_by_name = models.CharField(_("avgjort av"), max_length=150, blank=True)
    registered_by = _user_fk()
    registered_by_name = models.CharField(_("registrert av"), max_length=150)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("klage")
        verbose_name_plural = _("klager")

    def __str__(self) -> str:
        return f"{_('Klage')} {self.received_at:%d.%m.%Y}"

    @property
    def is_open(self) -> bool:
        return not self.outcome


class DeadlineSetting(models.Model):
    """A version of the processing deadline for one kind of application: applies to
    applications received on or after ``valid_from`` (until a later version). The defaults in
    ``rules.DEFAULT_PROCESSING_DEADLINES`` apply where no version is stored."""

    kind = models.CharField(_("type søknad"), max_length=16, choices=ApplicationKind.choices)
    days = models.PositiveSmallIntegerField(_("dager"))
    valid_from = models.DateField(_("gjelder fra"))
    source = models.CharField(_("kilde"), max_length=200)
    created_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-valid_from"]
        verbose_name = _("behandlingsfrist")
        verbose_name_plural = _("behandlingsfrister")
        constraints = [
            models.UniqueConstraint(fields=["kind", "valid_from"], name="deadline_one_per_day"),
            models.CheckConstraint(condition=Q(days__gte=1), name="deadline_days_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.days} ({self.valid_from:%d.%m.%Y})"


class VictimContact(models.Model):
    """A victim or surviving relative in the case of one judgment who has asked to be told
    about the convicted person's movements (strgjfl § 7 b). Sensitive: only case handlers of
    the responsible unit see it."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="victim_contacts",
        help_text=_("Den domfelte."),
    )
    judgment = models.ForeignKey(
        "sentencing.Judgment",
        on_delete=models.PROTECT,
        related_name="victim_contacts",
        verbose_name=_("dom"),
    )
    name = models.CharField(_("navn"), max_length=200)
    relation = models.CharField(_("rolle"), max_length=16, choices=VictimRelation.choices)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    preferred_channel = models.CharField(
        _("foretrukket kanal"), max_length=16, choices=Channel.choices, default=Channel.PHONE
    )
    consent_on = models.DateField(_("ønsket varsel fra"))
    withdrawn_on = models.DateField(_("trukket tilbake"), null=True, blank=True)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    registered_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("fornærmede eller etterlatt")
        verbose_name_plural = _("fornærmede og etterlatte")
        indexes = [models.Index(fields=["person", "withdrawn_on"], name="victim_person_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | Q(withdrawn_on__gte=models.F("consent_on")),
                name="victim_withdrawn_after_consent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relation_display()})"


class VictimNotice(models.Model):
    """One notice sent to a victim or surviving relative about one movement."""

    contact = models.ForeignKey(VictimContact, on_delete=models.PROTECT, related_name="notices")
    event = models.CharField(_("hendelse"), max_length=24, choices=NoticeEvent.choices)
    event_day = models.DateField(_("dato for hendelsen"))
    source = models.CharField(_("grunnlag i saken"), max_length=200, blank=True)
    basis = models.CharField(_("hjemmel"), max_length=200)
    sent_at = models.DateTimeField(_("varslet"))
    channel = models.CharField(_("kanal"), max_length=16, choices=Channel.choices)
    conditions = models.TextField(
        _("vilkår som gjelder fornærmede"),
        blank=True,
        help_text=_("Vilkår om oppholdssted eller kontaktforbud (strgjfl. §§ 16, 36, 42)."),
    )
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    sent_by = _user_fk()
    sent_by_name = models.CharField(_("varslet av"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("varsel til fornærmede")
        verbose_name_plural = _("varsler til fornærmede")
        indexes = [
            models.Index(fields=["contact", "event", "event_day"], name="victim_notice_event_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} {self.event_day:%d.%m.%Y}"
