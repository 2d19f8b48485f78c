"""Persons, their names, relatives, and the units responsible for them over time."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from varde.lib.text import fold
from varde.people.choices import IdKind, Relation, ResponsibilityReason, Sex

# The end date an open responsibility period counts as in scoping (see people.queries).
OPEN_END = date.max


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: settings.AUTH_USER_MODEL) -> PersonQuerySet:  # type: ignore[name-defined]
        """The persons ``user`` may open. The only way views and the API reach persons."""
        from varde.people.queries import visible_person_filter

        return self.filter(visible_person_filter(user))


class Person(models.Model):
    """A person the service holds a record for (inmate, convicted, remanded, reported on)."""

    national_id = models.CharField(
        _("fødselsnummer/D-nummer"), max_length=11, null=True, blank=True, unique=True
    )
    id_kind = models.CharField(
        _("type ID"), max_length=8, choices=IdKind.choices, default=IdKind.NONE
    )
    first_name = models.CharField(_("fornavn"), max_length=100)
    middle_name = models.CharField(_("mellomnavn"), max_length=100, blank=True)
    last_name = models.CharField(_("etternavn"), max_length=100)
    birth_date = models.DateField(_("fødselsdato"), null=True, blank=True)
    sex = models.CharField(_("kjønn"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    citizenship = models.CharField(
        _("statsborgerskap"), max_length=2, blank=True, help_text=_("Landkode, f.eks. NO")
    )
    language = models.CharField(_("språk"), max_length=50, blank=True, default="norsk")
    needs_interpreter = models.BooleanField(_("trenger tolk"), default=False)
    street_address = models.CharField(_("adresse"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=10, blank=True)
    city = models.CharField(_("poststed"), max_length=100, blank=True)
    country = models.CharField(_("land"), max_length=2, blank=True, default="NO")
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    photo = models.FileField(_("bilde"), upload_to="photos/", blank=True)
    search_name = models.CharField(max_length=400, editable=False, db_index=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        indexes = [
            models.Index(fields=["birth_date"], name="person_birth_date_idx"),
            models.Index(fields=["last_name", "first_name"], name="person_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(national_id__isnull=False) | Q(birth_date__isnull=False),
                name="person_has_id_or_birth_date",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)

    @property
    def initials(self) -> str:
        return (self.first_name[:1] + self.last_name[:1]).upper()

    def refresh_search_name(self) -> None:
        """Keep the folded search form in step with the names (called by the actions)."""
        self.search_name = f" {fold(self.full_name)} "


class Alias(models.Model):
    """Another name a person is or was known by (maiden name, alias, other spelling)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("navn"), max_length=200)
    search_name = models.CharField(max_length=400, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliaser")

    def __str__(self) -> str:
        return self.name

    def refresh_search_name(self) -> None:
        self.search_name = f" {fold(self.name)} "


class Relative(models.Model):
    """A relative or close person. Children under 18 matter for the child's best interest."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relatives")
    relation = models.CharField(_("relasjon"), max_length=16, choices=Relation.choices)
    name = models.CharField(_("navn"), max_length=200)
    birth_date = models.DateField(_("fødselsdato"), null=True, blank=True)
    national_id = models.CharField(_("fødselsnummer"), max_length=11, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    lives_with_person = models.BooleanField(_("bor sammen med personen"), default=False)
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        ordering = ["relation", "name"]
        verbose_name = _("pårørende")
        verbose_name_plural = _("pårørende")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relation_display()})"

    def is_minor_on(self, day: date) -> bool:
        from varde.people.rules import is_minor_on

        return self.relation == Relation.CHILD and is_minor_on(self.birth_date, day)


class Responsibility(models.Model):
    """A period in which a unit is responsible for a person (ansvar). Scoping reads this.

    The case flow creates these from stays and community cases; ``date_to`` None means open.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="responsibilities")
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="responsibilities"
    )
    date_from = models.DateField(_("fra"))
    date_to = models.DateField(_("til og med"), null=True, blank=True)
    reason = models.CharField(_("grunnlag"), max_length=24, choices=ResponsibilityReason.choices)
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        ordering = ["-date_from"]
        verbose_name = _("ansvarsperiode")
        verbose_name_plural = _("ansvarsperioder")
        indexes = [
            models.Index(fields=["unit", "date_to"], name="responsibility_unit_idx"),
            # Scoping: "unit in scope, period open or ended after the cutoff" as one range
            # condition per unit, answered from the index alone (people.queries).
            models.Index(
                "unit",
                Coalesce("date_to", Value(OPEN_END)),
                include=["person", "date_from", "date_to"],
                name="responsibility_scope_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_to__isnull=True) | Q(date_to__gte=models.F("date_from")),
                name="responsibility_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.date_from}–{self.date_to or ''}"
