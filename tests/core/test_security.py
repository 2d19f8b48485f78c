"""Security defaults as a browser meets them: CSP without inline script, no framing,
argon2 password hashes, secure cookies by default, idle session timeout, login lock-out, and
CSRF protection."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", flags=re.S | re.I)


def _pages(people) -> list[str]:
    pk = people.oslo_inmate.pk
    return [
        reverse("home"),
        reverse("people:search") + "?q=hansen",
        reverse("people:register"),
        reverse("people:detail", args=[pk]),
        reverse("people:edit", args=[pk]),
        reverse("people:log", args=[pk]),
        reverse("organisation:units"),
        reverse("api-docs"),
    ]


def _login_post(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


# --- Content-Security-Policy, inline scripts, framing -------------------------------------


def test_csp_header_forbids_inline_and_foreign_scripts(login, personas, people):
    client = login(personas.ada)
    for url in _pages(people):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        directives = dict(
            (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
        )
        assert directives["script-src"] == ["'self'"], url
        assert directives["default-src"] == ["'self'"], url
        assert directives["frame-ancestors"] == ["'none'"], url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url


def test_csp_also_on_the_login_page(client):
    response = client.get(reverse("login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_no_inline_script_in_rendered_pages(login, client, personas, people):
    pages = {url: login(personas.ada).get(url) for url in _pages(people)}
    client.logout()
    pages["login"] = client.get(reverse("login"))
    for url, response in pages.items():
        html = response.content.decode()
        tags = SCRIPT_TAG.findall(html)
        assert html.lower().count("<script") == len(tags), url
        for attributes, body in tags:
            assert re.search(r"\bsrc=", attributes), (url, attributes)
            assert not body.strip(), (url, body[:80])
        assert not re.search(r"<[^>]*\son[a-z]+\s*=", html, flags=re.I), f"handler in {url}"


def test_pages_cannot_be_framed(login, client, personas, people):
    assert login(personas.alice).get(reverse("home"))["X-Frame-Options"] == "DENY"
    client.logout()
    assert client.get(reverse("login"))["X-Frame-Options"] == "DENY"


def test_other_security_headers(client):
    response = client.get(reverse("login"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


# --- passwords ----------------------------------------------------------------------------


def test_passwords_are_hashed_with_argon2(personas):
    personas.alice.refresh_from_db()
    assert personas.alice.password.startswith("argon2")
    personas.bob.set_password("et-annet-langt-passord")
    personas.bob.save()
    personas.bob.refresh_from_db()
    assert personas.bob.password.startswith("argon2")
    assert personas.bob.check_password("et-annet-langt-passord")


# --- production defaults ------------------------------------------------------------------


def test_test_settings_are_production_defaults():
    """The suite runs with VARDE_DEBUG unset: what is loaded here is what production gets."""
    assert "VARDE_DEBUG" not in os.environ
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def _settings_in_fresh_process(**env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("VARDE_")}
    code = (
        "import varde.settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.split()


def test_secure_cookies_are_the_default_without_debug():
    assert _settings_in_fresh_process() == ["False", "True", "True"]
    assert _settings_in_fresh_process(VARDE_DEBUG="true") == ["True", "False", "False"]


def test_session_cookie_is_secure_httponly_and_lax(personas):
    client = Client()
    response = _login_post(client, "alice")
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


# --- idle session timeout -----------------------------------------------------------------


def test_session_timeout_settings():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_idle_session_is_logged_out_after_30_minutes(personas):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert _login_post(client, "alice").status_code == 302
        assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_activity_keeps_the_session_alive(personas):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert _login_post(client, "alice").status_code == 302
        for _ in range(3):  # 87 minutes in all, never more than 29 idle
            clock.shift(timedelta(minutes=29))
            assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(minutes=31))
        assert client.get(reverse("home")).status_code == 302


# --- lock-out after failed logins ---------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_in_norwegian(personas):
    client = Client()
    for _ in range(4):
        response = _login_post(client, "alice", "feil-passord")
        assert response.status_code == 200
        assert "Feil brukernavn eller passord" in response.content.decode()
    _login_post(client, "alice", "feil-passord")  # the fifth: now locked

    locked = _login_post(client, "alice", PASSWORD)
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Kontoen er midlertidig sperret" in html
    assert "For mange mislykkede innlogginger" in html
    assert client.get(reverse("home")).status_code == 302  # not signed in


def test_lock_out_is_per_user_name(personas):
    client = Client()
    for _ in range(5):
        _login_post(client, "alice", "feil-passord")
    assert _login_post(client, "carl").status_code == 302


def test_successful_login_resets_the_counter(personas):
    client = Client()
    for _ in range(4):
        _login_post(client, "alice", "feil-passord")
    assert _login_post(client, "alice").status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        assert _login_post(client, "alice", "feil-passord").status_code == 200
    # Nine failures in all, but never five in a row: still allowed in.
    assert _login_post(client, "alice").status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_lock_out_expires_after_the_cool_off(personas):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(5):
            _login_post(client, "alice", "feil-passord")
        assert _login_post(client, "alice").status_code == 429
        clock.shift(timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1))
        assert _login_post(client, "alice").status_code == 302


# --- CSRF ---------------------------------------------------------------------------------


def test_post_without_csrf_token_is_refused(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.carl, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("people:register"),
        {"first_name": "Uten", "last_name": "Token", "birth_date": "01.01.1990", "sex": "male"},
    )
    assert response.status_code == 403
    from varde.people.models import Person

    assert not Person.objects.filter(last_name="Token").exists()


def test_post_with_the_forms_csrf_token_is_accepted(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.carl, backend="django.contrib.auth.backends.ModelBackend")
    form = client.get(reverse("people:register")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = client.post(
        reverse("people:register"),
        {
            "csrfmiddlewaretoken": token,
            "first_name": "Med",
            "last_name": "Token",
            "birth_date": "01.01.1990",
            "sex": "male",
        },
    )
    assert response.status_code == 302


def test_api_write_with_session_but_without_csrf_is_refused(personas, people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.carl, backend="django.contrib.auth.backends.ModelBackend")
    response = client.patch(
        f"/api/persons/{people.oslo_inmate.pk}/",
        {"phone": "1", "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    people.oslo_inmate.refresh_from_db()
    assert people.oslo_inmate.phone == ""
