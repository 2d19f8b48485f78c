"""Codes for the organisation: regions, unit types, security levels, staff roles and scopes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionCode(models.TextChoices):
    NORD = "nord", _("Region nord")
    VEST = "vest", _("Region vest")
    SORVEST = "sorvest", _("Region sørvest")
    SOR = "sor", _("Region sør")
    OST = "ost", _("Region øst")


class UnitKind(models.TextChoices):
    PRISON_HIGH = "prison_high", _("Fengsel, høyt sikkerhetsnivå")
    PRISON_LOWER = "prison_lower", _("Fengsel, lavere sikkerhetsnivå")
    TRANSITIONAL_HOUSING = "transitional_housing", _("Overgangsbolig")
    YOUTH_UNIT = "youth_unit", _("Ungdomsenhet")
    PREVENTIVE_DETENTION = "preventive_detention", _("Forvaringsavdeling")
    PROBATION_OFFICE = "probation_office", _("Friomsorgskontor")
    ND_CENTRE = "nd_centre", _("ND-senter")
    CONTROL_CENTRE = "control_centre", _("Kontrollsentral")


PRISON_KINDS = frozenset(
    {
        UnitKind.PRISON_HIGH,
        UnitKind.PRISON_LOWER,
        UnitKind.TRANSITIONAL_HOUSING,
        UnitKind.YOUTH_UNIT,
        UnitKind.PREVENTIVE_DETENTION,
    }
)


class SecurityLevel(models.TextChoices):
    HIGH = "high", _("Høyt sikkerhetsnivå")
    LOWER = "lower", _("Lavere sikkerhetsnivå")
    TRANSITIONAL = "transitional", _("Overgangsbolig")


class PlaceSex(models.TextChoices):
    """Which inmates a place is for (places are separated by sex, strgjfl § 10)."""

    MALE = "male", _("Menn")
    FEMALE = "female", _("Kvinner")
    ANY = "any", _("Begge")


class Role(models.TextChoices):
    PRISON_OFFICER = "prison_officer", _("Fengselsbetjent")
    PRISON_CASE_WORKER = "prison_case_worker", _("Saksbehandler i fengsel")
    PROBATION_OFFICER = "probation_officer", _("Friomsorgsmedarbeider")
    UNIT_LEADER = "unit_leader", _("Enhetsleder")
    REGIONAL_OFFICER = "regional_officer", _("Regional saksbehandler")
    KDI_ANALYST = "kdi_analyst", _("Analytiker i KDI")
    KRUS_STAFF = "krus_staff", _("Ansatt ved KRUS")
    SYSTEM_ADMIN = "system_admin", _("Systemadministrator")


class Scope(models.TextChoices):
    UNIT = "unit", _("Enhet")
    REGION = "region", _("Region")
    NATIONAL = "national", _("Nasjonalt")


# Roles that may open person records at all. Analysts and KRUS staff see aggregates only.
PERSON_RECORD_ROLES = frozenset(
    {
        Role.PRISON_OFFICER,
        Role.PRISON_CASE_WORKER,
        Role.PROBATION_OFFICER,
        Role.UNIT_LEADER,
        Role.REGIONAL_OFFICER,
        Role.SYSTEM_ADMIN,
    }
)
# Roles that may change person data (register, edit). Prison officers read and log.
PERSON_EDIT_ROLES = frozenset(
    {
        Role.PRISON_CASE_WORKER,
        Role.PROBATION_OFFICER,
        Role.UNIT_LEADER,
        Role.REGIONAL_OFFICER,
        Role.SYSTEM_ADMIN,
    }
)
