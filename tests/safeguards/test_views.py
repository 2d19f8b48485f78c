"""Safeguard screens: the worklist, the decision screens (the law is asked for before a
decision saves), a decision's page and its forms, the person page's panel, the deviation
register and the overviews. Anonymous, wrong unit, read-only role and allowed; query counts
of the worklist pinned."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.safeguards.conftest import D, H, exclusion, measure
from varde.audit.models import AccessLog
from varde.execution.actions import do_add_restriction, do_admit
from varde.safeguards import actions, sync
from varde.safeguards.models import ContactActivity, Deviation, Exclusion, Notice

pytestmark = pytest.mark.django_db

FMT = "%Y-%m-%dT%H:%M"


def _decision_post(person, unit, **extra):
    data = {
        "unit": unit.pk,
        "extent": "full",
        "legal_basis": "preventive_b",
        "start_at": timezone.localtime().strftime(FMT),
        "reasons": "Slo en medinnsatt; samtaler har ikke hjulpet.",
        "authorised_by": "Inspektør Hansen",
        "best_interest": "",
        "told": ["inmate", "doctor"],
    }
    return data | extra


def test_anonymous_is_sent_to_login(client, org, people):
    found = exclusion(people.oslo_inmate, org.oslo)
    for url in (
        reverse("safeguards:home"),
        reverse("safeguards:exclusion", args=[found.pk]),
        reverse("safeguards:person", args=[people.oslo_inmate.pk]),
        reverse("safeguards:deviations"),
        reverse("safeguards:statistics"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response.url


def test_wrong_unit_gets_404_and_sees_nothing(login, personas, org, people):
    found = exclusion(people.oslo_inmate, org.oslo, hours_ago=50)
    cell = measure(people.oslo_inmate, org.oslo)
    client = login(personas.bob)
    assert client.get(reverse("safeguards:exclusion", args=[found.pk])).status_code == 404
    assert client.get(reverse("safeguards:measure", args=[cell.pk])).status_code == 404
    person_url = reverse("safeguards:person", args=[people.oslo_inmate.pk])
    assert client.get(person_url).status_code == 404
    assert "Nordmann" not in client.get(reverse("safeguards:home")).content.decode()
    sync.sync_deviations()
    assert Deviation.objects.exists()
    assert "Nordmann" not in client.get(reverse("safeguards:deviations")).content.decode()
    deviation = Deviation.objects.first()
    assert client.get(reverse("safeguards:deviation", args=[deviation.pk])).status_code == 404
    carl = login(personas.carl)  # no unit leader at Oslo: the deviation has no owner yet
    assert "Nordmann" in carl.get(reverse("safeguards:deviations")).content.decode()
    assert carl.get(reverse("safeguards:deviation", args=[deviation.pk])).status_code == 200


def test_read_only_role_may_look_and_log_but_not_decide(login, personas, org, people):
    found = exclusion(people.oslo_inmate, org.oslo)
    client = login(personas.alice)
    assert client.get(reverse("safeguards:exclusion", args=[found.pk])).status_code == 200
    new = reverse("safeguards:decide_exclusion", args=[people.oslo_inmate.pk])
    assert client.get(new).status_code == 403
    for name in ("add_notice", "add_review", "end"):
        url = reverse(f"safeguards:{name}", args=["utelukkelse", found.pk])
        assert client.post(url).status_code == 403
    assert client.post(reverse("safeguards:deviation_new")).status_code == 403


def test_analyst_sees_counts_not_persons(login, personas, org, people):
    exclusion(people.oslo_inmate, org.oslo, hours_ago=50)
    sync.sync_deviations()
    client = login(personas.anna)
    home = client.get(reverse("safeguards:home"))
    assert home.status_code == 200 and "Oslo fengsel" in home.content.decode()
    assert "Nordmann" not in home.content.decode()
    assert client.get(reverse("safeguards:statistics")).status_code == 200
    assert client.get(reverse("safeguards:deviations")).status_code == 403


def test_decision_screen_asks_for_the_childs_best_interest(login, personas, org, minor):
    client = login(personas.carl)
    url = reverse("safeguards:decide_exclusion", args=[minor.pk])
    page = client.get(url).content.decode()
    assert "data-minor" in page and "preventive_a" not in page  # letter a is not for minors
    assert 'value="guardian"' in page
    response = client.post(url, _decision_post(minor, org.oslo))
    assert response.status_code == 200
    assert "Skriv vurderingen av barnets beste" in response.content.decode()
    assert "Slo en medinnsatt" in response.content.decode()  # what was typed is kept
    assert not Exclusion.objects.exists()
    response = client.post(url, _decision_post(minor, org.oslo, best_interest="Vurdert."))
    found = Exclusion.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "safeguards:exclusion", args=[found.pk]
    )
    assert found.minor and set(Notice.objects.values_list("recipient", flat=True)) == {
        "inmate",
        "doctor",
    }


def test_measure_screen(login, personas, org, people):
    client = login(personas.carl)
    url = reverse("safeguards:decide_measure", args=[people.oslo_inmate.pk])
    assert 'value="guardian"' not in client.get(url).content.decode()  # an adult: no guardian
    data = _decision_post(people.oslo_inmate, org.oslo, kind="security_cell", legal_basis="attack")
    response = client.post(url, data)
    assert "Uttalelse fra lege" in response.content.decode()  # neither sought nor a reason
    response = client.post(url, data | {"doctor_statement_sought": "on"})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "strgjfl § 38 første ledd bokstav a" in page
    assert 'data-deadline="region_report"' in page  # the clock, ahead of time


def test_decision_page_forms(login, personas, org, people):
    found = exclusion(people.oslo_inmate, org.oslo, hours_ago=30)
    client = login(personas.carl)
    page_url = reverse("safeguards:exclusion", args=[found.pk])
    page = client.get(page_url).content.decode()
    assert 'data-deadline="doctor" data-state="overdue"' in page
    assert "data-no-plan" in page
    now = timezone.localtime().strftime(FMT)
    notice = {"notice-recipient": "doctor", "notice-at": now, "notice-note": ""}
    url = reverse("safeguards:add_notice", args=["utelukkelse", found.pk])
    assert client.post(url, notice).status_code == 302
    bad = client.post(url, notice | {"notice-at": "i går"}, follow=True)
    assert "Skriv tidspunktet" in bad.content.decode()
    plan = {"plan-day": timezone.localdate().isoformat(), "plan-kind": "outdoor"}
    plan |= {"plan-planned_minutes": "90", "plan-note": ""}
    client.post(reverse("safeguards:plan_contact", args=[found.pk]), plan)
    activity = ContactActivity.objects.get()
    result = {f"contact-{activity.pk}-offered": "on", f"contact-{activity.pk}-accepted": "on"}
    result[f"contact-{activity.pk}-done_minutes"] = "90"
    register = reverse("safeguards:register_contact", args=[found.pk, activity.pk])
    assert client.post(register, result).status_code == 302
    activity.refresh_from_db()
    assert activity.done_minutes == 90
    review = {"review-level": "unit", "review-outcome": "end", "review-at": now}
    review |= {"review-reasons": "Roet seg.", "review-best_interest": ""}
    client.post(reverse("safeguards:add_review", args=["utelukkelse", found.pk]), review)
    found.refresh_from_db()
    assert found.end_at is not None
    assert client.post(reverse("safeguards:end", args=["ukjent", found.pk])).status_code == 404


def test_measure_page_supervision_log(login, personas, org, people):
    cell = measure(people.oslo_inmate, org.oslo, hours_ago=2)
    client = login(personas.alice)  # an officer keeps the log
    data = {"supervision-at": timezone.localtime().strftime(FMT), "supervision-text": "Sover."}
    assert (
        client.post(reverse("safeguards:add_supervision", args=[cell.pk]), data).status_code == 302
    )
    page = client.get(reverse("safeguards:measure", args=[cell.pk])).content.decode()
    assert "Sover." in page and "data-supervision" in page


def test_person_panel_shows_open_measures_and_the_courts_isolation(login, personas, org, people):
    exclusion(people.oslo_inmate, org.oslo, hours_ago=20)
    stay = do_admit(
        people.released_recently, org.oslo, security_level="high", kind="remand", actor=None
    )
    today = timezone.localdate()
    do_add_restriction(
        stay,
        "full_isolation",
        ruling_reference="Oslo tingrett 25-1",
        valid_from=today,
        valid_until=today + 10 * D,
        actor=None,
    )
    client = login(personas.carl)
    panel = client.get(
        reverse("safeguards:person", args=[people.oslo_inmate.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "data-open-exclusion" in panel and "Varsle lege" in panel
    assert "<html" not in panel  # the htmx partial
    other = client.get(reverse("safeguards:person", args=[people.released_recently.pk]))
    assert "data-court-restriction" in other.content.decode()
    person_page = client.get(reverse("people:detail", args=[people.oslo_inmate.pk])).content
    assert reverse("safeguards:person", args=[people.oslo_inmate.pk]).encode() in person_page
    assert AccessLog.objects.filter(person=people.oslo_inmate, path__contains="sikkerhetstiltak")


def test_worklist_overdue_and_upcoming_with_pinned_queries(login, personas, org, people, minor):
    exclusion(people.oslo_inmate, org.oslo, hours_ago=30)
    exclusion(minor, org.oslo, best_interest="x", hours_ago=0.25)
    measure(people.released_recently, org.oslo, "security_bed", hours_ago=2)
    client = login(personas.carl)
    client.get(reverse("safeguards:home"))  # warm caches (permissions, session)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("safeguards:home")).content.decode()
    assert 'data-work="doctor" data-state="overdue"' in page
    assert 'data-work="region_now" data-state="upcoming"' in page
    assert 'data-work="region_report" data-state="upcoming"' in page  # the bed at 24 h
    assert len(queries) <= 16, [q["sql"] for q in queries]
    for _ in range(3):  # more decisions, same number of queries
        measure(people.oslo_inmate, org.oslo, "handcuffs", basis="other_attack")
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("safeguards:home"))
    assert len(more) == len(queries)
    bergen = client.get(reverse("safeguards:home") + f"?enhet={org.bergen.pk}")
    assert "Bergen fengsel" not in bergen.content.decode()  # not his: back to his own units
    assert client.get(reverse("safeguards:home") + "?enhet=x").status_code == 200
    assert reverse("safeguards:home") in client.get("/").content.decode()  # in the menu


def test_deviation_register_pages(login, personas, org, people, leader):
    found = exclusion(people.oslo_inmate, org.oslo, hours_ago=30)
    sync.sync_deviations()
    client = login(leader)
    listing = client.get(reverse("safeguards:deviations")).content.decode()
    assert f'data-deviation="exclusion:{found.pk}:doctor"' in listing
    new = client.post(
        reverse("safeguards:deviation_new"),
        {"unit": org.oslo.pk, "title": "", "description": "", "owner": "", "due_on": ""},
    )
    assert new.status_code == 200 and not Deviation.objects.filter(source="manual").exists()
    due = (timezone.localdate() + 7 * D).isoformat()
    new = client.post(
        reverse("safeguards:deviation_new"),
        {"unit": org.oslo.pk, "title": "Lufting uteble", "owner": leader.pk, "due_on": due},
    )
    manual = Deviation.objects.get(source="manual")
    assert new.status_code == 302 and manual.owner == leader
    close = reverse("safeguards:close_deviation", args=[manual.pk])
    assert client.post(close, {"close-note": ""}, follow=True).status_code == 200
    client.post(close, {"close-note": "Rutinen er endret."})
    manual.refresh_from_db()
    assert not manual.is_open
    assign = reverse("safeguards:assign_deviation", args=[found.deviations.get().pk])
    client.post(assign, {"assign-owner": leader.pk, "assign-due_on": due})
    assert found.deviations.get().owner == leader
    closed = client.get(reverse("safeguards:deviations") + "?status=closed").content.decode()
    assert "Lufting uteble" in closed


def test_overview_per_unit_and_statistics(login, personas, org, people):
    exclusion(people.oslo_inmate, org.oslo, hours_ago=30)
    exclusion(people.bergen_inmate, org.bergen, hours_ago=30)
    sync.sync_deviations()
    cell = measure(people.oslo_inmate, org.oslo, hours_ago=3)
    actions.do_end(cell, end_at=timezone.now() - H, actor=None)
    measure(people.oslo_inmate, org.oslo, "oc_spray", hours_ago=1)
    rune = login(personas.rune).get(reverse("safeguards:overview")).content.decode()
    assert 'data-unit="oslo-fengsel"' in rune and 'data-unit="bergen-fengsel"' not in rune
    national = login(personas.ada).get(reverse("safeguards:overview")).content.decode()
    assert 'data-unit="bergen-fengsel"' in national
    stats = login(personas.carl).get(reverse("safeguards:statistics")).content.decode()
    year = timezone.localdate().year
    row = stats.split(f'data-year="{year}"')[1].split("</tr>")[0]
    cells = [c.split("<")[0] for c in row.split('class="numeric">')[1:]]
    assert cells == ["1", "0", "0", "0", "0", "0", "1", "0", "0", "0", "2"]
    assert "2024" in stats and "432" in stats  # the published series beside it
