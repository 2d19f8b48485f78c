"""Remand credit, strl § 83 second para (rules.md § 2.2)."""

from __future__ import annotations

import pytest

from varde.sentencing.rules.conventions import Conventions
from varde.sentencing.rules.remand import (
    PeriodError,
    RemandCredit,
    custody_days,
    isolation_days,
    remand_credit,
)

HOUR = 3600
DAY = 24 * HOUR


@pytest.mark.parametrize(
    ("seconds", "days"),
    [
        (0, 0),
        (4 * HOUR, 0),  # exactly 4 hours: not "utover 4 timer"
        (4 * HOUR + 1, 1),
        (DAY, 1),
        (DAY + 1, 2),  # a started second døgn
        (1191 * HOUR, 50),  # Example 2.2-A: 49.6 døgn → 50
    ],
)
def test_custody_days(seconds: int, days: int) -> None:
    assert custody_days(seconds) == days


def test_custody_days_alternative_reading_subtracts_the_first_four_hours() -> None:
    conv = Conventions(remand_credit_reading="after_first_4_hours")
    # 28 hours: whole period → 2 started døgn; after the first 4 hours → 24 h → 1.
    assert custody_days(28 * HOUR) == 2
    assert custody_days(28 * HOUR, conv) == 1
    assert custody_days(4 * HOUR + 1, conv) == 1
    assert custody_days(4 * HOUR, conv) == 0


@pytest.mark.parametrize(
    ("seconds", "days"),
    [
        (4 * HOUR, 0),
        (4 * HOUR + 60, 1),  # any started 2-døgn period (HR-2004-02022-A)
        (2 * DAY, 1),
        (2 * DAY + 1, 2),
        (14 * DAY + 3 * HOUR, 8),  # Example 2.2-A: 14.125 / 2 → 8
    ],
)
def test_isolation_days(seconds: int, days: int) -> None:
    assert isolation_days(seconds) == days


def test_example_2_2_a() -> None:
    # Arrested 2025-01-10 21:00, custody until 2025-03-01 12:00 = 1191 h → 50 days; complete
    # isolation 14 days 3 hours → 8 days. Credit 58. (Seconds from an arbitrary origin.)
    arrest = 1_000_000
    custody = [(arrest, arrest + 1191 * HOUR)]
    isolation = [(arrest + DAY, arrest + DAY + 14 * DAY + 3 * HOUR)]
    assert remand_credit(custody, isolation) == RemandCredit(50, 8, 58)


def test_each_custody_period_is_rounded_on_its_own() -> None:
    # Two separate 5-hour stays: 1 + 1 day; one 10-hour stay would give 1.
    periods = [(0, 5 * HOUR), (3 * DAY, 3 * DAY + 5 * HOUR)]
    assert remand_credit(periods).base_days == 2
    # A 3-hour stay earns nothing, however many there are.
    assert remand_credit([(0, 3 * HOUR), (DAY, DAY + 3 * HOUR)]).base_days == 0


def test_touching_periods_are_one_deprivation() -> None:
    # Police cell 10:00-22:00 then prison 22:00-10:00: 24 h unbroken → 1 day, not 2.
    assert remand_credit([(0, 12 * HOUR), (12 * HOUR, DAY)]).base_days == 1


def test_overlapping_custody_is_an_error() -> None:
    with pytest.raises(PeriodError) as caught:
        remand_credit([(0, DAY), (DAY - 1, 2 * DAY)])
    assert caught.value.field == "custody[1]"


def test_reversed_period_is_an_error() -> None:
    with pytest.raises(PeriodError) as caught:
        remand_credit([(0, DAY), (5 * DAY, 4 * DAY)])
    assert caught.value.field == "custody[1]"


def test_isolation_outside_custody_is_an_error() -> None:
    with pytest.raises(PeriodError) as caught:
        remand_credit([(0, DAY)], [(HOUR, 2 * DAY)])
    assert caught.value.field == "full_isolation[0]"


def test_overlapping_isolation_is_an_error() -> None:
    with pytest.raises(PeriodError) as caught:
        remand_credit([(0, 10 * DAY)], [(0, 3 * DAY), (2 * DAY, 4 * DAY)])
    assert caught.value.field == "full_isolation[1]"


def test_police_custody_before_admission_counts_from_the_arrest() -> None:
    # Arrested 01.03.2025 20:00, police cell until admission 03.03.2025 10:00 (38 h), remand
    # in prison until the judgment is executed 11.03.2025 09:00 (191 h): 229 h unbroken →
    # ceil(229/24) = 10 days. From the admission alone it would be ceil(191/24) = 8.
    arrest = 1_000_000
    admitted = arrest + 38 * HOUR
    until = admitted + 191 * HOUR
    assert remand_credit([(arrest, admitted), (admitted, until)]).base_days == 10
    assert remand_credit([(arrest, until)]).base_days == 10
    assert remand_credit([(admitted, until)]).base_days == 8


def test_isolation_in_the_police_cell_counts_too() -> None:
    # HR-2005-01996-A: complete isolation in a police cell earns the bonus. Isolated from the
    # arrest (20:00) for 72 h across the move to prison → ceil(72/48) = 2 extra days.
    arrest = 1_000_000
    admitted = arrest + 38 * HOUR
    custody = [(arrest, admitted), (admitted, arrest + 229 * HOUR)]
    assert remand_credit(custody, [(arrest, arrest + 72 * HOUR)]) == RemandCredit(10, 2, 12)
