from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from varde.execution.queries import capacity_overview
from varde.organisation.choices import SecurityLevel


@login_required
def unit_overview(request: HttpRequest) -> HttpResponse:
    """Every unit with places today: open places per security level, closed, occupied, free
    and utilisation, with totals per region and for the whole country."""
    today = timezone.localdate()
    overview = capacity_overview(today)
    return render(
        request,
        "organisation/unit_overview.html",
        {"overview": overview, "today": today, "levels": SecurityLevel.choices},
    )
