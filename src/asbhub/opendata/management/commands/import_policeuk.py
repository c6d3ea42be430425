"""Import police.uk monthly street-level and outcomes files."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from asbhub.opendata.policeuk import PoliceUkFileError
from asbhub.opendata.services import FileResult, ImportSummary, import_policeuk


class Command(BaseCommand):
    help = (
        "Import police.uk street-level and outcomes CSV files: single files, folders of them "
        "(searched recursively) or police.uk monthly archive zips. Each file is checked in full "
        "and stored in its own transaction; a file identical to the one already loaded is "
        "skipped, a changed file replaces that month's rows. Stop-and-search files are left "
        "aside."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="CSV files, folders or zip archives."
        )

    def handle(self, *args: Any, paths: list[str], **options: Any) -> None:
        """1. Import with a progress bar. 2. Print the notes. 3. Print one summary line."""
        done = ImportSummary()
        console = Console(file=self.stderr, highlight=False)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(_("Importing police.uk files"), total=None)

            def progress(count: int, total: int, result: FileResult | None) -> None:
                if result is None:
                    bar.update(task, total=total)
                    return
                done.results.append(result)
                bar.update(task, completed=count, description=PurePath(result.name).name)

            try:
                summary = import_policeuk(paths, progress=progress)
            except PoliceUkFileError as error:
                self._write_summary(done)
                raise CommandError(
                    _("Stopped at a malformed file, which was not stored: %(error)s")
                    % {"error": error}
                ) from None
            except KeyboardInterrupt:
                self._write_summary(done)
                raise CommandError(
                    _("Interrupted; the file in progress was not stored."), returncode=130
                ) from None
        for note in summary.notes:
            self.stdout.write(note)
        self._write_summary(summary)

    def _write_summary(self, summary: ImportSummary) -> None:
        """One line: files imported, replaced and unchanged, and rows stored."""
        self.stdout.write(
            _(
                "police.uk files: %(imported)d imported, %(replaced)d replaced, "
                "%(unchanged)d unchanged; %(rows)d rows stored."
            )
            % {
                "imported": summary.imported,
                "replaced": summary.replaced,
                "unchanged": summary.unchanged,
                "rows": summary.rows,
            }
        )
