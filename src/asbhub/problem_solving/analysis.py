"""The numbers behind a problem-solving plan, from plain rows: no ORM, no settings.

A plan's area is any mix of LSOAs, street names and polygons (a drawn area or a hotspot).
`in_area` decides which records fall in it; `monthly_counts` counts them per month over a
period; `trend` says whether a series rises or falls; `before_after` compares the
baseline with the months since the response began; `measure_progress` reads a success
measure against its baseline and target. Services feed these the force's incidents and
police.uk street records; an analyst can feed them anything with the same columns.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import shapely
from scipy import stats

SIGNIFICANCE = 0.05
MIN_TREND_MONTHS = 4
SLOPE_LIMIT = 5.0  # log change per month searched for the trend: e^5 is 148-fold
_NEAR = re.compile(r"^\s*on or near\s+", re.IGNORECASE)
_SPACES = re.compile(r"[^\w']+")


class Record(NamedTuple):
    """One incident or police.uk record: its month and where it happened."""

    month: dt.date
    lsoa_code: str
    longitude: float | None
    latitude: float | None
    location: str


@dataclass(frozen=True)
class Area:
    """A plan's area: LSOA codes, street names and GeoJSON polygons (WGS84), in any mix.

    A record is in the area when it is in one of the LSOAs, on or near one of the
    streets, or inside one of the polygons.
    """

    lsoa_codes: frozenset[str] = frozenset()
    streets: tuple[str, ...] = ()
    polygons: tuple[Mapping[str, Any], ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when the area names nothing, so no record can fall in it."""
        return not (self.lsoa_codes or self.streets or self.polygons)


def first_of_month(day: dt.date) -> dt.date:
    """The first day of the day's month."""
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    """The first day of the month `count` months after `month` (before, when negative)."""
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of every month from `first` to `last`, both included."""
    first, last = first_of_month(first), first_of_month(last)
    if last < first:
        return []
    span = (last.year - first.year) * 12 + last.month - first.month
    return [add_months(first, i) for i in range(span + 1)]


def street_key(text: str) -> str:
    """A street name or police.uk location reduced for matching.

    "On or near Heol Pant" and "heol  pant" both give "heol pant".
    """
    return " ".join(_SPACES.sub(" ", _NEAR.sub("", text or "")).lower().split())


def geometry_of(polygons: Sequence[Mapping[str, Any]]) -> shapely.Geometry | None:
    """The union of GeoJSON polygons (WGS84), or None when there are none."""
    shapes = [shapely.geometry.shape(polygon) for polygon in polygons]
    if not shapes:
        return None
    return shapely.union_all(shapes)


def in_area(records: Sequence[Record], area: Area) -> np.ndarray:
    """Which records fall in the area, as a boolean array aligned with `records`.

    Parameters
    ----------
    records : sequence of Record
        The rows to test. Records without coordinates can still match by LSOA or street.
    area : Area
        The plan's area.

    Returns
    -------
    numpy.ndarray of bool

    Notes
    -----
    A street matches when the location, without police.uk's "On or near" prefix, equals
    the street or contains it as whole words ("Heol Pant" matches "Heol Pant Shops" but
    not "Heol Pantglas"). police.uk snaps locations to anonymous points, so a street
    match is approximate in the same way the published data is.
    """
    size = len(records)
    inside = np.zeros(size, dtype=bool)
    if size == 0 or area.is_empty:
        return inside
    if area.lsoa_codes:
        inside |= np.fromiter((r.lsoa_code in area.lsoa_codes for r in records), bool, size)
    streets = [street_key(s) for s in area.streets if street_key(s)]
    if streets:
        patterns = [re.compile(rf"(?:^|\s){re.escape(s)}(?:\s|$)") for s in streets]
        inside |= np.fromiter(
            (any(p.search(street_key(r.location)) for p in patterns) for r in records),
            bool,
            size,
        )
    shape = geometry_of(area.polygons)
    if shape is not None:
        lon = np.array([np.nan if r.longitude is None else r.longitude for r in records])
        lat = np.array([np.nan if r.latitude is None else r.latitude for r in records])
        located = ~(np.isnan(lon) | np.isnan(lat))
        hit = np.zeros(size, dtype=bool)
        hit[located] = shapely.contains_xy(shape, lon[located], lat[located])
        inside |= hit
    return inside


def monthly_counts(
    records: Sequence[Record], area: Area, first: dt.date, last: dt.date
) -> list[int]:
    """Records in the area per month from `first` to `last` (aligned with months_between)."""
    months = months_between(first, last)
    position = {month: i for i, month in enumerate(months)}
    counts = [0] * len(months)
    mask = in_area(records, area)
    for record, inside in zip(records, mask, strict=True):
        if inside:
            index = position.get(first_of_month(record.month))
            if index is not None:
                counts[index] += 1
    return counts


@dataclass(frozen=True)
class Trend:
    """Whether a monthly series rises or falls, with its inference.

    `direction` is "rising" or "falling" when the monthly change differs from none at
    the 5% level, "flat" when it does not, and "too_short" below four months or with no
    records at all.
    """

    months: int
    total: int
    mean: float
    monthly_change_pct: float | None
    p_value: float | None
    direction: str
    method: str


def trend(counts: Sequence[int]) -> Trend:
    """Fit a log-linear Poisson trend to monthly counts.

    Parameters
    ----------
    counts : sequence of int
        Records per month, oldest first.

    Returns
    -------
    Trend

    Notes
    -----
    Fits log E[y_t] = a + b t by maximum likelihood (Poisson regression) and tests
    H0: b = 0 against b != 0 with the likelihood-ratio test (chi-squared, 1 degree of
    freedom). The monthly change is exp(b) - 1. Overdispersion makes the p-value too
    small when months vary more than Poisson counts do, so read "rising" or "falling"
    as a description of this area's months, not proof of a cause.

    Examples
    --------
    >>> trend([10, 12, 15, 18, 22, 26]).direction
    'rising'
    """
    values = np.asarray(counts, dtype=float)
    total = int(values.sum())
    method = (
        "Poisson regression of monthly counts on month number; likelihood-ratio test "
        "of no change at the 5% level."
    )
    if len(values) < MIN_TREND_MONTHS or total == 0:
        mean = float(values.mean()) if len(values) else 0.0
        return Trend(len(values), total, mean, None, None, "too_short", method)
    t = np.arange(len(values), dtype=float)
    slope = _poisson_slope(t, values)
    fitted = np.exp(_poisson_intercept(t, values, slope) + slope * t)
    mean = values.mean()
    deviance_null = _poisson_deviance(values, np.full_like(values, mean))
    deviance_fit = _poisson_deviance(values, fitted)
    statistic = max(deviance_null - deviance_fit, 0.0)
    p_value = float(stats.chi2.sf(statistic, 1))
    # A slope at the search bracket means the fit ran off to infinity (e.g. every record
    # in the last month): the direction stands, a percentage would not mean anything.
    change = math.expm1(slope) * 100 if abs(slope) < SLOPE_LIMIT * 0.999 else None
    direction = ("rising" if slope > 0 else "falling") if p_value < SIGNIFICANCE else "flat"
    return Trend(len(values), total, float(mean), change, p_value, direction, method)


def _poisson_intercept(t: np.ndarray, y: np.ndarray, slope: float) -> float:
    """The maximum-likelihood intercept for a given slope (closed form)."""
    return float(math.log(y.sum()) - math.log(np.exp(slope * t).sum()))


def _poisson_slope(t: np.ndarray, y: np.ndarray) -> float:
    """Solve the Poisson score equation for the slope by Newton's method.

    With the intercept profiled out, the score is sum(t y) - sum(y) * sum(t w) / sum(w)
    where w = exp(b t): monotone in b, so a bracketed Newton iteration converges.
    """
    target = float((t * y).sum() / y.sum())  # the observed mean month, weighted by counts
    low, high = -SLOPE_LIMIT, SLOPE_LIMIT
    slope = 0.0
    for _ in range(100):
        weights = np.exp(slope * t)
        mean_t = float((t * weights).sum() / weights.sum())
        var_t = float((t * t * weights).sum() / weights.sum()) - mean_t**2
        gap = mean_t - target
        if abs(gap) < 1e-12:
            break
        if gap > 0:
            high = slope
        else:
            low = slope
        step = slope - gap / var_t if var_t > 0 else (low + high) / 2
        slope = step if low < step < high else (low + high) / 2
    return slope


def _poisson_deviance(y: np.ndarray, mu: np.ndarray) -> float:
    """The Poisson deviance of observed counts y from fitted means mu."""
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(y > 0, y * np.log(y / mu), 0.0) - (y - mu)
    return float(2 * terms.sum())


@dataclass(frozen=True)
class BeforeAfter:
    """Records per month before and after the response began, with the change tested."""

    before_months: int
    after_months: int
    before_total: int
    after_total: int
    before_mean: float
    after_mean: float
    change_pct: float | None
    rate_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    method: str

    @property
    def significant(self) -> bool:
        """True when the change in the monthly rate is significant at the 5% level."""
        return self.p_value is not None and self.p_value < SIGNIFICANCE


def before_after(before: Sequence[int], after: Sequence[int]) -> BeforeAfter:
    """Compare the monthly rate after the response began with the baseline.

    Parameters
    ----------
    before, after : sequence of int
        Records per month in the baseline period and since the response began.

    Returns
    -------
    BeforeAfter
        Means per month, the rate ratio (after / before) with its exact 95% confidence
        interval, and the two-sided p-value.

    Notes
    -----
    Conditional on the total n = a + b, the after count a is Binomial(n, p0) with
    p0 = m_a / (m_a + m_b) when the monthly rate did not change (H0), where m_a and m_b
    are the months in each period. The p-value is the exact two-sided binomial test; the
    confidence interval converts the Clopper-Pearson interval for p into the rate ratio
    p / (1 - p) * m_b / m_a. A simple before-and-after comparison cannot separate the
    plan's effect from a trend or from regression to the mean: an area chosen because it
    was at its worst tends to improve anyway.
    """
    method = (
        "Records per month after the response began compared with the baseline months; "
        "exact conditional (binomial) test of equal monthly rates, 95% interval for the "
        "rate ratio."
    )
    b_months, a_months = len(before), len(after)
    b_total, a_total = int(sum(before)), int(sum(after))
    b_mean = b_total / b_months if b_months else 0.0
    a_mean = a_total / a_months if a_months else 0.0
    if not b_months or not a_months:
        return BeforeAfter(
            b_months,
            a_months,
            b_total,
            a_total,
            b_mean,
            a_mean,
            None,
            None,
            None,
            None,
            None,
            method,
        )
    change = (a_mean - b_mean) / b_mean * 100 if b_mean else None
    n = a_total + b_total
    if n == 0:
        return BeforeAfter(
            b_months,
            a_months,
            b_total,
            a_total,
            b_mean,
            a_mean,
            change,
            None,
            None,
            None,
            None,
            method,
        )
    p0 = a_months / (a_months + b_months)
    test = stats.binomtest(a_total, n, p0)
    interval = test.proportion_ci(confidence_level=0.95, method="exact")

    def ratio(p: float) -> float:
        return math.inf if p >= 1 else p / (1 - p) * b_months / a_months

    rate_ratio = a_mean / b_mean if b_mean else None
    return BeforeAfter(
        b_months,
        a_months,
        b_total,
        a_total,
        b_mean,
        a_mean,
        change,
        rate_ratio,
        ratio(interval.low),
        ratio(interval.high),
        float(test.pvalue),
        method,
    )


@dataclass(frozen=True)
class Progress:
    """A success measure read against its baseline and target."""

    change: float | None
    change_pct: float | None
    share_of_target: float | None
    target_met: bool | None


def measure_progress(
    baseline: float | None, target: float | None, result: float | None, *, lower_is_better: bool
) -> Progress:
    """How far a measure moved from its baseline towards its target.

    `share_of_target` is the movement achieved as a share of the movement wanted (1.0
    means the target was reached exactly); None when a value is missing or the target
    equals the baseline.

    Examples
    --------
    >>> measure_progress(40, 30, 32, lower_is_better=True).share_of_target
    0.8
    """
    if baseline is None or result is None:
        return Progress(None, None, None, None)
    change = result - baseline
    change_pct = change / baseline * 100 if baseline else None
    if target is None:
        return Progress(change, change_pct, None, None)
    met = result <= target if lower_is_better else result >= target
    wanted = target - baseline
    share = round(change / wanted, 6) if wanted else None
    return Progress(change, change_pct, share, met)


@dataclass(frozen=True)
class DurationSummary:
    """How long plans took from opening to finalisation, in days."""

    count: int
    median: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    longest: int | None


def duration_summary(days: Iterable[int]) -> DurationSummary:
    """Median and quartiles of durations in days (None for each when there are none)."""
    values = np.asarray(sorted(days), dtype=float)
    if not len(values):
        return DurationSummary(0, None, None, None, None)
    q1, median, q3 = np.percentile(values, [25, 50, 75])
    return DurationSummary(len(values), float(median), float(q1), float(q3), int(values[-1]))
