"""The JSON calculators behind ``varde calc``: contracts, validation and settings."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from varde.lib.calc import CalcInputError, run_batch
from varde.sentencing.calc import forvaring, remand_credit, sentence

OUTPUT_FIELDS = [
    "total_days",
    "end_of_sentence_on",
    "one_third_served_on",
    "two_thirds_served_on",
    "parole_ordinary",
    "half_served_on",
    "leave_eligible_from",
    "ek_partial_from",
    "ek_full_possible",
    "trace",
]
EXAMPLE = {"start": "2025-03-10", "term": {"months": 9}, "credited_days": 20}


def run(calculator: Any, payload: Any) -> Any:
    return run_batch(calculator, json.dumps(payload))


def error(calculator: Any, payload: Any) -> CalcInputError:
    with pytest.raises(CalcInputError) as caught:
        run(calculator, payload)
    return caught.value


def test_sentence_contract_example_0_3_a() -> None:
    result = run(sentence, EXAMPLE)
    assert list(result) == OUTPUT_FIELDS
    assert {k: v for k, v in result.items() if k != "trace"} == {
        "total_days": 275,
        "end_of_sentence_on": "2025-11-19",
        "one_third_served_on": "2025-05-20",
        "two_thirds_served_on": "2025-08-20",
        "parole_ordinary": True,
        "half_served_on": "2025-07-05",
        "leave_eligible_from": "2025-07-10",
        "ek_partial_from": "2025-05-21",
        "ek_full_possible": False,
    }


def test_trace_explains_each_field_in_norwegian() -> None:
    trace = run(sentence, EXAMPLE)["trace"]
    assert all(set(entry) == {"field", "rule", "explanation"} for entry in trace)
    fields = {entry["field"] for entry in trace}
    assert fields == set(OUTPUT_FIELDS) - {"trace", "parole_ordinary"}
    by_field = {entry["field"]: entry for entry in trace}
    two_thirds = by_field["two_thirds_served_on"]
    assert two_thirds["rule"] == "strgjfl § 42 første ledd"
    assert "183,33, rundet opp til 184 dager" in two_thirds["explanation"]
    assert "20.08.2025" in two_thirds["explanation"]
    assert "10.12.2025" in by_field["total_days"]["explanation"]  # the calendar anchor


def test_trace_notes() -> None:
    short = run(sentence, {"start": "2025-01-06", "term": {"days": 73}, "offences": ["strl-271"]})
    text = " ".join(entry["explanation"] for entry in short["trace"])
    assert "tungtveiende grunner" in text
    assert "strl-271 utelukker EK dersom" in text
    fine = run(
        sentence, {"start": "2025-01-06", "term": {"days": 30}, "reaction": "bot_subsidiaer"}
    )
    by_field = {entry["field"]: entry["explanation"] for entry in fine["trace"]}
    assert "sones alltid fullt ut" in by_field["two_thirds_served_on"]


def test_defaults_and_nulls() -> None:
    result = run(sentence, {"start": "2025-01-06", "term": {"days": 59}, "age_at_start": None})
    assert result["two_thirds_served_on"] is None
    assert result["half_served_on"] is None
    assert result["ek_partial_from"] is None
    assert result["parole_ordinary"] is False
    assert result["ek_full_possible"] is True


def test_batch_keeps_order() -> None:
    payload = [
        {"start": "2025-01-06", "term": {"days": 120}},
        {"start": "2025-01-06", "term": {"days": 90}},
    ]
    results = run(sentence, payload)
    assert [r["two_thirds_served_on"] for r in results] == ["2025-03-26", "2025-03-06"]


def test_sentences_served_together() -> None:
    # 8 months (10 days credit) + 4 months (5 days credit) from 2025-03-10 = 1 year = 365.
    payload = {
        "start": "2025-03-10",
        "sentences": [
            {"term": {"months": 8}, "credited_days": 10},
            {"term": {"months": 4}, "credited_days": 5},
        ],
    }
    result = run(sentence, payload)
    assert result["total_days"] == 365
    # 365 − 15 = 350 days → 2025-03-10 + 349 = 2026-02-22.
    assert result["end_of_sentence_on"] == "2026-02-22"
    assert result["trace"][0]["rule"] == "fsg § 3-2 første ledd"


def test_non_counting_periods() -> None:
    payload = {
        "start": "2025-01-06",
        "term": {"days": 120},
        "non_counting_periods": [
            {"from": "2025-03-01", "to": "2025-03-10", "kind": "interruption"}
        ],
    }
    result = run(sentence, payload)
    assert result["one_third_served_on"] == "2025-02-14"
    assert result["two_thirds_served_on"] == "2025-04-05"
    assert result["end_of_sentence_on"] == "2025-05-15"
    # Continuity restarts 2025-03-11 → 4 months → 2025-07-11.
    assert result["leave_eligible_from"] == "2025-07-11"


def test_rules_as_of_a_day_without_rules() -> None:
    problem = error(sentence, EXAMPLE | {"as_of": "2024-01-01"})
    assert problem.field == "as_of"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"term": {"days": 30}}, "start"),
        ({"start": "2025-02-30", "term": {"days": 30}}, "start"),
        ({"start": "2025-3-10", "term": {"days": 30}}, "start"),
        ({"start": "20250310", "term": {"days": 30}}, "start"),
        ({"start": 20250310, "term": {"days": 30}}, "start"),
        ({"start": "2025-03-10"}, "term"),
        ({"start": "2025-03-10", "term": {}}, "term"),
        ({"start": "2025-03-10", "term": {"days": -1}}, "term.days"),
        ({"start": "2025-03-10", "term": {"days": "30"}}, "term.days"),
        ({"start": "2025-03-10", "term": {"days": 30.0}}, "term.days"),
        ({"start": "2025-03-10", "term": {"months": True}}, "term.months"),
        ({"start": "2025-03-10", "term": {"weeks": 3}}, "term.weeks"),
        ({"start": "2025-03-10", "term": {"years": 101}}, "term.years"),
        ({"start": "2025-03-10", "term": [30]}, "term"),
        ({"start": "2025-03-10", "term": {"days": 30}, "credited_days": -1}, "credited_days"),
        ({"start": "2025-03-10", "term": {"days": 30}, "credited_days": True}, "credited_days"),
        ({"start": "2025-03-10", "term": {"days": 30}, "credited_days": 30}, "credited_days"),
        (
            {"start": "2025-03-10", "term": {"days": 30}, "non_counting_days": -2},
            "non_counting_days",
        ),
        ({"start": "2025-03-10", "term": {"days": 30}, "reaction": "bot"}, "reaction"),
        ({"start": "2025-03-10", "term": {"days": 30}, "age_at_start": "17"}, "age_at_start"),
        ({"start": "2025-03-10", "term": {"days": 30}, "age_at_start": False}, "age_at_start"),
        ({"start": "2025-03-10", "term": {"days": 30}, "offences": "strl-271"}, "offences"),
        ({"start": "2025-03-10", "term": {"days": 30}, "offences": ["§ 271"]}, "offences[0]"),
        ({"start": "2025-03-10", "term": {"days": 30}, "offences": [271]}, "offences[0]"),
        ({"start": "2025-03-10", "term": {"days": 30}, "colour": "red"}, "colour"),
        (
            {"start": "2025-03-10", "term": {"days": 30}, "continuous_custody_from": "2025-03-11"},
            "continuous_custody_from",
        ),
        (
            {"start": "2025-03-10", "term": {"days": 30}, "sentences": [{"term": {"days": 3}}]},
            "sentences",
        ),
        ({"start": "2025-03-10", "sentences": []}, "sentences"),
        ({"start": "2025-03-10", "sentences": [{"credited_days": 3}]}, "sentences[0].term"),
        ({"start": "2025-03-10", "sentences": [{"term": {"days": 0}}]}, "sentences[0].term"),
        (
            {
                "start": "2025-03-10",
                "term": {"days": 30},
                "non_counting_days": 2,
                "non_counting_periods": [],
            },
            "non_counting_periods",
        ),
        (
            {
                "start": "2025-03-10",
                "term": {"days": 30},
                "non_counting_periods": [
                    {"from": "2025-03-12", "to": "2025-03-11", "kind": "absence"}
                ],
            },
            "non_counting_periods[0].to",
        ),
        (
            {
                "start": "2025-03-10",
                "term": {"days": 30},
                "non_counting_periods": [{"from": "2025-03-12", "to": "2025-03-13"}],
            },
            "non_counting_periods[0].kind",
        ),
        ("2025-03-10", None),
    ],
)
def test_sentence_rejects_bad_input(payload: Any, field: str | None) -> None:
    assert error(sentence, payload).field == field


def test_a_bad_element_names_its_index_and_nothing_is_computed() -> None:
    calls = []

    def counting(item: Any) -> Any:
        calls.append(item)
        return sentence(item)

    payload = [EXAMPLE, EXAMPLE | {"credited_days": True}, EXAMPLE]
    problem = error(counting, payload)
    assert problem.index == 1
    assert problem.field == "credited_days"
    assert "element 1, field 'credited_days'" in problem.describe()
    assert len(calls) == 2  # stops at the bad one; run_batch returns nothing


def test_settings_override_conventions(settings: Any) -> None:
    payload = {"start": "2025-01-15", "term": {"years": 4}, "credited_days": 45}
    assert run(sentence, payload)["leave_eligible_from"] == "2026-04-02"
    settings.VARDE_SENTENCE_CONVENTIONS = {"eligible_from_next_day": False}
    assert run(sentence, payload)["leave_eligible_from"] == "2026-04-01"  # rules.md 0.4-A
    settings.VARDE_SENTENCE_CONVENTIONS = {"rounding": "ceil"}
    with pytest.raises(ImproperlyConfigured, match="unknown sentence convention"):
        run(sentence, payload)


# --- remand-credit --------------------------------------------------------------------------

EXAMPLE_2_2_A = {
    "custody": [{"from": "2025-01-10T21:00", "to": "2025-03-01T12:00"}],
    "full_isolation": [{"from": "2025-01-11T08:00", "to": "2025-01-25T11:00"}],
}


def test_remand_credit_example_2_2_a() -> None:
    assert run(remand_credit, EXAMPLE_2_2_A) == {
        "base_days": 50,
        "isolation_days": 8,
        "credited_days": 58,
    }


def test_remand_credit_offsets_and_daylight_saving() -> None:
    # 20:00 UTC is 21:00 in Oslo in January: same as the naive local time.
    same = {"custody": [{"from": "2025-01-10T20:00Z", "to": "2025-01-11T01:00+00:00"}]}
    assert run(remand_credit, same)["base_days"] == 1  # 5 hours
    # 2025-03-29 22:00 → 2025-03-30 22:00 Oslo is 23 real hours (spring forward): 1 day.
    spring = {"custody": [{"from": "2025-03-29T22:00", "to": "2025-03-30T22:00"}]}
    assert run(remand_credit, spring)["base_days"] == 1
    # 2025-10-25 12:00 → 2025-10-26 12:00 Oslo is 25 real hours (fall back): 2 days.
    autumn = {"custody": [{"from": "2025-10-25T12:00", "to": "2025-10-26T12:00"}]}
    assert run(remand_credit, autumn)["base_days"] == 2


def test_remand_credit_without_custody_periods_is_zero() -> None:
    assert run(remand_credit, {"custody": []})["credited_days"] == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "custody"),
        ({"custody": {"from": "2025-01-10T21:00"}}, "custody"),
        ({"custody": [{"from": "2025-01-10T21:00"}]}, "custody[0].to"),
        ({"custody": [{"from": "2025-01-10", "to": "2025-01-11T10:00"}]}, "custody[0].from"),
        ({"custody": [{"from": "yesterday", "to": "2025-01-11T10:00"}]}, "custody[0].from"),
        ({"custody": [{"from": "2025-01-10T25:00", "to": "2025-01-11T10:00"}]}, "custody[0].from"),
        ({"custody": [{"from": "2025-01-11T10:00", "to": "2025-01-10T10:00"}]}, "custody[0].to"),
        ({"custody": [{"from": "2025-03-30T02:30", "to": "2025-03-31T10:00"}]}, "custody[0].from"),
        ({"custody": [{"from": "2025-10-25T10:00", "to": "2025-10-26T02:30"}]}, "custody[0].to"),
        (
            {
                "custody": [
                    {"from": "2025-01-10T10:00", "to": "2025-01-12T10:00"},
                    {"from": "2025-01-11T10:00", "to": "2025-01-13T10:00"},
                ]
            },
            "custody[1]",
        ),
        (
            {
                "custody": [{"from": "2025-01-10T10:00", "to": "2025-01-12T10:00"}],
                "full_isolation": [{"from": "2025-01-11T10:00", "to": "2025-01-13T10:00"}],
            },
            "full_isolation[0]",
        ),
        ({"custody": [], "partial_isolation": []}, "partial_isolation"),
        (
            {"custody": [{"from": "2025-01-10T10:00", "to": "2025-01-11T10:00", "x": 1}]},
            "custody[0].x",
        ),
    ],
)
def test_remand_credit_rejects_bad_input(payload: Any, field: str) -> None:
    assert error(remand_credit, payload).field == field


# --- forvaring ------------------------------------------------------------------------------


def test_forvaring_example_5_a() -> None:
    payload = {
        "start": "2020-05-01",
        "time_frame": {"years": 10},
        "minimum_time": {"years": 6},
        "credited_days": 400,
    }
    assert run(forvaring, payload) == {
        "time_frame_served_on": "2029-03-26",
        "minimum_time_served_on": "2025-03-26",
        "two_thirds_minimum_served_on": "2023-03-27",
        "extension_suit_deadline": "2028-12-27",
    }


def test_forvaring_without_minimum() -> None:
    result = run(forvaring, {"start": "2020-05-01", "time_frame": {"years": 10}})
    assert result["minimum_time_served_on"] is None
    assert result["two_thirds_minimum_served_on"] is None
    assert result["time_frame_served_on"] == "2030-04-30"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"time_frame": {"years": 10}}, "start"),
        ({"start": "2020-05-01"}, "time_frame"),
        ({"start": "2020-05-01", "time_frame": {"years": -10}}, "time_frame.years"),
        (
            {"start": "2020-05-01", "time_frame": {"years": 1}, "credited_days": 365},
            "credited_days",
        ),
        (
            {"start": "2020-05-01", "time_frame": {"years": 5}, "minimum_time": {"years": 6}},
            "minimum_time",
        ),
        ({"start": "2020-05-01", "time_frame": {"years": 5}, "minimum": {"years": 2}}, "minimum"),
    ],
)
def test_forvaring_rejects_bad_input(payload: Any, field: str) -> None:
    assert error(forvaring, payload).field == field
