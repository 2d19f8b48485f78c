"""Friomsorg pages: caseload, case page and its forms, the person page's panel. Scoping
(anonymous, wrong office, read-only role, analyst, allowed) and pinned query counts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.community.conftest import open_case
from varde.community.actions import do_log_hours, do_register_breach, do_register_reporting
from varde.community.models import HoursLog, ReportingEvent

pytestmark = pytest.mark.django_db

WRITES = ["log_hours", "register_reporting", "register_breach", "close_case"]


def _today():
    return timezone.localdate()


def test_anonymous_is_sent_to_login(client, case):
    for url in (reverse("community:caseload"), reverse("community:case", args=[case.pk])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response.url
    for name in WRITES:
        response = client.post(reverse(f"community:{name}", args=[case.pk]))
        assert response.status_code == 302


def test_analyst_gets_403(login, personas, case):
    client = login(personas.anna)
    assert client.get(reverse("community:caseload")).status_code == 403
    assert client.get(reverse("community:case", args=[case.pk])).status_code == 403


def test_wrong_office_gets_404(login, personas, case, people):
    client = login(personas.alice)
    assert client.get(reverse("community:case", args=[case.pk])).status_code == 404
    person_url = reverse("community:person", args=[people.probation_client.pk])
    assert client.get(person_url).status_code == 404
    assert "Aas" not in client.get(reverse("community:caseload")).content.decode()


@pytest.mark.parametrize("name", WRITES)
def test_read_only_role_gets_403(name, login, personas, case):
    # alice may read (prison officer) but not write; the person is out of her scope anyway.
    assert (
        login(personas.alice).post(reverse(f"community:{name}", args=[case.pk])).status_code == 403
    )


def test_caseload_shows_progress_overdue_and_deadlines(login, personas, case):
    for _ in range(2):
        do_log_hours(case, day=_today(), hours=Decimal(15), activity="a", actor=None)
    do_register_breach(case, day=_today(), description="x", response="warning", actor=None)
    response = login(personas.frida).get(reverse("community:caseload"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Åse Aas" in page or "Aas" in page
    assert 'value="25"' in page  # 30 of 120 hours
    assert "Oppmøte forfalt" in page  # 30 days without contact (14 allowed)
    assert "strgjfl § 7 e" in page


def test_nav_entry_for_probation_staff(login, personas):
    page = login(personas.frida).get("/").content.decode()
    assert reverse("community:caseload") in page
    assert reverse("community:caseload") not in login(personas.alice).get("/").content.decode()


def test_case_page_and_forms(login, personas, case):
    client = login(personas.frida)
    url = reverse("community:case", args=[case.pk])
    page = client.get(url).content.decode()
    assert "Timelogg" in page and "Før timer" in page and "Registrer brudd" in page
    response = client.post(
        reverse("community:log_hours", args=[case.pk]),
        {"hours-day": _today().isoformat(), "hours-hours": "4", "hours-activity": "Kirkegård"},
        follow=True,
    )
    assert "Timene er ført." in response.content.decode()
    assert HoursLog.objects.get().hours == 4
    response = client.post(
        reverse("community:register_reporting", args=[case.pk]),
        {
            "reporting-day": _today().isoformat(),
            "reporting-kind": "meeting",
            "reporting-attended": "on",
        },
        follow=True,
    )
    assert "Oppmøtet er registrert." in response.content.decode()
    assert ReportingEvent.objects.get().attended


def test_refusal_shown_nothing_saved(login, personas, case):
    response = login(personas.frida).post(
        reverse("community:log_hours", args=[case.pk]),
        {
            "hours-day": (_today() + timedelta(days=3)).isoformat(),
            "hours-hours": "4",
            "hours-activity": "x",
        },
        follow=True,
    )
    assert "Datoen kan ikke være fram i tid." in response.content.decode()
    assert HoursLog.objects.count() == 0


def test_person_panel_and_open_case(login, personas, people, org):
    from tests.community.conftest import judgment_for

    judgment = judgment_for(people.probation_client)
    client = login(personas.frida)
    person_page = client.get(reverse("people:detail", args=[people.probation_client.pk]))
    assert (
        reverse("community:person", args=[people.probation_client.pk])
        in person_page.content.decode()
    )
    panel = client.get(
        reverse("community:person", args=[people.probation_client.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Start sak i friomsorgen" in panel and "<html" not in panel
    response = client.post(
        reverse("community:open_case", args=[people.probation_client.pk]),
        {
            "open-judgment": judgment.pk,
            "open-office": org.oslo_fri.pk,
            "open-kind": "community_sentence",
            "open-start": _today().isoformat(),
        },
    )
    case = judgment.community_cases.get()
    assert response.status_code == 302 and response.url == reverse("community:case", args=[case.pk])


def _page_queries(captured) -> list[str]:
    """The page's own queries: the layout's permission lookups for the navigation (one per
    app that adds a menu entry) are not the page's and are left out."""
    return [q["sql"] for q in captured if "auth_permission" not in q["sql"]]


def test_query_counts_pinned(login, personas, org, people):
    from datetime import date

    from tests.conftest import make_person

    client = login(personas.frida)
    cases = [open_case(people.probation_client, org.oslo_fri)]
    for n in range(3):
        person = make_person("Per", f"Person{n}", date(1980, 1, n + 1), seed=40 + n)
        cases.append(open_case(person, org.oslo_fri))
    for case in cases:
        do_log_hours(case, day=_today(), hours=Decimal(2), activity="a", actor=None)
        do_register_reporting(case, day=_today(), kind="phone", attended=True, actor=None)
        do_register_breach(case, day=_today(), description="x", response="warning", actor=None)
    with CaptureQueriesContext(connection) as caseload:
        assert client.get(reverse("community:caseload")).status_code == 200
    with CaptureQueriesContext(connection) as detail:
        assert client.get(reverse("community:case", args=[cases[0].pk])).status_code == 200
    # session, user, the user's unit (layout), count, page, breach deadlines, and the session
    # save (savepoint, update, release): independent of the number of cases.
    assert len(_page_queries(caseload)) <= 9, "\n".join(_page_queries(caseload))
    # session, user, unit, case, its hours/reportings/breaches, access log, session save.
    assert len(_page_queries(detail)) <= 11, "\n".join(_page_queries(detail))


def test_query_counts_of_ek_and_nd_case_pages(login, personas, org, people):
    """An EK case adds its equipment and schedule (two queries), an ND case its phase
    history (one), however many rows they hold."""
    from datetime import date

    from tests.conftest import make_person
    from varde.community.actions import (
        do_add_schedule_entry,
        do_change_nd_phase,
        do_register_equipment_event,
    )

    client = login(personas.frida)
    ek = open_case(people.probation_client, org.oslo_fri, kind="ek_full")
    for day in range(5):
        do_add_schedule_entry(
            ek, weekday=day, start_minute=480, end_minute=960, purpose="work", actor=None
        )
    do_register_equipment_event(
        ek,
        kind="mounted",
        technology="radio_frequency",
        device_id="RF-1",
        at=timezone.now() - timedelta(days=1),
        person_informed=True,
        actor=None,
    )
    nd_person = make_person("Nils", "Nd", date(1985, 5, 5), seed=61)
    nd = open_case(nd_person, org.oslo_fri, kind="nd_programme", days_ago=90)
    for n, phase in enumerate(("stabilisation", "responsibility")):
        do_change_nd_phase(
            nd,
            to_phase=phase,
            decided_on=_today() - timedelta(days=40 - 20 * n),
            convicted_heard=True,
            actor=None,
        )
    for case, limit in ((ek, 13), (nd, 12)):
        with CaptureQueriesContext(connection) as detail:
            assert client.get(reverse("community:case", args=[case.pk])).status_code == 200
        assert len(_page_queries(detail)) <= limit, "\n".join(_page_queries(detail))
