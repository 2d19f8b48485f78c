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
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connections
from django.db.models import CharField, Exists, F, Lookup, OuterRef, Q, Value
from django.db.models.functions import Coalesce, Concat
from django.http import Http404
from django.utils import timezone

from varde.lib.text import search_tokens
from varde.organisation.choices import PERSON_RECORD_ROLES, Scope
from varde.organisation.models import Unit
from varde.people.models import OPEN_END, Alias, Person, Responsibility

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
    # Open (date_to NULL, read as OPEN_END) or ended within the grace period. Written with
    # COALESCE so that one range condition on responsibility_scope_idx finds the rows.
    cutoff = today - timedelta(days=settings.VARDE_RESPONSIBILITY_GRACE_DAYS)
    current = Q(current_to__gte=cutoff, date_from__lte=today)
    if user.scope == Scope.REGION and user.region_id:
        in_scope = Q(unit__region_id=user.region_id)
    elif user.scope == Scope.UNIT and user.unit_id:
        # The unit and its departments, as a list of unit ids (an index condition).
        own_units = Unit.objects.filter(Q(pk=user.unit_id) | Q(parent_id=user.unit_id))
        in_scope = Q(unit_id__in=own_units.values("pk"))
    else:
        return Q(pk__in=[])
    responsible = Responsibility.objects.alias(
        current_to=Coalesce("date_to", Value(OPEN_END))
    ).filter(current & in_scope, person_id=OuterRef("pk"))
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
    postgres = connections[persons.db].vendor == "postgresql"
    for token in name_words:
        persons = persons.filter(
            Q(search_name__contains=f" {token}") | _has_alias_starting(token, postgres=postgres)
        )
    if name_words:
        persons = persons.order_by(*SEARCH_ORDER)
    return persons


# Name search results are sorted, not read off the name index in order. Otherwise the planner
# may walk person_name_idx and filter, expecting the matches spread evenly over the alphabet;
# but a surname search matches rows that sit together in that index (every "Hansen" under H),
# so it reads a large part of the table first. Same order as Person.Meta.ordering.
SEARCH_ORDER = (Concat("last_name", Value(""), output_field=CharField()), "first_name", "id")


def _has_alias_starting(token: str, *, postgres: bool) -> Q:
    """Persons with an alias that has a word starting with ``token``.

    On PostgreSQL as ``id = ANY(ARRAY(SELECT person_id FROM alias WHERE ...))``: the array is
    computed once, so the condition is an index condition on the primary key, and together with
    the trigram condition on the name it makes a BitmapOr. A correlated EXISTS (or IN) ORed with
    the name condition rules out both indexes and scans every person.
    """
    aliases = Alias.objects.filter(search_name__contains=f" {token}").order_by()
    if postgres:
        from django.contrib.postgres.expressions import ArraySubquery

        return Q(_EqualsAny(F("pk"), ArraySubquery(aliases.values("person_id"))))
    return Q(Exists(aliases.filter(person_id=OuterRef("pk"))))


class _EqualsAny(Lookup):
    """``lhs = ANY(rhs)`` for an array expression (PostgreSQL)."""

    lookup_name = "equals_any"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


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
