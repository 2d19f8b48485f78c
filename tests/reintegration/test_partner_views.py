"""Screens and API for partner agencies, consent and release planning: the person's pages
log the read and are 404 for another prison or office, a refused disclosure shows on the page,
the checklist and the NAV notice work through the forms, the unit's release worklist, and the
API is scoped the same way."""

from __future__ import annotations

import pytest
from tests.reintegration.conftest import admit, today

from varde.audit.models import AccessLog
from varde.reintegration import actions
from varde.reintegration.models import Disclosure, NavReleaseNotice, ReleaseChecklist

pytestmark = pytest.mark.django_db


@pytest.fixture
def nav(personas):
    return actions.do_register_agency(kind="nav", name="NAV Grünerløkka", actor=personas.carl)


@pytest.fixture
def short_stay(org, people):
    return admit(people.oslo_inmate, org.oslo, days_ago=30, months=4)


def _urls(person_id: int) -> list[str]:
    return [
        f"/reintegrering/person/{person_id}/samarbeid/",
        f"/reintegrering/person/{person_id}/loslatelse/",
    ]


def test_person_pages_log_access_and_other_prison_gets_404(login, personas, people, short_stay):
    person = people.oslo_inmate
    client = login(personas.carl)
    for url in _urls(person.pk):
        assert client.get(url).status_code == 200
        assert AccessLog.objects.filter(person=person, path=url).exists()
    other = login(personas.bob)
    for url in _urls(person.pk):
        assert other.get(url).status_code == 404


def test_other_office_cannot_change(login, personas, extra, people, short_stay, nav):
    checklist = actions.do_open_checklist(short_stay, actor=personas.carl)
    client = login(extra.berit)
    item = checklist.items.first()
    url = f"/reintegrering/loslatelse/{checklist.pk}/punkt/{item.pk}/"
    assert client.post(url, {"status": "done", "responsible": "Bob"}).status_code == 404
    item.refresh_from_db()
    assert item.status == "open"
    response = client.post(
        f"/reintegrering/person/{people.oslo_inmate.pk}/del/",
        {"disclose-agency": nav.pk, "disclose-categories": ["plan"]},
    )
    assert response.status_code == 404
    assert not Disclosure.objects.exists()


def test_read_only_role_cannot_post(login, personas, people, short_stay, nav):
    client = login(personas.alice)
    response = client.post(
        f"/reintegrering/person/{people.oslo_inmate.pk}/samtykke/",
        {"dconsent-agency": nav.pk, "dconsent-categories": ["plan"]},
    )
    assert response.status_code == 403


def test_refused_disclosure_is_shown_on_the_page(login, personas, people, short_stay, nav):
    person = people.oslo_inmate
    client = login(personas.carl)
    response = client.post(
        f"/reintegrering/person/{person.pk}/del/",
        {"disclose-agency": nav.pk, "disclose-categories": ["assessment_summary"]},
        follow=True,
    )
    assert "Stoppet: personen har ikke gitt samtykke" in response.content.decode()
    assert 'data-outcome="refused"' in response.content.decode()
    client.post(
        f"/reintegrering/person/{person.pk}/samtykke/",
        {
            "dconsent-agency": nav.pk,
            "dconsent-categories": ["assessment_summary"],
            "dconsent-given_on": today().isoformat(),
        },
    )
    client.post(
        f"/reintegrering/person/{person.pk}/del/",
        {"disclose-agency": nav.pk, "disclose-categories": ["assessment_summary"]},
    )
    assert sorted(Disclosure.objects.values_list("outcome", flat=True)) == ["refused", "shared"]


def test_checklist_and_nav_notice_through_the_screens(login, personas, people, short_stay, nav):
    person = people.oslo_inmate
    client = login(personas.carl)
    client.post(f"/reintegrering/person/{person.pk}/loslatelse/ny/")
    checklist = ReleaseChecklist.objects.get(person=person)
    for item in checklist.items.all():
        client.post(
            f"/reintegrering/loslatelse/{checklist.pk}/punkt/{item.pk}/",
            {"status": "done", "responsible": "Carl", "note": ""},
        )
    page = client.get(f"/reintegrering/person/{person.pk}/loslatelse/").content.decode()
    assert "data-complete" in page
    actions.do_register_consent(
        person,
        agency=nav,
        categories=["release_date", "contact"],
        given_on=today(),
        actor=personas.carl,
    )
    client.post(
        f"/reintegrering/loslatelse/{checklist.pk}/nav/",
        {"nav-agency": nav.pk, "nav-contact": "Carl, 22 00 00 00"},
    )
    assert NavReleaseNotice.objects.get(person=person).status == "created"
    worklist = client.get(f"/reintegrering/enhet/{short_stay.unit_id}/loslatelser/")
    assert worklist.status_code == 200
    assert person.full_name in worklist.content.decode()
    assert (
        login(personas.bob)
        .get(f"/reintegrering/enhet/{short_stay.unit_id}/loslatelser/")
        .status_code
        == 404
    )


def test_agency_register_page(login, personas):
    client = login(personas.carl)
    client.post(
        "/reintegrering/samarbeidspartnere/ny/",
        {"agency-kind": "health", "agency-name": "Legevakten", "agency-municipality": "Oslo"},
    )
    assert "Legevakten" in client.get("/reintegrering/samarbeidspartnere/").content.decode()


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_api_is_scoped_and_enforces_consent(login, personas, extra, people, short_stay, nav):
    person = people.oslo_inmate
    carl = login(personas.carl)
    refused = _post(
        carl, "/api/disclosures/", {"person": person.pk, "agency": nav.pk, "categories": ["plan"]}
    )
    assert refused.status_code == 400
    assert carl.get("/api/disclosures/").json()["results"][0]["outcome"] == "refused"
    created = _post(
        carl,
        "/api/disclosure-consents/",
        {"person": person.pk, "agency": nav.pk, "categories": ["plan"], "given_on": str(today())},
    )
    assert created.status_code == 201, created.content
    assert created.json()["in_force"] is True
    opened = _post(carl, "/api/release-checklists/", {"person": person.pk})
    assert opened.status_code == 201, opened.content
    checklist_id = opened.json()["id"]
    updated = _post(
        carl,
        f"/api/release-checklists/{checklist_id}/items/",
        {"code": "housing", "status": "done", "responsible": "Carl"},
    )
    assert updated.status_code == 200
    assert [i["status"] for i in updated.json()["items"] if i["code"] == "housing"] == ["done"]
    referral = _post(
        carl,
        "/api/referrals/",
        {
            "person": person.pk,
            "agency": nav.pk,
            "request": "Søknad om AAP",
            "sent_on": str(today()),
        },
    )
    assert referral.status_code == 201
    assert carl.get("/api/partner-agencies/").json()["results"][0]["name"] == "NAV Grünerløkka"
    notice = _post(
        carl,
        "/api/nav-release-notices/",
        {"checklist": checklist_id, "agency": nav.pk, "contact": "Carl"},
    )
    assert notice.status_code == 400  # consent covers the plan, not the release date

    bob = login(personas.bob)
    for url in (
        "/api/referrals/",
        "/api/disclosure-consents/",
        "/api/disclosures/",
        "/api/release-checklists/",
        "/api/nav-release-notices/",
    ):
        assert bob.get(url).json()["results"] == [], url
    assert bob.get(f"/api/release-checklists/{checklist_id}/").status_code == 404
    berit = login(extra.berit)
    assert _post(berit, "/api/release-checklists/", {"person": person.pk}).status_code == 400
