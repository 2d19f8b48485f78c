"""Helpers for the community tests: community-type judgments and cases opened by the action."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import Org, People
from varde.community.actions import do_open_case
from varde.community.models import CommunityCase
from varde.people.models import Person
from varde.sentencing.actions import do_register_judgment
from varde.sentencing.models import Judgment


def judgment_for(person: Person, reaction: str = "community_sentence", **extra: Any) -> Judgment:
    received = timezone.localdate() - timedelta(days=60)
    fields: dict[str, Any] = {
        "court": "Oslo tingrett",
        "case_number": f"25-{person.pk:06d}{reaction[:3]}",
        "judgment_date": received - timedelta(days=30),
        "final_date": received - timedelta(days=5),
        "received_on": received,
        "main_offence": "strl-321",
        "reaction": reaction,
    }
    if reaction == "community_sentence":
        fields |= {"term_months": 4, "hours": 120}
    elif reaction == "fine_service":
        fields |= {"term_days": 30, "hours": 60, "execution_months": 4}
    elif reaction == "prison":
        fields |= {"term_months": 4}
    return do_register_judgment(person, actor=None, **(fields | extra))


def open_case(
    person: Person,
    office: Any,
    *,
    days_ago: int = 30,
    kind: str = "community_sentence",
    judgment_extra: dict[str, Any] | None = None,
    **kw: Any,
) -> CommunityCase:
    reaction = {"ek_full": "prison", "ek_partial": "prison"}.get(kind, kind)
    judgment = judgment_for(person, reaction, **(judgment_extra or {}))
    start = timezone.localdate() - timedelta(days=days_ago)
    return do_open_case(person, judgment, office, kind=kind, start=start, actor=None, **kw)


@pytest.fixture
def case(org: Org, people: People) -> CommunityCase:
    """A community sentence (120 hours, 4 months) for the probation client, 30 days in."""
    return open_case(people.probation_client, org.oslo_fri)
