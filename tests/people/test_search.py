"""Person search: by national ID, birth date and name (folded), scoped to what the user may see;
and the duplicate check used when registering."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.conftest import make_person
from varde.lib.text import fold
from varde.people.actions import do_add_alias, do_open_responsibility, do_remove_alias
from varde.people.queries import find_possible_duplicates, search_persons

pytestmark = pytest.mark.django_db


def names(persons):
    return sorted(p.full_name for p in persons)


def at_unit(person, unit):
    do_open_responsibility(
        person, unit, date_from=timezone.localdate() - timedelta(days=5), reason="stay", actor=None
    )
    return person


# --- fold ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Sørensen-Ødegård", "sorensen odegard"),
        ("SØRENSEN", "sorensen"),
        ("Soerensen", "sorensen"),  # oe spelling of ø
        ("Åse", "ase"),
        ("Aase", "ase"),  # aa spelling of å
        ("Ærlig", "aerlig"),
        ("René Müller", "rene muller"),  # accents dropped, ü spelt u
        ("O'Brien", "o brien"),
        ("  Ola   Nordmann  ", "ola nordmann"),
        ("Hauge–Ødegaard", "hauge odegard"),  # en dash, and aa → a
    ],
)
def test_fold_examples(text, folded):
    assert fold(text) == folded


def test_fold_makes_norwegian_spellings_meet():
    assert fold("Sørensen") == fold("SORENSEN") == fold("Soerensen")
    assert fold("Åse") == fold("AASE") == fold("åse")


# --- by national ID and birth date ---------------------------------------------------------


def test_by_national_id(personas, people):
    found = search_persons(personas.ada, people.oslo_inmate.national_id)
    assert list(found) == [people.oslo_inmate]


def test_unknown_national_id_finds_nobody(personas, people):
    # 30108299920 is valid but nobody here has it.
    assert list(search_persons(personas.ada, "30108299920")) == []


@pytest.mark.parametrize("query", ["31.12.1990", "31121990", "1990-12-31"])
def test_by_birth_date_in_each_format(personas, people, org, query):
    born_nye = at_unit(make_person("Nils", "Nyeng", date(1990, 12, 31), seed=11), org.oslo)
    at_unit(make_person("Nora", "Nyeng", date(1990, 12, 30), seed=12), org.oslo)
    assert list(search_persons(personas.alice, query)) == [born_nye]


def test_impossible_date_finds_nobody(personas, people):
    assert list(search_persons(personas.ada, "31.02.1990")) == []


def test_empty_query_finds_nobody(personas, people):
    assert list(search_persons(personas.ada, "")) == []
    assert list(search_persons(personas.ada, "   ")) == []


# --- by name ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["sorensen", "SØRENSEN", "Soerensen", "Sørensen Ødegård", "odegard", "kari sorensen"]
)
def test_name_tolerates_case_norwegian_letters_and_hyphens(personas, people, query):
    # Kari Sørensen-Ødegård is in Bergen: bob (Bergen) sees her.
    assert list(search_persons(personas.bob, query)) == [people.bergen_inmate]


@pytest.mark.parametrize("query", ["aase", "Åse", "ÅSE", "ase aas"])
def test_aase_and_aase_with_ring_meet(personas, people, query):
    # Åse Aas is a client of Oslo friomsorgskontor: frida sees her.
    assert list(search_persons(personas.frida, query)) == [people.probation_client]


def test_name_words_match_word_prefixes_only(personas, people):
    assert list(search_persons(personas.alice, "nord")) == [people.oslo_inmate]
    assert list(search_persons(personas.alice, "Nordmann")) == [people.oslo_inmate]
    assert list(search_persons(personas.alice, "mann")) == []  # inside a word, not a start
    assert list(search_persons(personas.alice, "ordmann")) == []


def test_every_word_must_match(personas, people):
    assert list(search_persons(personas.alice, "ola nordmann")) == [people.oslo_inmate]
    assert list(search_persons(personas.alice, "kari nordmann")) == []


def test_name_and_birth_date_together_narrow(personas, people, org):
    first = at_unit(
        make_person("Bente", "Berg", date(1990, 12, 31), sex="female", seed=21), org.oslo
    )
    second = at_unit(make_person("Bjarne", "Berg", date(1988, 4, 2), seed=22), org.oslo)
    other = at_unit(make_person("Nils", "Nyeng", date(1990, 12, 31), seed=23), org.oslo)
    assert names(search_persons(personas.alice, "berg")) == names([first, second])
    assert names(search_persons(personas.alice, "31.12.1990")) == names([first, other])
    assert list(search_persons(personas.alice, "berg 31.12.1990")) == [first]


def test_by_alias(personas, people):
    person = people.oslo_inmate
    assert list(search_persons(personas.alice, "Haugstad")) == []
    do_add_alias(person, "Ole Haugstad", actor=personas.carl)
    assert list(search_persons(personas.alice, "haugstad")) == [person]
    # name words may come from the name and the alias together
    assert list(search_persons(personas.alice, "ola haugstad")) == [person]


def test_alias_found_once_even_with_two_matching_aliases(personas, people):
    person = people.oslo_inmate
    do_add_alias(person, "Ole Haugstad", actor=personas.carl)
    do_add_alias(person, "Olav Haugstad", actor=personas.carl)
    assert list(search_persons(personas.alice, "haugstad")) == [person]


def test_removed_alias_no_longer_finds(personas, people):
    alias = do_add_alias(people.oslo_inmate, "Ole Haugstad", actor=personas.carl)
    do_remove_alias(alias, actor=personas.carl, reason="Feilregistrert")
    assert list(search_persons(personas.alice, "haugstad")) == []


# --- scoping -----------------------------------------------------------------------------------


def test_other_units_officer_finds_nothing(personas, people):
    assert list(search_persons(personas.bob, "Nordmann")) == []
    assert list(search_persons(personas.bob, people.oslo_inmate.national_id)) == []
    assert list(search_persons(personas.bob, "12.03.1985")) == []


def test_alias_of_person_out_of_scope_finds_nothing(personas, people):
    do_add_alias(people.oslo_inmate, "Ole Haugstad", actor=personas.carl)
    assert list(search_persons(personas.bob, "haugstad")) == []


def test_analyst_finds_nobody(personas, people):
    for query in ("Nordmann", "Sørensen", people.oslo_inmate.national_id, "12.03.1985"):
        assert list(search_persons(personas.anna, query)) == []


def test_released_long_ago_is_out_of_unit_scope(personas, people):
    # Per Hansen left Oslo 10 days ago (within the 30-day grace), Pål Hansen 100 days ago.
    assert list(search_persons(personas.alice, "hansen")) == [people.released_recently]
    assert names(search_persons(personas.ada, "hansen")) == ["Per Hansen", "Pål Hansen"]


def test_region_scope(personas, people):
    # rune (region øst) sees Oslo fengsel and Oslo friomsorgskontor, not Bergen (vest).
    assert list(search_persons(personas.rune, "Nordmann")) == [people.oslo_inmate]
    assert list(search_persons(personas.rune, "Åse")) == [people.probation_client]
    assert list(search_persons(personas.rune, "Sørensen")) == []


def test_search_results_are_always_within_visible_persons(personas, people):
    from varde.people.models import Person

    for user in (personas.alice, personas.bob, personas.frida, personas.rune, personas.anna):
        visible = set(Person.objects.visible_to(user))
        for query in ("a", "o", "hansen", "nordmann", "sorensen", "aas", "1985-03-12"):
            assert set(search_persons(user, query)) <= visible


# --- duplicates ------------------------------------------------------------------------------


def test_duplicate_by_same_national_id(people):
    found = find_possible_duplicates(
        national_id=people.oslo_inmate.national_id,
        first_name="Helt",
        last_name="Annen",
        birth_date=None,
    )
    assert list(found) == [people.oslo_inmate]


def test_duplicate_by_birth_date_and_last_name(people):
    # Kari Sørensen-Ødegård, born 1990-07-01; a different first name, ASCII spelling.
    found = find_possible_duplicates(
        national_id=None,
        first_name="Karianne",
        last_name="Sorensen-Odegard",
        birth_date=date(1990, 7, 1),
    )
    assert list(found) == [people.bergen_inmate]


def test_duplicate_by_birth_date_and_first_name(people):
    # Ola Nordmann, born 1985-03-12, registered again under another last name.
    found = find_possible_duplicates(
        national_id=None,
        first_name="OLA",
        last_name="Haugstad",
        birth_date=date(1985, 3, 12),
    )
    assert list(found) == [people.oslo_inmate]


def test_same_birth_date_other_names_is_no_duplicate(people):
    found = find_possible_duplicates(
        national_id=None,
        first_name="Lise",
        last_name="Haugstad",
        birth_date=date(1985, 3, 12),
    )
    assert list(found) == []


def test_different_birth_date_is_no_duplicate(people):
    found = find_possible_duplicates(
        national_id=None,
        first_name="Ola",
        last_name="Nordmann",
        birth_date=date(1985, 3, 13),
    )
    assert list(found) == []


def test_duplicate_check_can_exclude_the_person_being_edited(people):
    person = people.oslo_inmate
    found = find_possible_duplicates(
        national_id=person.national_id,
        first_name="Ola",
        last_name="Nordmann",
        birth_date=person.birth_date,
        exclude_id=person.pk,
    )
    assert list(found) == []
