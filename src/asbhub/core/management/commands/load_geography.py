"""Load the force's community safety partnerships and LSOAs from the shipped geography."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from asbhub.core.services import load_geography


class Command(BaseCommand):
    help = (
        "Create or update the force's community safety partnerships and 2021 LSOAs "
        "(boundaries, centroids, population, WIMD decile) from the shipped reference files. "
        "Safe to run again: rows already up to date are left alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            default="gwent",
            help="police.uk force identifier or police force area code (default: gwent).",
        )

    def handle(self, *args: Any, force: str, **options: Any) -> None:
        try:
            summary = load_geography(force)
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(summary))
