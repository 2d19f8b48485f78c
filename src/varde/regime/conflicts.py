"""Conflict warnings at activity enrolment (issue 5 item 6): keep-apart relations and shared
group affiliation (``varde.security``) between the inmate being enrolled and those already
enrolled in the activity that day.

A warning, not a refusal: staff decide. It counts, and never names anyone (the others may be
outside the user's scope). Group names are shown only to users with the affiliation
permission, and showing them is logged in the affiliation read log (strgjfl §§ 4c, 4f)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _

from varde.regime.models import ActivityOffer, Enrolment
from varde.security.actions import record_affiliation_read
from varde.security.queries import conflict_partners

if TYPE_CHECKING:
    from varde.organisation.models import User
    from varde.people.models import Person


@dataclass
class EnrolmentConflicts:
    keep_apart: int = 0  # enrolled persons the inmate is to be kept apart from
    shared_group: int = 0  # enrolled persons sharing a group affiliation with the inmate
    groups: list[str] = field(default_factory=list)  # their names (affiliation permission)

    def __bool__(self) -> bool:
        return bool(self.keep_apart or self.shared_group)

    def message(self) -> str:
        parts = []
        if self.keep_apart:
            parts.append(
                _("Innskrevne som skal holdes adskilt fra den innsatte: %(n)s.")
                % {"n": self.keep_apart}
            )
        if self.shared_group:
            text = _("Innskrevne med samme registrerte gruppetilhørighet: %(n)s.") % {
                "n": self.shared_group
            }
            if self.groups:
                text += " " + _("Gruppe: %(groups)s.") % {"groups": ", ".join(self.groups)}
            parts.append(text)
        return " ".join([_("Advarsel om konflikt i aktiviteten:"), *parts])


def enrolment_conflicts(
    offer: ActivityOffer, person: Person, day: date, user: User, *, path: str = ""
) -> EnrolmentConflicts:
    """Conflicts between ``person`` and the others enrolled in ``offer`` on ``day``."""
    partners = conflict_partners(person, day)
    if not partners.ids:
        return EnrolmentConflicts()
    open_on_day = Q(date_from__lte=day) & (Q(date_to__isnull=True) | Q(date_to__gte=day))
    enrolled = set(
        Enrolment.objects.filter(open_on_day, offer=offer)
        .exclude(person=person)
        .values_list("person_id", flat=True)
    )
    found = EnrolmentConflicts(
        keep_apart=len(enrolled & set(partners.keep_apart)),
        shared_group=len(enrolled & set(partners.groups)),
    )
    if found.shared_group and user.has_perm("security.access_affiliations"):
        names = {name for pid in enrolled & set(partners.groups) for name in partners.groups[pid]}
        found.groups = sorted(names)
        record_affiliation_read(
            actor=user, persons=[person], channel="web", path=path, purpose="activity_enrolment"
        )
    return found
