"""The person flow in a real browser: log in, search as you type (htmx), open the person,
log out. Runs against the live server, under the real CSP: a blocked script or stylesheet
shows up as a console error, and every test asserts there is none."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

LOGIN_ERROR = "Feil brukernavn eller passord. Husk at kontoen sperres etter gjentatte feil."


def log_in(tab, username: str, password: str = PASSWORD) -> None:
    tab.goto("/")
    page = tab.page
    expect(page).to_have_url(re.compile(r"/logg-inn/\?next=/$"))
    expect(page.get_by_role("heading", name="Logg inn i Varde")).to_be_visible()
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()


def assert_assets_loaded(page) -> None:
    """htmx ran, and every stylesheet was loaded and parsed (none blocked by the CSP)."""
    assert page.evaluate("() => typeof window.htmx === 'object'")
    sheets = page.evaluate(
        """() => [...document.querySelectorAll('link[rel=stylesheet]')].map((link) =>
               [link.getAttribute('href'), link.sheet ? link.sheet.cssRules.length : 0])"""
    )
    assert sheets
    assert all(rules > 0 for _, rules in sheets), sheets


def search_as_you_type(tab, query: str):
    """Open the person search, type ``query`` key by key, and wait for htmx's request."""
    page = tab.page
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Personsøk").click()
    expect(page.get_by_role("heading", name="Personsøk")).to_be_visible()
    page.evaluate("() => { window.__searchPage = true; }")  # gone if the page reloads
    with page.expect_response(
        lambda r: (
            "/personer/?q=" in r.url
            and r.request.headers.get("hx-request") == "true"
            and f"q={query}" in r.url
        )
    ) as response_info:
        page.get_by_label("Søk etter person").press_sequentially(query, delay=30)
    response = response_info.value
    assert response.ok
    results = page.locator("#results")
    expect(results.locator("p")).to_be_visible()  # swapped in
    assert page.evaluate("() => window.__searchPage === true")  # by htmx, without a reload
    return results


def test_officer_finds_person_opens_page_and_logs_out(tab, personas, people, tmp_path):
    page = tab.page
    log_in(tab, "alice")

    # The home page.
    expect(page).to_have_url(tab.base_url + "/")
    expect(page.get_by_role("heading", name="Velkommen, Alice")).to_be_visible()
    expect(page.get_by_text("Oslo fengsel").first).to_be_visible()
    assert_assets_loaded(page)

    # Search as you type: the results are swapped in by htmx, the page is not reloaded.
    results = search_as_you_type(tab, "nordmann")
    result_link = results.get_by_role("link", name="Nordmann, Ola")
    expect(result_link).to_be_visible()
    expect(results).to_contain_text("1 treff")
    expect(results).not_to_contain_text("Sørensen")  # Bergen's inmate is not Alice's
    expect(page).to_have_url(re.compile(r"/personer/\?q=nordmann$"))  # hx-push-url

    # The person page.
    result_link.click()
    expect(page).to_have_url(re.compile(rf"/personer/{people.oslo_inmate.pk}/$"))
    expect(page).to_have_title("Ola Nordmann – Varde")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ola Nordmann")
    expect(page.get_by_role("heading", name="Personalia")).to_be_visible()
    expect(page.get_by_text(people.oslo_inmate.national_id).first).to_be_visible()
    assert_assets_loaded(page)
    screenshot = tmp_path / "person_page.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 0

    # Log out (a POST form in the header) and land on the login page.
    page.get_by_role("button", name="Logg ut").click()
    expect(page).to_have_url(re.compile(r"/logg-inn/$"))
    expect(page.get_by_role("heading", name="Logg inn i Varde")).to_be_visible()
    expect(page.get_by_role("button", name="Logg ut")).to_have_count(0)

    # Signed out for real: the person page sends us to the login page again.
    tab.goto(f"/personer/{people.oslo_inmate.pk}/")
    expect(page).to_have_url(re.compile(r"/logg-inn/\?next="))

    tab.assert_no_console_errors()


def test_officer_of_other_unit_gets_no_hits(tab, personas, people):
    page = tab.page
    log_in(tab, "bob")
    expect(page.get_by_role("heading", name="Velkommen, Bob")).to_be_visible()

    results = search_as_you_type(tab, "nordmann")
    expect(results).to_contain_text("0 treff")
    expect(results.get_by_role("link")).to_have_count(0)

    tab.assert_no_console_errors()


def test_wrong_password_shows_norwegian_error(tab, personas):
    page = tab.page
    log_in(tab, "alice", "wrong-password-123")

    expect(page.get_by_role("alert")).to_have_text(LOGIN_ERROR)
    expect(page).to_have_url(re.compile(r"/logg-inn/"))
    expect(page.get_by_label("Brukernavn")).to_have_value("alice")
    expect(page.get_by_label("Passord")).to_have_value("")
    expect(page.get_by_role("button", name="Logg ut")).to_have_count(0)

    tab.assert_no_console_errors()
