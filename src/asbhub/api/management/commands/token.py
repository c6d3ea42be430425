"""`asbhub token create|list|revoke`: API tokens for clients of the JSON API."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from asbhub.api.auth import issue_token, revoke_token
from asbhub.api.models import ApiToken


class Command(BaseCommand):
    help = (
        "API tokens: `create USERNAME` prints a new token once (only its SHA-256 digest is "
        "stored), `list` shows tokens by their first characters, `revoke ID` stops one."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token for a user and print it once.")
        create.add_argument("username", help="The user the token acts as.")
        create.add_argument("--name", default="", help="What the token is for.")
        listing = sub.add_parser("list", help="List tokens (newest first).")
        listing.add_argument(
            "--user", dest="username", default=None, help="Only this user's tokens."
        )
        revoke = sub.add_parser("revoke", help="Revoke a token by its id.")
        revoke.add_argument("id", type=int, help="The token's id, as `list` shows it.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        """Run the chosen action."""
        if action == "create":
            self._create(options["username"], options["name"])
        elif action == "list":
            self._list(options["username"])
        else:
            self._revoke(options["id"])

    def _create(self, username: str, name: str) -> None:
        """1. Find the active user. 2. Issue a token. 3. Print it once, with a warning."""
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        try:
            record, token = issue_token(user, name)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(token)
        self.stderr.write(
            f"Token {record.pk} for {username} created. Copy it now: it is not stored and "
            "cannot be shown again."
        )

    def _list(self, username: str | None) -> None:
        """One line per token: id, first characters, user, name, created, last used, state."""
        tokens = ApiToken.objects.select_related("user")
        if username:
            tokens = tokens.filter(user__username=username)
        count = 0
        for token in tokens:
            state = f"revoked {token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "active"
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            self.stdout.write(
                f"{token.pk:>5}  {token.prefix}…  {token.user.get_username():<22} "
                f"{token.name or '-':<24} created {token.created_at:%Y-%m-%d} "
                f"used {used:<16} {state}"
            )
            count += 1
        self.stdout.write(f"Done: {count} token(s).")

    def _revoke(self, pk: int) -> None:
        """Revoke one token; revoking it again changes nothing."""
        record = ApiToken.objects.filter(pk=pk).first()
        if record is None:
            raise CommandError(f"There is no token {pk}.")
        if revoke_token(record):
            self.stdout.write(f"Token {pk} revoked.")
        else:
            self.stdout.write(f"Token {pk} was already revoked.")
