"""Partner agencies, consent and release planning through the actions: a disclosure without
consent in force is refused, and the refusal is kept (a visible refused record, an audit row);
a withdrawn consent stops sharing at once; the release checklist, the under-25 coordination
(strgjfl § 41) and the release notice to NAV, which needs consent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from tests.conftest import make_person
from tests.reintegration.conftest import admit, today, years_ago

from varde.audit.models import AuditEvent
from varde.reintegration import actions
from varde.reintegration.models import (
    Disclosure,
    NavReleaseNotice,
    PartnerAgency,
    ReleaseChecklist,
)
from varde.reintegration.queries import checklist_state, expected_release_on, release_worklist

pytestmark = pytest.mark.django_db


@pytest.fixture
def nav(personas) -> PartnerAgency:
    return actions.do_register_agency(
        kind="nav", name="NAV Grünerløkka", municipality="Oslo", actor=personas.carl
    )


@pytest.fixture
def housing(personas) -> PartnerAgency:
    return actions.do_register_agency(
        kind="housing", name="Oslo kommune, boligkontoret", actor=personas.carl
    )


@pytest.fixture
def short_stay(org, people):
    """Ola Nordmann serving 4 months at Oslo fengsel: released at 2/3 within 90 days."""
    return admit(people.oslo_inmate, org.oslo, days_ago=30, months=4)


def test_agency_register_refuses_duplicates_and_read_only_roles(personas, nav):
    with pytest.raises(ValidationError):
        actions.do_register_agency(kind="nav", name="nav grünerløkka", actor=personas.carl)
    with pytest.raises(PermissionDenied):
        actions.do_register_agency(kind="other", name="X", actor=personas.alice)


def test_referral_and_response(personas, people, short_stay, housing):
    person = people.oslo_inmate
    referral = actions.do_register_referral(
        person,
        agency=housing,
        request="Kommunal bolig fra løslatelse",
        sent_on=today(),
        actor=personas.carl,
    )
    assert referral.unit == short_stay.unit
    actions.do_record_referral_response(
        referral, status="agreed", response="Leilighet tildelt", actor=personas.carl
    )
    referral.refresh_from_db()
    assert (referral.status, referral.response_on) == ("agreed", today())
    with pytest.raises(PermissionDenied):
        actions.do_register_referral(
            person, agency=housing, request="x", sent_on=today(), actor=personas.bob
        )


def test_disclosure_without_consent_is_refused_and_logged(personas, people, short_stay, nav):
    person = people.oslo_inmate
    with pytest.raises(ValidationError, match="samtykke"):
        actions.do_disclose(
            person, agency=nav, categories=["assessment_summary"], actor=personas.carl
        )
    refused = Disclosure.objects.get(person=person)
    assert refused.outcome == "refused"
    assert refused.consent is None
    assert refused.by_name == "carl" or refused.by == personas.carl
    event = AuditEvent.objects.get(action="disclosure_refused", object_id=str(refused.pk))
    assert event.person_id == person.pk
    assert "samtykke" in event.reason


def test_consent_must_cover_category_and_agency(personas, people, short_stay, nav, housing):
    person = people.oslo_inmate
    actions.do_register_consent(
        person, agency=nav, categories=["plan"], given_on=today(), actor=personas.carl
    )
    with pytest.raises(ValidationError):  # another category
        actions.do_disclose(
            person, agency=nav, categories=["plan", "assessment_summary"], actor=personas.carl
        )
    with pytest.raises(ValidationError):  # another agency
        actions.do_disclose(person, agency=housing, categories=["plan"], actor=personas.carl)
    shared = actions.do_disclose(person, agency=nav, categories=["plan"], actor=personas.carl)
    assert shared.outcome == "shared"
    assert shared.consent is not None
    outcomes = sorted(Disclosure.objects.filter(person=person).values_list("outcome", flat=True))
    assert outcomes == ["refused", "refused", "shared"]


def test_expired_consent_does_not_cover(personas, people, short_stay, nav):
    person = people.oslo_inmate
    actions.do_register_consent(
        person,
        agency=nav,
        categories=["plan"],
        given_on=today() - timedelta(days=30),
        valid_until=today() - timedelta(days=1),
        actor=personas.carl,
    )
    with pytest.raises(ValidationError):
        actions.do_disclose(person, agency=nav, categories=["plan"], actor=personas.carl)


def test_withdrawal_ends_consent_from_that_moment(personas, people, short_stay, nav):
    person = people.oslo_inmate
    consent = actions.do_register_consent(
        person, agency=nav, categories=["plan"], given_on=today(), actor=personas.carl
    )
    actions.do_disclose(person, agency=nav, categories=["plan"], actor=personas.carl)
    actions.do_withdraw_consent(consent, actor=personas.carl)
    with pytest.raises(ValidationError):
        actions.do_disclose(person, agency=nav, categories=["plan"], actor=personas.carl)
    with pytest.raises(ValidationError):
        actions.do_withdraw_consent(consent, actor=personas.carl)


def test_consent_validation_saves_nothing(personas, people, short_stay, nav):
    with pytest.raises(ValidationError):
        actions.do_register_consent(
            people.oslo_inmate,
            agency=nav,
            categories=["plan"],
            given_on=today() + timedelta(days=1),
            actor=personas.carl,
        )
    assert not people.oslo_inmate.disclosure_consents.exists()


def test_checklist_to_nav_notice(personas, people, short_stay, nav):
    person = people.oslo_inmate
    release_on = expected_release_on(person)
    assert release_on is not None and today() < release_on <= today() + timedelta(days=90)
    checklist = actions.do_open_checklist(short_stay, actor=personas.carl)
    assert checklist.release_on == release_on
    state = checklist_state(checklist, today())
    assert not state.complete and len(state.open_items) == 6
    assert not state.coordination_duty  # born 1985
    with pytest.raises(ValidationError):  # done needs a responsible
        actions.do_update_checklist_item(
            checklist.items.get(code="housing"), status="done", actor=personas.carl
        )
    for item in checklist.items.all():
        actions.do_update_checklist_item(
            item, status="done", responsible="Carl", note="Ordnet", actor=personas.carl
        )
    assert checklist_state(ReleaseChecklist.objects.get(pk=checklist.pk), today()).complete

    # The notice discloses the release date: refused without consent, and the refusal logged.
    with pytest.raises(ValidationError, match="samtykke"):
        actions.do_create_nav_notice(
            checklist, agency=nav, contact="Carl, 22 00 00 00", actor=personas.carl
        )
    assert not NavReleaseNotice.objects.exists()
    assert Disclosure.objects.get(person=person).outcome == "refused"

    actions.do_register_consent(
        person,
        agency=nav,
        categories=["release_date", "contact"],
        given_on=today(),
        actor=personas.carl,
    )
    notice = actions.do_create_nav_notice(
        checklist, agency=nav, contact="Carl, 22 00 00 00", actor=personas.carl
    )
    assert (notice.status, notice.release_on, notice.unit) == (
        "created",
        release_on,
        short_stay.unit,
    )
    assert notice.disclosure.outcome == "shared"
    with pytest.raises(ValidationError):
        actions.do_create_nav_notice(checklist, agency=nav, contact="Carl", actor=personas.carl)


def test_nav_notice_only_to_nav(personas, people, short_stay, housing):
    checklist = actions.do_open_checklist(short_stay, actor=personas.carl)
    with pytest.raises(ValidationError):
        actions.do_create_nav_notice(checklist, agency=housing, contact="C", actor=personas.carl)


def test_under_25_coordination_must_be_recorded(personas, org):
    young = make_person("Jonas", "Unge", years_ago(22), seed=41)
    stay = admit(young, org.oslo, days_ago=30, months=4)
    checklist = actions.do_open_checklist(stay, actor=personas.carl)
    for item in checklist.items.all():
        actions.do_update_checklist_item(item, status="not_needed", actor=personas.carl)
    state = checklist_state(checklist, today())
    assert state.coordination_duty and not state.complete
    assert "§ 41" in state.coordination
    with pytest.raises(ValidationError):
        actions.do_record_coordination(checklist, consent="consented", actor=personas.carl)
    actions.do_record_coordination(
        checklist, consent="consented", coordinator="Carl Saksbehandler", actor=personas.carl
    )
    checklist.refresh_from_db()
    assert checklist_state(checklist, today()).complete


def test_worklist_lists_releases_in_90_days_by_date(personas, org, people, short_stay):
    other = make_person("Per", "Senere", years_ago(40), seed=43)
    later = admit(other, org.oslo, days_ago=10, months=8)  # released outside 90 days
    rows = release_worklist(org.oslo, personas.carl, today())
    assert [r.person for r in rows] == [people.oslo_inmate]
    assert rows[0].checklist is None
    actions.do_open_checklist(short_stay, actor=personas.carl)
    rows = release_worklist(org.oslo, personas.carl, today())
    assert rows[0].state is not None and not rows[0].state.complete
    assert later.person not in [r.person for r in release_worklist(org.oslo, personas.bob, today())]
