"""The day's attendance: the grid proposes, one submit saves the day, corrections touch only
changed rows, every created or changed row has its audit row, a refusal saves nothing, and
the submit's query count does not grow with the department."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.regime.conftest import last_weekday, local, make_inmates
from varde.audit.models import AuditEvent
from varde.journal.models import JournalEntry
from varde.regime.actions import (
    AttendanceEntry,
    do_add_inmate_deviation,
    do_enrol,
    do_register_attendance,
)
from varde.regime.models import Attendance
from varde.regime.queries import attendance_grid

pytestmark = pytest.mark.django_db


def _proposed(grid):
    return [
        AttendanceEntry(r.stay_id, r.proposal.status, r.proposal.reason, r.proposal.offer)
        for r in grid.rows
    ]


def test_the_grid_proposes_from_enrolments_and_deviations(regime, org, personas):
    day = last_weekday()
    do_add_inmate_deviation(
        regime.stays[1], kind="court", from_at=local(day, 8), to_at=local(day, 15), actor=None
    )
    grid = attendance_grid(org.oslo, day, personas.alice)
    by_stay = {r.stay_id: r.proposal for r in grid.rows}
    assert (by_stay[regime.stays[0].pk].status, by_stay[regime.stays[0].pk].offer) == (
        "attended",
        regime.workshop.pk,
    )
    assert (by_stay[regime.stays[1].pk].status, by_stay[regime.stays[1].pk].reason) == (
        "absent",
        "court",
    )
    assert by_stay[regime.stays[2].pk].status == "none"  # not enrolled
    assert [o.name for o in grid.offers] == ["Skolen", "Snekkerverkstedet"]


def test_one_submit_saves_the_day_with_an_audit_row_each_and_no_journal_lines(
    regime, org, personas
):
    day = last_weekday()
    journal_before = JournalEntry.objects.count()
    result = do_register_attendance(
        org.oslo,
        day,
        _proposed(attendance_grid(org.oslo, day, personas.alice)),
        actor=personas.alice,
    )
    assert (result.created, result.changed, result.unchanged) == (3, 0, 0)
    rows = Attendance.objects.filter(day=day)
    assert sorted(r.status for r in rows) == ["attended", "attended", "none"]
    assert {r.registered_by_name for r in rows} == {"alice"}
    events = AuditEvent.objects.filter(action="register_attendance")
    assert sorted(e.person_id for e in events) == sorted(s.person_id for s in regime.stays)
    assert {e.verb for e in events} == {"create"}
    assert events.first().changes["status"][1] in ("attended", "none")
    assert JournalEntry.objects.count() == journal_before


def test_a_correction_changes_and_audits_only_the_changed_row(regime, org, personas):
    day = last_weekday()
    entries = _proposed(attendance_grid(org.oslo, day, personas.alice))
    do_register_attendance(org.oslo, day, entries, actor=personas.alice)
    sick = AttendanceEntry(entries[0].stay_id, "absent", "sick", regime.workshop.pk)
    result = do_register_attendance(org.oslo, day, [sick, *entries[1:]], actor=personas.carl)
    assert (result.created, result.changed, result.unchanged) == (0, 1, 2)
    row = Attendance.objects.get(day=day, stay_id=sick.stay_id)
    assert (row.status, row.reason, row.registered_by_name) == ("absent", "sick", "carl")
    update = AuditEvent.objects.get(action="register_attendance", verb="update")
    assert update.changes["status"] == ["attended", "absent"]
    assert update.changes["reason"] == ["", "sick"]
    assert update.actor_name == "carl"
    # Registered rows are shown as registered, not as proposed.
    grid = attendance_grid(org.oslo, day, personas.alice)
    assert grid.registered == 3
    assert {r.stay_id: r.status for r in grid.rows}[sick.stay_id] == "absent"


def test_a_wrong_row_refuses_the_whole_grid(regime, org, personas):
    day = last_weekday()
    entries = _proposed(attendance_grid(org.oslo, day, personas.alice))
    bad = AttendanceEntry(entries[0].stay_id, "absent", "", regime.workshop.pk)
    with pytest.raises(ValidationError) as refused:
        do_register_attendance(org.oslo, day, [bad, *entries[1:]], actor=personas.alice)
    assert "Oppgi årsak til fraværet." in refused.value.messages[0]
    assert regime.stays[0].person.full_name in refused.value.messages[0]
    assert not Attendance.objects.exists()
    assert not AuditEvent.objects.filter(action="register_attendance").exists()


def test_refusals(regime, org, personas):
    today = timezone.localdate()
    entries = _proposed(attendance_grid(org.oslo, last_weekday(), personas.alice))
    with pytest.raises(ValidationError, match="fram i tid"):
        do_register_attendance(org.oslo, today + timedelta(days=1), [], actor=personas.alice)
    with pytest.raises(ValidationError, match="siste 31 dagene"):
        do_register_attendance(org.oslo, today - timedelta(days=40), [], actor=personas.alice)
    # Bergen's officer cannot register Oslo; an analyst cannot register at all.
    with pytest.raises(PermissionDenied):
        do_register_attendance(org.oslo, last_weekday(), entries, actor=personas.bob)
    with pytest.raises(PermissionDenied):
        do_register_attendance(org.oslo, last_weekday(), entries, actor=personas.anna)
    # An inmate of another unit cannot be slipped into the grid.
    other = make_inmates(org.bergen, 1, seed=700)[0]
    with pytest.raises(ValidationError, match="ikke ved avdelingen"):
        do_register_attendance(
            org.oslo, last_weekday(), [AttendanceEntry(other.pk, "none")], actor=personas.alice
        )
    # An activity of another unit neither.
    bergen = AttendanceEntry(entries[0].stay_id, "attended", "", 999_999)
    with pytest.raises(ValidationError, match="tilbys ikke"):
        do_register_attendance(org.oslo, last_weekday(), [bergen], actor=personas.alice)
    assert not Attendance.objects.exists()


def _post_data(grid) -> dict[str, list[str] | str]:
    data: dict[str, list[str] | str] = {"stay": [str(r.stay_id) for r in grid.rows]}
    for r in grid.rows:
        data[f"status-{r.stay_id}"] = r.proposal.status
        data[f"reason-{r.stay_id}"] = r.proposal.reason
        data[f"offer-{r.stay_id}"] = str(r.proposal.offer or "")
    return data


def test_submit_query_count_does_not_grow_with_the_department(
    regime, org, personas, login, django_assert_max_num_queries
):
    """The grid's one submit for 25 inmates, whatever their number: 16 statements (session,
    user, the unit; scope, the inmates present, the activities, the day's rows; the insert or
    update, the audit rows; the session's message; and the savepoints around them)."""
    stays = make_inmates(org.oslo, 22, seed=400)
    for stay in stays[:8]:
        do_enrol(regime.workshop, stay, date_from=last_weekday() - timedelta(days=7), actor=None)
    day = last_weekday()
    grid = attendance_grid(org.oslo, day, personas.alice)
    assert len(grid.rows) == 25
    client = login(personas.alice)
    url = reverse("regime:grid", args=[org.oslo.pk]) + f"?dato={day:%Y-%m-%d}"
    with django_assert_max_num_queries(16):
        response = client.post(url, _post_data(grid))
    assert response.status_code == 302
    assert Attendance.objects.filter(day=day).count() == 25
    # A correction of every row costs no more.
    data = _post_data(grid)
    for r in grid.rows:
        data[f"status-{r.stay_id}"], data[f"reason-{r.stay_id}"] = "absent", "cancelled"
        data[f"offer-{r.stay_id}"] = str(regime.workshop.pk)
    with django_assert_max_num_queries(16):
        response = client.post(url, data)
    assert response.status_code == 302
    assert Attendance.objects.filter(day=day, reason="cancelled").count() == 25
    assert AuditEvent.objects.filter(action="register_attendance").count() == 50
