"""``varde calc national-id``: validate national IDs (rules.md § 12) in batch."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from varde.lib.calc import CalcInputError
from varde.people.rules import validate_national_id


def national_id(item: Any) -> dict[str, object]:
    """One string in, ``{"valid", "kind", "birth_date"}`` out.

    Non-digits and wrong lengths are invalid numbers, not input errors."""
    if not isinstance(item, str):
        raise CalcInputError("each element must be a string")
    result = validate_national_id(
        item,
        allow_synthetic=settings.VARDE_ALLOW_SYNTHETIC_IDS,
        accept_2032=settings.VARDE_ACCEPT_2032_IDS,
    )
    return result.as_json()
