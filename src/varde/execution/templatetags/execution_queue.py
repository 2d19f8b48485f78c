"""The call-in panel on the judgment page, so that the sentencing view needs no change: the
judgment page includes ``execution/_judgment_callin.html``, which calls this tag."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("execution/_callin_panel.html", takes_context=True)
def callin_panel(context: template.Context, judgment: Any, can_edit: bool) -> dict[str, Any]:
    from varde.execution.views import callin_panel_context

    panel = callin_panel_context(context["request"].user, judgment, can_edit)
    return {"panel": panel, "person": judgment.person, "csrf_token": context.get("csrf_token")}
