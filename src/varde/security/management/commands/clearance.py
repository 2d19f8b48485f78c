"""``varde clearance USERNAME --reason "..." [--withdraw]``: grant or withdraw security
clearance, which (with a role that needs it) gives access to group affiliation. Audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from varde.organisation.models import User
from varde.security.actions import do_set_clearance


class Command(BaseCommand):
    help = "Grant (or withdraw) security clearance for group affiliation to a staff member."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--reason", required=True, help="Why (kept in the audit trail).")
        parser.add_argument("--withdraw", action="store_true", help="Withdraw the clearance.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        cleared = not options["withdraw"]
        try:
            changed = do_set_clearance(user, cleared=cleared, reason=options["reason"], actor=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        state = "cleared" if cleared else "not cleared"
        self.stdout.write(f"{user.username}: {state}" + ("" if changed else " (unchanged)"))
