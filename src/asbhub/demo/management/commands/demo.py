"""Generate synthetic, seeded demo incidents and people over the loaded police.uk ASB points."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from asbhub.demo.services import NoAsbPointsLoaded, export_truth, generate_demo

DEFAULT_SEED = 2026


def positive_int(value: str) -> int:
    """An argparse type for a whole number of at least 1."""
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


positive_int.__name__ = "whole number of at least 1"


def whole_number(value: str) -> int:
    """An argparse type for a whole number of at least 0."""
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


whole_number.__name__ = "whole number of at least 0"


class Command(BaseCommand):
    help = (
        "Replace all incidents, people and planted truth with synthetic demo data: one "
        "incident per police.uk ASB point of the last loaded months (or --incidents N), "
        "with realistic narratives, repeat victims and hidden crimes, plus a live intake of "
        "incidents received in the 30 hours before now, so the 24-hour review queue has "
        "clocks running. The same seed always gives the same data (the live intake at the "
        "same times before now). Needs police.uk data: run `asbhub import-policeuk` first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Seed (default %(default)s)."
        )
        parser.add_argument(
            "--incidents",
            type=positive_int,
            default=None,
            help="How many incidents (default: one per ASB point).",
        )
        parser.add_argument(
            "--months",
            type=positive_int,
            default=12,
            help="How many of the latest loaded months of ASB points to use (default 12).",
        )
        parser.add_argument(
            "--live",
            type=whole_number,
            default=None,
            metavar="N",
            help="How many incidents received in the 30 hours before now (default: as many "
            "as the data's daily rate gives, about 40 for a year; 0 for none).",
        )
        parser.add_argument(
            "--export-truth",
            type=Path,
            default=None,
            metavar="FILE",
            help="Also write the planted truth to FILE as JSON Lines.",
        )

    def handle(
        self,
        *args: Any,
        seed: int,
        incidents: int | None = None,
        months: int = 12,
        live: int | None = None,
        export_truth: Path | None = None,
        **options: Any,
    ) -> None:
        """1. Generate and save with a progress bar. 2. One summary line. 3. Export if asked."""
        console = Console(file=self.stderr, highlight=False)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(_("Generating demo data"), total=None)

            def progress(stage: str, done: int, total: int) -> None:
                bar.update(task, description=stage, completed=done, total=total)

            try:
                summary = generate_demo(
                    seed, incidents=incidents, months=months, progress=progress, live=live
                )
            except NoAsbPointsLoaded as error:
                raise CommandError(str(error)) from None
            except KeyboardInterrupt:
                raise CommandError(_("Interrupted; nothing was changed."), returncode=130) from None
        self.stdout.write(summary.line())
        if export_truth is not None:
            count = export_truth_file(export_truth)
            self.stdout.write(
                _("Wrote %(count)s planted truths to %(path)s.")
                % {"count": f"{count:,}", "path": export_truth}
            )


def export_truth_file(path: Path) -> int:
    """Export planted truth, turning a missing folder into a clear error."""
    try:
        return export_truth(path)
    except OSError as error:
        raise CommandError(
            _("Cannot write %(path)s: %(error)s") % {"path": path, "error": error.strerror}
        ) from None
