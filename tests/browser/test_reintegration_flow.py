"""Reintegration in a real browser, clicked through by a probation officer and a prison case
worker: a pre-sentence report from request to sent; then an admission, the needs assessment
with written consent, the follow-up plan, a disclosure stopped for want of consent and shared
once consent is registered, the release checklist completed and the release notice to NAV
created. Every page visited must be free of console errors under the real CSP."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_case_flow import field, flash, open_details, stay_section
from tests.browser.test_person_flow import log_in
from varde.reintegration.models import NavReleaseNotice, PreSentenceReport
from varde.sentencing.actions import do_register_judgment

pytestmark = pytest.mark.browser

COURT = "Oslo tingrett"
CASE_NUMBER = "26-000777MED-OTIR/02"
NAV = "NAV Grünerløkka"


def test_probation_officer_delivers_a_pre_sentence_report(tab, org, personas, people):
    page = tab.page
    person = people.probation_client
    log_in(tab, "frida")
    expect(page.get_by_role("heading", name="Velkommen, Frida")).to_be_visible()
    tab.goto(f"/reintegrering/person/{person.pk}/")
    form = open_details(page.get_by_role("main"), "Registrer bestilling av personundersøkelse")
    field(form, "Friomsorgskontor").select_option(label="Oslo friomsorgskontor")
    field(form, "Bestilt av").select_option(label="Retten")
    field(form, "Bestiller").fill(COURT)
    field(form, "Bestillerens saksnummer").fill("26-012345MED-OTIR/01")
    court_date = timezone.localdate() + timedelta(days=20)
    field(form, "Rettsmøte").fill(court_date.isoformat())
    form.get_by_role("button", name="Registrer bestillingen").click()
    expect(flash(page)).to_contain_text("registrert")
    expect(page).to_have_url(re.compile(r"/reintegrering/personundersokelse/\d+/$"))

    form = page.locator("form[action$='/tildel/']")
    form.locator("select").select_option(index=1)
    form.get_by_role("button", name="Tildel").click()
    expect(flash(page)).to_be_visible()

    form = open_details(page.get_by_role("main"), "Registrer samtale")
    form.locator("textarea").fill("Samtale på kontoret.")
    form.get_by_role("button", name="Registrer samtale").click()
    expect(flash(page)).to_be_visible()

    report = page.locator("form[action$='/rapport/']")
    for textarea in report.locator("textarea").all():
        textarea.fill("Stabil bosituasjon og arbeid.")
    report.locator("select[name='report-suitability_community_sentence']").select_option("suitable")
    report.get_by_role("button", name="Lagre utkast").click()
    expect(flash(page)).to_have_text("Utkastet er lagret.")

    send = page.locator("form[action$='/send/']")
    send.locator("input[name='send-recipient']").fill(COURT)
    send.get_by_role("button", name="Send", exact=True).click()
    expect(flash(page)).to_have_text("Personundersøkelsen er sendt.")
    assert PreSentenceReport.objects.get(person=person).status == "sent"
    tab.assert_no_console_errors()


@pytest.fixture
def judgment(people):
    """Three months' prison, final: parole at 2/3 falls within 90 days of admission today."""
    received = timezone.localdate() - timedelta(days=20)
    return do_register_judgment(
        people.oslo_inmate,
        actor=None,
        court=COURT,
        case_number=CASE_NUMBER,
        judgment_date=received - timedelta(days=30),
        final_date=received - timedelta(days=5),
        received_on=received,
        main_offence="strl-321",
        reaction="prison",
        term_months=3,
    )


def test_case_worker_from_admission_to_nav_notice(tab, org, personas, people, judgment):
    page = tab.page
    person = people.oslo_inmate
    log_in(tab, "carl")
    expect(page.get_by_role("heading", name="Velkommen, Carl")).to_be_visible()

    # --- admission (innsettelse) on the person page --------------------------------------------
    tab.goto(f"/personer/{person.pk}/")
    form = open_details(stay_section(page), "Registrer innsettelse")
    field(form, "Enhet").select_option(label="Oslo fengsel")
    field(form, "Sikkerhetsnivå").select_option(label="Høyt sikkerhetsnivå")
    field(form, "Type opphold").select_option(label="Straffegjennomføring")
    field(form, "Dom").select_option(label=f"{COURT} {CASE_NUMBER}")
    form.get_by_role("button", name="Sett inn").click()
    expect(flash(page)).to_have_text("Personen er innsatt.")

    # --- needs assessment with written consent --------------------------------------------------
    tab.goto(f"/reintegrering/person/{person.pk}/")
    form = open_details(page.get_by_role("main"), "Tilby kartlegging")
    form.get_by_role("button", name="Registrer tilbudet").click()
    expect(page).to_have_url(re.compile(r"/reintegrering/kartlegging/\d+/$"))
    answer = page.locator("form[action$='/svar/']")
    answer.get_by_label("Samtykker").check()
    answer.get_by_label("Samtykkeerklæringen er signert").check()
    answer.get_by_role("button", name="Registrer svaret").click()
    expect(flash(page)).to_be_visible()
    scores = page.locator("form[action$='/vurdering/']")
    for select in scores.locator("select[name$='__need']").all():
        select.select_option(index=2)
    scores.get_by_role("button", name="Lagre kartleggingen").click()
    expect(flash(page)).to_be_visible()
    complete = page.locator("form[action$='/fullfor/']")
    complete.locator("textarea").fill("Du trenger bolig og inntekt når du kommer ut.")
    complete.get_by_role("button", name="Fullfør kartleggingen").click()
    expect(flash(page)).to_be_visible()

    # --- the follow-up plan -------------------------------------------------------------------
    page.get_by_role("button", name="Lag oppfølgingsplan fra kartleggingen").click()
    expect(page).to_have_url(re.compile(r"/reintegrering/plan/\d+/$"))
    form = open_details(page.get_by_role("main"), "Legg til mål")
    form.locator("select[name='goal-area_code']").select_option("housing")
    form.locator("input[name='goal-goal']").fill("Bolig ved løslatelse")
    form.get_by_role("button", name="Legg til mål").click()
    expect(page.get_by_role("main")).to_contain_text("Bolig ved løslatelse")

    # --- the NAV office in the agency register ------------------------------------------------
    tab.goto("/reintegrering/samarbeidspartnere/")
    form = open_details(page.get_by_role("main"), "Registrer samarbeidspartner")
    form.locator("select[name='agency-kind']").select_option("nav")
    form.locator("input[name='agency-name']").fill(NAV)
    form.get_by_role("button", name="Registrer").click()
    expect(flash(page)).to_have_text("Samarbeidspartneren er registrert.")

    # --- sharing the assessment summary: stopped without consent, then shared -----------------
    tab.goto(f"/reintegrering/person/{person.pk}/samarbeid/")
    form = open_details(page.get_by_role("main"), "Del opplysninger")
    form.locator("select[name='disclose-agency']").select_option(label=f"{NAV} (NAV)")
    form.locator("input[value='assessment_summary']").check()
    form.get_by_role("button", name="Del", exact=True).click()
    expect(flash(page)).to_contain_text("Stoppet: personen har ikke gitt samtykke")
    expect(page.locator("tr[data-outcome='refused']")).to_have_count(1)

    form = open_details(page.get_by_role("main"), "Registrer samtykke")
    form.locator("select[name='dconsent-agency']").select_option(label=f"{NAV} (NAV)")
    for category in ("assessment_summary", "plan", "release_date", "contact"):
        form.locator(f"input[value='{category}']").check()
    form.get_by_role("button", name="Registrer samtykket").click()
    expect(flash(page)).to_have_text("Samtykket er registrert.")
    form = open_details(page.get_by_role("main"), "Del opplysninger")
    form.locator("select[name='disclose-agency']").select_option(label=f"{NAV} (NAV)")
    form.locator("input[value='assessment_summary']").check()
    form.get_by_role("button", name="Del", exact=True).click()
    expect(flash(page)).to_have_text("Opplysningene er delt.")
    expect(page.locator("tr[data-outcome='shared']")).to_have_count(1)

    # --- release checklist: every item settled --------------------------------------------------
    tab.goto(f"/reintegrering/person/{person.pk}/loslatelse/")
    page.get_by_role("button", name="Start løslatelsesplanlegging").click()
    expect(flash(page)).to_have_text("Løslatelsesplanen er opprettet.")
    page.wait_for_load_state()
    for code in ("housing", "income", "health", "id_papers", "bank_account", "time_in_hand"):
        row = page.locator(f"tr[data-item='{code}']")
        row.locator("summary").click()
        row.locator("select[name='status']").select_option("done")
        responsible = row.locator("input[name='responsible']")
        responsible.fill("Carl")
        # Submit from the keyboard: the row's details panel may still be animating open.
        with page.expect_navigation():
            responsible.press("Enter")
        expect(flash(page)).to_have_text("Punktet er oppdatert.")
        expect(page.locator(f"tr[data-item='{code}']")).to_contain_text("Ordnet")
    expect(page.locator("[data-complete]")).to_have_text("Sjekklisten er fullført")

    # --- release notice to NAV ------------------------------------------------------------------
    form = page.locator("form[action$='/nav/']")
    form.locator("select[name='nav-agency']").select_option(label=f"{NAV} (NAV)")
    form.locator("input[name='nav-contact']").fill("Carl, Oslo fengsel, 22 00 00 00")
    form.get_by_role("button", name="Lag melding til NAV").click()
    expect(flash(page)).to_have_text("Melding om løslatelse til NAV er laget.")
    expect(page.locator("tr[data-notice='created']")).to_contain_text(NAV)
    assert NavReleaseNotice.objects.get(person=person).status == "created"

    # --- the prison's release worklist shows the person, checklist complete --------------------
    tab.goto(f"/reintegrering/enhet/{org.oslo.pk}/loslatelser/")
    expect(page.locator(f"tr[data-person='{person.pk}']")).to_contain_text("Fullført")
    tab.assert_no_console_errors()
