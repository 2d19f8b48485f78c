"""Demo data for the daily regime (``varde demo`` calls :func:`load_demo_regime`): default
regimes, activities, enrolments and four weeks of attendance at the prisons with inmates,
plus deviations, so that the unit pages show inmates under 8 and 4 hours out of cell and
some with 2 hours or less of meaningful contact (one of them for more than 15 days in a
row, a Mandela rule 44 case). Everything goes through the actions (audit rows, journal).

Compliant and non-compliant on purpose:
- Oslo fengsel: 8.5 hours out on weekdays; one inmate fully excluded for 20 days (locked,
  no contact: prolonged isolation), one excluded with exactly 2 hours with staff a day
  (isolation by rule 44), one on his own wish with staff contact (not isolated), one in
  court yesterday; a lock-down for staffing one afternoon last week.
- Bergen fengsel: 6.5 hours out on weekdays (everyone under 8 hours), weekends 3.5 (under 4).
- Other prisons: 8 hours on weekdays, 5 at weekends.
Attendance for the last three weeks at Oslo, Bergen and the three busiest other prisons.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from varde.execution.models import Placement
from varde.organisation.choices import PRISON_KINDS, UnitKind
from varde.organisation.models import Unit
from varde.regime.actions import (
    AttendanceEntry,
    PeriodInput,
    do_add_department_deviation,
    do_add_inmate_deviation,
    do_create_offer,
    do_enrol,
    do_register_attendance,
    do_set_schedule,
)
from varde.regime.choices import AbsenceReason, AttendanceStatus
from varde.regime.models import ActivityOffer
from varde.regime.queries import attendance_grid, present

WEEKS = 3
# Attendance is registered at the demo users' prisons and the busiest others (each day is
# two reads and a save through the action: the whole country would slow `varde demo`).
ATTENDANCE_UNITS = 5


Rows = list[tuple[int, int, int, int, str]]


def _periods(weekday: Rows, weekend: Rows) -> list[PeriodInput]:
    return [
        PeriodInput(kind, time(h1, m1), time(h2, m2), level)
        for kind, rows in (("weekday", weekday), ("weekend", weekend))
        for h1, m1, h2, m2, level in rows
    ]


# 07:30–11:30 and 12:30–16:30 in company, 18:00–18:30 airing alone: 8.5 hours out.
OSLO = _periods(
    [(7, 30, 11, 30, "ordinary"), (12, 30, 16, 30, "ordinary"), (18, 0, 18, 30, "alone")],
    [(10, 0, 13, 0, "ordinary"), (15, 0, 17, 0, "partial")],
)
# An old building with few staff: 6.5 hours on weekdays, 3.5 at weekends.
BERGEN = _periods(
    [(8, 0, 11, 0, "ordinary"), (12, 30, 15, 30, "ordinary"), (17, 0, 17, 30, "alone")],
    [(10, 0, 12, 0, "ordinary"), (14, 0, 15, 30, "staff")],
)
USUAL = _periods(
    [(8, 0, 12, 0, "ordinary"), (13, 0, 16, 0, "ordinary"), (18, 0, 19, 0, "partial")],
    [(10, 0, 13, 0, "ordinary"), (15, 0, 17, 0, "ordinary")],
)
OFFERS = [
    ("workshop", "Verkstedet", 12, "12345", time(8, 15), time(14, 15)),
    ("school", "Skolen", 8, "1234", time(9, 0), time(14, 0)),
    ("programme", "Sinnemestring (program)", 6, "24", time(12, 30), time(14, 30)),
    ("other", "Kjøkkenet", 4, "1234567", time(7, 30), time(13, 30)),
]
ABSENCES = [AbsenceReason.SICK] * 5 + [AbsenceReason.REFUSED] * 3 + [AbsenceReason.VISIT] * 2


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _prisons() -> list[Unit]:
    """Prison units (and departments) with someone placed there now: Oslo and Bergen first,
    then by the number placed."""
    occupied = Placement.objects.filter(to_at__isnull=True).values("unit_id")
    units = Unit.objects.filter(pk__in=occupied, kind__in=PRISON_KINDS).annotate(
        placed=Count("placements", filter=Q(placements__to_at__isnull=True))
    )
    first = {"oslo-fengsel": 0, "bergen-fengsel": 1}
    return sorted(units, key=lambda u: (first.get(u.code, 2), -getattr(u, "placed", 0), u.code))


def load_demo_regime(rng: random.Random) -> None:
    """Regimes, activities, enrolments, attendance and deviations (idempotent: nothing is
    added where a unit already has activities)."""
    today = timezone.localdate()
    start = today - timedelta(days=7 * WEEKS)
    for number, unit in enumerate(_prisons()):
        if ActivityOffer.objects.filter(unit=unit).exists():
            continue
        periods = {"oslo-fengsel": OSLO, "bergen-fengsel": BERGEN}.get(unit.code, USUAL)
        do_set_schedule(unit, valid_from=start - timedelta(days=60), periods=periods, actor=None)
        offers = [
            do_create_offer(
                unit,
                kind=kind,
                name=name,
                capacity=capacity,
                weekdays=days,
                starts_at=begin,
                ends_at=end,
                valid_from=start - timedelta(days=60),
                actor=None,
            )
            for kind, name, capacity, days, begin, end in OFFERS
        ]
        if unit.kind in (UnitKind.PRISON_LOWER, UnitKind.TRANSITIONAL_HOUSING):
            offers.append(
                do_create_offer(
                    unit,
                    kind="day_release",
                    name="Frigang: arbeid eller skole ute",
                    capacity=10,
                    weekdays="12345",
                    starts_at=time(7),
                    ends_at=time(16),
                    valid_from=start - timedelta(days=60),
                    actor=None,
                )
            )
        _enrol(unit, offers, start, rng)
        if unit.code == "oslo-fengsel":
            _oslo_deviations(unit, today)
        if number < ATTENDANCE_UNITS:
            _attendance(unit, start, today, rng)


def _enrol(unit: Unit, offers: list[ActivityOffer], start: date, rng: random.Random) -> None:
    """About four in five inmates get a place, within each activity's capacity."""
    free = {offer.pk: offer.capacity for offer in offers}
    for placement in present([unit.pk], timezone.localdate()):
        if rng.random() > 0.8:
            continue
        open_offers = [o for o in offers if free[o.pk] > 0]
        if not open_offers:
            return
        offer = rng.choice(open_offers)
        since = max(start, timezone.localtime(placement.from_at).date())
        do_enrol(offer, placement.stay, date_from=since, actor=None)
        free[offer.pk] -= 1


def _attendance(unit: Unit, start: date, today: date, rng: random.Random) -> None:
    """Every weekday from ``start`` to yesterday, registered as the grid proposes, with a
    few absences (sick, refused, visit) and now and then a cancelled workshop."""
    day = start
    while day < today:
        if day.isoweekday() <= 5:
            cancelled = rng.random() < 0.05
            grid = attendance_grid(unit, day, None)
            entries = []
            for row in grid.rows:
                status, reason, offer = row.proposal.status, row.proposal.reason, row.proposal.offer
                if status == AttendanceStatus.ATTENDED and (cancelled or rng.random() < 0.1):
                    status = AttendanceStatus.ABSENT
                    reason = AbsenceReason.CANCELLED if cancelled else rng.choice(ABSENCES)
                entries.append(AttendanceEntry(row.stay_id, status, reason, offer))
            if entries:
                do_register_attendance(unit, day, entries, actor=None)
        day += timedelta(days=1)


def _oslo_deviations(unit: Unit, today: date) -> None:
    """Isolation cases and a lock-down at Oslo fengsel (see the module docstring)."""
    placements = sorted(present([unit.pk], today), key=lambda p: p.from_at)
    if len(placements) < 4:
        return
    excluded, two_hours, own_wish, in_court = (p.stay for p in placements[:4])
    since = max(today - timedelta(days=20), timezone.localtime(placements[0].from_at).date())
    do_add_inmate_deviation(
        excluded,
        kind="excluded_full",
        from_at=_local(since, 9),
        actor=None,
        note="Demodata: hel utelukkelse uten tilbud om kontakt",
    )
    do_add_inmate_deviation(
        two_hours,
        kind="excluded_full",
        from_at=_local(today - timedelta(days=6), 9),
        windows=[(time(13), time(15), "staff")],
        actor=None,
        note="Demodata: to timer med ansatte om dagen",
    )
    do_add_inmate_deviation(
        own_wish,
        kind="own_wish",
        from_at=_local(today - timedelta(days=10), 8),
        actor=None,
        note="Demodata: ønsker å være på cellen, samtaler med kontaktbetjent",
    )
    yesterday = today - timedelta(days=1)
    do_add_inmate_deviation(
        in_court,
        kind="court",
        from_at=_local(yesterday, 7, 30),
        to_at=_local(yesterday, 16),
        actor=None,
    )
    lockdown = today - timedelta(days=7)
    do_add_department_deviation(
        unit,
        kind="staffing",
        date_from=lockdown,
        date_to=lockdown,
        starts_at=time(12),
        ends_at=time(23, 59),
        level="locked",
        actor=None,
        note="Demodata: lav bemanning, innlåsing etter lunsj",
    )
