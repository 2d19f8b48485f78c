"""Exclusion of a minor in a real browser, with the clock moved (time-machine; the live
server runs in this process, so the travel reaches it): the decision screen refuses to save
without the child's best-interest assessment; the deadlines stand as upcoming; two hours
later the region's immediate notice is overdue on the page and the worklist, and the hourly
check registers it as a deviation; the notices are registered, the exclusion ended, and the
deviation closed with a note."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_case_flow import field, open_details
from tests.browser.test_person_flow import log_in
from tests.safeguards.conftest import leader, minor  # noqa: F401  (fixtures)
from varde.safeguards.models import Deviation, Exclusion

pytestmark = pytest.mark.browser

REGION_NOW = 'tr[data-deadline^="region_now"]'
WORK_REGION_NOW = 'tr[data-work^="region_now"]'


def notice(page, recipient: str) -> None:
    """Register that ``recipient`` was told, now (the form's default time)."""
    form = open_details(page.get_by_role("main"), "Registrer underretning")
    field(form, "Underrettet").select_option(label=recipient)
    form.get_by_role("button", name="Lagre underretning").click()
    expect(page.get_by_role("main")).to_contain_text("Underretningen er registrert.")


def test_minor_exclusion_alerts_as_time_passes(tab, org, leader, minor, settings):  # noqa: F811
    settings.SESSION_COOKIE_AGE = 7 * 24 * 3600  # the idle timeout would end the session
    page = tab.page
    start = timezone.now().replace(second=0, microsecond=0) - timedelta(days=2)
    with time_machine.travel(start, tick=True):
        log_in(tab, "lena")
        expect(page.get_by_role("heading", name=re.compile("Velkommen"))).to_be_visible()
        tab.goto(f"/sikkerhetstiltak/person/{minor.pk}/utelukkelse/")
        expect(page.locator("[data-minor]")).to_be_visible()
        form = page.locator("main form")
        field(form, "Omfang").select_option(label="Hel utelukkelse")
        field(form, "Grunnlag").select_option(
            label="§ 37 første ledd b: skade på seg selv, vold eller trusler"
        )
        field(form, "Begrunnelse").fill("Truet ansatte; samtaler har ikke hjulpet.")
        field(form, "Besluttet av (navn og stilling)").fill("Inspektør Hansen")
        form.get_by_role("button", name="Lagre vedtaket").click()
        expect(page.get_by_role("alert").first).to_contain_text(
            "Skriv vurderingen av barnets beste"
        )
        assert not Exclusion.objects.exists()
        form = page.locator("main form")
        field(form, "Vurdering av barnets beste").fill(
            "Samtale med verge; kortest mulig, med skole og kontakt med ansatte."
        )
        form.get_by_role("button", name="Lagre vedtaket").click()
        expect(page.get_by_role("main")).to_contain_text("Vedtaket er registrert.")
        exclusion = Exclusion.objects.get()
        assert exclusion.minor
        expect(page.locator(REGION_NOW)).to_have_attribute("data-state", "upcoming")
        tab.goto(f"/sikkerhetstiltak/?enhet={org.oslo.pk}")
        expect(
            page.locator(f"section[aria-labelledby=h-upcoming] {WORK_REGION_NOW}")
        ).to_be_visible()

    with time_machine.travel(start + timedelta(hours=2), tick=True):
        tab.goto(f"/sikkerhetstiltak/utelukkelse/{exclusion.pk}/")
        expect(page.locator(REGION_NOW)).to_have_attribute("data-state", "overdue")
        tab.goto(f"/sikkerhetstiltak/?enhet={org.oslo.pk}")
        expect(
            page.locator(f"section[aria-labelledby=h-overdue] {WORK_REGION_NOW}")
        ).to_be_visible()
        call_command("safeguards-check")  # the hourly run registers the passed deadline
        deviation = Deviation.objects.get(key__contains=":region_now")
        assert deviation.owner == leader and deviation.is_open
        tab.goto("/sikkerhetstiltak/avvik/")
        expect(page.locator(f'tr[data-deviation="{deviation.key}"]')).to_be_visible()

        tab.goto(f"/sikkerhetstiltak/utelukkelse/{exclusion.pk}/")
        for recipient in ("Regionalt nivå", "Verge (under 18 år)", "Lege", "Innsatte"):
            notice(page, recipient)
        expect(page.locator(REGION_NOW)).to_have_attribute("data-state", "late")
        form = open_details(page.get_by_role("main"), "Avslutt tiltaket")
        form.get_by_role("button", name="Avslutt").click()
        expect(page.get_by_role("main")).to_contain_text("Tiltaket er avsluttet.")
        exclusion.refresh_from_db()
        assert exclusion.end_at is not None
        assert not page.locator('tr[data-deadline][data-state="overdue"]').count()

        tab.goto(f"/sikkerhetstiltak/avvik/{deviation.pk}/")
        form = open_details(page.get_by_role("main"), "Lukk avviket")
        field(form, "Hva er gjort?").fill("Regionen er underrettet; rutinen er gjennomgått.")
        form.get_by_role("button", name="Lukk").click()
        expect(page.get_by_role("main")).to_contain_text("Lukket")
        deviation.refresh_from_db()
        assert not deviation.is_open
        call_command("safeguards-check")
        assert Deviation.objects.filter(key=deviation.key).count() == 1  # not raised again
    tab.assert_no_console_errors()
