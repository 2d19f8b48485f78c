"""The clocks feed the deviation register as time passes (time-machine): deadlines appear on
the worklist before they pass and become exactly one deviation each after; running the sync
again, or after a deviation is closed, adds nothing."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from tests.safeguards.conftest import D, H, exclusion, measure
from varde.safeguards import actions, clocks, queries, rules, sync
from varde.safeguards.models import Deviation

pytestmark = pytest.mark.django_db


def _now():
    """The clock is stopped at the real now: the fixtures' persons are in scope then."""
    return timezone.now().replace(microsecond=0)


def _keys():
    return sorted(Deviation.objects.values_list("key", flat=True))


def test_a_minors_exclusion_over_a_week(org, minor, leader, personas):
    with time_machine.travel(_now(), tick=False) as traveller:
        found = exclusion(minor, org.oslo, hours_ago=0, best_interest="Vurdert med verge.")
        prefix = f"exclusion:{found.pk}"
        work = queries.worklist(personas.carl)
        assert {i.deadline.requirement.key for i in work.upcoming} >= {
            "region_now",
            "doctor",
            "guardian",
            "region_review",
            "kdi_minor",
        }
        assert sync.sync_deviations().created == 0

        traveller.shift(2 * H)  # "omgående" has passed without the region told
        assert [i.deadline.requirement.key for i in queries.worklist(personas.carl).overdue] == [
            "region_now"
        ]
        assert sync.sync_deviations().created == 1
        actions.do_add_notice(found, recipient="region", at=timezone.now(), actor=None)
        actions.do_add_notice(found, recipient="doctor", at=timezone.now(), actor=None)
        actions.do_add_notice(found, recipient="guardian", at=timezone.now(), actor=None)
        assert queries.worklist(personas.carl).overdue == []

        traveller.shift(3 * D)  # the region's new assessment was due after 3 days
        sync.sync_deviations()
        assert _keys() == [f"{prefix}:region_now", f"{prefix}:region_review"]
        deviation = Deviation.objects.get(key=f"{prefix}:region_review")
        assert deviation.owner == leader and deviation.person == minor
        assert deviation.source == "deadline_passed"
        assert "strgjfl § 37 femte ledd" in deviation.title

        actions.do_add_review(
            found,
            level="region",
            outcome="continue",
            at=timezone.now(),
            reasons="Fortsatt fare for vold.",
            best_interest="Vurdert med verge.",
            actor=personas.rune,
        )
        actions.do_close_deviation(deviation, note="Regionen varslet for sent.", actor=leader)
        traveller.shift(3 * D)  # day 6+: KDI should have been told after 5 days
        assert sync.sync_deviations().created == 1
        assert sync.sync_deviations().created == 0  # idempotent
        assert f"{prefix}:kdi_minor" in _keys() and len(_keys()) == 3
        assert Deviation.objects.filter(status="closed").count() == 1  # not raised again

        actions.do_add_notice(found, recipient="kdi", at=timezone.now(), actor=None)
        ended = actions.do_end(found, end_at=timezone.now(), actor=personas.carl, note="Tilbake.")
        states = {d.requirement.key: d.state for d in clocks.deadlines(ended)}
        assert states["kdi_minor"] == rules.LATE and states["region_now"] == rules.LATE
        assert "region_decides" not in states  # it ended before 14 days


def test_a_missing_doctor_notice_is_its_own_kind_of_deviation(org, people):
    with time_machine.travel(_now(), tick=False) as traveller:
        exclusion(people.oslo_inmate, org.oslo, hours_ago=0)
        traveller.shift(25 * H)
        sync.sync_deviations()
        assert Deviation.objects.get().source == "doctor_notice_missing"


def test_a_late_notice_is_a_passed_deadline_too(org, people):
    """Registered after the deadline, before the sync ran: still one deviation."""
    with time_machine.travel(_now(), tick=False) as traveller:
        bed = measure(people.oslo_inmate, org.oslo, "security_bed", hours_ago=0)
        traveller.shift(26 * H)
        actions.do_add_notice(bed, recipient="region", at=timezone.now(), actor=None)
        sync.sync_deviations()
        deviation = Deviation.objects.get()
        assert deviation.key == f"measure:{bed.pk}:region_report"
        assert "for sent" in deviation.description


def test_the_sync_can_look_at_the_end_of_a_past_day(org, people):
    with time_machine.travel(_now(), tick=False) as traveller:
        exclusion(people.oslo_inmate, org.oslo, hours_ago=0)
        traveller.shift(3 * D)
        assert sync.sync_deviations(timezone.localdate() - 3 * D).created == 0  # day 0
        assert sync.sync_deviations(timezone.localdate()).created == 1


def test_a_parallel_run_does_not_duplicate(org, people, monkeypatch):
    with time_machine.travel(_now(), tick=False) as traveller:
        exclusion(people.oslo_inmate, org.oslo, hours_ago=0)
        traveller.shift(2 * D)
        monkeypatch.setattr(sync, "_existing_keys", lambda decisions: set())
        assert sync.sync_deviations().created == 1
        assert sync.sync_deviations().created == 0  # the unique key stops the second
        assert Deviation.objects.count() == 1


def test_the_key_is_unique_in_the_database(org, people):
    day = timezone.localdate()
    actions.do_register_deviation(org.oslo, title="a", due_on=day, key="k", actor=None)
    with pytest.raises(IntegrityError):
        actions.do_register_deviation(org.oslo, title="b", due_on=day, key="k", actor=None)


def test_the_management_command(org, people):
    with time_machine.travel(_now(), tick=False) as traveller:
        exclusion(people.oslo_inmate, org.oslo, hours_ago=0)
        traveller.shift(2 * D)
        out = io.StringIO()
        call_command("safeguards-check", stdout=out)
        assert "registered 1 new deviations" in out.getvalue()
        out = io.StringIO()
        day = (timezone.localdate() - 2 * D).isoformat()
        call_command("safeguards-check", "--date", day, stdout=out)
        assert "registered 0 new deviations" in out.getvalue()
