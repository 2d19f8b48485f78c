"""Pure rules for the security register: what a valid entry is and when two persons conflict.

No ORM here (tests/test_architecture.py): values in, values or a Norwegian message out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from varde.security.choices import DrugTestResult, KeepApartScope, Substance

CONFLICT = "conflict"  # the unit must not take the person (keep apart at unit level)
CAUTION = "caution"  # the unit may, but not in the same department or cell
MIN_REASON_LENGTH = 10


def reason_problem(reason: str) -> str | None:
    """strgjfl § 4c: only data that is necessary may be processed; the reason written with
    every affiliation and keep-apart entry (and every change) records why it is. A few words
    at least, so that "ok" or "x" is not a reason."""
    if len(reason.strip()) < MIN_REASON_LENGTH:
        return _("Skriv en begrunnelse (minst %(n)s tegn): hvorfor er opplysningen nødvendig?") % {
            "n": MIN_REASON_LENGTH
        }
    return None


def period_problem(date_from: date, date_to: date | None, today: date) -> str | None:
    """A period starts no later than today and does not end before it starts."""
    if date_from > today:
        return _("Fra-datoen kan ikke være fram i tid.")
    if date_to is not None and date_to < date_from:
        return _("Til-datoen kan ikke være før fra-datoen.")
    return None


def in_force(date_from: date, date_to: date | None, day: date) -> bool:
    """Whether a period (both ends inclusive, open end = still going) covers ``day``."""
    return date_from <= day and (date_to is None or date_to >= day)


def time_problem(at: datetime, now: datetime) -> str | None:
    """An incident, find or test is registered after it happened, never ahead of time."""
    if at > now:
        return _("Tidspunktet kan ikke være fram i tid.")
    return None


def ordered_pair(one: int, other: int) -> tuple[int, int]:
    """The stored order of a symmetric pair: lower id first (A–B and B–A are one relation)."""
    return (one, other) if one < other else (other, one)


def pair_problem(one: int, other: int) -> str | None:
    if one == other:
        return _("En person kan ikke holdes adskilt fra seg selv.")
    return None


def keep_apart_severity(scope: str) -> str:
    """Placement is to a unit: a unit-level relation is a conflict (choose another unit); a
    department- or cell-level one is a caution (the unit can place them apart)."""
    return CONFLICT if scope == KeepApartScope.UNIT else CAUTION


def drug_test_problem(result: str, substances: Iterable[str]) -> str | None:
    """A positive test names at least one substance; other results name none."""
    found = list(substances)
    unknown = [code for code in found if code not in Substance.values]
    if unknown:
        return _("Ukjent stoff: %(codes)s.") % {"codes": ", ".join(unknown)}
    if result == DrugTestResult.POSITIVE and not found:
        return _("Velg hvilke stoffer prøven var positiv for.")
    if result != DrugTestResult.POSITIVE and found:
        return _("Stoffer registreres bare når prøven er positiv.")
    if len(set(found)) != len(found):
        return _("Hvert stoff skal bare velges én gang.")
    return None


def result_change_problem(current: str, new: str) -> str | None:
    """Only a test that has been taken and awaits its answer gets a result later; the answer
    is negative or positive (a refusal is registered as such when it happens)."""
    if current != DrugTestResult.TAKEN:
        return _("Prøven har allerede et resultat.")
    if new not in (DrugTestResult.NEGATIVE, DrugTestResult.POSITIVE):
        return _("Svaret på en prøve er negativt eller positivt.")
    return None


def quantity_problem(quantity: Decimal | None, unit: str) -> str | None:
    """A quantity is positive and has a unit; a unit without a quantity says nothing."""
    if quantity is None:
        return _("Oppgi mengden når du velger enhet.") if unit else None
    if quantity <= 0:
        return _("Mengden må være større enn null.")
    if not unit:
        return _("Velg enhet for mengden (stk., gram, ml, tabletter).")
    return None


def shared_groups(own: Iterable[int], others: Iterable[tuple[int, int]]) -> dict[int, set[int]]:
    """Of ``others`` (person id, group id), the persons who share a group with ``own`` group
    ids, with the groups they share. Same group means a conflict (a simple model: rivalry
    between groups is not registered)."""
    wanted = set(own)
    found: dict[int, set[int]] = {}
    for person_id, group_id in others:
        if group_id in wanted:
            found.setdefault(person_id, set()).add(group_id)
    return found
