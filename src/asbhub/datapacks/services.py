"""Use cases for data packs: assemble a pack, write it as HTML and PDF, and run pack jobs.

A pack is made by the same code from the command line (`asbhub datapack`) and from the
web, where it is a job: the request only records a `DataPack` row, and once that is
committed a background thread in the web process makes it (see `request_datapack` and
`run_queued_datapacks`). `asbhub run-datapacks` drains the same queue from a worker process.

police.uk records are published open data. The one section that reads the force's own
incidents aggregates personal data into counts: the service checks the user may make packs
and writes one access log entry ("combined") against the partnership for each pack.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import math
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, close_old_connections, connections, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from shapely.geometry import shape as geojson_shape

from asbhub.core import geography
from asbhub.core.audit import log_access
from asbhub.core.choices import AccessAction, AreaStatus
from asbhub.core.models import CommunitySafetyPartnership, Lsoa
from asbhub.datapacks import analysis, charts
from asbhub.datapacks.choices import PackFormat, PackLanguage, PackStage, PackStatus
from asbhub.datapacks.models import DataPack
from asbhub.demo.models import DemoRun
from asbhub.hotspots.choices import CrimeType as HotspotCrime
from asbhub.hotspots.services import find_hotspots
from asbhub.incidents.choices import AsbCategory, PartyRole, subtypes_by_code
from asbhub.incidents.models import Incident, IncidentParty
from asbhub.opendata.models import OutcomeRecord, StreetRecord

logger = logging.getLogger(__name__)
# WeasyPrint logs every page at INFO and warns about SVG presentation attributes in inline
# charts' styles, which it does apply; keep only its errors.
logging.getLogger("weasyprint").setLevel(logging.ERROR)

CATEGORIES_FILE = Path(__file__).resolve().parent / "data" / "policeuk_categories.csv"
OPENDATA_ATTRIBUTION = (
    Path(__file__).resolve().parent.parent / "opendata" / "data" / "ATTRIBUTION.md"
)
FORCE_NAME = "Gwent"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
TOP_HOTSPOTS = 5
TOP_ROWS = 10
MAP_DETAIL_METRES = 15.0
"""Boundaries are simplified to this tolerance: a map point is about 80 m, so it never shows."""
STALE_AFTER = dt.timedelta(minutes=10)
"""A running pack with no sign of life for this long was interrupted (its process died)."""

Progress = Callable[[str, int], None]
"""Called as progress(stage, percent) as a pack is made."""


def packs_folder() -> Path:
    """Where made packs are stored: VAR_DIR/datapacks."""
    return Path(settings.VAR_DIR) / "datapacks"


# ---------------------------------------------------------------------------------------
# Reference data: category names in English and Welsh


@cache
def _category_rows() -> tuple[dict[str, str], ...]:
    """The shipped police.uk category names with their Welsh wording and order."""
    with CATEGORIES_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def crime_types() -> list[str]:
    """police.uk crime types in the order packs list them (ASB first)."""
    rows = [r for r in _category_rows() if r["kind"] == "crime_type"]
    return [r["english"] for r in sorted(rows, key=lambda r: int(r["order"]))]


def category_label(english: str, language: str) -> str:
    """A police.uk crime type or outcome in the pack's language (as published if unknown)."""
    if language.startswith("cy"):
        for row in _category_rows():
            if row["english"] == english:
                return row["welsh"]
    return english


# ---------------------------------------------------------------------------------------
# Loading the data a pack needs


@dataclass
class ForceData:
    """Everything a pack reads, loaded once and shared by the packs of one run.

    Plain frames (see `analysis`), so the pack's figures can be checked without a database.
    """

    street: pd.DataFrame
    outcomes: pd.DataFrame
    lsoas: pd.DataFrame
    csps: list[CommunitySafetyPartnership]
    loaded_months: list[dt.date]
    period_end: dt.date
    shapes: dict[str, Any] = field(default_factory=dict)


class NoDataLoaded(LookupError):
    """No police.uk records are loaded for the months a pack needs."""


def load_force_data(period_end: dt.date, *, months: int = 12) -> ForceData:
    """Read the force's police.uk records up to `period_end`, its LSOAs and partnerships.

    Outcomes are read only for the crimes of the last `months` months (the most a pack
    covers), joined by Crime ID in the database. Raises NoDataLoaded when the pack's last
    month has no records.
    """
    period_end = period_end.replace(day=1)
    csps = list(CommunitySafetyPartnership.objects.order_by("name"))
    codes = {csp.pk: csp.code for csp in csps}
    rows = StreetRecord.objects.filter(month__lte=period_end).values_list(
        "month", "crime_type", "csp_id", "lsoa21_code", "location", "area", "crime_id"
    )
    street = pd.DataFrame.from_records(
        list(rows),
        columns=["month", "crime_type", "csp_code", "lsoa21_code", "location", "area", "crime_id"],
    )
    street["csp_code"] = street["csp_code"].map(codes).fillna("").astype(str)
    loaded = sorted(set(street["month"]))
    if not loaded or loaded[-1] != period_end:
        raise NoDataLoaded(
            _("No police.uk records are loaded for %(month)s.")
            % {"month": period_end.strftime("%Y-%m")}
        )
    street = analysis.prepare_records(street)
    first = analysis.month_from_index(analysis.month_index(period_end) - months + 1)
    crime_ids = (
        StreetRecord.objects.filter(month__gte=first, month__lte=period_end)
        .exclude(crime_id="")
        .values("crime_id")
    )
    outcome_rows = (
        OutcomeRecord.objects.filter(crime_id__in=crime_ids)
        .order_by("month", "source_id", "line")
        .values_list("crime_id", "month", "outcome_type")
    )
    outcomes = pd.DataFrame.from_records(
        list(outcome_rows), columns=["crime_id", "month", "outcome_type"]
    )
    lsoa_rows = Lsoa.objects.values_list(
        "code", "name", "csp_id", "population", "wimd_decile", "boundary"
    )
    lsoa_list = list(lsoa_rows)
    lsoas = pd.DataFrame.from_records(
        [row[:5] for row in lsoa_list],
        columns=["code", "name", "csp_code", "population", "wimd_decile"],
    )
    lsoas["csp_code"] = lsoas["csp_code"].map(codes)
    shapes = {
        code: _to_bng(boundary).simplify(MAP_DETAIL_METRES) for code, *_rest, boundary in lsoa_list
    }
    return ForceData(street, outcomes, lsoas, csps, loaded, period_end, shapes)


def _to_bng(boundary: dict[str, Any]) -> Any:
    """A GeoJSON WGS84 boundary as a shapely geometry in British National Grid metres."""

    def project(coords: np.ndarray) -> np.ndarray:
        eastings, northings = geography.to_bng(coords[:, 0], coords[:, 1])
        return np.column_stack([eastings, northings])

    return shapely.transform(geojson_shape(boundary), project)


# ---------------------------------------------------------------------------------------
# Formatting, in the active language


def _fixed(value: float, places: int) -> str:
    """A number rounded half up to `places` decimals, grouped, in the active language.

    Django's number_format cuts a float's extra decimals off rather than rounding them.
    """
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return number_format(rounded, places, force_grouping=True)


def _n(value: int | None) -> str:
    """A count with thousands separators, or a dash when unknown."""
    return "–" if value is None else number_format(value, force_grouping=True)


def _rate(value: float | None) -> str:
    """A rate with one decimal place, or "not known"."""
    return _("not known") if value is None else _fixed(value, 1)


def _percent(value: float | None) -> str:
    """A signed percentage change, e.g. "+5.9%" or "−12.0%"; "new" when from zero."""
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{_fixed(abs(value), 1)}%"


def _signed(value: int | None) -> str:
    """A signed difference in records."""
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{number_format(abs(value), force_grouping=True)}"


def _p(value: float) -> str:
    """A p-value to three places, or "< 0.001"."""
    if value < 0.001:
        return "< " + _fixed(0.001, 3)
    return _fixed(value, 3)


def _month(value: dt.date) -> str:
    """A month in words, e.g. "December 2024" or "Rhagfyr 2024"."""
    return date_format(value, "F Y")


def _short_month(value: dt.date) -> str:
    """A month for a chart axis, e.g. "Dec 2024" or "Rhag 2024"."""
    return date_format(value, "M Y")


def _period(period: analysis.Period) -> str:
    """A period in words, e.g. "January 2024 to December 2024"."""
    if period.first == period.last:
        return _month(period.first)
    return _("%(first)s to %(last)s") % {"first": _month(period.first), "last": _month(period.last)}


def _cell(text: object, *, numeric: bool = False, header: bool = False) -> dict[str, object]:
    """A table cell for core/components/table.html."""
    return {"text": text, "numeric": numeric, "header": header}


def _verdict(comparison: analysis.Comparison | None) -> str:
    """Yes or No: is the change more than chance."""
    if comparison is None:
        return "–"
    return _("Yes") if comparison.significant else _("No")


# ---------------------------------------------------------------------------------------
# Assembling a pack


@dataclass(frozen=True)
class PackDocument:
    """A rendered pack: its HTML (also the PDF's source) and the file name stem."""

    html: str
    stem: str
    title: str


def _noop(stage: str, percent: int) -> None:
    """A progress callback that does nothing."""


def build_pack(
    data: ForceData,
    csp: CommunitySafetyPartnership,
    *,
    months: int,
    language: str,
    user: AbstractBaseUser | AnonymousUser | None = None,
    progress: Progress | None = None,
    made_at: dt.datetime | None = None,
) -> PackDocument:
    """Work out every section of one partnership's pack and render it as HTML.

    The force's own incidents are aggregated only when there are some in the period; that
    writes one access log entry (action "combined") for the partnership, for `user` or,
    from the command line, the system.
    """
    report = progress or _noop
    if language not in PackLanguage.values:
        raise ValueError(f"Unknown pack language: {language}")
    periods = analysis.pack_periods(data.period_end, months)
    with translation.override(language):
        context = _pack_context(data, csp, periods, language, user, report, made_at)
        report(PackStage.HTML, 85)
        html = render_to_string("datapacks/pack.html", context)
    stem = f"{csp.slug}-{periods.current.first:%Y-%m}-to-{periods.current.last:%Y-%m}-{language}"
    return PackDocument(html=html, stem=stem, title=context["title"])


def _pack_context(
    data: ForceData,
    csp: CommunitySafetyPartnership,
    periods: analysis.Periods,
    language: str,
    user: AbstractBaseUser | AnonymousUser | None,
    report: Progress,
    made_at: dt.datetime | None,
) -> dict[str, Any]:
    """The template context of a pack, every string in the active language."""
    street = data.street
    lsoas = data.lsoas
    own_lsoas = lsoas[lsoas["csp_code"] == csp.code]
    population = int(own_lsoas["population"].fillna(0).sum()) or None
    name = csp.display_name(language)
    current = periods.current
    have_previous = periods.previous.within(data.loaded_months)
    have_year_before = periods.year_before.within(data.loaded_months)
    in_period = street[
        street["month_index"].between(
            analysis.month_index(current.first), analysis.month_index(current.last)
        )
    ]
    area_records = in_period[in_period["csp_code"] == csp.code]

    report(PackStage.HEADLINES, 10)
    headlines = analysis.headline_figures(
        street,
        periods,
        csp_code=csp.code,
        population=population,
        loaded_months=data.loaded_months,
        crime_types=crime_types(),
    )
    report(PackStage.TRENDS, 20)
    trends = [_trend_section(street, data, csp, periods, asb) for asb in (True, False)]
    report(PackStage.MAPS, 30)
    lsoa_figures = analysis.lsoa_figures(
        street, lsoas, periods, csp_code=csp.code, loaded_months=data.loaded_months
    )
    maps = _map_section(data, lsoa_figures, name)
    hotspots = _hotspot_section(data, csp, current, name)
    report(PackStage.PLACES, 45)
    places = _places_section(street, data, csp, periods, lsoa_figures)
    report(PackStage.OUTCOMES, 55)
    outcomes = _outcomes_section(street, data, csp, current, name)
    report(PackStage.COMPARISON, 62)
    comparison = _comparison_section(street, data, csp, periods, language)
    report(PackStage.DEPRIVATION, 70)
    deprivation = _deprivation_section(street, data, csp, current, name)
    report(PackStage.FORCE_DATA, 78)
    force_data = _force_data_section(csp, current, user)

    no_location = int((in_period["area"] == AreaStatus.NO_LOCATION).sum())
    outside = int((in_period["area"] == AreaStatus.OUTSIDE_FORCE).sum())
    asb_row = headlines.row(analysis.ASB_CRIME_TYPE)
    crime_row = headlines.row(analysis.ALL_CRIME)
    made = timezone.localtime(made_at or timezone.now())
    return {
        "language": language,
        "title": _("Crime and anti-social behaviour data pack: %(area)s") % {"area": name},
        "area": name,
        "area_code": csp.code,
        "force": FORCE_NAME,
        "period": _period(current),
        "period_months": current.months,
        "previous": _period(periods.previous),
        "year_before": _period(periods.year_before),
        "same_comparison": periods.same_comparison,
        "have_previous": have_previous,
        "have_year_before": have_year_before,
        "made_on": date_format(made, "j F Y"),
        "population": _n(population),
        "lsoa_count": _n(len(own_lsoas)),
        "records": _n(len(area_records)),
        "asb_count": _n(asb_row.count),
        "crime_count": _n(crime_row.count),
        "asb_rate": _rate(asb_row.rate_per_1000),
        "crime_rate": _rate(crime_row.rate_per_1000),
        "asb_change": _change_sentence(asb_row.previous),
        "crime_change": _change_sentence(crime_row.previous),
        "headline_tables": _headline_tables(
            headlines, periods, have_previous, have_year_before, language
        ),
        "trends": trends,
        "maps": maps,
        "hotspots": hotspots,
        "places": places,
        "outcomes": outcomes,
        "comparison": comparison,
        "deprivation": deprivation,
        "force_data": force_data,
        "force_no_location": _n(no_location),
        "force_outside": _n(outside),
        "loaded_first": _month(data.loaded_months[0]),
        "loaded_last": _month(data.loaded_months[-1]),
        "lsoa_head": _lsoa_head(),
        "lsoa_rows": [_lsoa_row(i, f) for i, f in enumerate(lsoa_figures, start=1)],
        "alpha": _fixed(analysis.ALPHA, 2),
        "unusual_z": _fixed(analysis.UNUSUAL_Z, 2),
        "baseline_years": analysis.BASELINE_YEARS,
        "ogl_url": OGL_URL,
    }


def _change_sentence(comparison: analysis.Comparison | None) -> str:
    """A short phrase for the summary: the change and whether it is more than chance."""
    if comparison is None:
        return ""
    if comparison.percent_change is None:
        return _("up from none")
    if comparison.significant:
        return _("%(change)s on the previous period, more than chance would explain") % {
            "change": _percent(comparison.percent_change)
        }
    return _("%(change)s on the previous period, within what chance would explain") % {
        "change": _percent(comparison.percent_change)
    }


def _headline_tables(
    headlines: analysis.Headlines,
    periods: analysis.Periods,
    have_previous: bool,
    have_year_before: bool,
    language: str,
) -> list[dict[str, Any]]:
    """One table per comparison: the previous period, and the year before when different."""
    wanted = []
    if have_previous:
        wanted.append(("previous", periods.previous, headlines.previous_records))
    if have_year_before and not periods.same_comparison:
        wanted.append(("year_before", periods.year_before, headlines.year_before_records))
    tables = []
    for key, period, _records in wanted:
        rows = []
        for row in headlines.rows:
            comparison: analysis.Comparison | None = getattr(row, key)
            label = (
                _("All crime (not counting ASB)")
                if row.crime_type == analysis.ALL_CRIME
                else category_label(row.crime_type, language)
            )
            rows.append(
                [
                    _cell(label, header=True),
                    _cell(_n(row.count), numeric=True),
                    _cell(_rate(row.rate_per_1000), numeric=True),
                    _cell(_n(comparison.earlier if comparison else None), numeric=True),
                    _cell(
                        _percent(comparison.percent_change if comparison else None), numeric=True
                    ),
                    _cell(_p(comparison.test.p_value) if comparison else "–", numeric=True),
                    _cell(_verdict(comparison)),
                ]
            )
        tables.append(
            {
                "key": key,
                "caption": (
                    _("Records in %(now)s against %(then)s")
                    % {"now": _period(periods.current), "then": _period(period)}
                ),
                "head": [
                    _cell(_("Type")),
                    _cell(_("Records"), numeric=True),
                    _cell(_("Per 1,000 residents"), numeric=True),
                    _cell(_("Records before"), numeric=True),
                    _cell(_("Change"), numeric=True),
                    _cell(_("p-value"), numeric=True),
                    _cell(_("More than chance?")),
                ],
                "rows": rows,
            }
        )
    return tables


def _trend_section(
    street: pd.DataFrame,
    data: ForceData,
    csp: CommunitySafetyPartnership,
    periods: analysis.Periods,
    asb: bool,
) -> dict[str, Any]:
    """A monthly trend chart against its seasonal baseline, with its table."""
    series = analysis.monthly_series(street, data.loaded_months, csp_code=csp.code, asb=asb)
    trend = analysis.monthly_trend(series, periods.current)
    what = _("Anti-social behaviour") if asb else _("All crime (not counting ASB)")
    in_sentence = _("anti-social behaviour") if asb else _("crime (not counting ASB)")
    chart_id = "trend-asb" if asb else "trend-crime"
    title = _("%(what)s per month, %(first)s to %(last)s") % {
        "what": what,
        "first": _month(trend.points[0].month),
        "last": _month(trend.points[-1].month),
    }
    high = max(trend.points, key=lambda p: (p.count, p.month))
    low = min(trend.points, key=lambda p: (p.count, p.month))
    unusual = [
        (
            _("%(month)s (higher than usual)")
            if p.flag == "high"
            else _("%(month)s (lower than usual)")
        )
        % {"month": _month(p.month)}
        for p in trend.unusual
    ]
    description = _(
        "Line chart of %(what)s records per month. The highest month was %(high_month)s "
        "(%(high)s records) and the lowest %(low_month)s (%(low)s). The dashed line is the "
        "seasonal baseline. Unusual months: %(unusual)s. The table after the chart gives "
        "every month."
    ) % {
        "what": in_sentence,
        "high_month": _month(high.month),
        "high": _n(high.count),
        "low_month": _month(low.month),
        "low": _n(low.count),
        "unusual": ", ".join(unusual) if unusual else _("none"),
    }
    svg = charts.trend_svg(
        [_short_month(p.month) for p in trend.points],
        [p.count for p in trend.points],
        [p.baseline for p in trend.points],
        [p.flag for p in trend.points],
        [p.in_period for p in trend.points],
        labels=charts.TrendLabels(
            count=_("Records"),
            baseline=_("Seasonal baseline"),
            high=_("Higher than usual"),
            low=_("Lower than usual"),
            period=_("This pack's months"),
            axis=_("Records per month"),
        ),
        title=title,
        description=description,
        chart_id=chart_id,
    )
    flag_text = {"high": _("Higher than usual"), "low": _("Lower than usual"), "": ""}
    rows = [
        [
            _cell(_month(p.month), header=True),
            _cell(_n(p.count), numeric=True),
            _cell(
                "–" if p.baseline is None else _fixed(p.baseline, 1),
                numeric=True,
            ),
            _cell("–" if p.z is None else _fixed(p.z, 2), numeric=True),
            _cell(flag_text[p.flag]),
        ]
        for p in trend.points
    ]
    return {
        "id": chart_id,
        "what": what,
        "title": title,
        "svg": svg,
        "spread": _fixed(math.sqrt(trend.dispersion), 1),
        "dispersion_months": trend.dispersion_months,
        "has_baseline": trend.has_baseline,
        "unusual": unusual,
        "head": [
            _cell(_("Month")),
            _cell(_("Records"), numeric=True),
            _cell(_("Seasonal baseline"), numeric=True),
            _cell(_("z"), numeric=True),
            _cell(_("Unusual?")),
        ],
        "rows": rows,
    }


def _map_section(data: ForceData, figures: list[analysis.LsoaFigures], area: str) -> dict[str, Any]:
    """Four choropleths (ASB and crime, counts and rates), the top hotspots outlined."""
    shapes = {f.code: data.shapes[f.code] for f in figures if f.code in data.shapes}
    hotspots = [f.code for f in figures[:TOP_HOTSPOTS] if f.asb.current > 0]
    maps = []
    specs = [
        (
            "map-asb-count",
            _("Anti-social behaviour records"),
            _("Map of anti-social behaviour records by LSOA in %(area)s"),
            lambda f: f.asb.current,
            0,
        ),
        (
            "map-asb-rate",
            _("Anti-social behaviour per 1,000 residents"),
            _("Map of anti-social behaviour per 1,000 residents by LSOA in %(area)s"),
            lambda f: f.asb_rate,
            1,
        ),
        (
            "map-crime-count",
            _("Crime records (not counting ASB)"),
            _("Map of crime records (not counting ASB) by LSOA in %(area)s"),
            lambda f: f.crime.current,
            0,
        ),
        (
            "map-crime-rate",
            _("Crime (not counting ASB) per 1,000 residents"),
            _("Map of crime (not counting ASB) per 1,000 residents by LSOA in %(area)s"),
            lambda f: f.crime_rate,
            1,
        ),
    ]
    for chart_id, what, title_text, value_of, decimals in specs:
        values = {f.code: (None if value_of(f) is None else float(value_of(f))) for f in figures}
        classes = charts.quantile_classes(list(values.values()), decimals=decimals)
        top = max(figures, key=lambda f: (value_of(f) or 0, f.code))
        title = title_text % {"area": area}
        description = _(
            "Map of the %(count)s LSOAs of %(area)s shaded in %(classes)s classes of about "
            "equal size, darker for more. The highest is %(top_name)s (%(top_code)s) with "
            "%(top_value)s. The %(hot)s LSOAs with the most anti-social behaviour are outlined "
            "in red. Appendix A gives every LSOA's figures."
        ) % {
            "count": len(figures),
            "area": area,
            "classes": len(classes.labels),
            "top_name": top.name,
            "top_code": top.code,
            "top_value": _fixed(value_of(top) or 0, decimals),
            "hot": len(hotspots),
        }
        svg = charts.choropleth_svg(
            shapes,
            values,
            classes=classes,
            highlight=hotspots,
            legend_title=what,
            missing_label=_("No population figure"),
            highlight_label=_("Top %(n)s for ASB") % {"n": len(hotspots)},
            title=title,
            description=description,
            chart_id=chart_id,
        )
        maps.append({"id": chart_id, "title": title, "svg": svg})
    return {"maps": maps, "hotspots": len(hotspots)}


def _hotspot_section(
    data: ForceData, csp: CommunitySafetyPartnership, period: analysis.Period, area: str
) -> dict[str, Any] | None:
    """Gi* hotspots of the period's ASB (the hotspots app's analysis), mapped and listed.

    None when no ASB record of the period has a location in the partnership. Uses the
    analytic (normal) p-values only: permutations would add seconds and change no call.
    """
    result = find_hotspots(csp, HotspotCrime.ASB, period.first, period.last, permutations=0)
    if result.records == 0:
        return None
    names = dict(zip(data.lsoas["code"], data.lsoas["name"], strict=True))
    top = result.hotspots[:TOP_HOTSPOTS]
    svg = ""
    if result.hotspots:
        areas = [
            (h.number, shapely.union_all(result.grid.boxes(h.positions)), h.centre)
            for h in result.hotspots
        ]
        outlines = {
            code: data.shapes[code]
            for code in data.lsoas.loc[data.lsoas["csp_code"] == csp.code, "code"]
            if code in data.shapes
        }
        first = top[0]
        svg = charts.hotspot_map_svg(
            outlines,
            areas,
            labelled=len(top),
            legend_label=_("Anti-social behaviour hotspot (Getis-Ord Gi*)"),
            title=_("Anti-social behaviour hotspots in %(area)s, %(period)s")
            % {"area": area, "period": _period(period)},
            description=_(
                "Map of %(area)s with its %(count)s anti-social behaviour hotspots in red; the "
                "%(top)s busiest are numbered as in the table after the map. The busiest, "
                "number 1, holds %(records)s records around %(street)s."
            )
            % {
                "area": area,
                "count": len(result.hotspots),
                "top": len(top),
                "records": _n(int(first.count)),
                "street": (result.streets.get(first.number) or [("–", 0)])[0][0],
            },
            chart_id="hotspots",
        )
    rows = [
        [
            _cell(str(h.number), numeric=True, header=True),
            _cell(_n(int(h.count)), numeric=True),
            _cell(_n(h.hot_cells), numeric=True),
            _cell(_fixed(h.peak_z, 1), numeric=True),
            _cell(
                "; ".join(
                    f"{location} ({_n(count)})" for location, count in result.streets[h.number][:3]
                )
            ),
            _cell(", ".join(names.get(code, code) for code in result.lsoas[h.number][:3])),
        ]
        for h in top
    ]
    return {
        "svg": svg,
        "cells": _n(result.grid.size),
        "cell_size": _n(int(result.grid.cell_size)),
        "cutoff": _fixed(result.gi.fdr_cutoff, 4),
        "alpha": _fixed(result.gi.alpha, 2),
        "records": _n(result.records),
        "hot_cells": _n(result.gi.hot_count),
        "count": len(result.hotspots),
        "head": [
            _cell(_("Hotspot"), numeric=True),
            _cell(_("ASB records"), numeric=True),
            _cell(_("Hot squares"), numeric=True),
            _cell(_("Peak z"), numeric=True),
            _cell(_("Busiest locations (records)")),
            _cell(_("LSOAs")),
        ],
        "rows": rows,
    }


def _places_section(
    street: pd.DataFrame,
    data: ForceData,
    csp: CommunitySafetyPartnership,
    periods: analysis.Periods,
    figures: list[analysis.LsoaFigures],
) -> dict[str, Any]:
    """The top LSOAs and the top "On or near" locations, with their change."""
    names = dict(zip(data.lsoas["code"], data.lsoas["name"], strict=True))
    location_tables = []
    for asb in (True, False):
        found = analysis.top_locations(
            street,
            periods,
            csp_code=csp.code,
            asb=asb,
            loaded_months=data.loaded_months,
            lsoa_names=names,
            limit=TOP_ROWS,
        )
        location_tables.append(
            {
                "asb": asb,
                "caption": (
                    _("Top %(n)s locations for anti-social behaviour")
                    if asb
                    else _("Top %(n)s locations for crime (not counting ASB)")
                )
                % {"n": len(found)},
                "head": [
                    _cell(_("Rank"), numeric=True),
                    _cell(_("Location")),
                    _cell(_("LSOA")),
                    _cell(_("Records"), numeric=True),
                    _cell(_("Previous period"), numeric=True),
                    _cell(_("Change"), numeric=True),
                ],
                "rows": [
                    [
                        _cell(str(i), numeric=True),
                        _cell(loc.location, header=True),
                        _cell(f"{loc.lsoa_name} ({loc.lsoa21_code})"),
                        _cell(_n(loc.change.current), numeric=True),
                        _cell(_n(loc.change.previous), numeric=True),
                        _cell(_signed(loc.change.difference), numeric=True),
                    ]
                    for i, loc in enumerate(found, start=1)
                ],
            }
        )
    top = figures[:TOP_ROWS]
    return {
        "lsoa_caption": _("Top %(n)s LSOAs for anti-social behaviour") % {"n": len(top)},
        "lsoa_head": _lsoa_head(),
        "lsoa_rows": [_lsoa_row(i, f) for i, f in enumerate(top, start=1)],
        "locations": location_tables,
    }


def _lsoa_head() -> list[dict[str, object]]:
    """Columns of the LSOA tables."""
    return [
        _cell(_("Rank"), numeric=True),
        _cell(_("LSOA")),
        _cell(_("WIMD decile"), numeric=True),
        _cell(_("ASB records"), numeric=True),
        _cell(_("ASB change"), numeric=True),
        _cell(_("ASB per 1,000"), numeric=True),
        _cell(_("Crime records"), numeric=True),
        _cell(_("Crime change"), numeric=True),
        _cell(_("Crime per 1,000"), numeric=True),
    ]


def _lsoa_row(rank: int, f: analysis.LsoaFigures) -> list[dict[str, object]]:
    """One LSOA's row."""
    return [
        _cell(str(rank), numeric=True),
        _cell(f"{f.name} ({f.code})", header=True),
        _cell("–" if f.wimd_decile is None else str(f.wimd_decile), numeric=True),
        _cell(_n(f.asb.current), numeric=True),
        _cell(_signed(f.asb.difference), numeric=True),
        _cell(_rate(f.asb_rate), numeric=True),
        _cell(_n(f.crime.current), numeric=True),
        _cell(_signed(f.crime.difference), numeric=True),
        _cell(_rate(f.crime_rate), numeric=True),
    ]


def _outcomes_section(
    street: pd.DataFrame,
    data: ForceData,
    csp: CommunitySafetyPartnership,
    period: analysis.Period,
    area: str,
) -> dict[str, Any]:
    """The latest outcome of each crime in the period, with the join rate."""
    profile = analysis.outcomes_profile(street, data.outcomes, period, csp_code=csp.code)
    language = translation.get_language() or "en"
    labels = [
        category_label(s.outcome_type, language) if s.outcome_type else _("No outcome recorded yet")
        for s in profile.shares
    ]
    shares = [100 * s.share for s in profile.shares]
    svg = ""
    if profile.shares:
        biggest = profile.shares[0]
        svg = charts.bar_svg(
            labels,
            shares,
            highlight=None,
            axis_label=_("Share of crimes (%)"),
            title=_("Latest outcome of crimes in %(area)s, %(period)s")
            % {"area": area, "period": _period(period)},
            description=_(
                "Bar chart of the share of crimes by their latest outcome. The most common is "
                "%(top)s, for %(share)s of crimes. The table after the chart gives every outcome."
            )
            % {"top": labels[0], "share": _percent_plain(100 * biggest.share)},
            chart_id="outcomes",
            value_format="{:.1f}%",
        )
    return {
        "crime_records": _n(profile.crime_records),
        "crimes": _n(profile.crimes),
        "matched": _n(profile.matched),
        "join_rate": _percent_plain(None if profile.join_rate is None else 100 * profile.join_rate),
        "last_outcome_month": _month(profile.last_outcome_month)
        if profile.last_outcome_month
        else "–",
        "svg": svg,
        "head": [
            _cell(_("Latest outcome")),
            _cell(_("Crimes"), numeric=True),
            _cell(_("Share"), numeric=True),
        ],
        "rows": [
            [
                _cell(label, header=True),
                _cell(_n(s.crimes), numeric=True),
                _cell(_percent_plain(100 * s.share), numeric=True),
            ]
            for label, s in zip(labels, profile.shares, strict=True)
        ],
    }


def _percent_plain(value: float | None) -> str:
    """A share as a percentage with one decimal place, e.g. "42.3%"."""
    return "–" if value is None else f"{_fixed(value, 1)}%"


def _comparison_section(
    street: pd.DataFrame,
    data: ForceData,
    csp: CommunitySafetyPartnership,
    periods: analysis.Periods,
    language: str,
) -> dict[str, Any]:
    """This partnership beside the other four and the force: rates and change."""
    lsoas = data.lsoas
    populations = {
        c.code: int(lsoas.loc[lsoas["csp_code"] == c.code, "population"].fillna(0).sum()) or None
        for c in data.csps
    }
    areas = analysis.compare_areas(
        street, periods, populations=populations, loaded_months=data.loaded_months
    )
    names = {c.code: c.display_name(language) for c in data.csps}
    names[""] = _("%(force)s (all five partnerships)") % {"force": FORCE_NAME}
    labels = [names[a.code] for a in areas]
    highlight = next(i for i, a in enumerate(areas) if a.code == csp.code)
    tables, svgs = [], []
    for asb in (True, False):
        what = _("Anti-social behaviour") if asb else _("All crime (not counting ASB)")
        rates = [(a.asb_rate if asb else a.crime_rate) or 0.0 for a in areas]
        chart_id = "compare-asb" if asb else "compare-crime"
        top = max(range(len(areas)), key=lambda i: rates[i])
        svgs.append(
            charts.bar_svg(
                labels,
                rates,
                highlight=highlight,
                axis_label=_("Records per 1,000 residents, %(period)s")
                % {"period": _period(periods.current)},
                title=_("%(what)s per 1,000 residents by partnership") % {"what": what},
                description=_(
                    "Bar chart of %(what)s per 1,000 residents in each partnership and "
                    "the force. %(area)s, highlighted, has %(rate)s; the highest is %(top)s with "
                    "%(top_rate)s. The table after the chart gives every figure."
                )
                % {
                    "what": _("anti-social behaviour") if asb else _("crime (not counting ASB)"),
                    "area": labels[highlight],
                    "rate": _rate(rates[highlight]),
                    "top": labels[top],
                    "top_rate": _rate(rates[top]),
                },
                chart_id=chart_id,
            )
        )
        rows = []
        for a, label in zip(areas, labels, strict=True):
            comparison = a.asb if asb else a.crime
            rows.append(
                [
                    _cell(label, header=True),
                    _cell(_n(a.population), numeric=True),
                    _cell(_n(a.asb_count if asb else a.crime_count), numeric=True),
                    _cell(_rate(a.asb_rate if asb else a.crime_rate), numeric=True),
                    _cell(
                        _percent(comparison.percent_change if comparison else None), numeric=True
                    ),
                    _cell(_verdict(comparison)),
                ]
            )
        tables.append(
            {
                "caption": what,
                "head": [
                    _cell(_("Area")),
                    _cell(_("Residents"), numeric=True),
                    _cell(_("Records"), numeric=True),
                    _cell(_("Per 1,000 residents"), numeric=True),
                    _cell(_("Change on previous period"), numeric=True),
                    _cell(_("More than chance?")),
                ],
                "rows": rows,
                "svg": svgs[-1],
                "id": chart_id,
            }
        )
    return {"tables": tables}


def _deprivation_section(
    street: pd.DataFrame,
    data: ForceData,
    csp: CommunitySafetyPartnership,
    period: analysis.Period,
    area: str,
) -> dict[str, Any]:
    """ASB and crime rates by WIMD decile, in the partnership and in the force."""
    own = analysis.deprivation_profile(street, data.lsoas, period, csp_code=csp.code)
    force = {
        d.decile: d for d in analysis.deprivation_profile(street, data.lsoas, period, csp_code=None)
    }
    deciles = list(range(1, 11))
    by_decile = {d.decile: d for d in own}
    force_label = _("%(force)s (all five partnerships)") % {"force": FORCE_NAME}
    svg = charts.grouped_bar_svg(
        [str(d) for d in deciles],
        [
            (area, [by_decile[d].asb_rate if d in by_decile else None for d in deciles]),
            (force_label, [force[d].asb_rate if d in force else None for d in deciles]),
        ],
        axis_label=_("ASB records per 1,000 residents"),
        category_label=_("WIMD decile (1 = most deprived tenth of Wales)"),
        title=_("Anti-social behaviour per 1,000 residents by deprivation decile"),
        description=_(
            "Bar chart of anti-social behaviour records per 1,000 residents in the LSOAs of each "
            "Welsh Index of Multiple Deprivation decile, for %(area)s and for the force. "
            "Deciles with no LSOA in %(area)s have no bar. The table after the chart gives "
            "every figure."
        )
        % {"area": area},
        chart_id="deprivation",
    )
    rows = []
    for d in deciles:
        mine = by_decile.get(d)
        theirs = force.get(d)
        rows.append(
            [
                _cell(str(d), header=True),
                _cell(_n(mine.lsoas if mine else 0), numeric=True),
                _cell(_n(mine.population if mine else 0), numeric=True),
                _cell(_n(mine.asb if mine else 0), numeric=True),
                _cell(_rate(mine.asb_rate) if mine else "–", numeric=True),
                _cell(_n(mine.crime if mine else 0), numeric=True),
                _cell(_rate(mine.crime_rate) if mine else "–", numeric=True),
                _cell(_rate(theirs.asb_rate) if theirs else "–", numeric=True),
                _cell(_rate(theirs.crime_rate) if theirs else "–", numeric=True),
            ]
        )
    most = [d for d in own if d.decile <= 2]
    least = [d for d in own if d.decile >= 9]
    return {
        "svg": svg,
        "head": [
            _cell(_("WIMD decile")),
            _cell(_("LSOAs"), numeric=True),
            _cell(_("Residents"), numeric=True),
            _cell(_("ASB records"), numeric=True),
            _cell(_("ASB per 1,000"), numeric=True),
            _cell(_("Crime records"), numeric=True),
            _cell(_("Crime per 1,000"), numeric=True),
            _cell(_("Force ASB per 1,000"), numeric=True),
            _cell(_("Force crime per 1,000"), numeric=True),
        ],
        "rows": rows,
        "most_deprived_rate": _rate(_pooled_rate(most, asb=True)),
        "least_deprived_rate": _rate(_pooled_rate(least, asb=True)),
        "has_both_ends": bool(most and least),
    }


def _pooled_rate(deciles: Sequence[analysis.DecileFigures], *, asb: bool) -> float | None:
    """The rate per 1,000 residents over several deciles together."""
    population = sum(d.population for d in deciles)
    count = sum(d.asb if asb else d.crime for d in deciles)
    return analysis.rate_per_1000(count, population)


def _force_data_section(
    csp: CommunitySafetyPartnership,
    period: analysis.Period,
    user: AbstractBaseUser | AnonymousUser | None,
) -> dict[str, Any] | None:
    """ASB incidents by category, repeat locations and repeat victims; None when there are none.

    Reads the force's own incidents (personal data) only to count them, and logs that once.
    """
    start = timezone.make_aware(dt.datetime.combine(period.first, dt.time.min))
    after = analysis.month_from_index(analysis.month_index(period.last) + 1)
    end = timezone.make_aware(dt.datetime.combine(after, dt.time.min))
    chosen: QuerySet[Incident] = Incident.objects.filter(
        csp=csp, reported_at__gte=start, reported_at__lt=end
    )
    incidents = pd.DataFrame.from_records(
        list(chosen.values_list("id", "category", "subtype", "location")),
        columns=["id", "category", "subtype", "location"],
    )
    if incidents.empty:
        return None
    victims = pd.DataFrame.from_records(
        list(
            IncidentParty.objects.filter(incident__in=chosen, role=PartyRole.VICTIM).values_list(
                "incident_id", "person__given_name", "person__family_name", "person__date_of_birth"
            )
        ),
        columns=["incident_id", "given_name", "family_name", "date_of_birth"],
    )
    log_access(
        user,
        AccessAction.COMBINE,
        csp,
        _(
            "Data pack for %(area)s, %(period)s: ASB incidents counted by category, repeat "
            "locations and repeat victims (depersonalised aggregates, Crime and Disorder Act "
            "1998 s.17A)"
        )
        % {"area": csp.name, "period": _period(period)},
    )
    profile = analysis.incident_profile(
        incidents, victims, categories=[c.value for c in AsbCategory]
    )
    category_names = dict(AsbCategory.choices)
    subtypes = subtypes_by_code()
    language = translation.get_language() or "en"

    def subtype_label(code: str) -> str:
        found = subtypes.get(code)
        return found.label(language) if found is not None else code

    return {
        "synthetic": _demo_data_present(),
        "incidents": _n(profile.incidents),
        "category_head": [
            _cell(_("ASB category")),
            _cell(_("Incidents"), numeric=True),
            _cell(_("Share"), numeric=True),
        ],
        "category_rows": [
            [
                _cell(str(category_names.get(c.category, c.category)), header=True),
                _cell(_n(c.incidents), numeric=True),
                _cell(_percent_plain(100 * c.share), numeric=True),
            ]
            for c in profile.categories
        ],
        "subtype_head": [
            _cell(_("Subtype")),
            _cell(_("ASB category")),
            _cell(_("Incidents"), numeric=True),
            _cell(_("Share"), numeric=True),
        ],
        "subtype_rows": [
            [
                _cell(subtype_label(s.subtype), header=True),
                _cell(str(category_names.get(s.category, s.category))),
                _cell(_n(s.incidents), numeric=True),
                _cell(_percent_plain(100 * s.share), numeric=True),
            ]
            for s in profile.subtypes[:TOP_ROWS]
        ],
        "repeat_threshold": profile.repeat_threshold,
        "repeat_locations": _n(profile.repeat_locations),
        "incidents_at_repeat_locations": _n(profile.incidents_at_repeat_locations),
        "victims": _n(profile.victims),
        "repeat_victims": _n(profile.repeat_victims),
        "victims_three_or_more": _n(profile.victims_three_or_more),
        "unnamed_victims": _n(profile.unnamed_victims),
    }


def _demo_data_present() -> bool:
    """Whether the incidents come from the synthetic demo generator."""
    return DemoRun.objects.exists()


# ---------------------------------------------------------------------------------------
# Writing packs


def write_pdf(html: str, path: Path) -> Path:
    """Write a pack's HTML as a PDF with WeasyPrint (charts stay vector)."""
    from weasyprint import HTML

    HTML(string=html, base_url=str(path.parent)).write_pdf(path)
    return path


def write_pack(
    document: PackDocument, formats: Iterable[str], folder: Path, progress: Progress | None = None
) -> dict[str, Path]:
    """Write a rendered pack in the formats asked for; return the files by format."""
    report = progress or _noop
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    wanted = list(formats)
    unknown = set(wanted) - set(PackFormat.values)
    if unknown:
        raise ValueError(f"Unknown pack formats: {', '.join(sorted(unknown))}")
    if PackFormat.HTML in wanted:
        path = folder / f"{document.stem}.html"
        path.write_text(document.html, encoding="utf-8")
        written[PackFormat.HTML] = path
    if PackFormat.PDF in wanted:
        report(PackStage.PDF, 90)
        written[PackFormat.PDF] = write_pdf(document.html, folder / f"{document.stem}.pdf")
    return written


def make_datapacks(
    csps: Sequence[CommunitySafetyPartnership],
    *,
    period_end: dt.date,
    months: int,
    languages: Sequence[str],
    formats: Sequence[str],
    folder: Path,
    user: AbstractBaseUser | AnonymousUser | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[Path]:
    """Make packs for several partnerships and languages, reading the data once.

    `progress(done, total, description)` is called before each pack and at the end.
    Returns the files written, in order.
    """
    data = load_force_data(period_end, months=12)
    jobs = [(csp, language) for csp in csps for language in languages]
    written: list[Path] = []
    for done, (csp, language) in enumerate(jobs):
        if progress:
            progress(done, len(jobs), f"{csp.slug} ({language})")
        document = build_pack(data, csp, months=months, language=language, user=user)
        written.extend(write_pack(document, formats, folder).values())
    if progress:
        progress(len(jobs), len(jobs), "")
    return written


# ---------------------------------------------------------------------------------------
# Packs as jobs, for the web


def packs_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[DataPack]:
    """The scope function for packs: makers see all, readers (partners) finished ones only."""
    if not user.is_active or not user.has_perm("datapacks.view_datapack"):
        return DataPack.objects.none()
    packs = DataPack.objects.select_related("csp", "requested_by")
    if user.has_perm("datapacks.add_datapack"):
        return packs
    return packs.filter(status=PackStatus.DONE)


def pack_for(user: AbstractBaseUser | AnonymousUser, pk: int) -> DataPack:
    """One pack the user may see; Http404 otherwise (its existence is not revealed)."""
    _mark_interrupted()
    try:
        return packs_visible_to(user).get(pk=pk)
    except DataPack.DoesNotExist:
        raise Http404 from None


def pack_file(user: AbstractBaseUser | AnonymousUser, pk: int, fmt: str) -> tuple[DataPack, Path]:
    """A finished pack's file in one format; Http404 when not visible to the user or missing."""
    pack = pack_for(user, pk)
    name = pack.file_for(fmt) if pack.status == PackStatus.DONE else ""
    path = (packs_folder() / name).resolve() if name else None
    if path is None or not path.is_file() or packs_folder().resolve() not in path.parents:
        raise Http404
    return pack, path


@transaction.atomic
def request_datapack(
    user: AbstractBaseUser,
    *,
    csp: CommunitySafetyPartnership,
    period_end: dt.date,
    months: int,
    language: str,
    formats: Sequence[str],
) -> DataPack:
    """Queue a pack for the user and start it once the request's transaction commits.

    Checks the user may make packs (PermissionDenied otherwise). Never makes the pack in the
    request: a background thread does, after commit (`start_runner`).
    """
    if not user.is_active or not user.has_perm("datapacks.add_datapack"):
        raise PermissionDenied
    analysis.pack_periods(period_end, months)  # raises ValueError for a bad length
    pack = DataPack.objects.create(
        csp=csp,
        period_end=period_end.replace(day=1),
        months=months,
        language=language,
        formats=[f for f in PackFormat.values if f in formats],
        requested_by=user,
    )
    transaction.on_commit(start_runner)
    return pack


_runner_lock = threading.Lock()
_runner_thread: threading.Thread | None = None


def start_runner() -> threading.Thread | None:
    """Start the background thread that makes queued packs, unless one is running already.

    One thread per process makes packs one after the other, so a burst of requests cannot
    starve the web server. Returns the new thread, or None when one was already running
    (it picks up the new pack before it stops).
    """
    global _runner_thread
    if not _runner_lock.acquire(blocking=False):
        return None
    thread = threading.Thread(target=_drain, name="datapacks-runner", daemon=True)
    _runner_thread = thread
    thread.start()
    return thread


def wait_for_runner(timeout: float | None = None) -> bool:
    """Wait for this process's pack thread to finish; True when none is left running."""
    thread = _runner_thread
    if thread is not None:
        thread.join(timeout)
        return not thread.is_alive()
    return True


def _drain() -> None:
    """Make queued packs until none is left; release the runner lock, then check once more.

    The second look closes the race with a pack queued just as the thread was stopping:
    its start_runner call found the lock taken, so this thread must take it.
    """
    try:
        while True:
            try:
                _patiently(run_queued_datapacks)
            finally:
                _runner_lock.release()
            if not _patiently(DataPack.objects.filter(status=PackStatus.QUEUED).exists):
                return
            if not _runner_lock.acquire(blocking=False):
                return
    except Exception:
        logger.exception("The data pack runner stopped")
    finally:
        connections.close_all()


BUSY_TRIES = 20
BUSY_PAUSE = 0.25  # seconds, longer each try: about 50 seconds in all


def _patiently(work: Callable[[], Any]) -> Any:
    """Do `work`, waiting out a busy database (SQLite locks a table while another
    connection writes to it) rather than stopping the runner or losing how a pack ended."""
    for attempt in range(1, BUSY_TRIES):
        try:
            return work()
        except OperationalError:
            logger.warning("Database busy; the data pack runner waits and tries again")
            time.sleep(BUSY_PAUSE * attempt)
    return work()  # the last try: a database still busy now is an error


def run_queued_datapacks(limit: int | None = None) -> int:
    """Make queued packs, oldest first, until none is left (or `limit` made); return the count."""
    made = 0
    while limit is None or made < limit:
        close_old_connections()
        if run_next_datapack() is None:
            break
        made += 1
    return made


def _mark_interrupted() -> int:
    """Fail running packs that have shown no sign of life for STALE_AFTER (their process died).

    Housekeeping: when the database is busy (SQLite while a pack's progress is being
    written), it is left for the next look rather than failing the page that asked.
    """
    cutoff = timezone.now() - STALE_AFTER
    stale = DataPack.objects.filter(status=PackStatus.RUNNING, heartbeat_at__lt=cutoff)
    try:
        with transaction.atomic():
            return stale.update(
                status=PackStatus.FAILED,
                error="Interrupted: the process making this pack stopped. Ask for it again.",
                finished_at=timezone.now(),
            )
    except OperationalError:
        logger.warning("Stale data packs not checked (database busy); checked next time")
        return 0


def claim_next_datapack() -> DataPack | None:
    """Take the oldest queued pack for this process, or None when none is queued.

    The claim is one conditional UPDATE (queued → running), so two runners (threads or
    `asbhub run-datapacks` workers) never make the same pack.
    """
    _mark_interrupted()
    while True:
        pk = (
            DataPack.objects.filter(status=PackStatus.QUEUED)
            .order_by("requested_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if pk is None:
            return None
        now = timezone.now()
        claimed = DataPack.objects.filter(pk=pk, status=PackStatus.QUEUED).update(
            status=PackStatus.RUNNING,
            stage=PackStage.LOADING,
            progress=1,
            started_at=now,
            heartbeat_at=now,
        )
        if claimed:
            return DataPack.objects.select_related("csp", "requested_by").get(pk=pk)


def run_next_datapack() -> DataPack | None:
    """Claim the oldest queued pack and make it; return it (done or failed), or None."""
    pack = claim_next_datapack()
    if pack is None:
        return None

    def progress(stage: str, percent: int) -> None:
        try:
            DataPack.objects.filter(pk=pack.pk).update(
                stage=stage, progress=max(1, min(99, percent)), heartbeat_at=timezone.now()
            )
        except OperationalError:
            # Progress is a courtesy: a busy database must not stop the pack.
            logger.warning("Data pack %s: progress not saved (database busy)", pack.pk)

    try:
        data = load_force_data(pack.period_end, months=12)
        document = build_pack(
            data,
            pack.csp,
            months=pack.months,
            language=pack.language,
            user=pack.requested_by,
            progress=progress,
        )
        folder = packs_folder() / str(pack.pk)
        written = write_pack(document, pack.formats, folder, progress)
    except Exception as error:
        logger.exception("Data pack %s failed", pack.pk)
        _finish(
            pack.pk,
            status=PackStatus.FAILED,
            error=str(error)[:500] or error.__class__.__name__,
            finished_at=timezone.now(),
        )
    else:
        root = packs_folder()
        _finish(
            pack.pk,
            status=PackStatus.DONE,
            stage=PackStage.DONE,
            progress=100,
            finished_at=timezone.now(),
            html_file=str(written[PackFormat.HTML].relative_to(root))
            if PackFormat.HTML in written
            else "",
            pdf_file=str(written[PackFormat.PDF].relative_to(root))
            if PackFormat.PDF in written
            else "",
        )
    pack.refresh_from_db()
    return pack


def _finish(pk: int, **fields: Any) -> None:
    """Record how a pack ended, trying again while the database is busy."""
    _patiently(lambda: DataPack.objects.filter(pk=pk).update(**fields))


def available_months() -> list[dt.date]:
    """The months a pack may end with: every loaded month, latest first."""
    months = StreetRecord.objects.values_list("month", flat=True).distinct().order_by("-month")
    return list(months)
