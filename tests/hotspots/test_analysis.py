"""Hotspot analysis: grids, counts, kernel density, Gi* with FDR, persistence, harm."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from numpy.testing import assert_allclose

from asbhub.hotspots import analysis

SEED = 7


def test_grid_origin_is_a_multiple_of_the_cell_size_so_grids_line_up():
    grid = analysis.make_grid(150, bounds=(330_010, 188_020, 331_000, 189_000))
    assert (grid.x0, grid.y0) == (330_000, 187_950)
    assert grid.positions([330_010, 330_160], [188_020, 188_100]).tolist() == [0, grid.ncols + 1]


def test_grid_keeps_only_cells_touching_the_area():
    area = shapely.box(0, 0, 250, 100)
    grid = analysis.make_grid(100, area=area)
    assert grid.size == 3 * 1 + 3  # the box touches a second row along its top edge
    assert grid.positions([1000], [1000]).tolist() == [-1]


def test_grid_counts_count_points_per_cell_and_ignore_those_outside():
    grid = analysis.make_grid(100, bounds=(0, 0, 299, 99))
    counts = analysis.grid_counts(grid, [10, 20, 150, 290, 5000, np.nan], [5, 5, 50, 99, 0, 1])
    assert counts.tolist() == [2, 1, 1]
    assert analysis.outside_grid(grid, [10, 5000, np.nan], [5, 0, 1]) == 2


def test_grid_counts_sum_harm_weights():
    grid = analysis.make_grid(100, bounds=(0, 0, 199, 99))
    weights = analysis.harm_weights(["Burglary", "Anti-social behaviour"], {"Burglary": 3.5})
    assert analysis.grid_counts(grid, [10, 20], [5, 5], weights).tolist() == [4.5, 0.0]


def test_harm_weights_are_read_from_csv_rows_and_bad_weights_are_refused():
    table = analysis.read_harm_weights([{"crime_type": "Robbery", "weight": "2"}])
    assert table == {"Robbery": 2.0}
    with pytest.raises(ValueError, match="Line 2"):
        analysis.read_harm_weights([{"crime_type": "Robbery", "weight": "-1"}])


def test_kernel_density_of_one_point_integrates_to_one():
    grid = analysis.make_grid(10, bounds=(-500, -500, 499, 499))
    density = analysis.kernel_density(grid, [0.0], [0.0], bandwidth=200)
    assert_allclose(density.sum() * 10 * 10 / 1e6, 1.0, rtol=1e-3)


def test_kernel_density_is_the_quartic_kernel_at_a_known_distance():
    grid = analysis.make_grid(100, bounds=(0, 0, 99, 99))  # one cell, centre (50, 50)
    density = analysis.kernel_density(grid, [50.0 + 60.0], [50.0], bandwidth=120)
    expected = 3 / (np.pi * 120**2) * (1 - (60 / 120) ** 2) ** 2 * 1e6
    assert_allclose(density[0], expected)
    assert analysis.kernel_density(grid, [50.0 + 130.0], [50.0], bandwidth=120)[0] == 0
    on_centre = analysis.kernel_density(grid, [50.0], [50.0], bandwidth=120)[0]
    assert_allclose(on_centre, 3 / (np.pi * 120**2) * 1e6)


def test_gi_star_matches_the_hand_formula_on_a_tiny_grid():
    grid = analysis.make_grid(100, bounds=(0, 0, 399, 399))
    y = np.array([0, 1, 0, 2, 1, 5, 6, 0, 0, 7, 9, 1, 0, 0, 1, 0], dtype=float)
    result = analysis.gi_star(grid, y, permutations=0)
    rows, cols = grid.rows_cols
    n, mean = y.size, y.mean()
    s = np.sqrt((y**2).mean() - mean**2)
    for i in range(n):
        w = ((abs(rows - rows[i]) <= 1) & (abs(cols - cols[i]) <= 1)).astype(float)
        z = (w @ y - mean * w.sum()) / (s * np.sqrt((n * (w**2).sum() - w.sum() ** 2) / (n - 1)))
        assert_allclose(result.z[i], z, rtol=1e-9)
        assert_allclose(result.statistic[i], w @ y / y.sum(), rtol=1e-9)
    assert not result.hot.any()  # 16 cells: nothing survives the FDR correction


def test_gi_star_finds_a_planted_cluster_and_nothing_else():
    rng = np.random.default_rng(SEED)
    grid = analysis.make_grid(100, bounds=(0, 0, 2999, 2999))
    counts = rng.poisson(1.0, grid.size).astype(float)
    rows, cols = grid.rows_cols
    cluster = (abs(rows - 15) <= 1) & (abs(cols - 15) <= 1)
    counts[cluster] += 12
    result = analysis.gi_star(grid, counts, permutations=99, seed=SEED)
    assert result.hot[cluster].all()
    near = (abs(rows - 15) <= 2) & (abs(cols - 15) <= 2)
    assert not result.hot[~near].any()
    assert result.p_sim[cluster].max() <= 0.01
    assert result.permutations == 99 and result.seed == SEED and result.alpha == 0.05
    assert result.fdr_cutoff > result.alpha / grid.size
    assert "Benjamini-Hochberg" in result.method and "900 cells" in result.method


def test_gi_star_permutations_are_reproducible_by_seed():
    grid = analysis.make_grid(100, bounds=(0, 0, 999, 999))
    counts = np.random.default_rng(1).poisson(2, grid.size)
    first = analysis.gi_star(grid, counts, permutations=49, seed=3)
    again = analysis.gi_star(grid, counts, permutations=49, seed=3)
    assert_allclose(first.p_sim, again.p_sim)


def test_gi_star_on_an_empty_area_finds_nothing():
    grid = analysis.make_grid(100, bounds=(0, 0, 999, 999))
    result = analysis.gi_star(grid, np.zeros(grid.size), permutations=0)
    assert result.hot_count == 0


def test_fdr_cutoff_is_benjamini_hochberg():
    pvalues = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216]
    # Largest k with p(k) <= k/10 · 0.05 is k = 2 (0.008 <= 0.01): the cut-off is 0.01.
    assert analysis.fdr_cutoff(pvalues, 0.05) == pytest.approx(0.01)


def test_hotspots_join_touching_hot_cells_and_their_busy_neighbours():
    grid = analysis.make_grid(100, bounds=(0, 0, 499, 299))  # 5 × 3
    hot = np.zeros(grid.size, dtype=bool)
    hot[[6, 7]] = True  # middle row, touching
    hot[14] = True  # far corner
    counts = np.zeros(grid.size)
    counts[[0, 6, 14]] = [4, 3, 1]
    z = np.where(hot, 4.0, 0.0)
    spots = analysis.group_hotspots(grid, hot, counts, z, np.where(hot, 1e-4, 1))
    assert [s.positions for s in spots] == [(0, 6, 7), (14,)]
    assert [s.count for s in spots] == [7, 1]
    assert spots[0].hot_cells == 2 and spots[0].number == 1


def test_counts_by_lsoa_and_location_rank_most_first_and_drop_blanks():
    by_lsoa = analysis.counts_by_lsoa(["W01001", "W01002", "W01001", ""])
    assert by_lsoa.to_dict("list") == {"lsoa21_code": ["W01001", "W01002"], "count": [2.0, 1.0]}
    by_place = analysis.counts_by_location(["On or near B", "On or near A", "On or near B"])
    assert by_place["location"].tolist() == ["On or near B", "On or near A"]


def test_persistence_counts_the_months_a_cell_was_in_the_top_share():
    grid = analysis.make_grid(100, bounds=(0, 0, 999, 999))  # 100 cells, top 1% = 1 cell
    e = [50, 50, 50, 550, 550, 50]
    n = [50, 50, 50, 550, 550, 50]
    months = [10, 11, 12, 12, 12, 9]
    result = analysis.persistence(grid, e, n, months, last=3, share=0.01)
    assert result[0] == 2  # months 10 and 11 (month 12 went to the busier cell)
    assert result[grid.positions([550], [550])[0]] == 1
    assert result.sum() == 3


def test_top_cells_flag_a_share_of_the_area_with_seeded_tie_breaks():
    scores = [0, 5, 0, 0, 0, 0, 0, 0, 0, 0]
    assert analysis.top_cells(scores, 0.1).tolist() == [1]
    tied = analysis.top_cells([1] * 10, 0.2, seed=1)
    assert len(tied) == 2 and tied.tolist() == analysis.top_cells([1] * 10, 0.2, seed=1).tolist()
