"""Demo data for safeguards (``varde demo`` calls :func:`seed_safeguards`): exclusions and
coercive measures at the demo prisons, some handled by the book and some with exactly one
deadline missed, so every kind of alert shows in the worklist and the deviation register;
a remand prisoner in court-ordered isolation; and a few years of ended measures for the
statistics. Everything goes through the actions (audit rows, journal).

Each scenario names the one deadline it breaks (``expected``; empty for compliant ones);
``tests/safeguards/test_demo.py`` checks that the clocks raise exactly those deviations.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from varde.organisation.choices import PRISON_KINDS
from varde.organisation.models import Unit
from varde.people.actions import do_open_responsibility, do_register_person
from varde.people.demo import synthetic_national_id
from varde.people.models import Person
from varde.safeguards.actions import (
    do_add_notice,
    do_add_review,
    do_add_supervision_note,
    do_decide_exclusion,
    do_decide_measure,
    do_end,
    do_plan_contact,
    do_register_contact,
)
from varde.safeguards.choices import ExclusionGround as G
from varde.safeguards.choices import Extent, MeasureBasis, MeasureKind, Recipient
from varde.safeguards.models import CoerciveMeasure, Decision, Exclusion
from varde.safeguards.sync import sync_deviations

H, D = timedelta(hours=1), timedelta(days=1)
REASONS = "Demodata: {what}. Mindre inngripende tiltak er forsøkt uten at det var tilstrekkelig."
BEST_INTEREST = (
    "Demodata: samtale med tverretatlig team og verge; tiltaket er kortest mulig, med utvidet "
    "lufting, skole og kontakt med ansatte."
)


@dataclass
class Scenario:
    """A demo case and the deadline keys it is meant to break."""

    name: str
    unit_code: str
    expected: frozenset[str]
    build: Callable[[Person, Unit, datetime], Decision]
    age: int = 34


@dataclass
class Seeded:
    scenario: Scenario
    decision: Decision


def _exclusion(
    person: Person,
    unit: Unit,
    start: datetime,
    *,
    ground: str = G.PREVENTIVE_B,
    extent: str = Extent.FULL,
    minor: bool = False,
) -> Exclusion:
    return do_decide_exclusion(
        person,
        unit=unit,
        ground=ground,
        extent=extent,
        start_at=start,
        reasons=REASONS.format(what="utelukkelse"),
        authorised_by="Inspektør på vakt",
        best_interest=BEST_INTEREST if minor else "",
        told=[Recipient.INMATE],
        actor=None,
    )


def _measure(
    person: Person,
    unit: Unit,
    start: datetime,
    kind: str,
    *,
    minor: bool = False,
    doctor: bool = True,
    basis: str = MeasureBasis.ATTACK,
) -> CoerciveMeasure:
    return do_decide_measure(
        person,
        unit=unit,
        kind=kind,
        basis=basis,
        start_at=start,
        reasons=REASONS.format(what=MeasureKind(kind).label.lower()),
        authorised_by="Inspektør på vakt",
        best_interest=BEST_INTEREST if minor else "",
        doctor_statement_sought=doctor,
        doctor_statement="Ingen medisinske forhold til hinder." if doctor else "",
        doctor_not_sought_reason="" if doctor else "Akutt situasjon, lege ikke tilgjengelig.",
        told=[Recipient.INMATE],
        actor=None,
    )


def _tell(decision: Decision, recipient: str, at: datetime) -> None:
    do_add_notice(decision, recipient=recipient, at=at, actor=None)


def _review(decision: Decision, level: str, at: datetime) -> None:
    do_add_review(
        decision,
        level=level,
        outcome="continue",
        at=at,
        reasons="Demodata: grunnlaget består.",
        best_interest=BEST_INTEREST if decision.minor else "",
        actor=None,
    )


def _supervise(measure: CoerciveMeasure, hours: int) -> None:
    for n in range(hours):
        at = measure.start_at + n * H + 15 * timedelta(minutes=1)
        if measure.end_at and at >= measure.end_at:
            break
        do_add_supervision_note(measure, at=at, text="Rolig, ligger på madrassen.", actor=None)


def _contact_plan(exclusion: Exclusion, today: date) -> None:
    """Two contacts a day over the last week, done where the day is over."""
    first = max(timezone.localdate(exclusion.start_at) + D, today - 6 * D)
    day = first
    while day <= today:
        for kind, minutes in (("staff_conversation", 60), ("outdoor", 75)):
            activity = do_plan_contact(
                exclusion, day=day, kind=kind, planned_minutes=minutes, actor=None
            )
            if day < today:
                do_register_contact(
                    activity, offered=True, accepted=True, done_minutes=minutes, actor=None
                )
        day += D


# --- the scenarios ----------------------------------------------------------------------------


def _adult_full_compliant(person: Person, unit: Unit, now: datetime) -> Decision:
    start = now - 20 * D
    exclusion = _exclusion(person, unit, start)
    _tell(exclusion, Recipient.DOCTOR, start + H)
    _review(exclusion, "region", start + 13 * D)
    _contact_plan(exclusion, timezone.localdate(now))
    return exclusion


def _adult_full_no_kdi(person: Person, unit: Unit, now: datetime) -> Decision:
    start = now - 45 * D
    exclusion = _exclusion(person, unit, start, ground=G.PREVENTIVE_E)
    _tell(exclusion, Recipient.DOCTOR, start + 2 * H)
    _review(exclusion, "region", start + 13 * D)
    return exclusion


def _partial_no_doctor(person: Person, unit: Unit, now: datetime) -> Decision:
    return _exclusion(person, unit, now - 3 * D, ground=G.PREVENTIVE_C, extent=Extent.PARTIAL)


def _minor_full_compliant(person: Person, unit: Unit, now: datetime) -> Decision:
    start = now - 4 * D
    exclusion = _exclusion(person, unit, start, minor=True)
    _tell(exclusion, Recipient.REGION, start + 10 * timedelta(minutes=1))
    _tell(exclusion, Recipient.DOCTOR, start + H)
    _tell(exclusion, Recipient.GUARDIAN, start + 2 * H)
    _review(exclusion, "region", start + 2 * D)
    return exclusion


def _minor_full_no_kdi(person: Person, unit: Unit, now: datetime) -> Decision:
    start = now - 7 * D
    exclusion = _exclusion(person, unit, start, ground=G.PREVENTIVE_D, minor=True)
    _tell(exclusion, Recipient.REGION, start + 10 * timedelta(minutes=1))
    _tell(exclusion, Recipient.DOCTOR, start + H)
    _tell(exclusion, Recipient.GUARDIAN, start + H)
    _review(exclusion, "region", start + 60 * H)
    return exclusion


def _bed_compliant(person: Person, unit: Unit, now: datetime) -> Decision:
    bed = _measure(person, unit, now - 10 * D, MeasureKind.SECURITY_BED, basis="attack")
    _supervise(bed, 10)
    return do_end(bed, end_at=bed.start_at + 10 * H, actor=None, note="Roet seg.")


def _bed_no_region(person: Person, unit: Unit, now: datetime) -> Decision:
    bed = _measure(person, unit, now - 5 * D, MeasureKind.SECURITY_BED)
    _supervise(bed, 30)
    return do_end(bed, end_at=bed.start_at + 30 * H, actor=None)


def _cell_compliant(person: Person, unit: Unit, now: datetime) -> Decision:
    cell = _measure(person, unit, now - 2 * D, MeasureKind.SECURITY_CELL)
    _supervise(cell, 20)
    return do_end(cell, end_at=cell.start_at + 20 * H, actor=None)


def _cell_no_region(person: Person, unit: Unit, now: datetime) -> Decision:
    cell = _measure(person, unit, now - 4 * D, MeasureKind.SECURITY_CELL)
    _supervise(cell, 6)
    return cell  # still in the cell after four days; the region was never told


def _cell_no_doctor(person: Person, unit: Unit, now: datetime) -> Decision:
    cell = _measure(person, unit, now - D, MeasureKind.SECURITY_CELL, doctor=False)
    return do_end(cell, end_at=cell.start_at + 5 * H, actor=None)


def _handcuffs(person: Person, unit: Unit, now: datetime) -> Decision:
    cuffs = _measure(
        person, unit, now - 6 * H, MeasureKind.HANDCUFFS, basis=MeasureBasis.OTHER_ATTACK
    )
    return do_end(cuffs, end_at=cuffs.start_at + 30 * timedelta(minutes=1), actor=None)


def _minor_cell_compliant(person: Person, unit: Unit, now: datetime) -> Decision:
    cell = _measure(person, unit, now - 3 * D, MeasureKind.SECURITY_CELL, minor=True)
    _tell(cell, Recipient.GUARDIAN, cell.start_at + H)
    _supervise(cell, 10)
    return do_end(cell, end_at=cell.start_at + 10 * H, actor=None)


def _no_region_decision(person: Person, unit: Unit, now: datetime) -> Decision:
    start = now - 16 * D
    exclusion = _exclusion(person, unit, start, ground=G.PREVENTIVE_B)
    _tell(exclusion, Recipient.DOCTOR, start + 3 * H)
    return exclusion


SCENARIOS = [
    Scenario("full exclusion, by the book", "oslo-fengsel", frozenset(), _adult_full_compliant),
    Scenario(
        "full exclusion, 45 days, KDI not told",
        "oslo-fengsel",
        frozenset({"kdi_report:1"}),
        _adult_full_no_kdi,
    ),
    Scenario(
        "partial exclusion, doctor not told",
        "oslo-fengsel",
        frozenset({"doctor"}),
        _partial_no_doctor,
    ),
    Scenario(
        "17-year-old, by the book", "oslo-fengsel", frozenset(), _minor_full_compliant, age=17
    ),
    Scenario(
        "16-year-old, 7 days, KDI not told",
        "oslo-fengsel",
        frozenset({"kdi_minor"}),
        _minor_full_no_kdi,
        age=16,
    ),
    Scenario("security bed 10 hours, by the book", "oslo-fengsel", frozenset(), _bed_compliant),
    Scenario(
        "security bed 30 hours, region not told",
        "oslo-fengsel",
        frozenset({"region_report"}),
        _bed_no_region,
    ),
    Scenario("security cell 20 hours, by the book", "oslo-fengsel", frozenset(), _cell_compliant),
    Scenario(
        "security cell 4 days and counting, region not told",
        "oslo-fengsel",
        frozenset({"region_report"}),
        _cell_no_region,
    ),
    Scenario(
        "security cell without a doctor's statement",
        "oslo-fengsel",
        frozenset({"doctor"}),
        _cell_no_doctor,
    ),
    Scenario("handcuffs, 30 minutes", "oslo-fengsel", frozenset(), _handcuffs),
    Scenario(
        "17-year-old in a security cell, by the book",
        "oslo-fengsel",
        frozenset(),
        _minor_cell_compliant,
        age=17,
    ),
    Scenario(
        "full exclusion, 16 days, no regional decision",
        "bergen-fengsel",
        frozenset({"region_decides"}),
        _no_region_decision,
    ),
]

NAMES = [
    ("Jonas", "Berge"),
    ("Ali", "Hassan"),
    ("Tor", "Lunde"),
    ("Emil", "Dahl"),
    ("Noah", "Strand"),
    ("Marius", "Holm"),
    ("Sander", "Bakke"),
    ("Kristoffer", "Moen"),
    ("Ahmed", "Yusuf"),
    ("Petter", "Solheim"),
    ("Tobias", "Eide"),
    ("Liam", "Haugen"),
    ("Henrik", "Foss"),
    ("Daniel", "Nilsen"),
    ("Even", "Aune"),
    ("Olav", "Rønning"),
]


def _unit(code: str) -> Unit | None:
    found = Unit.objects.filter(code=code).first()
    if found is None:  # another organisation (tests): the first prisons by code
        found = Unit.objects.filter(kind__in=PRISON_KINDS).order_by("code").first()
    return found


def _person(number: int, age: int, unit: Unit, now: datetime, rng: random.Random) -> Person:
    first, last = NAMES[number % len(NAMES)]
    today = timezone.localdate(now)
    born = today - (365 * age + rng.randint(30, 300)) * D  # ``age`` full years today
    person = do_register_person(
        actor=None,
        reason="Demodata",
        first_name=first,
        last_name=last,
        sex="male",
        national_id=synthetic_national_id(born, rng, sex="male"),
    )
    do_open_responsibility(person, unit, date_from=today - 90 * D, reason="stay", actor=None)
    return person


def seed_safeguards(rng: random.Random | None = None) -> list[Seeded]:
    """Create the demo scenarios (once: nothing happens if exclusions exist already)."""
    if Exclusion.objects.exists():
        return []
    rng = rng or random.Random(2024)
    now = timezone.now().replace(second=0, microsecond=0)
    seeded: list[Seeded] = []
    for number, scenario in enumerate(SCENARIOS):
        unit = _unit(scenario.unit_code)
        if unit is None:
            return seeded
        person = _person(number, scenario.age, unit, now, rng)
        seeded.append(Seeded(scenario, scenario.build(person, unit, now)))
    oslo = _unit("oslo-fengsel")
    if oslo is not None:
        _court_isolation(_person(len(SCENARIOS), 28, oslo, now, rng), oslo, now)
        _history(_person(len(SCENARIOS) + 1, 31, oslo, now, rng), oslo, now, rng)
    sync_deviations(timezone.localdate(now))  # the register shows the missed deadlines
    return seeded


def _court_isolation(person: Person, unit: Unit, now: datetime) -> None:
    """A remand prisoner in full isolation by the court (shown beside exclusions)."""
    from varde.execution.actions import do_add_restriction, do_admit
    from varde.execution.choices import RestrictionKind, StayKind

    try:
        stay = do_admit(
            person,
            unit,
            security_level="high",
            kind=StayKind.REMAND,
            at=now - 5 * D,
            actor=None,
            note="Demodata",
        )
        do_add_restriction(
            stay,
            RestrictionKind.FULL_ISOLATION,
            ruling_reference="Oslo tingrett, demodata",
            valid_from=timezone.localdate(now) - 5 * D,
            valid_until=timezone.localdate(now) + 8 * D,
            actor=None,
        )
    except ValidationError:
        return  # no free place of that kind: the demo goes on without it


def _history(person: Person, unit: Unit, now: datetime, rng: random.Random) -> None:
    """Ended measures in the last three years, for the statistics page."""
    kinds = [MeasureKind.SECURITY_CELL] * 6 + [MeasureKind.SECURITY_BED]
    kinds += [MeasureKind.BODY_CUFF, MeasureKind.SHIELD, MeasureKind.OC_SPRAY, MeasureKind.GAS]
    for years_back in (1, 2, 3):
        for _ in range(rng.randint(6, 10)):
            start = now - years_back * 365 * D + rng.randint(-150, 150) * D
            kind = rng.choice(kinds)
            basis = MeasureBasis.RIOT if kind != MeasureKind.SECURITY_BED else MeasureBasis.ATTACK
            measure = _measure(person, unit, start, kind, basis=basis)
            do_end(measure, end_at=start + rng.randint(1, 20) * H, actor=None)
