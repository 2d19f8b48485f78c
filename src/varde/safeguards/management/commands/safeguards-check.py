"""``varde safeguards-check``: register a deviation for every passed deadline of exclusions
and coercive measures (idempotent; run it from cron, e.g. every hour)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from varde.safeguards.sync import sync_deviations


class Command(BaseCommand):
    help = "Register deviations for passed deadlines of exclusions and coercive measures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", help="Evaluate as of the end of this day (YYYY-MM-DD) if it has passed."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be YYYY-MM-DD") from exc
        result = sync_deviations(today)
        self.stdout.write(
            f"Checked {result.checked} exclusions and coercive measures; "
            f"registered {result.created} new deviations."
        )
