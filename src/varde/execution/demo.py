"""Demo data for stays and remand (``varde demo`` calls these after admitting people):

- :func:`release_served_sentences` releases everyone whose sentence has run out, on the day
  it ran out (parole at 2/3 for a recent release, else at full term), so that nobody stays
  "inside" past their end date;
- :func:`load_demo_remand` puts people in remand the way it happens: the police book a
  place (with the time of arrest), a place is offered, the person is admitted, and the
  court's restrictions follow in rulings that respect strpl §§ 186, 186 a. A few bookings
  stay open (one past its deadline), so the remand page has something true to show.

Everything goes through the actions (audit rows, journal), dated relative to today.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from varde.execution import rules
from varde.execution.actions import (
    do_add_restriction,
    do_admit,
    do_book_remand,
    do_cancel_remand_booking,
    do_offer_remand_place,
    do_release,
)
from varde.execution.choices import PostponementGround, ReleaseType, RestrictionKind, StayKind
from varde.execution.models import RemandBooking, Stay
from varde.organisation.choices import PRISON_KINDS, SecurityLevel, UnitKind
from varde.organisation.models import Capacity, Unit
from varde.people.choices import ResponsibilityReason
from varde.people.models import Responsibility

RECENT_PAROLE_DAYS = 80  # parole supervision of an older release would have ended by now
POLICE_DISTRICTS = {
    "ost": "Oslo politidistrikt",
    "vest": "Vest politidistrikt",
    "sorvest": "Sør-Vest politidistrikt",
    "sor": "Agder politidistrikt",
    "nord": "Nordland politidistrikt",
}


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


# --- release on time ------------------------------------------------------------------------


def release_served_sentences(rng: random.Random, now: datetime | None = None) -> int:
    """Release each open sentence stay whose end of sentence has passed: at 2/3 (parole)
    when that day is recent, else on the last day of the sentence. Returns how many."""
    from varde.sentencing.choices import KeyDateField
    from varde.sentencing.queries import key_dates_for

    now = now or timezone.now()
    released = 0
    stays = Stay.objects.filter(
        kind=StayKind.SENTENCE, released_at__isnull=True, judgment__isnull=False
    ).select_related("judgment", "person", "unit")
    for stay in stays.order_by("pk"):
        assert stay.judgment is not None
        start = timezone.localtime(stay.admitted_at).date()
        dates = key_dates_for(stay.judgment, start=start)
        end = dates.get(KeyDateField.END_OF_SENTENCE)
        if end is None or end.value is None:
            continue
        two_thirds = dates.get(KeyDateField.TWO_THIRDS)
        parole_day = (
            two_thirds.value + timedelta(days=1) if two_thirds and two_thirds.value else None
        )
        if _release(stay, end.value, parole_day, rng, now):
            released += 1
    return released


def _release(
    stay: Stay, last_day: date, parole_day: date | None, rng: random.Random, now: datetime
) -> bool:
    earliest = stay.admitted_at + timedelta(hours=1)  # a sentence covered by remand: at once
    today = timezone.localtime(now).date()
    if (
        parole_day is not None
        and today - timedelta(days=RECENT_PAROLE_DAYS) <= parole_day < today
        and rng.random() < 0.7
    ):
        try:
            at = max(_at(parole_day, 9, rng.randint(0, 59)), earliest)
            do_release(stay, ReleaseType.PAROLE_TWO_THIRDS, at=at, actor=None, note="Demodata")
            return True
        except ValidationError:
            pass  # e.g. no probation office to supervise: released at full term instead
    at = max(_at(last_day, 9, rng.randint(0, 59)), earliest)
    if last_day >= today or at > now:
        return False
    do_release(stay, ReleaseType.FULL_TERM, at=at, actor=None, note="Demodata")
    return True


# --- remand ----------------------------------------------------------------------------------


def _candidates() -> list[Responsibility]:
    """Persons a prison is responsible for who are not inside, have no judgment and no
    booking: arrested on suspicion, the remand stories of the demo."""
    return list(
        Responsibility.objects.filter(
            reason=ResponsibilityReason.STAY,
            date_to__isnull=True,
            unit__kind__in=PRISON_KINDS,
            person__judgments__isnull=True,
            person__remand_bookings__isnull=True,
        )
        .exclude(person__in=Stay.objects.filter(released_at__isnull=True).values("person"))
        .select_related("person", "unit__region")
        .order_by("pk")
    )


def _levels() -> dict[int, list[str]]:
    levels: dict[int, list[str]] = {}
    for unit_id, level in Capacity.objects.values_list("unit_id", "security_level").order_by(
        "unit_id", "security_level"
    ):
        levels.setdefault(unit_id, [])
        if level not in levels[unit_id]:
            levels[unit_id].append(level)
    return levels


# Days since admission of the demo's remand stays: some this week, some near the end of the
# 6-week isolation cap, some long past it. Every third is (or was) in full isolation.
REMAND_AGES = [2, 5, 9, 14, 20, 27, 34, 40, 48, 57, 66, 75, 85, 95]


SUSPECT_UNITS = ("oslo-fengsel", "bergen-fengsel")  # where the demo's staff work


def load_demo_remand(
    rng: random.Random,
    *,
    stays: int = len(REMAND_AGES),
    bookings: int = 5,
    now: datetime | None = None,
) -> tuple[int, int]:
    """The people a prison is responsible for who are not inside and have no judgment are
    the remand stories: the last ``bookings`` of them have open bookings, the others are in
    remand (with their restrictions), admitted over the last three months. With fewer than
    ``stays`` + ``bookings`` such people, new suspects are registered. Returns how many
    were admitted and how many bookings are open."""
    now = now or timezone.now()
    levels = _levels()
    people = list({r.person_id: r for r in _candidates() if r.unit_id in levels}.values())
    rng.shuffle(people)
    while len(people) < stays + bookings:
        people.append(_new_suspect(rng, now))
    admitted = 0
    for number, responsibility in enumerate(people[:-bookings] if bookings else people):
        age = REMAND_AGES[number % len(REMAND_AGES)] + number // len(REMAND_AGES)
        if _remand_stay(responsibility, levels, age, number % 3 == 0, rng, now):
            admitted += 1
    for number, responsibility in enumerate(people[-bookings:] if bookings else []):
        _open_booking(responsibility, levels, number, rng, now)
    return admitted, bookings


def _new_suspect(rng: random.Random, now: datetime) -> Responsibility:
    """A person arrested on suspicion, whom a prison where the demo users work expects."""
    from varde.people.actions import do_open_responsibility, do_register_person
    from varde.people.demo import random_person_fields

    today = timezone.localtime(now).date()
    person = do_register_person(actor=None, reason="Demodata", **random_person_fields(rng, today))
    units = list(Unit.objects.filter(code__in=SUSPECT_UNITS).order_by("code"))
    unit = rng.choice(units) if units else Unit.objects.filter(kind=UnitKind.PRISON_HIGH)[0]
    return do_open_responsibility(
        person,
        unit,
        date_from=today - timedelta(days=100),
        reason=ResponsibilityReason.REMAND,
        actor=None,
        note="Demodata",
    )


def _district(unit: Unit) -> str:
    return POLICE_DISTRICTS.get(unit.region.code, f"{unit.region.name} politidistrikt")


def _offer(
    booking: RemandBooking,
    preferred: Unit,
    levels: dict[int, list[str]],
    at: datetime,
) -> tuple[Unit, str] | None:
    """Offer a place at high security, where remand is served: at the unit responsible for
    the person when it is such a prison, else at another in the region with a free place of
    the person's sex (the capacity lock decides)."""
    units = sorted(
        Unit.objects.filter(
            pk__in=list(levels), region_id=preferred.region_id, kind=UnitKind.PRISON_HIGH
        ).select_related("region"),
        key=lambda u: (u.pk != preferred.pk, u.pk),
    )
    high = SecurityLevel.HIGH
    for unit in units:
        if high not in levels[unit.pk]:
            continue
        try:
            do_offer_remand_place(booking, unit, security_level=high, at=at, actor=None)
        except ValidationError:
            continue
        return unit, high
    return None


def _remand_stay(
    responsibility: Responsibility,
    levels: dict[int, list[str]],
    age: int,
    isolate: bool,
    rng: random.Random,
    now: datetime,
) -> bool:
    """Arrest in the evening, the police ask for a place during the night or morning, it is
    offered three hours later, and the person is admitted that afternoon (within the two
    døgn); then the court's restrictions. Without a free place anywhere in the region the
    police withdraw the booking."""
    person, unit = responsibility.person, responsibility.unit
    today = timezone.localtime(now).date()
    arrested = _at(today - timedelta(days=age + 1), rng.randint(17, 23))
    requested = arrested + timedelta(hours=rng.randint(6, 10))
    admitted_at = requested + timedelta(hours=rng.randint(5, 9))
    booking = do_book_remand(
        person,
        police_district=_district(unit),
        arrested_at=arrested,
        requested_at=requested,
        actor=None,
        note="Demodata",
    )
    offered = _offer(booking, unit, levels, requested + timedelta(hours=3))
    if offered is None:
        do_cancel_remand_booking(booking, reason="Løslatt fra politiarrest (demodata)", actor=None)
        return False
    stay = do_admit(
        person,
        offered[0],
        security_level=offered[1],
        kind=StayKind.REMAND,
        at=admitted_at,
        actor=None,
        note="Demodata",
    )
    _restrictions(stay, timezone.localtime(admitted_at).date(), today, isolate, rng)
    return True


def _restrictions(stay: Stay, first: date, today: date, isolate: bool, rng: random.Random) -> None:
    """Full isolation (two-week rulings up to the 6-week cap, strpl § 186 a) and partial
    isolation after it for those isolated; letter or visit control for most (four-week
    rulings while the remand lasts). The actions check every ruling."""
    if isolate:
        _chain(stay, RestrictionKind.FULL_ISOLATION, first, today, days=14, cap_weeks=6)
        cap = rules.isolation_cap_until(first, rules.PENALTY_UP_TO_6_YEARS)
        if cap < today:
            _chain(stay, RestrictionKind.PARTIAL_ISOLATION, cap + timedelta(days=1), today, 28)
    if isolate or rng.random() < 0.6:
        kind = rng.choice([RestrictionKind.LETTER_CONTROL, RestrictionKind.VISIT_CONTROL])
        _chain(stay, kind, first, today, days=28)


def _chain(
    stay: Stay, kind: str, first: date, today: date, days: int, cap_weeks: int | None = None
) -> None:
    """Rulings of ``days`` from ``first`` until one reaches past today (or the cap)."""
    last_allowed = first + timedelta(weeks=cap_weeks) if cap_weeks else None
    number = 1
    while True:
        until = first + timedelta(days=days)
        if last_allowed is not None:
            until = min(until, last_allowed)
        try:
            do_add_restriction(
                stay,
                kind,
                ruling_reference=f"{first:%y}-{40000 + stay.pk * 10 + number}MED-OTIR",
                valid_from=first,
                valid_until=until,
                actor=None,
                note="Demodata",
            )
        except ValidationError:
            return  # a child is never isolated: the rule says no
        if until >= today or (last_allowed is not None and until >= last_allowed):
            return
        first, number = until, number + 1


def _open_booking(
    responsibility: Responsibility,
    levels: dict[int, list[str]],
    number: int,
    rng: random.Random,
    now: datetime,
) -> None:
    """Open bookings: the first past its deadline, two waiting, then offered ones."""
    person, unit = responsibility.person, responsibility.unit
    hours_ago = [60, 5, 20, 30, 10][number % 5]
    requested = now - timedelta(hours=hours_ago)
    booking = do_book_remand(
        person,
        police_district=_district(unit),
        arrested_at=requested - timedelta(hours=rng.randint(2, 8)),
        requested_at=requested,
        actor=None,
        note="Demodata",
    )
    if number >= 3:
        _offer(booking, unit, levels, now)  # no free place: it stays requested


def open_sentence_stays_past_their_end(today: date | None = None) -> list[Stay]:
    """Sentence stays still open after the last day of the sentence (a check for the demo
    and its test: there should be none)."""
    from varde.sentencing.choices import KeyDateField
    from varde.sentencing.queries import key_dates_for

    today = today or timezone.localdate()
    late = []
    stays = Stay.objects.filter(
        kind=StayKind.SENTENCE, released_at__isnull=True, judgment__isnull=False
    ).select_related("judgment")
    for stay in stays:
        assert stay.judgment is not None
        start = timezone.localtime(stay.admitted_at).date()
        end = key_dates_for(stay.judgment, start=start).get(KeyDateField.END_OF_SENTENCE)
        if end is not None and end.value is not None and end.value < today:
            late.append(stay)
    return late


# --- postponement ----------------------------------------------------------------------------

POSTPONEMENT_STORIES = [
    (PostponementGround.ILLNESS, "Innlagt på sykehus; legeerklæring vedlagt."),
    (PostponementGround.WEIGHTY_REASONS, "Avslutter svennebrev i juni; arbeidsgiver bekrefter."),
    (PostponementGround.EK_APPLICATION, "Har søkt om helgjennomføring med elektronisk kontroll."),
    (PostponementGround.PARDON, "Har søkt om benådning; søknaden er til behandling."),
]


def load_demo_postponements(rng: random.Random, *, pending: int = 3) -> int:
    """Applications to postpone the start: ``pending`` waiting for a decision (received a
    few days to three weeks ago, so the queue shows their age) and one granted with its
    reasons, on queued judgments (those called in first). Returns how many were registered.
    """
    from varde.execution.actions import do_decide_postponement, do_request_postponement
    from varde.execution.queries import open_callin, queued_judgments

    today = timezone.localdate()
    queue = queued_judgments(today).select_related("person").order_by("-called_in", "pk")
    made = 0
    for judgment in queue[: pending + 1]:
        ground, reason = POSTPONEMENT_STORIES[made % len(POSTPONEMENT_STORIES)]
        request = do_request_postponement(
            judgment,
            received_on=today - timedelta(days=rng.randint(2, 21)),
            ground=ground,
            reason=reason,
            actor=None,
        )
        made += 1
        callin = open_callin(judgment)
        if made > pending:
            start = callin.start_on if callin else today
            do_decide_postponement(
                request,
                granted=True,
                new_start_on=start + timedelta(days=rng.randint(30, 90)),
                decision_note="Dokumentert; utsettelsen er innenfor lokal myndighet (§ 5).",
                actor=None,
            )
    return made
