"""Group affiliation: only cleared staff whose role needs it (and administrators) see or
register it, in pages and the API; every read is logged in its own log; every entry and
change carries a reason; the journal never mentions it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.security.conftest import REASON
from varde.audit.models import AuditEvent
from varde.journal.models import JournalEntry
from varde.security.actions import (
    do_end_affiliation,
    do_register_affiliation,
    do_register_group,
    do_set_clearance,
)
from varde.security.models import Affiliation, AffiliationRead, CriminalGroup


@pytest.fixture
def affiliated(people, gang, cleared):
    return do_register_affiliation(
        people.oslo_inmate,
        gang,
        date_from=timezone.localdate() - timedelta(days=400),
        source="police",
        confidence="probable",
        reason=REASON,
        actor=cleared.siri,
    )


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("siri", True),  # cleared unit leader
        ("ulf", False),  # unit leader without clearance
        ("pia", False),  # cleared, but a probation officer's role does not need it
    ],
)
def test_permission_needs_role_and_clearance(cleared, who, allowed):
    assert getattr(cleared, who).has_perm("security.access_affiliations") is allowed


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("alice", False), ("carl", False), ("rune", False), ("anna", False), ("ada", True)],
)
def test_standing_personas(personas, who, allowed):
    assert getattr(personas, who).has_perm("security.access_affiliations") is allowed


def test_clearance_is_granted_and_withdrawn_with_a_reason(personas):
    with pytest.raises(ValidationError):
        do_set_clearance(personas.alice, cleared=True, reason="", actor=personas.ada)
    assert do_set_clearance(
        personas.alice, cleared=True, reason="Sikkerhetsklarert av KDI", actor=personas.ada
    )
    alice = type(personas.alice).objects.get(pk=personas.alice.pk)  # fresh permission cache
    assert alice.has_perm("security.access_affiliations")
    call_command("clearance", "alice", "--withdraw", "--reason", "Sluttet i stillingen")
    alice = type(personas.alice).objects.get(pk=personas.alice.pk)
    assert not alice.has_perm("security.access_affiliations")
    actions = list(
        AuditEvent.objects.filter(object_type="organisation.user").values_list("action", flat=True)
    )
    assert actions.count("grant_clearance") == 1 and "withdraw_clearance" in actions


def test_register_is_audited_with_its_reason_and_never_journaled(affiliated, people):
    event = AuditEvent.objects.get(action="register_affiliation")
    assert event.person_id == people.oslo_inmate.pk and event.reason == REASON
    assert not JournalEntry.objects.filter(person=people.oslo_inmate).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reason": "fordi"}, "begrunnelse"),
        ({"source": "rumour"}, "Velg kilde."),
        ({"confidence": "certain"}, "Velg vurdert pålitelighet."),
        ({"date_to": "before"}, "Til-datoen kan ikke være før fra-datoen."),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(people, gang, cleared, change, message):
    args = {
        "date_from": timezone.localdate() - timedelta(days=10),
        "source": "own_observation",
        "confidence": "possible",
        "reason": REASON,
    }
    if change.get("date_to") == "before":
        change["date_to"] = args["date_from"] - timedelta(days=1)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        do_register_affiliation(people.oslo_inmate, gang, actor=cleared.siri, **(args | change))
    assert any(message in text for text in refused.value.messages)
    assert not Affiliation.objects.exists() and AuditEvent.objects.count() == before


def test_an_open_affiliation_to_the_same_group_is_refused(affiliated, people, gang, cleared):
    with pytest.raises(ValidationError) as twice:
        do_register_affiliation(
            people.oslo_inmate,
            gang,
            date_from=timezone.localdate(),
            source="police",
            confidence="confirmed",
            reason=REASON,
            actor=cleared.siri,
        )
    assert "Personen har allerede en åpen tilhørighet til denne gruppen." in twice.value.messages


def test_uncleared_users_cannot_write(people, gang, cleared, personas):
    for user in (cleared.ulf, personas.alice, personas.anna):
        with pytest.raises(PermissionDenied):
            do_register_affiliation(
                people.oslo_inmate,
                gang,
                date_from=timezone.localdate(),
                source="police",
                confidence="confirmed",
                reason=REASON,
                actor=user,
            )
        with pytest.raises(PermissionDenied):
            do_register_group(name="Ny gruppe", kind="gang", reason=REASON, actor=user)
    assert not Affiliation.objects.exists() and CriminalGroup.objects.count() == 1


def test_end_affiliation(affiliated, cleared):
    with pytest.raises(ValidationError):
        do_end_affiliation(affiliated, reason="", actor=cleared.siri)
    ended = do_end_affiliation(
        affiliated, reason="Brutt med gjengen ifølge politiet", actor=cleared.siri
    )
    assert ended.date_to == timezone.localdate()
    assert AuditEvent.objects.get(action="end_affiliation").reason.startswith("Brutt")


def test_group_names_are_unique_ignoring_case(gang, cleared):
    with pytest.raises(ValidationError) as twice:
        do_register_group(name="NORDRE GJENG", kind="gang", reason=REASON, actor=cleared.siri)
    assert "Det finnes allerede en gruppe med dette navnet." in twice.value.messages


# --- pages -----------------------------------------------------------------------------------


def test_panel_offers_affiliation_only_to_cleared_users(
    affiliated, people, cleared, personas, login
):
    url = reverse("security:person", args=[people.oslo_inmate.pk])
    affiliations = reverse("security:affiliations", args=[people.oslo_inmate.pk])
    for user in (personas.alice, cleared.ulf):
        html = login(user).get(url).content.decode()
        assert affiliations not in html and "Nordre gjeng" not in html
    assert affiliations in login(cleared.siri).get(url).content.decode()
    assert not AffiliationRead.objects.exists()  # the button loads it; nothing read yet


@pytest.mark.parametrize(("who", "status"), [("ulf", 403), ("pia", 403)])
def test_affiliation_pages_refuse_the_uncleared(
    affiliated, people, gang, cleared, who, status, login
):
    client = login(getattr(cleared, who))
    for url in (
        reverse("security:affiliations", args=[people.oslo_inmate.pk]),
        reverse("security:groups"),
        reverse("security:group", args=[gang.pk]),
    ):
        assert client.get(url).status_code == status
    assert not AffiliationRead.objects.exists()


def test_other_personas_are_refused_too(affiliated, people, personas, login):
    url = reverse("security:affiliations", args=[people.oslo_inmate.pk])
    for who in ("alice", "carl", "rune", "anna", "bob"):
        assert login(getattr(personas, who)).get(url).status_code == 403


def test_every_read_is_logged_and_the_log_lists_who_looked(
    affiliated, people, gang, cleared, personas, login
):
    url = reverse("security:affiliations", args=[people.oslo_inmate.pk])
    html = login(cleared.siri).get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Nordre gjeng" in html and REASON in html
    login(cleared.siri).get(url)
    login(cleared.siri).get(reverse("security:group", args=[gang.pk]))
    reads = AffiliationRead.objects.filter(person=people.oslo_inmate)
    assert reads.count() == 3
    assert set(reads.values_list("actor_name", "purpose")) == {
        ("siri", "person"),
        ("siri", "group"),
    }
    log_url = reverse("security:affiliation_log", args=[people.oslo_inmate.pk])
    assert login(cleared.siri).get(log_url).status_code == 403  # admins audit the log
    page = login(personas.ada).get(log_url).content.decode()
    assert page.count("<td>siri</td>") == 3


def test_group_page_names_only_persons_in_scope(affiliated, people, gang, cleared, personas, login):
    do_register_affiliation(
        people.bergen_inmate,
        gang,
        date_from=timezone.localdate() - timedelta(days=30),
        source="other_unit",
        confidence="confirmed",
        reason=REASON,
        actor=personas.ada,
    )
    html = login(cleared.siri).get(reverse("security:group", args=[gang.pk])).content.decode()
    assert people.oslo_inmate.full_name in html
    assert people.bergen_inmate.full_name not in html and 'data-hidden="1"' in html
    assert not AffiliationRead.objects.filter(person=people.bergen_inmate).exists()


def test_register_through_the_pages(people, cleared, login):
    client = login(cleared.siri)
    client.post(
        reverse("security:add_group"),
        {"name": "Søndre", "kind": "criminal_network", "reason": REASON},
    )
    group = CriminalGroup.objects.get(name="Søndre")
    client.post(
        reverse("security:add_affiliation", args=[people.oslo_inmate.pk]),
        {
            "affiliation-group": group.pk,
            "affiliation-date_from": timezone.localdate().isoformat(),
            "affiliation-source": "court",
            "affiliation-confidence": "confirmed",
            "affiliation-reason": REASON,
        },
    )
    assert Affiliation.objects.get().group == group
    refused = client.post(
        reverse("security:add_affiliation", args=[people.oslo_inmate.pk]),
        {
            "affiliation-group": group.pk,
            "affiliation-date_from": timezone.localdate().isoformat(),
            "affiliation-source": "court",
            "affiliation-confidence": "confirmed",
            "affiliation-reason": "kort",
        },
        follow=True,
    )
    assert "Skriv en begrunnelse" in refused.content.decode()
    assert Affiliation.objects.count() == 1


def test_the_read_log_is_append_only(affiliated, people, cleared, login):
    from varde.audit.models import AppendOnlyError

    login(cleared.siri).get(reverse("security:affiliations", args=[people.oslo_inmate.pk]))
    read = AffiliationRead.objects.get()
    with pytest.raises(AppendOnlyError):
        read.save()
    with pytest.raises(AppendOnlyError):
        read.delete()
    with pytest.raises(AppendOnlyError):
        AffiliationRead.objects.all().delete()
