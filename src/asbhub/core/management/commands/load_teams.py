"""Load a force's own neighbourhood policing teams from a CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from asbhub.core.services import load_teams
from asbhub.core.teams import TeamFileError


class Command(BaseCommand):
    help = (
        "Create or update the neighbourhood policing teams listed in FILE and give every LSOA "
        "the team that covers it; incidents follow their LSOA's team. FILE is a CSV with the "
        "columns code, name, name_cy, csp, areas, description (see "
        "src/asbhub/core/data/teams_W15000002.csv). All or nothing: a wrong row is reported "
        "with its line and nothing changes. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The teams CSV file (UTF-8).")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: {error}") from error
        try:
            summary = load_teams(text, str(file))
        except TeamFileError as error:
            raise CommandError(error.describe(gettext)) from error
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(summary))
