"""Decisions carry their law: exclusion and coercive-measure actions validate the legal basis,
the reasons and (for a minor) the child's best interest before anything is saved; they write
audit rows and journal events; notices set the appeal deadline; roles and scope are checked."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.utils import timezone

from tests.safeguards.conftest import D, H, exclusion, measure
from varde.audit.models import AuditEvent
from varde.journal.models import JournalEntry
from varde.safeguards import actions, decisions, rules
from varde.safeguards.models import ContactActivity, Deviation, Exclusion, Notice, Review

pytestmark = pytest.mark.django_db


def _audit(obj):
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


def test_an_exclusion_carries_its_law_and_leaves_a_trail(org, people, personas):
    found = exclusion(people.oslo_inmate, org.oslo, actor=personas.carl, told=["inmate", "doctor"])
    assert found.legal_basis_text == "strgjfl § 37 første ledd bokstav b"
    assert found.rule_set == "2015" and not found.minor
    assert found.decided_by_name == "carl"
    assert _audit(found).get().action == "decide_exclusion"
    assert {n.recipient for n in found.notices.all()} == {"inmate", "doctor"}
    told = timezone.localtime(found.decided_at).date()
    expected = datetime.combine(told + 7 * D, time(23, 59), tzinfo=timezone.get_current_timezone())
    assert found.appeal_deadline_at == expected
    journal = JournalEntry.objects.filter(
        person=people.oslo_inmate, source_action="decide_exclusion"
    )
    assert "strgjfl § 37 første ledd bokstav b" in journal.get().text


def test_a_minors_decision_needs_the_best_interest_and_nothing_is_saved_without(org, minor):
    with pytest.raises(ValidationError) as refused:
        exclusion(minor, org.oslo)
    assert "barnets beste" in str(refused.value.message_dict["best_interest"])
    assert not Exclusion.objects.exists()
    found = exclusion(minor, org.oslo, best_interest="Tverretatlig team er spurt ...")
    assert found.minor and found.legal_basis_text.endswith("jf. annet ledd")


def test_grounds_the_law_does_not_allow_are_refused(org, minor, people):
    for ground in ("breach", "preventive_a"):  # § 39 and letter a are not for under-18s
        with pytest.raises(ValidationError) as refused:
            exclusion(minor, org.oslo, ground=ground, best_interest="x")
        assert "legal_basis" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        exclusion(people.oslo_inmate, org.oslo, ground="inmate_self_harm")  # reform only
    assert "legal_basis" in refused.value.message_dict


def test_reasons_and_who_decided_are_required(org, people):
    with pytest.raises(ValidationError) as refused:
        exclusion(people.oslo_inmate, org.oslo, reasons=" ", authorised_by="")
    assert set(refused.value.message_dict) == {"reasons", "authorised_by"}


def test_one_open_exclusion_at_a_time(org, people):
    exclusion(people.oslo_inmate, org.oslo)
    with pytest.raises(ValidationError):
        exclusion(people.oslo_inmate, org.oslo)


def test_roles_and_scope(org, people, personas):
    with pytest.raises(PermissionDenied):  # prison officers do not decide
        exclusion(people.oslo_inmate, org.oslo, actor=personas.alice)
    with pytest.raises(PermissionDenied):  # Bergen's inmate is out of Carl's scope
        exclusion(people.bergen_inmate, org.bergen, actor=personas.carl)
    with pytest.raises(ValidationError):  # nor may he decide for Bergen's unit
        exclusion(people.oslo_inmate, org.bergen, actor=personas.carl)
    cell = measure(people.oslo_inmate, org.oslo, actor=personas.carl)
    note = actions.do_add_supervision_note(
        cell, at=timezone.now(), text="Rolig.", actor=personas.alice
    )  # but officers keep the supervision log
    assert _audit(note).get().action == "add_supervision_note"


def test_a_security_cell_needs_the_doctor_or_a_reason(org, people):
    with pytest.raises(ValidationError) as refused:
        measure(people.oslo_inmate, org.oslo, doctor_statement_sought=False)
    assert "doctor_not_sought_reason" in refused.value.message_dict
    found = measure(
        people.oslo_inmate,
        org.oslo,
        doctor_statement_sought=False,
        doctor_not_sought_reason="Ingen lege på vakt.",
    )
    assert found.legal_basis_text == "strgjfl § 38 første ledd bokstav a"
    with pytest.raises(ValidationError):  # § 38 second para is not for a cell
        measure(people.oslo_inmate, org.oslo, basis="other_attack")


def test_telling_the_inmate_later_moves_the_appeal_deadline(org, people):
    found = exclusion(people.oslo_inmate, org.oslo, hours_ago=30)
    told = timezone.now()
    actions.do_add_notice(found, recipient="inmate", at=told, actor=None)
    found.refresh_from_db()
    assert timezone.localtime(found.appeal_deadline_at).date() == (timezone.localdate(told) + 7 * D)


def test_guardian_notices_only_for_minors(org, people):
    found = exclusion(people.oslo_inmate, org.oslo)
    with pytest.raises(ValidationError):
        actions.do_add_notice(found, recipient="guardian", at=timezone.now(), actor=None)
    assert not Notice.objects.filter(recipient="guardian").exists()


def test_a_review_can_end_the_measure(org, people, personas):
    cell = measure(people.oslo_inmate, org.oslo, hours_ago=30)
    actions.do_add_review(
        cell,
        level="region",
        outcome="end",
        at=timezone.now() - H,
        reasons="Roet seg.",
        actor=personas.rune,
    )
    cell.refresh_from_db()
    assert cell.end_at is not None and Review.objects.get().level == "region"
    with pytest.raises(ValidationError):
        actions.do_end(cell, end_at=timezone.now(), actor=None)


def test_ending_checks_the_time(org, people):
    found = exclusion(people.oslo_inmate, org.oslo, hours_ago=5)
    with pytest.raises(ValidationError):
        actions.do_end(found, end_at=found.start_at - H, actor=None)
    with pytest.raises(ValidationError):
        actions.do_end(found, end_at=timezone.now() + H, actor=None)
    ended = actions.do_end(found, end_at=timezone.now(), actor=None, note="Ro på avdelingen.")
    assert ended.end_note == "Ro på avdelingen." and not ended.is_open


def test_contact_plan_offered_accepted_done(org, people, personas):
    found = exclusion(people.oslo_inmate, org.oslo, hours_ago=50)
    day = timezone.localdate() - D
    activity = actions.do_plan_contact(
        found, day=day, kind="staff_conversation", planned_minutes=60, actor=personas.alice
    )
    assert found.contact_plans.get().week_start == rules.week_start(day)
    with pytest.raises(ValidationError):  # accepting what was never offered
        actions.do_register_contact(
            activity, offered=False, accepted=True, done_minutes=0, actor=personas.alice
        )
    actions.do_register_contact(
        activity, offered=True, accepted=True, done_minutes=45, actor=personas.alice
    )
    assert ContactActivity.objects.get().done_minutes == 45
    with pytest.raises(ValidationError):  # before the exclusion began
        actions.do_plan_contact(
            found, day=day - 10 * D, kind="visit", planned_minutes=60, actor=None
        )


def test_deviation_register_assign_close(org, people, personas, leader):
    deviation = actions.do_register_deviation(
        org.oslo,
        title="Lufting uteble",
        due_on=timezone.localdate() + 7 * D,
        person=people.oslo_inmate,
        actor=personas.carl,
    )
    assert deviation.source == "manual" and deviation.is_open
    actions.do_assign_deviation(
        deviation, owner=leader, due_on=timezone.localdate() + D, actor=personas.carl
    )
    with pytest.raises(ValidationError):  # a Bergen officer cannot own an Oslo deviation
        actions.do_assign_deviation(
            deviation, owner=personas.bob, due_on=timezone.localdate(), actor=personas.carl
        )
    with pytest.raises(ValidationError):
        actions.do_close_deviation(deviation, note=" ", actor=personas.carl)
    closed = actions.do_close_deviation(deviation, note="Rutine oppdatert.", actor=leader)
    assert closed.closed_by_name == "lena" and not closed.is_open
    assert [e.action for e in _audit(closed).order_by("id")] == [
        "register_deviation",
        "assign_deviation",
        "close_deviation",
    ]
    with pytest.raises(PermissionDenied):
        actions.do_register_deviation(
            org.oslo, title="x", due_on=date.today(), actor=personas.alice
        )
    assert Deviation.objects.count() == 1


def test_the_reform_applies_from_the_pinned_date(org, people, minor, settings):
    settings.VARDE_ISOLATION_REFORM_FROM = (timezone.localdate() - 10 * D).isoformat()
    found = exclusion(people.oslo_inmate, org.oslo, ground="inmate_harm_others")
    assert found.rule_set == "2026" and found.legal_basis_text == "strgjfl § 37 a"
    assert found.appeal_deadline_at is None  # runs from when the exclusion ends
    with pytest.raises(ValidationError):  # § 39 is repealed
        exclusion(people.released_recently, org.oslo, ground="breach")
    with pytest.raises(ValidationError):  # no security bed for under-18s
        measure(minor, org.oslo, "security_bed", basis="self_harm", best_interest="x")
    ended = actions.do_end(found, end_at=timezone.now(), actor=None)
    assert ended.appeal_deadline_at is not None
    settings.VARDE_ISOLATION_REFORM_FROM = "not a date"
    with pytest.raises(ImproperlyConfigured):
        decisions.reform_from()
