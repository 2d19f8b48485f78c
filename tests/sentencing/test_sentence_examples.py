"""The worked examples of rules.md (§§ 0.3, 0.4, 1.4, 2.2, 3.2, 4.1), number by number.

Where rules.md disagrees with the v1 conventions of issue 3, the test asserts the convention
and the comment quotes the document (see docs/developers/sentencing-conventions.md).
"""

from __future__ import annotations

import pytest

from tests.sentencing.support import sentence
from varde.sentencing.rules.conventions import Conventions


def test_example_0_3_a_nine_months_with_remand() -> None:
    # 9 months from 2025-03-10 → anchor 2025-12-10 → T = 275; 20 days credit.
    result = sentence("2025-03-10", months=9, credited=20)
    assert result["total_days"] == 275
    # End: 275 − 20 = 255 days to serve; day 255 = 2025-03-10 + 254 = 2025-11-19.
    assert result["end_of_sentence"] == "2025-11-19"
    # 2/3: ceil(183.33) = 184 − 20 = 164 → 2025-03-10 + 163 = 2025-08-20; 91 days remain.
    assert result["two_thirds"] == "2025-08-20"
    assert result["parole_ordinary"] is True
    # 1/2: ceil(137.5) = 138 − 20 = 118 → + 117 = 2025-07-05.
    assert result["half"] == "2025-07-05"
    # 1/3: ceil(91.67) = 92 − 20 = 72 → + 71 = 2025-05-20.
    assert result["one_third"] == "2025-05-20"
    # § 3.2: 6 months before expected release (2025-08-21) lies before start; 1/3 reached
    # 2025-05-20 → partial EK from 2025-05-21.
    assert result["ek_partial_from"] == "2025-05-21"
    # Example 4.1-A: remand not continuous → 4 months from 2025-03-10 = 2025-07-10, later
    # than the day after 1/3 (2025-05-21).
    assert result["leave_eligible_from"] == "2025-07-10"
    # 275 days > 184 (2025-03-10 → 2025-09-10): no full EK.
    assert result["ek_full_possible"] is False


def test_example_4_1_a_continuous_remand_counts_for_leave() -> None:
    # Remand ran continuously from 2025-02-18 → 4 months reached 2025-06-18 (later than 05-21).
    result = sentence("2025-03-10", months=9, credited=20, custody_from="2025-02-18")
    assert result["leave_eligible_from"] == "2025-06-18"


def test_example_0_3_b_naive_thirty_day_months() -> None:
    # 270 days total → 250 to serve → 2025-03-10 + 249 = 2025-11-14; 2/3 = 180 − 20 = 160
    # → + 159 = 2025-08-16. rules.md: "end 2025-11-14, 2/3 point 2025-08-16".
    result = sentence(
        "2025-03-10", months=9, credited=20, conv=Conventions(term_conversion="fixed")
    )
    assert result["total_days"] == 270
    assert result["end_of_sentence"] == "2025-11-14"
    assert result["two_thirds"] == "2025-08-16"


def test_example_0_3_c_two_years_from_a_leap_day() -> None:
    # 2024-02-29 + 2 years → 2026-02-28 → 730 days; last day 2026-02-27;
    # 2/3 = 487 days → 2024-02-29 + 486 = 2025-06-29.
    result = sentence("2024-02-29", years=2)
    assert result["total_days"] == 730
    assert result["end_of_sentence"] == "2026-02-27"
    assert result["two_thirds"] == "2025-06-29"


def test_example_0_3_d_one_month_from_31_january() -> None:
    # 2025-01-31 + 1 month → 2025-02-28 → 28 days; last day 2025-02-27.
    result = sentence("2025-01-31", months=1)
    assert result["total_days"] == 28
    assert result["end_of_sentence"] == "2025-02-27"


def test_example_0_4_a_four_years_with_credit() -> None:
    # 4 years from 2025-01-15 → 2029-01-15 → 1461 days; 45 days credit, remand not contiguous.
    result = sentence("2025-01-15", years=4, credited=45)
    assert result["total_days"] == 1461
    # 1461 − 45 = 1416 days → 2025-01-15 + 1415 = 2028-11-30.
    assert result["end_of_sentence"] == "2028-11-30"
    # ceil(487) − 45 = 442 → + 441 = 2026-04-01.
    assert result["one_third"] == "2026-04-01"
    # 731 − 45 = 686 → + 685 = 2026-12-01.
    assert result["half"] == "2026-12-01"
    # 974 − 45 = 929 → + 928 = 2027-08-01; remaining 487 ≥ 14.
    assert result["two_thirds"] == "2027-08-01"
    assert result["parole_ordinary"] is True
    # DISAGREEMENT: rules.md gives leave 2026-04-01 (the 1/3 day itself) and partial EK
    # 2027-02-01 (2/3 day − 6 months). The v1 convention counts from the day after:
    # leave = 2026-04-02; EK = (2027-08-02) − 6 months = 2027-02-02.
    assert result["leave_eligible_from"] == "2026-04-02"
    assert result["ek_partial_from"] == "2027-02-02"


def test_example_0_4_a_as_printed_with_same_day_convention() -> None:
    # eligible_from_next_day = False reproduces the document's printed 0.4-A numbers.
    conv = Conventions(eligible_from_next_day=False)
    result = sentence("2025-01-15", years=4, credited=45, conv=conv)
    assert result["leave_eligible_from"] == "2026-04-01"
    assert result["ek_partial_from"] == "2027-02-01"


@pytest.mark.parametrize(
    ("days", "two_thirds", "ordinary", "end"),
    [
        # 2/3 of 120 = 80 → 2025-01-06 + 79 = 2025-03-26; end + 119 = 2025-05-05; 40 remain.
        (120, "2025-03-26", True, "2025-05-05"),
        # 2/3 of 90 = 60 exactly → + 59 = 2025-03-06; 30 remain.
        (90, "2025-03-06", True, "2025-04-05"),
        # 2/3 of 80 = 53.3 → raised to 60 → 2025-03-06; 20 remain.
        (80, "2025-03-06", True, "2025-03-26"),
        # 75: ceil(50) → 60; 15 remain.
        (75, "2025-03-06", True, "2025-03-21"),
        # 74: 60; 14 remain — "14 is not less than 14".
        (74, "2025-03-06", True, "2025-03-20"),
        # 73: 60; 13 remain → weighty reasons only.
        (73, "2025-03-06", False, "2025-03-19"),
        # 61: the 60-day floor; 1 day remains.
        (61, "2025-03-06", False, "2025-03-07"),
        # 60 and 59: cannot reach 60 days before the end → no parole date.
        (60, None, False, "2025-03-06"),
        (59, None, False, "2025-03-05"),
    ],
)
def test_section_1_4_day_sentences(
    days: int, two_thirds: str | None, ordinary: bool, end: str
) -> None:
    result = sentence("2025-01-06", days=days)
    assert result["two_thirds"] == two_thirds
    assert result["parole_ordinary"] is ordinary
    assert result["end_of_sentence"] == end


def test_example_2_2_a_credit_against_nine_months() -> None:
    # 58 days credit against 275: 217 to serve → 2025-03-10 + 216 = 2025-10-12.
    result = sentence("2025-03-10", months=9, credited=58)
    assert result["end_of_sentence"] == "2025-10-12"


def test_section_3_2_one_year_partial_ek() -> None:
    # 1 year from 2025-06-02 = 365 days. 2/3 = day 244 = 2026-01-31; 1/3 = day 122 =
    # 2025-10-01. Six months before release (2026-02-01) = 2025-08-01 → the later is
    # the day after 1/3: 2025-10-02. Full EK not possible (> 6 months).
    result = sentence("2025-06-02", years=1)
    assert result["two_thirds"] == "2026-01-31"
    assert result["one_third"] == "2025-10-01"
    assert result["ek_partial_from"] == "2025-10-02"
    assert result["ek_full_possible"] is False


def test_section_3_2_four_months_full_ek() -> None:
    # 4 months from 2025-09-01 = 122 days ≤ 6 months (2025-09-01 → 2026-03-01 = 181 days).
    result = sentence("2025-09-01", months=4)
    assert result["total_days"] == 122
    assert result["ek_full_possible"] is True


def test_example_4_1_b_long_term_leave_after_four_years() -> None:
    # 15 years from 2025-01-01 = 5478 days; 1/3 = 1826 → 2025-01-01 + 1825 = 2029-12-31,
    # so leave by 1/3 would be 2030-01-01; > 12 years → 4 years' custody: 2029-01-01.
    result = sentence("2025-01-01", years=15)
    assert result["one_third"] == "2029-12-31"
    assert result["leave_eligible_from"] == "2029-01-01"
