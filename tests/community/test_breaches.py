"""Breach cases (bruddsaker) per kind of case, checked against the law: what response each
kind allows, who refers to court, the deadlines, and which contacts fulfil the reporting
duty (EK at least weekly, fsg § 7-4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.community.conftest import open_case
from varde.community.actions import do_register_breach, do_register_reporting
from varde.community.models import Breach
from varde.community.queries import case_row, caseload

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _breach(case, response, *, actor=None, **kw):
    return do_register_breach(
        case, day=_today(), description="Uteble", response=response, actor=actor, **kw
    )


def test_ek_breach_is_reprimand_or_transfer(org, people, personas):
    """fsg § 7-7: written reprimand (48 hours to appeal, strgjfl § 40 third para, § 7 e) or
    transfer back to prison (7 days); no tightening interview, no court."""
    case = open_case(people.probation_client, org.oslo_fri, kind="ek_full", days_ago=20)
    with pytest.raises(ValidationError, match="fsg § 7-7"):
        _breach(case, "tightening_interview", actor=personas.frida)
    with pytest.raises(ValidationError, match="fsg § 7-7"):
        _breach(case, "referral_to_court", actor=personas.rune)
    reprimand = _breach(case, "written_reprimand", actor=personas.frida)
    assert reprimand.deadline == _today() + timedelta(days=2)
    transfer = _breach(case, "transfer_to_prison", actor=personas.frida)
    assert transfer.deadline == _today() + timedelta(days=7)
    case.refresh_from_db()
    assert case.status == "active"  # the prison's admission ends the case
    assert Breach.objects.count() == 2


def test_nd_referral_deadline_from_the_probation_period(org, people, personas):
    """ND-forskriften § 13: a serious breach goes to court without an interview first; the
    request within 3 months after the probation period (strl § 39 second para)."""
    case = open_case(
        people.probation_client,
        org.oslo_fri,
        kind="nd_programme",
        days_ago=40,
        judgment_extra={"probation_years": 2},
    )
    controls = _breach(case, "tightened_controls", actor=personas.frida)
    assert controls.deadline_basis == "strgjfl § 7 e (7 dager)"
    referral = _breach(case, "referral_to_court", actor=personas.rune)
    assert referral.deadline_basis == "strl § 39 annet ledd"
    assert case.planned_end is not None
    assert referral.deadline is not None and referral.deadline > case.planned_end
    case.refresh_from_db()
    assert case.status == "breach"


def test_community_sentence_conditions_and_referral_by_region(case, personas):
    with pytest.raises(ValidationError, match="Skriv vilkårene"):
        _breach(case, "new_conditions", actor=personas.frida)
    conditions = _breach(
        case, "new_conditions", conditions="Rusforbud, meldeplikt", actor=personas.frida
    )
    assert conditions.conditions == "Rusforbud, meldeplikt"
    with pytest.raises(ValidationError, match="regionalt nivå"):
        _breach(case, "referral_to_court", actor=personas.frida)
    _breach(case, "referral_to_court", actor=personas.rune)
    case.refresh_from_db()
    assert case.status == "breach"


def test_breach_form_offers_only_the_kinds_responses(login, personas, org, people):
    case = open_case(people.probation_client, org.oslo_fri, kind="nd_programme")
    page = login(personas.frida).get(reverse("community:case", args=[case.pk])).content.decode()
    assert 'value="tightened_controls"' in page and 'value="referral_to_court"' in page
    assert 'value="tightening_interview"' not in page and "breach-conditions" not in page


def test_breach_form_conditions_field(login, personas, case):
    client = login(personas.frida)
    response = client.post(
        reverse("community:register_breach", args=[case.pk]),
        {
            "breach-day": _today().isoformat(),
            "breach-response": "new_conditions",
            "breach-description": "Møtte ruspåvirket",
            "breach-conditions": "Rusforbud",
        },
        follow=True,
    )
    assert "Bruddet er registrert." in response.content.decode()
    assert Breach.objects.get().conditions == "Rusforbud"
    assert "Vilkår: Rusforbud" in response.content.decode()


def test_api_breach_with_conditions(login, personas, case):
    response = login(personas.frida).post(
        f"/api/community-cases/{case.pk}/breach/",
        {
            "day": _today().isoformat(),
            "description": "x",
            "response": "new_conditions",
            "conditions": "Meldeplikt",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["breaches"][0]["conditions"] == "Meldeplikt"


def test_ek_control_visit_does_not_fulfil_weekly_reporting(org, people, personas):
    """fsg § 7-4 third para: the person reports at least once a week. A control visit by
    the service (fsg § 7-5 second para) is not reporting; a video call may replace a
    meeting (§ 7-5 fifth para)."""
    case = open_case(people.probation_client, org.oslo_fri, kind="ek_full", days_ago=20)
    assert case.reporting_every_days == 7
    day = _today() - timedelta(days=9)
    do_register_reporting(case, day=day, kind="meeting", attended=True, actor=None)
    do_register_reporting(case, day=_today(), kind="ek_check", attended=True, actor=None)
    do_register_reporting(case, day=_today(), kind="phone", attended=True, actor=None)
    row = next(r for r in caseload(personas.frida) if r.case.pk == case.pk)
    assert row.days_since_contact == 9 and row.reporting_overdue
    do_register_reporting(
        case, day=_today() - timedelta(days=1), kind="video", attended=True, actor=None
    )
    row = next(r for r in caseload(personas.frida) if r.case.pk == case.pk)
    assert row.days_since_contact == 1 and not row.reporting_overdue


def test_phone_still_counts_where_the_office_sets_the_contact(case, personas):
    do_register_reporting(case, day=_today(), kind="phone", attended=True, actor=None)
    row = next(r for r in caseload(personas.frida) if r.case.pk == case.pk)
    assert row.days_since_contact == 0
    assert case_row(row.case, _today()).reporting_overdue is False


def test_returned_to_prison_only_after_the_decision(org, people, personas):
    """strgjfl § 14 seventh para; fsg § 7-7: EK full execution transferred back to prison
    ends the case as returned, and the judgment goes back to the queue for prison."""
    from varde.community.actions import do_close_case

    case = open_case(people.probation_client, org.oslo_fri, kind="ek_full", days_ago=20)
    with pytest.raises(ValidationError, match="tilbakeføring til fengsel"):
        do_close_case(case, returned=True, actor=personas.frida)
    _breach(case, "transfer_to_prison", actor=personas.frida)
    do_close_case(case, returned=True, actor=personas.frida)
    case.refresh_from_db()
    assert case.status == "returned" and case.judgment.status == "queued"
    assert case.responsibility.date_to == _today()


def test_close_form_outcome(login, personas, org, people):
    case = open_case(people.probation_client, org.oslo_fri, kind="fine_service", days_ago=20)
    client = login(personas.frida)
    url = reverse("community:close_case", args=[case.pk])
    data = {"close-day": _today().isoformat(), "close-outcome": "returned"}
    assert "§ 14 syvende ledd" in client.post(url, data, follow=True).content.decode()
    _breach(case, "transfer_to_prison", actor=personas.frida)
    assert "Saken er avsluttet." in client.post(url, data, follow=True).content.decode()
    case.refresh_from_db()
    assert case.status == "returned"
