"""The areas of the needs assessment as versioned configuration (a JSON data file, not code).

The bundled file is ``data/needs_areas.json``; an installation may point the setting
``VARDE_NEEDS_AREAS_FILE`` at its own file of the same shape. Each version has a code, the
day it comes into force, the need and resource scales, and the areas with their labels (nb,
en). A new assessment uses the version in force on the day it is offered and keeps its
code, so later versions never change an assessment already made. A malformed file stops the
program with a message naming what is wrong (``ImproperlyConfigured``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language

BUNDLED = Path(__file__).resolve().parent / "data" / "needs_areas.json"


def _text(labels: dict[str, str]) -> str:
    """The label in the current language, Norwegian bokmål when there is none."""
    language = (get_language() or "nb")[:2]
    return labels.get(language) or labels["nb"]


@dataclass(frozen=True)
class Scale:
    low: int
    high: int
    labels: dict[int, dict[str, str]]

    def label(self, value: int | None) -> str:
        if value is None:
            return "–"
        labels = self.labels.get(value)
        return f"{value} – {_text(labels)}" if labels else str(value)

    @property
    def choices(self) -> list[tuple[int, str]]:
        return [(value, self.label(value)) for value in range(self.low, self.high + 1)]


@dataclass(frozen=True)
class Area:
    code: str
    labels: dict[str, str]

    @property
    def label(self) -> str:
        return _text(self.labels)


@dataclass(frozen=True)
class AreaVersion:
    version: str
    in_force_from: date
    need: Scale
    resource: Scale
    areas: tuple[Area, ...]

    def area(self, code: str) -> Area | None:
        return next((a for a in self.areas if a.code == code), None)

    @property
    def codes_and_labels(self) -> list[tuple[str, str]]:
        return [(a.code, a.label) for a in self.areas]


def _scale(raw: dict[str, Any], where: str) -> Scale:
    low, high = int(raw["min"]), int(raw["max"])
    if low >= high:
        raise ValueError(f"{where}: min must be below max")
    labels = {int(k): dict(v) for k, v in raw.get("labels", {}).items()}
    return Scale(low, high, labels)


def _version(raw: dict[str, Any]) -> AreaVersion:
    code = str(raw["version"])
    areas = tuple(Area(str(a["code"]), dict(a["label"])) for a in raw["areas"])
    if not areas or len({a.code for a in areas}) != len(areas):
        raise ValueError(f"version {code}: areas must be given, each code once")
    if any("nb" not in a.labels for a in areas):
        raise ValueError(f"version {code}: every area needs a Norwegian (nb) label")
    return AreaVersion(
        code,
        date.fromisoformat(raw["in_force_from"]),
        _scale(raw["need_scale"], f"version {code} need_scale"),
        _scale(raw["resource_scale"], f"version {code} resource_scale"),
        areas,
    )


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> tuple[AreaVersion, ...]:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        versions = tuple(
            sorted((_version(v) for v in raw["versions"]), key=lambda v: v.in_force_from)
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ImproperlyConfigured(f"Needs-assessment areas in {path}: {exc}") from exc
    if not versions or len({v.version for v in versions}) != len(versions):
        raise ImproperlyConfigured(f"Needs-assessment areas in {path}: versions must be unique")
    return versions


def versions() -> tuple[AreaVersion, ...]:
    """Every configured version, oldest first (re-read when the file changes)."""
    path = Path(getattr(settings, "VARDE_NEEDS_AREAS_FILE", "") or BUNDLED)
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise ImproperlyConfigured(f"Needs-assessment areas: cannot read {path}") from exc
    return _load(str(path), mtime)


def version_in_force(on: date) -> AreaVersion:
    """The newest version in force on ``on`` (the oldest if ``on`` is before them all)."""
    known = versions()
    found = [v for v in known if v.in_force_from <= on]
    return found[-1] if found else known[0]


def version_named(code: str) -> AreaVersion:
    """The version an assessment was made with; ImproperlyConfigured if it was removed."""
    for version in versions():
        if version.version == code:
            return version
    raise ImproperlyConfigured(f"Needs-assessment areas: version {code} is in use but missing")
