"""The audit trail: who changed what and why (AuditEvent), and who read whom (AccessLog).

Rows are append-only: the application can create them but never change or delete them
(``save`` refuses updates, ``delete`` refuses; the querysets refuse bulk update/delete).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an audit row."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit rows cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit rows cannot be deleted")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("audit rows cannot be changed")
        kwargs["force_insert"] = True  # a new instance given an existing pk must not UPDATE it
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit rows cannot be deleted")


class EventVerb(models.TextChoices):
    CREATE = "create", _("Opprettet")
    UPDATE = "update", _("Endret")
    DELETE = "delete", _("Slettet")


class AuditEvent(AppendOnlyModel):
    """One write to personal data, written by the action that made it, in its transaction."""

    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_name = models.CharField(_("utført av"), max_length=150)
    action = models.CharField(_("handling"), max_length=80)
    verb = models.CharField(_("type"), max_length=8, choices=EventVerb.choices)
    object_type = models.CharField(_("objekttype"), max_length=80)
    object_id = models.CharField(_("objekt-ID"), max_length=40)
    object_repr = models.CharField(_("objekt"), max_length=200)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.DO_NOTHING,
        null=True,
        db_constraint=False,
        related_name="+",
    )
    changes = models.JSONField(_("endringer"), default=dict)
    reason = models.TextField(_("begrunnelse"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("revisjonshendelse")
        verbose_name_plural = _("revisjonshendelser")
        indexes = [models.Index(fields=["person", "at"], name="auditevent_person_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"


class AccessLog(AppendOnlyModel):
    """One read of a person's record (a page view or an API call)."""

    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(_("lest av"), max_length=150)
    person = models.ForeignKey(
        "people.Person", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    channel = models.CharField(_("kanal"), max_length=16)  # "web" or "api"
    path = models.CharField(_("adresse"), max_length=300)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("innsynslogg")
        verbose_name_plural = _("innsynslogg")
        indexes = [models.Index(fields=["person", "at"], name="accesslog_person_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} → {self.person_id}"
