"""Helpers for the decisions tests: judgments, applications registered through the action, and
a regional case worker of region vest."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from varde.decisions.actions import do_decide_application, do_register_application
from varde.decisions.models import Application, Decision
from varde.people.models import Person
from varde.sentencing.actions import do_register_judgment
from varde.sentencing.models import Judgment

_NUMBERS = itertools.count(1)
REASONS = "Sikkerhetsmessige grunner taler ikke mot. Permisjonstiden er nådd (fsg § 3-30)."


def today() -> date:
    return timezone.localdate()


def judgment_for(person: Person, *, reaction: str = "prison", **term: Any) -> Judgment:
    received = today() - timedelta(days=300)
    fields: dict[str, Any] = {
        "court": "Oslo tingrett",
        "case_number": f"24-{person.pk:06d}-{next(_NUMBERS)}MED",
        "judgment_date": received - timedelta(days=30),
        "final_date": received - timedelta(days=5),
        "received_on": received,
        "main_offence": "strl-321",
        "reaction": reaction,
    }
    if reaction == "preventive_detention":
        fields |= {"frame_years": 10, "minimum_years": 6}
    else:
        fields |= term or {"term_months": 8}
    return do_register_judgment(person, actor=None, **fields)


def apply(person: Person, kind: str = "leave", *, days_ago: int = 3, **extra: Any) -> Application:
    extra.setdefault("text", "Jeg søker om permisjon for å besøke familien.")
    return do_register_application(
        person, kind=kind, received_on=today() - timedelta(days=days_ago), actor=None, **extra
    )


def decide(application: Application, outcome: str = "granted", **extra: Any) -> Decision:
    extra.setdefault("legal_basis", "strgjfl-33")
    extra.setdefault("reasons", REASONS)
    return do_decide_application(application, outcome=outcome, actor=None, **extra)
