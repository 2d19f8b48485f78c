"""Actions: each writes audit rows and a journal event, refuses impossible transitions with
nothing saved, and keeps the units' responsibility (and so scoping) in step."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.conftest import make_person
from tests.execution.conftest import admit, ago
from varde.audit.models import AuditEvent
from varde.execution.actions import (
    do_admit,
    do_end_absence,
    do_recall,
    do_release,
    do_start_absence,
    do_transfer,
)
from varde.execution.choices import (
    AbsenceKind,
    LeaveType,
    PlacementReason,
    ReleaseType,
    StayKind,
)
from varde.execution.models import Absence, Placement, Stay
from varde.execution.queries import current_stay, leave_eligible_from, person_stays, timeline
from varde.journal.models import JournalEntry
from varde.organisation.choices import PlaceSex, SecurityLevel
from varde.organisation.models import Capacity, PlaceClosure
from varde.people.models import Person

pytestmark = pytest.mark.django_db


def _actions(person):
    return list(
        AuditEvent.objects.filter(person=person).order_by("id").values_list("action", flat=True)
    )


def _journal(person):
    return list(JournalEntry.objects.filter(person=person).values_list("source_action", flat=True))


def _open_units(person):
    return {r.unit.code for r in person.responsibilities.filter(date_to__isnull=True)}


def test_admit_writes_stay_placement_responsibility_audit_and_journal(org, personas, newcomer):
    stay = do_admit(
        newcomer, org.oslo, security_level=SecurityLevel.HIGH, actor=personas.carl, note="Dom"
    )
    assert stay.unit == org.oslo and stay.kind == StayKind.SENTENCE and stay.is_open
    placement = stay.placements.get()
    assert (placement.reason, placement.sex, placement.to_at) == (
        PlacementReason.ADMISSION,
        PlaceSex.MALE,
        None,
    )
    assert _open_units(newcomer) == {"oslo-fengsel"}
    assert newcomer.responsibilities.get().reason == "stay"
    assert {"admit", "place", "open_responsibility"} <= set(_actions(newcomer))
    entry = JournalEntry.objects.get(person=newcomer, source_action="admit")
    assert entry.text == "Innsatt (straffegjennomføring) ved Oslo fengsel, Høyt sikkerhetsnivå."
    assert entry.author == personas.carl and entry.unit == org.oslo


def test_admit_refused_when_inside_and_nothing_saved(org, newcomer):
    admit(newcomer, org.oslo)
    before = (Stay.objects.count(), AuditEvent.objects.count(), JournalEntry.objects.count())
    with pytest.raises(ValidationError, match="allerede innsatt"):
        admit(newcomer, org.bergen)
    after = (Stay.objects.count(), AuditEvent.objects.count(), JournalEntry.objects.count())
    assert before == after


def test_read_only_role_may_not_admit(org, personas, newcomer):
    with pytest.raises(PermissionDenied):
        do_admit(newcomer, org.oslo, security_level=SecurityLevel.HIGH, actor=personas.alice)
    assert not Stay.objects.exists()


def test_admit_refused_without_places_of_that_level(org, newcomer):
    with pytest.raises(ValidationError, match="Ingen ledige plasser ved Oslo fengsel"):
        admit(newcomer, org.oslo, security_level=SecurityLevel.LOWER)
    assert not Stay.objects.exists() and not newcomer.responsibilities.exists()


def test_no_overbooking_counts_closures(org, newcomer):
    today = timezone.localdate()
    PlaceClosure.objects.create(
        unit=org.ila,
        security_level=SecurityLevel.HIGH,
        places=119,
        date_from=today - timedelta(days=30),
        date_to=today,
        reason="Bemanning",
    )
    admit(newcomer, org.ila)  # the one open place of 120
    other = make_person("Otto", "Andre", newcomer.birth_date, seed=99)
    with pytest.raises(ValidationError, match="Ingen ledige plasser"):
        admit(other, org.ila)


def test_women_get_a_womens_place_or_a_mixed_one(org, newcomer):
    woman = make_person("Wenche", "Kvinne", newcomer.birth_date, sex="female", seed=21)
    Capacity.objects.create(
        unit=org.bergen,
        security_level=SecurityLevel.LOWER,
        sex=PlaceSex.ANY,
        places=5,
        valid_from=timezone.localdate() - timedelta(days=400),
    )
    stay = admit(woman, org.bergen, security_level=SecurityLevel.LOWER)
    assert stay.placements.get().sex == PlaceSex.ANY
    with pytest.raises(ValidationError, match="Kvinner"):
        admit(make_person("Vera", "Kvinne", newcomer.birth_date, sex="female", seed=22), org.oslo)


def test_transfer_moves_placement_and_responsibility(org, personas, newcomer):
    stay = admit(newcomer, org.oslo, days_ago=5)
    do_transfer(
        stay,
        org.bergen,
        security_level=SecurityLevel.HIGH,
        reason=PlacementReason.PERSONS_WISH,
        actor=personas.carl,
    )
    stay.refresh_from_db()
    assert stay.unit == org.bergen
    old, new = stay.placements.order_by("from_at")
    assert old.to_at is not None and new.to_at is None and new.from_at == old.to_at
    assert _open_units(newcomer) == {"bergen-fengsel"}
    closed = newcomer.responsibilities.get(unit=org.oslo)
    assert closed.date_to == timezone.localdate()
    assert "transfer" in _actions(newcomer) and "close_responsibility" in _actions(newcomer)
    assert "Overført fra Oslo fengsel til Bergen fengsel" in (
        JournalEntry.objects.get(person=newcomer, source_action="transfer").text
    )


def test_scoping_follows_the_person_after_a_transfer(org, personas, newcomer):
    """After a transfer from Oslo to Bergen, bob (Bergen) sees the person, and alice (Oslo)
    still does for the 30 grace days, then no longer."""
    stay = admit(newcomer, org.oslo, days_ago=5)
    assert not Person.objects.visible_to(personas.bob).filter(pk=newcomer.pk).exists()
    do_transfer(
        stay,
        org.bergen,
        security_level=SecurityLevel.HIGH,
        reason=PlacementReason.CAPACITY,
        actor=personas.carl,
    )
    assert Person.objects.visible_to(personas.bob).filter(pk=newcomer.pk).exists()
    assert Person.objects.visible_to(personas.alice).filter(pk=newcomer.pk).exists()
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        assert Person.objects.visible_to(personas.alice).filter(pk=newcomer.pk).exists()
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert not Person.objects.visible_to(personas.alice).filter(pk=newcomer.pk).exists()
        assert Person.objects.visible_to(personas.bob).filter(pk=newcomer.pk).exists()


def test_transfer_refused_while_absent_or_to_the_same_place(org, newcomer):
    stay = admit(newcomer, org.oslo)
    with pytest.raises(ValidationError, match="allerede plassert"):
        do_transfer(
            stay, org.oslo, security_level="high", reason=PlacementReason.SECURITY, actor=None
        )
    do_start_absence(stay, AbsenceKind.HOSPITAL, actor=None)
    with pytest.raises(ValidationError, match="fraværende"):
        do_transfer(
            stay, org.bergen, security_level="high", reason=PlacementReason.SECURITY, actor=None
        )
    assert stay.placements.count() == 1


def test_leave_and_return(org, personas, newcomer):
    stay = admit(newcomer, org.oslo, days_ago=200)
    absence = do_start_absence(
        stay,
        AbsenceKind.LEAVE,
        leave_type=LeaveType.ORDINARY,
        leave_eligible_from=timezone.localdate() - timedelta(days=1),
        expected_return=timezone.now() + timedelta(days=2),
        actor=personas.carl,
    )
    assert not absence.stops_time
    with pytest.raises(ValidationError, match="allerede fraværende"):
        do_start_absence(stay, AbsenceKind.HOSPITAL, actor=None)
    back = do_end_absence(stay, actor=personas.carl)
    assert back.returned_at is not None
    assert _journal(newcomer)[:2] == ["end_absence", "start_absence"]
    assert {"start_absence", "end_absence"} <= set(_actions(newcomer))
    with pytest.raises(ValidationError, match="ikke registrert som fraværende"):
        do_end_absence(stay, actor=None)


def test_leave_before_leave_time_refused_without_exception(org, newcomer):
    stay = admit(newcomer, org.oslo, days_ago=20)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="Permisjonstiden er ikke nådd"):
        do_start_absence(
            stay,
            AbsenceKind.LEAVE,
            leave_type=LeaveType.ORDINARY,
            leave_eligible_from=tomorrow,
            actor=None,
        )
    assert not Absence.objects.exists()
    absence = do_start_absence(
        stay,
        AbsenceKind.LEAVE,
        leave_type=LeaveType.ORDINARY,
        leave_eligible_from=tomorrow,
        exception_reason="Barnets fødsel",
        actor=None,
    )
    assert absence.exception_reason == "Barnets fødsel"


def test_failure_to_return_replaces_the_leave_at_its_return_time(org, newcomer):
    stay = admit(newcomer, org.oslo, days_ago=30)
    due = ago(days=1)
    leave = do_start_absence(
        stay,
        AbsenceKind.LEAVE,
        leave_type=LeaveType.WELFARE,
        at=ago(days=3),
        expected_return=due,
        actor=None,
    )
    failure = do_start_absence(stay, AbsenceKind.FAILURE_TO_RETURN, actor=None)
    leave.refresh_from_db()
    assert leave.returned_at == due and failure.from_at == due and failure.stops_time
    entry = JournalEntry.objects.filter(person=newcomer, source_action="start_absence").first()
    assert "Tiden teller ikke som sonet tid" in entry.text


def test_release_closes_everything_and_cannot_repeat(org, personas, newcomer):
    stay = admit(newcomer, org.oslo)
    do_start_absence(stay, AbsenceKind.INSTITUTION, actor=None)
    do_release(stay, ReleaseType.PAROLE_TWO_THIRDS, actor=personas.carl)
    stay.refresh_from_db()
    assert stay.released_at is not None and stay.release_type == "parole_two_thirds"
    assert stay.placements.get().to_at == stay.released_at
    assert stay.absences.get().returned_at == stay.released_at
    assert _open_units(newcomer) == set()
    assert current_stay(newcomer) is None
    assert "Løslatt fra Oslo fengsel: prøveløslatelse etter 2/3." in _journal_texts(newcomer)
    with pytest.raises(ValidationError, match="ikke innsatt og kan ikke løslates"):
        do_release(stay, ReleaseType.FULL_TERM, actor=None)


def _journal_texts(person):
    return list(JournalEntry.objects.filter(person=person).values_list("text", flat=True))


def test_escaped_person_is_returned_before_release(org, newcomer):
    stay = admit(newcomer, org.oslo)
    do_start_absence(stay, AbsenceKind.ESCAPE, actor=None)
    with pytest.raises(ValidationError, match="Registrer retur"):
        do_release(stay, ReleaseType.FULL_TERM, actor=None)
    assert Stay.objects.get(pk=stay.pk).is_open


def test_remand_ends_as_remand(org, newcomer):
    stay = admit(newcomer, org.oslo, kind=StayKind.REMAND)
    assert newcomer.responsibilities.get().reason == "remand"
    with pytest.raises(ValidationError, match="Varetekt opphørt"):
        do_release(stay, ReleaseType.FULL_TERM, actor=None)
    do_release(stay, ReleaseType.REMAND_ENDED, actor=None)


def test_recall_after_parole_only(org, personas, newcomer):
    stay = admit(newcomer, org.oslo, days_ago=100)
    with pytest.raises(ValidationError, match="allerede innsatt"):
        do_recall(newcomer, org.oslo, security_level="high", actor=None)
    do_release(stay, ReleaseType.PAROLE_HALF, actor=None, at=ago(days=50))
    again = do_recall(newcomer, org.bergen, security_level="high", actor=personas.carl)
    assert again.placements.get().reason == PlacementReason.RECALL
    assert again.judgment_id == stay.judgment_id
    assert _open_units(newcomer) == {"bergen-fengsel"}
    assert "recall" in _journal(newcomer)
    do_release(again, ReleaseType.FULL_TERM, actor=None)
    with pytest.raises(ValidationError, match="prøveløslatt"):
        do_recall(newcomer, org.bergen, security_level="high", actor=None)


def test_times_must_follow_each_other(org, newcomer):
    stay = admit(newcomer, org.oslo, days_ago=5)
    with pytest.raises(ValidationError, match="kan ikke være før"):
        do_release(stay, ReleaseType.FULL_TERM, actor=None, at=ago(days=6))


def test_timeline_has_every_step_newest_first(org, newcomer):
    stay = admit(newcomer, org.oslo, days_ago=10)
    do_start_absence(stay, AbsenceKind.ESCAPE, actor=None, at=ago(days=8))
    do_end_absence(stay, actor=None, at=ago(days=6))
    do_transfer(
        stay,
        org.bergen,
        security_level="high",
        reason=PlacementReason.REGRESSION,
        actor=None,
        at=ago(days=4),
    )
    do_release(stay, ReleaseType.FULL_TERM, actor=None, at=ago(days=1))
    titles = [e.title for e in timeline(person_stays(newcomer))]
    assert titles == [
        "Løslatt",
        "Overført: Tilbakeføring til strengere nivå",
        "Tilbake fra fravær",
        "Rømning",
        "Innsatt: Straffegjennomføring",
    ]


def test_leave_time_from_the_judgment_and_the_escape(org, newcomer):
    """A 9-month judgment with 20 days credit, admitted 2025-03-10 (rules.md Example 4.1-A):
    leave time 2025-07-10; an escape of 10 days restarts the 4 months of custody."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from varde.sentencing.models import Judgment

    oslo = ZoneInfo("Europe/Oslo")
    judgment = Judgment.objects.create(
        person=newcomer,
        court="Oslo tingrett",
        case_number="24-1",
        judgment_date=date(2025, 1, 10),
        received_on=date(2025, 2, 1),
        main_offence="strl-321",
        reaction="prison",
        term_months=9,
        credited_days=20,
    )
    with time_machine.travel(datetime(2025, 3, 12, 12, tzinfo=oslo)):
        stay = do_admit(
            newcomer,
            org.oslo,
            security_level="high",
            judgment=judgment,
            actor=None,
            at=datetime(2025, 3, 10, 9, tzinfo=oslo),
        )
        assert leave_eligible_from(stay) == date(2025, 7, 10)
        assert leave_eligible_from(admit_remand(org)) is None


def admit_remand(org):
    person = make_person("Rita", "Remand", timezone.localdate() - timedelta(days=9000), seed=31)
    return admit(person, org.bergen, kind=StayKind.REMAND, days_ago=1)


def test_placements_do_not_leak_between_stays(org, newcomer):
    stay = admit(newcomer, org.oslo)
    assert Placement.objects.filter(stay=stay).count() == 1
