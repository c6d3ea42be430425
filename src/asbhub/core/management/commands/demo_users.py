"""Create the demo users, or give them new passwords."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from asbhub.core.accounts import ensure_demo_users
from asbhub.core.roles import sync_roles


class Command(BaseCommand):
    help = "Create one demo user per role; with --reset-passwords, give every one a new password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Set and print a new password for every demo user.",
        )

    def handle(self, *args: Any, reset_passwords: bool, **options: Any) -> None:
        sync_roles()
        accounts = ensure_demo_users(reset_passwords=reset_passwords)
        for account in accounts:
            self.stdout.write(f"{account.username:<22} {account.password}   {account.role_label}")
        self.stdout.write(f"Done: {len(accounts)} password(s) set.")
