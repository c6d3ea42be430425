"""Prepare a working ASB Hub: database, roles, geography, police.uk data, demo data, users."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from asbhub.core.accounts import NewAccount, ensure_demo_users
from asbhub.core.roles import sync_roles

DEFAULT_SEED = 2026


def shipped_policeuk_archives() -> list[Path]:
    """The police.uk archives shipped with the project, for the configured force."""
    folder = Path(str(resources.files("asbhub.opendata") / "data"))
    return sorted(folder.glob(f"policeuk-{settings.ASBHUB_FORCE}-*.zip"))


class Command(BaseCommand):
    help = (
        "Set up ASB Hub: migrate the database, create the roles, load the geography and the "
        "shipped police.uk data, generate demo data and create one demo user per role. "
        "Safe to run again: it only does what is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Seed for the synthetic demo data."
        )
        parser.add_argument(
            "--no-demo", action="store_true", help="Skip the synthetic demo data and demo users."
        )

    def handle(self, *args: Any, seed: int, no_demo: bool, **options: Any) -> None:
        """1. Migrate. 2. Roles. 3. Geography. 4. police.uk data. 5. Demo data. 6. Demo users."""
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database is up to date.")
        sync_roles()
        self.stdout.write("Roles are up to date.")
        call_command("load_geography", force=settings.ASBHUB_FORCE)
        archives = shipped_policeuk_archives()
        if archives:
            call_command("import_policeuk", *map(str, archives))
        else:
            self.stdout.write(self.style.WARNING("No shipped police.uk data found."))
        if no_demo:
            return
        from asbhub.incidents.models import Incident

        accounts = ensure_demo_users()  # before the demo data, which gives them work
        if Incident.objects.exists():
            self.stdout.write("Demo data already present (run `asbhub demo --seed N` to remake).")
        else:
            call_command("demo", seed=seed)
        self._show_new_accounts(accounts)

    def _show_new_accounts(self, accounts: list[NewAccount]) -> None:
        """Print new demo accounts once; their passwords are not stored in plain text."""
        if not accounts:
            self.stdout.write(
                "Demo users exist already (run `asbhub demo-users --reset-passwords` for new ones)."
            )
            return
        self.stdout.write(self.style.SUCCESS("Demo users (shown only now, keep them safe):"))
        for account in accounts:
            self.stdout.write(f"  {account.username:<22} {account.password}   {account.role_label}")
