"""Execution outside prison and parole: EK part-execution (strgjfl § 16 a; fsg § 7-2 second
para) and § 16 at home as real movements of a prison stay, the return to prison, release
straight from them, and parole opening the probation office's supervision case.

Worked example throughout: rules.md Example 0.3-A, 9 months from 10.03.2025 with 20 days'
remand credit: partial EK from 21.05.2025 (1/3 reached 20.05.2025, later than 6 months
before expected release), half served 05.07.2025 (§ 16 from 06.07.2025), 2/3 served
20.08.2025 (parole from 21.08.2025), last day 19.11.2025.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import make_person
from tests.sentencing.judgments import prison_fields
from varde.audit.models import AuditEvent
from varde.community.actions import do_close_case
from varde.community.choices import CaseKind, CaseStatus
from varde.community.models import CommunityCase
from varde.execution.actions import (
    do_admit,
    do_end_absence,
    do_release,
    do_return_to_prison,
    do_start_absence,
    do_start_outside_prison,
    do_transfer,
)
from varde.execution.choices import AbsenceKind, PlacementReason
from varde.execution.models import Absence, Placement, Stay
from varde.execution.progression import unit_worklist
from varde.execution.queries import capacity_overview, home_region_office, person_stays, timeline
from varde.execution.rules import (
    closest_office,
    outside_prison_problem,
    parole_other_problem,
    parole_reporting_problem,
    return_to_prison_problem,
    start_absence_problem,
)
from varde.journal.models import JournalEntry
from varde.organisation.choices import SecurityLevel, UnitKind
from varde.organisation.models import Capacity, Unit
from varde.sentencing.actions import do_register_judgment

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")
D = date.fromisoformat
EK_FROM, HALF, TWO_THIRDS, LAST_DAY = (
    D("2025-05-21"),
    D("2025-07-05"),
    D("2025-08-20"),
    D("2025-11-19"),
)


def _at(day: str, hour: int = 12) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02}:00").replace(tzinfo=OSLO)


# --- rules: worked examples -------------------------------------------------------------------

TODAY = D("2026-01-01")
EK = {
    "has_open_stay": True,
    "stay_kind": "sentence",
    "open_absence": None,
    "preventive": False,
    "today": TODAY,
    "ek_partial_from": EK_FROM,
    "half_on": HALF,
}


def test_ek_partial_from_the_judgments_date_with_the_date_in_the_refusal():
    """fsg § 7-2 second para; rules.md § 3.2: 0.3-A → partial EK from 21.05.2025."""
    assert outside_prison_problem("ek_partial", day=EK_FROM, **EK) is None
    problem = outside_prison_problem("ek_partial", day=EK_FROM - timedelta(days=1), **EK)
    assert "tidligst starte 21.05.2025" in problem
    assert "strgjfl. § 16 a annet ledd" in problem  # the only way past: the exception


def test_ek_partial_one_year_example_of_rules_md():
    """rules.md § 3.2: 1 year from 02.06.2025 → partial EK from 02.10.2025."""
    facts = EK | {"ek_partial_from": D("2025-10-02")}
    assert "02.10.2025" in outside_prison_problem("ek_partial", day=D("2025-10-01"), **facts)
    assert outside_prison_problem("ek_partial", day=D("2025-10-02"), **facts) is None


def test_ek_partial_exception_for_under_18_or_permanently_unfit():
    """strgjfl § 16 a second para: neither the 1/3 nor the 6-month rule, nor the offence
    exclusions of fsg § 7-2 fourth para, apply."""
    early = EK_FROM - timedelta(days=60)
    reason = "Varig soningsudyktig etter legeerklæring"
    assert outside_prison_problem("ek_partial", day=early, exception_reason=reason, **EK) is None
    assert "gir ikke grunnlag" in outside_prison_problem(
        "ek_partial", day=early, **EK | {"ek_partial_from": None}
    )
    sexual = outside_prison_problem("ek_partial", day=EK_FROM, offences=["strl-291"], **EK)
    assert "utelukker elektronisk kontroll (strl-291" in sexual
    conditional = outside_prison_problem("ek_partial", day=EK_FROM, offences=["strl-271"], **EK)
    assert conditional is None  # assessed by the service: not a hard bar
    assert (
        outside_prison_problem(
            "ek_partial", day=EK_FROM, offences=["strl-291"], exception_reason=reason, **EK
        )
        is None
    )


def test_at_home_after_half_time_without_exception():
    """strgjfl § 16 first para: half served 05.07.2025 → from 06.07.2025; no exception in the
    law; never for forvaring (forvaringsforskriften § 9)."""
    assert outside_prison_problem("at_home", day=HALF + timedelta(days=1), **EK) is None
    refused = outside_prison_problem("at_home", day=HALF, exception_reason="Under 18", **EK)
    assert "tidligst starte 06.07.2025" in refused
    forvaring = outside_prison_problem("at_home", day=D("2025-09-01"), **EK | {"preventive": True})
    assert "Forvaring kan ikke" in forvaring


def test_outside_prison_only_from_a_present_sentence_stay_and_not_ahead_of_time():
    day = D("2025-09-01")
    assert "ikke innsatt" in outside_prison_problem(
        "ek_partial", day=day, **EK | {"has_open_stay": False}
    )
    assert "ikke varetekt" in outside_prison_problem(
        "ek_partial", day=day, **EK | {"stay_kind": "remand"}
    )
    assert "fraværende" in outside_prison_problem(
        "ek_partial", day=day, **EK | {"open_absence": "leave"}
    )
    assert "fram i tid" in outside_prison_problem("ek_partial", day=TODAY + timedelta(days=1), **EK)
    assert "Velg" in outside_prison_problem("leave", day=day, **EK)


@given(st.dates(D("2024-01-01"), D("2026-12-31")), st.dates(D("2024-01-01"), D("2026-12-31")))
def test_ek_partial_is_allowed_exactly_from_its_date(day, eligible):
    facts = EK | {"ek_partial_from": eligible, "today": D("2027-01-01")}
    assert (outside_prison_problem("ek_partial", day=day, **facts) is None) == (day >= eligible)


def test_plain_absences_and_returns_leave_execution_outside_prison_alone():
    assert "Gjennomføring utenfor fengsel" in start_absence_problem(
        "ek_partial", has_open_stay=True, open_absence=None
    )
    # § 16 has no return time any more: no failure to return follows it.
    assert "avtalt returtid" in start_absence_problem(
        "failure_to_return", has_open_stay=True, open_absence="at_home"
    )
    assert return_to_prison_problem(open_absence="ek_partial", cause="breach") is None
    assert return_to_prison_problem(open_absence="at_home", cause="own_wish") is None
    assert "ikke straff utenfor" in return_to_prison_problem(open_absence="leave", cause="breach")
    assert "årsak" in return_to_prison_problem(open_absence="ek_partial", cause="")


def test_other_parole_needs_its_basis_and_keeps_the_hard_bounds():
    """strgjfl § 42 (other grounds: no date to check); fsg § 3-2 third para; strl § 44."""
    day = D("2025-04-01")
    plain = {"fine_default": False, "preventive": False, "minimum_served_on": None}
    assert "krever grunnlag" in parole_other_problem(day, basis=" ", **plain)
    assert parole_other_problem(day, basis="strgjfl. § 42 fjerde ledd: ...", **plain) is None
    fine = plain | {"fine_default": True}
    assert "fsg § 3-2" in parole_other_problem(day, basis="x", **fine)
    forvaring = plain | {"preventive": True, "minimum_served_on": D("2025-03-27")}
    assert "tidligst skje 28.03.2025" in parole_other_problem(
        D("2025-03-27"), basis="Samtykke fra påtalemyndigheten", **forvaring
    )
    assert parole_other_problem(D("2025-03-28"), basis="Samtykke", **forvaring) is None


def test_reporting_duty_between_one_and_twelve_months():
    """fsg § 3-42 second para."""
    assert [parole_reporting_problem(m) is None for m in (None, 0, 1, 3, 12, 13)] == [
        False,
        False,
        True,
        True,
        True,
        False,
    ]


def test_closest_office_by_postal_code():
    offices = [(1, "0150", "Oslo friomsorgskontor"), (2, "2317", "Hedmark friomsorgskontor")]
    assert closest_office("2390", offices) == 2
    assert closest_office("0661", offices) == 1
    assert closest_office("", offices) == 2  # no postal code: by name
    assert closest_office("0150", []) is None


# --- actions --------------------------------------------------------------------------------


def _serving(org, person, unit=None, level=SecurityLevel.HIGH, **judgment):
    judgment = do_register_judgment(person, actor=None, **prison_fields(**judgment))
    return do_admit(
        person,
        unit or org.oslo,
        security_level=level,
        actor=None,
        judgment=judgment,
        at=_at("2025-03-10"),
    )


def _small_unit(org, places=1, code="liten"):
    unit = Unit.objects.create(
        code=code, name=f"{code.capitalize()} fengsel", kind=UnitKind.PRISON_LOWER, region=org.ost
    )
    Capacity.objects.create(
        unit=unit, security_level=SecurityLevel.LOWER, places=places, valid_from=D("2020-01-01")
    )
    return unit


def _open_units(person):
    return set(
        person.responsibilities.filter(date_to__isnull=True).values_list("unit__code", flat=True)
    )


def _journal(person):
    return list(JournalEntry.objects.filter(person=person).values_list("text", flat=True))


def test_ek_refused_before_its_date_changes_nothing(org, newcomer):
    stay = _serving(org, newcomer)
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match=r"tidligst starte 21\.05\.2025"):
        do_start_outside_prison(stay, "ek_partial", org.oslo_fri, actor=None, at=_at("2025-05-20"))
    assert stay.placements.get().to_at is None
    assert not stay.absences.exists() and not CommunityCase.objects.exists()
    assert AuditEvent.objects.count() == audits
    assert _open_units(newcomer) == {"oslo-fengsel"}


def test_ek_frees_the_place_and_opens_the_offices_case(org, personas, newcomer):
    """The place is freed: someone else can take the last place the same day."""
    unit = _small_unit(org)
    stay = _serving(org, newcomer, unit, SecurityLevel.LOWER)
    other = make_person("Ola", "Venter", D("1990-01-01"), seed=77)
    with pytest.raises(ValidationError, match="Ingen ledige plasser"):
        do_admit(other, unit, security_level="lower", actor=None, at=_at("2025-05-21", 15))
    day = D("2025-05-21")
    occupied = {r.name: r.occupied for r in capacity_overview(day).units}
    assert occupied[unit.name] == 1

    absence = do_start_outside_prison(
        stay, "ek_partial", org.oslo_fri, actor=personas.rune, at=_at("2025-05-21", 10)
    )

    assert {r.name: r.occupied for r in capacity_overview(day).units}[unit.name] == 0
    assert stay.placements.get().to_at == _at("2025-05-21", 10)
    assert (absence.kind, absence.expected_return, absence.stops_time) == (
        "ek_partial",
        None,
        False,
    )
    case = CommunityCase.objects.get()
    assert (case.kind, case.office, case.stay, case.status) == (
        CaseKind.EK_PARTIAL,
        org.oslo_fri,
        stay,
        CaseStatus.ACTIVE,
    )
    assert case.start == day and case.reporting_every_days == 7  # fsg § 7-4
    assert case.planned_end == TWO_THIRDS  # expected release
    assert _open_units(newcomer) == {"liten", "oslo-friomsorgskontor"}  # the prison keeps it
    actions = set(AuditEvent.objects.filter(person=newcomer).values_list("action", flat=True))
    assert {"start_outside_prison", "open_community_case"} <= actions
    assert any(
        t.startswith("Overført til delgjennomføring med EK ved Oslo friomsorgskontor. Plassen")
        for t in _journal(newcomer)
    )
    # The last place is free again.
    do_admit(other, unit, security_level="lower", actor=None, at=_at("2025-05-21", 15))


def test_ek_before_its_date_with_the_statutory_exception(org, newcomer):
    stay = _serving(org, newcomer)
    reason = "Varig soningsudyktig (strgjfl. § 16 a annet ledd), legeerklæring 01.04.2025"
    absence = do_start_outside_prison(
        stay, "ek_partial", org.oslo_fri, actor=None, at=_at("2025-04-02"), exception_reason=reason
    )
    assert absence.exception_reason == reason
    assert any(reason in t for t in _journal(newcomer))


def test_at_home_after_half_time(org, newcomer):
    stay = _serving(org, newcomer)
    with pytest.raises(ValidationError, match=r"tidligst starte 06\.07\.2025"):
        do_start_outside_prison(stay, "at_home", org.oslo_fri, actor=None, at=_at("2025-07-05"))
    do_start_outside_prison(stay, "at_home", org.oslo_fri, actor=None, at=_at("2025-07-06"))
    assert CommunityCase.objects.get().kind == CaseKind.AT_HOME


def test_outside_prison_needs_a_probation_office_and_an_editor(org, personas, newcomer):
    stay = _serving(org, newcomer)
    with pytest.raises(ValidationError, match="friomsorgskontor"):
        do_start_outside_prison(stay, "ek_partial", org.bergen, actor=None, at=_at("2025-06-01"))
    with pytest.raises(PermissionDenied):
        do_start_outside_prison(
            stay, "ek_partial", org.oslo_fri, actor=personas.alice, at=_at("2025-06-01")
        )
    assert not Absence.objects.exists() and stay.placements.get().to_at is None


def test_other_moves_wait_while_outside_prison(org, newcomer):
    stay = _serving(org, newcomer)
    do_start_outside_prison(stay, "ek_partial", org.oslo_fri, actor=None, at=_at("2025-06-01"))
    with pytest.raises(ValidationError, match="Registrer retur til fengsel"):
        do_end_absence(stay, actor=None, at=_at("2025-06-02"))
    with pytest.raises(ValidationError, match="fraværende"):
        do_transfer(stay, org.bergen, security_level="high", reason="progression", actor=None)
    with pytest.raises(ValidationError, match="allerede fraværende"):
        do_start_absence(stay, AbsenceKind.LEAVE, leave_type="welfare", actor=None)
    # Nor can the probation office close the case behind the prison's back.
    with pytest.raises(ValidationError, match="del av et fengselsopphold"):
        do_close_case(CommunityCase.objects.get(), actor=None)


def test_return_to_prison_reserves_a_place_and_closes_the_case(org, personas, newcomer):
    stay = _serving(org, newcomer)
    do_start_outside_prison(stay, "ek_partial", org.oslo_fri, actor=None, at=_at("2025-06-01"))
    full = _small_unit(org, places=1, code="full")
    other = make_person("Kari", "Inne", D("1991-01-01"), seed=78)
    do_admit(other, full, security_level="lower", actor=None, at=_at("2025-06-01"))

    with pytest.raises(ValidationError, match="Ingen ledige plasser ved Full fengsel"):
        do_return_to_prison(
            stay,
            full,
            security_level="lower",
            cause="breach",
            actor=personas.carl,
            at=_at("2025-06-10"),
        )
    assert stay.absences.get().returned_at is None
    assert CommunityCase.objects.get().status == CaseStatus.ACTIVE

    do_return_to_prison(
        stay, org.bergen, security_level="high", cause="breach", actor=None, at=_at("2025-06-10")
    )
    stay.refresh_from_db()
    placement = stay.placements.get(to_at__isnull=True)
    assert (placement.unit, placement.reason) == (org.bergen, PlacementReason.REGRESSION)
    assert "Brudd på vilkår" in placement.note
    assert (stay.unit, stay.security_level) == (org.bergen, "high")
    assert stay.absences.get().returned_at == _at("2025-06-10")
    case = CommunityCase.objects.get()
    assert (case.status, case.ended_on) == (CaseStatus.RETURNED, D("2025-06-10"))
    assert _open_units(newcomer) == {"bergen-fengsel"}  # Oslo and the office hand over
    assert any("Tilbake i fengsel fra delgjennomføring" in t for t in _journal(newcomer))
    events = [(e.title, e.detail) for e in timeline(person_stays(newcomer))]
    assert events[:3] == [
        ("Overført: Tilbakeføring til strengere nivå", "Bergen fengsel, Høyt sikkerhetsnivå"),
        ("Tilbake i fengsel", "Delgjennomføring med EK (§ 16 a)"),
        ("Delgjennomføring med EK (§ 16 a)", ""),
    ]


def test_release_straight_from_ek_on_parole_opens_supervision(org, personas, newcomer):
    stay = _serving(org, newcomer)
    do_start_outside_prison(stay, "ek_partial", org.oslo_fri, actor=None, at=_at("2025-06-01"))
    with pytest.raises(ValidationError, match=r"tidligst skje 21\.08\.2025"):
        do_release(stay, "parole_two_thirds", actor=None, at=_at("2025-08-20"))
    with pytest.raises(ValidationError, match="mellom 1 og 12"):
        do_release(stay, "parole_two_thirds", actor=None, at=_at("2025-08-21"), reporting_months=0)
    assert Stay.objects.get(pk=stay.pk).is_open

    do_release(stay, "parole_two_thirds", actor=personas.carl, at=_at("2025-08-21"))

    stay.refresh_from_db()
    assert stay.release_type == "parole_two_thirds"
    assert stay.absences.get().returned_at == _at("2025-08-21")
    ek, parole = CommunityCase.objects.order_by("pk")
    assert (ek.status, ek.ended_on) == (CaseStatus.COMPLETED, D("2025-08-21"))
    # The EK office follows the parole up; three months would pass the end of the probation
    # period (the last day of the sentence, strgjfl § 42 last para), which bounds it.
    assert (parole.kind, parole.office, parole.stay, parole.start) == (
        CaseKind.PAROLE,
        org.oslo_fri,
        stay,
        D("2025-08-21"),
    )
    assert parole.planned_end == LAST_DAY
    assert parole.responsibility_id == ek.responsibility_id  # kept, not closed and reopened
    assert _open_units(newcomer) == {"oslo-friomsorgskontor"}


def test_full_term_from_at_home_completes_the_case(org, newcomer):
    stay = _serving(org, newcomer)
    do_start_outside_prison(stay, "at_home", org.oslo_fri, actor=None, at=_at("2025-07-06"))
    do_release(stay, "full_term", actor=None, at=_at("2025-11-19"))
    case = CommunityCase.objects.get()
    assert (case.kind, case.status) == (CaseKind.AT_HOME, CaseStatus.COMPLETED)
    assert _open_units(newcomer) == set()
    assert Placement.objects.filter(stay=stay).count() == 1


def test_parole_from_prison_at_the_office_for_the_persons_home(org, personas):
    """No EK case: the office of the home region (postal code 0xxx → region øst)."""
    person = make_person("Lars", "Hjemme", D("1980-01-01"), seed=79, postal_code="0661")
    assert home_region_office(person) == org.oslo_fri
    stay = _serving(org, person)
    do_release(stay, "parole_half", actor=None, at=_at("2025-07-06"), reporting_months=6)
    case = CommunityCase.objects.get()
    assert (case.kind, case.office, case.planned_end) == (
        CaseKind.PAROLE,
        org.oslo_fri,
        D("2025-11-19"),  # 06.01.2026 would pass the probation period
    )
    assert any("Møteplikt til 19.11.2025" in t for t in _journal(person))


def test_parole_needs_an_office_when_none_can_be_found(org, newcomer):
    stay = _serving(org, newcomer)  # no postal code
    with pytest.raises(ValidationError, match="Velg friomsorgskontoret"):
        do_release(stay, "parole_two_thirds", actor=None, at=_at("2025-08-21"))
    assert Stay.objects.get(pk=stay.pk).is_open and not CommunityCase.objects.exists()
    with pytest.raises(ValidationError, match="friomsorgskontor"):
        do_release(stay, "parole_two_thirds", actor=None, at=_at("2025-08-21"), office=org.bergen)
    do_release(stay, "parole_two_thirds", actor=None, at=_at("2025-08-21"), office=org.oslo_fri)
    assert CommunityCase.objects.get().planned_end == LAST_DAY


def test_full_term_opens_no_supervision(org, newcomer):
    stay = _serving(org, newcomer)
    do_release(stay, "full_term", actor=None, at=_at("2025-11-19"))
    assert not CommunityCase.objects.exists()


# --- where the person is now: person page and progression worklist ---------------------------


def _on_ek(org, person):
    stay = _serving(org, person)
    do_start_outside_prison(stay, "ek_partial", org.oslo_fri, actor=None, at=_at("2025-06-01"))
    return stay


def test_person_page_says_ek_at_the_office(login, org, personas, newcomer):
    _on_ek(org, newcomer)
    page = login(personas.ada).get(reverse("people:detail", args=[newcomer.pk])).content.decode()
    assert "Delgjennomføring med EK ved Oslo friomsorgskontor (fra 01.06.2025 12:00)" in page
    assert "Ansvarlig fengsel" in page
    assert "Retur til fengsel" in page and "Prøveløslat" in page
    assert "Registrer fravær" not in page and "Registrer overføring" not in page


def test_worklist_says_ek_and_leaves_out_what_is_behind(org, personas, newcomer):
    _on_ek(org, newcomer)
    worklist = unit_worklist(org.oslo, personas.ada, D("2025-06-02"))
    (progress,) = worklist.inmates
    assert progress.outside == "Delgjennomføring med EK ved Oslo friomsorgskontor"
    assert {m.code for m in progress.milestones} == {"leave", "parole"}
    assert not worklist.short_at_high


def test_worklist_page_shows_the_office(login, org, personas, newcomer):
    _on_ek(org, newcomer)
    url = reverse("progression:worklist", args=[org.oslo.pk])
    page = login(personas.ada).get(url).content.decode()
    assert "Delgjennomføring med EK ved Oslo friomsorgskontor" in page


# --- views and access --------------------------------------------------------------------------

OUTSIDE_WRITES = ["start_outside_prison", "return_to_prison"]


@pytest.mark.parametrize("name", OUTSIDE_WRITES)
def test_anonymous_is_sent_to_login(name, client, people):
    response = client.post(reverse(f"execution:{name}", args=[people.oslo_inmate.pk]))
    assert response.status_code == 302 and reverse("login") in response.url


@pytest.mark.parametrize("name", OUTSIDE_WRITES)
def test_read_only_roles_get_403(name, login, personas, people):
    url = reverse(f"execution:{name}", args=[people.oslo_inmate.pk])
    assert login(personas.alice).post(url).status_code == 403
    assert login(personas.anna).post(url).status_code == 403


@pytest.mark.parametrize("name", OUTSIDE_WRITES)
def test_person_outside_scope_is_404(name, login, personas, people):
    url = reverse(f"execution:{name}", args=[people.bergen_inmate.pk])
    assert login(personas.carl).post(url).status_code == 404


def test_outside_prison_return_and_parole_through_the_forms(login, org, personas, newcomer):
    stay = _serving(org, newcomer)
    client = login(personas.carl)
    person_page = reverse("people:detail", args=[newcomer.pk])
    assert "Gjennomføring utenfor fengsel" in client.get(person_page).content.decode()

    post = {
        "outside-kind": "ek_partial",
        "outside-office": org.oslo_fri.pk,
        "outside-at": "2025-05-20T12:00",
    }
    url = reverse("execution:start_outside_prison", args=[newcomer.pk])
    page = client.post(url, post, follow=True).content.decode()
    assert "Delgjennomføring med EK kan tidligst starte 21.05.2025" in page
    assert not Absence.objects.exists()

    post["outside-at"] = "2025-05-21T12:00"
    page = client.post(url, post, follow=True).content.decode()
    assert "Gjennomføringen utenfor fengsel er registrert." in page
    assert "Delgjennomføring med EK ved Oslo friomsorgskontor" in page

    back = {
        "back-unit": org.oslo.pk,
        "back-security_level": "high",
        "back-cause": "own_wish",
        "back-at": "2025-06-01T12:00",
    }
    url = reverse("execution:return_to_prison", args=[newcomer.pk])
    page = client.post(url, back, follow=True).content.decode()
    assert "Returen til fengsel er registrert." in page and "Til stede" in page
    assert CommunityCase.objects.get().status == CaseStatus.RETURNED

    release = {
        "release-release_type": "parole_two_thirds",
        "release-office": org.oslo_fri.pk,
        "release-reporting_months": "2",
        "release-at": "2025-08-21T12:00",
    }
    url = reverse("execution:release", args=[newcomer.pk])
    assert client.post(url, release).status_code == 302
    # (Released in 2025: Carl's unit handed the person over long ago, so the page is closed.)
    parole = CommunityCase.objects.get(kind=CaseKind.PAROLE)
    assert (parole.office, parole.planned_end) == (org.oslo_fri, D("2025-10-21"))
    assert not Stay.objects.get(pk=stay.pk).is_open


def test_release_form_shows_the_parole_fields_only_with_the_parole_types(
    login, org, personas, newcomer
):
    _serving(org, newcomer)
    client = login(personas.carl)
    actions = client.get(reverse("people:detail", args=[newcomer.pk])).context["stay_panel"]
    assert {"parole", "release"} <= set(actions["actions"])

    def form(name):  # the forms are loaded when opened (htmx)
        url = reverse("execution:stay_form", args=[newcomer.pk, name])
        return client.get(url, headers={"HX-Request": "true"}).context["form"]

    parole, plain = form("parole"), form("release")
    assert {"office", "reporting_months"} <= set(parole.fields)
    assert {c for c, _ in parole.fields["release_type"].choices} == {
        "parole_two_thirds",
        "parole_half",
        "parole_other",
    }
    assert "office" not in plain.fields and "reporting_months" not in plain.fields
    assert "parole_other" not in {c for c, _ in plain.fields["release_type"].choices}


# --- EK equipment at release, and recall ending the supervision --------------------------------


def test_release_from_ek_waits_for_the_equipment_to_come_off(org, personas, newcomer):
    """fsg § 7-5, as the probation office's own close (community rules
    ``completion_equipment_problem``): refused with the same message, nothing saved."""
    from varde.community.actions import do_register_equipment_event

    stay = _serving(org, newcomer)
    do_start_outside_prison(stay, "ek_partial", org.oslo_fri, actor=None, at=_at("2025-06-01"))
    ek = CommunityCase.objects.get()
    do_register_equipment_event(
        ek,
        kind="mounted",
        technology="radio_frequency",
        device_id="RF-1",
        at=_at("2025-06-01", 14),
        person_informed=True,
        actor=None,
    )
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match=r"Utstyret er fortsatt montert: .*RF-1"):
        do_release(stay, "parole_two_thirds", actor=personas.carl, at=_at("2025-08-21"))
    assert Stay.objects.get(pk=stay.pk).is_open and stay.absences.get().returned_at is None
    assert CommunityCase.objects.get().status == CaseStatus.ACTIVE
    assert AuditEvent.objects.count() == audits

    do_register_equipment_event(
        ek, kind="removed", technology="radio_frequency", at=_at("2025-08-21", 9), actor=None
    )
    do_release(stay, "parole_two_thirds", actor=personas.carl, at=_at("2025-08-21"))
    assert CommunityCase.objects.get(pk=ek.pk).status == CaseStatus.COMPLETED


def test_return_to_prison_from_ek_does_not_wait_for_the_equipment(org, newcomer):
    """Only completion waits: a return to prison ends the case as returned at once."""
    from varde.community.actions import do_register_equipment_event

    stay = _serving(org, newcomer)
    do_start_outside_prison(stay, "ek_partial", org.oslo_fri, actor=None, at=_at("2025-06-01"))
    do_register_equipment_event(
        CommunityCase.objects.get(),
        kind="mounted",
        technology="radio_frequency",
        device_id="RF-1",
        at=_at("2025-06-01", 14),
        person_informed=True,
        actor=None,
    )
    do_return_to_prison(
        stay, org.oslo, security_level="high", cause="breach", actor=None, at=_at("2025-06-10")
    )
    assert CommunityCase.objects.get().status == CaseStatus.RETURNED


def test_recall_after_parole_closes_the_supervision_case(org, personas):
    """strgjfl § 44: the breach ends the supervision; the case is "back in prison"
    (``CaseStatus.RETURNED``) and the office hands the person back to the prison."""
    from varde.execution.actions import do_recall

    person = make_person("Per", "Brudd", D("1980-01-01"), seed=81, postal_code="0661")
    stay = _serving(org, person)
    do_release(stay, "parole_two_thirds", actor=None, at=_at("2025-08-21"))
    parole = CommunityCase.objects.get(kind=CaseKind.PAROLE)
    assert parole.status == CaseStatus.ACTIVE

    new = do_recall(person, org.bergen, security_level="high", actor=None, at=_at("2025-09-15"))

    parole.refresh_from_db()
    assert (parole.status, parole.ended_on) == (CaseStatus.RETURNED, D("2025-09-15"))
    assert new.judgment == stay.judgment
    assert "oslo-friomsorgskontor" not in _open_units(person)
    assert any(
        "tilbakeført til fengsel (prøveløslatelse med møteplikt)" in t for t in _journal(person)
    )


def test_recall_without_a_supervision_case_still_recalls(org):
    """A parole registered without a judgment's supervision (or already closed) is no bar."""
    from varde.execution.actions import do_recall

    person = make_person("Pål", "Brudd", D("1980-01-01"), seed=82, postal_code="0661")
    stay = _serving(org, person)
    do_release(stay, "parole_two_thirds", actor=None, at=_at("2025-08-21"))
    CommunityCase.objects.filter(kind=CaseKind.PAROLE).update(status=CaseStatus.COMPLETED)
    do_recall(person, org.bergen, security_level="high", actor=None, at=_at("2025-09-15"))
    assert CommunityCase.objects.get().status == CaseStatus.COMPLETED
