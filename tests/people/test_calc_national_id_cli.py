"""``varde calc national-id`` run as a real process: JSON on stdin, JSON on stdout.

Vectors (worked out in test_national_id_rules.py):
  30108299920  fnr, born 1982-10-30, valid under both check-digit rules
  30108299939  valid only under the 2032 rule (K1 remainder 1), no birth date
  43022014103  D-number, born 1920-02-03
  01818512321  synthetic (month 81 = 1 + 80), born 1985-01-01
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

COMMAND = [sys.executable, "-m", "varde.cli", "calc", "national-id"]


def run(payload: str, **env_overrides: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VARDE_")}
    env["DJANGO_SETTINGS_MODULE"] = "varde.settings"
    env.update(env_overrides)
    return subprocess.run(
        COMMAND, input=payload, capture_output=True, text=True, env=env, timeout=60, check=False
    )


def test_array_in_array_out_in_order():
    numbers = ["30108299920", "43022014103", "30108299921", "30108299939"]
    result = run(json.dumps(numbers))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {"valid": True, "kind": "fnr", "birth_date": "1982-10-30"},
        {"valid": True, "kind": "dnr", "birth_date": "1920-02-03"},
        {"valid": False, "kind": None, "birth_date": None},  # K2 off by one
        {"valid": True, "kind": "fnr", "birth_date": None},  # 2032 scheme: no date
    ]


def test_single_string_gives_single_object():
    result = run('"30108299920"')
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"valid": True, "kind": "fnr", "birth_date": "1982-10-30"}


def test_non_digits_and_wrong_length_are_invalid_not_errors():
    odd = ["", "abc", "3010829992", "301082999200", "3010829992O", "٣٠١٠٨٢٩٩٩٢٠"]
    result = run(json.dumps(odd))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"valid": False, "kind": None, "birth_date": None}] * 6


def test_synthetic_number_invalid_by_default_valid_when_allowed_by_environment():
    default = run('["01818512321"]')
    assert default.returncode == 0, default.stderr
    assert json.loads(default.stdout) == [{"valid": False, "kind": None, "birth_date": None}]

    allowed = run('["01818512321"]', VARDE_ALLOW_SYNTHETIC_IDS="true")
    assert allowed.returncode == 0, allowed.stderr
    assert json.loads(allowed.stdout) == [
        {"valid": True, "kind": "fnr", "birth_date": "1985-01-01"}
    ]


def test_2032_numbers_rejected_when_the_environment_turns_the_scheme_off():
    result = run('["30108299939", "30108299920"]', VARDE_ACCEPT_2032_IDS="false")
    assert result.returncode == 0, result.stderr
    assert [r["valid"] for r in json.loads(result.stdout)] == [False, True]


def test_non_string_element_exits_2_naming_the_index_and_prints_no_result():
    result = run('["30108299920", "43022014103", 30108299920]')
    assert result.returncode == 2
    assert result.stdout == ""  # nothing half-done
    assert "element 2" in result.stderr
    assert "string" in result.stderr


def test_null_element_is_an_error_too():
    result = run("[null]")
    assert result.returncode == 2
    assert "element 0" in result.stderr


def test_invalid_json_exits_2_with_a_message():
    result = run('["30108299920",')
    assert result.returncode == 2
    assert result.stdout == ""
    assert "JSON" in result.stderr
