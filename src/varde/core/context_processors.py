"""Navigation by role: each page gets the menu entries the user may use."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _


def navigation(request: HttpRequest) -> dict[str, object]:
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": []}
    # Ordered by the work: find or register the person; the case flow into and through
    # prison (queue, remand, applications), probation, the road out; daily prison life and
    # its safety (figures for leaders and analysts too); then the units and the API.
    items = [(_("Forside"), reverse("home"))]
    may_view = user.has_perm("people.view_person")
    if may_view:
        items.append((_("Personsøk"), reverse("people:search")))
    if user.has_perm("people.add_person"):
        items.append((_("Registrer person"), reverse("people:register")))
    if may_view:
        items.append((_("Soningskø"), reverse("queue:list")))
        items.append((_("Varetekt"), reverse("execution:remand_list")))
        items.append((_("Søknader"), reverse("decisions:worklist")))
    if user.role in ("probation_officer", "unit_leader"):  # friomsorgens saksliste
        items.append((_("Friomsorg"), reverse("community:caseload")))
    if may_view:
        items.append((_("Tilbakeføring"), reverse("reintegration:index")))
    if user.has_perm("regime.view_figures"):
        items.append((_("Dagligliv"), reverse("regime:overview")))
    if user.has_perm("security.view_counts"):  # incidents, finds, drug tests, affiliation
        items.append((_("Sikkerhet"), reverse("security:index")))
    if user.has_perm("safeguards.view_overview"):  # utelukkelse, tvangsmidler and their clocks
        items.append((_("Utelukkelse og tvang"), reverse("safeguards:home")))
    items.append((_("Enheter"), reverse("organisation:units")))
    items.append((_("API"), reverse("api-docs")))
    current = request.path
    return {
        "nav_items": [
            {
                "label": label,
                "url": url,
                "current": current == url or (url != "/" and current.startswith(url)),
            }
            for label, url in items
        ]
    }
