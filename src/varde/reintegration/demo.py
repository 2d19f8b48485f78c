"""Demo data for reintegration (``varde demo`` calls :func:`load_demo`): pre-sentence reports
at Oslo probation office (one for a minor, one overdue, one sent with its PDF, one new),
needs assessments for people serving at Oslo prison (completed, declined, in progress,
offered) and follow-up plans for the completed ones. Everything goes through the actions,
as the demo users ``fri.oslo`` and ``saksbehandler.oslo`` where they exist."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from varde.execution.choices import StayKind
from varde.execution.models import Stay
from varde.organisation.models import Unit, User
from varde.people.actions import do_register_person
from varde.people.demo import synthetic_national_id
from varde.people.models import Person
from varde.reintegration import actions, areas
from varde.reintegration.models import NeedsAssessment, PreSentenceReport

OFFICE = "oslo-friomsorgskontor"
PRISON = "oslo-fengsel"
SECTIONS = {
    "personal_situation": "Bor sammen med samboer og ett barn. Beskriver et godt forhold til "
    "familien, men en vanskelig periode det siste året etter samlivsbrudd i slekten.",
    "housing": "Leier leilighet i Oslo sammen med samboer. Stabil boligsituasjon.",
    "work_education": "Fullført videregående (yrkesfag). Fast ansatt i et byggfirma i to år.",
    "health": "Oppgir god fysisk helse. Har hatt samtaler med fastlege om søvnproblemer.",
    "substance_use": "Oppgir moderat alkoholbruk i helger; ingen kjent bruk av narkotika.",
    "network": "Har et stabilt nettverk av familie og kolleger som kan støtte gjennomføringen.",
    "assessment": "Personen framstår som motivert og har stabil bolig og arbeid. Arbeidstiden "
    "kan kombineres med samfunnsstraff på kveldstid og i helger.",
    "conclusion": "Friomsorgskontoret vurderer personen som egnet for samfunnsstraff.",
    "suitability_community_sentence": "suitable",
    "suitability_ek": "suitable",
    "suitability_programmes": "not_assessed",
}
GOALS = [
    ("housing", "Ha et sted å bo fra første dag etter løslatelse", "agency", "NAV, boligkontoret"),
    ("work", "Komme i arbeid eller arbeidstrening", "agency", "NAV"),
    ("finances", "Få oversikt over gjelden", "person", ""),
    ("network", "Holde kontakt med familien", "staff", ""),
]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _minor(office: Unit, actor: User | None, rng: random.Random, today: date) -> Person:
    born = today.replace(year=today.year - 16) - timedelta(days=rng.randint(10, 300))
    return do_register_person(
        actor=actor,
        responsible_unit=office,
        reason="Demodata",
        first_name="Sander",
        last_name="Lie",
        sex="male",
        birth_date=born,
        national_id=synthetic_national_id(born, rng, sex="male"),
        street_address="Tøyengata 12",
        postal_code="0578",
        city="Oslo",
    )


def _reports(rng: random.Random, today: date) -> int:
    office = Unit.objects.filter(code=OFFICE).first()
    if office is None or PreSentenceReport.objects.exists():
        return 0
    officer = _user("fri.oslo")
    clients = list(
        Person.objects.filter(responsibilities__unit=office, responsibilities__date_to__isnull=True)
        .distinct()
        .order_by("pk")[:3]
    )
    if len(clients) < 3:
        return 0

    def request(person: Person, days_ago: int, wanted_in: int, number: int) -> PreSentenceReport:
        received = today - timedelta(days=days_ago)
        return actions.do_register_psr_request(
            person,
            office=office,
            requester_kind="prosecutor",
            requester="Oslo politidistrikt",
            reference=f"{received:%y}-{15000 + number}-{rng.randint(10, 99)}",
            charge="Tyveri (strl. § 321)",
            received_on=received,
            requested_by=received + timedelta(days=wanted_in),
            actor=officer,
        )

    minor = request(_minor(office, officer, rng, today), 10, 40, 1)
    overdue = request(clients[0], 45, 40, 2)
    sent = request(clients[1], 30, 35, 3)
    request(clients[2], 2, 42, 4)
    if officer is None:
        return 4
    for report in (minor, overdue, sent):
        actions.do_assign_psr(report, officer, actor=officer)
        actions.do_add_psr_interview(
            report, day=report.received_on + timedelta(days=3), kind="office", actor=officer
        )
    actions.do_write_psr(overdue, actor=officer, personal_situation=SECTIONS["personal_situation"])
    actions.do_write_psr(sent, actor=officer, **SECTIONS)
    actions.do_send_psr(sent, recipient="Oslo tingrett", actor=officer)
    return 4


def _serving(unit: Unit) -> list[Stay]:
    return list(
        Stay.objects.filter(unit=unit, released_at__isnull=True, kind=StayKind.SENTENCE)
        .select_related("person", "unit")
        .order_by("pk")[:6]
    )


def _complete(assessment: NeedsAssessment, rng: random.Random, actor: User | None) -> None:
    version = areas.version_named(assessment.config_version)
    scores = {
        area.code: {
            "need": rng.randint(version.need.low, version.need.high),
            "resource": rng.randint(version.resource.low, version.resource.high),
            "note": "",
        }
        for area in version.areas
    }
    scores[version.areas[0].code]["note"] = "Har ikke bolig etter løslatelse."
    actions.do_score_assessment(assessment, scores=scores, actor=actor)
    actions.do_complete_assessment(
        assessment,
        summary="Du har størst behov for hjelp med bolig og arbeid. Du har god støtte fra "
        "familien. Vi lager en plan sammen for tiden fram til løslatelsen.",
        actor=actor,
    )


def _plan(assessment: NeedsAssessment, rng: random.Random, actor: User | None) -> None:
    plan = actions.do_create_plan(assessment.person, assessment=assessment, actor=actor)
    version = areas.version_named(assessment.config_version)
    today = timezone.localdate()
    for code, goal_text, kind, agency in GOALS:
        if version.area(code) is None:
            continue
        goal = actions.do_add_goal(plan, area_code=code, goal=goal_text, actor=actor)
        responsible = kind if kind != "staff" or actor is not None else "person"
        actions.do_add_step(
            goal,
            description=f"Første samtale om {goal_text.lower()}",
            responsible_kind=responsible,
            responsible_staff=actor if responsible == "staff" else None,
            agency=agency,
            due_on=today + timedelta(days=rng.randint(7, 60)),
            actor=actor,
        )
    if rng.random() < 0.5:
        actions.do_review_plan(plan, note="Gjennomgått med personen; planen står.", actor=actor)


def _assessments(rng: random.Random, today: date) -> int:
    prison = Unit.objects.filter(code=PRISON).first()
    if prison is None or NeedsAssessment.objects.exists():
        return 0
    actor = _user("saksbehandler.oslo")
    stays = _serving(prison)
    for index, stay in enumerate(stays):
        start = timezone.localtime(stay.admitted_at).date()
        offered_on = min(today, start + timedelta(days=rng.randint(0, 7)))
        assessment = actions.do_offer_assessment(
            stay.person, stay=stay, offered_on=offered_on, actor=actor
        )
        if index == len(stays) - 1:
            continue  # offered, no answer yet
        consented = index != 2
        actions.do_record_consent(
            assessment,
            consented=consented,
            written=consented,
            on=offered_on,
            note="" if consented else "Ønsker ikke kartlegging nå",
            actor=actor,
        )
        if consented and index < 2:
            _complete(assessment, rng, actor)
            _plan(assessment, rng, actor)
    return len(stays)


def load_demo(rng: random.Random) -> dict[str, int]:
    """Load the demo reports, assessments and plans (nothing if already there)."""
    today = timezone.localdate()
    return {"reports": _reports(rng, today), "assessments": _assessments(rng, today)}
