"""Shared helpers for the judgment tests: a valid judgment's fields."""

from __future__ import annotations

from datetime import date
from typing import Any


def prison_fields(**extra: Any) -> dict[str, Any]:
    """rules.md Example 0.3-A: 9 months, start 10.03.2025, 20 days' remand credit."""
    return {
        "court": "Oslo tingrett",
        "case_number": "24-123456MED-OTIR/01",
        "judgment_date": date(2025, 2, 20),
        "final_date": date(2025, 3, 10),
        "received_on": date(2025, 3, 10),
        "main_offence": "strl-321",
        "other_offences": ["strl-351"],
        "reaction": "prison",
        "term_months": 9,
        "credited_days": 20,
        **extra,
    }
