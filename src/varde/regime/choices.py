"""Codes for the daily regime (English codes, Norwegian labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    """strgjfl § 18: work, education, programmes or other measures in the daytime."""

    WORKSHOP = "workshop", _("Arbeid i verksted")
    SCHOOL = "school", _("Skole")
    PROGRAMME = "programme", _("Program")
    DAY_RELEASE = "day_release", _("Frigang")
    OTHER = "other", _("Annen organisert aktivitet")


class AttendanceStatus(models.TextChoices):
    ATTENDED = "attended", _("Deltok")
    ABSENT = "absent", _("Fravær")
    NONE = "none", _("Ingen aktivitet")


class AbsenceReason(models.TextChoices):
    """Why an inmate did not take part in the day's activity."""

    SICK = "sick", _("Syk")
    REFUSED = "refused", _("Nektet")
    VISIT = "visit", _("Besøk")
    COURT = "court", _("I retten")
    CANCELLED = "cancelled", _("Avlyst av enheten")
    EXCLUDED = "excluded", _("Utelukket fra fellesskap")
    AWAY = "away", _("Borte fra enheten (permisjon, sykehus …)")
    OTHER = "other", _("Annet")


class ContactLevel(models.TextChoices):
    """Where an inmate is and with whom, from the least to the most contact. Out of cell:
    every level but ``locked``. Meaningful human contact (Mandela rule 44): ``staff`` and up.
    Company (fellesskap): ``partial`` and ``ordinary``."""

    LOCKED = "locked", _("Innelåst")
    ALONE = "alone", _("Ute av cellen alene (f.eks. lufting)")
    STAFF = "staff", _("Kun med ansatte")
    PARTIAL = "partial", _("Delvis fellesskap")
    ORDINARY = "ordinary", _("Ordinært fellesskap")


# Levels an unlock period of a schedule can have (locked is the absence of a period).
UNLOCK_LEVELS = (
    ContactLevel.ORDINARY,
    ContactLevel.PARTIAL,
    ContactLevel.STAFF,
    ContactLevel.ALONE,
)
# Levels a deviation can reduce to (an ordinary-company "deviation" would reduce nothing).
CAP_LEVELS = (
    ContactLevel.LOCKED,
    ContactLevel.ALONE,
    ContactLevel.STAFF,
    ContactLevel.PARTIAL,
)


class DayType(models.TextChoices):
    WEEKDAY = "weekday", _("Hverdag (mandag–fredag)")
    WEEKEND = "weekend", _("Helg (lørdag–søndag)")


class DepartmentDeviationKind(models.TextChoices):
    """Why a department's regime is reduced on a day (avvik fra dagsregimet)."""

    STAFFING = "staffing", _("Bemanning")
    INCIDENT = "incident", _("Hendelse eller sikkerhet")
    BUILDING = "building", _("Bygg eller teknisk")
    SEARCH = "search", _("Ransaking")
    OTHER = "other", _("Annet")


class InmateDeviationKind(models.TextChoices):
    """Why one inmate's day differs from the department's regime."""

    OWN_WISH = "own_wish", _("Eget ønske om å være på cellen")
    COURT = "court", _("I retten eller fremstilling")
    EXCLUDED_FULL = "excluded_full", _("Helt utelukket fra fellesskap")
    EXCLUDED_PARTIAL = "excluded_partial", _("Delvis utelukket fra fellesskap")
    SICK = "sick", _("Syk på cellen")
    OTHER = "other", _("Annet")


# The contact an inmate deviation reduces to unless the form says otherwise.
DEFAULT_DEVIATION_LEVEL = {
    InmateDeviationKind.OWN_WISH: ContactLevel.STAFF,
    InmateDeviationKind.COURT: ContactLevel.STAFF,
    InmateDeviationKind.EXCLUDED_FULL: ContactLevel.LOCKED,
    InmateDeviationKind.EXCLUDED_PARTIAL: ContactLevel.PARTIAL,
    InmateDeviationKind.SICK: ContactLevel.STAFF,
    InmateDeviationKind.OTHER: ContactLevel.LOCKED,
}
