"""A unit's registers — incidents, contraband finds, drug tests — with filters by period and
kind and the registration forms; one incident's page; and the counts per unit and year.

Registers are scoped by unit (``queries.get_unit_for_user``: out of scope → 404); analysts
get the counts only (403 elsewhere). Pages that name persons log the read of each.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.audit.actions import record_access
from varde.core.http import AuthedRequest
from varde.organisation.models import Unit
from varde.security import actions
from varde.security.choices import ContrabandKind, DrugTestResult, IncidentKind
from varde.security.counts import count_table, drug_test_counts, find_counts, incident_counts
from varde.security.forms import (
    DrugTestForm,
    FindForm,
    FollowUpForm,
    IncidentForm,
    InvolvementForm,
    PeriodFilter,
    ResultForm,
)
from varde.security.permissions import COUNT_ROLES
from varde.security.queries import (
    finds_visible_to,
    get_incident_for_user,
    get_test_for_user,
    get_unit_for_user,
    in_period,
    incidents_visible_to,
    involved_rows,
    persons_at_unit,
    tests_visible_to,
    units_in_scope,
    visible_names,
)
from varde.security.views.common import post_with, run

PAGE_SIZE = 50
FIRST_YEAR = 2000  # the counts page offers years from here
_view = permission_required("security.view_incidents", raise_exception=True)
_write = post_with("security.register_incidents")


@login_required
@permission_required("security.view_counts", raise_exception=True)
def index(request: AuthedRequest) -> HttpResponse:
    """Where to go: the units in scope (their registers), the counts, the group register."""
    units = units_in_scope(request.user) if request.user.has_perm("security.view_incidents") else []
    return render(request, "security/index.html", {"units": units})


# --- the unit's registers --------------------------------------------------------------------


def _filtered(
    request: AuthedRequest, rows: QuerySet[Any], time_field: str, kinds: Any, kind_field: str
) -> tuple[PeriodFilter, QuerySet[Any]]:
    form = PeriodFilter(request.GET or None, kinds=kinds)
    if form.is_valid():
        rows = in_period(
            rows,
            time_field,
            date_from=form.cleaned_data["fra"],
            date_to=form.cleaned_data["til"],
            kind=form.cleaned_data["type"],
            kind_field=kind_field,
        )
    return form, rows


def _register_page(
    request: AuthedRequest, unit: Unit, template: str, rows: QuerySet[Any], **context: Any
) -> HttpResponse:
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    ids = {row.person_id for row in page if getattr(row, "person_id", None)}
    context |= {
        "unit": unit,
        "page": page,
        "visible": set(visible_names(request.user, ids)),
        "query": query.urlencode(),
        "can_register": request.user.has_perm("security.register_incidents"),
    }
    return render(request, template, context)


@login_required
@_view
def unit_incidents(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_id)
    rows = incidents_visible_to(request.user).filter(unit=unit).prefetch_related("involvements")
    form, rows = _filtered(request, rows, "occurred_at", IncidentKind.choices, "kind")
    new = IncidentForm(persons=persons_at_unit(request.user, unit))
    return _register_page(request, unit, "security/incidents.html", rows, filter=form, form=new)


@login_required
@_view
def unit_finds(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_id)
    rows = finds_visible_to(request.user).filter(unit=unit)
    form, rows = _filtered(request, rows, "found_at", ContrabandKind.choices, "kind")
    new = FindForm(persons=persons_at_unit(request.user, unit))
    return _register_page(request, unit, "security/finds.html", rows, filter=form, form=new)


@login_required
@_view
def unit_tests(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_id)
    rows = tests_visible_to(request.user).filter(unit=unit)
    form, rows = _filtered(request, rows, "taken_at", DrugTestResult.choices, "result")
    new = DrugTestForm(persons=persons_at_unit(request.user, unit))
    return _register_page(
        request, unit, "security/tests.html", rows, filter=form, form=new, result_form=ResultForm()
    )


# --- registering -----------------------------------------------------------------------------


@_write
def register_incident(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_id)
    form = IncidentForm(request.POST, persons=persons_at_unit(request.user, unit))

    def do() -> object:
        data = form.cleaned_data
        return actions.do_register_incident(
            unit,
            kind=data["kind"],
            occurred_at=data["occurred_at"],
            description=data["description"],
            injuries=data["injuries"],
            injury_note=data["injury_note"],
            follow_up=data["follow_up"],
            involved=form.involved(),
            actor=request.user,
        )

    back = reverse("security:incidents", args=[unit.pk])
    return run(request, form, do, _("Hendelsen er registrert."), back)


@_write
def register_find(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_id)
    form = FindForm(request.POST, persons=persons_at_unit(request.user, unit))

    def do() -> object:
        data = form.cleaned_data
        return actions.do_register_find(
            unit,
            found_at=data["found_at"],
            kind=data["kind"],
            place=data["place"],
            description=data["description"],
            quantity=data["quantity"],
            quantity_unit=data["quantity_unit"],
            person=data["person"],
            actor=request.user,
        )

    back = reverse("security:finds", args=[unit.pk])
    return run(request, form, do, _("Beslaget er registrert."), back)


@_write
def register_test(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_id)
    form = DrugTestForm(request.POST, persons=persons_at_unit(request.user, unit))

    def do() -> object:
        data = form.cleaned_data
        return actions.do_register_drug_test(
            data["person"],
            unit,
            taken_at=data["taken_at"],
            sample=data["sample"],
            result=data["result"],
            substances=data["substances"],
            note=data["note"],
            actor=request.user,
        )

    back = reverse("security:tests", args=[unit.pk])
    return run(request, form, do, _("Rusmiddeltesten er registrert."), back)


@_write
def record_result(request: AuthedRequest, test_id: int) -> HttpResponse:
    test = get_test_for_user(request.user, test_id)
    form = ResultForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_record_test_result(
            test, result=data["result"], substances=data["substances"], actor=request.user
        )

    back = reverse("security:tests", args=[test.unit_id])
    return run(request, form, do, _("Svaret er registrert."), back)


# --- one incident ----------------------------------------------------------------------------


@login_required
@_view
def incident_detail(request: AuthedRequest, incident_id: int) -> HttpResponse:
    """The incident with the persons involved (named when the user sees them, each read
    logged; the others counted)."""
    incident = get_incident_for_user(request.user, incident_id)
    rows = involved_rows(request.user, incident)
    for row in rows:
        if row.person is not None:
            record_access(actor=request.user, person=row.person, channel="web", path=request.path)
    context: dict[str, Any] = {
        "incident": incident,
        "involved": [row for row in rows if row.person is not None],
        "hidden": sum(1 for row in rows if row.person is None),
    }
    if request.user.has_perm("security.register_incidents"):
        persons = persons_at_unit(request.user, incident.unit)
        context["involvement_form"] = InvolvementForm(persons=persons)
        context["follow_up_form"] = FollowUpForm(
            initial={"follow_up": incident.follow_up, "done": incident.follow_up_done}
        )
    return render(request, "security/incident_detail.html", context)


@_write
def add_involvement(request: AuthedRequest, incident_id: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, incident_id)
    form = InvolvementForm(request.POST, persons=persons_at_unit(request.user, incident.unit))

    def do() -> object:
        data = form.cleaned_data
        return actions.do_add_involvement(
            incident, data["person"], role=data["role"], actor=request.user
        )

    back = reverse("security:incident", args=[incident.pk])
    return run(request, form, do, _("Personen er lagt til."), back)


@_write
def update_follow_up(request: AuthedRequest, incident_id: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, incident_id)
    form = FollowUpForm(request.POST)

    def do() -> object:
        data = form.cleaned_data
        return actions.do_update_follow_up(
            incident, follow_up=data["follow_up"], done=data["done"], actor=request.user
        )

    back = reverse("security:incident", args=[incident.pk])
    return run(request, form, do, _("Oppfølgingen er lagret."), back)


# --- counts ----------------------------------------------------------------------------------


def _count_units(request: AuthedRequest) -> QuerySet[Unit]:
    """Analysts and KRUS staff see the national figures; others those of their scope."""
    if request.user.role in COUNT_ROLES:
        return Unit.objects.select_related("region")
    return units_in_scope(request.user)


def _year(raw: str | None) -> int:
    today = timezone.localdate()
    if raw and raw.isdigit() and FIRST_YEAR <= int(raw) <= today.year:
        return int(raw)
    return today.year


@login_required
@permission_required("security.view_counts", raise_exception=True)
def counts(request: AuthedRequest) -> HttpResponse:
    """Incidents, finds and drug tests per unit for a year (no persons)."""
    year = _year(request.GET.get("ar"))
    units = _count_units(request)
    by_id = units.in_bulk()
    tables = [
        count_table(
            _("Hendelser"), incident_counts(years=[year], units=units), IncidentKind, by_id
        ),
        count_table(_("Beslag"), find_counts(years=[year], units=units), ContrabandKind, by_id),
        count_table(
            _("Rusmiddeltester"), drug_test_counts(years=[year], units=units), DrugTestResult, by_id
        ),
    ]
    years = range(timezone.localdate().year, timezone.localdate().year - 10, -1)
    return render(request, "security/counts.html", {"year": year, "years": years, "tables": tables})
