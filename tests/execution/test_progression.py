"""Progression (issue 4 item 6): milestones from the engine's key dates, the unit worklist,
its scoping and its query count.

Worked example: rules.md Example 0.3-A / docs/users/straffens-datoer.md Eksempel A — 9 months
from 10.03.2025, 20 days' remand credit, admitted on the start date, remand not continuous:
1/3 served 20.05.2025 → EK from 21.05.2025; leave time 10.07.2025 (4 months from admission is
later than the day after 1/3); frigang 10.07.2025; 2/3 served 20.08.2025 (parole, released at
the earliest the day after); a year before 2/3 lies before the admission, so the review of
lower security is due from the admission, 10.03.2025.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_person
from tests.execution.conftest import admit
from tests.sentencing.judgments import prison_fields
from varde.execution.actions import do_admit, do_end_absence, do_start_absence
from varde.execution.progression import unit_progress, unit_worklist
from varde.execution.progression_rules import (
    Eligibility,
    Milestone,
    day_release_from,
    due_within,
    lower_security_review_from,
    progression_milestones,
    sentence_at_most,
)
from varde.organisation.choices import SecurityLevel, UnitKind
from varde.organisation.models import Capacity, Unit
from varde.sentencing.actions import do_register_judgment

OSLO = ZoneInfo("Europe/Oslo")
D = date.fromisoformat


def _at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T12:00").replace(tzinfo=OSLO)


EXAMPLE_A = {
    "one_third_served_on": D("2025-05-20"),
    "leave_eligible_from": D("2025-07-10"),
    "ek_partial_from": D("2025-05-21"),
    "two_thirds_served_on": D("2025-08-20"),
    "half_served_on": D("2025-07-05"),
    "end_of_sentence_on": D("2025-11-19"),
}
EXAMPLE_A_MILESTONES = [
    (Milestone.LOWER_SECURITY_REVIEW, D("2025-03-10")),
    (Milestone.EK_PARTIAL, D("2025-05-21")),
    (Milestone.LEAVE, D("2025-07-10")),
    (Milestone.DAY_RELEASE, D("2025-07-10")),
    (Milestone.PAROLE, D("2025-08-20")),
]


# --- pure rules ------------------------------------------------------------------------


def test_day_release_is_the_leave_time_for_terms_up_to_12_years():
    """fsg § 3-14: Example 0.3-A — leave time 10.07.2025, 1/3 on 20.05.2025 → 10.07.2025."""
    assert day_release_from(D("2025-07-10"), D("2025-05-20")) == D("2025-07-10")


def test_day_release_has_no_12_year_rule():
    """15 years from 01.01.2025: leave after 4 years (01.01.2029, fsg § 3-30 fifth para) but
    frigang only after 1/3 (reached 31.12.2029 → 01.01.2030)."""
    assert day_release_from(D("2029-01-01"), D("2029-12-31")) == D("2030-01-01")
    assert day_release_from(D("2029-01-01"), D("2029-12-31"), eligible_from_next_day=False) == D(
        "2029-12-31"
    )


def test_lower_security_review_one_year_before_parole():
    """strgjfl § 15 (2): Example 0.4-A — 2/3 on 01.08.2027 → review from 01.08.2026."""
    assert lower_security_review_from(D("2027-08-01"), D("2025-01-15")) == D("2026-08-01")
    # a leap day steps back to 28 February; less than a year left → from admission
    assert lower_security_review_from(D("2028-02-29"), D("2025-01-15")) == D("2027-02-28")
    assert lower_security_review_from(D("2025-08-20"), D("2025-03-10")) == D("2025-03-10")


def test_milestones_of_example_a():
    found = progression_milestones(EXAMPLE_A, start=D("2025-03-10"), high_security=True)
    assert [(m.code, m.on) for m in found] == EXAMPLE_A_MILESTONES
    assert found[-1].basis == "strgjfl § 42"


def test_no_review_at_lower_security_and_no_parole_without_a_date():
    lower = progression_milestones(EXAMPLE_A, start=D("2025-03-10"), high_security=False)
    assert Milestone.LOWER_SECURITY_REVIEW not in {m.code for m in lower}
    fine = {**EXAMPLE_A, "two_thirds_served_on": None, "ek_partial_from": None}
    codes = {
        m.code for m in progression_milestones(fine, start=D("2025-03-10"), high_security=True)
    }
    assert codes == {Milestone.LEAVE, Milestone.DAY_RELEASE}


def test_preventive_detention_leave_at_two_thirds_of_minimum():
    """Forvaringsforskriften §§ 11-12: leave and frigang not before 2/3 of the minimum time."""
    found = progression_milestones(
        {"two_thirds_minimum_served_on": D("2030-05-01")},
        start=D("2025-01-01"),
        high_security=True,
        preventive=True,
    )
    assert [(m.code, m.on) for m in found] == [
        (Milestone.LEAVE, D("2030-05-01")),
        (Milestone.DAY_RELEASE, D("2030-05-01")),
    ]


def test_due_within_includes_today_and_the_30th_day():
    today = D("2025-06-10")
    ms = [Eligibility(Milestone.LEAVE, today + timedelta(days=n)) for n in (-1, 0, 30, 31)]
    assert [m.on for m in due_within(ms, today)] == [today, today + timedelta(days=30)]


def test_sentence_at_most_two_years_counts_calendar_years():
    """strgjfl § 11: 2 years from 10.03.2025 → 10.03.2027 = 730 days; across a leap day 731."""
    assert sentence_at_most(730, D("2025-03-10"), 2)
    assert not sentence_at_most(731, D("2025-03-10"), 2)
    assert sentence_at_most(731, D("2024-01-10"), 2)  # across 29.02.2024


# --- from the database -----------------------------------------------------------------


@pytest.fixture
def example_a(org, newcomer):
    judgment = do_register_judgment(newcomer, actor=None, **prison_fields())
    stay = do_admit(
        newcomer,
        org.oslo,
        security_level="high",
        actor=None,
        judgment=judgment,
        at=_at("2025-03-10"),
    )
    return stay


def test_example_a_from_the_engine(example_a, org, personas):
    (progress,) = unit_progress(org.oslo, personas.ada, D("2025-05-01"))
    assert [(m.code, m.on) for m in progress.milestones] == EXAMPLE_A_MILESTONES
    assert progress.total_days == 275
    assert progress.short_at_high
    assert [m.code for m in progress.reached(D("2025-05-21"))] == [
        Milestone.LOWER_SECURITY_REVIEW,
        Milestone.EK_PARTIAL,
    ]


def test_an_escape_moves_the_milestones(example_a, org, personas):
    """fsg § 3-3: 01.-05.04.2025 away (5 days) → parole 25.08.2025."""
    do_start_absence(example_a, "escape", actor=None, at=_at("2025-04-01"))
    do_end_absence(example_a, actor=None, at=_at("2025-04-06"))
    (progress,) = unit_progress(org.oslo, personas.ada, D("2025-05-01"))
    dates = {m.code: m.on for m in progress.milestones}
    assert dates[Milestone.PAROLE] == D("2025-08-25")


def test_worklist_content_and_order(example_a, org, personas):
    # A second person, 3 years from 01.04.2025 (no credit): not short, other dates.
    other = make_person("Olav", "Aasen", date(1980, 1, 1), seed=31)
    judgment = do_register_judgment(
        other, actor=None, **prison_fields(term_months=0, term_years=3, credited_days=0)
    )
    do_admit(
        other, org.oslo, security_level="high", actor=None, judgment=judgment, at=_at("2025-04-01")
    )
    worklist = unit_worklist(org.oslo, personas.ada, D("2025-06-20"))
    assert [
        (r.progress.person.last_name, r.milestone.code, r.milestone.on) for r in worklist.upcoming
    ] == [
        ("Nykommer", Milestone.LEAVE, D("2025-07-10")),
        ("Nykommer", Milestone.DAY_RELEASE, D("2025-07-10")),
    ]
    assert [p.person.last_name for p in worklist.short_at_high] == ["Nykommer"]
    assert [p.person.last_name for p in worklist.inmates] == ["Aasen", "Nykommer"]
    # 3 years from 01.04.2025 = 1 096 days. 1/3 = 366 days, served 01.04.2026: leave and
    # frigang from 02.04.2026. 2/3 = 731 days, served 01.04.2027: review from 01.04.2026.
    later = unit_worklist(org.oslo, personas.ada, D("2026-03-20"))
    assert [
        (r.progress.person.last_name, r.milestone.code, r.milestone.on) for r in later.upcoming
    ] == [
        ("Aasen", Milestone.LOWER_SECURITY_REVIEW, D("2026-04-01")),
        ("Aasen", Milestone.LEAVE, D("2026-04-02")),
        ("Aasen", Milestone.DAY_RELEASE, D("2026-04-02")),
    ]


def test_remand_and_other_units_are_not_listed(example_a, org, personas):
    admit(make_person("Rita", "Remand", date(1990, 1, 1), seed=32), org.oslo, kind="remand")
    bergen_person = make_person("Berit", "Berg", date(1990, 1, 1), seed=33)
    j = do_register_judgment(bergen_person, actor=None, **prison_fields())
    admit(bergen_person, org.bergen, judgment=j)
    assert [p.person.last_name for p in unit_progress(org.oslo, personas.ada, D("2025-05-01"))] == [
        "Nykommer"
    ]


def test_departments_belong_to_their_prison(example_a, org, personas):
    dept = Unit.objects.create(
        code="oslo-avd-e",
        name="Oslo avd. E",
        kind=UnitKind.PRISON_LOWER,
        region=org.ost,
        parent=org.oslo,
    )
    Capacity.objects.create(
        unit=dept, security_level=SecurityLevel.LOWER, places=5, valid_from=date(2020, 1, 1)
    )
    person = make_person("Dag", "Avdeling", date(1990, 1, 1), seed=34)
    j = do_register_judgment(person, actor=None, **prison_fields())
    admit(person, dept, judgment=j, security_level=SecurityLevel.LOWER)
    names = [p.person.last_name for p in unit_progress(org.oslo, personas.alice, D("2025-05-01"))]
    assert names == ["Avdeling", "Nykommer"]
    lower = next(
        p
        for p in unit_progress(org.oslo, personas.alice, D("2025-05-01"))
        if p.person.last_name == "Avdeling"
    )
    assert not lower.short_at_high  # already at lower security
    assert Milestone.LOWER_SECURITY_REVIEW not in {m.code for m in lower.milestones}


def _fill(org, count: int, *, first: int = 0) -> None:
    for n in range(first, first + count):
        person = make_person("Inn", f"Satt{n}", date(1980, 1, 1), seed=100 + n)
        j = do_register_judgment(person, actor=None, **prison_fields(case_number=f"25-{n}"))
        stay = admit(person, org.oslo, judgment=j, days_ago=60)
        do_start_absence(stay, "escape", actor=None, at=timezone.now() - timedelta(days=50))
        do_end_absence(stay, actor=None, at=timezone.now() - timedelta(days=48))


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_query_count_is_fixed(org, personas, django_assert_num_queries):
    _fill(org, 1)
    today = timezone.localdate()
    with django_assert_num_queries(6):
        unit_worklist(org.oslo, personas.alice, today)
    _fill(org, 4, first=1)
    with django_assert_num_queries(6):
        worklist = unit_worklist(org.oslo, personas.alice, today)
    assert len(worklist.inmates) == 5


def test_page_query_count_does_not_grow(org, personas, login):
    url = reverse("progression:worklist", args=[org.oslo.pk])
    client = login(personas.alice)
    _fill(org, 1)
    one = _count(lambda: client.get(url))
    _fill(org, 5, first=1)
    six = _count(lambda: client.get(url))
    assert one == six
    assert six == 15  # session, user, unit, 6 for the list, permissions, nav, session save


# --- pages -----------------------------------------------------------------------------


def test_page_shows_the_worklist(example_a, org, personas, login):
    response = login(personas.alice).get(reverse("progression:worklist", args=[org.oslo.pk]))
    assert response.status_code == 200
    assert "Nils Nykommer" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("alice", 200),
        ("carl", 200),
        ("rune", 200),
        ("ada", 200),
        ("bob", 404),
        ("frida", 404),
        ("anna", 403),
    ],
)
def test_page_scoping(org, personas, login, who, status):
    url = reverse("progression:worklist", args=[org.oslo.pk])
    assert login(getattr(personas, who)).get(url).status_code == status


def test_anonymous_is_sent_to_login(org, client):
    response = client.get(reverse("progression:worklist", args=[org.oslo.pk]))
    assert response.status_code == 302


def test_a_probation_office_has_no_worklist(org, personas, login):
    url = reverse("progression:worklist", args=[org.oslo_fri.pk])
    assert login(personas.ada).get(url).status_code == 404


def test_links_from_home_and_unit_overview(org, personas, login):
    url = reverse("progression:worklist", args=[org.oslo.pk])
    client = login(personas.alice)
    assert url in client.get(reverse("home")).content.decode()
    overview = client.get(reverse("organisation:units")).content.decode()
    assert url in overview
    assert reverse("progression:worklist", args=[org.bergen.pk]) not in overview
    assert url not in login(personas.frida).get(reverse("home")).content.decode()


# --- API -------------------------------------------------------------------------------


def test_api_progression(example_a, org, personas, login):
    client = login(personas.alice)
    response = client.get("/api/progression/", {"unit": org.oslo.pk})
    assert response.status_code == 200
    data = response.json()
    assert data["unit"] == org.oslo.pk
    (inmate,) = data["inmates"]
    assert inmate["total_days"] == 275
    assert [(m["code"], m["on"]) for m in inmate["milestones"]] == [
        (code, day.isoformat()) for code, day in EXAMPLE_A_MILESTONES
    ]
    assert data["short_at_high"] == [example_a.person_id]


@pytest.mark.parametrize(("who", "status"), [("bob", 404), ("anna", 403), ("rune", 200)])
def test_api_progression_scoping(org, personas, login, who, status):
    response = login(getattr(personas, who)).get("/api/progression/", {"unit": org.oslo.pk})
    assert response.status_code == status


def test_api_progression_needs_a_unit(org, personas, login):
    assert login(personas.alice).get("/api/progression/").status_code == 400
