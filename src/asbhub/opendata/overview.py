"""The force overview: ASB and all crime per month, top LSOAs, and what has been loaded.

Each query groups in the database (a few hundred rows come back however many records are
loaded); the shaping after that is plain pandas, so the numbers can be checked in a
notebook from any frame with the same columns.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from django.db.models import Count, Q

from asbhub.core.choices import AreaStatus
from asbhub.core.models import CommunitySafetyPartnership, Lsoa
from asbhub.opendata.choices import ASB_CRIME_TYPE
from asbhub.opendata.models import StreetRecord

ATTRIBUTION_FILE = Path(__file__).resolve().parent / "data" / "ATTRIBUTION.md"
TOP_LSOA_COUNT = 10
TOP_LSOA_MONTHS = 12
COUNT_COLUMNS = ["month", "csp_id", "area", "asb", "all_crime"]


@dataclass(frozen=True)
class LoadedSummary:
    """What has been loaded: the months covered and how records were placed."""

    first_month: dt.date | None
    latest_month: dt.date | None
    months: int
    records: int
    asb_records: int
    no_location: int
    outside_force: int


@dataclass(frozen=True)
class LsoaRank:
    """One LSOA's ASB count over the window, and its rate per 1,000 residents."""

    code: str
    name: str
    csp_name: str
    asb: int
    population: int | None

    @property
    def rate_per_1000(self) -> float | None:
        """ASB records per 1,000 residents, or None when the population is unknown."""
        if not self.population:
            return None
        return self.asb * 1000 / self.population


def monthly_counts() -> pd.DataFrame:
    """Count ASB and all records per month and partnership, and place the unplaced ones.

    One grouped query counts every record by partnership and month (it reads only the
    (csp, month, crime_type) index, so it stays fast at hundreds of thousands of records);
    a second, small one splits the records with no partnership into those with no location
    and those placed outside the force area.

    Returns a frame with columns month (date), csp_id (int, or None when unplaced), area,
    asb, all_crime; one row per month, partnership and area that has records.
    """
    asb = Count("id", filter=Q(crime_type=ASB_CRIME_TYPE))
    placed = (
        StreetRecord.objects.filter(csp__isnull=False)
        .values("csp_id", "month")
        .annotate(asb=asb, all_crime=Count("id"))
        .order_by("csp_id", "month")
    )
    unplaced = (
        StreetRecord.objects.filter(csp__isnull=True)
        .values("month", "area")
        .annotate(asb=asb, all_crime=Count("id"))
        .order_by("month", "area")
    )
    rows = [{**row, "area": AreaStatus.IN_FORCE.value} for row in placed]
    rows += [{**row, "csp_id": None} for row in unplaced]
    frame = pd.DataFrame.from_records(rows, columns=COUNT_COLUMNS)
    return frame.sort_values(["month", "area", "csp_id"], ignore_index=True)


def series(counts: pd.DataFrame, csp_id: int | None = None) -> pd.DataFrame:
    """Sum the counts per month for the whole force (every record) or one partnership.

    The force series counts every published record, those with no location and those
    placed outside the force area included; a partnership's counts only the records placed
    in its LSOAs. Every loaded month appears, with zero where a partnership had none.

    Parameters
    ----------
    counts : DataFrame
        As returned by `monthly_counts`.
    csp_id : int, optional
        The partnership; None for the whole force.

    Returns
    -------
    DataFrame
        Columns month, asb, all_crime; one row per loaded month, oldest first.
    """
    months = sorted(counts["month"].unique())
    chosen = counts if csp_id is None else counts[counts["csp_id"] == csp_id]
    summed = chosen.groupby("month")[["asb", "all_crime"]].sum()
    summed = summed.reindex(months, fill_value=0)
    summed.index.name = "month"
    return summed.reset_index().astype({"asb": "int64", "all_crime": "int64"})


def summarise(counts: pd.DataFrame) -> LoadedSummary:
    """Say which months are loaded and how many records had no location or fell outside."""
    if counts.empty:
        return LoadedSummary(None, None, 0, 0, 0, 0, 0)
    by_area = counts.groupby("area")["all_crime"].sum()
    return LoadedSummary(
        first_month=counts["month"].min(),
        latest_month=counts["month"].max(),
        months=int(counts["month"].nunique()),
        records=int(counts["all_crime"].sum()),
        asb_records=int(counts["asb"].sum()),
        no_location=int(by_area.get(AreaStatus.NO_LOCATION, 0)),
        outside_force=int(by_area.get(AreaStatus.OUTSIDE_FORCE, 0)),
    )


def last_months(counts: pd.DataFrame, n: int = TOP_LSOA_MONTHS) -> list[dt.date]:
    """The latest n months loaded (fewer when fewer are loaded), oldest first."""
    return sorted(counts["month"].unique())[-n:]


def top_lsoas(
    months: list[dt.date], limit: int = TOP_LSOA_COUNT, language: str | None = None
) -> list[LsoaRank]:
    """Rank the force's LSOAs by ASB records in the given months, most first.

    Only records placed in the force area count; ties are broken by LSOA code so the order
    is stable. Partnership names are given in `language` (Welsh when "cy" and known).
    """
    if not months:
        return []
    ranked = list(
        StreetRecord.objects.filter(
            crime_type=ASB_CRIME_TYPE, month__in=months, area=AreaStatus.IN_FORCE
        )
        .exclude(lsoa21_code="")
        .values("lsoa21_code")
        .annotate(asb=Count("id"))
        .order_by("-asb", "lsoa21_code")[:limit]
    )
    lsoas = Lsoa.objects.select_related("csp").in_bulk(
        [row["lsoa21_code"] for row in ranked], field_name="code"
    )
    result = []
    for row in ranked:
        lsoa = lsoas.get(row["lsoa21_code"])
        result.append(
            LsoaRank(
                code=row["lsoa21_code"],
                name=lsoa.name if lsoa else "",
                csp_name=lsoa.csp.display_name(language) if lsoa else "",
                asb=row["asb"],
                population=lsoa.population if lsoa else None,
            )
        )
    return result


def partnerships() -> list[CommunitySafetyPartnership]:
    """The force's community safety partnerships, by name."""
    return list(CommunitySafetyPartnership.objects.order_by("name"))


_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")


def attribution_paragraphs(text: str) -> list[str]:
    """Turn the attribution Markdown into plain paragraphs, links written as "text (url)".

    The title (a level-one heading) is dropped, the page has its own; other headings lose
    their hashes and each list item becomes its own paragraph, so the page can show the
    text without a Markdown renderer.
    """
    paragraphs: list[str] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        item = re.match(r"^([-*+]|\d+\.)\s+", line)
        if not line or line.startswith("#") or item:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            if line.startswith("#"):
                heading = line.lstrip("#").strip()
                if heading and not re.match(r"^#\s", line):
                    paragraphs.append(heading)
                continue
            if item:
                line = line[item.end() :]
        if line:
            current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    return [
        _AUTOLINK.sub(r"\1", _LINK.sub(r"\1 (\2)", p)).replace("**", "").replace("`", "")
        for p in paragraphs
    ]


def read_attribution(path: Path = ATTRIBUTION_FILE) -> list[str]:
    """The shipped data's attribution as paragraphs, or an empty list when there is none."""
    try:
        return attribution_paragraphs(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
