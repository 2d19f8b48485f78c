"""The journal (the case log): dated entries per person, by staff and by the system.

Entries are immutable once written (append-only, like the audit rows): a mistake is put right
by a new entry that ``corrects`` the old one, so the journal shows what was known when.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from varde.audit.models import AppendOnlyModel
from varde.journal.choices import EntryKind

__all__ = ["EntryKind", "JournalEntry"]


class JournalEntry(AppendOnlyModel):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="journal_entries"
    )
    at = models.DateTimeField(_("tidspunkt"), db_index=True)  # when it happened
    recorded_at = models.DateTimeField(_("registrert"), default=timezone.now, editable=False)
    kind = models.CharField(_("type"), max_length=16, choices=EntryKind.choices)
    text = models.TextField(_("tekst"))
    author = models.ForeignKey(  # empty when the system writes the entry
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(_("skrevet av"), max_length=150)
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_action = models.CharField(_("fra handling"), max_length=80, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("retter notat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("journalnotat")
        verbose_name_plural = _("journal")
        indexes = [models.Index(fields=["person", "at"], name="journal_person_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    @property
    def backdated(self) -> bool:
        """Whether the note was registered noticeably later than it says it happened."""
        return self.recorded_at - self.at > timedelta(minutes=5)
