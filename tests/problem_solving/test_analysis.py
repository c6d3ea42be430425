"""The pure numbers behind a plan: area membership, monthly counts, trend, before and after."""

from __future__ import annotations

import datetime as dt

import pytest

from asbhub.problem_solving import analysis
from asbhub.problem_solving.analysis import Area, Record

from .conftest import INSIDE, OUTSIDE, SQUARE

JAN, FEB, MAR = dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)


def record(month=JAN, lsoa="", at=(None, None), location=""):
    return Record(month, lsoa, at[0], at[1], location)


def test_a_record_is_in_the_area_by_lsoa_street_or_polygon():
    area = Area(frozenset({"W01000001"}), ("Heol Pant",), (SQUARE,))
    records = [
        record(lsoa="W01000001"),
        record(location="On or near Heol Pant"),
        record(location="On or near heol  pant shops"),
        record(at=INSIDE),
        record(at=OUTSIDE, location="On or near Heol Pantglas"),
        record(lsoa="W01000002", location="On or near High Street"),
    ]
    assert analysis.in_area(records, area).tolist() == [True, True, True, True, False, False]


def test_an_empty_area_holds_nothing():
    assert Area().is_empty
    assert not analysis.in_area([record(lsoa="W01000001")], Area()).any()


def test_monthly_counts_give_every_month_including_empty_ones():
    area = Area(frozenset({"A"}))
    records = [
        record(JAN, "A"),
        record(JAN, "A"),
        record(MAR, "A"),
        record(MAR, "B"),
        record(dt.date(2023, 12, 1), "A"),
    ]
    assert analysis.monthly_counts(records, area, JAN, MAR) == [2, 0, 1]


def test_months_between_and_add_months_cross_the_year():
    assert analysis.add_months(dt.date(2024, 11, 1), 3) == dt.date(2025, 2, 1)
    assert analysis.add_months(dt.date(2024, 1, 1), -1) == dt.date(2023, 12, 1)
    assert analysis.months_between(dt.date(2024, 11, 15), dt.date(2025, 1, 2)) == [
        dt.date(2024, 11, 1),
        dt.date(2024, 12, 1),
        dt.date(2025, 1, 1),
    ]
    assert analysis.months_between(MAR, JAN) == []


def test_a_steady_rise_is_a_rising_trend_matching_poisson_regression():
    # statsmodels GLM(Poisson) on these counts gives slope 0.19232 and an LR p of 0.00105.
    result = analysis.trend([10, 12, 15, 18, 22, 26])
    assert result.direction == "rising"
    assert result.monthly_change_pct == pytest.approx(21.2063, abs=1e-3)
    assert result.p_value == pytest.approx(0.0010458, rel=1e-3)
    assert result.total == 103


def test_a_noisy_flat_series_has_no_clear_trend():
    result = analysis.trend([20, 18, 25, 19, 22, 21, 17, 24, 20, 23, 19, 22])
    assert result.direction == "flat"
    assert result.p_value > 0.5


def test_too_few_months_or_no_records_give_no_trend():
    assert analysis.trend([3, 4, 5]).direction == "too_short"
    assert analysis.trend([0, 0, 0, 0, 0]).direction == "too_short"


def test_before_and_after_uses_the_exact_binomial_test():
    result = analysis.before_after([10, 12, 11, 9, 10, 12], [6, 5, 7])
    assert result.before_mean == pytest.approx(64 / 6)
    assert result.after_mean == pytest.approx(6.0)
    assert result.rate_ratio == pytest.approx(0.5625)
    assert result.change_pct == pytest.approx(-43.75)
    # scipy.stats.binomtest(18, 82, 3/9).pvalue
    assert result.p_value == pytest.approx(0.034227, rel=1e-4)
    assert result.ci_low < result.rate_ratio < result.ci_high < 1
    assert result.significant


def test_before_and_after_without_months_or_records_says_nothing_it_cannot():
    assert analysis.before_after([], [1, 2]).rate_ratio is None
    empty = analysis.before_after([0, 0], [0, 0])
    assert empty.p_value is None and empty.change_pct is None


@pytest.mark.parametrize(
    ("baseline", "target", "result", "lower", "share", "met"),
    [
        (40, 30, 32, True, 0.8, False),
        (40, 30, 28, True, 1.2, True),
        (48, 65, 70, False, 22 / 17, True),
        (10, 10, 9, True, None, True),
    ],
)
def test_measure_progress_reads_the_result_against_baseline_and_target(
    baseline, target, result, lower, share, met
):
    progress = analysis.measure_progress(baseline, target, result, lower_is_better=lower)
    assert progress.target_met is met
    if share is None:
        assert progress.share_of_target is None
    else:
        assert progress.share_of_target == pytest.approx(share, rel=1e-5)


def test_measure_progress_without_a_result_is_unknown():
    assert analysis.measure_progress(40, 30, None, lower_is_better=True).target_met is None


def test_duration_summary_gives_median_and_quartiles():
    summary = analysis.duration_summary([10, 20, 30, 40, 100])
    assert (summary.count, summary.median, summary.longest) == (5, 30, 100)
    assert (summary.lower_quartile, summary.upper_quartile) == (20, 40)
    assert analysis.duration_summary([]).median is None
