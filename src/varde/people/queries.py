"""Scoped reads of persons. Views and the API reach persons only through these functions.

Who sees whom (issue 2, ARCHITECTURE.md "Reads are scoped"):
- roles without person access (KDI analyst, KRUS staff) see nobody;
- national scope (system administrators) sees everybody;
- region scope sees persons for whom a unit in the region is responsible;
- unit scope sees persons for whom the user's unit (or one of its departments) is responsible;
"responsible" meaning a responsibility period that is open, or ended no more than
``VARDE_RESPONSIBILITY_GRACE_DAYS`` days ago.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from varde.lib.text import search_tokens
from varde.organisation.choices import PERSON_RECORD_ROLES, Scope
from varde.people.models import Alias, Person, Responsibility

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from varde.organisation.models import User


def can_see_person_records(user: User) -> bool:
    """Whether the user's role allows opening person records at all."""
    return bool(user.is_authenticated and user.is_active and user.role in PERSON_RECORD_ROLES)


def visible_person_filter(user: User, today: date | None = None) -> Q:
    """A filter on Person that keeps exactly the persons ``user`` may see."""
    if not can_see_person_records(user):
        return Q(pk__in=[])
    if user.scope == Scope.NATIONAL:
        return Q()
    today = today or timezone.localdate()
    current = Q(date_to__isnull=True) | Q(
        date_to__gte=today - timedelta(days=settings.VARDE_RESPONSIBILITY_GRACE_DAYS)
    )
    current &= Q(date_from__lte=today)
    if user.scope == Scope.REGION and user.region_id:
        in_scope = Q(unit__region_id=user.region_id)
    elif user.scope == Scope.UNIT and user.unit_id:
        in_scope = Q(unit_id=user.unit_id) | Q(unit__parent_id=user.unit_id)
    else:
        return Q(pk__in=[])
    responsible = Responsibility.objects.filter(current & in_scope, person_id=OuterRef("pk"))
    return Q(Exists(responsible))


def get_person_for_user(user: User, person_id: int) -> Person:
    """The person, if the user may see them; 404 otherwise (never reveal that they exist)."""
    person = Person.objects.visible_to(user).filter(pk=person_id).first()
    if person is None:
        raise Http404
    return person


def search_persons(user: User, query: str) -> QuerySet[Person]:
    """Search visible persons by national ID, name or alias (folded), and birth date.

    The query is split into words; an 11-digit word matches the national ID exactly, a date
    word (dd.mm.yyyy, ddmmyyyy or yyyy-mm-dd) matches the birth date, other words must each
    start a word of the person's name or of one of their aliases.
    """
    from varde.people.forms import parse_birth_date

    persons = Person.objects.visible_to(user)
    raw_words = query.split()
    if not raw_words:
        return persons.none()
    name_words: list[str] = []
    for word in raw_words:
        if len(word) == 11 and word.isdigit():
            persons = persons.filter(national_id=word)
        elif (born := parse_birth_date(word)) is not None:
            persons = persons.filter(birth_date=born)
        else:
            name_words.extend(search_tokens(word))
    for token in name_words:
        alias_match = Alias.objects.filter(
            person_id=OuterRef("pk"), search_name__contains=f" {token}"
        )
        persons = persons.filter(Q(search_name__contains=f" {token}") | Q(Exists(alias_match)))
    return persons


def find_possible_duplicates(
    *,
    national_id: str | None,
    first_name: str,
    last_name: str,
    birth_date: date | None,
    exclude_id: int | None = None,
) -> QuerySet[Person]:
    """Persons already registered who may be the same person (unscoped: registration must not
    create a second record just because the first is outside the clerk's unit).

    Same national ID; or same birth date and the same first or last name (folded).
    """
    from varde.lib.text import fold

    match = Q(pk__in=[])
    if national_id:
        match |= Q(national_id=national_id)
    if birth_date:
        names = (
            Q(search_name__contains=f" {fold(first_name).split(' ')[0]} ") if first_name else Q()
        )
        if last_name:
            last = fold(last_name).split(" ")[-1]
            names = (
                names | Q(search_name__contains=f" {last} ")
                if first_name
                else Q(search_name__contains=f" {last} ")
            )
        match |= Q(birth_date=birth_date) & names
    found = Person.objects.filter(match)
    if exclude_id:
        found = found.exclude(pk=exclude_id)
    return found.order_by("last_name", "first_name")
