"""The JSON-in/JSON-out batch contract shared by every ``varde calc <name>`` command.

A calculator is a pure function taking one decoded JSON object and returning a JSON-able
value. It raises :class:`CalcInputError` for bad input. :func:`run_batch` applies it to one
object or to an array (same order out); a bad element anywhere means nothing is computed and
the error names the element's index, so a batch is never half-done.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Calculator = Callable[[Any], Any]


class CalcInputError(ValueError):
    """Malformed input. ``field`` names the offending field (dotted path) when known."""

    def __init__(self, message: str, *, field: str | None = None, index: int | None = None):
        self.message = message
        self.field = field
        self.index = index
        super().__init__(self.describe())

    def describe(self) -> str:
        where = []
        if self.index is not None:
            where.append(f"element {self.index}")
        if self.field:
            where.append(f"field '{self.field}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


def run_batch(calculator: Calculator, raw: str) -> Any:
    """Decode ``raw`` JSON and apply ``calculator`` to the object or to each array element."""
    try:
        payload = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise CalcInputError(f"input is not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    if isinstance(payload, list):
        results = []
        for index, item in enumerate(payload):
            try:
                results.append(calculator(item))
            except CalcInputError as exc:
                raise CalcInputError(exc.message, field=exc.field, index=index) from exc
        return results
    return calculator(payload)
