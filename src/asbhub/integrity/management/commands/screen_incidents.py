"""Screen ASB incidents for likely crimes: those never screened, or all of them again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from asbhub.integrity import screening
from asbhub.integrity.services import incidents_to_screen, screen_incidents


class Command(BaseCommand):
    help = (
        "Screen every ASB incident not yet screened (those made in bulk, for example) and open "
        "its 24-hour review. With --all, screen every incident again (after the screening "
        "rules change). Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="Screen every incident again, not only new ones."
        )
        parser.add_argument(
            "--batch", type=int, default=500, help="Incidents per transaction (default 500)."
        )

    def handle(self, *args: Any, all: bool, batch: int, **options: Any) -> None:
        """1. Find the incidents. 2. Screen them in batches with a progress bar. 3. Summary."""
        incidents = incidents_to_screen(rescreen=all)
        total = incidents.count()
        console = Console(file=self.stderr, highlight=False)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        done = 0
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("Screening incidents", total=total)
            try:
                done = screen_incidents(
                    incidents, batch=batch, progress=lambda count: bar.advance(task, count)
                )
            except KeyboardInterrupt:
                done = int(bar.tasks[0].completed)
                self.stdout.write(f"Stopped: {done} of {total} incidents screened.")
                raise SystemExit(1) from None
        version = screening.default_screener().version
        self.stdout.write(f"Done: {done} incidents screened with rules {version}.")
