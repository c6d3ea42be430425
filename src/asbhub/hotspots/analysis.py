"""Finding hotspots: pure functions over points on the British National Grid.

Plain values in, plain values or frozen dataclasses out: no ORM, no settings, randomness as
`seed=`. Points are eastings and northings in metres (EPSG:27700); convert police.uk
longitudes and latitudes with `asbhub.core.geography.to_bng` first.

The study area is a regular grid of square cells whose origin sits on a multiple of the
cell size, so two grids of the same cell size always line up. Only the cells that touch the
study area (the force or a partnership) are kept: counts, densities and statistics are given
per kept cell, in the grid's order.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import shapely
from scipy import sparse, stats
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

DEFAULT_CELL_SIZE = 150.0
DEFAULT_BANDWIDTH = 300.0
DEFAULT_PERMUTATIONS = 999
DEFAULT_ALPHA = 0.05
DEFAULT_SEED = 20240101

# Queen contiguity on the lattice: the eight cells around a cell.
_QUEEN = tuple((dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1) if (dr, dc) != (0, 0))


# ---------------------------------------------------------------------------------------
# The grid


@dataclass(frozen=True, eq=False)
class Grid:
    """Square cells over a study area, on British National Grid metres.

    Attributes
    ----------
    x0, y0 : float
        South-west corner of the lattice (a multiple of `cell_size`).
    cell_size : float
        Side of a cell in metres.
    ncols, nrows : int
        Lattice size; cell (row, col) covers [x0 + col·s, x0 + (col+1)·s) × [y0 + row·s, …).
    cells : numpy.ndarray
        Flat lattice indices (row · ncols + col) of the kept cells, ascending.
    """

    x0: float
    y0: float
    cell_size: float
    ncols: int
    nrows: int
    cells: np.ndarray

    @property
    def size(self) -> int:
        """Number of kept cells."""
        return int(self.cells.size)

    @property
    def area_km2(self) -> float:
        """Area covered by the kept cells, in square kilometres."""
        return self.size * self.cell_size**2 / 1e6

    @property
    def rows_cols(self) -> tuple[np.ndarray, np.ndarray]:
        """Lattice row and column of each kept cell."""
        return np.divmod(self.cells, self.ncols)

    @property
    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        """Eastings and northings of the kept cells' centres."""
        rows, cols = self.rows_cols
        half = self.cell_size / 2
        return self.x0 + cols * self.cell_size + half, self.y0 + rows * self.cell_size + half

    def positions(self, eastings: Any, northings: Any) -> np.ndarray:
        """Position (0 … size-1) of the kept cell holding each point; -1 outside the grid."""
        e = np.asarray(eastings, dtype=float)
        n = np.asarray(northings, dtype=float)
        with np.errstate(invalid="ignore"):
            cols = np.floor((e - self.x0) / self.cell_size)
            rows = np.floor((n - self.y0) / self.cell_size)
        inside = (
            np.isfinite(cols)
            & np.isfinite(rows)
            & (cols >= 0)
            & (cols < self.ncols)
            & (rows >= 0)
            & (rows < self.nrows)
        )
        flat = np.full(e.shape, -1, dtype=np.int64)
        flat[inside] = rows[inside].astype(np.int64) * self.ncols + cols[inside].astype(np.int64)
        found = np.searchsorted(self.cells, flat)
        found = np.clip(found, 0, max(self.size - 1, 0))
        hit = inside & (self.size > 0) & (self.cells[found] == flat)
        return np.where(hit, found, -1)

    def boxes(self, positions: Sequence[int] | np.ndarray | None = None) -> np.ndarray:
        """Shapely boxes (BNG) of the kept cells at these positions (all when None)."""
        e, n = self.centres
        if positions is not None:
            index = np.asarray(positions, dtype=np.int64)
            e, n = e[index], n[index]
        half = self.cell_size / 2
        return shapely.box(e - half, n - half, e + half, n + half)

    def neighbour_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (i, j) of kept-cell positions that touch (queen contiguity), both ways."""
        rows, cols = self.rows_cols
        lookup = np.full(self.ncols * self.nrows, -1, dtype=np.int64)
        lookup[self.cells] = np.arange(self.size)
        sources, targets = [], []
        for dr, dc in _QUEEN:
            rr, cc = rows + dr, cols + dc
            ok = (rr >= 0) & (rr < self.nrows) & (cc >= 0) & (cc < self.ncols)
            j = np.full(self.size, -1, dtype=np.int64)
            j[ok] = lookup[rr[ok] * self.ncols + cc[ok]]
            keep = j >= 0
            sources.append(np.flatnonzero(keep))
            targets.append(j[keep])
        return np.concatenate(sources), np.concatenate(targets)


def make_grid(
    cell_size: float,
    bounds: tuple[float, float, float, float] | None = None,
    area: shapely.Geometry | None = None,
) -> Grid:
    """Lay a grid of `cell_size` metres over a study area.

    Parameters
    ----------
    cell_size : float
        Side of a cell in metres (e.g. 150).
    bounds : tuple, optional
        (min easting, min northing, max easting, max northing); taken from `area` when None.
    area : shapely geometry, optional
        The study area in BNG metres. Only cells that intersect it are kept; every cell in
        `bounds` is kept when None.

    Returns
    -------
    Grid

    Examples
    --------
    >>> grid = make_grid(100, bounds=(1000, 2000, 1250, 2150))
    >>> grid.ncols, grid.nrows, grid.size
    (3, 2, 6)
    """
    if cell_size <= 0:
        raise ValueError("The cell size must be positive.")
    if bounds is None:
        if area is None:
            raise ValueError("Give the bounds or the area.")
        bounds = tuple(shapely.bounds(area))  # type: ignore[assignment]
    minx, miny, maxx, maxy = bounds  # type: ignore[misc]
    x0 = np.floor(minx / cell_size) * cell_size
    y0 = np.floor(miny / cell_size) * cell_size
    ncols = max(1, int(np.ceil((maxx - x0) / cell_size)))
    nrows = max(1, int(np.ceil((maxy - y0) / cell_size)))
    if maxx - x0 == ncols * cell_size:
        ncols += 1  # a point on the east edge still falls in a cell
    if maxy - y0 == nrows * cell_size:
        nrows += 1
    everything = np.arange(ncols * nrows, dtype=np.int64)
    grid = Grid(float(x0), float(y0), float(cell_size), ncols, nrows, everything)
    if area is None:
        return grid
    shapely.prepare(area)
    keep = shapely.intersects(area, grid.boxes())
    return Grid(grid.x0, grid.y0, grid.cell_size, ncols, nrows, everything[keep])


def grid_counts(
    grid: Grid, eastings: Any, northings: Any, weights: Any | None = None
) -> np.ndarray:
    """Count (or sum the weights of) the points in each kept cell.

    Points outside the kept cells are ignored; see `outside_grid` to report them.
    """
    positions = grid.positions(eastings, northings)
    inside = positions >= 0
    w = None if weights is None else np.asarray(weights, dtype=float)[inside]
    return np.bincount(positions[inside], weights=w, minlength=grid.size).astype(float)


def outside_grid(grid: Grid, eastings: Any, northings: Any) -> int:
    """How many points fall outside the kept cells (or have no coordinates)."""
    return int(np.count_nonzero(grid.positions(eastings, northings) < 0))


def kernel_density(
    grid: Grid,
    eastings: Any,
    northings: Any,
    bandwidth: float = DEFAULT_BANDWIDTH,
    weights: Any | None = None,
) -> np.ndarray:
    """Quartic kernel density at each kept cell's centre, in points per square kilometre.

    Parameters
    ----------
    grid : Grid
    eastings, northings : array_like
        Points in BNG metres; points without coordinates are ignored.
    bandwidth : float
        Kernel radius h in metres; points further than h from a centre add nothing.
    weights : array_like, optional
        A weight per point (e.g. harm); 1 each when None.

    Returns
    -------
    numpy.ndarray
        Density per kept cell.

    Notes
    -----
    The quartic (biweight) kernel used in crime mapping (Silverman 1986, eq. 4.5):
    K(d) = 3 / (π h²) · (1 − d²/h²)² for d < h, which integrates to one, so the densities
    sum (times the cell area) to about the number of points away from the edges.
    """
    if bandwidth <= 0:
        raise ValueError("The bandwidth must be positive.")
    e = np.asarray(eastings, dtype=float)
    n = np.asarray(northings, dtype=float)
    w = np.ones(e.shape) if weights is None else np.asarray(weights, dtype=float)
    ok = np.isfinite(e) & np.isfinite(n)
    e, n, w = e[ok], n[ok], w[ok]
    density = np.zeros(grid.size)
    if e.size == 0 or grid.size == 0:
        return density
    ce, cn = grid.centres
    cells = cKDTree(np.column_stack([ce, cn]))
    points = cKDTree(np.column_stack([e, n]))
    distances = cells.sparse_distance_matrix(points, bandwidth, output_type="coo_matrix")
    u = distances.data / bandwidth
    kernel = 3.0 / (np.pi * bandwidth**2) * (1.0 - u**2) ** 2
    np.add.at(density, distances.row, kernel * w[distances.col])
    return density * 1e6


# ---------------------------------------------------------------------------------------
# Getis-Ord Gi*


@dataclass(frozen=True, eq=False)
class GiStarResult:
    """Getis-Ord Gi* per kept cell, with the inference behind it.

    Attributes
    ----------
    statistic : numpy.ndarray
        Gi* per cell (the share of the total in the cell and its neighbours).
    z : numpy.ndarray
        z-score of Gi* under the analytic (normal) null of no spatial association.
    p_norm : numpy.ndarray
        One-sided p-value for a hot spot, 1 − Φ(z).
    p_sim : numpy.ndarray
        Pseudo p-value from conditional permutations (one-sided, in the direction of the
        observed value, as esda reports it); all NaN when `permutations` is 0.
    permutations : int
    seed : int
    alpha : float
        The false discovery rate controlled.
    fdr_cutoff : float
        Benjamini-Hochberg cut-off: a cell is hot when z > 0 and p_norm < fdr_cutoff.
    hot : numpy.ndarray
        Boolean mask of hot cells after the correction.
    method : str
        One line saying how the numbers were made (for pages and PDFs).
    """

    statistic: np.ndarray
    z: np.ndarray
    p_norm: np.ndarray
    p_sim: np.ndarray
    permutations: int
    seed: int
    alpha: float
    fdr_cutoff: float
    hot: np.ndarray
    method: str

    @property
    def hot_count(self) -> int:
        """How many cells are hot after the correction."""
        return int(np.count_nonzero(self.hot))


def grid_weights(grid: Grid) -> Any:
    """Binary queen-contiguity weights (libpysal W) between the kept cells."""
    from libpysal.weights import W

    sources, targets = grid.neighbour_pairs()
    order = np.lexsort((targets, sources))
    sources, targets = sources[order], targets[order]
    splits = np.searchsorted(sources, np.arange(grid.size + 1))
    neighbours = {i: targets[splits[i] : splits[i + 1]].tolist() for i in range(grid.size)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weights = W(neighbours, silence_warnings=True)
    weights.transform = "B"
    return weights


def gi_star(
    grid: Grid,
    counts: Any,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    alpha: float = DEFAULT_ALPHA,
) -> GiStarResult:
    """Getis-Ord Gi* for each kept cell, with a false discovery rate correction.

    Parameters
    ----------
    grid : Grid
    counts : array_like
        A count (or weighted count) per kept cell, e.g. from `grid_counts`.
    permutations : int
        Conditional permutations for the pseudo p-values (0 to skip them).
    seed : int
        Seed of the permutations.
    alpha : float
        False discovery rate (Benjamini and Hochberg 1995) over all kept cells.

    Returns
    -------
    GiStarResult

    Notes
    -----
    Gi* (Getis and Ord 1992; Ord and Getis 1995) sums the counts in a cell and its eight
    neighbours (binary queen contiguity, the cell included) and compares that sum with
    what the whole area's counts would give at random. Null hypothesis: the counts are
    placed independently of location; alternative (hot spot): the local sum is larger.
    Computed with esda's `G_Local(star=True)`. Significance uses the one-sided normal
    p-value, controlled for the false discovery rate over every cell tested, because the
    smallest permutation p-value (1 / (permutations + 1)) cannot pass a correction over
    thousands of cells; the permutation p-values are reported alongside as a check.

    References
    ----------
    Getis, A. and Ord, J. K. (1992) The analysis of spatial association by use of
    distance statistics. Geographical Analysis 24(3).
    Benjamini, Y. and Hochberg, Y. (1995) Controlling the false discovery rate. JRSS B 57.

    Examples
    --------
    >>> grid = make_grid(100, bounds=(0, 0, 900, 900))
    >>> counts = np.zeros(grid.size); counts[[40, 41, 49, 50]] = 20
    >>> result = gi_star(grid, counts, permutations=0)
    >>> bool(result.hot[40]), bool(result.hot[0])
    (True, False)
    """
    from esda import G_Local

    y = np.asarray(counts, dtype=float)
    if y.shape != (grid.size,):
        raise ValueError("Give one count per kept cell of the grid.")
    if grid.size < 3 or not np.any(y > 0):
        empty = np.zeros(grid.size)
        return GiStarResult(
            empty,
            empty,
            np.ones(grid.size),
            np.full(grid.size, np.nan),
            permutations,
            seed,
            alpha,
            alpha / max(grid.size, 1),
            np.zeros(grid.size, dtype=bool),
            _gi_method(grid, permutations, seed, alpha, alpha / max(grid.size, 1)),
        )
    weights = grid_weights(grid)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        local = G_Local(
            y,
            weights,
            transform="B",
            permutations=permutations,
            star=True,
            seed=seed,
            keep_simulations=False,
            n_jobs=1,
        )
    z = np.nan_to_num(np.asarray(local.Zs, dtype=float))
    p_norm = stats.norm.sf(z)
    cutoff = float(fdr_cutoff(p_norm, alpha))
    p_sim = np.asarray(local.p_sim, dtype=float) if permutations else np.full(grid.size, np.nan)
    hot = (z > 0) & (p_norm < cutoff)
    return GiStarResult(
        np.asarray(local.Gs, dtype=float),
        z,
        p_norm,
        p_sim,
        permutations,
        seed,
        alpha,
        cutoff,
        hot,
        _gi_method(grid, permutations, seed, alpha, cutoff),
    )


def fdr_cutoff(pvalues: Any, alpha: float = DEFAULT_ALPHA) -> float:
    """Benjamini-Hochberg p-value cut-off at false discovery rate `alpha` (esda's `fdr`).

    Reject where p < cut-off. When no test passes, the Bonferroni bound alpha / m is
    returned, which then rejects nothing the correction would not.
    """
    from esda import fdr

    values = np.asarray(pvalues, dtype=float)
    if values.size == 0:
        return alpha
    return float(fdr(values, alpha))


def _gi_method(grid: Grid, permutations: int, seed: int, alpha: float, cutoff: float) -> str:
    """The one-line method statement for a Gi* result."""
    checked = (
        f"; {permutations} conditional permutations (seed {seed}) reported alongside"
        if permutations
        else ""
    )
    return (
        f"Getis-Ord Gi* over {grid.size} cells of {grid.cell_size:g} m, binary queen "
        f"contiguity with the cell itself; hot where z > 0 and one-sided normal p < "
        f"{cutoff:.3g} (Benjamini-Hochberg false discovery rate {alpha:g}){checked}."
    )


# ---------------------------------------------------------------------------------------
# Hotspots as groups of touching hot cells


@dataclass(frozen=True)
class Hotspot:
    """A place for patrols: a group of touching hot cells and the busy cells around them.

    `positions` are the kept-cell positions in the hotspot; `hot_cells` how many of them are
    significant by Gi*; `count` the records in the hotspot; `peak_z` the largest Gi* z and
    `min_p` the smallest p among its hot cells; `centre` the count-weighted centre (BNG).
    """

    number: int
    positions: tuple[int, ...]
    hot_cells: int
    count: float
    peak_z: float
    min_p: float
    centre: tuple[float, float]


def group_hotspots(grid: Grid, hot: Any, counts: Any, z: Any, p: Any) -> list[Hotspot]:
    """Join hot cells, with their neighbours that hold records, into hotspots.

    Gi* says a cell *and its neighbours* are busier than chance, so a hot cell may itself be
    empty while the record-holding cell next to it is not significant. A hotspot is
    therefore a connected group (queen contiguity) of hot cells together with every
    neighbouring cell that has at least one record. Hotspots are numbered 1, 2, … by
    records, most first; ties go to the larger peak z.

    Examples
    --------
    >>> grid = make_grid(100, bounds=(0, 0, 499, 99))
    >>> hot = np.array([False, True, False, False, True])
    >>> [h.positions for h in group_hotspots(grid, hot, [9, 0, 0, 0, 1], [0, 4, 0, 0, 3],
    ...                                      [1, .001, 1, 1, .002])]
    [(0, 1), (4,)]
    """
    hot_mask = np.asarray(hot, dtype=bool)
    counts = np.asarray(counts, dtype=float)
    z = np.asarray(z, dtype=float)
    p = np.asarray(p, dtype=float)
    if not hot_mask.any():
        return []
    sources, targets = grid.neighbour_pairs()
    members = hot_mask.copy()
    members[targets[hot_mask[sources] & (counts[targets] > 0)]] = True
    keep = members[sources] & members[targets]
    graph = sparse.coo_matrix(
        (np.ones(int(keep.sum())), (sources[keep], targets[keep])), shape=(grid.size, grid.size)
    )
    _, labels = connected_components(graph, directed=False)
    ce, cn = grid.centres
    groups: dict[int, list[int]] = {}
    for position in np.flatnonzero(members).tolist():
        groups.setdefault(int(labels[position]), []).append(position)
    found = []
    for cells in groups.values():
        index = np.asarray(cells)
        hot_index = index[hot_mask[index]]
        total = float(counts[index].sum())
        weights = counts[index] if total > 0 else np.ones(index.size)
        centre = (
            float(np.average(ce[index], weights=weights)),
            float(np.average(cn[index], weights=weights)),
        )
        found.append(
            (
                total,
                float(z[hot_index].max()),
                float(p[hot_index].min()),
                cells,
                int(hot_index.size),
                centre,
            )
        )
    found.sort(key=lambda item: (-item[0], -item[1], item[3][0]))
    return [
        Hotspot(number, tuple(cells), hot_cells, total, peak, min_p, centre)
        for number, (total, peak, min_p, cells, hot_cells, centre) in enumerate(found, start=1)
    ]


# ---------------------------------------------------------------------------------------
# Counts by area and by location, persistence, harm


def counts_by(values: Sequence[str] | pd.Series, weights: Any | None = None) -> pd.DataFrame:
    """Count (or sum weights) per value, most first, ties by value; blanks are dropped.

    Used for counts by LSOA code and by police.uk "On or near" location.

    Returns
    -------
    DataFrame
        Columns `key` and `count`.
    """
    frame = pd.DataFrame(
        {
            "key": pd.Series(list(values), dtype="object").fillna("").astype(str).str.strip(),
            "count": 1.0 if weights is None else np.asarray(weights, dtype=float),
        }
    )
    frame = frame[frame["key"] != ""]
    summed = frame.groupby("key", as_index=False)["count"].sum()
    return summed.sort_values(["count", "key"], ascending=[False, True], ignore_index=True)


def counts_by_lsoa(lsoa_codes: Sequence[str], weights: Any | None = None) -> pd.DataFrame:
    """Records per 2021 LSOA code (columns `lsoa21_code`, `count`), most first."""
    return counts_by(lsoa_codes, weights).rename(columns={"key": "lsoa21_code"})


def counts_by_location(locations: Sequence[str], weights: Any | None = None) -> pd.DataFrame:
    """Records per police.uk snap-point name, "On or near …" (columns `location`, `count`)."""
    return counts_by(locations, weights).rename(columns={"key": "location"})


def top_cells(scores: Any, share: float, *, seed: int = DEFAULT_SEED) -> np.ndarray:
    """Positions of the top `share` of cells by score (at least one), ties broken at random.

    The number flagged is round(share · cells), so the flagged area is as close to the
    share as whole cells allow; seeded random tie-breaking avoids favouring any corner.
    """
    values = np.asarray(scores, dtype=float)
    if values.size == 0:
        return np.zeros(0, dtype=np.int64)
    if not 0 < share <= 1:
        raise ValueError("The share must be in (0, 1].")
    flagged = max(1, int(round(share * values.size)))
    ties = np.random.default_rng(seed).random(values.size)
    order = np.lexsort((ties, -values))
    return np.sort(order[:flagged])


def persistence(
    grid: Grid,
    eastings: Any,
    northings: Any,
    month_index: Any,
    *,
    last: int,
    share: float = 0.01,
    seed: int = DEFAULT_SEED,
) -> np.ndarray:
    """In how many of the last `last` months each cell was hot.

    Parameters
    ----------
    grid : Grid
    eastings, northings : array_like
        Points in BNG metres.
    month_index : array_like of int
        Month of each point as an integer (e.g. year · 12 + month − 1).
    last : int
        How many months, counted back from the latest month in `month_index`.
    share : float
        A cell is hot in a month when it is among the top `share` of cells by count that
        month and has at least one record (ties broken at random with `seed`).

    Returns
    -------
    numpy.ndarray
        Integers 0 … `last` per kept cell.
    """
    months = np.asarray(month_index, dtype=np.int64)
    result = np.zeros(grid.size, dtype=np.int64)
    if months.size == 0 or last < 1:
        return result
    positions = grid.positions(eastings, northings)
    latest = int(months.max())
    for month in range(latest - last + 1, latest + 1):
        chosen = (months == month) & (positions >= 0)
        counts = np.bincount(positions[chosen], minlength=grid.size)
        top = top_cells(counts, share, seed=seed + month)
        top = top[counts[top] > 0]
        result[top] += 1
    return result


def harm_weights(
    crime_types: Sequence[str], table: Mapping[str, float], default: float = 1.0
) -> np.ndarray:
    """A weight per record from its crime type (e.g. a crime harm index), else `default`.

    The table is local reference data with its source named (see `read_harm_weights`);
    ASB Hub ships none, because published harm indices do not cover ASB.
    """
    return np.array([float(table.get(kind, default)) for kind in crime_types], dtype=float)


def read_harm_weights(rows: Sequence[Mapping[str, str]]) -> dict[str, float]:
    """Harm weights from CSV rows with columns `crime_type` and `weight`.

    Raises ValueError naming the first row whose weight is not a non-negative number.
    """
    table: dict[str, float] = {}
    for number, row in enumerate(rows, start=2):
        try:
            weight = float(row["weight"])
        except (KeyError, TypeError, ValueError):
            raise ValueError(f"Line {number}: the weight must be a number.") from None
        if weight < 0 or not np.isfinite(weight):
            raise ValueError(f"Line {number}: the weight must be zero or more.")
        table[str(row.get("crime_type", "")).strip()] = weight
    return table


def month_number(year: int, month: int) -> int:
    """An integer month index, year · 12 + month − 1, so consecutive months differ by 1."""
    return year * 12 + month - 1
