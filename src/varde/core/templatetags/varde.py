from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """``{{ row.by_level|get_item:level }}`` — a dict value in a template (0 when missing)."""
    return mapping.get(key, 0)
