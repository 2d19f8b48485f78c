from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from varde.core.http import AuthedRequest
from varde.execution.progression import worklist_units_for
from varde.execution.queries import capacity_overview
from varde.organisation.choices import SecurityLevel


@login_required
def unit_overview(request: AuthedRequest) -> HttpResponse:
    """Every unit with places today: open places per security level, closed, occupied, free
    and utilisation, with totals per region and for the whole country."""
    today = timezone.localdate()
    overview = capacity_overview(today)
    return render(
        request,
        "organisation/unit_overview.html",
        {
            "overview": overview,
            "today": today,
            "levels": SecurityLevel.choices,
            # The units whose progression worklist the user may open.
            "worklists": worklist_units_for(request.user).order_by("region__name", "name"),
        },
    )
