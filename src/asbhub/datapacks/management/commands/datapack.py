"""Make community safety partnership data packs as HTML and PDF files."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from asbhub.core.models import CommunitySafetyPartnership
from asbhub.core.services import UnknownCsp, csp_by_slug_or_code
from asbhub.datapacks.choices import PackFormat, PackLanguage
from asbhub.datapacks.services import NoDataLoaded, make_datapacks, packs_folder


def parse_month(text: str) -> dt.date:
    """A month written YYYY-MM as the first day of that month."""
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"--to must be a month written YYYY-MM, not {text!r}.") from None


def parse_list(text: str, allowed: list[str], option: str) -> list[str]:
    """A comma-separated list of allowed values, in the order given, without repeats."""
    values = list(dict.fromkeys(v.strip().lower() for v in text.split(",") if v.strip()))
    unknown = [v for v in values if v not in allowed]
    if unknown or not values:
        raise CommandError(f"{option} takes one or more of {', '.join(allowed)} (comma-separated).")
    return values


class Command(BaseCommand):
    help = (
        "Make crime and anti-social behaviour data packs for community safety partnerships "
        "from the loaded police.uk data: headline figures with exact Poisson tests, monthly "
        "trends, maps, top places, outcomes, comparisons and deprivation, as HTML and/or PDF, "
        "in English and/or Welsh."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--csp",
            required=True,
            help="A partnership by short name (newport), ONS code (W14000022) or local "
            "authority code; or 'all' for every partnership.",
        )
        parser.add_argument("--to", required=True, help="The pack's last month, YYYY-MM.")
        parser.add_argument(
            "--months", type=int, default=12, help="How many months the pack covers (1-12)."
        )
        parser.add_argument(
            "--format", default="html,pdf", help="html, pdf or both (comma-separated)."
        )
        parser.add_argument("--lang", default="en", help="en, cy or both (comma-separated).")
        parser.add_argument(
            "--out", default=None, help="Folder for the files (default: VAR_DIR/datapacks)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """1. Check the options. 2. Make the packs with a progress bar. 3. List the files."""
        period_end = parse_month(options["to"])
        months = options["months"]
        if not 1 <= months <= 12:
            raise CommandError("--months must be between 1 and 12.")
        formats = parse_list(options["format"], list(PackFormat.values), "--format")
        languages = parse_list(options["lang"], list(PackLanguage.values), "--lang")
        csps = self._csps(options["csp"])
        folder = Path(options["out"]) if options["out"] else packs_folder()

        console = Console(file=self.stderr, highlight=False)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        started = time.perf_counter()
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("Reading police.uk records", total=len(csps) * len(languages))

            def progress(done: int, total: int, description: str) -> None:
                bar.update(task, completed=done, total=total, description=description or "Done")

            try:
                written = make_datapacks(
                    csps,
                    period_end=period_end,
                    months=months,
                    languages=languages,
                    formats=formats,
                    folder=folder,
                    progress=progress,
                )
            except NoDataLoaded as error:
                raise CommandError(f"{error} Run `asbhub import-policeuk` first.") from None
            except KeyboardInterrupt:
                raise CommandError("Interrupted.", returncode=130) from None
        for path in written:
            self.stdout.write(str(path))
        self.stdout.write(
            f"Data packs: {len(csps) * len(languages)} made, {len(written)} files written to "
            f"{folder} in {time.perf_counter() - started:.1f} s."
        )

    def _csps(self, value: str) -> list[CommunitySafetyPartnership]:
        """The partnerships named by --csp."""
        if value.strip().lower() == "all":
            csps = list(CommunitySafetyPartnership.objects.order_by("name"))
            if not csps:
                raise CommandError("No partnerships are loaded: run `asbhub load-geography`.")
            return csps
        try:
            return [csp_by_slug_or_code(value)]
        except UnknownCsp as error:
            raise CommandError(str(error)) from None
