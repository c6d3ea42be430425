"""The pure statistics of a data pack: periods, the exact Poisson test, trends, places."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from scipy import stats

from asbhub.datapacks import analysis
from asbhub.datapacks.analysis import ALL_CRIME, ASB_CRIME_TYPE

D = dt.date
NEWPORT, TORFAEN = "W14000022", "W14000020"


def records(*rows: tuple) -> pd.DataFrame:
    """Street records from (month, crime_type, csp_code, lsoa, location, crime_id, n) rows."""
    out = []
    for month, crime_type, csp, lsoa, location, crime_id, n in rows:
        area = "in_force" if csp else "no_location"
        out += [
            {
                "month": month,
                "crime_type": crime_type,
                "csp_code": csp,
                "lsoa21_code": lsoa,
                "location": location,
                "area": area,
                "crime_id": crime_id,
            }
        ] * n
    return pd.DataFrame(out)


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month from first to last."""
    a, b = analysis.month_index(first), analysis.month_index(last)
    return [analysis.month_from_index(i) for i in range(a, b + 1)]


def two_sided_conditional_p(k: int, n: int) -> float:
    """The exact conditional test by hand: P(split at least as uneven) under Binomial(n, ½)."""
    probs = [math.comb(n, i) / 2**n for i in range(n + 1)]
    return min(1.0, sum(p for p in probs if p <= probs[k] * (1 + 1e-7)))


# Periods


def test_a_twelve_month_pack_compares_with_one_period_a_year_before() -> None:
    periods = analysis.pack_periods(D(2024, 12, 15), 12)
    assert (periods.current.first, periods.current.last) == (D(2024, 1, 1), D(2024, 12, 1))
    assert periods.previous == periods.year_before == analysis.Period(D(2023, 1, 1), D(2023, 12, 1))
    assert periods.same_comparison


def test_a_three_month_pack_has_a_previous_period_and_a_year_before() -> None:
    periods = analysis.pack_periods(D(2024, 2, 1), 3)
    assert periods.current == analysis.Period(D(2023, 12, 1), D(2024, 2, 1))
    assert periods.previous == analysis.Period(D(2023, 9, 1), D(2023, 11, 1))
    assert periods.year_before == analysis.Period(D(2022, 12, 1), D(2023, 2, 1))
    assert not periods.same_comparison
    assert periods.current.months == 3


@pytest.mark.parametrize("length", [0, 13, -1])
def test_a_pack_longer_than_a_year_or_empty_is_refused(length: int) -> None:
    with pytest.raises(ValueError):
        analysis.pack_periods(D(2024, 12, 1), length)


# The exact Poisson test


def test_the_exact_poisson_test_matches_the_conditional_binomial_by_hand() -> None:
    for current, before in [(30, 15), (386, 410), (0, 4), (7, 7), (120, 80)]:
        result = analysis.exact_poisson_test(current, before)
        expected = two_sided_conditional_p(current, current + before)
        assert result.p_value == pytest.approx(expected, rel=1e-6)


def test_the_exact_poisson_test_gives_the_published_example() -> None:
    assert analysis.exact_poisson_test(30, 15).p_value == pytest.approx(0.0357, abs=5e-5)


def test_the_rate_ratio_interval_contains_the_ratio_and_is_exact() -> None:
    result = analysis.exact_poisson_test(120, 80)
    assert result.rate_ratio == pytest.approx(1.5)
    assert result.ci_low < 1.5 < result.ci_high
    ci = stats.binomtest(120, 200).proportion_ci(method="exact")
    assert result.ci_low == pytest.approx(ci.low / (1 - ci.low))


def test_no_records_in_either_period_is_no_evidence_of_change() -> None:
    result = analysis.exact_poisson_test(0, 0)
    assert result.p_value == 1.0
    assert result.rate_ratio is None


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        analysis.exact_poisson_test(-1, 3)


def test_false_discovery_q_values_follow_benjamini_hochberg() -> None:
    p = [0.01, 0.04, 0.03, 0.5]
    # Sorted: 0.01, 0.03, 0.04, 0.5 → ×4/rank: 0.04, 0.06, 0.0533, 0.5 → monotone from the top.
    assert analysis.false_discovery_q(p) == pytest.approx([0.04, 0.0533333, 0.0533333, 0.5])
    assert analysis.false_discovery_q([]) == []


# Headline figures


def headline_frame() -> pd.DataFrame:
    return records(
        (D(2024, 12, 1), ASB_CRIME_TYPE, NEWPORT, "A", "On or near X", "", 60),
        (D(2024, 11, 1), "Burglary", NEWPORT, "A", "On or near X", "c1", 5),
        (D(2024, 9, 1), ASB_CRIME_TYPE, NEWPORT, "A", "On or near X", "", 20),
        (D(2024, 9, 1), "Burglary", NEWPORT, "B", "On or near Y", "c2", 6),
        (D(2024, 12, 1), ASB_CRIME_TYPE, TORFAEN, "T", "On or near Z", "", 99),
        (D(2024, 12, 1), ASB_CRIME_TYPE, "", "", "", "", 7),
    )


def test_headline_figures_count_the_partnership_and_test_each_change() -> None:
    periods = analysis.pack_periods(D(2024, 12, 1), 3)
    loaded = months(D(2024, 7, 1), D(2024, 12, 1))
    result = analysis.headline_figures(
        headline_frame(),
        periods,
        csp_code=NEWPORT,
        population=2000,
        loaded_months=loaded,
        crime_types=[ASB_CRIME_TYPE, "Burglary", "Robbery"],
    )
    asb = result.row(ASB_CRIME_TYPE)
    assert (asb.count, asb.previous.earlier) == (60, 20)
    assert asb.rate_per_1000 == pytest.approx(30.0)
    assert asb.previous.significant
    assert asb.previous.percent_change == pytest.approx(200.0)
    burglary = result.row("Burglary")
    assert (burglary.count, burglary.previous.earlier) == (5, 6)
    assert not burglary.previous.significant
    assert result.row("Robbery").count == 0
    assert result.row(ALL_CRIME).count == 5
    assert [r.crime_type for r in result.rows] == [ASB_CRIME_TYPE, ALL_CRIME, "Burglary", "Robbery"]
    assert result.records == 65
    # The year before (October to December 2023) is not loaded: no comparison is made.
    assert asb.year_before is None and result.year_before_records is None


def test_headline_figures_for_the_force_count_every_placed_record() -> None:
    periods = analysis.pack_periods(D(2024, 12, 1), 3)
    result = analysis.headline_figures(
        headline_frame(), periods, csp_code=None, population=None, loaded_months=[D(2024, 12, 1)]
    )
    assert result.row(ASB_CRIME_TYPE).count == 159  # 60 + 99; the 7 without location are left out
    assert result.row(ASB_CRIME_TYPE).rate_per_1000 is None


# Trends


def test_the_trend_baseline_is_the_mean_of_the_same_month_in_earlier_years() -> None:
    loaded = months(D(2022, 1, 1), D(2024, 12, 1))
    counts = {analysis.month_index(m): 100 + (m.month % 3) * 5 for m in loaded}
    counts[analysis.month_index(D(2022, 6, 1))] = 90
    counts[analysis.month_index(D(2023, 6, 1))] = 110
    series = pd.Series(counts).sort_index()
    trend = analysis.monthly_trend(series, analysis.Period(D(2024, 1, 1), D(2024, 12, 1)))
    june = next(p for p in trend.points if p.month == D(2024, 6, 1))
    assert june.baseline == pytest.approx(100.0)
    assert june.baseline_years == 2
    assert len(trend.points) == 24
    assert trend.points[-1].month == D(2024, 12, 1)
    assert [p.in_period for p in trend.points] == [False] * 12 + [True] * 12
    assert trend.dispersion >= 1.0


def test_a_month_far_above_its_baseline_is_flagged_and_the_first_year_is_not() -> None:
    loaded = months(D(2023, 1, 1), D(2024, 12, 1))
    values = {analysis.month_index(m): 200 + (7 if m.month % 2 else -7) for m in loaded}
    values[analysis.month_index(D(2024, 8, 1))] = 400
    values[analysis.month_index(D(2024, 3, 1))] = 90
    series = pd.Series(values).sort_index()
    trend = analysis.monthly_trend(series, analysis.Period(D(2024, 1, 1), D(2024, 12, 1)))
    flags = {p.month: p.flag for p in trend.unusual}
    assert flags == {D(2024, 8, 1): "high", D(2024, 3, 1): "low"}
    assert all(p.baseline is None and not p.flag for p in trend.points if p.month.year == 2023)


def test_monthly_series_fills_loaded_months_without_records_with_zero() -> None:
    frame = records((D(2024, 12, 1), ASB_CRIME_TYPE, NEWPORT, "A", "X", "", 3))
    series = analysis.monthly_series(
        frame, [D(2024, 11, 1), D(2024, 12, 1)], csp_code=NEWPORT, asb=True
    )
    assert series.tolist() == [0, 3]


# Places


def lsoa_table() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "code": "A",
                "name": "Newport 001A",
                "csp_code": NEWPORT,
                "population": 1500,
                "wimd_decile": 1,
            },
            {
                "code": "B",
                "name": "Newport 001B",
                "csp_code": NEWPORT,
                "population": 1000,
                "wimd_decile": 9,
            },
            {
                "code": "C",
                "name": "Newport 001C",
                "csp_code": NEWPORT,
                "population": None,
                "wimd_decile": None,
            },
            {
                "code": "T",
                "name": "Torfaen 001A",
                "csp_code": TORFAEN,
                "population": 900,
                "wimd_decile": 1,
            },
        ]
    )


def test_lsoa_figures_list_every_lsoa_most_asb_first_with_change_and_rates() -> None:
    periods = analysis.pack_periods(D(2024, 12, 1), 3)
    loaded = months(D(2024, 7, 1), D(2024, 12, 1))
    figures = analysis.lsoa_figures(
        headline_frame(), lsoa_table(), periods, csp_code=NEWPORT, loaded_months=loaded
    )
    assert [f.code for f in figures] == ["A", "B", "C"]
    a, b, c = figures
    assert (a.asb.current, a.asb.previous, a.asb.difference) == (60, 20, 40)
    assert a.asb_rate == pytest.approx(40.0)
    assert (b.crime.current, b.crime.previous, b.crime.percent_change) == (0, 6, -100.0)
    assert c.asb_rate is None and c.population is None


def test_top_locations_tell_apart_the_same_name_in_different_lsoas() -> None:
    frame = records(
        (D(2024, 12, 1), ASB_CRIME_TYPE, NEWPORT, "A", "On or near Parking Area", "", 4),
        (D(2024, 12, 1), ASB_CRIME_TYPE, NEWPORT, "B", "On or near Parking Area", "", 3),
        (D(2024, 9, 1), ASB_CRIME_TYPE, NEWPORT, "A", "On or near Parking Area", "", 1),
        (D(2024, 12, 1), ASB_CRIME_TYPE, NEWPORT, "B", "On or near Bridge Street", "", 3),
    )
    periods = analysis.pack_periods(D(2024, 12, 1), 3)
    top = analysis.top_locations(
        frame,
        periods,
        csp_code=NEWPORT,
        asb=True,
        loaded_months=months(D(2024, 7, 1), D(2024, 12, 1)),
        lsoa_names={"A": "Newport 001A"},
        limit=2,
    )
    assert [(t.location, t.lsoa21_code, t.change.current, t.change.previous) for t in top] == [
        ("On or near Parking Area", "A", 4, 1),
        ("On or near Bridge Street", "B", 3, 0),
    ]
    assert top[0].lsoa_name == "Newport 001A"


# Outcomes


def test_outcomes_take_each_crimes_latest_outcome_and_state_the_join_rate() -> None:
    frame = records(
        (D(2024, 12, 1), "Burglary", NEWPORT, "A", "X", "c1", 2),  # listed twice: one crime
        (D(2024, 12, 1), "Burglary", NEWPORT, "A", "X", "c2", 1),
        (D(2024, 11, 1), "Robbery", NEWPORT, "A", "X", "c3", 1),
        (D(2024, 11, 1), ASB_CRIME_TYPE, NEWPORT, "A", "X", "", 5),
        (D(2024, 12, 1), "Robbery", TORFAEN, "T", "X", "c9", 1),
    )
    outcomes = pd.DataFrame(
        [
            ("c1", D(2024, 12, 1), "Unable to prosecute suspect"),
            ("c1", D(2025, 1, 1), "Suspect charged"),
            ("c3", D(2024, 12, 1), "Local resolution"),
            ("c3", D(2024, 12, 1), "Offender given a caution"),
            ("c9", D(2024, 12, 1), "Suspect charged"),
        ],
        columns=["crime_id", "month", "outcome_type"],
    )
    profile = analysis.outcomes_profile(
        frame, outcomes, analysis.Period(D(2024, 10, 1), D(2024, 12, 1)), csp_code=NEWPORT
    )
    assert (profile.crime_records, profile.crimes, profile.matched) == (4, 3, 2)
    assert profile.join_rate == pytest.approx(2 / 3)
    assert {(s.outcome_type, s.crimes) for s in profile.shares} == {
        ("Suspect charged", 1),
        ("Offender given a caution", 1),
        ("", 1),
    }
    assert profile.shares[-1].outcome_type == ""
    assert profile.last_outcome_month == D(2025, 1, 1)


# Comparison and deprivation


def test_compare_areas_adds_a_force_row_that_sums_the_partnerships() -> None:
    periods = analysis.pack_periods(D(2024, 12, 1), 3)
    areas = analysis.compare_areas(
        headline_frame(),
        periods,
        populations={NEWPORT: 2500, TORFAEN: 900},
        loaded_months=months(D(2024, 7, 1), D(2024, 12, 1)),
    )
    assert [a.code for a in areas] == [NEWPORT, TORFAEN, ""]
    newport, torfaen, force = areas
    assert (newport.asb_count, torfaen.asb_count, force.asb_count) == (60, 99, 159)
    assert force.population == 3400
    assert force.asb_rate == pytest.approx(159 * 1000 / 3400)
    assert force.asb.earlier == 20 and force.asb.significant


def test_deprivation_profile_groups_records_by_the_lsoas_decile() -> None:
    profile = analysis.deprivation_profile(
        headline_frame(),
        lsoa_table(),
        analysis.Period(D(2024, 10, 1), D(2024, 12, 1)),
        csp_code=None,
    )
    by_decile = {d.decile: d for d in profile}
    assert set(by_decile) == {1, 9}
    assert (by_decile[1].lsoas, by_decile[1].population, by_decile[1].asb) == (2, 2400, 159)
    assert (by_decile[9].asb, by_decile[9].crime) == (0, 0)
    assert by_decile[1].asb_rate == pytest.approx(159 * 1000 / 2400)


# The force's own incidents


def test_incident_profile_counts_categories_repeat_locations_and_exact_repeat_victims() -> None:
    incidents = pd.DataFrame(
        [
            (1, "personal", "neighbour_dispute", "14 Heol Pant"),
            (2, "personal", "neighbour_dispute", "14 heol pant."),
            (3, "nuisance", "", "14 Heol Pant"),
            (4, "nuisance", "nuisance_noise", "2 Frost Road"),
        ],
        columns=["id", "category", "subtype", "location"],
    )
    victims = pd.DataFrame(
        [
            (1, "Sian", "Prosser", D(1961, 3, 14)),
            (2, "sian", "PROSSER", D(1961, 3, 14)),
            (3, "Siân", "Prosser", D(1961, 3, 14)),  # spelt differently: not matched
            (4, "", "", None),
        ],
        columns=["incident_id", "given_name", "family_name", "date_of_birth"],
    )
    profile = analysis.incident_profile(
        incidents, victims, categories=["personal", "nuisance", "environmental"]
    )
    assert [(c.category, c.incidents) for c in profile.categories] == [
        ("personal", 2),
        ("nuisance", 2),
        ("environmental", 0),
    ]
    assert profile.subtypes[0].subtype == "neighbour_dispute"
    assert (profile.repeat_locations, profile.incidents_at_repeat_locations) == (1, 3)
    assert (profile.victims, profile.repeat_victims, profile.victims_three_or_more) == (2, 1, 0)
    assert profile.unnamed_victims == 1
