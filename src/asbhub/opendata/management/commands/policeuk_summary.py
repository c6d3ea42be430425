"""Show what police.uk data is loaded."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from asbhub.core.choices import AreaStatus
from asbhub.opendata.choices import ASB_CRIME_TYPE
from asbhub.opendata.services import policeuk_summary


class Command(BaseCommand):
    help = (
        "Show the police.uk data loaded: files, rows by month, crime type, community safety "
        "partnership and area, and how many outcomes match a street-level crime."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the summary as JSON."
        )

    def handle(self, *args: Any, as_json: bool, **options: Any) -> None:
        """Print the summary as JSON or as tables."""
        summary = policeuk_summary()
        if as_json:
            self.stdout.write(_dumps(summary))
            return
        console = Console(file=self.stdout, highlight=False, width=100)
        for table in _tables(summary):
            console.print(table)
        self.stdout.write(
            _(
                "%(files)d files loaded, latest month %(latest)s: %(street)d street-level rows "
                "(%(asb)d ASB), %(outcomes)d outcomes, %(matched)d of them for a loaded crime."
            )
            % {
                "files": summary["files_loaded"],
                "latest": summary["latest_month"] or "-",
                "street": summary["street_rows"],
                "asb": summary["asb_rows"],
                "outcomes": summary["outcome_rows"],
                "matched": summary["outcomes_matching_street_crimes"],
            }
        )


def _dumps(summary: dict[str, Any]) -> str:
    """The summary as indented JSON."""
    return json.dumps(summary, indent=2, ensure_ascii=False)


def _tables(summary: dict[str, Any]) -> list[Table]:
    """Rich tables: by month, by crime type, by CSP, by area."""
    months = Table(title=_("Rows by month"))
    for heading in (_("Month"), _("Street-level"), _("ASB"), _("Outcomes")):
        months.add_column(heading, justify="right")
    by_month = summary["street_by_month_and_crime_type"]
    outcomes = summary["outcomes_by_month"]
    for month in sorted(set(by_month) | set(outcomes)):
        types = by_month.get(month, {})
        months.add_row(
            month,
            f"{sum(types.values()):,}",
            f"{types.get(ASB_CRIME_TYPE, 0):,}",
            f"{outcomes.get(month, 0):,}",
        )

    types_table = Table(title=_("Street-level rows by crime type"))
    types_table.add_column(_("Crime type"))
    types_table.add_column(_("Rows"), justify="right")
    totals: Counter[str] = Counter()
    for types in by_month.values():
        totals.update(types)
    for crime_type, count in totals.most_common():
        types_table.add_row(crime_type, f"{count:,}")

    csps = Table(title=_("Street-level rows by community safety partnership"))
    for heading, justify in ((_("CSP"), "left"), (_("Rows"), "right"), (_("ASB"), "right")):
        csps.add_column(heading, justify=justify)
    for row in summary["street_by_csp"]:
        name = row["name"] or _("None (outside the force or no location)")
        csps.add_row(name, f"{row['rows']:,}", f"{row['asb_rows']:,}")

    areas = Table(title=_("Street-level rows by area"))
    areas.add_column(_("Area"))
    areas.add_column(_("Rows"), justify="right")
    labels = dict(AreaStatus.choices)
    for area, count in summary["street_by_area"].items():
        areas.add_row(str(labels.get(area, area)), f"{count:,}")
    return [months, types_table, csps, areas]
