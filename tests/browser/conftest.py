"""Fixtures for the browser tests: Debian's Chromium driven by Playwright's sync API.

The browser is never downloaded (``playwright install`` needs the internet): Playwright
launches ``/usr/bin/chromium``. Tests are skipped when it is missing.

Playwright's sync API marks its asyncio event loop as running in the calling thread for as
long as it is alive, and Django refuses ORM calls from a thread with a running loop. So the
Playwright instance lives only while the tests of this package run (package scope), and
``DJANGO_ALLOW_ASYNC_UNSAFE`` is set for exactly that time, not for the rest of the test run.
The live server handles requests in a thread of its own, which has no event loop.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

CHROMIUM = os.environ.get("VARDE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A ceiling, not a pause: a passing step returns as soon as the page shows what is expected.
# Generous because the person page loads several panels by htmx and CI shares two cores.
TIMEOUT_MS = 30_000


def _patient_assertions() -> None:
    """Assertions wait as long as actions: on a loaded CI machine a form POST can queue
    behind the page's own htmx requests (they share one SQLite database)."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)


_patient_assertions()


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.fail(f"no Chromium at {CHROMIUM}: install Debian's chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings: Any) -> None:
    """The live server speaks plain http: secure cookies would never be sent back."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@dataclass
class Tab:
    """A page in a fresh browser context, with every console error and page error seen."""

    page: Any
    base_url: str
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str) -> Any:
        return self.page.goto(self.base_url + path)

    def assert_no_console_errors(self) -> None:
        assert self.errors == [], "console errors:\n" + "\n".join(self.errors)


@pytest.fixture
def tab(browser: Any, live_server: Any) -> Iterator[Tab]:
    context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    result = Tab(page=page, base_url=live_server.url)

    def on_console(message: Any) -> None:
        if message.type == "error":
            result.errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: result.errors.append(f"pageerror: {error}"))
    try:
        yield result
    finally:
        context.close()
