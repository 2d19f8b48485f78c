"""Who sees whom: role × scope, for the queryset, every person view and every person endpoint.

The expected outcome for each persona and person is written out once (``VISIBLE``) and each
view and endpoint is checked against it: a person in scope opens (200), a person outside
scope does not exist for the user (404, never a hint that they do), a role without the right
gets 403 whatever the person.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_person
from varde.audit.models import AccessLog
from varde.people.actions import do_open_responsibility
from varde.people.models import Person

pytestmark = pytest.mark.django_db

PERSONAS = ["alice", "carl", "bob", "frida", "rune", "anna", "ada"]
PERSONS = [
    "oslo_inmate",
    "bergen_inmate",
    "probation_client",
    "released_recently",
    "released_long_ago",
]

# Who may open whose record (with the default 30 grace days).
VISIBLE = {
    # Oslo fengsel: its inmate, and the one released 10 days ago (within the grace period).
    "alice": {"oslo_inmate", "released_recently"},
    "carl": {"oslo_inmate", "released_recently"},
    # Bergen fengsel: only its own inmate.
    "bob": {"bergen_inmate"},
    # Oslo friomsorgskontor: only its client.
    "frida": {"probation_client"},
    # Region øst: every unit in the region (Oslo fengsel and Oslo friomsorgskontor).
    "rune": {"oslo_inmate", "probation_client", "released_recently"},
    # KDI analyst: aggregates only, no person records.
    "anna": set(),
    # System administrator: everybody.
    "ada": set(PERSONS),
}
NO_PERSON_ACCESS = {"anna"}  # 403 on every person view and endpoint
READ_ONLY = {"alice", "bob"}  # prison officers: read, never edit
CAN_READ_LOG = {"ada"}

MATRIX = [(persona, person) for persona in PERSONAS for person in PERSONS]


def _ids(persons: list[Person] | object) -> set[int]:
    return {p.pk for p in persons}  # type: ignore[attr-defined]


def _expected_read(persona: str, person: str) -> int:
    if persona in NO_PERSON_ACCESS:
        return 403
    return 200 if person in VISIBLE[persona] else 404


def _expected_edit(persona: str, person: str) -> int:
    if persona in NO_PERSON_ACCESS | READ_ONLY:
        return 403
    return 200 if person in VISIBLE[persona] else 404


def _expected_log(persona: str, person: str) -> int:
    if persona not in CAN_READ_LOG:
        return 403
    return 200 if person in VISIBLE[persona] else 404


# --- the queryset -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_visible_to_returns_exactly_the_persons_in_scope(persona, personas, people):
    user = getattr(personas, persona)
    expected = {getattr(people, name).pk for name in VISIBLE[persona]}
    assert _ids(Person.objects.visible_to(user)) == expected


def test_matrix_is_not_trivial(personas, people):
    """Guard against a matrix that passes because everybody sees everybody (or nobody)."""
    counts = {len(VISIBLE[p]) for p in PERSONAS}
    assert {0, 5} <= counts
    assert Person.objects.count() == 5


# --- web views ----------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "person"), MATRIX)
def test_person_page(persona, person, login, personas, people):
    target = getattr(people, person)
    response = login(getattr(personas, persona)).get(reverse("people:detail", args=[target.pk]))
    assert response.status_code == _expected_read(persona, person)
    if response.status_code == 200:
        assert target.full_name in response.content.decode()
    else:
        assert target.full_name not in response.content.decode()
        assert target.national_id not in response.content.decode()


@pytest.mark.parametrize(("persona", "person"), MATRIX)
def test_edit_page(persona, person, login, personas, people):
    target = getattr(people, person)
    client = login(getattr(personas, persona))
    url = reverse("people:edit", args=[target.pk])
    response = client.get(url)
    assert response.status_code == _expected_edit(persona, person)
    if response.status_code == 200:
        assert "Begrunnelse for endringen" in response.content.decode()
    # A POST is refused the same way, and changes nothing.
    post = client.post(
        url,
        {
            "first_name": "Endret",
            "last_name": target.last_name,
            "national_id": target.national_id,
            "sex": target.sex,
            "reason": "test",
        },
    )
    if response.status_code != 200:
        assert post.status_code == response.status_code
        target.refresh_from_db()
        assert target.first_name != "Endret"


@pytest.mark.parametrize(("persona", "person"), MATRIX)
def test_log_page(persona, person, login, personas, people):
    target = getattr(people, person)
    response = login(getattr(personas, persona)).get(reverse("people:log", args=[target.pk]))
    assert response.status_code == _expected_log(persona, person)


@pytest.mark.parametrize("persona", PERSONAS)
def test_search_page_lists_only_persons_in_scope(persona, login, personas, people):
    response = login(getattr(personas, persona)).get(reverse("people:search"), {"q": "Hansen"})
    if persona in NO_PERSON_ACCESS:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("released_recently", "released_long_ago"):
        target = getattr(people, name)
        link = reverse("people:detail", args=[target.pk])
        assert (link in html) == (name in VISIBLE[persona]), name


@pytest.mark.parametrize("persona", PERSONAS)
def test_register_page(persona, login, personas, people):
    response = login(getattr(personas, persona)).get(reverse("people:register"))
    assert response.status_code == (403 if persona in NO_PERSON_ACCESS | READ_ONLY else 200)


@pytest.mark.parametrize(
    "url_name", ["people:detail", "people:edit", "people:log", "people:search", "people:register"]
)
def test_anonymous_is_sent_to_login(url_name, client, people):
    args = [] if url_name in ("people:search", "people:register") else [people.oslo_inmate.pk]
    url = reverse(url_name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"
    assert not AccessLog.objects.exists()


# --- API ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "person"), MATRIX)
def test_api_retrieve(persona, person, login, personas, people):
    target = getattr(people, person)
    response = login(getattr(personas, persona)).get(f"/api/persons/{target.pk}/")
    assert response.status_code == _expected_read(persona, person)
    body = response.json()
    if response.status_code == 200:
        assert body["id"] == target.pk
        assert body["national_id"] == target.national_id
    else:
        assert set(body) == {"detail"}
        assert target.last_name not in json.dumps(body)


@pytest.mark.parametrize(("persona", "person"), MATRIX)
def test_api_update(persona, person, login, personas, people):
    target = getattr(people, person)
    response = login(getattr(personas, persona)).patch(
        f"/api/persons/{target.pk}/",
        {"phone": "99999999", "reason": "test"},
        content_type="application/json",
    )
    assert response.status_code == _expected_edit(persona, person)
    target.refresh_from_db()
    assert (target.phone == "99999999") == (response.status_code == 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_list(persona, login, personas, people):
    response = login(getattr(personas, persona)).get("/api/persons/")
    if persona in NO_PERSON_ACCESS:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    body = response.json()
    expected = {getattr(people, name).pk for name in VISIBLE[persona]}
    assert {row["id"] for row in body["results"]} == expected
    assert body["count"] == len(expected)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_search(persona, login, personas, people):
    response = login(getattr(personas, persona)).get("/api/persons/", {"q": "Hansen"})
    if persona in NO_PERSON_ACCESS:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    expected = {
        getattr(people, name).pk
        for name in VISIBLE[persona]
        if name in ("released_recently", "released_long_ago")
    }
    assert {row["id"] for row in response.json()["results"]} == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_search_by_national_id_outside_scope_finds_nothing(persona, login, personas, people):
    """Searching for an exact national ID must not confirm that a person exists."""
    target = people.bergen_inmate
    response = login(getattr(personas, persona)).get("/api/persons/", {"q": target.national_id})
    if persona in NO_PERSON_ACCESS:
        assert response.status_code == 403
        return
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == ({target.pk} if "bergen_inmate" in VISIBLE[persona] else set())


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/persons/"),
        ("get", "/api/persons/?q=Hansen"),
        ("get", "/api/persons/{pk}/"),
        ("patch", "/api/persons/{pk}/"),
        ("post", "/api/persons/"),
        ("get", "/api/units/"),
    ],
)
def test_api_anonymous_gets_401_json(method, path, client, people):
    url = path.format(pk=people.oslo_inmate.pk)
    response = (
        getattr(client, method)(url, {}, content_type="application/json")
        if method != "get"
        else client.get(url)
    )
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"detail"}
    assert body["detail"]
    assert people.oslo_inmate.last_name not in response.content.decode()


# --- time: the grace period and responsibilities that have not started -----------------


def test_grace_days_setting_decides_how_long_released_persons_stay_visible(
    settings, login, personas, people
):
    url = reverse("people:detail", args=[people.released_recently.pk])
    client = login(personas.alice)
    assert client.get(url).status_code == 200

    settings.VARDE_RESPONSIBILITY_GRACE_DAYS = 5
    visible = _ids(Person.objects.visible_to(personas.alice))
    assert visible == {people.oslo_inmate.pk}
    assert client.get(url).status_code == 404
    assert client.get(f"/api/persons/{people.released_recently.pk}/").status_code == 404

    settings.VARDE_RESPONSIBILITY_GRACE_DAYS = 100
    visible = _ids(Person.objects.visible_to(personas.alice))
    assert visible == {
        people.oslo_inmate.pk,
        people.released_recently.pk,
        people.released_long_ago.pk,
    }


def test_grace_period_counts_inclusive_of_its_last_day(settings, personas, people):
    """Released 10 days ago: still visible with 10 grace days, gone with 9."""
    settings.VARDE_RESPONSIBILITY_GRACE_DAYS = 10
    assert Person.objects.visible_to(personas.alice).filter(pk=people.released_recently.pk).exists()
    settings.VARDE_RESPONSIBILITY_GRACE_DAYS = 9
    assert (
        not Person.objects.visible_to(personas.alice)
        .filter(pk=people.released_recently.pk)
        .exists()
    )


def test_future_responsibility_does_not_grant_access_yet(login, org, personas, people):
    tomorrow = timezone.localdate() + timedelta(days=1)
    arriving = make_person("Ivar", "Kommer", date(1988, 4, 4), seed=11)
    do_open_responsibility(arriving, org.oslo, date_from=tomorrow, reason="stay", actor=None)

    assert arriving not in Person.objects.visible_to(personas.alice)
    client = login(personas.alice)
    assert client.get(reverse("people:detail", args=[arriving.pk])).status_code == 404
    assert client.get(f"/api/persons/{arriving.pk}/").status_code == 404
    assert (
        client.get(reverse("people:search"), {"q": "Kommer"})
        .content.decode()
        .count(reverse("people:detail", args=[arriving.pk]))
        == 0
    )

    with time_machine.travel(timezone.now() + timedelta(days=1, hours=1)):
        assert arriving in Person.objects.visible_to(personas.alice)


def test_department_staff_of_a_parent_prison_see_its_departments_persons(org, personas):
    """Unit scope includes the unit's departments (a prison sees its own wards)."""
    from varde.organisation.models import Unit

    ward = Unit.objects.create(
        code="oslo-avd-a",
        name="Oslo fengsel avd. A",
        kind=org.oslo.kind,
        region=org.ost,
        parent=org.oslo,
    )
    person = make_person("Geir", "Avdeling", date(1975, 5, 5), seed=12)
    do_open_responsibility(person, ward, date_from=timezone.localdate(), reason="stay", actor=None)
    assert person in Person.objects.visible_to(personas.alice)
    assert person not in Person.objects.visible_to(personas.bob)
