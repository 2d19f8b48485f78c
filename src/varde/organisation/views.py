from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from varde.organisation.choices import SecurityLevel
from varde.organisation.queries import capacity_on


@login_required
def unit_overview(request: HttpRequest) -> HttpResponse:
    """Every unit with places, and its open places today per security level."""
    today = timezone.localdate()
    rows = capacity_on(today)
    totals = {level: sum(r.by_level.get(level, 0) for r in rows) for level in SecurityLevel.values}
    return render(
        request,
        "organisation/unit_overview.html",
        {
            "rows": rows,
            "today": today,
            "levels": SecurityLevel.choices,
            "totals": totals,
            "grand_total": sum(totals.values()),
        },
    )
