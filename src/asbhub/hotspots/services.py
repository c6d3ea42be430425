"""Use cases for hotspots, forecasts, operations, patrols and evaluations.

Hotspot maps and forecasts read police.uk open data (about places, not people): they need
the map permission but write no access log. Patrol logs name the staff who patrolled, so
recording, importing and exporting them goes through here and is written to the access log.
Evaluations on ASB Hub incidents count incidents per area and month and return only those
counts, never an incident.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import shapely
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from asbhub.core.audit import log_access
from asbhub.core.choices import AccessAction, AreaStatus
from asbhub.core.geography import to_bng, to_wgs84
from asbhub.core.models import CommunitySafetyPartnership, Lsoa
from asbhub.hotspots import analysis, evaluation, forecasting
from asbhub.hotspots.choices import (
    POLICEUK_CRIME_TYPES,
    Activity,
    Agency,
    AreaKind,
    CrimeType,
    DataSource,
)
from asbhub.hotspots.models import Operation, OperationArea, PatrolLog
from asbhub.opendata.models import StreetRecord

POINT_COLUMNS = ["month", "month_index", "easting", "northing", "location", "lsoa21_code"]
MAP_PERMUTATIONS = 999
STREETS_PER_HOTSPOT = 5
BLOCK = 3  # target and control squares are BLOCK × BLOCK cells
IMPORT_COLUMNS = ("hotspot", "patrolled_by", "agency", "start", "end", "activity", "notes")


class NoGeography(LookupError):
    """No LSOAs are loaded for the area asked for."""


# ---------------------------------------------------------------------------------------
# Areas and points


def month_index(month: dt.date) -> int:
    """The integer month index of a date (see `analysis.month_number`)."""
    return analysis.month_number(month.year, month.month)


def month_of(index: int) -> dt.date:
    """The first day of the month with this index."""
    year, month0 = divmod(int(index), 12)
    return dt.date(year, month0 + 1, 1)


def crime_filter(crime: str) -> Q:
    """The StreetRecord filter for a crime short name (see `choices.CrimeType`)."""
    if crime == CrimeType.ALL:
        return Q()
    try:
        return Q(crime_type=POLICEUK_CRIME_TYPES[crime])
    except KeyError:
        raise ValueError(
            _("Unknown crime type “%(crime)s”. Use one of: %(choices)s.")
            % {"crime": crime, "choices": ", ".join(CrimeType.values)}
        ) from None


def geometry_to_bng(geometry: dict[str, Any]) -> shapely.Geometry:
    """A GeoJSON geometry (WGS84) as a shapely geometry in BNG metres."""
    shape = shapely.from_geojson(json.dumps(geometry))
    return shapely.transform(shape, lambda xy: np.column_stack(to_bng(xy[:, 0], xy[:, 1])))


def geometry_to_wgs84(shape: shapely.Geometry) -> dict[str, Any]:
    """A BNG shapely geometry as a GeoJSON geometry in WGS84, rounded to 6 decimals."""
    moved = shapely.transform(shape, lambda xy: np.column_stack(to_wgs84(xy[:, 0], xy[:, 1])))
    return json.loads(shapely.to_geojson(shapely.set_precision(moved, 1e-6)))


def _data_version() -> tuple[int, ...]:
    """Changes whenever police.uk records or LSOAs are imported (for caches)."""
    records = StreetRecord.objects.aggregate(latest=Max("id"), months=Max("month"))
    lsoas = Lsoa.objects.aggregate(latest=Max("id"))
    return (
        int(records["latest"] or 0),
        StreetRecord.objects.count(),
        int(lsoas["latest"] or 0),
        Lsoa.objects.count(),
    )


def clear_caches() -> None:
    """Forget cached areas, grids and hotspot maps (tests; after a restore)."""
    _area_bng.cache_clear()
    _area_grid.cache_clear()
    _find_hotspots.cache_clear()


@lru_cache(maxsize=16)
def _area_bng(csp_code: str, version: tuple[int, ...]) -> shapely.Geometry:
    """The union of the area's LSOAs in BNG (the force when csp_code is "")."""
    lsoas = Lsoa.objects.all() if not csp_code else Lsoa.objects.filter(csp__code=csp_code)
    shapes = [geometry_to_bng(boundary) for boundary in lsoas.values_list("boundary", flat=True)]
    if not shapes:
        raise NoGeography(_("No LSOAs are loaded: run `asbhub load-geography`."))
    return shapely.union_all(shapes)


def area_bng(csp: CommunitySafetyPartnership | None) -> shapely.Geometry:
    """The partnership's area (the force's when None) in BNG metres, from core.Lsoa."""
    return _area_bng(csp.code if csp else "", _data_version())


@lru_cache(maxsize=16)
def _area_grid(csp_code: str, cell_size: float, version: tuple[int, ...]) -> analysis.Grid:
    return analysis.make_grid(cell_size, area=_area_bng(csp_code, version))


def area_grid(csp: CommunitySafetyPartnership | None, cell_size: float) -> analysis.Grid:
    """The grid of `cell_size` cells over the partnership (or the force)."""
    return _area_grid(csp.code if csp else "", float(cell_size), _data_version())


def load_points(
    crime: str,
    *,
    csp: CommunitySafetyPartnership | None = None,
    first: dt.date | None = None,
    last: dt.date | None = None,
    with_types: bool = False,
) -> pd.DataFrame:
    """police.uk records placed in the force area (or one partnership) with coordinates.

    Returns a frame with columns month, month_index, easting, northing, location and
    lsoa21_code (and crime_type when `with_types`).
    """
    records = StreetRecord.objects.filter(
        crime_filter(crime),
        area=AreaStatus.IN_FORCE,
        longitude__isnull=False,
        latitude__isnull=False,
    )
    if csp is not None:
        records = records.filter(csp=csp)
    if first is not None:
        records = records.filter(month__gte=first)
    if last is not None:
        records = records.filter(month__lte=last)
    fields = ["month", "longitude", "latitude", "location", "lsoa21_code"]
    if with_types:
        fields.append("crime_type")
    frame = pd.DataFrame.from_records(records.values_list(*fields), columns=fields)
    if frame.empty:
        columns = POINT_COLUMNS + (["crime_type"] if with_types else [])
        return pd.DataFrame(columns=columns)
    easting, northing = to_bng(frame["longitude"].to_numpy(), frame["latitude"].to_numpy())
    frame["easting"] = easting
    frame["northing"] = northing
    frame["month_index"] = [month_index(m) for m in frame["month"]]
    return frame.drop(columns=["longitude", "latitude"])


def loaded_months(crime: str = CrimeType.ASB) -> list[dt.date]:
    """Months with police.uk records of this crime type, oldest first."""
    return sorted(
        StreetRecord.objects.filter(crime_filter(crime)).values_list("month", flat=True).distinct()
    )


# ---------------------------------------------------------------------------------------
# The hotspot map


@dataclass(frozen=True, eq=False)
class HotspotMap:
    """Hotspots for one area, period and crime type, with what they were made from."""

    csp: CommunitySafetyPartnership | None
    crime: str
    first: dt.date
    last: dt.date
    grid: analysis.Grid
    counts: np.ndarray
    gi: analysis.GiStarResult
    hotspots: list[analysis.Hotspot]
    streets: dict[int, list[tuple[str, int]]]
    lsoas: dict[int, list[str]]
    records: int
    outside: int

    @property
    def months(self) -> int:
        """How many months the period covers."""
        return month_index(self.last) - month_index(self.first) + 1


def find_hotspots(
    csp: CommunitySafetyPartnership | None,
    crime: str,
    first: dt.date,
    last: dt.date,
    *,
    cell_size: float = analysis.DEFAULT_CELL_SIZE,
    permutations: int = MAP_PERMUTATIONS,
    seed: int = analysis.DEFAULT_SEED,
) -> HotspotMap:
    """Gi* hotspots of police.uk records for a partnership (or the force) and period.

    Cached per arguments until new records or LSOAs are loaded, so the page, its exports
    and the briefing PDF share one computation.
    """
    return _find_hotspots(
        csp.code if csp else "",
        crime,
        first,
        last,
        float(cell_size),
        permutations,
        seed,
        _data_version(),
    )


@lru_cache(maxsize=32)
def _find_hotspots(
    csp_code: str,
    crime: str,
    first: dt.date,
    last: dt.date,
    cell_size: float,
    permutations: int,
    seed: int,
    version: tuple[int, ...],
) -> HotspotMap:
    csp = CommunitySafetyPartnership.objects.get(code=csp_code) if csp_code else None
    grid = _area_grid(csp_code, cell_size, version)
    points = load_points(crime, csp=csp, first=first, last=last)
    e, n = points["easting"].to_numpy(float), points["northing"].to_numpy(float)
    counts = analysis.grid_counts(grid, e, n)
    gi = analysis.gi_star(grid, counts, permutations=permutations, seed=seed)
    hotspots = analysis.group_hotspots(grid, gi.hot, counts, gi.z, gi.p_norm)
    positions = grid.positions(e, n)
    streets: dict[int, list[tuple[str, int]]] = {}
    lsoas: dict[int, list[str]] = {}
    for hotspot in hotspots:
        inside = np.isin(positions, hotspot.positions)
        by_location = analysis.counts_by_location(points.loc[inside, "location"].tolist())
        streets[hotspot.number] = [
            (row.location, int(row.count))
            for row in by_location.head(STREETS_PER_HOTSPOT).itertuples()
        ]
        lsoas[hotspot.number] = analysis.counts_by_lsoa(points.loc[inside, "lsoa21_code"].tolist())[
            "lsoa21_code"
        ].tolist()
    return HotspotMap(
        csp,
        crime,
        first,
        last,
        grid,
        counts,
        gi,
        hotspots,
        streets,
        lsoas,
        records=len(points),
        outside=int(np.count_nonzero(positions < 0)),
    )


def hotspot_cell_features(result: HotspotMap) -> list[dict[str, Any]]:
    """GeoJSON features (WGS84) of every hot cell, with its hotspot and statistics."""
    features = []
    boxes = result.grid.boxes()
    ce, cn = result.grid.centres
    for hotspot in result.hotspots:
        for position in hotspot.positions:
            features.append(
                {
                    "type": "Feature",
                    "geometry": geometry_to_wgs84(boxes[position]),
                    "properties": {
                        "hotspot": hotspot.number,
                        "easting": float(ce[position]),
                        "northing": float(cn[position]),
                        "cell_size": result.grid.cell_size,
                        "count": int(result.counts[position]),
                        "gi_z": round(float(result.gi.z[position]), 3),
                        "p_norm": float(f"{result.gi.p_norm[position]:.3g}"),
                        "p_sim": (
                            None
                            if math.isnan(result.gi.p_sim[position])
                            else float(result.gi.p_sim[position])
                        ),
                    },
                }
            )
    return features


def hotspots_geojson(result: HotspotMap) -> dict[str, Any]:
    """The hot cells as a GeoJSON FeatureCollection, with the method and period."""
    return {
        "type": "FeatureCollection",
        "features": hotspot_cell_features(result),
        "properties": {
            "crime": result.crime,
            "first_month": result.first.strftime("%Y-%m"),
            "last_month": result.last.strftime("%Y-%m"),
            "area": result.csp.code if result.csp else "force",
            "records": result.records,
            "method": result.gi.method,
            "fdr_cutoff": result.gi.fdr_cutoff,
            "permutations": result.gi.permutations,
            "seed": result.gi.seed,
            "attribution": "Contains public sector information licensed under the Open "
            "Government Licence v3.0.",
        },
    }


def hotspots_csv(result: HotspotMap) -> str:
    """The hot cells as CSV: hotspot, easting, northing, cell_size, count, z and p-values."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "hotspot",
            "easting",
            "northing",
            "cell_size",
            "count",
            "gi_z",
            "p_norm",
            "p_sim",
            "streets",
        ]
    )
    for feature in hotspot_cell_features(result):
        props = feature["properties"]
        streets = "; ".join(name for name, _count in result.streets[props["hotspot"]])
        writer.writerow(
            [
                props["hotspot"],
                f"{props['easting']:.0f}",
                f"{props['northing']:.0f}",
                f"{props['cell_size']:g}",
                props["count"],
                props["gi_z"],
                props["p_norm"],
                "" if props["p_sim"] is None else props["p_sim"],
                streets,
            ]
        )
    return out.getvalue()


def lsoa_features(csp: CommunitySafetyPartnership | None) -> dict[str, Any]:
    """The area's LSOA polygons (from core.Lsoa) as a GeoJSON FeatureCollection."""
    lsoas = Lsoa.objects.all() if csp is None else Lsoa.objects.filter(csp=csp)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": boundary,
                "properties": {"code": code, "name": name},
            }
            for code, name, boundary in lsoas.values_list("code", "name", "boundary")
        ],
    }


# ---------------------------------------------------------------------------------------
# Forecasts


def forecast(
    until: dt.date,
    crime: str = CrimeType.ASB,
    cell_size: float = analysis.DEFAULT_CELL_SIZE,
    method: str = "prospective",
) -> pd.DataFrame:
    """Scores for the month after `until`, one row per grid cell of the force area.

    Uses only records up to `until`. Columns easting, northing (cell centre, EPSG:27700),
    cell_size (metres) and score (higher means more expected).
    """
    if method not in forecasting.METHODS:
        raise ValueError(
            _("Unknown method “%(method)s”. Use one of: %(choices)s.")
            % {"method": method, "choices": ", ".join(forecasting.METHODS)}
        )
    grid = area_grid(None, cell_size)
    history = forecasting.METHODS[method].history
    target = month_index(until) + 1
    points = load_points(crime, first=month_of(target - history), last=until)
    scores = forecasting.forecast_scores(
        method,
        grid,
        points["easting"].to_numpy(float),
        points["northing"].to_numpy(float),
        points["month_index"].to_numpy(np.int64),
        target,
    )
    ce, cn = grid.centres
    return pd.DataFrame(
        {"easting": ce, "northing": cn, "cell_size": grid.cell_size, "score": scores}
    )


def evaluate_forecasts(
    crime: str = CrimeType.ASB,
    cell_size: float = analysis.DEFAULT_CELL_SIZE,
    methods: Sequence[str] = tuple(forecasting.METHODS),
    first: dt.date | None = None,
    last: dt.date | None = None,
    progress: Any | None = None,
) -> pd.DataFrame:
    """The rolling evaluation of forecasts over the loaded police.uk months (force area).

    Each month from `first` (default: the second month loaded) to `last` is forecast from
    the months before it only. See `forecasting.rolling_evaluation` for the columns; `month`
    is returned as a date.
    """
    grid = area_grid(None, cell_size)
    points = load_points(crime, last=last)
    table = forecasting.rolling_evaluation(
        grid,
        points["easting"].to_numpy(float),
        points["northing"].to_numpy(float),
        points["month_index"].to_numpy(np.int64),
        methods=methods,
        first=month_index(first) if first else None,
        last=month_index(last) if last else None,
        progress=progress,
    )
    if not table.empty:
        table["month"] = [month_of(m) for m in table["month"]]
    return table


# ---------------------------------------------------------------------------------------
# Operations and their areas


def operations_visible_to(user: AbstractBaseUser) -> QuerySet[Operation]:
    """The scope function for operations: force roles with the view permission see all."""
    if not user.is_active or not user.has_perm("hotspots.view_operation"):
        return Operation.objects.none()
    return Operation.objects.select_related("csp")


def get_operation(user: AbstractBaseUser, pk: int) -> Operation:
    """One operation in the user's scope; Http404 otherwise (existence is not revealed)."""
    try:
        return operations_visible_to(user).get(pk=pk)
    except Operation.DoesNotExist:
        raise Http404 from None


def _square(easting: float, northing: float, size: float) -> shapely.Geometry:
    half = size / 2
    return shapely.box(easting - half, northing - half, easting + half, northing + half)


def square_boundary(easting: float, northing: float, size: float) -> dict[str, Any]:
    """A square of side `size` metres centred on a BNG point, as a WGS84 GeoJSON polygon."""
    half = size / 2
    return geometry_to_wgs84(
        shapely.box(easting - half, northing - half, easting + half, northing + half)
    )


def lsoa_boundary(code: str) -> tuple[str, dict[str, Any]]:
    """The name and boundary of a loaded LSOA; LookupError when it is not loaded."""
    lsoa = Lsoa.objects.filter(code=code.strip().upper()).first()
    if lsoa is None:
        raise LookupError(_("No LSOA %(code)s is loaded.") % {"code": code})
    return lsoa.name, lsoa.boundary


@transaction.atomic
def add_area(
    operation: Operation,
    kind: str,
    name: str,
    boundary: dict[str, Any],
    *,
    proposed: bool = False,
    note: str = "",
) -> OperationArea:
    """Add a target hotspot or control area to an operation (no personal data)."""
    return OperationArea.objects.create(
        operation=operation,
        kind=kind,
        name=name,
        boundary=boundary,
        proposed=proposed,
        note=note,
    )


def pre_period(operation: Operation) -> tuple[dt.date, dt.date]:
    """First and last month of the evaluation's before period."""
    start = month_index(operation.start_date)
    return month_of(start - operation.pre_months), month_of(start - 1)


def during_period(operation: Operation) -> tuple[dt.date, dt.date]:
    """First and last month of the operation."""
    return month_of(month_index(operation.start_date)), month_of(month_index(operation.end_date))


@transaction.atomic
def add_top_hotspots(
    operation: Operation, how_many: int, cell_size: float = 150
) -> list[OperationArea]:
    """Add the busiest Gi* hot cells of the before period as target hotspots.

    Each target is a square of `BLOCK` × `BLOCK` cells centred on a hot cell, the busiest
    hot cells first, skipping squares that would overlap one already chosen (and names
    already used), so patrols get small, separate places.
    """
    first, last = pre_period(operation)
    result = find_hotspots(operation.csp, operation.crime_type, first, last, cell_size=cell_size)
    grid = result.grid
    taken = set(operation.areas.values_list("name", flat=True))
    candidates = np.flatnonzero(result.gi.hot & (result.counts > 0))
    order = candidates[np.lexsort((candidates, -result.counts[candidates]))]
    blocked = np.zeros(grid.size, dtype=bool)
    points = load_points(operation.crime_type, csp=operation.csp, first=first, last=last)
    positions = grid.positions(
        points["easting"].to_numpy(float), points["northing"].to_numpy(float)
    )
    ce, cn = grid.centres
    added: list[OperationArea] = []
    for position in order.tolist():
        if len(added) >= how_many:
            break
        if blocked[position]:
            continue
        streets = analysis.counts_by_location(
            points.loc[positions == position, "location"].tolist()
        )
        street = streets["location"].iloc[0] if len(streets) else ""
        name = _("Hotspot %(number)s: %(street)s") % {"number": len(added) + 1, "street": street}
        if name in taken:
            continue
        near = (np.abs(ce - ce[position]) < BLOCK * grid.cell_size) & (
            np.abs(cn - cn[position]) < BLOCK * grid.cell_size
        )
        blocked[near] = True
        side = BLOCK * grid.cell_size
        added.append(
            add_area(
                operation,
                AreaKind.TARGET,
                name,
                square_boundary(float(ce[position]), float(cn[position]), side),
                note=_("Square of %(size)s m centred at %(e)s, %(n)s")
                % {"size": f"{side:g}", "e": f"{ce[position]:.0f}", "n": f"{cn[position]:.0f}"},
            )
        )
    return added


@dataclass(frozen=True)
class AreaCounts:
    """Monthly counts in each target, control and the buffer, from the chosen source."""

    months: list[int]
    by_area: dict[int, np.ndarray]  # OperationArea pk -> counts per month
    buffer: np.ndarray
    records: int


def _events(operation: Operation, first: dt.date, last: dt.date) -> pd.DataFrame:
    """Records (easting, northing, month_index) from the operation's source, in its CSP's
    bounding area. Incidents give only their coordinates and month here."""
    if operation.data_source == DataSource.INCIDENTS:
        from asbhub.incidents.models import Incident

        start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
        end_month = month_of(month_index(last) + 1)
        end = timezone.make_aware(dt.datetime.combine(end_month, dt.time.min))
        rows = list(
            Incident.objects.filter(
                longitude__isnull=False,
                latitude__isnull=False,
                reported_at__gte=start,
                reported_at__lt=end,
            ).values_list("longitude", "latitude", "occurred_at", "reported_at")
        )
        frame = pd.DataFrame(rows, columns=["longitude", "latitude", "occurred", "reported"])
        if frame.empty:
            return pd.DataFrame(columns=["easting", "northing", "month_index"])
        when = frame["occurred"].where(frame["occurred"].notna(), frame["reported"])
        local = [timezone.localtime(value) for value in when]
        frame["month_index"] = [analysis.month_number(v.year, v.month) for v in local]
        e, n = to_bng(frame["longitude"].to_numpy(float), frame["latitude"].to_numpy(float))
        return pd.DataFrame({"easting": e, "northing": n, "month_index": frame["month_index"]})
    points = load_points(operation.crime_type, first=first, last=last)
    return points[["easting", "northing", "month_index"]]


def area_counts(operation: Operation, first: dt.date, last: dt.date) -> AreaCounts:
    """Count the operation's records per month in each area and in the buffer ring."""
    areas = list(operation.areas.all())
    shapes = {area.pk: geometry_to_bng(area.boundary) for area in areas}
    targets = [shapes[a.pk] for a in areas if a.kind == AreaKind.TARGET]
    controls = [shapes[a.pk] for a in areas if a.kind == AreaKind.CONTROL]
    months = list(range(month_index(first), month_index(last) + 1))
    events = _events(operation, first, last)
    e = events["easting"].to_numpy(float)
    n = events["northing"].to_numpy(float)
    m = events["month_index"].to_numpy(np.int64)
    position = m - months[0]

    def monthly(inside: np.ndarray) -> np.ndarray:
        chosen = inside & (position >= 0) & (position < len(months))
        return np.bincount(position[chosen], minlength=len(months)).astype(float)

    by_area = {pk: monthly(shapely.contains_xy(shape, e, n)) for pk, shape in shapes.items()}
    buffer = np.zeros(len(months))
    if targets:
        union = shapely.union_all(targets)
        ring = shapely.difference(union.buffer(operation.buffer_metres), union)
        if controls:
            ring = shapely.difference(ring, shapely.union_all(controls))
        buffer = monthly(shapely.contains_xy(ring, e, n))
    return AreaCounts(months, by_area, buffer, len(events))


@transaction.atomic
def propose_control_areas(
    operation: Operation, how_many: int | None = None, cell_size: float = 150
) -> list[OperationArea]:
    """Replace the proposed controls with grid cells most like the targets before the operation.

    Candidates are the partnership's cells (of `cell_size`) with records before the
    operation that are clear of the targets and their buffer; they are matched on mean
    monthly count and linear trend over the before period (`evaluation.propose_controls`).
    Controls added by hand are kept.
    """
    targets = list(operation.areas.filter(kind=AreaKind.TARGET))
    if not targets:
        raise ValueError(_("Add target hotspots before proposing control areas."))
    operation.areas.filter(kind=AreaKind.CONTROL, proposed=True).delete()
    first, last = pre_period(operation)
    union = shapely.union_all([geometry_to_bng(t.boundary) for t in targets])
    exclusion = union.buffer(operation.buffer_metres)
    others = [geometry_to_bng(a.boundary) for a in operation.areas.filter(kind=AreaKind.CONTROL)]
    if others:
        exclusion = shapely.union_all([exclusion, *others])
    counts = area_counts(operation, first, last)
    grid = area_grid(operation.csp, cell_size)
    events = _events(operation, first, last)
    e, n = events["easting"].to_numpy(float), events["northing"].to_numpy(float)
    month = events["month_index"].to_numpy(np.int64) - counts.months[0]
    side = BLOCK * grid.cell_size
    # Candidate squares tile the partnership's grid, BLOCK × BLOCK cells each.
    col = np.floor((e - grid.x0) / side).astype(np.int64)
    row = np.floor((n - grid.y0) / side).astype(np.int64)
    ncols = grid.ncols // BLOCK + 1
    tile = row * ncols + col
    ok = (col >= 0) & (row >= 0) & (month >= 0) & (month < len(counts.months))
    series: dict[int, np.ndarray] = {}
    for key, m in zip(tile[ok].tolist(), month[ok].tolist(), strict=True):
        series.setdefault(key, np.zeros(len(counts.months)))[m] += 1
    centres = {
        key: (grid.x0 + (key % ncols + 0.5) * side, grid.y0 + (key // ncols + 0.5) * side)
        for key in series
    }
    area = area_bng(operation.csp)
    candidates = {
        str(key): values
        for key, values in series.items()
        if not shapely.intersects(exclusion, _square(*centres[key], side))
        and shapely.contains_xy(area, *centres[key])
    }
    wanted = how_many or min(20, max(6, 3 * len(targets)))
    chosen = evaluation.propose_controls(
        [counts.by_area[t.pk] for t in targets], candidates, wanted
    )
    created = []
    for number, candidate in enumerate(chosen, start=1):
        x, y = centres[int(candidate.key)]
        created.append(
            add_area(
                operation,
                AreaKind.CONTROL,
                _("Control %(number)s: square at %(e)s, %(n)s")
                % {"number": number, "e": f"{x:.0f}", "n": f"{y:.0f}"},
                square_boundary(x, y, side),
                proposed=True,
                note=_("Before: %(mean).1f a month, trend %(trend)+.2f a month")
                % {"mean": candidate.mean, "trend": candidate.trend},
            )
        )
    return created


# ---------------------------------------------------------------------------------------
# Patrols


def patrols_visible_to(user: AbstractBaseUser, operation: Operation) -> QuerySet[PatrolLog]:
    """The operation's patrols for a user who may see them (else none)."""
    if not user.is_active or not user.has_perm("hotspots.view_patrollog"):
        return PatrolLog.objects.none()
    return operation.patrols.select_related("area")


def _require_patrol_logger(user: AbstractBaseUser) -> None:
    if not user.is_active or not user.has_perm("hotspots.add_patrollog"):
        raise PermissionError(_("Your role may not log patrols."))


@transaction.atomic
def record_patrol(
    user: AbstractBaseUser,
    operation: Operation,
    values: dict[str, Any],
    request: HttpRequest | None = None,
) -> PatrolLog:
    """Log one patrol visit; checks the user may log patrols and writes the access log.

    `values` has area (a target OperationArea of this operation), patroller, agency,
    started_at, ended_at, activity and optionally notes. Raises PermissionError for a role
    that may not log patrols and ValueError for an area of another operation.
    """
    _require_patrol_logger(user)
    area = values["area"]
    if area.operation_id != operation.pk or area.kind != AreaKind.TARGET:
        raise ValueError(_("Choose one of this operation's target hotspots."))
    patrol = PatrolLog.objects.create(
        operation=operation,
        area=area,
        patroller=values["patroller"],
        agency=values["agency"],
        started_at=values["started_at"],
        ended_at=values["ended_at"],
        activity=values["activity"],
        notes=values.get("notes", ""),
        recorded_by=user,
    )
    log_access(user, AccessAction.CREATE, patrol, "Log a hotspot patrol", request)
    return patrol


@dataclass
class PatrolImport:
    """What a patrol CSV import did: rows created, rows already there, and errors."""

    created: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def import_patrols(
    user: AbstractBaseUser,
    operation: Operation,
    text: str,
    request: HttpRequest | None = None,
) -> PatrolImport:
    """Import patrols from CSV, in one transaction: all rows or none.

    Columns: hotspot (the target's name), patrolled_by, agency, start, end (ISO 8601
    date-times, local time when no offset), activity, notes (optional). Idempotent: a row
    with the same hotspot, patroller and start as an existing patrol is left alone. Any
    invalid row rolls the whole file back and is reported with its line number.
    """
    _require_patrol_logger(user)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in IMPORT_COLUMNS if c != "notes" and c not in (reader.fieldnames or [])]
    result = PatrolImport()
    if missing:
        result.errors.append(
            _("The file needs the columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
        return result
    targets = {a.name: a for a in operation.areas.filter(kind=AreaKind.TARGET)}
    rows = []
    for line, row in enumerate(reader, start=2):
        parsed, error = _parse_patrol_row(row, targets)
        if error:
            result.errors.append(_("Line %(line)s: %(error)s") % {"line": line, "error": error})
        else:
            rows.append(parsed)
    if result.errors:
        return result
    with transaction.atomic():
        existing = set(operation.patrols.values_list("area_id", "patroller", "started_at"))
        for values in rows:
            key = (values["area"].pk, values["patroller"], values["started_at"])
            if key in existing:
                result.unchanged += 1
                continue
            existing.add(key)
            try:
                record_patrol(user, operation, values, request)
            except IntegrityError:
                result.unchanged += 1
                continue
            result.created += 1
    return result


def _parse_patrol_row(
    row: dict[str, str], targets: dict[str, OperationArea]
) -> tuple[dict[str, Any], str]:
    """One CSV row as patrol values, or an error message."""
    name = (row.get("hotspot") or "").strip()
    if name not in targets:
        return {}, _("no target hotspot is called “%(name)s”") % {"name": name}
    patroller = (row.get("patrolled_by") or "").strip()
    if not patroller:
        return {}, _("say who patrolled")
    agency = (row.get("agency") or "").strip().lower()
    if agency not in Agency.values:
        return {}, _("agency must be one of %(choices)s") % {"choices": ", ".join(Agency.values)}
    activity = (row.get("activity") or "").strip().lower()
    if activity not in Activity.values:
        return {}, _("activity must be one of %(choices)s") % {
            "choices": ", ".join(Activity.values)
        }
    times = []
    for column in ("start", "end"):
        value = parse_datetime((row.get(column) or "").strip())
        if value is None:
            return {}, _("%(column)s must be a date and time like 2024-06-01T19:30") % {
                "column": column
            }
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        times.append(value)
    if times[1] <= times[0]:
        return {}, _("the end must be after the start")
    return {
        "area": targets[name],
        "patroller": patroller,
        "agency": agency,
        "started_at": times[0],
        "ended_at": times[1],
        "activity": activity,
        "notes": (row.get("notes") or "").strip()[:500],
    }, ""


def export_patrols_csv(
    user: AbstractBaseUser, operation: Operation, request: HttpRequest | None = None
) -> str:
    """The operation's patrols as CSV in the import format; logs the export."""
    patrols = list(patrols_visible_to(user, operation))
    if not user.has_perm("hotspots.view_patrollog"):
        raise PermissionError(_("Your role may not see patrol logs."))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(IMPORT_COLUMNS)
    for patrol in patrols:
        writer.writerow(
            [
                _csv_safe(patrol.area.name),
                _csv_safe(patrol.patroller),
                patrol.agency,
                timezone.localtime(patrol.started_at).isoformat(),
                timezone.localtime(patrol.ended_at).isoformat(),
                patrol.activity,
                _csv_safe(patrol.notes),
            ]
        )
    log_access(user, AccessAction.EXPORT, operation, "Export an operation's patrol log", request)
    return out.getvalue()


def _csv_safe(text: str) -> str:
    """Text that a spreadsheet will not run as a formula (a leading quote when needed)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def operation_dosage(operation: Operation) -> list[evaluation.Dosage]:
    """Dosage per target hotspot (aggregates only: no patroller is named)."""
    targets = list(operation.areas.filter(kind=AreaKind.TARGET).values_list("name", flat=True))
    patrols = pd.DataFrame(
        [
            {"area": area, "minutes": (end - start).total_seconds() / 60}
            for area, start, end in operation.patrols.values_list(
                "area__name", "started_at", "ended_at"
            )
        ],
        columns=["area", "minutes"],
    )
    days = (operation.end_date - operation.start_date).days + 1
    return evaluation.dosage(patrols, targets, days / 7)


# ---------------------------------------------------------------------------------------
# Evaluation


@dataclass(frozen=True)
class OperationEvaluation:
    """Everything the evaluation page and PDF state: results, data and caveats."""

    operation: Operation
    before: tuple[dt.date, dt.date]
    during: tuple[dt.date, dt.date]
    did: evaluation.DidResult | None
    did_error: str
    wdq: evaluation.WdqResult | None
    wdq_counts: dict[str, float]
    table: list[dict[str, Any]]
    targets: int
    controls: int
    records: int
    dosage: list[evaluation.Dosage]


def evaluate_operation(operation: Operation) -> OperationEvaluation:
    """Evaluate an operation: difference in differences, pre-trend check, WDQ and dosage.

    The during period runs from the start month to the end month, cut at the latest month
    loaded; the before period is `pre_months` months before the start month. The WDQ
    compares the during period with the same number of months just before it.
    """
    before = pre_period(operation)
    during = during_period(operation)
    latest = _latest_month(operation)
    if latest is not None and latest < during[1]:
        during = (during[0], max(latest, during[0]))
    counts = area_counts(operation, before[0], during[1])
    areas = {a.pk: a for a in operation.areas.all()}
    start = month_index(during[0])
    rows = []
    for pk, series in counts.by_area.items():
        for month, count in zip(counts.months, series, strict=True):
            rows.append(
                {
                    "area": pk,
                    "month": month,
                    "count": count,
                    "treated": areas[pk].kind == AreaKind.TARGET,
                    "during": month >= start,
                }
            )
    frame = pd.DataFrame(rows)
    did, error = None, ""
    try:
        did = evaluation.difference_in_differences(frame)
    except ValueError as exc:
        error = str(exc)
    during_months = len([m for m in counts.months if m >= start])
    window = [m for m in counts.months if start - during_months <= m < start]
    wdq_counts: dict[str, float] = {}
    wdq = None
    if did is not None and window:

        def total(kind: str | None, months: list[int]) -> float:
            positions = [counts.months.index(m) for m in months]
            if kind is None:
                return float(counts.buffer[positions].sum())
            return float(
                sum(
                    counts.by_area[pk][positions].sum() for pk, a in areas.items() if a.kind == kind
                )
            )

        after = [m for m in counts.months if m >= start]
        wdq_counts = {
            "target_before": total(AreaKind.TARGET, window),
            "target_after": total(AreaKind.TARGET, after),
            "buffer_before": total(None, window),
            "buffer_after": total(None, after),
            "control_before": total(AreaKind.CONTROL, window),
            "control_after": total(AreaKind.CONTROL, after),
        }
        wdq = evaluation.weighted_displacement_quotient(**wdq_counts)
    table = []
    for pk, area in sorted(
        areas.items(), key=lambda item: (item[1].kind != "target", item[1].name)
    ):
        series = counts.by_area[pk]
        is_during = np.array([m >= start for m in counts.months])
        table.append(
            {
                "area": area,
                "before": float(series[~is_during].mean()) if (~is_during).any() else 0.0,
                "during": float(series[is_during].mean()) if is_during.any() else 0.0,
            }
        )
    return OperationEvaluation(
        operation,
        before,
        during,
        did,
        error,
        wdq,
        wdq_counts,
        table,
        targets=sum(1 for a in areas.values() if a.kind == AreaKind.TARGET),
        controls=sum(1 for a in areas.values() if a.kind == AreaKind.CONTROL),
        records=counts.records,
        dosage=operation_dosage(operation),
    )


def _latest_month(operation: Operation) -> dt.date | None:
    """The latest month with data in the operation's source (for incidents, not a trickle
    after the data: see `incidents.services.latest_incident_month`)."""
    if operation.data_source == DataSource.INCIDENTS:
        from asbhub.incidents.services import latest_incident_month

        return latest_incident_month()
    return StreetRecord.objects.aggregate(latest=Max("month"))["latest"]


def conclusion(result: OperationEvaluation) -> list[str]:
    """The evaluation in plain English (active language): effect, how sure, trends, buffer."""
    did = result.did
    if did is None:
        return [_("The evaluation could not be made: %(reason)s") % {"reason": result.did_error}]
    change = abs(did.percent_change)
    low, high = sorted((abs(did.ci_low - 1) * 100, abs(did.ci_high - 1) * 100))
    values = {
        "change": f"{change:.0f}",
        "low": f"{low:.0f}",
        "high": f"{high:.0f}",
        "level": f"{did.confidence:.0%}",
    }
    if did.ci_high < 1:
        text = (
            _(
                "During the operation the target hotspots had %(change)s%% fewer records than the "
                "control areas' change predicts (%(level)s confidence interval: %(low)s%% to "
                "%(high)s%% fewer)."
            )
            % values
        )
    elif did.ci_low > 1:
        text = (
            _(
                "During the operation the target hotspots had %(change)s%% more records than the "
                "control areas' change predicts (%(level)s confidence interval: %(low)s%% to "
                "%(high)s%% more)."
            )
            % values
        )
    else:
        text = (
            _(
                "During the operation records in the target hotspots changed by %(change)s%% "
                "against the control areas, but the %(level)s confidence interval includes no "
                "change at all, so this could be chance."
            )
            % values
        )
    sureness = {
        "strong": _("The evidence is strong (p = %(p)s)."),
        "moderate": _("The evidence is moderate (p = %(p)s)."),
        "weak": _("The evidence is weak (p = %(p)s)."),
        "none": _("There is no good evidence of an effect (p = %(p)s)."),
    }[did.strength] % {"p": f"{did.p_value:.3f}"}
    lines = [text, sureness]
    if did.parallel_trends is False:
        lines.append(
            _(
                "Caution: before the operation the targets' trend differed from the controls' "
                "(p = %(p)s), so the comparison may be biased."
            )
            % {"p": f"{did.pre_trend_p:.3f}"}
        )
    elif did.parallel_trends:
        lines.append(
            _("Before the operation targets and controls followed similar trends (p = %(p)s).")
            % {"p": f"{did.pre_trend_p:.2f}"}
        )
    wdq = result.wdq
    if wdq is not None:
        readings = {
            "diffusion": _(
                "The buffer around the targets also improved (WDQ %(value)s): a "
                "diffusion of benefits rather than displacement."
            ),
            "displacement": _(
                "Some records moved into the buffer around the targets (WDQ "
                "%(value)s), but less than the targets gained."
            ),
            "backfire": _(
                "More records moved into the buffer than the targets gained (WDQ %(value)s)."
            ),
            "no change": _("The buffer around the targets did not change (WDQ %(value)s)."),
            "undefined": _("Displacement could not be measured: %(reason)s"),
        }
        reasons = {
            "control_zero": _("the control areas had no records in one period."),
            "target_worsened": _("the targets did not improve on the controls."),
            "no_target_change": _("the targets did not change relative to the controls."),
        }
        value = "" if wdq.value is None else f"{wdq.value:.2f}"
        lines.append(
            readings[wdq.reading] % {"value": value, "reason": reasons.get(wdq.reason, "")}
        )
    return lines
