"""The real command: ``varde calc sentence | remand-credit | forvaring`` in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest


def varde_calc(name: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "varde.cli", "calc", name],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def ok(name: str, payload: Any) -> Any:
    done = varde_calc(name, json.dumps(payload))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_sentence_object_and_array() -> None:
    single = ok("sentence", {"start": "2025-03-10", "term": {"months": 9}, "credited_days": 20})
    assert single["two_thirds_served_on"] == "2025-08-20"
    assert single["trace"][0]["explanation"].startswith("9 måneder")  # UTF-8, not escaped
    batch = ok(
        "sentence",
        [
            {"start": "2025-01-06", "term": {"days": 74}},
            {"start": "2025-01-06", "term": {"days": 73}},
        ],
    )
    assert [r["parole_ordinary"] for r in batch] == [True, False]


def test_remand_credit_and_forvaring() -> None:
    credit = ok(
        "remand-credit",
        {"custody": [{"from": "2025-01-10T21:00", "to": "2025-03-01T12:00"}]},
    )
    assert credit == {"base_days": 50, "isolation_days": 0, "credited_days": 50}
    frame = ok(
        "forvaring",
        {"start": "2020-05-01", "time_frame": {"years": 10}, "credited_days": 400},
    )
    assert frame["extension_suit_deadline"] == "2028-12-27"


@pytest.mark.parametrize(
    ("name", "stdin", "message"),
    [
        ("sentence", "{", "input is not valid JSON"),
        ("sentence", '{"start": "2025-02-30", "term": {"days": 30}}', "field 'start'"),
        (
            "sentence",
            '[{"start": "2025-03-10", "term": {"days": 30}},'
            ' {"start": "2025-03-10", "term": {"days": 30}, "credited_days": true}]',
            "element 1, field 'credited_days'",
        ),
        ("sentence", '{"start": "2025-03-10", "term": {"days": 30}, "reaction": "x"}', "reaction"),
        (
            "remand-credit",
            '{"custody": [{"from": "2025-01-11T10:00", "to": "2025-01-10T10:00"}]}',
            "field 'custody[0].to'",
        ),
        ("forvaring", '{"start": "2020-05-01", "time_frame": {"years": 0}}', "time_frame"),
    ],
)
def test_bad_input_exits_2_with_a_message(name: str, stdin: str, message: str) -> None:
    done = varde_calc(name, stdin)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"varde calc {name}: ")
    assert message in done.stderr
