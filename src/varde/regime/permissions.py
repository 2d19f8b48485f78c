"""Permissions for the daily regime (django-rules). Role decides what kind of thing a user
may do; which units and inmates comes from scope (``queries.regime_units_for`` and the
person querysets)."""

from __future__ import annotations

from typing import Any

import rules

from varde.core.permissions import has_person_access
from varde.organisation.choices import Role

# Officers on the floor register the day: attendance and deviations (lock-down, own cell).
REGISTERING_ROLES = frozenset(
    {Role.PRISON_OFFICER, Role.PRISON_CASE_WORKER, Role.UNIT_LEADER, Role.SYSTEM_ADMIN}
)
# Activity offers and who is enrolled in them: case workers and the unit's leaders.
ACTIVITY_ROLES = frozenset({Role.PRISON_CASE_WORKER, Role.UNIT_LEADER, Role.SYSTEM_ADMIN})
# The default regime of a department is the unit leader's decision.
SCHEDULE_ROLES = frozenset({Role.UNIT_LEADER, Role.SYSTEM_ADMIN})
# Figures without names (activity share, counts of time out of cell): also KDI's analysts.
# (Probation offices have no inmates: the menu would only show them figures of others.)
FIGURE_ROLES = frozenset(
    {
        Role.KDI_ANALYST,
        Role.PRISON_OFFICER,
        Role.PRISON_CASE_WORKER,
        Role.UNIT_LEADER,
        Role.REGIONAL_OFFICER,
        Role.SYSTEM_ADMIN,
    }
)


def _role_in(roles: frozenset[str]) -> Any:
    @rules.predicate
    def predicate(user: Any) -> bool:
        return bool(getattr(user, "role", None) in roles)

    return predicate


registers_regime = _role_in(REGISTERING_ROLES)
manages_activities = _role_in(ACTIVITY_ROLES)
manages_schedule = _role_in(SCHEDULE_ROLES)
sees_figures = _role_in(FIGURE_ROLES)

rules.add_perm("regime.view_regime", rules.is_active & has_person_access)
rules.add_perm("regime.view_figures", rules.is_active & sees_figures)
rules.add_perm("regime.register_attendance", rules.is_active & registers_regime)
rules.add_perm("regime.register_deviation", rules.is_active & registers_regime)
rules.add_perm("regime.manage_activities", rules.is_active & manages_activities)
rules.add_perm("regime.manage_schedule", rules.is_active & manages_schedule)
