"""Synthetic persons for the demo and for benchmarks. Every national ID made here is a
synthetic test number (month + 80, Skatteetaten/Tenor style), so it can never belong to a
real person; the app accepts them only with ``VARDE_ALLOW_SYNTHETIC_IDS`` on."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from varde.people.rules import check_digits

FIRST_NAMES_F = [
    "Anne",
    "Inger",
    "Kari",
    "Marit",
    "Ingrid",
    "Liv",
    "Eva",
    "Berit",
    "Astrid",
    "Bjørg",
    "Hilde",
    "Nora",
    "Emma",
    "Sara",
    "Ida",
    "Åse",
    "Sølvi",
    "Maja",
    "Thea",
    "Ingeborg",
    "Amina",
    "Fatima",
    "Agnieszka",
    "Ewa",
]
FIRST_NAMES_M = [
    "Jan",
    "Per",
    "Bjørn",
    "Ole",
    "Lars",
    "Kjell",
    "Knut",
    "Arne",
    "Svein",
    "Thomas",
    "Hans",
    "Geir",
    "Jon",
    "Martin",
    "Andreas",
    "Øyvind",
    "Håkon",
    "Mohammed",
    "Ali",
    "Piotr",
    "Tomasz",
    "Jonas",
    "Mathias",
    "Ådne",
    "Sindre",
    "Even",
    "Jørgen",
    "Kristoffer",
    "Ahmed",
    "Mindaugas",
]
LAST_NAMES = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Johnsen",
    "Pettersen",
    "Eriksen",
    "Berg",
    "Haugen",
    "Hagen",
    "Johannessen",
    "Andreassen",
    "Jacobsen",
    "Dahl",
    "Jørgensen",
    "Halvorsen",
    "Henriksen",
    "Lund",
    "Sørensen",
    "Jakobsen",
    "Moen",
    "Gundersen",
    "Iversen",
    "Strand",
    "Solberg",
    "Svendsen",
    "Ødegård",
    "Aas",
    "Bråten",
    "Sæther",
    "Kowalski",
    "Nowak",
    "Ali",
    "Hussein",
    "Kazlauskas",
    "Nguyen",
    "Ahmed",
    "Hauge-Ødegaard",
    "Løvås",
]
FOREIGN_CITIZENSHIPS = ["PL", "LT", "RO", "SE", "SO", "SY", "ER", "VN", "AF", "IQ"]
CITIES = [
    ("0150", "Oslo"),
    ("5003", "Bergen"),
    ("7010", "Trondheim"),
    ("4006", "Stavanger"),
    ("9008", "Tromsø"),
    ("4610", "Kristiansand"),
    ("3015", "Drammen"),
    ("1606", "Fredrikstad"),
]
STREETS = [
    "Storgata",
    "Kirkeveien",
    "Skolegata",
    "Parkveien",
    "Strandgata",
    "Bjørkeveien",
    "Fjellveien",
    "Sjøgata",
    "Åsveien",
    "Øvre gate",
]


def synthetic_national_id(
    born: date, rng: random.Random, *, sex: str = "male", d_number: bool = False
) -> str:
    """A valid synthetic fødselsnummer (or D-number) for ``born``: month + 80, an individual
    number in the range that gives the right century (1900-1999: 000-499; 2000-2039:
    500-999), its 9th digit odd for men and even for women, and correct check digits."""
    low, high = (500, 999) if born.year >= 2000 else (0, 499)
    day = born.day + (40 if d_number else 0)
    parity = 0 if sex == "female" else 1
    while True:
        individual = rng.randint(low, high)
        if individual % 2 != parity:
            continue
        first_nine = f"{day:02d}{born.month + 80:02d}{born.year % 100:02d}{individual:03d}"
        digits = check_digits(first_nine)
        if digits is not None:
            return f"{first_nine}{digits[0]}{digits[1]}"


def random_birth_date(
    rng: random.Random, today: date, min_age: int = 15, max_age: int = 75
) -> date:
    """A birth date giving an age from ``min_age`` to ``max_age`` (roughly) on ``today``."""
    youngest_days, oldest_days = int(min_age * 365.25) + 1, int(max_age * 365.25)
    return today - timedelta(days=rng.randint(youngest_days, oldest_days))


def random_person_fields(rng: random.Random, today: date) -> dict[str, Any]:
    """Fields for ``do_register_person``: about 1 in 12 a foreign national without a
    Norwegian number, 1 in 20 with a D-number, the rest with a synthetic birth number."""
    sex = rng.choice(["female", "male", "male", "male", "male"])  # ~1 in 15 inmates is a woman
    born = random_birth_date(rng, today)
    first = rng.choice(FIRST_NAMES_F if sex == "female" else FIRST_NAMES_M)
    postal_code, city = rng.choice(CITIES)
    fields: dict[str, Any] = {
        "first_name": first,
        "last_name": rng.choice(LAST_NAMES),
        "middle_name": rng.choice(["", "", "", "Marie", "André", "Kristin", "Emil"]),
        "sex": sex,
        "birth_date": born,
        "street_address": f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
        "postal_code": postal_code,
        "city": city,
        "phone": f"4{rng.randint(0, 9999999):07d}",
    }
    kind = rng.random()
    if kind < 0.08:
        fields.update(
            national_id=None,
            citizenship=rng.choice(FOREIGN_CITIZENSHIPS),
            language=rng.choice(["polsk", "litauisk", "engelsk", "arabisk"]),
            needs_interpreter=rng.random() < 0.6,
        )
    elif kind < 0.13:
        fields.update(
            national_id=synthetic_national_id(born, rng, sex=sex, d_number=True),
            citizenship=rng.choice(FOREIGN_CITIZENSHIPS),
            language="engelsk",
        )
    else:
        fields.update(national_id=synthetic_national_id(born, rng, sex=sex), citizenship="NO")
    return fields
