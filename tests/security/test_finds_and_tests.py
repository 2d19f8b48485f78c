"""Contraband finds and drug tests: actions, refusals, the unit registers and the person
panel."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.security.conftest import ago
from varde.audit.models import AuditEvent
from varde.journal.models import JournalEntry
from varde.security.actions import do_record_test_result, do_register_drug_test, do_register_find
from varde.security.models import ContrabandFind, DrugTest


def test_find_linked_to_a_person(org, people, personas):
    find = do_register_find(
        org.oslo,
        found_at=ago(hours=5),
        kind="mobile_phone",
        place="cell",
        quantity=Decimal(1),
        quantity_unit="pieces",
        description="Gjemt i madrassen",
        person=people.oslo_inmate,
        actor=personas.alice,
    )
    assert AuditEvent.objects.filter(action="register_find", person=people.oslo_inmate).exists()
    entry = JournalEntry.objects.get(person=people.oslo_inmate, source_action="register_find")
    assert entry.text == "Beslag registrert: Mobiltelefon."
    assert "madrassen" not in entry.text
    assert find.person == people.oslo_inmate


def test_find_without_a_person_writes_no_journal(org, personas):
    do_register_find(
        org.oslo,
        found_at=ago(hours=5),
        kind="drugs",
        place="visit",
        quantity=Decimal("2.5"),
        quantity_unit="grams",
        actor=personas.carl,
    )
    assert ContrabandFind.objects.count() == 1 and not JournalEntry.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "cake"}, "Velg hva som ble funnet."),
        ({"place": "roof"}, "Velg hvor det ble funnet."),
        ({"quantity": Decimal(0)}, "Mengden må være større enn null."),
        ({"quantity": Decimal(3), "quantity_unit": ""}, None),
        ({"quantity": None, "quantity_unit": "grams"}, "Oppgi mengden når du velger enhet."),
    ],
)
def test_bad_finds_are_refused(org, personas, change, message):
    args = {"kind": "drugs", "place": "cell", "quantity": Decimal(1), "quantity_unit": "grams"}
    with pytest.raises(ValidationError) as refused:
        do_register_find(org.oslo, found_at=ago(hours=1), actor=personas.carl, **(args | change))
    if message:
        assert message in refused.value.messages
    assert not ContrabandFind.objects.exists()


def test_drug_test_positive_then_pending_result(org, people, personas):
    positive = do_register_drug_test(
        people.oslo_inmate,
        org.oslo,
        taken_at=ago(days=1),
        result="positive",
        substances=["cannabis", "benzodiazepines"],
        actor=personas.alice,
    )
    assert positive.substance_labels == ["Cannabis", "Benzodiazepiner"]
    entry = JournalEntry.objects.filter(source_action="register_drug_test").get()
    assert entry.text == "Rusmiddeltest registrert."
    pending = do_register_drug_test(
        people.oslo_inmate, org.oslo, taken_at=ago(hours=2), result="taken", actor=personas.alice
    )
    answered = do_record_test_result(
        pending, result="positive", substances=["amphetamines"], actor=personas.carl
    )
    assert answered.result == "positive" and answered.substances == ["amphetamines"]
    assert AuditEvent.objects.filter(action="record_test_result").count() == 1
    with pytest.raises(ValidationError) as again:
        do_record_test_result(answered, result="negative", actor=personas.carl)
    assert "Prøven har allerede et resultat." in again.value.messages


@pytest.mark.parametrize(
    ("result", "substances", "message"),
    [
        ("positive", [], "Velg hvilke stoffer prøven var positiv for."),
        ("negative", ["cannabis"], "Stoffer registreres bare når prøven er positiv."),
        ("maybe", [], "Velg resultat."),
    ],
)
def test_bad_drug_tests_are_refused(org, people, personas, result, substances, message):
    with pytest.raises(ValidationError) as refused:
        do_register_drug_test(
            people.oslo_inmate,
            org.oslo,
            taken_at=ago(hours=1),
            result=result,
            substances=substances,
            actor=personas.alice,
        )
    assert message in refused.value.messages
    assert not DrugTest.objects.exists() and not JournalEntry.objects.exists()


def test_drug_test_of_a_person_outside_scope_is_refused(org, people, personas):
    with pytest.raises(PermissionDenied):
        do_register_drug_test(
            people.bergen_inmate,
            org.oslo,
            taken_at=ago(hours=1),
            result="refused",
            actor=personas.alice,
        )
    with pytest.raises(ValidationError):
        do_register_drug_test(
            people.bergen_inmate,
            org.bergen,
            taken_at=ago(hours=1),
            result="refused",
            actor=personas.alice,
        )
    assert not DrugTest.objects.exists()


def test_registers_and_forms(org, people, personas, login):
    client = login(personas.alice)
    when = timezone.localtime(ago(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("security:add_test", args=[org.oslo.pk]),
        {
            "person": people.oslo_inmate.pk,
            "taken_at": when,
            "sample": "urine",
            "result": "positive",
            "substances": ["cannabis"],
        },
    )
    assert response.status_code == 302 and DrugTest.objects.get().substances == ["cannabis"]
    response = client.post(
        reverse("security:add_find", args=[org.oslo.pk]),
        {"found_at": when, "kind": "weapon", "place": "common_area", "description": "Kniv"},
    )
    assert response.status_code == 302 and ContrabandFind.objects.get().kind == "weapon"
    tests_page = client.get(reverse("security:tests", args=[org.oslo.pk])).content.decode()
    assert people.oslo_inmate.full_name in tests_page and "Cannabis" in tests_page
    finds_page = client.get(reverse("security:finds", args=[org.oslo.pk]), {"type": "drugs"})
    assert "Kniv" not in finds_page.content.decode()
    assert "Kniv" in client.get(reverse("security:finds", args=[org.oslo.pk])).content.decode()
    for name in ("finds", "tests"):
        url = reverse(f"security:{name}", args=[org.oslo.pk])
        assert login(personas.bob).get(url).status_code == 404
        assert login(personas.anna).get(url).status_code == 403


def test_register_hides_names_of_persons_now_out_of_scope(org, people, personas, login):
    do_register_drug_test(
        people.released_long_ago, org.oslo, taken_at=ago(days=120), result="negative", actor=None
    )
    page = login(personas.alice).get(reverse("security:tests", args=[org.oslo.pk]))
    html = page.content.decode()
    assert people.released_long_ago.full_name not in html
    assert "Person utenfor din tilgang" in html


def test_result_form(org, people, personas, login):
    test = do_register_drug_test(
        people.oslo_inmate, org.oslo, taken_at=ago(hours=1), result="taken", actor=None
    )
    url = reverse("security:test_result", args=[test.pk])
    assert login(personas.bob).post(url, {"result": "negative"}).status_code == 404
    login(personas.carl).post(url, {"result": "negative"})
    test.refresh_from_db()
    assert test.result == "negative"


def test_person_panel_lists_finds_and_tests(org, people, personas, login):
    do_register_find(
        org.oslo,
        found_at=ago(days=3),
        kind="electronics",
        place="mail",
        person=people.oslo_inmate,
        actor=None,
    )
    do_register_drug_test(
        people.oslo_inmate, org.oslo, taken_at=ago(days=2), result="refused", actor=None
    )
    url = reverse("security:person", args=[people.oslo_inmate.pk])
    html = login(personas.carl).get(url).content.decode()
    assert "Annen elektronikk" in html and "Post eller pakke" in html and "Nektet" in html


def test_dates_in_the_future_are_refused(org, people, personas):
    with pytest.raises(ValidationError):
        do_register_drug_test(
            people.oslo_inmate,
            org.oslo,
            taken_at=timezone.now() + timedelta(hours=2),
            result="negative",
            actor=personas.alice,
        )
