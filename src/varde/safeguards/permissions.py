"""Permissions for safeguards (django-rules). Whose decisions and deviations a user sees
comes from the scoped querysets (``queries.py``); these say what the role may do."""

from __future__ import annotations

from typing import Any

import rules

from varde.core.permissions import edits_persons, has_person_access
from varde.organisation.choices import Role


@rules.predicate
def sees_aggregates(user: Any) -> bool:
    """KDI's analysts see national figures (no persons)."""
    return bool(getattr(user, "role", None) == Role.KDI_ANALYST)


# Reading decisions, worklists and deviations is reading persons' records.
rules.add_perm("safeguards.view_safeguards", rules.is_active & has_person_access)
# Deciding, telling, reviewing, ending: roles that change case data.
rules.add_perm("safeguards.change_decision", rules.is_active & edits_persons)
# The supervision log and the contact registered each day: also the officers on the floor.
rules.add_perm("safeguards.log_supervision", rules.is_active & has_person_access)
# Deviations: register, assign, close.
rules.add_perm("safeguards.change_deviation", rules.is_active & edits_persons)
# Statistics and open deviations per unit (counts, no persons).
rules.add_perm("safeguards.view_overview", rules.is_active & (has_person_access | sees_aggregates))
