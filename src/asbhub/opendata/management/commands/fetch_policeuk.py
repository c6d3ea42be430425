"""Download police.uk street-level crimes and outcomes from the police.uk API."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from asbhub.opendata.fetch import PoliceUkApiError
from asbhub.opendata.policeuk import parse_month
from asbhub.opendata.services import fetch_policeuk


def month_argument(value: str) -> date:
    """An argparse type for YYYY-MM."""
    month = parse_month(value)
    if month is None:
        raise ValueError(value)
    return month


month_argument.__name__ = "month (YYYY-MM)"


class Command(BaseCommand):
    help = (
        "Download a force's street-level crimes, crimes without a location and outcomes from "
        "the police.uk API (https://data.police.uk/docs/) and write them as police.uk monthly "
        "CSV files, in the archive layout YYYY-MM/YYYY-MM-<force>-street.csv. The force area "
        "comes from the shipped LSOA boundaries. Keeps to the API's 15 requests a second."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", default="gwent", help="police.uk force identifier.")
        parser.add_argument(
            "--from", dest="first", type=month_argument, required=True, help="First month."
        )
        parser.add_argument(
            "--to", dest="last", type=month_argument, required=True, help="Last month."
        )
        parser.add_argument(
            "--out",
            type=Path,
            default=None,
            help="Folder for the CSV files (default: var/policeuk/<force>).",
        )
        parser.add_argument(
            "--import",
            dest="import_files",
            action="store_true",
            help="Import the files written (as `asbhub import-policeuk` would).",
        )

    def handle(
        self,
        *args: Any,
        force: str,
        first: date,
        last: date,
        out: Path | None,
        import_files: bool,
        **options: Any,
    ) -> None:
        """1. Download with a progress bar. 2. One summary line. 3. Import if asked."""
        if last < first:
            raise CommandError(_("--to must not be before --from."))
        out_dir = out or Path(settings.VAR_DIR) / "policeuk" / force
        console = Console(file=self.stderr, highlight=False)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(_("Asking the police.uk API"), total=None)

            def progress(done: int, total: int, label: str) -> None:
                bar.update(task, completed=done, total=total, description=label or "")

            try:
                summary = fetch_policeuk(force, first, last, out_dir, progress=progress)
            except (LookupError, PoliceUkApiError) as error:
                raise CommandError(str(error)) from None
            except KeyboardInterrupt:
                raise CommandError(
                    _("Interrupted; files already written are complete."), returncode=130
                ) from None
        for month in summary.unavailable_months:
            self.stdout.write(
                _("%(month)s: not available from the police.uk API.") % {"month": month}
            )
        self.stdout.write(
            _("Wrote %(files)d files (%(rows)d rows) to %(out)s with %(requests)d requests.")
            % {
                "files": len(summary.files),
                "rows": summary.rows,
                "out": out_dir,
                "requests": summary.requests,
            }
        )
        if import_files and summary.files:
            call_command(
                "import_policeuk", *map(str, summary.files), stdout=self.stdout, stderr=self.stderr
            )
