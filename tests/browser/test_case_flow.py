"""The case flow in a real browser, clicked through as a prison case worker would: register
a judgment on the person page, find it in the queue, send the call-in from the judgment page,
admit the person, register a leave and the return, transfer to a lower security level, move
the person on to EK part-execution at a probation office (refused before its date, then
with the statutory exception), try parole at 2/3 (refused: 2/3 is not yet served), parole
on another ground (refused without its basis, then with it), which opens the probation
office's supervision case, and read the whole timeline on the person page.

Runs against the live server under the real CSP; every page visited must be free of console
errors."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_person_flow import log_in, search_as_you_type
from tests.sentencing.support import sentence
from varde.organisation.choices import SecurityLevel, UnitKind
from varde.organisation.models import Capacity, Unit

pytestmark = pytest.mark.browser

COURT = "Oslo tingrett"
CASE_NUMBER = "24-123456MED-OTIR/05"
JUDGMENT = f"{COURT} {CASE_NUMBER}"
LOWER_UNIT = "Hedmarktoppen fengsel"


@pytest.fixture
def lower_unit(org):
    """A lower-security prison in region øst with free places (the transfer's target)."""
    unit = Unit.objects.create(
        code="hedmarktoppen",
        name=LOWER_UNIT,
        kind=UnitKind.PRISON_LOWER,
        region=org.ost,
        city="Hamar",
    )
    Capacity.objects.create(
        unit=unit, security_level=SecurityLevel.LOWER, places=40, valid_from=date(2020, 1, 1)
    )
    return unit


def ddmmyyyy(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def flash(page):
    """The message the last POST left (success and error both are role=status)."""
    return page.get_by_role("main").get_by_role("status")


def open_details(container, summary: str):
    """Open the <details> whose <summary> reads ``summary`` and return it, once its form is
    there: some forms (the stay panel's, the queue's postponement decision) are loaded by htmx
    when opened (``hx-get`` on the details), so wait for the loaded form, not the link that
    stands in for it."""
    # Let the page's htmx panels settle first: a panel swapped in after the fields are filled
    # would reset them (seen under load on CI).
    container.page.wait_for_load_state("networkidle")
    details = container.locator("details").filter(
        has=container.page.locator("summary", has_text=re.compile(rf"^{re.escape(summary)}$"))
    )
    details.locator("summary").click()
    if details.get_attribute("hx-get"):
        expect(details.locator("form").first).to_be_visible()
    return details


def field(container, label: str):
    """The form control labelled ``label`` (a required field's label ends in " *")."""
    return container.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def stay_section(page):
    return page.get_by_role("region", name="Opphold og bevegelser")


def test_case_worker_follows_a_judgment_from_registration_to_release(
    tab, org, personas, people, lower_unit
):
    page = tab.page
    person = people.oslo_inmate
    today = timezone.localdate()

    # --- log in as carl (prison case worker, Oslo fengsel) and open the person ----------------
    log_in(tab, "carl")
    expect(page.get_by_role("heading", name="Velkommen, Carl")).to_be_visible()
    results = search_as_you_type(tab, "nordmann")
    results.get_by_role("link", name="Nordmann, Ola").click()
    expect(page).to_have_url(re.compile(rf"/personer/{person.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ola Nordmann")
    judgments = page.get_by_role("region", name="Dommer")
    expect(judgments).to_contain_text("Ingen dommer registrert.")
    expect(stay_section(page)).to_contain_text("Personen er ikke innsatt nå.")

    # --- register the judgment: 9 months' unconditional prison ---------------------------------
    judgments.get_by_role("link", name="Registrer dom").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrer dom: Ola Nordmann")
    field(page, "Domstol").fill(COURT)
    field(page, "Saksnummer").fill(CASE_NUMBER)
    field(page, "Domsdato").fill(ddmmyyyy(today - timedelta(days=60)))
    field(page, "Rettskraftig").fill(ddmmyyyy(today - timedelta(days=30)))
    field(page, "Mottatt").fill(ddmmyyyy(today - timedelta(days=20)))
    field(page, "Reaksjon").select_option(label="Ubetinget fengsel")
    field(page, "Hovedlovbrudd").fill("strl-321")
    field(page, "Straff/subsidiær straff: måneder").fill("9")
    page.get_by_role("button", name="Lagre").click()

    expect(flash(page)).to_have_text("Dommen er registrert.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ubetinget fengsel: {JUDGMENT}")
    facts = page.get_by_role("region", name="Dommen")
    expect(facts).to_contain_text("I soningskø")
    expect(facts).to_contain_text("0 år, 9 måneder, 0 dager")
    callin = page.get_by_role("region", name="Innkalling til soning")
    expect(callin).to_contain_text("Dommen står i soningskø og er ikke innkalt.")
    judgment_url = page.url

    # --- the queue (/ko/): the judgment waits there, not called in -----------------------------
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Soningskø").click()
    expect(page).to_have_url(re.compile(r"/ko/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Soningskø")
    entry = page.locator("tr[data-queue-entry]").filter(has_text=JUDGMENT)
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("Ola Nordmann")
    expect(entry).to_contain_text("Ubetinget fengsel")
    expect(entry).to_contain_text("Ikke innkalt")
    expect(entry.locator("td").nth(3)).to_have_text("20")  # waiting since it was received

    # --- send the call-in from the judgment page -----------------------------------------------
    entry.get_by_role("link", name="Ola Nordmann").click()
    expect(page).to_have_url(judgment_url)
    callin = page.get_by_role("region", name="Innkalling til soning")
    form = open_details(callin, "Send innkalling")
    field(form, "Enhet").select_option(label="Oslo fengsel")
    field(form, "Sikkerhetsnivå").select_option(label="Høyt sikkerhetsnivå")
    field(form, "Gjennomføringsform").select_option(label="Fengsel")
    start_on = field(form, "Oppmøtedato").input_value()  # the earliest day, prefilled
    assert date.fromisoformat(start_on) >= today + timedelta(weeks=3)
    form.get_by_role("button", name="Send innkalling").click()

    expect(flash(page)).to_have_text("Innkallingen er sendt.")
    callin = page.get_by_role("region", name="Innkalling til soning")
    expect(callin).to_contain_text("Sendt")
    expect(callin).to_contain_text("Oslo fengsel, Høyt sikkerhetsnivå")
    expect(callin).to_contain_text(ddmmyyyy(date.fromisoformat(start_on)))

    # The queue now shows the call-in.
    tab.goto("/ko/")
    entry = page.locator("tr[data-queue-entry]").filter(has_text=JUDGMENT)
    expect(entry).to_contain_text(f"Sendt: Oslo fengsel {ddmmyyyy(date.fromisoformat(start_on))}")

    # --- admit the person (innsettelse) on the person page --------------------------------------
    tab.goto(f"/personer/{person.pk}/")
    form = open_details(stay_section(page), "Registrer innsettelse")
    field(form, "Enhet").select_option(label="Oslo fengsel")
    field(form, "Sikkerhetsnivå").select_option(label="Høyt sikkerhetsnivå")
    field(form, "Type opphold").select_option(label="Straffegjennomføring")
    field(form, "Dom").select_option(label=JUDGMENT)
    form.get_by_role("button", name="Sett inn").click()

    expect(flash(page)).to_have_text("Personen er innsatt.")
    stay = stay_section(page)
    expect(stay).to_contain_text("Til stede")
    expect(stay).to_contain_text(f"Straffegjennomføring, innsatt {ddmmyyyy(today)}")
    judgment_row = (
        page.get_by_role("region", name="Dommer").get_by_role("row").filter(has_text=JUDGMENT)
    )
    expect(judgment_row).to_contain_text("Under gjennomføring")

    # --- leave (permisjon): not yet eligible, so the exception reason is required --------------
    back = timezone.localtime() + timedelta(days=1)
    form = open_details(stay_section(page), "Registrer fravær")
    field(form, "Type fravær").select_option(label="Permisjon")
    field(form, "Type permisjon").select_option(label="Ordinær permisjon")
    field(form, "Forventet retur").fill(back.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_role("button", name="Registrer fravær").click()
    expect(flash(page)).to_contain_text("Permisjonstiden er ikke nådd (fra ")
    expect(flash(page)).to_contain_text("Oppgi grunnlag for unntak (fsg § 3-31)")
    expect(stay_section(page)).to_contain_text("Til stede")  # nothing saved

    form = open_details(stay_section(page), "Registrer fravær")
    field(form, "Type fravær").select_option(label="Permisjon")
    field(form, "Type permisjon").select_option(label="Ordinær permisjon")
    field(form, "Forventet retur").fill(back.strftime("%Y-%m-%dT%H:%M"))
    field(form, "Grunnlag for unntak (fsg § 3-31)").fill("Begravelse i nær familie")
    form.get_by_role("button", name="Registrer fravær").click()

    expect(flash(page)).to_have_text("Fraværet er registrert.")
    stay = stay_section(page)
    expect(stay).to_contain_text("Fraværende: Permisjon (fra ")
    expect(stay).to_contain_text(back.strftime("%d.%m.%Y %H:%M"))  # expected return

    # --- the return ----------------------------------------------------------------------------
    form = open_details(stay_section(page), "Registrer retur")
    form.get_by_role("button", name="Registrer retur").click()
    expect(flash(page)).to_have_text("Returen er registrert.")
    expect(stay_section(page)).to_contain_text("Til stede")

    # --- transfer to a lower security level (progression) --------------------------------------
    form = open_details(stay_section(page), "Overfør")
    field(form, "Enhet").select_option(label=LOWER_UNIT)
    field(form, "Sikkerhetsnivå").select_option(label="Lavere sikkerhetsnivå")
    field(form, "Årsak").select_option(label="Progresjon")
    form.get_by_role("button", name="Registrer overføring").click()

    expect(flash(page)).to_have_text("Overføringen er registrert.")
    stay = stay_section(page)
    expect(stay).to_contain_text(LOWER_UNIT)
    expect(stay).to_contain_text("Lavere sikkerhetsnivå")
    # Carl's unit hands the person over; within the grace period (30 days) he still sees
    # them, so he carries on (the regional officer would be needed only after that).

    # Let the journal (loaded by htmx) arrive before the next POST: the live server's requests
    # share one SQLite database, and overlapping ones may find a table locked.
    journal = page.get_by_role("region", name="Journal")
    expect(journal).to_contain_text(f"Overført fra Oslo fengsel til {LOWER_UNIT}")

    # --- EK part-execution (strgjfl § 16 a; fsg § 7-2 second para) ------------------------------
    # Admitted today, so the EK date (the engine's, for 9 months from today) is ahead: refused
    # with the date; the only way past is the statutory exception (§ 16 a second para).
    ek_from = date.fromisoformat(str(sentence(today.isoformat(), months=9)["ek_partial_from"]))
    form = open_details(stay_section(page), "Gjennomføring utenfor fengsel")
    field(form, "Gjennomføringsform").select_option(
        label="Delgjennomføring med EK (strgjfl. § 16 a)"
    )
    field(form, "Friomsorgskontor").select_option(label="Oslo friomsorgskontor")
    form.get_by_role("button", name="Registrer overgang").click()
    expect(flash(page)).to_contain_text(
        f"Delgjennomføring med EK kan tidligst starte {ddmmyyyy(ek_from)}"
    )
    expect(stay_section(page)).to_contain_text("Til stede")  # nothing saved
    expect(page.get_by_role("region", name="Journal")).to_contain_text(
        f"Overført fra Oslo fengsel til {LOWER_UNIT}"
    )

    unfit = "Varig soningsudyktig: legeerklæring om alvorlig sykdom"
    form = open_details(stay_section(page), "Gjennomføring utenfor fengsel")
    field(form, "Gjennomføringsform").select_option(
        label="Delgjennomføring med EK (strgjfl. § 16 a)"
    )
    field(form, "Friomsorgskontor").select_option(label="Oslo friomsorgskontor")
    field(form, "Grunnlag for unntak (strgjfl. § 16 a annet ledd)").fill(unfit)
    form.get_by_role("button", name="Registrer overgang").click()

    expect(flash(page)).to_have_text("Gjennomføringen utenfor fengsel er registrert.")
    stay = stay_section(page)
    expect(stay).to_contain_text("Delgjennomføring med EK ved Oslo friomsorgskontor (fra ")
    expect(stay).to_contain_text(f"{LOWER_UNIT} (plassen er frigitt")
    journal = page.get_by_role("region", name="Journal")
    expect(journal).to_contain_text(
        "Overført til delgjennomføring med EK ved Oslo friomsorgskontor"
    )
    expect(page.get_by_role("region", name="Straffegjennomføring i samfunnet")).to_contain_text(
        "EK, delgjennomføring"
    )

    # --- parole at 2/3 is refused: admitted today, 2/3 is not served (strgjfl § 42) -------------
    # The engine's 2/3 for 9 months from today (pure: no ORM while the live server runs).
    two_thirds = date.fromisoformat(str(sentence(today.isoformat(), months=9)["two_thirds"]))
    earliest = two_thirds + timedelta(days=1)
    form = open_details(stay_section(page), "Prøveløslat")
    field(form, "Løslatelsestype").select_option(label="Prøveløslatelse etter 2/3")
    # The office of the EK case follows the parole up unless another is chosen.
    expect(field(form, "Friomsorgskontor som følger opp")).to_have_value(str(org.oslo_fri.pk))
    form.get_by_role("button", name="Registrer prøveløslatelse").click()

    expect(flash(page)).to_have_text(
        f"Prøveløslatelse etter 2/3 kan tidligst skje {ddmmyyyy(earliest)} (strgjfl § 42)."
    )
    expect(stay_section(page)).to_contain_text("Delgjennomføring med EK ved")  # nothing saved
    expect(page.get_by_role("region", name="Journal")).to_contain_text(
        "Overført til delgjennomføring med EK"
    )

    # --- other parole needs its basis (strgjfl § 42 fourth para) --------------------------------
    form = open_details(stay_section(page), "Prøveløslat")
    field(form, "Løslatelsestype").select_option(label="Annen prøveløslatelse")
    form.get_by_role("button", name="Registrer prøveløslatelse").click()
    expect(flash(page)).to_contain_text("Annen prøveløslatelse krever grunnlag")
    expect(page.get_by_role("region", name="Journal")).to_contain_text(
        "Overført til delgjennomføring med EK"
    )

    basis = "strgjfl. § 42 fjerde ledd: særlige grunner, alvorlig sykdom"
    form = open_details(stay_section(page), "Prøveløslat")
    field(form, "Løslatelsestype").select_option(label="Annen prøveløslatelse")
    field(form, "Møteplikt (måneder)").fill("2")
    field(form, "Merknad / grunnlag").fill(basis)
    form.get_by_role("button", name="Registrer prøveløslatelse").click()

    expect(flash(page)).to_have_text("Løslatelsen er registrert.")
    stay = stay_section(page)
    expect(stay).to_contain_text("Personen er ikke innsatt nå.")

    # The timeline, newest first: every step with where it happened.
    rows = stay.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(6)
    expected = [
        ("Løslatt", "Annen prøveløslatelse"),
        ("Delgjennomføring med EK (§ 16 a)", unfit),
        ("Overført: Progresjon", f"{LOWER_UNIT}, Lavere sikkerhetsnivå"),
        ("Tilbake fra fravær", "Permisjon"),
        ("Permisjon", "Ordinær permisjon"),
        ("Innsatt: Straffegjennomføring", "Oslo fengsel, Høyt sikkerhetsnivå"),
    ]
    for index, (event, detail) in enumerate(expected):
        cells = rows.nth(index).locator("td")
        expect(cells.nth(0)).to_contain_text(ddmmyyyy(today))
        expect(cells.nth(1)).to_have_text(event)
        expect(cells.nth(2)).to_have_text(detail)

    # The judgment is served: "Gjennomført" on the person page and on the judgment page.
    judgment_row = (
        page.get_by_role("region", name="Dommer").get_by_role("row").filter(has_text=JUDGMENT)
    )
    expect(judgment_row).to_contain_text("Gjennomført")
    # The probation office follows the parole up; the EK case is completed (loaded by htmx).
    community = page.get_by_role("region", name="Straffegjennomføring i samfunnet")
    expect(community).to_contain_text("Prøveløslatelse med møteplikt")
    expect(community).to_contain_text("Gjennomført")
    # Each action wrote a journal entry (the journal is loaded by htmx).
    journal = page.get_by_role("region", name="Journal")
    expect(journal).to_contain_text(
        f"Løslatt fra {LOWER_UNIT}: annen prøveløslatelse. Grunnlag: {basis}", timeout=10_000
    )
    expect(journal).to_contain_text("Sak i friomsorgen startet: Prøveløslatelse med møteplikt")
    expect(journal).to_contain_text(f"Overført fra Oslo fengsel til {LOWER_UNIT}")
    expect(journal).to_contain_text("Innsatt (straffegjennomføring) ved Oslo fengsel")
    expect(journal).to_contain_text("Innkalt til soning ved Oslo fengsel")

    judgment_row.get_by_role("link", name=JUDGMENT).click()
    expect(page).to_have_url(judgment_url)
    expect(page.get_by_role("region", name="Dommen")).to_contain_text("Gjennomført")
    expect(page.get_by_role("region", name="Innkalling til soning")).to_contain_text("Påbegynt")

    # Served judgments leave the queue.
    tab.goto("/ko/")
    expect(page.locator("tr[data-queue-entry]").filter(has_text=JUDGMENT)).to_have_count(0)

    tab.assert_no_console_errors()
