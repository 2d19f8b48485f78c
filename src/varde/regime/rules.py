"""Pure rules of the daily regime: time out of cell and meaningful human contact per
inmate-day (interval arithmetic on minutes of the day), and activity per inmate-day.

No ORM, no request, no settings: callers pass plain values. A day is 24 hours of wall-clock
time, 00:00 to 24:00, in minutes 0 to 1440 (on the two days a year when clocks change the
real day is an hour shorter or longer; the regime is planned on the wall clock).

Time out of cell
----------------
A department's default regime (``Span``s of unlock time, each with its contact level) says
what an inmate gets on a normal day. Deviations (the department's and the inmate's own) are
caps: for their span the level is at most the cap. The effective level at a minute is

    min(level of the schedule at that minute (locked if no period), every cap covering it)

so a deviation can only reduce time out and contact, never add to it. Time away from the
prison (court escort, day release, hospital: ``away``) is out of the cell and with people,
but not company in the department.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.utils.translation import gettext as _

from varde.regime.choices import (
    CAP_LEVELS,
    UNLOCK_LEVELS,
    AbsenceReason,
    AttendanceStatus,
    ContactLevel,
    DayType,
    InmateDeviationKind,
)

DAY_MINUTES = 24 * 60

# Rank of each contact level: larger is more contact.
RANK: dict[str, int] = {
    ContactLevel.LOCKED: 0,
    ContactLevel.ALONE: 1,
    ContactLevel.STAFF: 2,
    ContactLevel.PARTIAL: 3,
    ContactLevel.ORDINARY: 4,
}
LOCKED, ALONE, STAFF, PARTIAL, ORDINARY = 0, 1, 2, 3, 4

# Mandela rule 44: 22 hours or more a day without meaningful human contact is solitary
# confinement; more than 15 consecutive days of it is prolonged (rule 43 prohibits it).
ISOLATION_HOURS_WITHOUT_CONTACT = 22
PROLONGED_ISOLATION_DAYS = 15
# Lov 2026-05-12-18 (strgjfl § 17 new, rules.md § 8.3): time out of cell normally at least
# 8 hours a day and never under 4; the 2024 annual report counts inmates under 8 hours.
OUT_OF_CELL_NORMAL_MINUTES = 8 * 60
OUT_OF_CELL_FLOOR_MINUTES = 4 * 60


@dataclass(frozen=True)
class Span:
    """Minutes ``start`` (inclusive) to ``end`` (exclusive) of a day at contact ``level``
    (a ``RANK`` value)."""

    start: int
    end: int
    level: int


def minute_of(t: time) -> int:
    """Minutes after midnight of a time of day."""
    return t.hour * 60 + t.minute


def end_minute_of(t: time) -> int:
    """Minutes after midnight of the end of a span: 23:59 is read as midnight, the end of
    the day (a time-of-day field cannot hold 24:00)."""
    return DAY_MINUTES if (t.hour, t.minute) == (23, 59) else minute_of(t)


def day_type(day: date) -> str:
    """Which default regime applies: weekdays Monday–Friday, the weekend otherwise.
    Public holidays are not known to the system and follow the weekday regime."""
    return DayType.WEEKDAY if day.isoweekday() <= 5 else DayType.WEEKEND


# --- one inmate-day --------------------------------------------------------------------


@dataclass(frozen=True)
class DayHours:
    """An inmate-day in minutes: out of cell, with meaningful human contact, in company
    (partial or ordinary) and away from the prison (counted as out and with contact)."""

    out_minutes: int
    contact_minutes: int
    company_minutes: int
    away_minutes: int = 0

    @property
    def hours_out(self) -> float:
        return round(self.out_minutes / 60, 2)

    @property
    def hours_contact(self) -> float:
        return round(self.contact_minutes / 60, 2)

    @property
    def hours_company(self) -> float:
        return round(self.company_minutes / 60, 2)

    @property
    def isolated(self) -> bool:
        return is_isolation_day(self.contact_minutes)


def _clip(start: int, end: int) -> tuple[int, int]:
    return max(0, min(start, DAY_MINUTES)), max(0, min(end, DAY_MINUTES))


def _covering(spans: Iterable[Span], at: int) -> list[int]:
    return [s.level for s in spans if s.start <= at < s.end]


def day_hours(
    unlocked: Sequence[Span],
    caps: Sequence[Span] = (),
    away: Sequence[tuple[int, int]] = (),
) -> DayHours:
    """Minutes out of cell, with meaningful contact and in company on one day.

    ``unlocked``: the default regime's unlock periods (overlaps take the higher level);
    ``caps``: deviations of the department and of the inmate, each a span with the most
    contact allowed in it; ``away``: spans away from the prison. Spans outside 0–1440 are
    clipped. Mandela rule 44 counts staff contact as meaningful human contact; strgjfl § 17
    (2026) counts company and time out of cell separately, hence three totals.
    """
    spans = [Span(*_clip(s.start, s.end), s.level) for s in unlocked]
    limits = [Span(*_clip(c.start, c.end), c.level) for c in caps]
    outside = [_clip(a, b) for a, b in away]
    cuts = {0, DAY_MINUTES}
    for s in (*spans, *limits):
        cuts.update((s.start, s.end))
    for a, b in outside:
        cuts.update((a, b))
    points = sorted(cuts)
    out = contact = company = gone = 0
    for start, end in itertools.pairwise(points):
        length = end - start
        if length <= 0:
            continue
        if any(a <= start < b for a, b in outside):
            out, contact, gone = out + length, contact + length, gone + length
            continue
        level = min([max(_covering(spans, start), default=LOCKED), *_covering(limits, start)])
        out += length if level >= ALONE else 0
        contact += length if level >= STAFF else 0
        company += length if level >= PARTIAL else 0
    return DayHours(out, contact, company, gone)


def deviation_caps(start: int, end: int, level: int, windows: Sequence[Span] = ()) -> list[Span]:
    """The caps of one deviation over ``start``–``end`` of a day: ``level`` throughout,
    except inside its daily ``windows`` (e.g. an excluded inmate's two hours with staff,
    13:00–15:00), where the window's level is the cap instead."""
    start, end = _clip(start, end)
    cuts = {start, end}
    for w in windows:
        cuts.update(x for x in _clip(w.start, w.end) if start < x < end)
    points = sorted(cuts)
    caps = []
    for a, b in itertools.pairwise(points):
        inside = [w.level for w in windows if w.start <= a < w.end]
        caps.append(Span(a, b, max(inside) if inside else level))
    return caps


def is_isolation_day(contact_minutes: int) -> bool:
    """Mandela rule 44 (rules.md § 8.4): 22 hours or more in a day without meaningful human
    contact. Exactly 2 hours of contact leaves 22 hours without, so it is an isolation day;
    lov 2026-05-12-18 (strgjfl § 17) likewise requires *more than* 2 hours."""
    return DAY_MINUTES - contact_minutes >= ISOLATION_HOURS_WITHOUT_CONTACT * 60


def longest_isolation_run(flags: Sequence[bool | None]) -> int:
    """The longest run of consecutive isolation days in ``flags`` (one per day, in order;
    None, a day without data, breaks a run). More than ``PROLONGED_ISOLATION_DAYS`` is
    prolonged solitary confinement (Mandela rules 43–44)."""
    longest = current = 0
    for flag in flags:
        current = current + 1 if flag else 0
        longest = max(longest, current)
    return longest


@dataclass
class DayCounts:
    """Counts over inmate-days of one day (the annual report's dagsmåling)."""

    inmates: int = 0
    without_schedule: int = 0  # no default regime registered: not counted below
    out_under_8: int = 0
    out_under_4: int = 0
    isolated: int = 0  # 2 hours or less of meaningful contact (Mandela rule 44)

    def add(self, hours: DayHours | None) -> None:
        self.inmates += 1
        if hours is None:
            self.without_schedule += 1
            return
        self.out_under_8 += hours.out_minutes < OUT_OF_CELL_NORMAL_MINUTES
        self.out_under_4 += hours.out_minutes < OUT_OF_CELL_FLOOR_MINUTES
        self.isolated += hours.isolated


def count_days(days: Iterable[DayHours | None]) -> DayCounts:
    """Under 8 hours and under 4 hours out of cell (lov 2026-05-12-18, strgjfl § 17 new:
    normally at least 8, never under 4), and isolation days (Mandela rule 44)."""
    counts = DayCounts()
    for hours in days:
        counts.add(hours)
    return counts


# --- validating a regime ---------------------------------------------------------------


def periods_problem(periods: Sequence[tuple[str, time, time, str]]) -> str | None:
    """A default regime: periods (day type, from, to, level) within one day, each with a
    level of contact, not overlapping another period of the same day type."""
    by_type: dict[str, list[tuple[int, int]]] = {}
    for kind, start, end, level in periods:
        if kind not in DayType.values:
            return _("Velg hverdag eller helg for hver periode.")
        if level not in UNLOCK_LEVELS:
            return _("Velg hvem de innsatte er sammen med i hver periode.")
        a, b = minute_of(start), minute_of(end)
        if b <= a:
            return _(
                "En periode må slutte etter at den begynner (%(start)s–%(end)s). En periode "
                "over midnatt deles i to."
            ) % {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}
        by_type.setdefault(kind, []).append((a, b))
    for spans in by_type.values():
        spans.sort()
        for (_a, b), (c, _d) in itertools.pairwise(spans):
            if c < b:
                return _("To perioder samme dagtype overlapper. Slå dem sammen eller juster.")
    return None


def windows_problem(windows: Sequence[tuple[time, time, str]]) -> str | None:
    """Daily windows of an inmate deviation: from before to, a level a cap may have."""
    for start, end, level in windows:
        if minute_of(end) <= minute_of(start):
            return _("Et tidsrom må slutte etter at det begynner.")
        if level not in CAP_LEVELS:
            return _("Velg hvem den innsatte er sammen med i tidsrommet.")
    return None


def cap_problem(level: str) -> str | None:
    """A deviation reduces the regime: its level must be below ordinary company."""
    if level not in CAP_LEVELS:
        return _("Et avvik må begrense dagsregimet: velg innelåst, alene, ansatte eller delvis.")
    return None


# --- activity --------------------------------------------------------------------------

# The days the activity share is counted on: Monday to Friday. KDI's definition of
# "døgn med aktivitet" was not among the sources (rules.md Appendix D); activities are
# organised on weekdays, and the 2024 share (79 %) could not be reached over all seven days.
ACTIVITY_WEEKDAYS = frozenset({1, 2, 3, 4, 5})


def parse_weekdays(text: str) -> frozenset[int]:
    """ISO weekdays (1 = Monday) from a string such as ``"12345"``."""
    return frozenset(int(c) for c in text if c in "1234567")


def weekdays_problem(text: str) -> str | None:
    if not text or any(c not in "1234567" for c in text) or len(set(text)) != len(text):
        return _("Velg minst én ukedag.")
    return None


def runs_on(weekdays: str, day: date) -> bool:
    """Whether an activity offered on ``weekdays`` (ISO digits) runs on ``day``."""
    return str(day.isoweekday()) in weekdays


def weekdays_between(first: date, last: date, weekdays: frozenset[int] = ACTIVITY_WEEKDAYS) -> int:
    """Days from ``first`` to ``last`` (inclusive) falling on one of ``weekdays``."""
    if last < first:
        return 0
    total = (last - first).days + 1
    weeks, rest = divmod(total, 7)
    count = weeks * len(weekdays)
    start = first.isoweekday()
    for offset in range(rest):
        count += ((start - 1 + offset) % 7) + 1 in weekdays
    return count


def _merged(ranges: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[tuple[date, date]] = []
    for a, b in sorted(r for r in ranges if r[0] <= r[1]):
        if merged and a <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def prison_days(
    first: date,
    last: date,
    gaps: Iterable[tuple[date, date]] = (),
    weekdays: frozenset[int] = ACTIVITY_WEEKDAYS,
) -> int:
    """The counted prison days of a placement from ``first`` to ``last`` (inclusive): the
    ``weekdays`` among them, less those inside ``gaps`` (whole days away: leave, hospital,
    escape ...)."""
    days = weekdays_between(first, last, weekdays)
    for a, b in _merged(gaps):
        days -= weekdays_between(max(a, first), min(b, last), weekdays)
    return days


def activity_share(days_with_activity: int, days: int) -> float | None:
    """Styringsparameter 2024: the share of prison days with activity, in per cent (one
    decimal; never above 100); None when there are no prison days."""
    if days <= 0:
        return None
    return round(min(100.0, 100 * days_with_activity / days), 1)


ATTENDANCE_BACKDATE_DAYS = 31  # a month's figures settle after a month


def attendance_day_problem(day: date, today: date) -> str | None:
    """Attendance is registered for today or corrected for the last month, never ahead."""
    if day > today:
        return _("Oppmøte kan ikke registreres fram i tid.")
    if day < today - timedelta(days=ATTENDANCE_BACKDATE_DAYS):
        return _("Oppmøte kan bare rettes for de siste %(days)s dagene.") % {
            "days": ATTENDANCE_BACKDATE_DAYS
        }
    return None


def attendance_problem(status: str, reason: str, offer: int | None) -> str | None:
    """One row of the grid: attended names the activity; absent gives a reason."""
    if status not in AttendanceStatus.values:
        return _("Velg deltok, fravær eller ingen aktivitet.")
    if status == AttendanceStatus.ATTENDED and offer is None:
        return _("Velg hvilken aktivitet den innsatte deltok i.")
    if status == AttendanceStatus.ABSENT and reason not in AbsenceReason.values:
        return _("Oppgi årsak til fraværet.")
    return None


# Inmate deviations that keep an inmate from the day's activity, and the reason written.
_DEVIATION_REASON: dict[str, str] = {
    InmateDeviationKind.COURT: AbsenceReason.COURT,
    InmateDeviationKind.EXCLUDED_FULL: AbsenceReason.EXCLUDED,
    InmateDeviationKind.SICK: AbsenceReason.SICK,
}


@dataclass(frozen=True)
class Prefill:
    status: str
    reason: str = ""
    offer: int | None = None


def prefill(
    offers_today: Sequence[tuple[int, str]],
    *,
    absence_kind: str | None = None,
    deviation_kinds: Sequence[str] = (),
) -> Prefill:
    """What the grid proposes for an inmate with no registration yet, so that a normal day
    is one submit: attended the first activity they are enrolled in that runs today, or
    absent when away from the unit (day release counts as attended when they are enrolled
    in day release) or held back by a deviation (court, full exclusion, sick).

    ``offers_today``: (offer id, activity kind) of the inmate's enrolments running today.
    """
    if not offers_today:
        return Prefill(AttendanceStatus.NONE)
    first = offers_today[0][0]
    if absence_kind == "day_release":
        release = [offer for offer, kind in offers_today if kind == "day_release"]
        if release:
            return Prefill(AttendanceStatus.ATTENDED, offer=release[0])
    if absence_kind:
        return Prefill(AttendanceStatus.ABSENT, AbsenceReason.AWAY, first)
    for kind in deviation_kinds:
        if kind in _DEVIATION_REASON:
            return Prefill(AttendanceStatus.ABSENT, _DEVIATION_REASON[kind], first)
    return Prefill(AttendanceStatus.ATTENDED, offer=first)
