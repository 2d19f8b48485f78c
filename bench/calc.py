"""Sentence calculations per second: the Python API against the ``varde calc`` batch path.

    .venv/bin/python bench/calc.py [--n 1000000] [--cli-n 20000] [--seed 1]

Runs on one core. The API path is what bulk jobs call: ``term_days`` + ``compute_sentence`` on
plain ints and date ordinals, no trace. The batch path is what ``varde calc sentence`` does with
a JSON array: decode, validate, compute, explain in Norwegian, encode (``run_batch``). Inputs
are generated before the clock starts; both paths get the same kind of inputs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from datetime import date
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "varde.settings")

import django

django.setup()

from varde.lib.calc import run_batch  # noqa: E402
from varde.sentencing.calc import sentence  # noqa: E402
from varde.sentencing.rules.dates import Term, term_days  # noqa: E402
from varde.sentencing.rules.sentence import BOT_SUBSIDIAER, FENGSEL, compute_sentence  # noqa: E402

OFFENCES = ((), (), (), ("strl-271",), ("strl-291",), ("strl-321", "strl-231"))


def random_case(rng: random.Random) -> dict[str, Any]:
    """One sentence as the JSON contract has it: a mix of day and month/year terms."""
    start = date(2024, 12, 1).toordinal() + rng.randrange(6 * 365)
    if rng.random() < 0.45:
        term = {"days": rng.randint(14, 120)}
    else:
        term = {"years": rng.choice((0, 0, 1, 2, 3, 5, 8, 15)), "months": rng.randint(1, 11)}
    total = term_days(start, Term(**term))
    credited = rng.choice((0, 0, rng.randint(1, 90))) % total
    return {
        "start": date.fromordinal(start).isoformat(),
        "term": term,
        "credited_days": credited,
        "non_counting_days": rng.choice((0, 0, 0, rng.randint(1, 30))),
        "continuous_custody_from": date.fromordinal(start - rng.choice((0, credited))).isoformat(),
        "reaction": BOT_SUBSIDIAER if rng.random() < 0.05 else FENGSEL,
        "age_at_start": rng.randint(15, 70),
        "offences": list(rng.choice(OFFENCES)),
    }


def as_api_args(case: dict[str, Any]) -> tuple[Any, ...]:
    """The same case as the API's plain values."""
    term = case["term"]
    return (
        date.fromisoformat(case["start"]).toordinal(),
        Term(term.get("years", 0), term.get("months", 0), term.get("days", 0)),
        case["credited_days"],
        case["non_counting_days"],
        date.fromisoformat(case["continuous_custody_from"]).toordinal(),
        case["reaction"],
        case["age_at_start"] < 18,
        tuple(case["offences"]),
    )


def bench_api(args: list[tuple[Any, ...]]) -> float:
    began = time.perf_counter()
    for start, term, credited, non_counting, custody, reaction, under_18, offences in args:
        total = term_days(start, term)
        compute_sentence(
            start, total, credited, non_counting, custody, reaction, under_18, offences
        )
    return time.perf_counter() - began


def bench_batch(raw: str) -> tuple[float, list[Any]]:
    began = time.perf_counter()
    results = run_batch(sentence, raw)
    json.dumps(results, ensure_ascii=False)
    return time.perf_counter() - began, results


def pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"pinned to core {core}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="sentences through the API")
    parser.add_argument("--cli-n", type=int, default=20_000, help="sentences through run_batch")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    pinned = pin_to_one_core()
    rng = random.Random(options.seed)
    distinct = [random_case(rng) for _ in range(min(options.n, 100_000))]
    api_args = [as_api_args(case) for case in distinct]
    api_args = (api_args * (options.n // len(api_args) + 1))[: options.n]
    batch_cases = distinct[: options.cli_n]
    raw = json.dumps(batch_cases)

    batch_seconds, results = bench_batch(raw)
    api_seconds = bench_api(api_args)
    for case, result in zip(batch_cases[:1000], results, strict=False):  # same answers
        start, term, credited, non_counting, custody, reaction, under_18, offences = as_api_args(
            case
        )
        dates = compute_sentence(
            start,
            term_days(start, term),
            credited,
            non_counting,
            custody,
            reaction,
            under_18,
            offences,
        )
        assert result["end_of_sentence_on"] == date.fromordinal(dates.end_of_sentence).isoformat()

    api_rate = options.n / api_seconds
    batch_rate = len(batch_cases) / batch_seconds
    print(f"sentence calculation, one process, {pinned}")
    print(
        f"  API   term_days + compute_sentence: {options.n:>9,} in {api_seconds:6.2f} s"
        f" = {api_rate:>9,.0f}/s"
    )
    print(
        f"  batch run_batch(sentence) + JSON:   {len(batch_cases):>9,} in {batch_seconds:6.2f} s"
        f" = {batch_rate:>9,.0f}/s (with Norwegian trace)"
    )
    print(
        f"  ratio API / batch: {api_rate / batch_rate:.1f}x   target API >= 100,000/s: "
        + ("met" if api_rate >= 100_000 else "NOT met")
    )


if __name__ == "__main__":
    main()
