"""``varde calc <name>``: pure calculators over JSON on stdin, JSON on stdout.

Exit code 0 with the result, or 2 with a message on stderr when the input is malformed.
Each calculator lives beside its rules (see ``CALCULATORS``); this command only does I/O.
"""

from __future__ import annotations

import json
import sys
from importlib import import_module
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from varde.lib.calc import CalcInputError, run_batch

CALCULATORS = {
    "national-id": "varde.people.calc:national_id",
    "sentence": "varde.sentencing.calc:sentence",
    "remand-credit": "varde.sentencing.calc:remand_credit",
    "forvaring": "varde.sentencing.calc:forvaring",
}


class Command(BaseCommand):
    help = "Run a rules calculator on JSON from stdin: " + ", ".join(CALCULATORS)
    requires_system_checks: list[str] = []  # pure computation: no database needed

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", choices=sorted(CALCULATORS))

    def handle(self, *args: Any, **options: Any) -> None:
        module_name, func_name = CALCULATORS[options["name"]].split(":")
        calculator = getattr(import_module(module_name), func_name)
        try:
            result = run_batch(calculator, sys.stdin.read())
        except CalcInputError as exc:
            sys.stderr.write(f"varde calc {options['name']}: {exc.describe()}\n")
            sys.exit(2)
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
