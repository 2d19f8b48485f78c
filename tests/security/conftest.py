"""Security personas on top of the standing ones (tests/conftest.py):

- siri: unit leader, Oslo fengsel, security-cleared (sees group affiliation)
- ulf: unit leader, Oslo fengsel, not cleared
- pia: probation officer, Oslo friomsorgskontor, cleared — her role still gives no access
And a group register with one gang.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import Org, _user
from varde.organisation.choices import Role, Scope
from varde.organisation.models import User
from varde.security.actions import do_register_group, do_set_clearance
from varde.security.models import CriminalGroup

REASON = "Opplyst av politiet i samarbeidsmøte"


@dataclass
class Cleared:
    siri: User
    ulf: User
    pia: User


@pytest.fixture
def cleared(org: Org) -> Cleared:
    siri = _user("siri", Role.UNIT_LEADER, Scope.UNIT, org.oslo)
    ulf = _user("ulf", Role.UNIT_LEADER, Scope.UNIT, org.oslo)
    pia = _user("pia", Role.PROBATION_OFFICER, Scope.UNIT, org.oslo_fri)
    for user in (siri, pia):
        do_set_clearance(user, cleared=True, reason="Klarert av sikkerhetsleder", actor=None)
    return Cleared(siri, ulf, pia)


@pytest.fixture
def gang(db: None) -> CriminalGroup:
    return do_register_group(name="Nordre gjeng", kind="gang", reason=REASON, actor=None)


def ago(**kwargs: Any) -> datetime:
    return timezone.now() - timedelta(**kwargs)
