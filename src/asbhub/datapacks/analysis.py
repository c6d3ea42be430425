"""The statistics of a community safety partnership data pack, as plain functions.

Pure: pandas frames and plain values in, frozen dataclasses out; no ORM, no settings, no
translation. An analyst can rebuild any figure of a pack in a notebook from police.uk CSV
files read into frames with the columns below.

Street records (one row per published police.uk street-level row):
    month (date, first of month), crime_type, csp_code ("" when not placed in a
    partnership), lsoa21_code, location ("On or near …"), area ("in_force",
    "outside_force", "no_location"), crime_id ("" for ASB).
Outcome records: crime_id, month (the month the outcome was recorded), outcome_type.
LSOAs: code, name, csp_code, population, wimd_decile.

Every count is of rows as police.uk publishes them: a crime listed twice in one month (it
happens, see the caveats) counts twice, as it does on police.uk's own maps.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

ASB_CRIME_TYPE = "Anti-social behaviour"
"""The one category police.uk publishes for anti-social behaviour."""

ALPHA = 0.05
"""The false discovery rate at which a change is called more than chance."""

UNUSUAL_Z = 2.58
"""How many (overdispersed) standard deviations from its baseline make a month unusual."""

BASELINE_YEARS = 3
"""How many earlier years of the same calendar month the seasonal baseline averages."""

CHI2_1_MEDIAN = float(stats.chi2.ppf(0.5, 1))
"""The median of a chi-squared variable with one degree of freedom (about 0.455)."""

IN_FORCE = "in_force"


# ---------------------------------------------------------------------------------------
# Months and periods


def month_index(value: dt.date) -> int:
    """A month as a whole number (year × 12 + month − 1), so months can be subtracted."""
    return value.year * 12 + value.month - 1


def month_from_index(index: int) -> dt.date:
    """The first day of the month numbered by `month_index`."""
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """A run of whole months, from `first` to `last` inclusive."""

    first: dt.date
    last: dt.date

    @property
    def months(self) -> int:
        """How many months the period covers."""
        return month_index(self.last) - month_index(self.first) + 1

    @property
    def indexes(self) -> range:
        """The month indexes of the period, oldest first."""
        return range(month_index(self.first), month_index(self.last) + 1)

    def shifted(self, months: int) -> Period:
        """The period moved back by a number of months."""
        return Period(
            month_from_index(month_index(self.first) - months),
            month_from_index(month_index(self.last) - months),
        )

    def within(self, loaded: Sequence[dt.date]) -> bool:
        """Whether every month of the period has been loaded."""
        have = {month_index(m) for m in loaded}
        return all(i in have for i in self.indexes)


@dataclass(frozen=True)
class Periods:
    """The pack's period and the two it is compared with.

    `previous` is the same number of months just before; `year_before` is the same months
    a year earlier. For a 12-month pack they are the same period, and `same_comparison`
    says so, so the pack shows one comparison rather than two identical ones.
    """

    current: Period
    previous: Period
    year_before: Period

    @property
    def same_comparison(self) -> bool:
        """Whether the previous period and the year before are the same months."""
        return self.previous == self.year_before


def pack_periods(period_end: dt.date, months: int) -> Periods:
    """The current, previous and year-before periods of a pack ending with `period_end`.

    Parameters
    ----------
    period_end : date
        Any day in the last month of the pack.
    months : int
        How many months the pack covers, 1 to 12.

    Returns
    -------
    Periods

    Raises
    ------
    ValueError
        When `months` is outside 1 to 12 (a longer pack would overlap its own year-before
        comparison).

    Examples
    --------
    >>> p = pack_periods(dt.date(2024, 12, 1), 3)
    >>> p.current.first, p.previous.first, p.year_before.first
    (datetime.date(2024, 10, 1), datetime.date(2024, 7, 1), datetime.date(2023, 10, 1))
    """
    if not 1 <= months <= 12:
        raise ValueError("A pack covers 1 to 12 months.")
    last = period_end.replace(day=1)
    current = Period(month_from_index(month_index(last) - months + 1), last)
    return Periods(current, current.shifted(months), current.shifted(12))


def prepare_records(street: pd.DataFrame) -> pd.DataFrame:
    """Add the month index and an ASB flag to street records (once; other functions reuse them).

    Returns a new frame with two more columns: `month_index` (int) and `is_asb` (bool).
    """
    if "month_index" in street.columns and "is_asb" in street.columns:
        return street
    frame = street.copy()
    months = pd.to_datetime(frame["month"])
    frame["month_index"] = (months.dt.year * 12 + months.dt.month - 1).astype("int64")
    frame["is_asb"] = frame["crime_type"] == ASB_CRIME_TYPE
    return frame


def _in_period(frame: pd.DataFrame, period: Period) -> pd.Series:
    """A mask of the records that fall in the period."""
    first, last = month_index(period.first), month_index(period.last)
    return frame["month_index"].between(first, last)


# ---------------------------------------------------------------------------------------
# The exact Poisson test


@dataclass(frozen=True)
class PoissonTest:
    """The exact conditional test of two Poisson counts over equal exposures.

    Attributes
    ----------
    current, comparison : int
        The two counts.
    rate_ratio : float or None
        current / comparison; None when the comparison count is zero.
    ci_low, ci_high : float or None
        The exact 95% confidence interval of the rate ratio (None when undefined).
    p_value : float
        Two-sided p-value of the null hypothesis that both periods share one rate.
    """

    current: int
    comparison: int
    rate_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float


def exact_poisson_test(current: int, comparison: int) -> PoissonTest:
    """Test whether two counts over equally long periods differ by more than chance.

    Parameters
    ----------
    current, comparison : int
        Counts in two periods of the same length (for example two runs of 12 months).

    Returns
    -------
    PoissonTest

    Notes
    -----
    If the counts are independent Poisson variables with rates λ₁ and λ₂, then given their
    sum n the current count is binomial with n trials and probability λ₁ / (λ₁ + λ₂). The
    null hypothesis λ₁ = λ₂ (the rate did not change) makes that probability ½, so the
    two-sided exact binomial test of the current count against ½ is an exact test of the
    ratio of two Poisson rates (the conditional test; Przyborowski and Wilenski, 1940).
    The Clopper–Pearson interval for the binomial proportion p gives an exact interval for
    the rate ratio as p / (1 − p).

    The test assumes the only variation is Poisson chance around a steady rate. Real
    counts vary more than that (seasons, local events, changes in recording), so a
    significant result on a small change should be read with care.

    References
    ----------
    Przyborowski, J. and Wilenski, H. (1940). Homogeneity of results in testing samples
    from Poisson series. Biometrika 31, 313–323.

    Examples
    --------
    >>> round(exact_poisson_test(30, 15).p_value, 4)
    0.0357
    """
    if current < 0 or comparison < 0:
        raise ValueError("Counts cannot be negative.")
    n = current + comparison
    if n == 0:
        return PoissonTest(current, comparison, None, None, None, 1.0)
    result = stats.binomtest(current, n, 0.5, alternative="two-sided")
    interval = result.proportion_ci(confidence_level=0.95, method="exact")
    ratio = current / comparison if comparison else None
    low = interval.low / (1 - interval.low) if interval.low < 1 else None
    high = interval.high / (1 - interval.high) if interval.high < 1 else None
    return PoissonTest(current, comparison, ratio, low, high, float(min(1.0, result.pvalue)))


def false_discovery_q(p_values: Sequence[float]) -> list[float]:
    """Benjamini–Hochberg adjusted p-values (q-values), in the order given.

    Notes
    -----
    A pack tests about fifteen crime types at once; at a 5% level about one in twenty
    steady series would look changed by chance alone. Controlling the false discovery rate
    (Benjamini and Hochberg, 1995) keeps the expected share of false "more than chance"
    calls among those made at `ALPHA`.
    """
    if not p_values:
        return []
    return [float(q) for q in stats.false_discovery_control(list(p_values), method="bh")]


# ---------------------------------------------------------------------------------------
# Headline figures


@dataclass(frozen=True)
class Comparison:
    """One count set against the same count in an earlier period of equal length."""

    count: int
    earlier: int
    test: PoissonTest
    q_value: float
    alpha: float = ALPHA

    @property
    def difference(self) -> int:
        """The change in records, current minus earlier."""
        return self.count - self.earlier

    @property
    def percent_change(self) -> float | None:
        """The change as a percentage of the earlier count; None when that was zero."""
        if not self.earlier:
            return None
        return 100 * (self.count - self.earlier) / self.earlier

    @property
    def significant(self) -> bool:
        """Whether the change is more than chance, at the false discovery rate `alpha`."""
        return self.q_value < self.alpha


@dataclass(frozen=True)
class HeadlineRow:
    """One crime type (or ASB, or all crime) in the pack's period."""

    crime_type: str
    count: int
    rate_per_1000: float | None
    previous: Comparison | None
    year_before: Comparison | None


@dataclass(frozen=True)
class Headlines:
    """The headline table and the sample behind it."""

    rows: tuple[HeadlineRow, ...]
    population: int | None
    records: int
    previous_records: int | None
    year_before_records: int | None

    def row(self, crime_type: str) -> HeadlineRow:
        """The row for one crime type."""
        return next(row for row in self.rows if row.crime_type == crime_type)


ALL_CRIME = "All crime"
"""The headline row that sums every crime type except anti-social behaviour."""


def rate_per_1000(count: int, population: int | None) -> float | None:
    """Records per 1,000 residents; None when the population is unknown or zero."""
    if not population:
        return None
    return count * 1000 / population


def headline_figures(
    street: pd.DataFrame,
    periods: Periods,
    *,
    csp_code: str | None,
    population: int | None,
    loaded_months: Sequence[dt.date],
    crime_types: Sequence[str] = (),
) -> Headlines:
    """Count ASB and each crime type in the pack's period and test the change.

    Parameters
    ----------
    street : DataFrame
        Street records (see the module docstring), as returned by `prepare_records` or raw.
    periods : Periods
        The pack's period and its comparisons (`pack_periods`).
    csp_code : str or None
        The partnership's ONS code; None counts every record placed in the force area.
    population : int or None
        Residents of the area, for the rates.
    loaded_months : sequence of date
        The months loaded for the whole force. A comparison whose months are not all
        loaded is left out (None) rather than compared with a partial count.
    crime_types : sequence of str
        The rows to show, in order (ASB first, then the crime types). Types found in the
        data but not listed are added after them, alphabetically. "All crime" (every type
        but ASB) follows ASB.

    Returns
    -------
    Headlines

    Notes
    -----
    Counts are records placed in the area's 2021 LSOAs (police.uk rows, as published).
    Each change is tested with `exact_poisson_test`; the p-values of one comparison column
    are adjusted together with `false_discovery_q`, and a change is called more than chance
    when its q-value is below `ALPHA`. Rates are per 1,000 residents over the whole period
    (not per year).
    """
    frame = _area_records(prepare_records(street), csp_code)
    observed = sorted(set(frame["crime_type"].unique()) - set(crime_types) - {ASB_CRIME_TYPE})
    order = [t for t in crime_types if t != ASB_CRIME_TYPE] + observed

    def counts(period: Period) -> dict[str, int]:
        in_period = frame[_in_period(frame, period)]
        by_type = in_period["crime_type"].value_counts()
        result = {t: int(by_type.get(t, 0)) for t in [ASB_CRIME_TYPE, *order]}
        result[ALL_CRIME] = int(sum(result[t] for t in order))
        return result

    names = [ASB_CRIME_TYPE, ALL_CRIME, *order]
    now = counts(periods.current)
    earlier = {}
    for key, period in (("previous", periods.previous), ("year_before", periods.year_before)):
        earlier[key] = counts(period) if period.within(loaded_months) else None

    comparisons: dict[str, dict[str, Comparison]] = {}
    for key, then in earlier.items():
        if then is None:
            continue
        tests = {name: exact_poisson_test(now[name], then[name]) for name in names}
        qs = false_discovery_q([tests[name].p_value for name in names])
        comparisons[key] = {
            name: Comparison(now[name], then[name], tests[name], q)
            for name, q in zip(names, qs, strict=True)
        }
    rows = tuple(
        HeadlineRow(
            crime_type=name,
            count=now[name],
            rate_per_1000=rate_per_1000(now[name], population),
            previous=comparisons.get("previous", {}).get(name),
            year_before=comparisons.get("year_before", {}).get(name),
        )
        for name in names
    )
    total = now[ASB_CRIME_TYPE] + now[ALL_CRIME]

    def total_of(key: str) -> int | None:
        then = earlier[key]
        return None if then is None else then[ASB_CRIME_TYPE] + then[ALL_CRIME]

    return Headlines(rows, population, total, total_of("previous"), total_of("year_before"))


def _area_records(frame: pd.DataFrame, csp_code: str | None) -> pd.DataFrame:
    """The records placed in one partnership, or anywhere in the force area when None."""
    if csp_code is None:
        return frame[frame["area"] == IN_FORCE]
    return frame[frame["csp_code"] == csp_code]


# ---------------------------------------------------------------------------------------
# Monthly trends


@dataclass(frozen=True)
class TrendPoint:
    """One month of a trend: its count, seasonal baseline and whether it was unusual."""

    month: dt.date
    count: int
    baseline: float | None
    baseline_years: int
    z: float | None
    flag: str  # "high", "low" or ""
    in_period: bool


@dataclass(frozen=True)
class Trend:
    """A monthly series against its seasonal baseline, with unusual months flagged.

    Attributes
    ----------
    points : tuple of TrendPoint
        The months shown, oldest first.
    dispersion : float
        How many times more the months vary than Poisson chance alone (at least 1).
    dispersion_months : int
        How many months with a baseline the dispersion was estimated from.
    threshold : float
        The |z| beyond which a month is flagged.
    """

    points: tuple[TrendPoint, ...]
    dispersion: float
    dispersion_months: int
    threshold: float = UNUSUAL_Z

    @property
    def unusual(self) -> tuple[TrendPoint, ...]:
        """The flagged months."""
        return tuple(p for p in self.points if p.flag)

    @property
    def has_baseline(self) -> bool:
        """Whether any month shown has a baseline."""
        return any(p.baseline is not None for p in self.points)


def monthly_series(
    street: pd.DataFrame, loaded_months: Sequence[dt.date], *, csp_code: str | None, asb: bool
) -> pd.Series:
    """Records per loaded month for an area: ASB (asb=True) or all crime but ASB.

    Returns a Series indexed by month index, with every loaded month present (zero when the
    area had none).
    """
    frame = _area_records(prepare_records(street), csp_code)
    frame = frame[frame["is_asb"] == asb]
    counts = frame.groupby("month_index").size()
    index = sorted({month_index(m) for m in loaded_months})
    return counts.reindex(index, fill_value=0).astype("int64")


def monthly_trend(
    series: pd.Series,
    period: Period,
    *,
    show_months: int = 24,
    baseline_years: int = BASELINE_YEARS,
    threshold: float = UNUSUAL_Z,
) -> Trend:
    """Set each month against the mean of the same month in earlier years; flag outliers.

    Parameters
    ----------
    series : Series
        Counts per month, indexed by month index (`monthly_series`), every loaded month.
    period : Period
        The pack's period: its months are marked, and the chart ends with its last month.
    show_months : int
        How many months the trend shows, ending with the period's last month (fewer when
        fewer are loaded).
    baseline_years : int
        How many earlier years of the same calendar month to average, when loaded.
    threshold : float
        The |z| beyond which a month is flagged (2.58: about 1 month in 100 by chance).

    Returns
    -------
    Trend

    Notes
    -----
    The seasonal baseline of a month is the mean count of the same calendar month in up to
    `baseline_years` earlier years that are loaded; a month with no earlier year loaded has
    no baseline and is never flagged.

    Counts of crime vary more than Poisson chance: the dispersion φ is estimated robustly
    from every month up to the period's end that has a baseline, as the median of
    (count − baseline)² / baseline divided by the median of a χ²₁ variable (about 0.455),
    and never below 1. A month's z = (count − baseline) / √(φ × baseline), and it is
    flagged "high" or "low" when |z| exceeds `threshold`. With few earlier years the
    baseline itself is uncertain, so a flag says where to look, not that something changed.
    """
    end = month_index(period.last)
    history = series[series.index <= end]
    baselines: dict[int, tuple[float, int]] = {}
    for index in history.index:
        earlier = [index - 12 * k for k in range(1, baseline_years + 1)]
        values = [int(history[i]) for i in earlier if i in history.index]
        if values:
            baselines[int(index)] = (float(np.mean(values)), len(values))
    residuals = [(int(history[i]) - b) ** 2 / b for i, (b, _n) in baselines.items() if b > 0]
    if len(residuals) >= 3:
        dispersion = max(1.0, float(np.median(residuals)) / CHI2_1_MEDIAN)
    else:
        dispersion = 1.0
    shown = [int(i) for i in history.index if i > end - show_months]
    first, last = month_index(period.first), end
    points = []
    for index in shown:
        count = int(history[index])
        baseline, years = baselines.get(index, (None, 0))
        z = None
        flag = ""
        if baseline is not None and baseline > 0:
            z = (count - baseline) / math.sqrt(dispersion * baseline)
            if z > threshold:
                flag = "high"
            elif z < -threshold:
                flag = "low"
        points.append(
            TrendPoint(
                month=month_from_index(index),
                count=count,
                baseline=baseline,
                baseline_years=years,
                z=z,
                flag=flag,
                in_period=first <= index <= last,
            )
        )
    return Trend(tuple(points), dispersion, len(residuals), threshold)


# ---------------------------------------------------------------------------------------
# Places: LSOAs and "On or near" locations


@dataclass(frozen=True)
class Change:
    """A count in the pack's period and in the previous period, when that is loaded."""

    current: int
    previous: int | None

    @property
    def difference(self) -> int | None:
        """Current minus previous; None when the previous period is not loaded."""
        return None if self.previous is None else self.current - self.previous

    @property
    def percent_change(self) -> float | None:
        """The change as a percentage of the previous count; None when that is 0 or unknown."""
        if not self.previous:
            return None
        return 100 * (self.current - self.previous) / self.previous


@dataclass(frozen=True)
class LsoaFigures:
    """One LSOA's ASB and crime in the period, with their rates and change."""

    code: str
    name: str
    population: int | None
    wimd_decile: int | None
    asb: Change
    crime: Change

    @property
    def asb_rate(self) -> float | None:
        """ASB records per 1,000 residents over the period."""
        return rate_per_1000(self.asb.current, self.population)

    @property
    def crime_rate(self) -> float | None:
        """Crime records (ASB excluded) per 1,000 residents over the period."""
        return rate_per_1000(self.crime.current, self.population)


def lsoa_figures(
    street: pd.DataFrame,
    lsoas: pd.DataFrame,
    periods: Periods,
    *,
    csp_code: str,
    loaded_months: Sequence[dt.date],
) -> list[LsoaFigures]:
    """Every LSOA of a partnership with its ASB and crime, most ASB first.

    Parameters
    ----------
    street : DataFrame
        Street records.
    lsoas : DataFrame
        LSOAs with columns code, name, csp_code, population, wimd_decile.
    periods : Periods
    csp_code : str
        The partnership.
    loaded_months : sequence of date
        Months loaded; the previous counts are None when the previous period is not.

    Returns
    -------
    list of LsoaFigures
        One per LSOA of the partnership, including those with no records, sorted by ASB
        count (most first), then crime count, then code.

    Notes
    -----
    Records are placed by their 2021 LSOA (rows published with 2011 codes were moved to
    2021 LSOAs at import). Rates are per 1,000 residents over the period.
    """
    frame = prepare_records(street)
    frame = frame[frame["csp_code"] == csp_code]
    have_previous = periods.previous.within(loaded_months)

    def grouped(period: Period) -> pd.DataFrame:
        part = frame[_in_period(frame, period)]
        return part.groupby(["lsoa21_code", "is_asb"]).size().unstack(fill_value=0)

    now = grouped(periods.current)
    before = grouped(periods.previous) if have_previous else None

    def get(table: pd.DataFrame | None, code: str, asb: bool) -> int:
        if table is None or code not in table.index or asb not in table.columns:
            return 0
        return int(table.at[code, asb])

    figures = []
    for row in lsoas[lsoas["csp_code"] == csp_code].itertuples(index=False):
        figures.append(
            LsoaFigures(
                code=row.code,
                name=row.name,
                population=_maybe_int(row.population),
                wimd_decile=_maybe_int(row.wimd_decile),
                asb=Change(
                    get(now, row.code, True), get(before, row.code, True) if have_previous else None
                ),
                crime=Change(
                    get(now, row.code, False),
                    get(before, row.code, False) if have_previous else None,
                ),
            )
        )
    figures.sort(key=lambda f: (-f.asb.current, -f.crime.current, f.code))
    return figures


def _maybe_int(value: object) -> int | None:
    """An int, or None for a missing value (None or NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return int(value)  # type: ignore[call-overload]


@dataclass(frozen=True)
class LocationFigures:
    """A police.uk snap point's name in one LSOA, with its count and change."""

    location: str
    lsoa21_code: str
    lsoa_name: str
    change: Change


def top_locations(
    street: pd.DataFrame,
    periods: Periods,
    *,
    csp_code: str,
    asb: bool,
    loaded_months: Sequence[dt.date],
    lsoa_names: Mapping[str, str] | None = None,
    limit: int = 10,
) -> list[LocationFigures]:
    """The "On or near" locations with the most records in the period, and their change.

    Parameters
    ----------
    street : DataFrame
    periods : Periods
    csp_code : str
    asb : bool
        True ranks ASB records, False crime records (ASB excluded).
    loaded_months : sequence of date
    lsoa_names : mapping, optional
        LSOA names by code, to tell apart locations with the same name.
    limit : int
        How many locations to return.

    Notes
    -----
    police.uk moves every record to the nearest of a fixed set of anonymous snap points and
    names it "On or near" a street or place. Many places share a name ("On or near Parking
    Area"), so a location here is its name within one 2021 LSOA. Ties are broken by name.
    """
    frame = prepare_records(street)
    frame = frame[(frame["csp_code"] == csp_code) & (frame["is_asb"] == asb)]
    frame = frame[frame["location"] != ""]
    keys = ["location", "lsoa21_code"]
    now = frame[_in_period(frame, periods.current)].groupby(keys).size()
    have_previous = periods.previous.within(loaded_months)
    before = frame[_in_period(frame, periods.previous)].groupby(keys).size()
    ranked = sorted(now.items(), key=lambda item: (-int(item[1]), item[0][0], item[0][1]))
    names = lsoa_names or {}
    return [
        LocationFigures(
            location=location,
            lsoa21_code=code,
            lsoa_name=names.get(code, ""),
            change=Change(
                int(count), int(before.get((location, code), 0)) if have_previous else None
            ),
        )
        for (location, code), count in ranked[:limit]
    ]


# ---------------------------------------------------------------------------------------
# Outcomes


@dataclass(frozen=True)
class OutcomeShare:
    """How many of the period's crimes have this as their latest outcome."""

    outcome_type: str  # "" for crimes with no outcome recorded yet
    crimes: int
    share: float


@dataclass(frozen=True)
class OutcomesProfile:
    """The latest outcome of each crime of the period, and how many could be matched.

    Attributes
    ----------
    crime_records : int
        Crime records (ASB excluded) placed in the area in the period.
    crimes : int
        Distinct Crime IDs among them (the unit of this profile).
    matched : int
        Of those, how many appear in an outcomes file.
    shares : tuple of OutcomeShare
        The latest outcome of each crime, most common first, then "" (no outcome yet).
    last_outcome_month : date or None
        The latest outcomes month loaded.
    """

    crime_records: int
    crimes: int
    matched: int
    shares: tuple[OutcomeShare, ...]
    last_outcome_month: dt.date | None

    @property
    def join_rate(self) -> float | None:
        """The share of the period's crimes found in an outcomes file (0 to 1)."""
        return self.matched / self.crimes if self.crimes else None


def outcomes_profile(
    street: pd.DataFrame, outcomes: pd.DataFrame, period: Period, *, csp_code: str | None
) -> OutcomesProfile:
    """The outcomes profile of an area's crimes in the period, joined by Crime ID.

    Parameters
    ----------
    street : DataFrame
        Street records.
    outcomes : DataFrame
        Outcome records with crime_id, month, outcome_type, in the order they were published
        (by month, then line).
    period : Period
    csp_code : str or None
        The partnership; None for every crime placed in the force area.

    Returns
    -------
    OutcomesProfile

    Notes
    -----
    A crime's latest outcome is its outcome record with the latest month (the last one
    published in that month when there are several). ASB records carry no Crime ID and have
    no outcomes. A crime listed twice in a month counts once here. Outcomes take months to
    be recorded, so the most recent crimes are the most likely to have none yet.
    """
    frame = _area_records(prepare_records(street), csp_code)
    frame = frame[_in_period(frame, period) & ~frame["is_asb"]]
    ids = frame.loc[frame["crime_id"] != "", "crime_id"].drop_duplicates()
    found = outcomes[outcomes["crime_id"].isin(ids)]
    months = pd.to_datetime(found["month"])
    latest = (
        found.assign(_month=months, _order=np.arange(len(found)))
        .sort_values(["_month", "_order"], kind="stable")
        .drop_duplicates("crime_id", keep="last")
    )
    counts = latest["outcome_type"].value_counts()
    crimes = len(ids)
    matched = len(latest)
    ranked = sorted(counts.items(), key=lambda item: (-int(item[1]), item[0]))
    shares = [OutcomeShare(str(t), int(n), int(n) / crimes) for t, n in ranked]
    if crimes > matched:
        shares.append(OutcomeShare("", crimes - matched, (crimes - matched) / crimes))
    last_month = pd.to_datetime(outcomes["month"]).max() if len(outcomes) else None
    return OutcomesProfile(
        crime_records=len(frame),
        crimes=crimes,
        matched=matched,
        shares=tuple(shares),
        last_outcome_month=last_month.date() if last_month is not None else None,
    )


# ---------------------------------------------------------------------------------------
# Comparison with the other partnerships and the force


@dataclass(frozen=True)
class AreaFigures:
    """One partnership (or the force, code "") in the period, against the previous period."""

    code: str
    population: int | None
    asb: Comparison | None
    crime: Comparison | None
    asb_count: int
    crime_count: int

    @property
    def asb_rate(self) -> float | None:
        """ASB records per 1,000 residents over the period."""
        return rate_per_1000(self.asb_count, self.population)

    @property
    def crime_rate(self) -> float | None:
        """Crime records (ASB excluded) per 1,000 residents over the period."""
        return rate_per_1000(self.crime_count, self.population)


def compare_areas(
    street: pd.DataFrame,
    periods: Periods,
    *,
    populations: Mapping[str, int | None],
    loaded_months: Sequence[dt.date],
) -> list[AreaFigures]:
    """Each partnership and the force as a whole, with rates and change on the previous period.

    Parameters
    ----------
    street : DataFrame
    periods : Periods
    populations : mapping
        Residents by partnership code, in the order the rows should come (the force row,
        code "", comes last with the sum).
    loaded_months : sequence of date

    Notes
    -----
    The force row counts every record placed in the five partnerships' LSOAs; records with
    no location or placed outside the force area are not in any row. Changes are tested
    with `exact_poisson_test` and adjusted for the number of areas with
    `false_discovery_q`, separately for ASB and crime.
    """
    frame = prepare_records(street)
    frame = frame[frame["area"] == IN_FORCE]
    have_previous = periods.previous.within(loaded_months)

    def counts(period: Period) -> pd.DataFrame:
        part = frame[_in_period(frame, period)]
        return part.groupby(["csp_code", "is_asb"]).size().unstack(fill_value=0)

    now = counts(periods.current)
    before = counts(periods.previous) if have_previous else None
    codes = list(populations)

    def get(table: pd.DataFrame | None, code: str, asb: bool) -> int:
        if table is None or asb not in table.columns:
            return 0
        if code == "":
            return int(table[asb].sum())
        return int(table.at[code, asb]) if code in table.index else 0

    total_population = sum(p for p in populations.values() if p) or None
    areas = [*codes, ""]
    tests: dict[bool, list[Comparison | None]] = {}
    for asb in (True, False):
        if before is None:
            tests[asb] = [None] * len(areas)
            continue
        raw = [exact_poisson_test(get(now, c, asb), get(before, c, asb)) for c in areas]
        qs = false_discovery_q([t.p_value for t in raw])
        tests[asb] = [
            Comparison(t.current, t.comparison, t, q) for t, q in zip(raw, qs, strict=True)
        ]
    return [
        AreaFigures(
            code=code,
            population=populations.get(code) if code else total_population,
            asb=tests[True][i],
            crime=tests[False][i],
            asb_count=get(now, code, True),
            crime_count=get(now, code, False),
        )
        for i, code in enumerate(areas)
    ]


# ---------------------------------------------------------------------------------------
# Deprivation


@dataclass(frozen=True)
class DecileFigures:
    """ASB and crime in the LSOAs of one Welsh Index of Multiple Deprivation decile."""

    decile: int
    lsoas: int
    population: int
    asb: int
    crime: int

    @property
    def asb_rate(self) -> float | None:
        """ASB records per 1,000 residents of the decile's LSOAs over the period."""
        return rate_per_1000(self.asb, self.population)

    @property
    def crime_rate(self) -> float | None:
        """Crime records (ASB excluded) per 1,000 residents over the period."""
        return rate_per_1000(self.crime, self.population)


def deprivation_profile(
    street: pd.DataFrame, lsoas: pd.DataFrame, period: Period, *, csp_code: str | None
) -> list[DecileFigures]:
    """ASB and crime by WIMD decile of the LSOA they were placed in (1 = most deprived).

    Parameters
    ----------
    street : DataFrame
    lsoas : DataFrame
        LSOAs with code, csp_code, population, wimd_decile.
    period : Period
    csp_code : str or None
        The partnership; None for the force area.

    Returns
    -------
    list of DecileFigures
        Deciles 1 to 10 that have at least one LSOA in the area.

    Notes
    -----
    Each 2021 LSOA carries the WIMD decile of the 2011 LSOA it comes from (shipped
    geography). Deciles rank all of Wales, so an area need not have LSOAs in every decile.
    Rates per 1,000 residents make deciles of different sizes comparable; LSOAs without a
    decile or population are left out.
    """
    areas = lsoas if csp_code is None else lsoas[lsoas["csp_code"] == csp_code]
    areas = areas.dropna(subset=["wimd_decile", "population"])
    decile_of = dict(zip(areas["code"], areas["wimd_decile"].astype(int), strict=True))
    frame = _area_records(prepare_records(street), csp_code)
    frame = frame[_in_period(frame, period)]
    frame = frame.assign(decile=frame["lsoa21_code"].map(decile_of)).dropna(subset=["decile"])
    counts = frame.groupby(["decile", "is_asb"]).size().unstack(fill_value=0)
    result = []
    for decile, group in areas.groupby(areas["wimd_decile"].astype(int)):
        d = int(decile)

        def get(asb: bool, d: int = d) -> int:
            if d not in counts.index or asb not in counts.columns:
                return 0
            return int(counts.at[d, asb])

        result.append(
            DecileFigures(d, len(group), int(group["population"].sum()), get(True), get(False))
        )
    return result


# ---------------------------------------------------------------------------------------
# The force's own incidents (ASB categories, repeat locations and victims)


@dataclass(frozen=True)
class CategoryShare:
    """Incidents in one ASB category (and subtype, when given)."""

    category: str
    subtype: str
    incidents: int
    share: float


@dataclass(frozen=True)
class IncidentProfile:
    """What the force's own ASB incidents in the period show, as counts only.

    Attributes
    ----------
    incidents : int
        Incidents reported in the period in the area.
    categories : tuple of CategoryShare
        By National Standard for Incident Recording category (subtype "").
    subtypes : tuple of CategoryShare
        By the force's local subtype, most first.
    repeat_locations : int
        Locations with at least `repeat_threshold` incidents.
    incidents_at_repeat_locations : int
    victims : int
        Distinct victims, matched exactly on name and date of birth as recorded.
    repeat_victims : int
        Victims in at least two incidents.
    victims_three_or_more : int
        Victims in at least three incidents (the usual ASB Case Review threshold).
    unnamed_victims : int
        Victim records without a family name, which cannot be matched.
    """

    incidents: int
    categories: tuple[CategoryShare, ...]
    subtypes: tuple[CategoryShare, ...]
    repeat_threshold: int
    repeat_locations: int
    incidents_at_repeat_locations: int
    victims: int
    repeat_victims: int
    victims_three_or_more: int
    unnamed_victims: int


def _normalise(text: object) -> str:
    """Lower-case letters (accents kept) and digits only, single-spaced, for exact matching."""
    return " ".join(re.sub(r"[\W_]+", " ", str(text or "").casefold()).split())


def incident_profile(
    incidents: pd.DataFrame,
    victims: pd.DataFrame,
    *,
    categories: Sequence[str] = (),
    repeat_threshold: int = 3,
) -> IncidentProfile:
    """Count the period's incidents by category, and repeat locations and victims.

    Parameters
    ----------
    incidents : DataFrame
        One row per incident in the area and period: id, category, subtype, location.
    victims : DataFrame
        One row per victim party of those incidents: incident_id, given_name, family_name,
        date_of_birth (date or None).
    categories : sequence of str
        The categories to list in order (every one, even with no incidents).
    repeat_threshold : int
        Incidents at one location that make it a repeat location.

    Returns
    -------
    IncidentProfile

    Notes
    -----
    A repeat location is a recorded incident location (compared in lower case, punctuation
    ignored) with at least `repeat_threshold` incidents in the period; locations are counted,
    never listed, because an address can identify a person.

    A victim is matched only when given name, family name and date of birth, as recorded,
    are the same after the same normalisation. The same person recorded with a different
    spelling or a missing date of birth counts as someone else, so repeat victims here are a
    lower bound until record matching is built.
    """
    total = len(incidents)
    by_category = incidents["category"].value_counts() if total else pd.Series(dtype="int64")
    listed = list(categories) + sorted(set(by_category.index) - set(categories))
    cats = tuple(
        CategoryShare(
            c, "", int(by_category.get(c, 0)), int(by_category.get(c, 0)) / total if total else 0.0
        )
        for c in listed
    )
    sub_counts = (
        incidents[incidents["subtype"] != ""].groupby(["category", "subtype"]).size()
        if total
        else pd.Series(dtype="int64")
    )
    subs = tuple(
        CategoryShare(c, s, int(n), int(n) / total)
        for (c, s), n in sorted(sub_counts.items(), key=lambda item: (-int(item[1]), item[0]))
    )
    places = incidents["location"].map(_normalise) if total else pd.Series(dtype="str")
    per_place = places[places != ""].value_counts()
    repeats = per_place[per_place >= repeat_threshold]

    named = victims[victims["family_name"].map(_normalise) != ""]
    keys = (
        named["given_name"].map(_normalise)
        + "|"
        + named["family_name"].map(_normalise)
        + "|"
        + named["date_of_birth"].map(lambda d: "" if d is None or pd.isna(d) else str(d))
    )
    per_victim = pd.Series(named["incident_id"].to_numpy(), index=keys.to_numpy())
    incidents_per_victim = per_victim.groupby(level=0).nunique()
    return IncidentProfile(
        incidents=total,
        categories=cats,
        subtypes=subs,
        repeat_threshold=repeat_threshold,
        repeat_locations=len(repeats),
        incidents_at_repeat_locations=int(repeats.sum()),
        victims=len(incidents_per_victim),
        repeat_victims=int((incidents_per_victim >= 2).sum()),
        victims_three_or_more=int((incidents_per_victim >= 3).sum()),
        unnamed_victims=len(victims) - len(named),
    )
