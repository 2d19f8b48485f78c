"""Postponement in a real browser (htmx under the real CSP): a case worker registers an
application on the judgment page, the queue lists it with its age, and the decision is made
from the queue without leaving the page: a refusal of a mandatory ground is turned away in
Norwegian until the finding is confirmed; nothing reloads the page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_case_flow import ddmmyyyy, field, open_details
from tests.browser.test_person_flow import log_in
from tests.execution.queue_support import queued
from varde.execution.actions import do_send_callin
from varde.execution.models import CallIn, PostponementRequest

pytestmark = pytest.mark.browser


def test_register_on_the_judgment_page_and_decide_from_the_queue(tab, org, personas, people):
    page = tab.page
    judgment = queued(people.oslo_inmate, waited=15)
    do_send_callin(
        judgment,
        org.oslo,
        security_level="high",
        form="prison",
        start_on=timezone.localdate() + timedelta(days=30),
        actor=None,
    )
    log_in(tab, "carl")
    expect(page.get_by_role("heading", name="Velkommen, Carl")).to_be_visible()

    # --- register the application on the judgment page (htmx swaps the call-in panel) ----------
    tab.goto(f"/personer/{judgment.person_id}/dommer/{judgment.pk}/")
    callin = page.get_by_role("region", name="Innkalling til soning")
    form = open_details(callin, "Registrer søknad om utsettelse")
    field(form, "Mottatt").fill((timezone.localdate() - timedelta(days=4)).isoformat())
    field(form, "Grunnlag").select_option(label="Alvorlig sykdom (§ 6)")
    form.get_by_role("button", name="Registrer søknaden").click()
    expect(callin).to_contain_text("Skriv hva søknaden om utsettelse begrunnes med.")
    form = callin.locator("details").filter(has_text="Registrer søknad om utsettelse")
    field(form, "Hva søknaden begrunnes med").fill("Innlagt; legeerklæring vedlagt.")
    form.get_by_role("button", name="Registrer søknaden").click()
    expect(callin.get_by_role("status")).to_have_text("Søknaden om utsettelse er registrert.")
    expect(callin).to_contain_text("avgjøres lokalt uansett")
    assert PostponementRequest.objects.filter(judgment=judgment, decision="pending").exists()

    # --- the queue lists it with its age; decide it in place ----------------------------------
    tab.goto("/ko/")
    row = page.locator("tr[data-pending-postponement]")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(3)).to_have_text("4")
    expect(row).to_contain_text("obligatorisk")
    decide = open_details(page.get_by_role("main"), "Avgjør søknaden her")
    expect(decide).to_contain_text("Avgjør søknaden")
    decide.get_by_label("Avslå").check()
    field(decide, "Begrunnelse for avgjørelsen").fill("Ikke alvorlig nok.")
    decide.get_by_role("button", name="Lagre avgjørelsen").click()
    expect(decide).to_contain_text("er en obligatorisk grunn")
    decide.get_by_label("Innvilg").check()
    new_start = timezone.localdate() + timedelta(days=90)
    field(decide, "Ny oppmøtedato").fill(new_start.isoformat())
    field(decide, "Begrunnelse for avgjørelsen").fill("Legeerklæring om alvorlig sykdom.")
    decide.get_by_role("button", name="Lagre avgjørelsen").click()
    expect(decide.get_by_role("status")).to_have_text("Utsettelsen er innvilget.")
    expect(page).to_have_url(re.compile(r"/ko/$"))
    assert CallIn.objects.get(judgment=judgment).start_on == new_start
    tab.goto(f"/personer/{judgment.person_id}/dommer/{judgment.pk}/")
    expect(page.get_by_role("region", name="Innkalling til soning")).to_contain_text(
        ddmmyyyy(new_start)
    )
    tab.assert_no_console_errors()
