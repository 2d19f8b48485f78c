from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from varde.people.forms import PersonSearchForm


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: who you are, where you work, and a person search if your role has it."""
    return render(request, "core/home.html", {"search_form": PersonSearchForm()})
