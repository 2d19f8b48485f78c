"""Keep-apart relations: symmetric, one relation per pair, a reason on every entry and change,
journal events that never name the other person, and the panel's names by scope."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from varde.audit.models import AuditEvent
from varde.journal.models import JournalEntry
from varde.security.actions import do_end_keep_apart, do_register_keep_apart
from varde.security.models import KeepApart
from varde.security.queries import conflict_partners, keep_apart_for

REASON = "Trusler etter hendelse i luftegården"


@pytest.fixture
def apart(people, personas):
    # ada sees both; registered from the higher id's side to test the ordering
    return do_register_keep_apart(
        people.released_recently,
        people.oslo_inmate,
        scope="unit",
        reason=REASON,
        actor=personas.ada,
    )


def test_stored_once_lower_id_first_and_found_from_either_side(apart, people):
    assert apart.person_a_id < apart.person_b_id
    assert list(keep_apart_for(people.oslo_inmate)) == [apart]
    assert list(keep_apart_for(people.released_recently)) == [apart]
    today = timezone.localdate()
    assert conflict_partners(people.oslo_inmate, today).keep_apart == {
        people.released_recently.pk: {"unit"}
    }
    assert conflict_partners(people.released_recently, today).keep_apart == {
        people.oslo_inmate.pk: {"unit"}
    }


def test_audit_and_journal_on_both_sides_without_the_other_name(apart, people):
    for person, other in (
        (people.oslo_inmate, people.released_recently),
        (people.released_recently, people.oslo_inmate),
    ):
        event = AuditEvent.objects.get(action="register_keep_apart", person=person)
        assert event.reason == REASON
        entry = JournalEntry.objects.get(person=person, source_action="register_keep_apart")
        assert other.first_name not in entry.text and "enhet" in entry.text


def test_the_same_pair_twice_is_refused_from_either_side(apart, people, personas):
    with pytest.raises(ValidationError) as twice:
        do_register_keep_apart(
            people.oslo_inmate,
            people.released_recently,
            scope="cell",
            reason=REASON,
            actor=personas.carl,
        )
    assert "Det er allerede registrert at disse to skal holdes adskilt." in twice.value.messages
    assert KeepApart.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reason": "ok"}, "begrunnelse"),
        ({"scope": "block"}, "Velg omfang: celle, avdeling eller enhet."),
        ({"self": True}, "En person kan ikke holdes adskilt fra seg selv."),
        ({"date_from": "future"}, "Fra-datoen kan ikke være fram i tid."),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(people, personas, change, message):
    args = {"scope": "department", "reason": REASON}
    other = people.oslo_inmate if change.pop("self", False) else people.released_recently
    if change.get("date_from") == "future":
        change["date_from"] = timezone.localdate() + timedelta(days=3)
    before = (KeepApart.objects.count(), AuditEvent.objects.count(), JournalEntry.objects.count())
    with pytest.raises(ValidationError) as refused:
        do_register_keep_apart(people.oslo_inmate, other, actor=personas.carl, **(args | change))
    assert any(message in text for text in refused.value.messages)
    after = (KeepApart.objects.count(), AuditEvent.objects.count(), JournalEntry.objects.count())
    assert after == before


def test_roles_and_scope(people, personas):
    with pytest.raises(PermissionDenied):  # prison officers read, editors register
        do_register_keep_apart(
            people.oslo_inmate,
            people.released_recently,
            scope="unit",
            reason=REASON,
            actor=personas.alice,
        )
    with pytest.raises(PermissionDenied):  # carl cannot see the Bergen inmate
        do_register_keep_apart(
            people.oslo_inmate,
            people.bergen_inmate,
            scope="unit",
            reason=REASON,
            actor=personas.carl,
        )
    assert not KeepApart.objects.exists()


def test_end_needs_a_reason_and_is_audited(apart, people, personas):
    with pytest.raises(ValidationError):
        do_end_keep_apart(apart, reason="", actor=personas.carl)
    ended = do_end_keep_apart(
        apart, reason="Begge er overført til andre enheter", actor=personas.carl
    )
    assert ended.date_to == timezone.localdate()
    assert AuditEvent.objects.filter(action="end_keep_apart").count() == 2
    assert (
        conflict_partners(people.oslo_inmate, timezone.localdate() + timedelta(days=1)).ids == set()
    )
    with pytest.raises(ValidationError):
        do_end_keep_apart(ended, reason="Igjen, for sikkerhets skyld", actor=personas.carl)


def test_panel_names_the_other_only_within_scope(org, people, personas, login):
    do_register_keep_apart(
        people.oslo_inmate, people.bergen_inmate, scope="unit", reason=REASON, actor=personas.ada
    )
    url = reverse("security:person", args=[people.oslo_inmate.pk])
    html = login(personas.alice).get(url).content.decode()
    assert 'data-panel="keep-apart"' in html and REASON in html
    assert people.bergen_inmate.full_name not in html
    assert "Person utenfor din tilgang" in html
    html = login(personas.ada).get(url).content.decode()
    assert people.bergen_inmate.full_name in html


def test_register_and_end_through_the_panel(people, personas, login):
    client = login(personas.carl)
    url = reverse("security:add_keep_apart", args=[people.oslo_inmate.pk])
    response = client.post(
        url,
        {
            "apart-other": people.released_recently.national_id,
            "apart-scope": "cell",
            "apart-reason": REASON,
            "apart-date_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    relation = KeepApart.objects.get()
    assert relation.scope == "cell"
    unknown = client.post(
        url,
        {
            "apart-other": people.bergen_inmate.national_id,  # exists, but not for carl
            "apart-scope": "cell",
            "apart-reason": REASON,
            "apart-date_from": timezone.localdate().isoformat(),
        },
        follow=True,
    )
    assert "Fant ingen person med dette nummeret" in unknown.content.decode()
    end = reverse("security:end_keep_apart", args=[people.oslo_inmate.pk, relation.pk])
    client.post(
        end, {"end-date_to": timezone.localdate().isoformat(), "end-reason": "Ikke lenger aktuelt"}
    )
    relation.refresh_from_db()
    assert relation.date_to == timezone.localdate()
    assert login(personas.alice).post(end, {}).status_code == 403
