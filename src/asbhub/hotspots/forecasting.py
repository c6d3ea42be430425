"""Forecasting next month's hotspots, and an honest, rolling evaluation of the forecasts.

Pure: points (BNG metres) with an integer month index in, scores per grid cell out. A
forecast for month m uses only records from months before m, so the evaluation scores each
month on data the forecast never saw.

Methods
-------
- `counts-3m` and `counts-12m`: the plain baseline, records per cell over the last 3 or 12
  months.
- `prospective`: prospective hotspotting after Bowers, Johnson and Pease (2004): every
  recent record raises the risk of the cells around it, less with distance and with age.

Measures
--------
For the top 1% and 5% of cells (by area, all cells being the same size): the hit rate, the
share of the month's records that fell in the flagged cells, and the Predictive Accuracy
Index (Chainey, Tompson and Uhlig 2008), PAI = hit rate ÷ share of the area flagged.
Records outside the grid count as misses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from asbhub.hotspots.analysis import DEFAULT_SEED, Grid, top_cells

PROSPECTIVE_BANDWIDTH = 400.0
PROSPECTIVE_MONTHS = 2
SHARES = (0.01, 0.05)


@dataclass(frozen=True)
class Method:
    """A forecasting method: its name, the months of history it needs, and a one-line text."""

    name: str
    history: int
    description: str


METHODS: dict[str, Method] = {
    "prospective": Method(
        "prospective",
        PROSPECTIVE_MONTHS,
        "Prospective hotspotting (Bowers, Johnson and Pease 2004): each record in the last "
        f"{PROSPECTIVE_MONTHS} months adds 1/(1 + distance in cells) × 1/(1 + age in months) "
        f"to every cell within {PROSPECTIVE_BANDWIDTH:g} m.",
    ),
    "counts-3m": Method("counts-3m", 3, "Records per cell over the last 3 months."),
    "counts-12m": Method("counts-12m", 12, "Records per cell over the last 12 months."),
}


def baseline_scores(
    grid: Grid, positions: Any, month_index: Any, target: int, *, months: int
) -> np.ndarray:
    """Records per cell over the `months` months before month `target`.

    Parameters
    ----------
    grid : Grid
    positions : array_like of int
        Kept-cell position of each record (`Grid.positions`); -1 outside.
    month_index : array_like of int
        Month of each record (see `analysis.month_number`).
    target : int
        The month forecast; only records from `target - months` to `target - 1` count.
    months : int
        Length of the window.
    """
    pos = np.asarray(positions, dtype=np.int64)
    month = np.asarray(month_index, dtype=np.int64)
    chosen = (pos >= 0) & (month < target) & (month >= target - months)
    return np.bincount(pos[chosen], minlength=grid.size).astype(float)


def prospective_scores(
    grid: Grid,
    eastings: Any,
    northings: Any,
    month_index: Any,
    target: int,
    *,
    bandwidth: float = PROSPECTIVE_BANDWIDTH,
    months: int = PROSPECTIVE_MONTHS,
) -> np.ndarray:
    """Prospective hotspotting risk for month `target` from the records before it.

    Parameters
    ----------
    grid : Grid
    eastings, northings : array_like
        Records in BNG metres.
    month_index : array_like of int
        Month of each record.
    target : int
        The month forecast.
    bandwidth : float
        Records further than this from a cell centre add nothing (400 m in the original).
    months : int
        How many months back records count.

    Returns
    -------
    numpy.ndarray
        Risk per kept cell.

    Notes
    -----
    Bowers, Johnson and Pease (2004) weight each past burglary by 1/(1 + d) × 1/(1 + t),
    with d the distance in cells and t the age in weeks, over 400 m and two months.
    police.uk gives the month only, so the age t is in months: a record from the month
    just before the target has t = 0.

    References
    ----------
    Bowers, K. J., Johnson, S. D. and Pease, K. (2004) Prospective hot-spotting: the
    future of crime mapping? British Journal of Criminology 44(5), 641–658.
    """
    e = np.asarray(eastings, dtype=float)
    n = np.asarray(northings, dtype=float)
    month = np.asarray(month_index, dtype=np.int64)
    chosen = np.isfinite(e) & np.isfinite(n) & (month < target) & (month >= target - months)
    scores = np.zeros(grid.size)
    if not chosen.any() or grid.size == 0:
        return scores
    ages = (target - 1 - month[chosen]).astype(float)
    ce, cn = grid.centres
    cells = cKDTree(np.column_stack([ce, cn]))
    points = cKDTree(np.column_stack([e[chosen], n[chosen]]))
    pairs = cells.sparse_distance_matrix(points, bandwidth, output_type="coo_matrix")
    cell_steps = np.round(pairs.data / grid.cell_size)
    np.add.at(scores, pairs.row, 1.0 / (1.0 + cell_steps) / (1.0 + ages[pairs.col]))
    return scores


def forecast_scores(
    method: str,
    grid: Grid,
    eastings: Any,
    northings: Any,
    month_index: Any,
    target: int,
    positions: Any | None = None,
) -> np.ndarray:
    """Scores per kept cell for month `target` by the named method (see `METHODS`)."""
    if method not in METHODS:
        raise ValueError(f"Unknown method {method!r}; use one of {', '.join(METHODS)}.")
    if method == "prospective":
        return prospective_scores(grid, eastings, northings, month_index, target)
    if positions is None:
        positions = grid.positions(eastings, northings)
    return baseline_scores(grid, positions, month_index, target, months=METHODS[method].history)


@dataclass(frozen=True)
class Capture:
    """How well a forecast's top cells captured a month's records."""

    share: float  # share of cells asked for, e.g. 0.01
    flagged: int  # cells flagged
    area_share: float  # flagged ÷ all cells
    records: int  # records that month (those outside the grid included)
    hits: int  # records in flagged cells
    hit_rate: float | None  # hits ÷ records; None with no records
    pai: float | None  # hit_rate ÷ area_share


def capture(
    scores: Any, actual_positions: Any, share: float, *, seed: int = DEFAULT_SEED
) -> Capture:
    """Hit rate and Predictive Accuracy Index for the top `share` of cells by score.

    Parameters
    ----------
    scores : array_like
        Forecast score per kept cell.
    actual_positions : array_like of int
        Kept-cell position of each record in the month forecast; -1 (outside) counts as a
        miss.
    share : float
        Share of cells to flag, e.g. 0.01 for 1% of the area.

    Examples
    --------
    >>> result = capture([5, 1, 0, 0], [0, 0, 1, 2], share=0.25)
    >>> result.hits, result.hit_rate, result.area_share, result.pai
    (2, 0.5, 0.25, 2.0)
    """
    values = np.asarray(scores, dtype=float)
    actual = np.asarray(actual_positions, dtype=np.int64)
    flagged = top_cells(values, share, seed=seed)
    mask = np.zeros(values.size, dtype=bool)
    mask[flagged] = True
    inside = actual >= 0
    hits = int(np.count_nonzero(mask[actual[inside]]))
    records = int(actual.size)
    area_share = flagged.size / values.size if values.size else 0.0
    hit_rate = hits / records if records else None
    pai = hit_rate / area_share if hit_rate is not None and area_share else None
    return Capture(share, int(flagged.size), area_share, records, hits, hit_rate, pai)


def rolling_evaluation(
    grid: Grid,
    eastings: Any,
    northings: Any,
    month_index: Any,
    *,
    methods: Sequence[str] = tuple(METHODS),
    first: int | None = None,
    last: int | None = None,
    shares: Sequence[float] = SHARES,
    seed: int = DEFAULT_SEED,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Forecast each month from the months before it only, and score it; month by month.

    Parameters
    ----------
    grid : Grid
    eastings, northings : array_like
        Every record (BNG metres).
    month_index : array_like of int
        Month of each record.
    methods : sequence of str
        Names from `METHODS`; each is scored from the first month with enough history.
    first, last : int, optional
        Months to score (defaults: the second month loaded, the last month loaded).
    shares : sequence of float
        Shares of the area to flag.

    Returns
    -------
    DataFrame
        One row per month and method: month, method, records, and for each share s (as a
        percentage, e.g. 1 and 5) flagged_s, hits_s, hit_rate_s, pai_s.
    """
    e = np.asarray(eastings, dtype=float)
    n = np.asarray(northings, dtype=float)
    month = np.asarray(month_index, dtype=np.int64)
    rows: list[dict[str, Any]] = []
    if month.size == 0:
        return pd.DataFrame(rows)
    positions = grid.positions(e, n)
    start = int(month.min())
    first = start + 1 if first is None else first
    last = int(month.max()) if last is None else last
    targets = list(range(first, last + 1))
    for step, target in enumerate(targets):
        actual = positions[month == target]
        for name in methods:
            method = METHODS[name]
            if target - method.history < start:
                continue
            scores = forecast_scores(name, grid, e, n, month, target, positions)
            row: dict[str, Any] = {"month": target, "method": name, "records": int(actual.size)}
            for share in shares:
                result = capture(scores, actual, share, seed=seed + target)
                label = f"{share * 100:g}"
                row[f"flagged_{label}"] = result.flagged
                row[f"hits_{label}"] = result.hits
                row[f"hit_rate_{label}"] = result.hit_rate
                row[f"pai_{label}"] = result.pai
            rows.append(row)
        if progress is not None:
            progress(step + 1, len(targets))
    return pd.DataFrame(rows)


def summarise_evaluation(table: pd.DataFrame, shares: Sequence[float] = SHARES) -> pd.DataFrame:
    """Mean hit rate and PAI per method over the months every method could score.

    Returns a frame indexed by method with months, and mean hit_rate_s and pai_s per share.
    """
    if table.empty:
        return pd.DataFrame()
    common = table.groupby("month")["method"].nunique()
    months = common[common == table["method"].nunique()].index
    chosen = table[table["month"].isin(months)]
    columns = {}
    for share in shares:
        label = f"{share * 100:g}"
        columns[f"hit_rate_{label}"] = (f"hit_rate_{label}", "mean")
        columns[f"pai_{label}"] = (f"pai_{label}", "mean")
    summary = chosen.groupby("method").agg(months=("month", "nunique"), **columns)
    return summary
