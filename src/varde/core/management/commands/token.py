"""``varde token create USERNAME`` prints an API token (sent as ``Authorization: Token <t>``);
``varde token revoke USERNAME`` deletes it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Create (or show) or revoke a user's API token."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["create", "revoke"])
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = get_user_model().objects.get(username=options["username"], is_active=True)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No active user named {options['username']!r}.") from exc
        if options["operation"] == "revoke":
            Token.objects.filter(user=user).delete()
            self.stdout.write(f"Token for {user.username} revoked.")
            return
        token, _created = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
