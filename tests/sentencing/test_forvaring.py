"""Forvaring: time frame, minimum time, 2/3 of minimum, extension suit (rules.md § 5)."""

from __future__ import annotations

from tests.sentencing.support import iso, o
from varde.sentencing.rules.dates import Term
from varde.sentencing.rules.forvaring import compute_forvaring, extension_suit_deadline


def test_example_5_a() -> None:
    # Frame 10 years, minimum 6 years, start 2020-05-01, 400 days credit.
    dates = compute_forvaring(o("2020-05-01"), Term(years=10), Term(years=6), 400)
    # Frame: 2020-05-01 → 2030-05-01 = 3652 days (29 Feb 2024, 2028); last day served =
    # start + 3652 − 400 − 1 = 2030-05-01 − 401 days = 2029-03-26.
    # DISAGREEMENT: rules.md prints 2030-05-01 − 400 = 2029-03-27, i.e. the day *after* the
    # last day (expiry), where the v1 convention reports date_of(T), the last day served.
    assert iso(dates.time_frame_served_on) == "2029-03-26"
    # Minimum: 2191 days → 2026-05-01 − 401 = 2025-03-26 (rules.md: 2025-03-27, same reason).
    assert iso(dates.minimum_time_served_on) == "2025-03-26"
    # 2/3 of minimum: ceil(2 × 2191 / 3) = 1461 incl. remand → 1061 days → + 1060 =
    # 2023-03-27 (2023-05-01 is + 1095; 35 days earlier). Same as rules.md.
    assert iso(dates.two_thirds_minimum_served_on) == "2023-03-27"
    # Suit: (2029-03-26 + 1) − 3 months = 2028-12-27. Same as rules.md.
    assert iso(dates.extension_suit_deadline) == "2028-12-27"


def test_without_minimum_time() -> None:
    dates = compute_forvaring(o("2020-05-01"), Term(years=10), None, 0)
    # 3652 days from 2020-05-01: last day 2030-04-30.
    assert iso(dates.time_frame_served_on) == "2030-04-30"
    assert dates.minimum_time_served_on is None
    assert dates.two_thirds_minimum_served_on is None
    # (2030-04-30 + 1) − 3 months = 2030-02-01.
    assert iso(dates.extension_suit_deadline) == "2030-02-01"


def test_extension_suit_deadline_clips_to_month_end() -> None:
    # Last day 2030-05-30 → expiry 2030-05-31 → 3 months earlier: no 31 Feb → 2030-02-28.
    assert iso(extension_suit_deadline(o("2030-05-30"))) == "2030-02-28"


def test_credit_beyond_two_thirds_of_minimum() -> None:
    # Minimum 1 year from 2025-01-01 (365 days): 2/3 = 244; credit 300 → 2025-01-01 +
    # (244 − 300 − 1) = 2025-01-01 − 57 = 2024-11-05.
    dates = compute_forvaring(o("2025-01-01"), Term(years=5), Term(years=1), 300)
    assert iso(dates.two_thirds_minimum_served_on) == "2024-11-05"
