"""The persons API: token auth, create and update through the same actions as the UI (with
audit rows and Norwegian field messages), scoping and roles, the access log, the unit list,
and the OpenAPI schema and its Swagger UI."""

from __future__ import annotations

import io
import random
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from drf_spectacular.drainage import GENERATOR_STATS

from varde.audit.models import AccessLog, AuditEvent
from varde.people.demo import synthetic_national_id
from varde.people.models import Person

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _token_for(username: str) -> str:
    out = io.StringIO()
    call_command("token", "create", username, stdout=out)
    return out.getvalue().strip()


def _new_person(**extra: object) -> dict[str, object]:
    national_id = synthetic_national_id(date(1993, 9, 9), random.Random(91), sex="female")
    return {
        "national_id": national_id,
        "first_name": "Ingrid",
        "last_name": "Apiesen",
        "sex": "female",
        **extra,
    }


# --- token authentication -----------------------------------------------------------------


def test_token_created_on_the_command_line_authenticates(personas, people):
    key = _token_for("carl")
    assert re.fullmatch(r"[0-9a-f]{40}", key)
    assert _token_for("carl") == key  # create shows the existing token
    api = Client(headers={"Authorization": f"Token {key}"})
    response = api.get(f"/api/persons/{people.oslo_inmate.pk}/")
    assert response.status_code == 200
    assert response.json()["last_name"] == "Nordmann"
    log = AccessLog.objects.get()
    assert (log.actor, log.channel) == (personas.carl, "api")


def test_token_user_is_scoped_like_the_ui(personas, people):
    api = Client(headers={"Authorization": f"Token {_token_for('carl')}"})
    assert api.get(f"/api/persons/{people.bergen_inmate.pk}/").status_code == 404


def test_wrong_token_is_401_json(personas, people):
    _token_for("carl")
    api = Client(headers={"Authorization": "Token " + "0" * 40})
    response = api.get("/api/persons/")
    assert response.status_code == 401
    assert response["Content-Type"].startswith(JSON)
    assert set(response.json()) == {"detail"}
    assert "Token" in response["WWW-Authenticate"]


def test_revoked_token_no_longer_works(personas, people):
    key = _token_for("carl")
    call_command("token", "revoke", "carl", stdout=io.StringIO())
    api = Client(headers={"Authorization": f"Token {key}"})
    assert api.get("/api/persons/").status_code == 401


def test_token_command_refuses_unknown_user(personas):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="nobody"):
        call_command("token", "create", "nobody", stdout=io.StringIO())


# --- create -------------------------------------------------------------------------------


def test_case_worker_creates_a_person(login, personas, people):
    data = _new_person(phone="90000000")
    response = login(personas.carl).post("/api/persons/", data, content_type=JSON)
    assert response.status_code == 201
    body = response.json()
    person = Person.objects.get(pk=body["id"])
    assert (person.first_name, person.last_name, person.phone) == ("Ingrid", "Apiesen", "90000000")
    assert body["national_id"] == data["national_id"]
    assert body["id_kind"] == "fnr"
    assert body["birth_date"] == "1993-09-09"  # derived from the number
    assert body["aliases"] == [] and body["relatives"] == []
    assert "reason" not in body
    event = AuditEvent.objects.get(action="register_person", person_id=person.pk)
    assert event.actor == personas.carl


def test_create_with_invalid_national_id_is_400_with_field_message(login, personas, people):
    before = Person.objects.count()
    response = login(personas.carl).post(
        "/api/persons/", _new_person(national_id="12345678901"), content_type=JSON
    )
    assert response.status_code == 400
    assert "Ugyldig fødselsnummer" in " ".join(response.json()["national_id"])
    assert Person.objects.count() == before


def test_create_without_names_is_400_per_field(login, personas, people):
    response = login(personas.carl).post("/api/persons/", {"sex": "male"}, content_type=JSON)
    assert response.status_code == 400
    assert {"first_name", "last_name"} <= set(response.json())


def test_prison_officer_cannot_create(login, personas, people):
    before = Person.objects.count()
    response = login(personas.alice).post("/api/persons/", _new_person(), content_type=JSON)
    assert response.status_code == 403
    assert set(response.json()) == {"detail"}
    assert Person.objects.count() == before


def test_analyst_cannot_create(login, personas, people):
    response = login(personas.anna).post("/api/persons/", _new_person(), content_type=JSON)
    assert response.status_code == 403


# --- update -------------------------------------------------------------------------------


def test_update_without_reason_is_400_with_reason_message(login, personas, people):
    url = f"/api/persons/{people.oslo_inmate.pk}/"
    response = login(personas.carl).patch(url, {"phone": "41234567"}, content_type=JSON)
    assert response.status_code == 400
    assert response.json()["reason"] == ["Skriv en begrunnelse for endringen."]
    people.oslo_inmate.refresh_from_db()
    assert people.oslo_inmate.phone == ""
    assert not AuditEvent.objects.filter(action="update_person").exists()


def test_update_with_blank_reason_is_400(login, personas, people):
    url = f"/api/persons/{people.oslo_inmate.pk}/"
    response = login(personas.carl).patch(
        url, {"phone": "41234567", "reason": "  "}, content_type=JSON
    )
    assert response.status_code == 400
    assert "reason" in response.json()


def test_update_with_reason_is_saved_and_audited(login, personas, people):
    url = f"/api/persons/{people.oslo_inmate.pk}/"
    response = login(personas.carl).patch(
        url, {"phone": "41234567", "reason": "Oppgitt ved samtale"}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json()["phone"] == "41234567"
    people.oslo_inmate.refresh_from_db()
    assert people.oslo_inmate.phone == "41234567"
    event = AuditEvent.objects.get(action="update_person")
    assert event.actor == personas.carl
    assert event.reason == "Oppgitt ved samtale"
    assert event.changes == {"phone": ["", "41234567"]}


def test_update_with_invalid_national_id_is_400(login, personas, people):
    url = f"/api/persons/{people.oslo_inmate.pk}/"
    original = people.oslo_inmate.national_id
    response = login(personas.carl).patch(
        url, {"national_id": "12345678901", "reason": "Rettet"}, content_type=JSON
    )
    assert response.status_code == 400
    assert "Ugyldig fødselsnummer" in " ".join(response.json()["national_id"])
    people.oslo_inmate.refresh_from_db()
    assert people.oslo_inmate.national_id == original


def test_editor_outside_scope_gets_404_on_update(login, personas, people):
    """frida (probation, may edit) cannot see Oslo fengsel's inmate: 404, not 403."""
    url = f"/api/persons/{people.oslo_inmate.pk}/"
    response = login(personas.frida).patch(url, {"phone": "1", "reason": "x"}, content_type=JSON)
    assert response.status_code == 404
    people.oslo_inmate.refresh_from_db()
    assert people.oslo_inmate.phone == ""


def test_prison_officer_of_other_unit_cannot_update(login, personas, people):
    """bob is a prison officer: no write role at all, so 403 for every person (that says
    nothing about whether the person exists)."""
    url = f"/api/persons/{people.oslo_inmate.pk}/"
    response = login(personas.bob).patch(url, {"phone": "1", "reason": "x"}, content_type=JSON)
    assert response.status_code == 403
    missing = login(personas.bob).patch(
        "/api/persons/999999/", {"phone": "1", "reason": "x"}, content_type=JSON
    )
    assert missing.status_code == 403


def test_prison_officer_cannot_update_own_units_inmate(login, personas, people):
    url = f"/api/persons/{people.oslo_inmate.pk}/"
    response = login(personas.alice).patch(url, {"phone": "1", "reason": "x"}, content_type=JSON)
    assert response.status_code == 403
    people.oslo_inmate.refresh_from_db()
    assert people.oslo_inmate.phone == ""


def test_delete_is_not_offered(login, personas, people):
    response = login(personas.ada).delete(f"/api/persons/{people.oslo_inmate.pk}/")
    assert response.status_code == 405
    assert Person.objects.filter(pk=people.oslo_inmate.pk).exists()


# --- reads --------------------------------------------------------------------------------


def test_retrieve_writes_an_api_access_log(login, personas, people):
    url = f"/api/persons/{people.oslo_inmate.pk}/"
    assert login(personas.alice).get(url).status_code == 200
    log = AccessLog.objects.get()
    assert (log.actor, log.person_id, log.channel, log.path) == (
        personas.alice,
        people.oslo_inmate.pk,
        "api",
        url,
    )


def test_list_does_not_write_access_log(login, personas, people):
    assert login(personas.ada).get("/api/persons/").status_code == 200
    assert not AccessLog.objects.exists()


def test_retrieve_outside_scope_writes_no_access_log(login, personas, people):
    assert login(personas.bob).get(f"/api/persons/{people.oslo_inmate.pk}/").status_code == 404
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("persona", ["alice", "bob", "frida", "rune", "anna", "ada"])
def test_units_are_listed_for_any_signed_in_user(persona, login, org, personas):
    response = login(getattr(personas, persona)).get("/api/units/")
    assert response.status_code == 200
    codes = {row["code"] for row in response.json()["results"]}
    assert {"oslo-fengsel", "bergen-fengsel", "oslo-friomsorgskontor", "ila"} <= codes
    oslo = next(r for r in response.json()["results"] if r["code"] == "oslo-fengsel")
    assert oslo["region"] == "ost"


# --- OpenAPI ------------------------------------------------------------------------------


def test_schema_is_served(login, personas):
    response = login(personas.carl).get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "openapi: 3" in text
    assert "/api/persons/" in text
    assert "/api/persons/{id}/" in text
    assert "/api/units/" in text


def test_schema_generates_without_warnings_and_validates(tmp_path, capsys):
    GENERATOR_STATS.reset()
    target = tmp_path / "schema.yaml"
    err = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target), stderr=err)
    captured = capsys.readouterr()
    warnings = err.getvalue() + captured.err + captured.out
    assert "Warning" not in warnings and "Error" not in warnings, warnings
    schema = target.read_text()
    assert "/api/persons/{id}/:" in schema
    assert "reason" in schema  # the write-only reason is documented


def test_swagger_ui_uses_local_assets_only(login, personas):
    client = login(personas.carl)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    for outside in ("cdn", "jsdelivr", "unpkg", "https://", "http://"):
        assert outside not in html.lower(), outside
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    static_assets = [a for a in assets if a.startswith("/static/")]
    assert any(a.endswith("swagger-ui-bundle.js") for a in static_assets)
    assert any(a.endswith("swagger-ui.css") for a in static_assets)
    for asset in static_assets:
        assert client.get(asset).status_code == 200, asset


def test_swagger_ui_has_no_inline_script_so_it_runs_under_the_csp(login, personas):
    client = login(personas.carl)
    html = client.get("/api/docs/").content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts
    for attributes, body in scripts:
        assert "src=" in attributes, attributes
        assert not body.strip(), body[:80]
    # The init script is served from our own origin, as JavaScript.
    init = [a for a, _ in scripts if "script" in a and "/api/docs/" in a]
    assert init, scripts
    url = re.search(r'src="([^"]+)"', init[0]).group(1).replace("&amp;", "&")
    script = client.get(url)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
