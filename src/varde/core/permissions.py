"""Permission predicates (django-rules). Role decides what kind of thing a user may do;
scope (unit, region, national) decides on whom, through the ``visible_to`` querysets."""

from __future__ import annotations

from typing import Any

import rules

from varde.organisation.choices import PERSON_EDIT_ROLES, PERSON_RECORD_ROLES, Role


@rules.predicate
def has_person_access(user: Any) -> bool:
    return bool(getattr(user, "role", None) in PERSON_RECORD_ROLES)


@rules.predicate
def edits_persons(user: Any) -> bool:
    return bool(getattr(user, "role", None) in PERSON_EDIT_ROLES)


@rules.predicate
def is_system_admin(user: Any) -> bool:
    return bool(getattr(user, "role", None) == Role.SYSTEM_ADMIN or user.is_superuser)


rules.add_perm("people.view_person", rules.is_active & has_person_access)
rules.add_perm("people.add_person", rules.is_active & edits_persons)
rules.add_perm("people.change_person", rules.is_active & edits_persons)
rules.add_perm("audit.view_person_log", rules.is_active & is_system_admin)
rules.add_perm("organisation.view_unit", rules.is_authenticated & rules.is_active)
