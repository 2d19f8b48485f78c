"""Judgment pages: the person page's "Dommer" section, register, the judgment page with key
dates and their explanation, overriding a date; each for anonymous, wrong unit, read-only and
allowed."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.sentencing.judgments import prison_fields
from varde.audit.models import AccessLog, AuditEvent
from varde.sentencing.actions import do_register_judgment
from varde.sentencing.models import DateOverride, Judgment

pytestmark = pytest.mark.django_db


@pytest.fixture
def judgment(personas, people) -> Judgment:
    return do_register_judgment(people.oslo_inmate, actor=personas.carl, **prison_fields())


def _detail(judgment: Judgment) -> str:
    return reverse("sentencing:detail", args=[judgment.person_id, judgment.pk])


def _form_data(**extra: str) -> dict[str, str]:
    data = {
        "court": "Borgarting lagmannsrett",
        "case_number": "25-000111AST-BORG/02",
        "judgment_date": "20.02.2025",
        "final_date": "10.03.2025",
        "received_on": "10.03.2025",
        "reaction": "prison",
        "main_offence": "strl-321",
        "other_offences": "strl-351, strl-271",
        "term_months": "9",
        "credited_days": "20",
    }
    data.update(extra)
    return data


def test_person_page_lists_judgments_and_offers_registration_to_editors(login, personas, judgment):
    url = reverse("people:detail", args=[judgment.person_id])
    page = login(personas.carl).get(url).content.decode()
    assert "Dommer" in page and "Ubetinget fengsel" in page and "I soningskø" in page
    assert _detail(judgment) in page
    assert "Registrer dom" in page


def test_person_page_has_no_register_button_for_officers(login, personas, judgment):
    page = login(personas.alice).get(reverse("people:detail", args=[judgment.person_id]))
    assert _detail(judgment) in page.content.decode()
    assert "Registrer dom" not in page.content.decode()


def test_anonymous_is_sent_to_login(client, judgment):
    response = client.get(_detail(judgment))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_judgment_page_shows_key_dates_with_explanation_and_is_logged(login, personas, judgment):
    response = login(personas.alice).get(_detail(judgment))
    page = response.content.decode()
    assert response.status_code == 200
    assert "19.11.2025" in page and "20.08.2025" in page  # end, 2/3 (rules.md Example 0.3-A)
    assert "forventet" in page
    assert "<details" in page and "strgjfl § 42 første ledd" in page
    assert "Overstyr en dato" not in page  # read-only
    assert AccessLog.objects.filter(person_id=judgment.person_id, channel="web").exists()


def test_other_unit_gets_404_for_the_judgment(login, personas, judgment):
    assert login(personas.bob).get(_detail(judgment)).status_code == 404


def test_analyst_gets_403(login, personas, judgment):
    assert login(personas.anna).get(_detail(judgment)).status_code == 403
    url = reverse("sentencing:register", args=[judgment.person_id])
    assert login(personas.anna).get(url).status_code == 403


def test_judgment_of_another_person_is_not_found_under_this_one(login, personas, people, judgment):
    url = reverse("sentencing:detail", args=[people.released_recently.pk, judgment.pk])
    assert login(personas.carl).get(url).status_code == 404


def test_officer_may_read_but_not_register(login, personas, people):
    url = reverse("sentencing:register", args=[people.oslo_inmate.pk])
    client = login(personas.alice)
    assert client.get(url).status_code == 403
    assert client.post(url, _form_data()).status_code == 403
    assert not Judgment.objects.exists()


def test_editor_of_other_unit_gets_404_on_register(login, personas, people):
    url = reverse("sentencing:register", args=[people.bergen_inmate.pk])
    assert login(personas.carl).post(url, _form_data()).status_code == 404


def test_register_through_the_form(login, personas, people):
    url = reverse("sentencing:register", args=[people.oslo_inmate.pk])
    client = login(personas.carl)
    assert "Registrer dom" in client.get(url).content.decode()
    response = client.post(url, _form_data())
    judgment = Judgment.objects.get()
    assert response.status_code == 302 and response.url == _detail(judgment)
    assert judgment.other_offences == ["strl-351", "strl-271"]
    assert AuditEvent.objects.filter(action="register_judgment").exists()


def test_register_with_bad_input_shows_norwegian_messages(login, personas, people):
    url = reverse("sentencing:register", args=[people.oslo_inmate.pk])
    response = login(personas.carl).post(
        url, _form_data(main_offence="tyveri", final_date="01.01.2025", term_months="")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rett opp dette" in page
    assert "ikke en lovbruddskode" in page
    assert "før domsdatoen" in page
    assert "Straffen må være lengre enn null" in page
    assert not Judgment.objects.exists()


def test_override_from_the_page_is_shown_and_audited(login, personas, judgment):
    client = login(personas.carl)
    url = reverse("sentencing:override", args=[judgment.person_id, judgment.pk])
    data = {"field": "end_of_sentence_on", "date": "20.11.2025", "reason": "Transporttid"}
    assert client.post(url, data).status_code == 302
    page = client.get(_detail(judgment)).content.decode()
    assert "overstyrt" in page and "20.11.2025" in page and "Transporttid" in page
    assert "beregnet: 19.11.2025" in page
    event = AuditEvent.objects.get(action="override_key_date")
    assert event.actor == personas.carl and event.reason == "Transporttid"


def test_override_without_reason_is_refused(login, personas, judgment):
    client = login(personas.carl)
    url = reverse("sentencing:override", args=[judgment.person_id, judgment.pk])
    client.post(url, {"field": "end_of_sentence_on", "date": "20.11.2025", "reason": ""})
    assert not DateOverride.objects.exists()
    page = client.get(_detail(judgment)).content.decode()
    assert "Skriv hvorfor datoen overstyres" in page


def test_officer_cannot_override(login, personas, judgment):
    url = reverse("sentencing:override", args=[judgment.person_id, judgment.pk])
    data = {"field": "end_of_sentence_on", "date": "20.11.2025", "reason": "x"}
    assert login(personas.alice).post(url, data).status_code == 403
    assert login(personas.anna).post(url, data).status_code == 403
    assert not DateOverride.objects.exists()


def test_remove_override_from_the_page(login, personas, judgment):
    client = login(personas.carl)
    client.post(
        reverse("sentencing:override", args=[judgment.person_id, judgment.pk]),
        {"field": "end_of_sentence_on", "date": "20.11.2025", "reason": "Feil"},
    )
    override = DateOverride.objects.get()
    url = reverse("sentencing:remove_override", args=[judgment.person_id, judgment.pk, override.pk])
    assert client.post(url, {"reason": "Beregnet dato stemmer"}).status_code == 302
    assert not DateOverride.objects.exists()


def test_combine_from_the_page(login, personas, people, judgment):
    second = do_register_judgment(
        people.oslo_inmate,
        actor=personas.carl,
        **prison_fields(
            case_number="2", term_months=3, credited_days=0, received_on=date(2025, 4, 1)
        ),
    )
    client = login(personas.carl)
    assert "Gjennomfør sammen med" in client.get(_detail(second)).content.decode()
    url = reverse("sentencing:combine", args=[second.person_id, second.pk])
    assert client.post(url, {"principal": judgment.pk, "reason": "Ny dom"}).status_code == 302
    second.refresh_from_db()
    assert second.combined_with == judgment
    page = client.get(_detail(judgment)).content.decode()
    assert "fsg § 3-2" in page
