"""Geography as plain functions: British National Grid helpers and the area resolver.

Pure: no ORM and no settings. Everything is read from the reference files shipped in
`asbhub/core/data/geography/` (built by `scripts/build_shipped_geography.py`; sources and
licences in its ATTRIBUTION.md), so an analyst can import this module in a notebook.

The resolver puts a police.uk row (an LSOA code of either vintage and a snap point) on a
2021 LSOA, its local authority and its community safety partnership (CSP), and says whether
that falls in the force area, outside it, or has no location at all.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer

from asbhub.core.choices import AreaStatus

WGS84 = "EPSG:4326"
BRITISH_NATIONAL_GRID = "EPSG:27700"
GWENT_FORCE_CODE = "W15000002"

LSOA11_LSOA21_FILE = "lsoa11_lsoa21_ew.csv.gz"
LSOA21_LAD_FILE = "lsoa21_lad22_ew.csv.gz"
LAD_CSP_PFA_FILE = "lad_csp_pfa_ew.csv.gz"
LOCAL_AUTHORITIES_FILE = "local_authorities_ew.csv.gz"
FORCES_FILE = "forces.csv"

# ONS change indicators in the LSOA 2011 -> 2021 exact-fit lookup.
UNCHANGED, SPLIT, MERGED, COMPLEX = "U", "S", "M", "X"


def force_lsoa_file(force_code: str) -> str:
    """The name of the shipped 2021 LSOA polygons file for a police force area code."""
    return f"force_lsoa21_{force_code}.geojson.gz"


# ---------------------------------------------------------------------------------------
# British National Grid


@cache
def _transformer(source: str, target: str) -> Transformer:
    """A cached lon/lat-ordered transformer between two CRSs."""
    with warnings.catch_warnings():
        # Without the OSTN15 grid PROJ warns and uses the Helmert "OSGB36 to WGS 84 (6)"
        # transformation, good to about 2 m: plenty for snap points and LSOA centroids.
        warnings.simplefilter("ignore", UserWarning)
        return Transformer.from_crs(source, target, always_xy=True)


def _transform(source: str, target: str, xs: Any, ys: Any) -> tuple[Any, Any]:
    """Transform scalars or arrays, returning floats for scalars and arrays otherwise."""
    scalar = np.ndim(xs) == 0 and np.ndim(ys) == 0
    out_x, out_y = _transformer(source, target).transform(
        np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    )
    if scalar:
        return float(out_x), float(out_y)
    return np.asarray(out_x), np.asarray(out_y)


def to_bng(longitudes: Any, latitudes: Any) -> tuple[Any, Any]:
    """Convert WGS84 longitudes and latitudes to British National Grid eastings and northings.

    Parameters
    ----------
    longitudes, latitudes : float or array_like
        Degrees (EPSG:4326), longitude first.

    Returns
    -------
    eastings, northings : float or numpy.ndarray
        Metres (EPSG:27700); floats for scalar input, arrays otherwise.

    Examples
    --------
    >>> e, n = to_bng(-2.9999, 51.58714)  # ONS centroid of Newport 014B: (330822, 188061)
    >>> round(e), round(n)
    (330822, 188061)
    """
    return _transform(WGS84, BRITISH_NATIONAL_GRID, longitudes, latitudes)


def to_wgs84(eastings: Any, northings: Any) -> tuple[Any, Any]:
    """Convert British National Grid eastings and northings to WGS84 longitudes and latitudes.

    Parameters
    ----------
    eastings, northings : float or array_like
        Metres (EPSG:27700).

    Returns
    -------
    longitudes, latitudes : float or numpy.ndarray
        Degrees (EPSG:4326); floats for scalar input, arrays otherwise.
    """
    return _transform(BRITISH_NATIONAL_GRID, WGS84, eastings, northings)


# ---------------------------------------------------------------------------------------
# Shipped reference files


def shipped_path(name: str) -> Any:
    """The shipped data file `name` in asbhub/core/data/geography/ (a Traversable)."""
    return resources.files("asbhub.core").joinpath("data", "geography", name)


def _open_text(name: str) -> io.TextIOBase:
    """Open a shipped data file as text, decompressing `.gz` files."""
    path = shipped_path(name)
    if name.endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path.open("rb")), encoding="utf-8", newline="")
    return path.open("r", encoding="utf-8", newline="")


def read_shipped_csv(name: str) -> list[dict[str, str]]:
    """The rows of a shipped CSV file (gzipped or not) as dictionaries."""
    with _open_text(name) as handle:
        return list(csv.DictReader(handle))


def read_force_lsoas(force_code: str) -> dict[str, Any]:
    """The shipped GeoJSON FeatureCollection of a force's 2021 LSOAs."""
    try:
        with _open_text(force_lsoa_file(force_code)) as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise LookupError(
            f"No LSOA boundaries are shipped for police force area {force_code}; "
            "build them with scripts/build_shipped_geography.py."
        ) from None


def has_force_lsoas(force_code: str) -> bool:
    """Whether LSOA boundaries are shipped for this police force area."""
    return shipped_path(force_lsoa_file(force_code)).is_file()


@dataclass(frozen=True)
class Force:
    """A police force: its police.uk identifier, police force area code and name."""

    police_uk_id: str
    pfa_code: str
    name: str


@cache
def _forces() -> dict[str, Force]:
    """Shipped forces keyed by police.uk identifier."""
    return {
        row["police_uk_id"]: Force(row["police_uk_id"], row["pfa_code"], row["pfa_name"])
        for row in read_shipped_csv(FORCES_FILE)
    }


def all_forces() -> list[Force]:
    """Every police force in England and Wales, ordered by police.uk identifier."""
    return sorted(_forces().values(), key=lambda force: force.police_uk_id)


def lookup_force(police_uk_id: str) -> Force:
    """The force with this police.uk identifier (e.g. `gwent`) or PFA code (e.g. W15000002)."""
    value = (police_uk_id or "").strip()
    forces = _forces()
    force = forces.get(value.lower())
    if force is None:
        force = next((f for f in forces.values() if f.pfa_code == value.upper()), None)
    if force is None:
        valid = ", ".join(sorted(forces))
        raise LookupError(f"Unknown police force {police_uk_id!r}. Use one of: {valid}.")
    return force


@dataclass(frozen=True)
class AreaLookups:
    """The England and Wales lookups the resolver needs, as plain mappings.

    `lsoa11` maps an LSOA 2011 code that is not also a 2021 code to its best-fit 2021 code
    and every 2021 code it became (one for unchanged or merged LSOAs, several when split).
    """

    lsoa21_local_authority: Mapping[str, str]
    lsoa11: Mapping[str, tuple[str, tuple[str, ...]]]
    local_authority_csp: Mapping[str, str]
    local_authority_force: Mapping[str, str]


@cache
def shipped_lookups() -> AreaLookups:
    """Load the shipped England and Wales lookups (once per process)."""
    lsoa21_la = {row["LSOA21CD"]: row["LAD22CD"] for row in read_shipped_csv(LSOA21_LAD_FILE)}
    candidates: dict[str, list[str]] = {}
    best_fit: dict[str, str] = {}
    for row in read_shipped_csv(LSOA11_LSOA21_FILE):
        code11, code21 = row["LSOA11CD"], row["LSOA21CD"]
        candidates.setdefault(code11, []).append(code21)
        if row["BESTFIT"] == "1":
            best_fit[code11] = code21
    lsoa11 = {
        code11: (best_fit.get(code11, codes21[0]), tuple(codes21))
        for code11, codes21 in candidates.items()
        if code11 not in lsoa21_la
    }
    la_csp: dict[str, str] = {}
    la_force: dict[str, str] = {}
    for row in read_shipped_csv(LAD_CSP_PFA_FILE):
        la_csp[row["LADCD"]] = row["CSPCD"]
        la_force[row["LADCD"]] = row["PFACD"]
    return AreaLookups(lsoa21_la, lsoa11, la_csp, la_force)


@cache
def local_authority_names() -> dict[str, tuple[str, str]]:
    """English and Welsh names of every 2022 local authority, keyed by code."""
    return {
        row["LAD22CD"]: (row["LAD22NM"], row["LAD22NMW"])
        for row in read_shipped_csv(LOCAL_AUTHORITIES_FILE)
    }


# ---------------------------------------------------------------------------------------
# The area resolver


@dataclass(frozen=True)
class ResolvedArea:
    """Where a record falls: its 2021 LSOA, local authority, CSP and area status."""

    lsoa21_code: str  # "" when unknown
    local_authority_code: str  # "" when unknown
    csp_code: str  # "" when unknown
    area: str  # an AreaStatus value: "in_force", "outside_force", "no_location"


NO_LOCATION = ResolvedArea("", "", "", AreaStatus.NO_LOCATION.value)
OUTSIDE_UNKNOWN = ResolvedArea("", "", "", AreaStatus.OUTSIDE_FORCE.value)


@dataclass(frozen=True)
class _Split:
    """A 2011 code that became several 2021 LSOAs: the point decides, else the best fit."""

    best_fit: str
    candidates: frozenset[str]


_NEEDS_POINT = object()  # marker: no usable code, place the row by its point


def _normalise_code(value: object) -> str:
    """An LSOA code stripped and upper-cased; "" for blanks, None and NaN."""
    if isinstance(value, str):
        return value.strip().upper()
    return ""


def _as_floats(values: Sequence[float | None]) -> np.ndarray:
    """Coordinates as a float array, with None, blanks and junk as NaN."""
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        return np.array([_to_float(value) for value in values], dtype=float)


def _to_float(value: object) -> float:
    """One coordinate as a float, NaN when it is missing or not a number."""
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


class AreaResolver:
    """Resolve LSOA codes (2011 or 2021) and snap points to 2021 LSOAs, LAs, CSPs and status.

    Rules, in order:

    1. No LSOA code and no coordinates: no location.
    2. A 2021 code stands for itself.
    3. A 2011-only code becomes its 2021 code when unchanged or merged. When split (or
       complex), it becomes the candidate 2021 LSOA whose polygon contains the point, if
       polygons are loaded and the point falls in one of the candidates; else the ONS best
       fit.
    4. No code (or a code found in no lookup) but coordinates: the force LSOA whose polygon
       contains the point; if none does, outside the force with blank codes. A code found
       in no lookup and no coordinates: outside the force with blank codes.
    5. Then the local authority from the 2021 LSOA, the CSP from the local authority, and
       "in the force" when that area belongs to the resolver's force; other forces' areas are
       kept, labelled outside the force, with their LA and CSP codes filled in.
    """

    def __init__(
        self,
        force_code: str,
        lookups: AreaLookups,
        polygons: Mapping[str, shapely.Geometry] | None = None,
    ) -> None:
        self.force_code = force_code
        self._lookups = lookups
        polygons = polygons or {}
        self._polygon_codes = np.array(list(polygons), dtype=object)
        self._tree = shapely.STRtree(list(polygons.values())) if polygons else None
        self._polygon_code_set = frozenset(polygons)
        self._by_lsoa21: dict[str, ResolvedArea] = {}
        self._by_code: dict[str, object] = {}

    @classmethod
    def from_shipped(cls, force_code: str = GWENT_FORCE_CODE) -> AreaResolver:
        """The resolver for a force, built from the shipped files and cached per force."""
        return _shipped_resolver(force_code)

    @property
    def lsoa_codes(self) -> frozenset[str]:
        """The 2021 LSOA codes whose polygons the resolver holds."""
        return self._polygon_code_set

    def resolve(
        self, lsoa_code: str, longitude: float | None, latitude: float | None
    ) -> ResolvedArea:
        """Resolve one record (see the class docstring for the rules)."""
        return self.resolve_many([lsoa_code], [longitude], [latitude])[0]

    def resolve_many(
        self,
        lsoa_codes: Sequence[str],
        longitudes: Sequence[float | None],
        latitudes: Sequence[float | None],
    ) -> list[ResolvedArea]:
        """Resolve many records at once; point-in-polygon runs only on rows that need it."""
        count = len(lsoa_codes)
        if len(longitudes) != count or len(latitudes) != count:
            raise ValueError("lsoa_codes, longitudes and latitudes must have the same length.")
        lons = _as_floats(longitudes)
        lats = _as_floats(latitudes)
        has_point = np.isfinite(lons) & np.isfinite(lats)

        results: list[ResolvedArea] = [NO_LOCATION] * count
        pending: list[int] = []  # rows to place by point
        pending_split: list[_Split | None] = []
        by_code = self._by_code
        for row, raw in enumerate(lsoa_codes):
            code = _normalise_code(raw)
            outcome = by_code.get(code)
            if outcome is None:
                outcome = by_code[code] = self._classify(code)
            if isinstance(outcome, ResolvedArea):
                results[row] = outcome
            elif outcome is _NEEDS_POINT:
                if has_point[row]:
                    pending.append(row)
                    pending_split.append(None)
                else:
                    results[row] = NO_LOCATION if not code else OUTSIDE_UNKNOWN
            else:  # a split 2011 code
                split: _Split = outcome  # type: ignore[assignment]
                if has_point[row] and self._tree is not None and split.candidates:
                    pending.append(row)
                    pending_split.append(split)
                else:
                    results[row] = self._from_lsoa21(split.best_fit)

        if pending:
            self._place_by_point(pending, pending_split, lons, lats, results)
        return results

    # -- internals -----------------------------------------------------------------------

    def _classify(self, code: str) -> object:
        """What a code alone tells us: a final answer, a split to settle, or nothing."""
        lookups = self._lookups
        if not code:
            return _NEEDS_POINT
        if code in lookups.lsoa21_local_authority:
            return self._from_lsoa21(code)
        entry = lookups.lsoa11.get(code)
        if entry is None:
            return _NEEDS_POINT
        best_fit, codes21 = entry
        if len(codes21) == 1:
            return self._from_lsoa21(codes21[0])
        return _Split(best_fit, frozenset(codes21) & self._polygon_code_set)

    def _from_lsoa21(self, code21: str) -> ResolvedArea:
        """The LA, CSP and status of a 2021 LSOA (cached)."""
        resolved = self._by_lsoa21.get(code21)
        if resolved is None:
            lookups = self._lookups
            la = lookups.lsoa21_local_authority.get(code21, "")
            csp = lookups.local_authority_csp.get(la, "")
            in_force = bool(la) and lookups.local_authority_force.get(la) == self.force_code
            area = AreaStatus.IN_FORCE if in_force else AreaStatus.OUTSIDE_FORCE
            resolved = ResolvedArea(code21, la, csp, area.value)
            self._by_lsoa21[code21] = resolved
        return resolved

    def _place_by_point(
        self,
        rows: list[int],
        splits: list[_Split | None],
        lons: np.ndarray,
        lats: np.ndarray,
        results: list[ResolvedArea],
    ) -> None:
        """Settle pending rows with one vectorised STRtree query over their points."""
        matches: dict[int, list[str]] = {}
        if self._tree is not None:
            index = np.asarray(rows)
            points = shapely.points(lons[index], lats[index])
            hits = self._tree.query(points, predicate="covered_by")
            for point_index, tree_index in zip(hits[0].tolist(), hits[1].tolist(), strict=True):
                matches.setdefault(point_index, []).append(self._polygon_codes[tree_index])
        for position, (row, split) in enumerate(zip(rows, splits, strict=True)):
            found = sorted(matches.get(position, ()))
            if split is None:
                results[row] = self._from_lsoa21(found[0]) if found else OUTSIDE_UNKNOWN
            else:
                inside = [code for code in found if code in split.candidates]
                results[row] = self._from_lsoa21(inside[0] if inside else split.best_fit)


def polygons_from_features(features: Iterable[Mapping[str, Any]]) -> dict[str, shapely.Geometry]:
    """Shapely geometries keyed by `lsoa21_code` from GeoJSON features."""
    features = list(features)
    geometries = shapely.from_geojson([json.dumps(f["geometry"]) for f in features])
    return {
        f["properties"]["lsoa21_code"]: geometry
        for f, geometry in zip(features, geometries, strict=True)
    }


@cache
def _shipped_resolver(force_code: str) -> AreaResolver:
    """Build (once per force) the resolver from the shipped lookups and force polygons."""
    polygons = (
        polygons_from_features(read_force_lsoas(force_code)["features"])
        if has_force_lsoas(force_code)
        else {}
    )
    return AreaResolver(force_code, shipped_lookups(), polygons)
