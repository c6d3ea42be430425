"""Forecasts and their evaluation: baseline, prospective hotspotting, hit rate and PAI."""

from __future__ import annotations

import numpy as np
import pytest

from asbhub.hotspots import analysis, forecasting


@pytest.fixture
def grid():
    return analysis.make_grid(100, bounds=(0, 0, 999, 999))  # 100 cells


def test_pai_is_hit_rate_over_area_share():
    # 10 cells, flag 20% (2 cells: 0 and 1); 6 of 8 records fall in them, 1 outside the grid.
    scores = [9, 8, 0, 0, 0, 0, 0, 0, 0, 0]
    actual = [0, 0, 0, 1, 1, 1, 5, -1]
    result = forecasting.capture(scores, actual, 0.2)
    assert (result.flagged, result.hits, result.records) == (2, 6, 8)
    assert result.hit_rate == pytest.approx(0.75)
    assert result.area_share == pytest.approx(0.2)
    assert result.pai == pytest.approx(3.75)


def test_capture_with_no_records_has_no_hit_rate():
    result = forecasting.capture([1, 0], [], 0.5)
    assert result.hit_rate is None and result.pai is None


def test_baseline_counts_only_the_window_before_the_target(grid):
    positions = np.array([0, 0, 0, 5, 5])
    months = np.array([1, 2, 3, 3, 4])
    scores = forecasting.baseline_scores(grid, positions, months, target=4, months=2)
    assert scores[0] == 2 and scores[5] == 1  # months 2 and 3; month 4 is the future


def test_prospective_weights_fall_with_distance_and_age(grid):
    # One record at the centre of cell (row 5, col 5) in the month before the target.
    scores = forecasting.prospective_scores(grid, [550], [550], [9], target=10)
    centre = grid.positions([550], [550])[0]
    beside = grid.positions([650], [550])[0]
    two_away = grid.positions([750], [550])[0]
    assert scores[centre] == pytest.approx(1.0)
    assert scores[beside] == pytest.approx(0.5)
    assert scores[two_away] == pytest.approx(1 / 3)
    older = forecasting.prospective_scores(grid, [550], [550], [8], target=10)
    assert older[centre] == pytest.approx(0.5)
    assert forecasting.prospective_scores(grid, [550], [550], [10], target=10).sum() == 0
    far = grid.positions([50], [550])[0]  # 500 m away: beyond the 400 m bandwidth
    assert scores[far] == 0


def test_rolling_evaluation_never_uses_the_month_it_scores(grid):
    # Records move to a new cell every month: a forecast that peeked would score 100%.
    e = np.array([50 + 100 * m for m in range(6)], dtype=float)
    n = np.full(6, 50.0)
    months = np.arange(6)
    table = forecasting.rolling_evaluation(grid, e, n, months, methods=["counts-3m"], first=3)
    assert table["month"].tolist() == [3, 4, 5]
    assert table["hit_rate_1"].tolist() == [0.0, 0.0, 0.0]


def test_rolling_evaluation_finds_a_stable_hotspot(grid):
    rng = np.random.default_rng(3)
    months = np.repeat(np.arange(8), 20)
    e = np.where(rng.random(months.size) < 0.5, 250.0, rng.uniform(0, 999, months.size))
    n = np.where(e == 250.0, 250.0, rng.uniform(0, 999, months.size))
    table = forecasting.rolling_evaluation(grid, e, n, months)
    assert set(table["method"]) == {"prospective", "counts-3m"}  # 8 months: no 12-month
    late = table[table["month"] >= 3]
    assert (late["hit_rate_1"] >= 0.4).all()
    assert (late["pai_1"] >= 40).all()
    summary = forecasting.summarise_evaluation(table)
    assert set(summary.index) == {"prospective", "counts-3m"}
    assert summary.loc["prospective", "months"] == 5  # months 3 to 7, which both can score


def test_methods_need_their_history_before_they_are_scored(grid):
    months = np.repeat(np.arange(14), 2)
    e = np.full(months.size, 250.0)
    table = forecasting.rolling_evaluation(grid, e, e, months)
    first = table.groupby("method")["month"].min().to_dict()
    assert first == {"prospective": 2, "counts-3m": 3, "counts-12m": 12}


def test_unknown_method_is_refused(grid):
    with pytest.raises(ValueError, match="Unknown method"):
        forecasting.forecast_scores("crystal-ball", grid, [], [], [], 1)
