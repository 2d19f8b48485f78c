"""Person actions: each write validates, saves and appends exactly one audit event; a failing
action saves nothing and writes no event.

National IDs used (worked out in test_national_id_rules.py):
  30108299920  fnr, born 1982-10-30        43022014103  D-number, born 1920-02-03
  30108299939  2032 scheme, no birth date  30108299921  wrong K2
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from varde.audit.models import AuditEvent
from varde.people.actions import (
    do_add_alias,
    do_add_relative,
    do_close_responsibility,
    do_open_responsibility,
    do_register_person,
    do_remove_alias,
    do_remove_relative,
    do_update_person,
)
from varde.people.models import Alias, Person, Relative, Responsibility
from varde.people.queries import search_persons

pytestmark = pytest.mark.django_db


class Counts:
    """Row counts before an action, to check that exactly ``n`` rows were added."""

    def __init__(self) -> None:
        self.persons = Person.objects.count()
        self.events = AuditEvent.objects.count()

    def added(self) -> tuple[int, int]:
        return Person.objects.count() - self.persons, AuditEvent.objects.count() - self.events


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-id").first()


def register(actor, **fields):
    defaults = {
        "first_name": "Jon",
        "last_name": "Vik",
        "sex": "male",
        "national_id": "30108299920",
    }
    return do_register_person(actor=actor, **{**defaults, **fields})


# --- register ------------------------------------------------------------------------------


def test_register_writes_one_create_event(personas):
    counts = Counts()
    person = register(personas.carl, reason="Innsatt fra politiet")
    # One person, and two events: the registration and carl's unit taking responsibility.
    assert counts.added() == (1, 2)
    event = AuditEvent.objects.get(action="register_person")
    assert event.actor == personas.carl
    assert event.actor_name == "carl"
    assert (event.action, event.verb) == ("register_person", "create")
    assert event.person_id == person.pk
    assert (event.object_type, event.object_id) == ("people.person", str(person.pk))
    assert event.reason == "Innsatt fra politiet"
    assert event.changes["first_name"] == [None, "Jon"]
    assert event.changes["last_name"] == [None, "Vik"]
    assert event.changes["national_id"] == [None, "30108299920"]
    assert event.changes["birth_date"] == [None, "1982-10-30"]
    assert event.changes["id_kind"] == [None, "fnr"]
    assert "middle_name" not in event.changes  # empty values are not listed as changes
    assert "search_name" not in event.changes


def test_registering_unit_takes_responsibility_so_its_staff_see_the_person(personas, org):
    person = register(personas.carl)
    responsibility = person.responsibilities.get()
    assert (responsibility.unit, responsibility.reason) == (org.oslo, "manual")
    assert responsibility.date_to is None
    event = AuditEvent.objects.get(action="open_responsibility")
    assert event.actor == personas.carl and event.person_id == person.pk


def test_registering_for_a_unit_outside_ones_scope_is_refused(personas, org):
    counts = Counts()
    with pytest.raises(ValidationError) as caught:
        register(personas.carl, responsible_unit=org.bergen)
    assert "Du kan ikke gi denne enheten ansvar" in str(caught.value)
    assert counts.added() == (0, 0)


def test_register_by_system_job_is_attributed_to_system(org):
    register(None)
    event = last_event()
    assert event.actor is None
    assert event.actor_name == "system"


def test_birth_date_is_derived_from_the_national_id(personas):
    person = register(personas.carl)
    person.refresh_from_db()
    assert person.birth_date == date(1982, 10, 30)
    assert person.id_kind == "fnr"


def test_d_number_gives_kind_and_birth_date(personas):
    person = register(personas.carl, national_id="43022014103")
    person.refresh_from_db()
    assert (person.id_kind, person.birth_date) == ("dnr", date(1920, 2, 3))


def test_matching_birth_date_is_accepted(personas):
    person = register(personas.carl, birth_date=date(1982, 10, 30))
    assert person.birth_date == date(1982, 10, 30)


def test_2032_number_keeps_the_birth_date_given(personas):
    # The 2032 scheme number says nothing about the birth date, so the one typed in is kept.
    person = register(personas.carl, national_id="30108299939", birth_date=date(1975, 5, 5))
    person.refresh_from_db()
    assert (person.id_kind, person.birth_date) == ("fnr", date(1975, 5, 5))


def test_birth_date_contradicting_the_id_is_rejected(personas):
    counts = Counts()
    with pytest.raises(ValidationError) as exc:
        register(personas.carl, birth_date=date(1982, 10, 31))
    assert "birth_date" in exc.value.message_dict
    assert "stemmer ikke" in exc.value.message_dict["birth_date"][0]
    assert counts.added() == (0, 0)


@pytest.mark.parametrize("bad", ["30108299921", "3010829992", "3010829992x", "01818512321"])
def test_invalid_national_id_is_rejected_in_norwegian(personas, settings, bad):
    settings.VARDE_ALLOW_SYNTHETIC_IDS = False  # 01818512321 is a synthetic (+80) number
    counts = Counts()
    with pytest.raises(ValidationError) as exc:
        register(personas.carl, national_id=bad)
    assert exc.value.message_dict["national_id"] == [
        "Ugyldig fødselsnummer eller D-nummer. Sjekk de 11 sifrene."
    ]
    assert counts.added() == (0, 0)


def test_2032_number_rejected_when_the_scheme_is_switched_off(personas, settings):
    settings.VARDE_ACCEPT_2032_IDS = False
    counts = Counts()
    with pytest.raises(ValidationError):
        register(personas.carl, national_id="30108299939", birth_date=date(1975, 5, 5))
    assert counts.added() == (0, 0)


def test_person_without_id_needs_a_birth_date(personas):
    counts = Counts()
    for empty in (None, ""):
        with pytest.raises(ValidationError) as exc:
            register(personas.carl, national_id=empty)
        assert "birth_date" in exc.value.message_dict
    assert counts.added() == (0, 0)


def test_person_without_id_but_with_birth_date_is_registered(personas):
    person = register(personas.carl, national_id="", birth_date=date(1980, 1, 2))
    person.refresh_from_db()
    assert (person.national_id, person.id_kind, person.birth_date) == (
        None,
        "none",
        date(1980, 1, 2),
    )
    # Two persons without ID do not collide on the unique national_id.
    register(personas.carl, national_id=None, birth_date=date(1981, 1, 2), first_name="Per")
    assert Person.objects.filter(national_id__isnull=True).count() == 2


def test_duplicate_national_id_is_rejected(personas):
    register(personas.carl)
    counts = Counts()
    with pytest.raises(ValidationError) as exc:
        register(personas.carl, first_name="Annen")
    assert "national_id" in exc.value.message_dict
    assert counts.added() == (0, 0)


def test_prison_officer_may_not_register(personas):
    counts = Counts()
    with pytest.raises(PermissionDenied):
        register(personas.alice)
    assert counts.added() == (0, 0)


# --- update --------------------------------------------------------------------------------


def test_update_writes_one_event_with_the_diff_and_reason(personas):
    person = register(personas.carl)
    counts = Counts()
    do_update_person(
        person, actor=personas.frida, reason="Giftet seg", last_name="Vik-Berg", phone="40000000"
    )
    assert counts.added() == (0, 1)
    event = last_event()
    assert event.actor == personas.frida
    assert (event.action, event.verb) == ("update_person", "update")
    assert event.person_id == person.pk
    assert event.reason == "Giftet seg"
    assert event.changes == {"last_name": ["Vik", "Vik-Berg"], "phone": ["", "40000000"]}
    person.refresh_from_db()
    assert (person.last_name, person.phone) == ("Vik-Berg", "40000000")


@pytest.mark.parametrize("reason", ["", "   "])
def test_update_requires_a_reason(personas, reason):
    person = register(personas.carl)
    counts = Counts()
    with pytest.raises(ValidationError) as exc:
        do_update_person(person, actor=personas.carl, reason=reason, last_name="Berg")
    assert "reason" in exc.value.message_dict
    assert counts.added() == (0, 0)
    person.refresh_from_db()
    assert person.last_name == "Vik"


def test_update_with_invalid_national_id_saves_nothing(personas):
    person = register(personas.carl)
    counts = Counts()
    with pytest.raises(ValidationError) as exc:
        do_update_person(
            person,
            actor=personas.carl,
            reason="Rettet",
            national_id="30108299921",
            last_name="Berg",
        )
    assert "Ugyldig" in exc.value.message_dict["national_id"][0]
    assert counts.added() == (0, 0)
    person.refresh_from_db()
    assert (person.national_id, person.last_name) == ("30108299920", "Vik")


def test_update_to_another_persons_national_id_is_rejected(personas):
    register(personas.carl)
    other = register(personas.carl, national_id="43022014103", first_name="Ali")
    counts = Counts()
    with pytest.raises(ValidationError) as exc:
        do_update_person(
            other, actor=personas.carl, reason="Rettet", national_id="30108299920", birth_date=None
        )
    assert "national_id" in exc.value.message_dict
    assert counts.added() == (0, 0)


def test_update_of_id_rederives_birth_date_and_kind(personas):
    person = register(personas.carl)
    do_update_person(
        person,
        actor=personas.carl,
        reason="Fikk D-nummer",
        national_id="43022014103",
        birth_date=None,
    )
    person.refresh_from_db()
    assert (person.id_kind, person.birth_date) == ("dnr", date(1920, 2, 3))
    assert last_event().changes["birth_date"] == ["1982-10-30", "1920-02-03"]
    assert last_event().changes["id_kind"] == ["fnr", "dnr"]


def test_update_birth_date_contradicting_the_id_is_rejected(personas):
    person = register(personas.carl)
    counts = Counts()
    with pytest.raises(ValidationError):
        do_update_person(person, actor=personas.carl, reason="Rettet", birth_date=date(1982, 1, 1))
    assert counts.added() == (0, 0)
    person.refresh_from_db()
    assert person.birth_date == date(1982, 10, 30)


def test_update_that_changes_nothing_writes_no_event(personas):
    person = register(personas.carl)
    counts = Counts()
    do_update_person(
        person, actor=personas.carl, reason="Sjekket", first_name="Jon", last_name="Vik"
    )
    assert counts.added() == (0, 0)


def test_prison_officer_may_not_update(personas):
    person = register(personas.carl)
    counts = Counts()
    with pytest.raises(PermissionDenied):
        do_update_person(person, actor=personas.alice, reason="Rettet", last_name="Berg")
    assert counts.added() == (0, 0)
    person.refresh_from_db()
    assert person.last_name == "Vik"


def test_search_follows_a_name_change(personas, people):
    person = people.oslo_inmate  # Ola Nordmann, in Oslo fengsel (carl's unit)
    do_update_person(person, actor=personas.carl, reason="Navneendring", last_name="Haugstad")
    assert list(search_persons(personas.carl, "haugstad")) == [person]
    assert list(search_persons(personas.carl, "nordmann")) == []


# --- aliases and relatives ------------------------------------------------------------------


def test_add_and_remove_alias_each_write_one_event(personas, people):
    person = people.oslo_inmate
    before = AuditEvent.objects.count()
    alias = do_add_alias(person, "  Ole Haugstad ", actor=personas.carl, reason="Kjent som")
    assert AuditEvent.objects.count() == before + 1
    event = last_event()
    assert (event.actor, event.action, event.verb) == (personas.carl, "add_alias", "create")
    assert event.person_id == person.pk
    assert event.reason == "Kjent som"
    assert event.changes == {
        "id": [None, alias.pk],
        "person_id": [None, person.pk],
        "name": [None, "Ole Haugstad"],
    }

    do_remove_alias(alias, actor=personas.carl, reason="Feilregistrert")
    assert AuditEvent.objects.count() == before + 2
    event = last_event()
    assert (event.action, event.verb, event.reason) == (
        "remove_alias",
        "delete",
        "Feilregistrert",
    )
    assert event.person_id == person.pk
    assert event.changes["name"] == ["Ole Haugstad", None]
    assert not Alias.objects.filter(person=person).exists()


def test_empty_alias_is_rejected(personas, people):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        do_add_alias(people.oslo_inmate, "   ", actor=personas.carl)
    assert AuditEvent.objects.count() == before
    assert not Alias.objects.exists()


def test_prison_officer_may_not_add_alias(personas, people):
    with pytest.raises(PermissionDenied):
        do_add_alias(people.oslo_inmate, "Ole Haugstad", actor=personas.alice)
    assert not Alias.objects.exists()


def test_add_and_remove_relative_each_write_one_event(personas, people):
    person = people.oslo_inmate
    before = AuditEvent.objects.count()
    relative = do_add_relative(
        person,
        actor=personas.carl,
        reason="Opplyst ved innsettelse",
        relation="child",
        name="Emma Nordmann",
        birth_date=date(2015, 6, 1),
    )
    assert AuditEvent.objects.count() == before + 1
    event = last_event()
    assert (event.actor, event.action, event.verb) == (personas.carl, "add_relative", "create")
    assert event.person_id == person.pk
    assert event.reason == "Opplyst ved innsettelse"
    assert event.changes["relation"] == [None, "child"]
    assert event.changes["name"] == [None, "Emma Nordmann"]
    assert event.changes["birth_date"] == [None, "2015-06-01"]

    do_remove_relative(relative, actor=personas.carl, reason="Feil person")
    assert AuditEvent.objects.count() == before + 2
    event = last_event()
    assert (event.action, event.verb, event.reason) == ("remove_relative", "delete", "Feil person")
    assert event.changes["name"] == ["Emma Nordmann", None]
    assert not Relative.objects.exists()


def test_relative_with_unknown_relation_is_rejected(personas, people):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        do_add_relative(people.oslo_inmate, actor=personas.carl, relation="cousin", name="X")
    assert AuditEvent.objects.count() == before
    assert not Relative.objects.exists()


# --- responsibilities ----------------------------------------------------------------------


def test_open_and_close_responsibility_each_write_one_event(personas, org):
    person = register(personas.carl)
    start = timezone.localdate() - timedelta(days=3)
    before = AuditEvent.objects.count()
    responsibility = do_open_responsibility(
        person, org.oslo, date_from=start, reason="stay", actor=personas.carl, note="Innsatt"
    )
    assert AuditEvent.objects.count() == before + 1
    event = last_event()
    assert (event.actor, event.action, event.verb) == (
        personas.carl,
        "open_responsibility",
        "create",
    )
    assert event.person_id == person.pk
    assert event.reason == "Innsatt"
    assert event.changes["unit_id"] == [None, org.oslo.pk]
    assert event.changes["date_from"] == [None, start.isoformat()]

    end = timezone.localdate()
    do_close_responsibility(responsibility, date_to=end, actor=personas.carl, note="Løslatt")
    assert AuditEvent.objects.count() == before + 2
    event = last_event()
    assert (event.action, event.verb, event.reason) == (
        "close_responsibility",
        "update",
        "Løslatt",
    )
    assert event.changes == {"date_to": [None, end.isoformat()]}


def test_closing_before_opening_is_rejected(personas, org):
    person = register(personas.carl)
    start = timezone.localdate()
    responsibility = do_open_responsibility(
        person, org.oslo, date_from=start, reason="stay", actor=None
    )
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        do_close_responsibility(responsibility, date_to=start - timedelta(days=1), actor=None)
    assert AuditEvent.objects.count() == before
    assert Responsibility.objects.get(pk=responsibility.pk).date_to is None
