"""Pure rules for persons: Norwegian national identity numbers (rules.md § 12).

Folkeregisterloven § 2-2 and folkeregisterforskriften §§ 2-2-1, 2-2-2 define the birth number
(fødselsnummer) and the D-number; the health sector adds H-numbers and FH-numbers. Skatteetaten
decided the 2032 scheme, in which the first check digit may leave remainder 0-3. No ORM here.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)  # digits 1-9 and K1 itself (weight 1)
K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)  # digits 1-10 and K2 itself (weight 1)

SYNTHETIC_MONTH_OFFSETS = (80, 65)  # Skatteetaten/Tenor (+80), Norsk helsenett (+65)
D_NUMBER_DAY_OFFSET = 40
H_NUMBER_MONTH_OFFSET = 40


@dataclass(frozen=True)
class NationalIdResult:
    """What a national ID tells: whether it is valid, its kind, and the birth date if known.

    ``kind`` is "fnr", "dnr", "hnr" or "fh"; None (with ``birth_date`` None) when invalid.
    ``synthetic`` marks a test number (month + 80 or + 65); ``sex`` is "female"/"male" only for
    pre-2032 numbers (9th digit even = female), else None.
    """

    valid: bool
    kind: str | None = None
    birth_date: date | None = None
    synthetic: bool = False
    sex: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "valid": self.valid,
            "kind": self.kind,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
        }


INVALID = NationalIdResult(valid=False)


def check_remainders(number: str) -> tuple[int, int]:
    """The mod-11 remainders of the weighted sums over K1 and K2 (rules.md § 12.2).

    A number satisfies the pre-2032 rule when both are 0; the 2032 scheme accepts a first
    remainder of 0, 1, 2 or 3 and still requires the second to be 0.
    """
    digits = [int(ch) for ch in number]
    r1 = sum(d * w for d, w in zip(digits[:10], K1_WEIGHTS, strict=True)) % 11
    r2 = sum(d * w for d, w in zip(digits, K2_WEIGHTS, strict=True)) % 11
    return r1, r2


def century_for(yy: int, individual: int) -> int | None:
    """Century of a pre-2032 birth number from its individual number (forskrift § 2-2-1).

    749-500 → 1854-1899; 499-000 → 1900-1999; 999-900 → 1940-1999; 999-500 → 2000-2039.
    None when no range fits (the number cannot be a pre-2032 birth number with a known year).
    """
    if individual <= 499:
        return 1900
    if individual >= 900 and yy >= 40:
        return 1900
    if individual >= 500 and yy <= 39:
        return 2000
    if 500 <= individual <= 749 and yy >= 54:
        return 1800
    return None


def _day_month_possible(day: int, month: int) -> bool:
    """Whether DD.MM is a date in some year (29 February counts)."""
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]


def validate_national_id(
    number: str, *, allow_synthetic: bool = False, accept_2032: bool = True
) -> NationalIdResult:
    """Validate a fødselsnummer, D-number, H-number or FH-number (rules.md § 12).

    - 11 digits, both check digits right (K2 remainder 0; K1 remainder 0, or 0-3 under the
      2032 scheme when ``accept_2032``). Anything else, including non-digits, is invalid.
    - First digit 8 or 9: FH-number, valid without a birth date.
    - Day + 40: D-number. Month + 40: H-number. Month + 80 or + 65: synthetic test number,
      rejected unless ``allow_synthetic`` (then its underlying kind is reported).
    - The birth date (with century from the individual number) is derived only when the K1
      remainder is 0; a 2032-scheme number (remainder 1-3) gives no birth date. Day and month
      must still form a possible date.
    """
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        return INVALID
    r1, r2 = check_remainders(number)
    if r2 != 0 or not (r1 == 0 or (accept_2032 and r1 in (1, 2, 3))):
        return INVALID
    if number[0] in "89":
        return NationalIdResult(valid=True, kind="fh")

    day, month, yy = int(number[0:2]), int(number[2:4]), int(number[4:6])
    kind = "fnr"
    if day > D_NUMBER_DAY_OFFSET:
        kind, day = "dnr", day - D_NUMBER_DAY_OFFSET
    synthetic = False
    for offset in SYNTHETIC_MONTH_OFFSETS:
        if month > offset:
            synthetic, month = True, month - offset
            break
    if not synthetic and month > H_NUMBER_MONTH_OFFSET:
        if kind == "dnr":
            return INVALID  # a number cannot carry both the D and the H offset
        kind, month = "hnr", month - H_NUMBER_MONTH_OFFSET
    if synthetic and not allow_synthetic:
        return INVALID
    if not _day_month_possible(day, month):
        return INVALID
    if r1 != 0:
        return NationalIdResult(valid=True, kind=kind, synthetic=synthetic)
    return _with_birth_date(number, kind, day, month, yy, synthetic)


def _with_birth_date(
    number: str, kind: str, day: int, month: int, yy: int, synthetic: bool
) -> NationalIdResult:
    century = century_for(yy, int(number[6:9]))
    sex = "female" if int(number[8]) % 2 == 0 else "male"
    if century is None:
        return NationalIdResult(valid=True, kind=kind, synthetic=synthetic, sex=sex)
    try:
        born = date(century + yy, month, day)
    except ValueError:  # 29 February in a year that is not a leap year
        return INVALID
    return NationalIdResult(valid=True, kind=kind, birth_date=born, synthetic=synthetic, sex=sex)


def is_minor_on(birth_date: date | None, day: date) -> bool:
    """Whether a person born on ``birth_date`` is under 18 on ``day`` (vergemålsloven § 2:
    a minor is under 18). An unknown birth date is not known to be a minor."""
    if birth_date is None:
        return False
    return age_on(birth_date, day) < 18


def age_on(birth_date: date, day: date) -> int:
    """Full years of age on ``day``. A person born 29 February gains a year on 1 March in
    common years (the birthday has not passed on 28 February)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def check_digits(first_nine: str) -> tuple[int, int] | None:
    """The two check digits (K1, K2) for nine digits under the pre-2032 rule; None when K1 or
    K2 would be 10 (that individual number is unusable, rules.md § 12.2)."""
    digits = [int(ch) for ch in first_nine]
    k1 = (11 - sum(d * w for d, w in zip(digits, K1_WEIGHTS[:9], strict=True)) % 11) % 11
    if k1 == 10:
        return None
    k2 = (11 - sum(d * w for d, w in zip([*digits, k1], K2_WEIGHTS[:10], strict=True)) % 11) % 11
    if k2 == 10:
        return None
    return k1, k2
