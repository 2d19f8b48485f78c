"""Mandela-rule alerts from the time out of cell data (issue 5 item 4).

The regime app says, per inmate-day, the minutes out of cell and whether the day had 22 hours
or more without meaningful human contact (``regime.rules.is_isolation_day``; exactly 2 hours
of contact is such a day). ``rules.inmate_alerts`` turns one inmate's days into alerts:

* ``isolation`` (Mandela rule 44) — flagged that day: the daily alert list of a unit;
* ``prolonged_isolation`` (rules 43-44) — more than 15 consecutive such days: severe, to the
  unit leader (owner of the deviation) and the region (the regional overview of deviations);
* ``out_of_cell_floor`` (strgjfl § 17 after lov 2026-05-12-18) — under the rule set's minimum
  out of cell (4 hours), only on days the reform is in force (``VARDE_ISOLATION_REFORM_FROM``).

``sync_alerts(as_of)`` (called by ``sync.sync_deviations``) registers one deviation per run of
flagged days and kind, keyed ``mandela:<kind>:<person>:<first day of the run>``: a run is
raised once, however long it lasts and however often the sync runs, and a closed deviation
is never raised again. Only days that are over are judged; the daily list shows any day
(today as planned by the regime).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.execution.models import Placement
from varde.people.models import Person
from varde.regime.cell_time import RegimeDay, covering, isolation_days, regime_days, with_units
from varde.regime.models import RegimeSchedule
from varde.regime.queries import present
from varde.safeguards import rules
from varde.safeguards.actions import do_register_deviation
from varde.safeguards.choices import DeviationSource
from varde.safeguards.decisions import reform_from
from varde.safeguards.models import Deviation

if TYPE_CHECKING:
    from varde.organisation.models import Unit, User

# Days read at once; a run reaching the first of them is followed further back, up to a year
# (the longest exclusion the law allows).
WINDOW_DAYS = 42
MAX_LOOKBACK_DAYS = 400
KEY_PREFIX = "mandela"

SOURCES = {
    rules.ALERT_ISOLATION: DeviationSource.MANDELA_BREACH,
    rules.ALERT_PROLONGED: DeviationSource.MANDELA_PROLONGED,
    rules.ALERT_OUT_OF_CELL: DeviationSource.OUT_OF_CELL_FLOOR,
}


def inmate_day(day: RegimeDay) -> rules.InmateDay:
    """A regime day as the pure rules read it, with the minimum out of cell in force."""
    minimum = rules.rule_set_on(day.day, reform_from=reform_from()).min_minutes_out_of_cell
    hours = day.hours
    if hours is not None and day.away_all_day:
        hours = None  # away from the prison all day: not judged
    return rules.InmateDay(
        day.day,
        None if hours is None else hours.isolated,
        None if hours is None else hours.out_minutes,
        minimum,
    )


def alerts_of(days: list[RegimeDay]) -> list[rules.Alert]:
    return rules.inmate_alerts([inmate_day(d) for d in days])


def _one_per_day(days: list[RegimeDay]) -> list[RegimeDay]:
    """A transfer day counts once, at the later placement (as ``isolation_days``)."""
    by_day = {d.day: d for d in days}
    return [by_day[day] for day in sorted(by_day)]


def _extended(person_id: int, days: list[RegimeDay], first: date) -> list[RegimeDay]:
    """The person's days, followed back while a flagged run reaches the first day read."""
    person = Person(pk=person_id)
    while True:
        found = alerts_of(days)
        if not any(a.run_start == first for a in found) or (days[-1].day - first).days >= (
            MAX_LOOKBACK_DAYS
        ):
            return days
        earlier = first - timedelta(days=WINDOW_DAYS)
        days = _one_per_day(isolation_days(person, earlier, first - timedelta(days=1)) + days)
        if not days or days[0].day >= first:
            return days
        first = earlier


# --- the daily alert list of a unit -----------------------------------------------------------


@dataclass
class AlertRow:
    """An inmate of the unit on the day with that day's alerts."""

    placement: Placement
    day: RegimeDay
    alerts: list[rules.Alert]

    @property
    def person(self) -> Person:
        return self.placement.stay.person

    def _of(self, kind: str) -> rules.Alert | None:
        return next((a for a in self.alerts if a.kind == kind), None)

    @property
    def isolation(self) -> rules.Alert | None:
        return self._of(rules.ALERT_ISOLATION)

    @property
    def prolonged(self) -> rules.Alert | None:
        return self._of(rules.ALERT_PROLONGED)

    @property
    def out_of_cell(self) -> rules.Alert | None:
        return self._of(rules.ALERT_OUT_OF_CELL)

    @property
    def paragraphs(self) -> str:
        return "; ".join(dict.fromkeys(a.paragraph for a in self.alerts))


@dataclass
class UnitAlerts:
    unit: Unit
    day: date
    rows: list[AlertRow] = field(default_factory=list)
    rule_set: str = rules.CURRENT.version
    min_out_minutes: int | None = None

    @property
    def severe(self) -> list[AlertRow]:
        return [r for r in self.rows if r.prolonged]

    @property
    def person_ids(self) -> list[int]:
        return [r.placement.stay.person_id for r in self.rows]


def unit_alerts(unit: Unit, day: date, user: User | None = None) -> UnitAlerts:
    """The inmates of the unit (and its departments) flagged on ``day``, persons the user may
    see: isolated (rule 44), for how many days in a row (rules 43-44), under the minimum out
    of cell (2026 reform)."""
    rule_set = rules.rule_set_on(day, reform_from=reform_from())
    result = UnitAlerts(unit, day, rule_set=rule_set.version)
    result.min_out_minutes = rule_set.min_minutes_out_of_cell
    placements = present(unit, day, user)
    today = {d.stay_id: d for d in regime_days(placements, day, day)}
    for placement in placements:
        regime_day = today.get(placement.stay_id)
        if regime_day is None or not alerts_of([regime_day]):
            continue
        first = day - timedelta(days=WINDOW_DAYS - 1)
        days = _one_per_day(isolation_days(placement.stay, first, day))
        days = _extended(placement.stay.person_id, days, first)
        flagged = [a for a in alerts_of(days) if a.day == day]
        if flagged:
            result.rows.append(AlertRow(placement, regime_day, flagged))
    return result


# --- the deviation register -------------------------------------------------------------------


def alert_key(kind: str, person_id: int, run_start: date) -> str:
    return f"{KEY_PREFIX}:{kind}:{person_id}:{run_start.isoformat()}"


def last_judged_day(as_of: datetime) -> date:
    """The last day that is over at ``as_of``."""
    return timezone.localdate(as_of) - timedelta(days=1)


def sync_alerts(as_of: datetime) -> int:
    """Register a deviation for each run of flagged days not yet registered (idempotent);
    returns how many were registered."""
    if not RegimeSchedule.objects.exists():  # no time out of cell data at all
        return 0
    last = last_judged_day(as_of)
    first = last - timedelta(days=WINDOW_DAYS - 1)
    placements = with_units(Placement.objects.filter(covering(first, last)).select_related("stay"))
    by_person: dict[int, list[RegimeDay]] = defaultdict(list)
    for regime_day in regime_days(placements, first, last):
        by_person[regime_day.person_id].append(regime_day)
    flagged: dict[int, list[RegimeDay]] = {}
    for person_id, days in by_person.items():
        days = _one_per_day(days)
        if alerts_of(days):
            flagged[person_id] = _extended(person_id, days, first)
    if not flagged:
        return 0
    existing = set(
        Deviation.objects.filter(
            key__startswith=f"{KEY_PREFIX}:", person_id__in=list(flagged)
        ).values_list("key", flat=True)
    )
    created = 0
    for person_id, days in flagged.items():
        latest: dict[tuple[str, date], rules.Alert] = {}
        for alert in alerts_of(days):
            latest[(alert.kind, alert.run_start)] = alert  # the run as far as it has come
        unit_of_day = {d.day: d.unit_id for d in days}
        for (kind, run_start), alert in latest.items():
            key = alert_key(kind, person_id, run_start)
            if key in existing:
                continue
            existing.add(key)
            if _register(person_id, unit_of_day[alert.day], alert, key, as_of):
                created += 1
    return created


def _register(person_id: int, unit_id: int, alert: rules.Alert, key: str, as_of: datetime) -> bool:
    from varde.organisation.models import Unit
    from varde.safeguards.sync import unit_leader

    unit = Unit.objects.get(pk=unit_id)
    person = Person.objects.get(pk=person_id)
    titles = {
        rules.ALERT_ISOLATION: _("Isolasjon: 22 timer eller mer uten meningsfull kontakt"),
        rules.ALERT_PROLONGED: _("Alvorlig: isolasjon i mer enn 15 døgn på rad"),
        rules.ALERT_OUT_OF_CELL: _("Under fire timer utenfor cellen"),
    }
    description = _(
        "%(days)s døgn på rad fra %(start)s til %(last)s (%(paragraph)s), slik tiden utenfor "
        "cellen er registrert i dagligliv."
    ) % {
        "days": alert.run_days,
        "start": f"{alert.run_start:%d.%m.%Y}",
        "last": f"{alert.day:%d.%m.%Y}",
        "paragraph": alert.paragraph,
    }
    if alert.severe:
        description += " " + _("Varsel til enhetsleder og regionalt nivå.")
    try:
        with transaction.atomic():
            do_register_deviation(
                unit,
                title=f"{titles[alert.kind]} ({alert.paragraph})",
                description=description,
                due_on=rules.deviation_due(timezone.localdate(as_of)),
                person=person,
                owner=unit_leader(unit),
                source=SOURCES[alert.kind],
                key=key,
                actor=None,
            )
    except IntegrityError:  # registered by a run in parallel
        return False
    return True
