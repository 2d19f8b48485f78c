"""The share of prison days with activity (styringsparameter, target 85 %): weekdays of a
placement less whole days away, against days registered as attended; per unit, region and
nation; activity offers and enrolment within capacity."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.regime.conftest import last_weekday, local, make_inmates
from varde.execution.actions import do_end_absence, do_start_absence
from varde.journal.models import JournalEntry
from varde.regime.actions import (
    AttendanceEntry,
    do_create_offer,
    do_end_enrolment,
    do_end_offer,
    do_enrol,
    do_register_attendance,
)
from varde.regime.queries import activity_overview, attendance_grid, unit_share

pytestmark = pytest.mark.django_db


def _week(today=None):
    """The last full Monday–Friday before this week (all in the past)."""
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.isoweekday() - 1 + 7)
    return [monday + timedelta(days=n) for n in range(5)]


def _register(unit, day, actor, attended: set[int]):
    grid = attendance_grid(unit, day, actor)
    entries = [
        AttendanceEntry(r.stay_id, "attended", "", r.proposal.offer)
        if r.stay_id in attended and r.proposal.offer
        else AttendanceEntry(r.stay_id, "none")
        for r in grid.rows
    ]
    do_register_attendance(unit, day, entries, actor=actor)


def test_share_per_unit_region_and_nation(regime, org, personas, settings):
    settings.VARDE_ACTIVITY_TARGET = 80
    week = _week()
    first, second, _third = regime.stays
    for day in week:  # two of three attend every day of the week
        _register(org.oslo, day, personas.alice, {first.pk, second.pk})
    bergen = make_inmates(org.bergen, 1, seed=500)
    overview = activity_overview(week[0], week[-1] + timedelta(days=2))  # Mon–Sun
    assert overview.target == 80
    rows = {row.name: row for row in overview.units}
    assert (rows["Oslo fengsel"].days, rows["Oslo fengsel"].with_activity) == (15, 10)
    assert rows["Oslo fengsel"].share == 66.7
    assert (rows["Bergen fengsel"].days, rows["Bergen fengsel"].with_activity) == (5, 0)
    regions = {row.name: row.share for row in overview.regions}
    assert regions == {"Region øst": 66.7, "Region vest": 0.0}
    assert (overview.national.days, overview.national.with_activity) == (20, 10)
    assert overview.national.share == 50.0
    assert bergen  # registered through the actions, placed at Bergen


def test_a_whole_day_away_is_not_a_prison_day(regime, org, personas):
    week = _week()
    stay = regime.stays[2]
    do_start_absence(stay, "hospital", at=local(week[1], 14), actor=None)
    do_end_absence(stay, at=local(week[3], 10), actor=None)  # away all Wednesday only
    share = unit_share(org.oslo, week[0], week[-1])
    assert share.days == 14  # 15 weekdays less Wednesday for one inmate


def test_weekend_activity_does_not_count(regime, org, personas):
    """The share is over weekdays: a registration on a Saturday adds neither days nor
    activity (the kitchen runs all week)."""
    saturday = _week()[-1] + timedelta(days=1)
    kitchen = do_create_offer(
        org.oslo,
        kind="other",
        name="Kjøkkenet",
        capacity=2,
        weekdays="1234567",
        starts_at=time(7),
        ends_at=time(13),
        valid_from=saturday - timedelta(days=30),
        actor=None,
    )
    do_enrol(kitchen, regime.stays[2], date_from=saturday, actor=None)
    _register(org.oslo, saturday, personas.alice, {regime.stays[2].pk})
    share = unit_share(org.oslo, saturday, saturday)
    assert (share.days, share.with_activity, share.share) == (0, 0, None)


def test_enrolment_within_capacity_with_journal_lines(regime, org, personas):
    today = timezone.localdate()
    school = regime.school  # two places
    do_enrol(school, regime.stays[0], date_from=today, actor=personas.carl)
    do_enrol(school, regime.stays[1], date_from=today, actor=personas.carl)
    with pytest.raises(ValidationError, match="full"):
        do_enrol(school, regime.stays[2], date_from=today, actor=personas.carl)
    with pytest.raises(ValidationError, match="allerede"):
        do_enrol(regime.workshop, regime.stays[0], date_from=today, actor=personas.carl)
    assert JournalEntry.objects.filter(
        person=regime.stays[0].person, source_action="enrol_in_activity"
    ).exists()
    enrolment = school.enrolments.get(stay=regime.stays[0])
    do_end_enrolment(enrolment, date_to=today, actor=personas.carl)
    do_enrol(school, regime.stays[2], date_from=today + timedelta(days=1), actor=personas.carl)


def test_enrolment_needs_the_inmate_at_the_unit(regime, org, personas):
    other = make_inmates(org.bergen, 1, seed=600)[0]
    with pytest.raises(ValidationError, match="ikke plassert"):
        do_enrol(regime.school, other, date_from=timezone.localdate(), actor=None)


def test_an_ended_offer_ends_its_enrolments(regime, org, leader):
    yesterday = timezone.localdate() - timedelta(days=1)
    do_end_offer(regime.workshop, valid_to=yesterday, actor=leader)
    assert not regime.workshop.enrolments.filter(date_to__isnull=True).exists()
    grid = attendance_grid(org.oslo, timezone.localdate(), leader)
    assert {r.proposal.status for r in grid.rows} == {"none"}
    assert [o.name for o in grid.offers] == ["Skolen"]


def test_offer_validation(org, leader):
    with pytest.raises(ValidationError):
        do_create_offer(
            org.oslo,
            kind="workshop",
            name="X",
            capacity=5,
            weekdays="",
            starts_at=time(9),
            ends_at=time(10),
            valid_from=last_weekday(),
            actor=leader,
        )
    with pytest.raises(ValidationError):
        do_create_offer(
            org.oslo,
            kind="workshop",
            name="X",
            capacity=5,
            weekdays="12",
            starts_at=time(11),
            ends_at=time(10),
            valid_from=last_weekday(),
            actor=leader,
        )
