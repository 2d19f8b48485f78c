"""Permissions for the security register (django-rules). Scope (which units and persons)
comes from ``queries``; these say what the role may do.

- Incidents, finds and drug tests: every role with person records reads and registers them
  (prison officers too: they are the ones who find things and write incident reports).
- Counts per unit and year: the same roles, plus KDI analysts and KRUS staff (no persons).
- Keep-apart relations: read with the person record; registered and ended by roles that
  edit persons.
- Group affiliation (strgjfl §§ 4c, 4f): only **security-cleared** staff whose role needs it
  — unit leaders, prison officers, prison case workers and regional officers who are members
  of the auth group ``sikkerhetsklarert`` (granted with ``varde clearance``) — and system
  administrators. Probation officers, analysts and KRUS staff never.
- The affiliation read log: system administrators (as the person's ordinary log).
"""

from __future__ import annotations

from typing import Any

import rules

from varde.core.permissions import edits_persons, has_person_access, is_system_admin
from varde.organisation.choices import Role

CLEARED_GROUP = "sikkerhetsklarert"
AFFILIATION_ROLES = frozenset(
    {Role.UNIT_LEADER, Role.PRISON_OFFICER, Role.PRISON_CASE_WORKER, Role.REGIONAL_OFFICER}
)
COUNT_ROLES = frozenset({Role.KDI_ANALYST, Role.KRUS_STAFF})


@rules.predicate
def has_affiliation_role(user: Any) -> bool:
    return bool(getattr(user, "role", None) in AFFILIATION_ROLES)


@rules.predicate
def sees_counts_only(user: Any) -> bool:
    return bool(getattr(user, "role", None) in COUNT_ROLES)


is_cleared = rules.is_group_member(CLEARED_GROUP)
may_access_affiliations = rules.is_active & (
    is_system_admin | (has_person_access & has_affiliation_role & is_cleared)
)

rules.add_perm("security.view_incidents", rules.is_active & has_person_access)
rules.add_perm("security.register_incidents", rules.is_active & has_person_access)
rules.add_perm("security.view_counts", rules.is_active & (has_person_access | sees_counts_only))
rules.add_perm("security.change_keep_apart", rules.is_active & edits_persons)
# Not "view_affiliation": that name is Django's model permission, which ModelBackend would grant
# to anyone given it directly, bypassing the role and clearance check.
rules.add_perm("security.access_affiliations", may_access_affiliations)
rules.add_perm("security.view_affiliation_log", rules.is_active & is_system_admin)
