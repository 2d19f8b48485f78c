"""Application screens: worklist, application page and its forms, the person page's panel,
statistics and the deadline table. Scoping (anonymous, wrong unit, read-only role, analyst,
allowed) and pinned query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.decisions.conftest import apply, decide, judgment_for, today
from varde.audit.models import AccessLog
from varde.decisions.models import Application, DeadlineSetting, Decision

pytestmark = pytest.mark.django_db

WRITES = [
    "forward",
    "decide",
    "notify",
    "interim_reply",
    "withdraw",
    "appeal",
    "forward_appeal",
    "decide_appeal",
]


@pytest.fixture
def application(people):
    return apply(people.oslo_inmate)


def test_anonymous_is_sent_to_login(client, application):
    urls = [
        reverse("decisions:worklist"),
        reverse("decisions:statistics"),
        reverse("decisions:application", args=[application.pk]),
    ]
    urls += [reverse(f"decisions:{name}", args=[application.pk]) for name in WRITES]
    for index, url in enumerate(urls):
        response = client.get(url) if index < 3 else client.post(url)
        assert response.status_code == 302 and reverse("login") in response.url


def test_analyst_sees_statistics_but_no_cases(login, personas, application):
    client = login(personas.anna)
    assert client.get(reverse("decisions:worklist")).status_code == 403
    assert client.get(reverse("decisions:application", args=[application.pk])).status_code == 403
    assert client.get(reverse("decisions:statistics")).status_code == 200


def test_wrong_unit_gets_404(login, personas, application, people):
    client = login(personas.bob)
    assert client.get(reverse("decisions:application", args=[application.pk])).status_code == 404
    panel = reverse("decisions:person", args=[people.oslo_inmate.pk])
    assert client.get(panel).status_code == 404
    assert "Nordmann" not in client.get(reverse("decisions:worklist")).content.decode()


@pytest.mark.parametrize("name", WRITES)
def test_read_only_role_gets_403(name, login, personas, application):
    response = login(personas.alice).post(reverse(f"decisions:{name}", args=[application.pk]))
    assert response.status_code == 403


def test_read_only_role_sees_the_case_without_forms(login, personas, application):
    page = login(personas.alice).get(reverse("decisions:application", args=[application.pk]))
    assert page.status_code == 200
    assert "Fatt vedtak" not in page.content.decode()


def test_worklist_overdue_before_and_after_the_deadline(login, personas, people):
    late = apply(people.oslo_inmate, days_ago=40)  # 21-day deadline passed
    soon = apply(people.oslo_inmate, days_ago=17)
    page = login(personas.carl).get(reverse("decisions:worklist")).content.decode()
    overdue, rest = page.split("Frist innen en uke", 1)
    assert reverse("decisions:application", args=[late.pk]) in overdue
    assert "dager over" in overdue and "Foreløpig svar mangler" in overdue
    assert reverse("decisions:application", args=[soon.pk]) in rest


def test_worklist_query_count_is_flat(login, personas, people):
    client = login(personas.carl)
    for _ in range(2):
        apply(people.oslo_inmate)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("decisions:worklist"))
    for _ in range(6):
        apply(people.oslo_inmate, days_ago=30)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("decisions:worklist"))
    assert len(many) == len(few)


def test_application_page_logs_access_and_shows_routing(login, personas, application):
    client = login(personas.carl)
    page = client.get(reverse("decisions:application", args=[application.pk])).content.decode()
    assert "strgjfl. § 6 første ledd" in page and "Fatt vedtak" in page
    assert AccessLog.objects.filter(actor=personas.carl, person=application.person).exists()


def test_decide_through_the_page(login, personas, application):
    client = login(personas.carl)
    url = reverse("decisions:decide", args=[application.pk])
    back = reverse("decisions:application", args=[application.pk])
    refused = client.post(
        url, {"vedtak-outcome": "refused", "vedtak-legal_basis": "strgjfl-33"}, follow=True
    )
    assert "Et avslag må begrunnes" in refused.content.decode()
    assert not Decision.objects.exists()
    response = client.post(
        url,
        {
            "vedtak-outcome": "granted",
            "vedtak-legal_basis": "strgjfl-33",
            "vedtak-reasons": "Vilkårene er oppfylt.",
            "vedtak-notify_now": "on",
            "vedtak-channel": "in_person",
            "vedtak-notified_to": "Søkeren",
        },
    )
    assert response.status_code == 302 and response.url == back
    decision = Decision.objects.get()
    assert decision.notified_at is not None and decision.appeal_deadline is not None
    page = client.get(back).content.decode()
    assert "Klagefrist" in page and "strgjfl. § 7 bokstav e (7 dager)" in page
    assert "Registrer klage" in page


def test_forward_and_appeal_through_the_pages(login, personas, people):
    judgment_for(people.oslo_inmate, term_years=12)
    application = apply(people.oslo_inmate)
    carl = login(personas.carl)
    page = carl.get(reverse("decisions:application", args=[application.pk])).content.decode()
    assert "Send til regionalt nivå med innstilling" in page
    carl.post(
        reverse("decisions:forward", args=[application.pk]),
        {"videresend-recommendation": "Anbefales innvilget."},
    )
    application.refresh_from_db()
    assert application.level == "region"
    rune = login(personas.rune)
    assert (
        reverse("decisions:application", args=[application.pk])
        in rune.get(reverse("decisions:worklist")).content.decode()
    )
    rune.post(
        reverse("decisions:decide", args=[application.pk]),
        {
            "vedtak-outcome": "refused",
            "vedtak-legal_basis": "strgjfl-33",
            "vedtak-reasons": "Sikkerheten taler mot.",
        },
    )
    assert Decision.objects.get().level == "region"
    carl = login(personas.carl)
    carl.post(
        reverse("decisions:appeal", args=[application.pk]),
        {
            "klage-received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "klage-text": "Jeg klager.",
        },
    )
    application.refresh_from_db()
    assert application.status == "appealed"


def test_person_panel_htmx_and_page(login, personas, people, application):
    client = login(personas.carl)
    person = people.oslo_inmate
    detail = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert reverse("decisions:person", args=[person.pk]) in detail
    panel = client.get(reverse("decisions:person", args=[person.pk]), HTTP_HX_REQUEST="true")
    html = panel.content.decode()
    assert "<html" not in html and "Permisjon" in html and "Registrer søknad" in html
    assert "<html" in client.get(reverse("decisions:person", args=[person.pk])).content.decode()


def test_register_through_the_panel(login, personas, people, org):
    client = login(personas.carl)
    response = client.post(
        reverse("decisions:register", args=[people.oslo_inmate.pk]),
        {
            "soknad-kind": "transfer",
            "soknad-received_on": today().isoformat(),
            "soknad-text": "Overføring til Bergen for å være nær barna.",
            "soknad-target_unit": org.bergen.pk,
        },
    )
    application = Application.objects.get()
    assert response.url == reverse("decisions:application", args=[application.pk])
    assert application.routing_level == "region"


def test_statistics_page(login, personas, people):
    decide(apply(people.oslo_inmate, days_ago=10))
    apply(people.oslo_inmate, days_ago=40)
    page = login(personas.carl).get(reverse("decisions:statistics")).content.decode()
    assert "Oslo fengsel" in page and "100.0 %" in page.replace(",", ".")
    anna = login(personas.anna).get(reverse("decisions:statistics")).content.decode()
    assert "Oslo fengsel" in anna  # aggregates, national


def test_deadline_table_admin_only_writes(login, personas):
    url = reverse("decisions:deadlines")
    page = login(personas.carl).get(url).content.decode()
    assert "Behandlingsfrister" in page and "Varde standard 2025" in page
    assert login(personas.carl).post(url, {}).status_code == 403
    response = login(personas.ada).post(
        url,
        {
            "kind": "leave",
            "days": 14,
            "valid_from": (today() + timedelta(days=1)).isoformat(),
            "source": "KDI-brev 2026",
        },
    )
    assert response.status_code == 302
    assert DeadlineSetting.objects.get().days == 14


def test_nav_entry(login, personas):
    assert reverse("decisions:worklist") in login(personas.carl).get("/").content.decode()
    assert reverse("decisions:worklist") not in login(personas.anna).get("/").content.decode()


def test_notify_later_through_the_page(login, personas, application):
    decide(application)
    client = login(personas.carl)
    client.post(
        reverse("decisions:notify", args=[application.pk]),
        {
            "underretning-notified_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "underretning-channel": "letter",
            "underretning-notified_to": "Søkeren",
        },
    )
    assert Decision.objects.get().notified_channel == "letter"
