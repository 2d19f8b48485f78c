"""validate_national_id (rules.md § 12): worked vectors and hypothesis properties.

Check-digit arithmetic used in the comments below (rules.md § 12.2):
  S1 = 3 7 6 1 8 9 4 5 2 · digits 1-9,    r1 = (S1 + K1) mod 11
  S2 = 5 4 3 2 7 6 5 4 3 2 · digits 1-10, r2 = (S2 + K2) mod 11
Pre-2032 rule: r1 == 0 and r2 == 0. 2032 scheme: r1 in {0, 1, 2, 3} and r2 == 0.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from varde.people.rules import check_digits, check_remainders, validate_national_id

# --- rules.md § 12.2 vectors ---------------------------------------------------------------


def test_skatteetaten_example_is_valid_under_both_rules():
    # 0 2 0 1 3 2 9 9 9 | 9 7
    # S1 = 0+14+0+1+24+18+36+45+18 = 156; 156 mod 11 = 2; K1 = 9 → r1 = 165 mod 11 = 0
    # S2 = 0+8+0+2+21+12+45+36+27+18 = 169; 169 mod 11 = 4; K2 = 7 → r2 = 176 mod 11 = 0
    # Individual 999 with YY 32 (≤ 39) → 2000s: born 2032-01-02; 9th digit 9 odd → male.
    for accept_2032 in (True, False):
        result = validate_national_id("02013299997", accept_2032=accept_2032)
        assert result.valid
        assert result.kind == "fnr"
        assert result.birth_date == date(2032, 1, 2)
        assert result.sex == "male"


def test_30108299920_is_valid_under_both_rules():
    # digits 3 0 1 0 8 2 9 9 9 | 2 0
    # S1 = 9+0+6+0+64+18+36+45+18 = 196; 196 mod 11 = 9; K1 = 2 → 198 mod 11 = 0
    # S2 = 15+0+3+0+56+12+45+36+27+4 = 198; K2 = 0 → r2 = 0
    # Individual 999 with YY 82 (≥ 40) → 1900s: born 1982-10-30.
    for accept_2032 in (True, False):
        result = validate_national_id("30108299920", accept_2032=accept_2032)
        assert result.valid
        assert result.kind == "fnr"
        assert result.birth_date == date(1982, 10, 30)


def test_30108299939_is_valid_only_under_the_2032_rule_and_has_no_birth_date():
    # Same first nine as above: S1 mod 11 = 9; K1 = 3 → r1 = 199 mod 11 = 1 (2032 scheme only).
    # S2 = 198 - 2*2 + 3*2 = 200, 200 mod 11 = 2; K2 = 9 → r2 = 209 mod 11 = 0.
    result = validate_national_id("30108299939")
    assert result.valid
    assert result.kind == "fnr"
    assert result.birth_date is None  # 2032 numbers carry no century
    assert result.sex is None  # and are gender-neutral
    assert not validate_national_id("30108299939", accept_2032=False).valid


def test_d_number_sample_from_rules():
    # 43022014103: day 43 → D-number, day 3; month 02; YY 20; individual 141 → 1900s.
    # S1 = 12+21+0+2+16+0+4+20+2 = 77 ≡ 0, K1 = 0; S2 = 20+12+0+4+14+0+5+16+3+0 = 74 ≡ 8, K2 = 3.
    result = validate_national_id("43022014103")
    assert result.valid
    assert result.kind == "dnr"
    assert result.birth_date == date(1920, 2, 3)


def test_birth_number_sample_from_rules():
    # 29100207042: 29.10.02, individual 070 (499-000 → 1900s) → 1902-10-29; 9th digit 0 → female.
    result = validate_national_id("29100207042")
    assert result.valid
    assert result.kind == "fnr"
    assert result.birth_date == date(1902, 10, 29)
    assert result.sex == "female"


# --- D- and H-numbers, FH-numbers ----------------------------------------------------------


def test_h_number_month_plus_40():
    # 014185123 + K: S1 = 0+7+24+1+64+45+4+10+6 = 161 ≡ 7 → K1 = 4;
    # S2 = 0+4+12+2+56+30+5+8+9+8 = 134 ≡ 2 → K2 = 9.  Month 41 → January; 123 → 1900s.
    result = validate_national_id("01418512349")
    assert result.valid
    assert result.kind == "hnr"
    assert result.birth_date == date(1985, 1, 1)


def test_number_with_both_d_and_h_offsets_is_invalid():
    # 414185123 + K: S1 = 173 ≡ 8 → K1 = 3; S2 = 152 ≡ 9 → K2 = 2. Check digits right,
    # but day 41 (D) and month 41 (H) together are no kind of number.
    assert check_remainders("41418512332") == (0, 0)
    assert not validate_national_id("41418512332").valid


def test_d_number_day_beyond_71_is_invalid():
    # 720185123 + K: S1 = 165 ≡ 0 → K1 = 0; S2 = 153 ≡ 10 → K2 = 1. Day 72 - 40 = 32.
    assert check_remainders("72018512301") == (0, 0)
    assert not validate_national_id("72018512301").valid


@pytest.mark.parametrize(
    "number",
    [
        "81234567802",  # S1 = 198 ≡ 0 → K1 = 0; S2 = 196 ≡ 9 → K2 = 2
        "91234567883",  # S1 = 201 ≡ 3 → K1 = 8; S2 = 217 ≡ 8 → K2 = 3
    ],
)
def test_fh_number_is_valid_without_birth_date(number):
    # "12 34" as day/month would be impossible for a birth number; FH numbers carry no date.
    for accept_2032 in (True, False):
        result = validate_national_id(number, accept_2032=accept_2032)
        assert result.valid
        assert result.kind == "fh"
        assert result.birth_date is None


def test_fh_number_with_wrong_check_digit_is_invalid():
    assert not validate_national_id("81234567803").valid


# --- century ranges ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "born"),
    [
        # 749-500 → 1854-1899
        ("01015450068", date(1854, 1, 1)),  # ind 500, YY 54: S1 = 104 ≡ 5 → 6; S2 = 102 ≡ 3 → 8
        ("01016060085", date(1860, 1, 1)),  # ind 600, YY 60: S1 = 80 ≡ 3 → 8; S2 = 94 ≡ 6 → 5
        ("31129974810", date(1899, 12, 31)),  # ind 748, YY 99: S1 = 241 ≡ 10 → 1; S2 = 220 → 0
        # 499-000 → 1900-1999
        ("01019000083", date(1990, 1, 1)),  # ind 000: S1 = 80 ≡ 3 → 8; S2 = 85 ≡ 8 → 3
        ("01019049961", date(1990, 1, 1)),  # ind 499: S1 = 159 ≡ 5 → 6; S2 = 164 ≡ 10 → 1
        ("29100207042", date(1902, 10, 29)),  # ind 070
        # 999-900 with YY ≥ 40 → 1940-1999
        ("15054595066", date(1945, 5, 15)),  # ind 950, YY 45: S1 = 181 ≡ 5 → 6; S2 = 170 ≡ 5 → 6
        ("01019999943", date(1999, 1, 1)),  # ind 999, YY 99: S1 = 260 ≡ 7 → 4; S2 = 239 ≡ 8 → 3
        # 999-500 with YY ≤ 39 → 2000-2039
        ("31121050032", date(2010, 12, 31)),  # ind 500, YY 10: S1 = 52 ≡ 8 → 3; S2 = 64 ≡ 9 → 2
        ("02013299997", date(2032, 1, 2)),  # ind 999, YY 32
    ],
)
def test_century_comes_from_the_individual_number(number, born):
    result = validate_national_id(number, accept_2032=False)
    assert result.valid
    assert result.birth_date == born


@pytest.mark.parametrize(
    "number",
    [
        "01014560013",  # ind 600 with YY 45: 500-749 is 1800s only from YY 54; 2000s needs ≤ 39
        "01016080000",  # ind 800 with YY 60: 750-899 belongs to no range with YY ≥ 40
    ],
)
def test_individual_number_outside_every_range_gives_no_birth_date(number):
    # Check digits are right (S1 = 109 ≡ 10 → 1, S2 = 96 ≡ 8 → 3; S1 = S2 = 88 ≡ 0 → 0, 0), so
    # the number is accepted, but no century fits and no birth date is claimed.
    result = validate_national_id(number)
    assert result.valid
    assert result.birth_date is None


# --- leap years, impossible dates --------------------------------------------------------


def test_29_february_in_a_common_year_is_invalid():
    # 290201124 + K: S1 = 102 ≡ 3 → K1 = 8; S2 = 97 ≡ 9 → K2 = 2. 1901 is not a leap year.
    assert check_remainders("29020112482") == (0, 0)
    assert not validate_national_id("29020112482").valid


def test_29_february_1900_is_invalid_but_2000_is_valid():
    # 290200123 + K: S1 = 91 ≡ 3 → 8; S2 = 88 ≡ 0 → 0. Ind 123 → 1900, not a leap year.
    assert check_remainders("29020012380") == (0, 0)
    assert not validate_national_id("29020012380").valid
    # 290200523 + K: S1 = 107 ≡ 8 → 3; S2 = 98 ≡ 10 → 1. Ind 523, YY 00 → 2000, a leap year.
    result = validate_national_id("29020052331")
    assert result.valid
    assert result.birth_date == date(2000, 2, 29)


def test_29_february_in_a_leap_year_is_valid():
    # 290296124 + K: S1 = 219 ≡ 10 → 1; S2 = 176 ≡ 0 → 0. 1996 is a leap year.
    assert validate_national_id("29029612410").birth_date == date(1996, 2, 29)


@pytest.mark.parametrize(
    "number",
    [
        "32018512318",  # day 32         (S1 = 153 ≡ 10 → 1; S2 = 135 ≡ 3 → 8)
        "00018512327",  # day 00         (S1 = 130 ≡ 9 → 2; S2 = 114 ≡ 4 → 7)
        "01138512394",  # month 13       (S1 = 145 ≡ 2 → 9; S2 = 139 ≡ 7 → 4)
        "31048512359",  # 31 April       (S1 = 149 ≡ 6 → 5; S2 = 145 ≡ 2 → 9)
    ],
)
def test_impossible_dates_are_invalid_even_with_right_check_digits(number):
    assert check_remainders(number) == (0, 0)
    assert not validate_national_id(number).valid


# --- malformed input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "02013299998",  # K2 off by one: r2 = 1
        "02013299987",  # K1 off by one: r1 = 10
        "02013299979",  # check digits swapped
        "30108299960",  # K1 = 6: r1 = (196 + 6) mod 11 = 4, beyond the 2032 range 0-3
        "0201329999",  # 10 digits
        "020132999970",  # 12 digits
        "",
        "020132 99997",
        " 02013299997",
        "0201329999a",
        "+2013299997",
        "-2013299997",
        "02013299997\n",
        "0201329999０",  # fullwidth zero
        "0201329999７",  # fullwidth seven (would be the right digit)
        "٠٢٠١٣٢٩٩٩٩٧",  # Arabic-Indic digits spelling 02013299997
        "0201329999٧",  # Arabic-Indic seven in last place
        "0201329999²",  # superscript two: str.isdigit() is True, int() fails
    ],
)
def test_malformed_or_wrong_numbers_are_invalid(number):
    result = validate_national_id(number)
    assert not result.valid
    assert result.kind is None
    assert result.birth_date is None


# --- synthetic test numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("01818512321", "fnr"),  # month 81 = 1 + 80: S1 = 185 ≡ 9 → 2; S2 = 142 ≡ 10 → 1
        ("01668512395", "fnr"),  # month 66 = 1 + 65: S1 = 178 ≡ 2 → 9; S2 = 160 ≡ 6 → 5
        ("41818512315", "dnr"),  # day 41, month 81: S1 = 197 ≡ 10 → 1; S2 = 160 ≡ 6 → 5
    ],
)
def test_synthetic_numbers_rejected_by_default_and_accepted_when_allowed(number, kind):
    assert not validate_national_id(number).valid
    result = validate_national_id(number, allow_synthetic=True)
    assert result.valid
    assert result.synthetic
    assert result.kind == kind
    assert result.birth_date == date(1985, 1, 1)


def test_real_numbers_are_not_marked_synthetic():
    assert not validate_national_id("30108299920", allow_synthetic=True).synthetic


# --- the 2032 scheme ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "r1"),
    [
        # First nine 301082999 with S1 ≡ 9:  K1 = 3 → r1 1; K1 = 4 → r1 2; K1 = 5 → r1 3.
        # S2 over the first nine is 194; + 2·K1 then + K2 must be ≡ 0:
        ("30108299939", 1),  # 194 + 6 = 200 ≡ 2 → K2 = 9
        ("30108299947", 2),  # 194 + 8 = 202 ≡ 4 → K2 = 7
        ("30108299955", 3),  # 194 + 10 = 204 ≡ 6 → K2 = 5
    ],
)
def test_first_check_remainder_1_to_3_valid_only_when_2032_accepted(number, r1):
    assert check_remainders(number) == (r1, 0)
    accepted = validate_national_id(number)
    assert accepted.valid
    assert accepted.birth_date is None
    assert not validate_national_id(number, accept_2032=False).valid


# --- properties ---------------------------------------------------------------------------

eleven_digits = st.text(alphabet="0123456789", min_size=11, max_size=11)


@given(eleven_digits, st.booleans(), st.booleans())
def test_any_eleven_digits_are_invalid_or_of_a_known_kind(number, allow_synthetic, accept_2032):
    result = validate_national_id(number, allow_synthetic=allow_synthetic, accept_2032=accept_2032)
    if result.valid:
        assert result.kind in {"fnr", "dnr", "hnr", "fh"}
        assert check_remainders(number)[1] == 0
        if result.birth_date is not None:
            # The date is the number's own DDMM with the kind's offset taken off.
            day_offset = 40 if result.kind == "dnr" else 0
            assert result.birth_date.day == int(number[0:2]) - day_offset
            assert int(number[2:4]) - result.birth_date.month in {0, 40, 65, 80}
            assert result.birth_date.year % 100 == int(number[4:6])
    else:
        assert result.kind is None
        assert result.birth_date is None


@st.composite
def pre_2032_numbers(draw):
    """A valid pre-2032 number: fnr, dnr or hnr for a real birth date, individual number from
    the range that gives that date's century, check digits from ``check_digits``."""
    born = draw(st.dates(min_value=date(1854, 1, 1), max_value=date(2039, 12, 31)))
    if born.year < 1900:
        individual = draw(st.integers(500, 749))
    elif born.year < 2000:
        individual = draw(st.integers(0, 499))
    else:
        individual = draw(st.integers(500, 999))
    kind = draw(st.sampled_from(["fnr", "dnr", "hnr"]))
    day = born.day + (40 if kind == "dnr" else 0)
    month = born.month + (40 if kind == "hnr" else 0)
    first_nine = f"{day:02d}{month:02d}{born.year % 100:02d}{individual:03d}"
    digits = check_digits(first_nine)
    assume(digits is not None)
    assert digits is not None
    return f"{first_nine}{digits[0]}{digits[1]}", kind, born


@given(pre_2032_numbers())
def test_check_digits_make_a_valid_number_with_the_right_birth_date(case):
    number, kind, born = case
    result = validate_national_id(number, accept_2032=False)
    assert result.valid
    assert result.kind == kind
    assert result.birth_date == born
    assert check_remainders(number) == (0, 0)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_check_digits_satisfy_both_checks_or_are_refused(first_nine):
    digits = check_digits(first_nine)
    if digits is not None:
        assert check_remainders(f"{first_nine}{digits[0]}{digits[1]}") == (0, 0)


# Single-digit errors. Changing digit i by δ (δ in ±1..±9, never ≡ 0 mod 11) changes each
# weighted sum that covers i by w·δ. Every weight (3 7 6 1 8 9 4 5 2 1 and 5 4 3 2 7 6 5 4 3 2 1)
# is in 1..10, and 11 is prime, so w·δ ≢ 0 (mod 11): K2's sum covers all eleven digits, so r2
# always moves off 0, and K1's sum covers digits 1-10, so r1 moves off 0 too (K2 alone is
# not covered by K1). Hence the number is invalid under either rule, not only the pre-2032 one.


@given(pre_2032_numbers(), st.integers(0, 10), st.integers(1, 9))
def test_changing_one_digit_of_a_valid_number_makes_it_invalid(case, position, delta):
    number = case[0]
    changed_digit = str((int(number[position]) + delta) % 10)
    changed = number[:position] + changed_digit + number[position + 1 :]
    r1, r2 = check_remainders(changed)
    assert r2 != 0
    if position < 10:
        assert r1 != 0
    assert not validate_national_id(changed, accept_2032=False, allow_synthetic=True).valid
    assert not validate_national_id(changed, accept_2032=True, allow_synthetic=True).valid
