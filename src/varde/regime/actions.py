"""Every write to the daily regime: activity offers, enrolment, the day's attendance grid,
default regimes and deviations from them.

Each action runs in one transaction, checks the actor's role and that the unit is in their
scope, validates with ``rules.py`` (a Norwegian ``ValidationError``, nothing saved, on
refusal), writes and appends audit rows. Enrolment and an inmate's deviation are events in
the person's case and get a journal line; the daily attendance does not (it would add five
lines a week to every journal — the 2024 report names journal load as a problem), but every
changed row gets its own audit row, so the person's log shows who registered what.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from varde.audit.actions import (
    actor_name,
    diff,
    filled,
    record_create,
    record_event,
    record_update,
    snapshot,
)
from varde.audit.models import AuditEvent, EventVerb
from varde.execution.models import Placement, Stay
from varde.journal.actions import journal_event
from varde.people.models import Person
from varde.regime import rules
from varde.regime.cell_time import covering
from varde.regime.choices import (
    DEFAULT_DEVIATION_LEVEL,
    ActivityKind,
    AttendanceStatus,
    DepartmentDeviationKind,
    InmateDeviationKind,
)
from varde.regime.models import (
    ActivityOffer,
    Attendance,
    DepartmentDeviation,
    Enrolment,
    InmateDeviation,
    RegimeSchedule,
    UnlockPeriod,
)
from varde.regime.queries import offers_for, present, regime_units_for

if TYPE_CHECKING:
    from varde.organisation.models import Unit, User


def _require(actor: User | None, perm: str, unit: Unit | None = None) -> None:
    """System jobs (actor None) may write; staff need the permission and the unit in scope."""
    if actor is None:
        return
    if not actor.has_perm(perm):
        raise PermissionDenied(_("Rollen din kan ikke gjøre dette i dagliglivet."))
    if unit is not None and not regime_units_for(actor).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("Enheten er utenfor ditt ansvarsområde."))


def _refuse(problem: str | None, field: str | None = None) -> None:
    if problem:
        raise ValidationError({field: problem} if field else problem)


# --- activity offers and enrolment -------------------------------------------------------


@transaction.atomic
def do_create_offer(
    unit: Unit,
    *,
    kind: str,
    name: str,
    capacity: int,
    weekdays: str,
    starts_at: time,
    ends_at: time,
    valid_from: date,
    valid_to: date | None = None,
    actor: User | None,
) -> ActivityOffer:
    """A new activity for the whole unit, or for one department (``unit`` is then the
    department)."""
    _require(actor, "regime.manage_activities", unit)
    if kind not in ActivityKind.values:
        raise ValidationError({"kind": _("Velg type aktivitet.")})
    _refuse(rules.weekdays_problem(weekdays), "weekdays")
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Aktiviteten må slutte etter at den begynner.")})
    if capacity < 1:
        raise ValidationError({"capacity": _("Oppgi minst én plass.")})
    offer = ActivityOffer(
        unit=unit,
        kind=kind,
        name=name.strip(),
        capacity=capacity,
        weekdays="".join(sorted(weekdays)),
        starts_at=starts_at,
        ends_at=ends_at,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    offer.full_clean()
    offer.save()
    record_create(offer, actor=actor, action="create_activity_offer", person=None)
    return offer


@transaction.atomic
def do_end_offer(offer: ActivityOffer, *, valid_to: date, actor: User | None) -> ActivityOffer:
    """Stop offering an activity after ``valid_to``; open enrolments end the same day."""
    _require(actor, "regime.manage_activities", offer.unit)
    offer = ActivityOffer.objects.select_for_update().get(pk=offer.pk)
    if valid_to < offer.valid_from:
        raise ValidationError({"valid_to": _("Tilbudet kan ikke slutte før det begynte.")})
    before = snapshot(offer)
    offer.valid_to = valid_to
    offer.save(update_fields=["valid_to"])
    record_update(offer, before, actor=actor, action="end_activity_offer", person=None)
    for enrolment in offer.enrolments.filter(date_to__isnull=True).select_related("person"):
        _close_enrolment(enrolment, max(valid_to, enrolment.date_from), actor)
    return offer


def _placed_at(stay: Stay, offer: ActivityOffer, day: date) -> bool:
    """Whether the inmate is placed where the activity is offered on ``day``."""
    units = {offer.unit_id, *offer.unit.departments.values_list("pk", flat=True)}
    if offer.unit.parent_id:
        units.add(offer.unit.parent_id)
    return Placement.objects.filter(covering(day, day), stay=stay, unit_id__in=units).exists()


@transaction.atomic
def do_enrol(offer: ActivityOffer, stay: Stay, *, date_from: date, actor: User | None) -> Enrolment:
    """Give an inmate a place in an activity from ``date_from`` (within its capacity)."""
    _require(actor, "regime.manage_activities", offer.unit)
    offer = ActivityOffer.objects.select_for_update().select_related("unit").get(pk=offer.pk)
    person = stay.person
    if stay.released_at is not None:
        raise ValidationError(_("Personen er løslatt og kan ikke skrives inn."))
    if offer.valid_to is not None and date_from > offer.valid_to:
        raise ValidationError({"date_from": _("Tilbudet er avsluttet på denne datoen.")})
    if date_from < offer.valid_from:
        raise ValidationError({"date_from": _("Tilbudet har ikke startet på denne datoen.")})
    if not _placed_at(stay, offer, date_from):
        raise ValidationError(_("Personen er ikke plassert ved enheten som har tilbudet."))
    if offer.enrolments.filter(stay=stay, date_to__isnull=True).exists():
        raise ValidationError(_("Personen er allerede skrevet inn i denne aktiviteten."))
    taken = offer.enrolments.filter(date_to__isnull=True).count()
    if taken >= offer.capacity:
        raise ValidationError(
            _("Aktiviteten er full (%(n)s plasser). Avslutt en innskrivning først.")
            % {"n": offer.capacity}
        )
    enrolment = Enrolment(offer=offer, stay=stay, person=person, date_from=date_from)
    enrolment.full_clean()
    enrolment.save()
    record_create(enrolment, actor=actor, action="enrol_in_activity", person=person)
    journal_event(
        person,
        _("Skrevet inn i %(offer)s (%(kind)s) fra %(day)s.")
        % {"offer": offer.name, "kind": offer.get_kind_display(), "day": f"{date_from:%d.%m.%Y}"},
        actor=actor,
        source_action="enrol_in_activity",
        unit=offer.unit,
    )
    return enrolment


def _close_enrolment(enrolment: Enrolment, date_to: date, actor: User | None) -> None:
    before = snapshot(enrolment)
    enrolment.date_to = date_to
    enrolment.save(update_fields=["date_to"])
    record_update(enrolment, before, actor=actor, action="end_enrolment", person=enrolment.person)
    journal_event(
        enrolment.person,
        _("Innskrivning i %(offer)s avsluttet %(day)s.")
        % {"offer": enrolment.offer.name, "day": f"{date_to:%d.%m.%Y}"},
        actor=actor,
        source_action="end_enrolment",
        unit=enrolment.offer.unit,
    )


@transaction.atomic
def do_end_enrolment(enrolment: Enrolment, *, date_to: date, actor: User | None) -> Enrolment:
    """The inmate's last day in the activity."""
    _require(actor, "regime.manage_activities", enrolment.offer.unit)
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("offer__unit", "person")
        .get(pk=enrolment.pk)
    )
    if enrolment.date_to is not None:
        raise ValidationError(_("Innskrivningen er allerede avsluttet."))
    if date_to < enrolment.date_from:
        raise ValidationError({"date_to": _("Sluttdatoen kan ikke være før innskrivningen.")})
    _close_enrolment(enrolment, date_to, actor)
    return enrolment


# --- the day's attendance ----------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceEntry:
    """One row of the grid as submitted."""

    stay_id: int
    status: str
    reason: str = ""
    offer_id: int | None = None


@dataclass(frozen=True)
class AttendanceResult:
    created: int
    changed: int
    unchanged: int


def _audit(rows: Sequence[tuple[Attendance, dict[str, Any], str]], actor: User | None) -> None:
    """One audit row per created or changed attendance, in one insert."""
    name = actor_name(actor)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor,
                actor_name=name,
                action="register_attendance",
                verb=verb,
                object_type=Attendance._meta.label_lower,
                object_id=str(row.pk),
                object_repr=str(row)[:200],
                person_id=row.person_id,
                changes=changes,
            )
            for row, changes, verb in rows
        ]
    )


def _entry_problems(
    entries: Sequence[AttendanceEntry], placements: dict[int, Placement], offers: set[int]
) -> list[str]:
    problems = []
    for entry in entries:
        placement = placements.get(entry.stay_id)
        if placement is None:
            problems.append(_("En av de innsatte er ikke ved avdelingen denne dagen."))
            continue
        problem = rules.attendance_problem(entry.status, entry.reason, entry.offer_id)
        if problem is None and entry.offer_id is not None and entry.offer_id not in offers:
            problem = _("Aktiviteten tilbys ikke ved enheten denne dagen.")
        if problem:
            problems.append(f"{placement.stay.person.full_name}: {problem}")
    return problems


def _fields_of(entry: AttendanceEntry) -> dict[str, Any]:
    absent = entry.status == AttendanceStatus.ABSENT
    return {
        "status": entry.status,
        "reason": entry.reason if absent else "",
        "offer_id": entry.offer_id if entry.status != AttendanceStatus.NONE else None,
    }


@transaction.atomic
def do_register_attendance(
    unit: Unit,
    day: date,
    entries: Sequence[AttendanceEntry],
    *,
    actor: User | None,
    department: Unit | None = None,
) -> AttendanceResult:
    """Save a day's grid for a unit (or one department): one row per inmate-day, created or
    corrected. Rows that did not change are left alone; each created or changed row gets an
    audit row. Refused as a whole (nothing saved) if any row is wrong, with every problem.
    A fixed number of queries whatever the number of inmates."""
    _require(actor, "regime.register_attendance", unit)
    _refuse(rules.attendance_day_problem(day, timezone.localdate()), "day")
    placements = {p.stay_id: p for p in present(department or unit, day, actor)}
    offers = set(offers_for(department or unit, day).values_list("pk", flat=True))
    problems = _entry_problems(entries, placements, offers)
    if problems:
        raise ValidationError(problems)
    existing = {
        a.stay_id: a
        for a in Attendance.objects.select_for_update().filter(
            day=day, person_id__in=[p.stay.person_id for p in placements.values()]
        )
    }
    new, changed, audit = [], [], []
    name = actor_name(actor)
    for entry in entries:
        placement = placements[entry.stay_id]
        values = _fields_of(entry)
        row = existing.get(entry.stay_id)
        if row is None:
            row = Attendance(
                person_id=placement.stay.person_id,
                stay_id=entry.stay_id,
                unit_id=placement.unit_id,
                day=day,
                registered_by=actor,
                registered_by_name=name,
                **values,
            )
            new.append(row)
            continue
        before = snapshot(row)
        for key, value in values.items():
            setattr(row, key, value)
        if diff(before, snapshot(row)):
            row.registered_by, row.registered_by_name = actor, name
            changed.append(row)
            audit.append((row, diff(before, snapshot(row)), EventVerb.UPDATE))
    try:
        with transaction.atomic():
            Attendance.objects.bulk_create(new)
    except IntegrityError as error:
        raise ValidationError(
            _("Noen andre lagret oppmøte for samme dag samtidig. Last siden på nytt.")
        ) from error
    if changed:
        fields = ["status", "reason", "offer", "registered_by", "registered_by_name", "updated_at"]
        now = timezone.now()
        for row in changed:
            row.updated_at = now
        Attendance.objects.bulk_update(changed, fields)
    created = [(row, diff({}, filled(snapshot(row))), EventVerb.CREATE) for row in new]
    _audit(created + audit, actor)
    return AttendanceResult(len(new), len(changed), len(entries) - len(new) - len(changed))


# --- default regimes and deviations --------------------------------------------------------


@dataclass(frozen=True)
class PeriodInput:
    day_type: str
    starts_at: time
    ends_at: time
    level: str


@transaction.atomic
def do_set_schedule(
    unit: Unit,
    *,
    valid_from: date,
    periods: Sequence[PeriodInput],
    actor: User | None,
    note: str = "",
) -> RegimeSchedule:
    """The department's default regime from ``valid_from`` on. The regime in force before
    stays as it was for the days before (past days keep their hours); a regime set again
    for the same day replaces that one."""
    _require(actor, "regime.manage_schedule", unit)
    problem = rules.periods_problem(
        [(p.day_type, p.starts_at, p.ends_at, p.level) for p in periods]
    )
    _refuse(problem, "periods")
    schedule = (
        RegimeSchedule.objects.select_for_update().filter(unit=unit, valid_from=valid_from).first()
    ) or RegimeSchedule(unit=unit, valid_from=valid_from)
    before = snapshot(schedule) if schedule.pk else {}
    before_periods = _period_texts(schedule) if schedule.pk else []
    schedule.note, schedule.created_by_name = note.strip(), actor_name(actor)
    schedule.full_clean()
    schedule.save()
    schedule.periods.all().delete()
    UnlockPeriod.objects.bulk_create(
        [
            UnlockPeriod(
                schedule=schedule,
                day_type=p.day_type,
                starts_at=p.starts_at,
                ends_at=p.ends_at,
                level=p.level,
            )
            for p in periods
        ]
    )
    changes = diff(before, filled(snapshot(schedule)) if not before else snapshot(schedule))
    after_periods = _period_texts(schedule)
    if before_periods != after_periods:
        changes["periods"] = [before_periods, after_periods]
    if changes:
        record_event(
            actor=actor,
            action="set_regime_schedule",
            verb=EventVerb.UPDATE if before else EventVerb.CREATE,
            instance=schedule,
            person=None,
            changes=changes,
        )
    return schedule


def _period_texts(schedule: RegimeSchedule) -> list[str]:
    return [
        f"{p.day_type} {p.starts_at:%H:%M}-{p.ends_at:%H:%M} {p.level}"
        for p in schedule.periods.order_by("day_type", "starts_at")
    ]


@transaction.atomic
def do_add_department_deviation(
    unit: Unit,
    *,
    kind: str,
    date_from: date,
    date_to: date,
    starts_at: time,
    ends_at: time,
    level: str,
    actor: User | None,
    note: str = "",
) -> DepartmentDeviation:
    """A reduced regime for the whole department (or prison) on these days and hours."""
    _require(actor, "regime.register_deviation", unit)
    if kind not in DepartmentDeviationKind.values:
        raise ValidationError({"kind": _("Velg årsak.")})
    _refuse(rules.cap_problem(level), "level")
    if date_to < date_from:
        raise ValidationError({"date_to": _("Til-datoen kan ikke være før fra-datoen.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Avviket må slutte etter at det begynner.")})
    deviation = DepartmentDeviation(
        unit=unit,
        kind=kind,
        date_from=date_from,
        date_to=date_to,
        starts_at=starts_at,
        ends_at=ends_at,
        level=level,
        note=note.strip(),
        registered_by_name=actor_name(actor),
    )
    deviation.full_clean()
    deviation.save()
    record_create(deviation, actor=actor, action="add_department_deviation", person=None)
    return deviation


@transaction.atomic
def do_cancel_department_deviation(
    deviation: DepartmentDeviation, *, actor: User | None, reason: str
) -> DepartmentDeviation:
    """Withdraw a deviation registered by mistake (it is kept, marked withdrawn)."""
    _require(actor, "regime.register_deviation", deviation.unit)
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hvorfor avviket trekkes tilbake.")})
    deviation = DepartmentDeviation.objects.select_for_update().get(pk=deviation.pk)
    before = snapshot(deviation)
    deviation.cancelled = True
    deviation.save(update_fields=["cancelled"])
    record_update(
        deviation,
        before,
        actor=actor,
        action="cancel_department_deviation",
        person=None,
        reason=reason.strip(),
    )
    return deviation


def _windows(windows: Sequence[tuple[time, time, str]]) -> list[dict[str, str]]:
    _refuse(rules.windows_problem(windows), "windows")
    return [{"start": f"{a:%H:%M}", "end": f"{b:%H:%M}", "level": level} for a, b, level in windows]


@transaction.atomic
def do_add_inmate_deviation(
    stay: Stay,
    *,
    kind: str,
    from_at: datetime,
    actor: User | None,
    to_at: datetime | None = None,
    level: str | None = None,
    windows: Sequence[tuple[time, time, str]] = (),
    note: str = "",
    source: str = "",
) -> InmateDeviation:
    """One inmate's reduced regime from ``from_at`` (to ``to_at``, or until ended): at most
    ``level`` of contact (the kind's default if not given), more in the daily ``windows``.
    Other apps that restrict an inmate (an exclusion decision) record the effect here with
    ``source`` naming their record, and end it with ``do_end_inmate_deviation``."""
    person = stay.person
    unit = stay.unit
    _require(actor, "regime.register_deviation", unit)
    if actor is not None and not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Du har ikke tilgang til denne personen."))
    if stay.released_at is not None:
        raise ValidationError(_("Personen er løslatt."))
    if kind not in InmateDeviationKind.values:
        raise ValidationError({"kind": _("Velg årsak.")})
    level = level or DEFAULT_DEVIATION_LEVEL[InmateDeviationKind(kind)]
    _refuse(rules.cap_problem(level), "level")
    if to_at is not None and to_at <= from_at:
        raise ValidationError({"to_at": _("Avviket må slutte etter at det begynner.")})
    deviation = InmateDeviation(
        person=person,
        stay=stay,
        kind=kind,
        level=level,
        windows=_windows(windows),
        from_at=from_at,
        to_at=to_at,
        note=note.strip(),
        source=source,
        registered_by_name=actor_name(actor),
    )
    deviation.full_clean()
    deviation.save()
    record_create(deviation, actor=actor, action="add_inmate_deviation", person=person)
    journal_event(
        person,
        _("Avvik fra dagsregimet: %(kind)s fra %(at)s (kontakt høyst: %(level)s).")
        % {
            "kind": deviation.get_kind_display(),
            "at": timezone.localtime(from_at).strftime("%d.%m.%Y %H:%M"),
            "level": deviation.get_level_display(),
        },
        actor=actor,
        source_action="add_inmate_deviation",
        unit=unit,
    )
    return deviation


@transaction.atomic
def do_end_inmate_deviation(
    deviation: InmateDeviation, *, to_at: datetime, actor: User | None
) -> InmateDeviation:
    """The inmate is back on the department's regime from ``to_at``."""
    deviation = (
        InmateDeviation.objects.select_for_update()
        .select_related("person", "stay__unit")
        .get(pk=deviation.pk)
    )
    _require(actor, "regime.register_deviation", deviation.stay.unit)
    if deviation.to_at is not None and deviation.to_at <= timezone.now():
        raise ValidationError(_("Avviket er allerede avsluttet."))
    if to_at <= deviation.from_at:
        raise ValidationError({"to_at": _("Avviket må slutte etter at det begynner.")})
    before = snapshot(deviation)
    deviation.to_at = to_at
    deviation.save(update_fields=["to_at"])
    record_update(
        deviation, before, actor=actor, action="end_inmate_deviation", person=deviation.person
    )
    journal_event(
        deviation.person,
        _("Avvik fra dagsregimet avsluttet %(at)s: %(kind)s.")
        % {
            "at": timezone.localtime(to_at).strftime("%d.%m.%Y %H:%M"),
            "kind": deviation.get_kind_display(),
        },
        actor=actor,
        source_action="end_inmate_deviation",
        unit=deviation.stay.unit,
    )
    return deviation
