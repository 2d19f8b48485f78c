"""Which version of a rule set is in force on a date (ARCHITECTURE.md convention 1).

Laws change by date, not by rewrite: the isolation reform (lov 2026-05-12-18, rules.md § 8.3)
is adopted but waits for a royal decree. Each version of a rule set is registered with the
date it enters into force, or ``None`` while it is adopted but not yet in force; callers ask
``rule_in_force(name, on=day)`` and get the newest version in force on that day.

To add a version: write the new rules beside the old ones (never edit the old function),
register them here under a new version name with their ``in_force_from`` date (``None`` until
the decree is known), and add a test that the switch happens on that date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import cast

from varde.sentencing.rules.explain import explain_sentence
from varde.sentencing.rules.forvaring import ForvaringDates, compute_forvaring
from varde.sentencing.rules.recalc import recalculate_sentence
from varde.sentencing.rules.remand import RemandCredit, remand_credit
from varde.sentencing.rules.sentence import SentenceDates, compute_sentence


class NoRuleInForce(LookupError):
    """No version of the rule set was in force on the requested day."""


@dataclass(frozen=True)
class RuleVersion:
    """One version of a rule set: its entry into force, its implementation and its sources."""

    name: str
    version: str
    in_force_from: date | None  # None: adopted, not in force ("fra den tid Kongen bestemmer")
    implementation: object
    sources: str = ""


@dataclass(frozen=True)
class SentenceRuleSet:
    """The sentence rules as one unit: compute (hot path), recalculate (fsg § 3-3), explain."""

    compute: Callable[..., SentenceDates]
    recalculate: Callable[..., tuple[SentenceDates, dict[str, int], int]]
    explain: Callable[..., list[dict[str, str]]]


class RuleRegistry:
    """Versions of rule sets by name, looked up by the day they must apply on."""

    def __init__(self) -> None:
        self._versions: dict[str, list[RuleVersion]] = {}

    def register(
        self,
        name: str,
        version: str,
        *,
        in_force_from: date | None,
        implementation: object,
        sources: str = "",
    ) -> RuleVersion:
        """Add a version; the same version name or in-force date twice is an error."""
        versions = self._versions.setdefault(name, [])
        for existing in versions:
            if existing.version == version:
                raise ValueError(f"{name} version {version} is already registered")
            if in_force_from is not None and existing.in_force_from == in_force_from:
                raise ValueError(f"{name} already has a version in force from {in_force_from}")
        entry = RuleVersion(name, version, in_force_from, implementation, sources)
        versions.append(entry)
        return entry

    def versions(self, name: str) -> list[RuleVersion]:
        """All versions of ``name``, those in force first by date, then the pending ones."""
        return sorted(
            self._versions.get(name, []),
            key=lambda v: (v.in_force_from is None, v.in_force_from or date.min),
        )

    def in_force(self, name: str, on: date) -> RuleVersion:
        """The newest version of ``name`` whose entry into force is on or before ``on``."""
        if name not in self._versions:
            raise NoRuleInForce(f"no rule set named {name!r}")
        current = [
            v for v in self.versions(name) if v.in_force_from is not None and v.in_force_from <= on
        ]
        if not current:
            raise NoRuleInForce(f"no version of the {name} rules was in force on {on.isoformat()}")
        return current[-1]


REGISTRY = RuleRegistry()

REGISTRY.register(
    "sentence",
    "2025",
    # The newest change to a paragraph these rules implement: strgjfl § 42 as amended by
    # lov 2024-11-29-73 (fifth para; the computed first and third paras date from 2002/2017).
    # fsg § 7-2 in its current form dates from 2020-07-24; fsg §§ 3-2, 3-3, 3-30 from 2014.
    in_force_from=date(2024, 12, 1),
    implementation=SentenceRuleSet(compute_sentence, recalculate_sentence, explain_sentence),
    sources="strgjfl §§ 16 a, 42; fsg §§ 3-2, 3-3, 3-30, 7-2 (Lovdata, consolidated 2025)",
)
REGISTRY.register(
    "remand_credit",
    "2025",
    in_force_from=date(2024, 9, 1),  # strl § 83 last amended by lov 2023-12-20-110
    implementation=remand_credit,
    sources="strl § 83 second para",
)
REGISTRY.register(
    "forvaring",
    "2025",
    in_force_from=date(2024, 9, 1),  # forvaringsforskriften § 5 amended by forskrift 2024-05-24-823
    implementation=compute_forvaring,
    sources="strl §§ 43-44; forvaringsforskriften §§ 5, 9, 11",
)


def rule_in_force(name: str, *, on: date) -> RuleVersion:
    """The version of rule set ``name`` ("sentence", "remand_credit", "forvaring") on ``on``."""
    return REGISTRY.in_force(name, on)


def sentence_rules(on: date) -> SentenceRuleSet:
    """The sentence rule set in force on ``on``."""
    rules = rule_in_force("sentence", on=on).implementation
    assert isinstance(rules, SentenceRuleSet)
    return rules


def remand_credit_rule(on: date) -> Callable[..., RemandCredit]:
    """The strl § 83 credit rule in force on ``on``."""
    rule = rule_in_force("remand_credit", on=on).implementation
    assert callable(rule)
    return cast(Callable[..., RemandCredit], rule)


def forvaring_rule(on: date) -> Callable[..., ForvaringDates]:
    """The forvaring rule in force on ``on``."""
    rule = rule_in_force("forvaring", on=on).implementation
    assert callable(rule)
    return cast(Callable[..., ForvaringDates], rule)
