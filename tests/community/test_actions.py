"""Community actions: audit rows, journal events, responsibilities (scoping), judgment status,
and Norwegian refusals with nothing saved."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.community.conftest import judgment_for, open_case
from tests.conftest import make_person
from varde.audit.models import AuditEvent
from varde.community.actions import (
    do_close_case,
    do_log_hours,
    do_open_case,
    do_register_breach,
    do_register_reporting,
)
from varde.community.models import Breach, CommunityCase, HoursLog, ReportingEvent
from varde.journal.models import JournalEntry
from varde.people.models import Person

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _sees(user, person) -> bool:
    return Person.objects.visible_to(user).filter(pk=person.pk).exists()


def test_open_case_takes_responsibility_and_starts_execution(org, personas):
    from datetime import date

    person = make_person("Siv", "Samfunn", date(1990, 2, 2), seed=21)
    judgment = judgment_for(person)
    assert not _sees(personas.frida, person)
    case = do_open_case(
        person, judgment, org.oslo_fri, kind="community_sentence", actor=None, start=_today()
    )
    assert _sees(personas.frida, person) and not _sees(personas.alice, person)
    judgment.refresh_from_db()
    assert judgment.status == "in_execution"
    assert case.hours_ordered == 120 and case.planned_end is not None
    assert case.responsibility is not None and case.responsibility.reason == "community_case"
    assert AuditEvent.objects.filter(action="open_community_case", person=person).exists()
    entry = JournalEntry.objects.get(person=person, source_action="open_community_case")
    assert "Samfunnsstraff ved Oslo friomsorgskontor" in entry.text


def test_open_case_reuses_the_offices_open_responsibility(org, people):
    case = open_case(people.probation_client, org.oslo_fri)
    assert people.probation_client.responsibilities.filter(unit=org.oslo_fri).count() == 1
    assert case.responsibility is not None


def test_frida_opens_for_her_own_office_only(org, personas, people):
    judgment = judgment_for(people.probation_client)
    with pytest.raises(ValidationError, match="friomsorgskontor"):
        do_open_case(
            people.probation_client,
            judgment,
            org.oslo,
            kind="community_sentence",
            actor=personas.frida,
        )
    with pytest.raises(PermissionDenied):
        do_open_case(
            people.probation_client,
            judgment,
            org.oslo_fri,
            kind="community_sentence",
            actor=personas.alice,
        )
    case = do_open_case(
        people.probation_client,
        judgment,
        org.oslo_fri,
        kind="community_sentence",
        actor=personas.frida,
    )
    assert case.status == "active"


def test_open_case_refusals(org, people):
    judgment = judgment_for(people.probation_client)
    with pytest.raises(ValidationError, match="passer ikke"):
        do_open_case(people.probation_client, judgment, org.oslo_fri, kind="ek_full", actor=None)
    with pytest.raises(ValidationError, match="fram i tid"):
        do_open_case(
            people.probation_client,
            judgment,
            org.oslo_fri,
            kind="community_sentence",
            start=_today() + timedelta(days=1),
            actor=None,
        )
    do_open_case(
        people.probation_client, judgment, org.oslo_fri, kind="community_sentence", actor=None
    )
    with pytest.raises(ValidationError, match="allerede en åpen sak"):
        do_open_case(
            people.probation_client, judgment, org.oslo_fri, kind="community_sentence", actor=None
        )
    assert CommunityCase.objects.count() == 1


def test_ek_full_reports_weekly_and_has_no_hours(org, people):
    case = open_case(people.probation_client, org.oslo_fri, kind="ek_full")
    assert case.reporting_every_days == 7 and case.hours_ordered is None
    with pytest.raises(ValidationError, match="Timer føres bare"):
        do_log_hours(case, day=_today(), hours=Decimal(2), activity="x", actor=None)


def test_log_hours_audited_and_journalled(case, personas):
    entry = do_log_hours(
        case, day=_today(), hours=Decimal("3.5"), activity="Idrettslag", actor=personas.frida
    )
    assert entry.registered_by_name == "frida"
    assert AuditEvent.objects.filter(action="log_hours", actor=personas.frida).exists()
    text = JournalEntry.objects.get(source_action="log_hours").text
    assert "3,5 timer samfunnsstraff" in text and "Idrettslag" in text


def test_hours_beyond_ordered_refused_nothing_saved(case):
    do_log_hours(case, day=_today(), hours=Decimal(24), activity="a", actor=None)
    for _ in range(4):
        do_log_hours(case, day=_today(), hours=Decimal(24), activity="a", actor=None)
    with pytest.raises(ValidationError, match="Bare 0 av 120 timer gjenstår"):
        do_log_hours(case, day=_today(), hours=Decimal(1), activity="a", actor=None)
    assert HoursLog.objects.count() == 5
    with pytest.raises(ValidationError, match="fram i tid"):
        do_log_hours(
            case, day=_today() + timedelta(days=1), hours=Decimal(1), activity="a", actor=None
        )


def test_reporting_and_refusals(case, personas):
    event = do_register_reporting(
        case, day=_today(), kind="meeting", attended=False, actor=personas.frida
    )
    assert not event.attended
    assert (
        "Ikke møtt (oppmøte)" in JournalEntry.objects.get(source_action="register_reporting").text
    )
    assert AuditEvent.objects.filter(action="register_reporting").exists()
    with pytest.raises(ValidationError, match="fram i tid"):
        do_register_reporting(
            case, day=_today() + timedelta(days=2), kind="phone", attended=True, actor=None
        )
    assert ReportingEvent.objects.count() == 1


def test_breach_steps_and_deadlines(case, personas):
    with pytest.raises(ValidationError, match="§ 58"):
        do_register_breach(
            case,
            day=_today(),
            description="Uteble",
            response="referral_to_court",
            actor=personas.frida,
        )
    first = do_register_breach(
        case,
        day=_today(),
        description="Uteble",
        response="tightening_interview",
        actor=personas.frida,
    )
    assert first.deadline == _today() + timedelta(days=2)
    with pytest.raises(ValidationError, match="regionalt nivå"):  # strgjfl § 58 second para
        do_register_breach(
            case,
            day=_today(),
            description="Uteble igjen",
            response="referral_to_court",
            actor=personas.frida,
        )
    referral = do_register_breach(
        case,
        day=_today(),
        description="Uteble igjen",
        response="referral_to_court",
        actor=personas.rune,
    )
    assert referral.deadline is not None and referral.deadline > case.planned_end
    case.refresh_from_db()
    assert case.status == "breach"
    assert Breach.objects.count() == 2
    assert JournalEntry.objects.filter(source_action="register_breach").count() == 2


def test_close_completes_judgment_and_ends_responsibility(case, personas, people):
    do_close_case(case, actor=personas.frida)
    case.refresh_from_db()
    assert case.status == "completed" and case.ended_on == _today()
    assert case.judgment.status == "completed"
    assert case.responsibility.date_to == _today()
    assert AuditEvent.objects.filter(action="community_case_completed").exists()
    assert JournalEntry.objects.filter(source_action="close_community_case").exists()
    with pytest.raises(ValidationError, match="avsluttet"):
        do_log_hours(case, day=_today(), hours=Decimal(1), activity="a", actor=None)
    with pytest.raises(ValidationError, match="allerede avsluttet"):
        do_close_case(case, actor=None)


def test_conversion_only_after_referral(case):
    with pytest.raises(ValidationError, match="omgjort"):
        do_close_case(case, converted=True, actor=None)
    do_register_breach(
        case,
        day=_today(),
        description="a",
        response="new_conditions",
        conditions="Rusforbud",
        actor=None,
    )
    do_register_breach(
        case, day=_today(), description="b", response="referral_to_court", actor=None
    )
    do_close_case(case, converted=True, actor=None)
    case.refresh_from_db()
    assert case.status == "converted" and case.judgment.status == "queued"
