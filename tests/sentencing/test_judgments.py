"""Judgment actions (audit, journal, validation, permissions) and key dates checked against
the worked examples of rules.md computed by hand."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.sentencing.judgments import prison_fields
from varde.audit.models import AuditEvent
from varde.journal.models import JournalEntry
from varde.sentencing.actions import (
    do_combine_judgments,
    do_override_key_date,
    do_register_judgment,
    do_remove_override,
)
from varde.sentencing.models import DateOverride, Judgment
from varde.sentencing.queries import key_dates_for
from varde.sentencing.rules.recalc import NonCountingPeriod

pytestmark = pytest.mark.django_db


def _dates(judgment: Judgment, **kwargs: object) -> dict[str, str | None]:
    found = key_dates_for(judgment, **kwargs)  # type: ignore[arg-type]
    return {d.field: d.value.isoformat() if d.value else None for d in found.dates}


# --- registering ---------------------------------------------------------------------------


def test_register_writes_judgment_audit_row_and_journal_entry(personas, people):
    person = people.oslo_inmate
    judgment = do_register_judgment(person, actor=personas.carl, **prison_fields())
    assert judgment.status == "queued"
    assert judgment.other_offences == ["strl-351"]
    event = AuditEvent.objects.get(action="register_judgment")
    assert (event.actor, event.person, event.object_id) == (personas.carl, person, str(judgment.pk))
    assert event.changes["term_months"] == [None, 9]
    entry = JournalEntry.objects.get(source_action="register_judgment")
    assert entry.person == person and entry.author == personas.carl
    assert "Oslo tingrett" in entry.text


def test_judgment_without_date_of_finality_is_received_not_queued(personas, people):
    judgment = do_register_judgment(
        people.oslo_inmate, actor=personas.carl, **prison_fields(final_date=None)
    )
    assert judgment.status == "received"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"main_offence": "tyveri"}, "main_offence", "strl-321"),
        ({"other_offences": ["strl-271", "321"]}, "other_offences", "321"),
        ({"term_months": 0}, "term_days", "lengre enn null"),
        ({"final_date": date(2025, 2, 1)}, "final_date", "før domsdatoen"),
        ({"credited_days": 400}, "credited_days", "kortere enn straffen"),
        ({"court": " "}, "court", "domstol"),
        ({"reaction": "community_sentence", "hours": 10}, "hours", "mellom 30 og 420"),
        (
            {"reaction": "preventive_detention", "term_months": 0, "credited_days": 0},
            "frame_years",
            "tidsrammen",
        ),
        (
            {
                "reaction": "preventive_detention",
                "term_months": 0,
                "frame_years": 2,
                "minimum_years": 3,
            },
            "minimum_years",
            "lengre enn tidsrammen",
        ),
    ],
)
def test_bad_input_is_refused_in_norwegian_and_nothing_is_saved(
    personas, people, changes, field, words
):
    with pytest.raises(ValidationError) as caught:
        do_register_judgment(people.oslo_inmate, actor=personas.carl, **prison_fields(**changes))
    assert words in " ".join(caught.value.message_dict[field])
    assert not Judgment.objects.exists()
    assert not AuditEvent.objects.filter(action="register_judgment").exists()
    assert not JournalEntry.objects.exists()


def test_same_case_twice_is_refused(personas, people):
    do_register_judgment(people.oslo_inmate, actor=personas.carl, **prison_fields())
    with pytest.raises(ValidationError) as caught:
        do_register_judgment(people.oslo_inmate, actor=personas.carl, **prison_fields())
    assert "allerede registrert" in caught.value.message_dict["case_number"][0]
    assert Judgment.objects.count() == 1


def test_offence_codes_are_normalised(personas, people):
    judgment = do_register_judgment(
        people.oslo_inmate, actor=personas.carl, **prison_fields(main_offence=" STRL § 321 ")
    )
    assert judgment.main_offence == "strl-321"


@pytest.mark.parametrize("persona", ["alice", "anna"])
def test_roles_that_do_not_edit_may_not_register(persona, personas, people):
    with pytest.raises(PermissionDenied):
        do_register_judgment(
            people.oslo_inmate, actor=getattr(personas, persona), **prison_fields()
        )
    assert not Judgment.objects.exists()


def test_editor_may_not_register_for_a_person_outside_scope(personas, people):
    with pytest.raises(PermissionDenied):
        do_register_judgment(people.bergen_inmate, actor=personas.carl, **prison_fields())


# --- key dates: rules.md worked examples ---------------------------------------------------


def test_example_0_3_a_nine_months_with_credit(personas, people):
    """9 months from 10.03.2025, 20 days' credit: T = 275 (to 10.12.2025); end = day 255 =
    19.11.2025; 2/3 = ceil(183.33) = 184 - 20 = 164 → 20.08.2025; 1/2 = 138 - 20 = 118 →
    05.07.2025; 1/3 = 92 - 20 = 72 → 20.05.2025."""
    judgment = do_register_judgment(people.oslo_inmate, actor=personas.carl, **prison_fields())
    found = key_dates_for(judgment)
    assert found.start == date(2025, 3, 10) and found.start_expected
    assert found.total_days == 275
    assert found.parole_ordinary is True
    dates = _dates(judgment)
    assert dates["end_of_sentence_on"] == "2025-11-19"
    assert dates["two_thirds_served_on"] == "2025-08-20"
    assert dates["half_served_on"] == "2025-07-05"
    assert dates["one_third_served_on"] == "2025-05-20"
    two_thirds = found.get("two_thirds_served_on")
    assert two_thirds is not None
    assert "strgjfl § 42 første ledd" in two_thirds.trace[0]["rule"]
    assert "184 dager" in two_thirds.trace[0]["explanation"]


def test_actual_start_and_escape_move_the_dates(personas, people):
    """Started a week late (17.03.2025) and absent 10 days before 1/3: every date + 17."""
    judgment = do_register_judgment(people.oslo_inmate, actor=personas.carl, **prison_fields())
    escape = NonCountingPeriod.between(date(2025, 4, 1), date(2025, 4, 10))
    found = key_dates_for(judgment, start=date(2025, 3, 17), non_counting_periods=[escape])
    assert not found.start_expected and found.start_label == "faktisk"
    dates = {d.field: d.value for d in found.dates}
    assert dates["end_of_sentence_on"] == date(2025, 12, 6)
    assert dates["two_thirds_served_on"] == date(2025, 9, 6)


def test_example_5_a_preventive_detention(personas, people):
    """Time frame 10 years, minimum 6 years, start 01.05.2020, 400 days' credit.

    The engine reports the last day served (rules.md § 0.2 point 3), one day before the expiry
    rules.md prints (2025-03-27, 2029-03-27); see tests/sentencing/test_forvaring.py."""
    judgment = do_register_judgment(
        people.oslo_inmate,
        actor=personas.carl,
        **prison_fields(
            reaction="preventive_detention",
            main_offence="strl-275",
            term_months=0,
            frame_years=10,
            minimum_years=6,
            credited_days=400,
            judgment_date=date(2020, 4, 1),
            final_date=date(2020, 5, 1),
            received_on=date(2020, 5, 1),
        ),
    )
    dates = _dates(judgment)
    assert dates["minimum_time_served_on"] == "2025-03-26"
    assert dates["time_frame_served_on"] == "2029-03-26"
    assert dates["extension_suit_deadline"] == "2028-12-27"
    assert dates["two_thirds_minimum_served_on"] == "2023-03-27"


def test_example_2_2_b_community_sentence(personas, people):
    """120 hours, subsidiary 120 days, 12 days' credit → 108 days from 06.01.2025: last day
    23.04.2025; conversion request within 3 months: 23.07.2025."""
    judgment = do_register_judgment(
        people.oslo_inmate,
        actor=personas.carl,
        **prison_fields(
            reaction="community_sentence",
            term_months=0,
            term_days=120,
            hours=120,
            credited_days=12,
            judgment_date=date(2024, 12, 10),
            final_date=date(2025, 1, 6),
            received_on=date(2025, 1, 6),
        ),
    )
    found = key_dates_for(judgment)
    dates = _dates(judgment)
    assert dates["execution_period_ends_on"] == "2025-04-23"
    assert dates["conversion_deadline"] == "2025-07-23"
    assert "108 timer" in found.dates[0].trace[0]["explanation"]


def test_two_judgments_combined_give_the_merged_terms_dates(personas, people):
    """fsg § 3-2: 8 + 4 months from 15.01.2025 = 12 months = 365 days; end 14.01.2026;
    2/3 = ceil(243.33) = 244 → 15.09.2025."""
    first = do_register_judgment(
        people.oslo_inmate,
        actor=personas.carl,
        **prison_fields(
            term_months=8,
            credited_days=0,
            judgment_date=date(2025, 1, 2),
            final_date=date(2025, 1, 15),
            received_on=date(2025, 1, 15),
        ),
    )
    second = do_register_judgment(
        people.oslo_inmate,
        actor=personas.carl,
        **prison_fields(
            case_number="24-999999MED-OTIR/02",
            term_months=4,
            credited_days=0,
            judgment_date=date(2025, 2, 2),
            final_date=date(2025, 2, 20),
            received_on=date(2025, 2, 20),
        ),
    )
    assert _dates(first)["end_of_sentence_on"] == "2025-09-14"  # 8 months alone
    do_combine_judgments(second, first, actor=personas.carl, reason="Ny dom under soning")
    second.refresh_from_db()
    for judgment in (first, second):
        found = key_dates_for(judgment)
        assert found.total_days == 365
        assert [j.pk for j in found.combined] == [first.pk, second.pk]
        assert _dates(judgment)["end_of_sentence_on"] == "2026-01-14"
        assert _dates(judgment)["two_thirds_served_on"] == "2025-09-15"
    assert AuditEvent.objects.filter(action="combine_judgments").count() == 1
    assert JournalEntry.objects.filter(source_action="combine_judgments").count() == 1


def test_fine_default_cannot_be_combined(personas, people):
    first = do_register_judgment(people.oslo_inmate, actor=personas.carl, **prison_fields())
    with pytest.raises(ValidationError) as caught:
        do_register_judgment(
            people.oslo_inmate,
            actor=personas.carl,
            **prison_fields(case_number="2", reaction="fine_default", combined_with=first),
        )
    assert "fsg § 3-2" in caught.value.message_dict["combined_with"][0]


# --- overrides -----------------------------------------------------------------------------


def test_override_replaces_the_date_is_marked_and_audited(personas, people):
    judgment = do_register_judgment(people.oslo_inmate, actor=personas.carl, **prison_fields())
    do_override_key_date(
        judgment,
        "end_of_sentence_on",
        date(2025, 11, 20),
        reason="Transporttid fradratt etter brev fra politiet",
        actor=personas.carl,
    )
    end = key_dates_for(judgment).get("end_of_sentence_on")
    assert end is not None and end.overridden
    assert (end.value, end.computed) == (date(2025, 11, 20), date(2025, 11, 19))
    event = AuditEvent.objects.get(action="override_key_date")
    assert event.reason.startswith("Transporttid") and event.actor == personas.carl
    assert JournalEntry.objects.filter(source_action="override_key_date").exists()
    # Overriding again updates the same override (one per date), audited as a change.
    do_override_key_date(
        judgment, "end_of_sentence_on", date(2025, 11, 21), reason="Rettet", actor=personas.carl
    )
    assert DateOverride.objects.get().date == date(2025, 11, 21)
    assert AuditEvent.objects.filter(action="override_key_date").count() == 2


def test_override_needs_a_reason(personas, people):
    judgment = do_register_judgment(people.oslo_inmate, actor=personas.carl, **prison_fields())
    with pytest.raises(ValidationError) as caught:
        do_override_key_date(
            judgment, "end_of_sentence_on", date(2025, 11, 20), reason=" ", actor=personas.carl
        )
    assert "hvorfor" in caught.value.message_dict["reason"][0]
    assert not DateOverride.objects.exists()


def test_override_by_officer_is_refused(personas, people):
    judgment = do_register_judgment(people.oslo_inmate, actor=personas.carl, **prison_fields())
    with pytest.raises(PermissionDenied):
        do_override_key_date(
            judgment, "end_of_sentence_on", date(2025, 11, 20), reason="x", actor=personas.alice
        )


def test_remove_override_goes_back_to_the_computed_date(personas, people):
    judgment = do_register_judgment(people.oslo_inmate, actor=personas.carl, **prison_fields())
    override = do_override_key_date(
        judgment, "end_of_sentence_on", date(2025, 11, 20), reason="Feil", actor=personas.carl
    )
    do_remove_override(override, reason="Beregnet dato er riktig", actor=personas.carl)
    assert not DateOverride.objects.exists()
    assert _dates(judgment)["end_of_sentence_on"] == "2025-11-19"
    assert AuditEvent.objects.get(action="remove_override").verb == "delete"
    assert JournalEntry.objects.filter(source_action="remove_override").exists()
