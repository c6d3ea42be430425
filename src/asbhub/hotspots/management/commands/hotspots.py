"""`asbhub hotspots forecast|evaluate|find`: hotspot forecasts and their honest evaluation."""

from __future__ import annotations

import datetime as dt
import re
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from asbhub.core.services import UnknownCsp, csp_by_slug_or_code
from asbhub.hotspots import analysis, forecasting, services
from asbhub.hotspots.choices import CrimeType


def _month(text: str) -> dt.date:
    """A YYYY-MM argument as the first day of that month."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise ArgumentTypeError(f"{text!r} is not a month like 2024-12")
    return dt.date(int(match[1]), int(match[2]), 1)


def _cell(text: str) -> float:
    value = float(text)
    if not 10 <= value <= 5000:
        raise ArgumentTypeError("the cell size must be between 10 and 5000 metres")
    return value


class Command(BaseCommand):
    help = (
        "Hotspots from police.uk records: `forecast` scores next month's cells, `evaluate` "
        "prints the rolling hit rate and PAI of each forecasting method, `find` lists Gi* "
        "hotspots for a partnership and period."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        common = {"crime": CrimeType.ASB.value, "cell": analysis.DEFAULT_CELL_SIZE}

        forecast = sub.add_parser("forecast", help="Write next month's scores per cell to CSV.")
        forecast.add_argument(
            "--until",
            type=_month,
            required=True,
            help="Last month of data to use (YYYY-MM); the forecast is for the month after.",
        )
        forecast.add_argument("--crime", choices=CrimeType.values, default=common["crime"])
        forecast.add_argument(
            "--cell", type=_cell, default=common["cell"], help="Cell size in metres (default 150)."
        )
        forecast.add_argument("--method", choices=list(forecasting.METHODS), default="prospective")
        forecast.add_argument("--out", type=Path, required=True, help="CSV file to write.")

        evaluate = sub.add_parser("evaluate", help="Rolling evaluation, month by month.")
        evaluate.add_argument("--crime", choices=CrimeType.values, default=common["crime"])
        evaluate.add_argument("--cell", type=_cell, default=common["cell"])
        evaluate.add_argument(
            "--from",
            dest="first",
            type=_month,
            default=None,
            help="First month to score (default: the second month loaded).",
        )
        evaluate.add_argument("--to", dest="last", type=_month, default=None)
        evaluate.add_argument(
            "--out", type=Path, default=None, help="Also write the table to this CSV file."
        )

        find = sub.add_parser("find", help="Gi* hotspots for a partnership and period.")
        find.add_argument("--csp", default="", help="Partnership (slug or code); all if blank.")
        find.add_argument("--crime", choices=CrimeType.values, default=common["crime"])
        find.add_argument("--cell", type=_cell, default=common["cell"])
        find.add_argument("--from", dest="first", type=_month, required=True)
        find.add_argument("--to", dest="last", type=_month, required=True)

        plant = sub.add_parser(
            "plant-demo", help="Create the demo operation and plant its known effect."
        )
        plant.add_argument("--seed", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action'].replace('-', '_')}")(options)
        except (services.NoGeography, ValueError, UnknownCsp) as exc:
            raise CommandError(str(exc)) from exc

    def _forecast(self, options: dict[str, Any]) -> None:
        """1. Score the force's cells for the month after --until. 2. Write the CSV."""
        frame = services.forecast(
            options["until"], options["crime"], options["cell"], options["method"]
        )
        frame.to_csv(options["out"], index=False, float_format="%.6g")
        target = services.month_of(services.month_index(options["until"]) + 1)
        flagged = int((frame["score"] > 0).sum())
        self.stdout.write(
            f"Wrote {len(frame)} cells ({flagged} with a score above zero) for "
            f"{target:%Y-%m} by {options['method']} to {options['out']}. Done."
        )

    def _evaluate(self, options: dict[str, Any]) -> None:
        """1. Forecast each month from earlier months only. 2. Print hit rate and PAI."""
        with Progress(console=Console(file=self.stderr._out), transient=True) as progress:
            task = progress.add_task("Forecasting month by month", total=None)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            table = services.evaluate_forecasts(
                options["crime"],
                options["cell"],
                first=options["first"],
                last=options["last"],
                progress=advance,
            )
        if table.empty:
            raise CommandError("No records to evaluate: import police.uk data first.")
        if options["out"]:
            table.to_csv(options["out"], index=False, float_format="%.6g")
        console = Console(file=self.stdout._out, width=120)
        out = Table(
            title=f"Rolling forecast evaluation, {options['crime']}, {options['cell']:g} m cells"
        )
        for column in (
            "Month",
            "Method",
            "Records",
            "Hit rate 1%",
            "PAI 1%",
            "Hit rate 5%",
            "PAI 5%",
        ):
            out.add_column(column, justify="left" if column in ("Month", "Method") else "right")
        for row in table.itertuples(index=False):
            out.add_row(
                f"{row.month:%Y-%m}",
                row.method,
                str(row.records),
                _pct(row.hit_rate_1),
                _num(row.pai_1),
                _pct(row.hit_rate_5),
                _num(row.pai_5),
            )
        console.print(out)
        summary = forecasting.summarise_evaluation(
            table.assign(month=[services.month_index(m) for m in table["month"]])
        )
        for method, row in summary.iterrows():
            self.stdout.write(
                f"{method}: {int(row['months'])} months, mean hit rate {_pct(row['hit_rate_1'])}"
                f" (PAI {_num(row['pai_1'])}) at 1%, {_pct(row['hit_rate_5'])} "
                f"(PAI {_num(row['pai_5'])}) at 5% of the area."
            )
        self.stdout.write(f"Scored {table['month'].nunique()} months. Done.")

    def _plant_demo(self, options: dict[str, Any]) -> None:
        """1. Create the demo operation. 2. Plant its effect in the synthetic incidents."""
        from asbhub.hotspots.demo import plant_demo_operation

        operation, effect = plant_demo_operation(seed=options["seed"])
        self.stdout.write(
            f"{operation.name}: {effect.in_target} incidents in the targets during the first "
            f"{effect.months} months, {effect.removed} removed ({effect.reduction:.0%} planted), "
            f"{effect.moved} of them moved into the buffer. Done."
        )

    def _find(self, options: dict[str, Any]) -> None:
        """1. Count records per cell. 2. Gi* with FDR. 3. List hotspots with streets."""
        csp = csp_by_slug_or_code(options["csp"]) if options["csp"] else None
        result = services.find_hotspots(
            csp, options["crime"], options["first"], options["last"], cell_size=options["cell"]
        )
        for hotspot in result.hotspots:
            streets = ", ".join(name for name, _count in result.streets[hotspot.number])
            self.stdout.write(
                f"{hotspot.number}. {int(hotspot.count)} records in {len(hotspot.positions)} "
                f"cells, peak z {hotspot.peak_z:.1f}: {streets}"
            )
        self.stdout.write(result.gi.method)
        self.stdout.write(f"{len(result.hotspots)} hotspots from {result.records} records. Done.")


def _pct(value: float | None) -> str:
    return "–" if value is None or value != value else f"{value:.1%}"


def _num(value: float | None) -> str:
    return "–" if value is None or value != value else f"{value:.1f}"
