"""Did the patrols work? Pure evaluation of an operation from monthly counts.

- Difference in differences with a count model: monthly counts per area, target areas
  against control areas, before against during the operation, with area and month fixed
  effects; the effect is an incident rate ratio with its confidence interval.
- A check that targets and controls followed the same trend before the operation.
- The Weighted Displacement Quotient for the buffer around the targets.
- Dosage: patrol minutes per hotspot per week, visits, and the share of visits lasting
  10 to 15 minutes (the Koper curve).
- Proposing control areas: candidates with pre-period counts and trend like the targets'.

Inputs are plain frames; nothing here reads the database.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

CONFIDENCE = 0.95
PRE_TREND_ALPHA = 0.05
KOPER_MINUTES = (10.0, 15.0)


# ---------------------------------------------------------------------------------------
# Difference in differences


@dataclass(frozen=True)
class DidResult:
    """Difference in differences of counts, target against control areas.

    Attributes
    ----------
    model : str
        "negative binomial" or "Poisson" (the one used).
    rate_ratio : float
        exp(β) for target × during: counts in the targets during the operation relative to
        what the controls' change predicts; 0.7 means 30% fewer.
    ci_low, ci_high : float
        Confidence interval of the rate ratio.
    p_value : float
        Two-sided p for no effect (rate ratio 1).
    confidence : float
    pre_trend_ratio : float | None
        Monthly growth of targets relative to controls before the operation (1 = same trend).
    pre_trend_p : float | None
        Two-sided p for equal pre-period trends; small values warn that the comparison may
        be biased.
    observations : int
        Area-months in the model.
    target_before, target_during, control_before, control_during : float
        Mean monthly count per area in each group and period.
    alpha : float | None
        Negative binomial dispersion (None for Poisson).
    method : str
        One line saying how the numbers were made.
    """

    model: str
    rate_ratio: float
    ci_low: float
    ci_high: float
    p_value: float
    confidence: float
    pre_trend_ratio: float | None
    pre_trend_p: float | None
    observations: int
    target_before: float
    target_during: float
    control_before: float
    control_during: float
    alpha: float | None
    method: str

    @property
    def percent_change(self) -> float:
        """The effect as a percentage change (negative: fewer)."""
        return (self.rate_ratio - 1) * 100

    @property
    def strength(self) -> str:
        """How strong the evidence is: "strong", "moderate", "weak" or "none"."""
        if self.p_value < 0.01:
            return "strong"
        if self.p_value < 0.05:
            return "moderate"
        if self.p_value < 0.1:
            return "weak"
        return "none"

    @property
    def parallel_trends(self) -> bool | None:
        """Whether the pre-period check found no difference in trend (None: not checked)."""
        if self.pre_trend_p is None:
            return None
        return self.pre_trend_p >= PRE_TREND_ALPHA


def difference_in_differences(
    counts: pd.DataFrame,
    *,
    model: str = "negative binomial",
    confidence: float = CONFIDENCE,
) -> DidResult:
    """Estimate the operation's effect on counts by difference in differences.

    Parameters
    ----------
    counts : DataFrame
        One row per area and month with columns `area` (any label), `month` (integer
        index), `count`, `treated` (True for target areas) and `during` (True for months of
        the operation, False for months before).
    model : {"negative binomial", "Poisson"}
        The count model. A negative binomial allows for overdispersion; if it does not
        converge, or finds no overdispersion, the Poisson model is used and named.
    confidence : float
        Level of the confidence interval.

    Returns
    -------
    DidResult

    Notes
    -----
    log E[count] = area + month + β · treated · during. Area effects absorb fixed
    differences between places, month effects absorb force-wide seasons and trends, and
    exp(β) is the incident rate ratio of the operation. The assumption is that without the
    operation targets would have changed like controls (parallel trends); the pre-period
    check fits log E[count] = area + month + γ · treated · t on the months before only and
    tests γ = 0.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> rows = [dict(area=a, month=m, treated=a < 4, during=m >= 12,
    ...              count=rng.poisson(20 * (0.6 if a < 4 and m >= 12 else 1)))
    ...         for a in range(12) for m in range(18)]
    >>> result = difference_in_differences(pd.DataFrame(rows))
    >>> result.ci_low < 0.6 < result.ci_high
    True
    """
    frame = _check_counts(counts)
    if model not in ("negative binomial", "Poisson"):
        raise ValueError('The model must be "negative binomial" or "Poisson".')
    frame["effect"] = (frame["treated"] & frame["during"]).astype(float)
    fit, used, alpha = _fit_count_model(
        "count ~ effect + C(area) + C(month)", frame, prefer_nb=model == "negative binomial"
    )
    beta = float(fit.params["effect"])
    se = float(fit.bse["effect"])
    zcrit = stats.norm.ppf(0.5 + confidence / 2)
    p_value = float(2 * stats.norm.sf(abs(beta / se))) if se > 0 else 1.0
    trend_ratio, trend_p = pre_trend_check(frame)
    means = frame.groupby(["treated", "during"])["count"].mean()
    areas = frame.groupby("treated")["area"].nunique()
    return DidResult(
        model=used,
        rate_ratio=math.exp(beta),
        ci_low=math.exp(beta - zcrit * se),
        ci_high=math.exp(beta + zcrit * se),
        p_value=p_value,
        confidence=confidence,
        pre_trend_ratio=trend_ratio,
        pre_trend_p=trend_p,
        observations=len(frame),
        target_before=float(means.get((True, False), np.nan)),
        target_during=float(means.get((True, True), np.nan)),
        control_before=float(means.get((False, False), np.nan)),
        control_during=float(means.get((False, True), np.nan)),
        alpha=alpha,
        method=(
            f"Difference in differences, {used} regression of monthly counts on area and "
            f"month fixed effects and target × during; {int(areas.get(True, 0))} target and "
            f"{int(areas.get(False, 0))} control areas, {frame['month'].nunique()} months; "
            f"{confidence:.0%} Wald interval for the rate ratio."
        ),
    )


def pre_trend_check(counts: pd.DataFrame) -> tuple[float | None, float | None]:
    """Compare target and control trends before the operation (Poisson, area + month).

    Returns (monthly rate ratio of targets' trend relative to controls', two-sided p), or
    (None, None) when there are fewer than three months before or no variation.
    """
    frame = _check_counts(counts)
    before = frame[~frame["during"]].copy()
    if before["month"].nunique() < 3 or before["count"].sum() == 0:
        return None, None
    before["trend"] = before["treated"].astype(float) * (
        before["month"] - before["month"].min()
    ).astype(float)
    try:
        fit, _used, _alpha = _fit_count_model(
            "count ~ trend + C(area) + C(month)", before, prefer_nb=False
        )
    except ValueError:
        return None, None
    gamma = float(fit.params["trend"])
    se = float(fit.bse["trend"])
    if not np.isfinite(se) or se <= 0:
        return None, None
    return math.exp(gamma), float(2 * stats.norm.sf(abs(gamma / se)))


def _check_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """A clean copy of the counts frame, or ValueError saying what is missing."""
    needed = {"area", "month", "count", "treated", "during"}
    missing = needed - set(counts.columns)
    if missing:
        raise ValueError(f"The counts need columns {', '.join(sorted(missing))}.")
    frame = counts[list(needed)].copy()
    frame["treated"] = frame["treated"].astype(bool)
    frame["during"] = frame["during"].astype(bool)
    frame["count"] = frame["count"].astype(float)
    frame["area"] = frame["area"].astype(str)
    if frame["treated"].nunique() < 2:
        raise ValueError("The evaluation needs both target and control areas.")
    if frame["during"].nunique() < 2:
        raise ValueError("The evaluation needs months before and during the operation.")
    if (frame["count"] < 0).any():
        raise ValueError("Counts cannot be negative.")
    return frame


def _fit_count_model(formula: str, frame: pd.DataFrame, *, prefer_nb: bool) -> tuple[Any, str, Any]:
    """Fit a negative binomial (when preferred and it works) or a Poisson GLM."""
    import statsmodels.api as sm
    import statsmodels.formula.api as smf

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if prefer_nb:
            try:
                fit = smf.negativebinomial(formula, frame).fit(disp=False, maxiter=200)
                alpha = float(fit.params["alpha"])
                converged = bool(fit.mle_retvals.get("converged", False))
                if converged and np.isfinite(fit.bse).all() and alpha > 1e-6:
                    return fit, "negative binomial", alpha
            except (ValueError, np.linalg.LinAlgError):
                pass
        fit = smf.glm(formula, frame, family=sm.families.Poisson()).fit()
    if not np.isfinite(fit.bse).all():
        raise ValueError("The count model could not be fitted to these counts.")
    return fit, "Poisson", None


# ---------------------------------------------------------------------------------------
# Displacement: the Weighted Displacement Quotient


@dataclass(frozen=True)
class WdqResult:
    """Weighted Displacement Quotient (Bowers and Johnson 2003), with its parts.

    `value` is None when the quotient is undefined; `reason` then says why. Positive values
    mean diffusion of benefits into the buffer, negative values displacement; below −1,
    more was displaced than the target gained.
    """

    value: float | None
    success: float | None  # Ra/Ca − Rb/Cb: negative when the target improved on the control
    buffer_change: float | None  # Da/Ca − Db/Cb
    reason: str

    @property
    def reading(self) -> str:
        """The standard reading of the value: "diffusion", "displacement", "backfire",
        "no change" or "undefined"."""
        if self.value is None:
            return "undefined"
        if self.value > 0:
            return "diffusion"
        if self.value < -1:
            return "backfire"
        if self.value < 0:
            return "displacement"
        return "no change"


def weighted_displacement_quotient(
    target_before: float,
    target_after: float,
    buffer_before: float,
    buffer_after: float,
    control_before: float,
    control_after: float,
) -> WdqResult:
    """WDQ = (Da/Ca − Db/Cb) / (Ra/Ca − Rb/Cb).

    R target, D buffer, C control; b before, a after (counts over periods of equal length).

    Notes
    -----
    Zero counts: the control counts are divisors, so a zero control count (before or after)
    leaves the quotient undefined. The quotient is meaningful only when the target
    improved relative to the control (success measure Ra/Ca − Rb/Cb < 0, Bowers and
    Johnson 2003); with no improvement, or an exactly zero success measure, it is reported
    as undefined with the reason. Zero buffer counts are fine.

    References
    ----------
    Bowers, K. J. and Johnson, S. D. (2003) Measuring the geographical displacement and
    diffusion of benefit effects of crime prevention activity. Journal of Quantitative
    Criminology 19(3), 275–301.

    Examples
    --------
    >>> weighted_displacement_quotient(100, 70, 50, 65, 200, 200).value
    -0.5
    """
    values = (
        target_before,
        target_after,
        buffer_before,
        buffer_after,
        control_before,
        control_after,
    )
    if any(v is None or not np.isfinite(v) or v < 0 for v in values):
        raise ValueError("Counts must be zero or more.")
    if control_before == 0 or control_after == 0:
        return WdqResult(None, None, None, "control_zero")
    success = target_after / control_after - target_before / control_before
    buffer_change = buffer_after / control_after - buffer_before / control_before
    if success == 0:
        return WdqResult(None, success, buffer_change, "no_target_change")
    if success > 0:
        return WdqResult(None, success, buffer_change, "target_worsened")
    return WdqResult(buffer_change / success, success, buffer_change, "")


# ---------------------------------------------------------------------------------------
# Dosage


@dataclass(frozen=True)
class Dosage:
    """Patrol dosage for one hotspot: visits, minutes, minutes per week, Koper share."""

    area: str
    visits: int
    minutes: float
    weeks: float
    minutes_per_week: float
    koper_visits: int
    koper_share: float | None  # share of visits of 10 to 15 minutes; None with no visits


def dosage(patrols: pd.DataFrame, areas: Sequence[str], weeks: float) -> list[Dosage]:
    """Dosage per hotspot from patrol visits.

    Parameters
    ----------
    patrols : DataFrame
        Columns `area` and `minutes`, one row per visit.
    areas : sequence of str
        Every target hotspot (those never visited get zeros).
    weeks : float
        Length of the operation in weeks.

    Notes
    -----
    Koper (1995) found that police presence deters longest when stops last about 10 to 15
    minutes; the share of visits in [10, 15] minutes measures how close the patrols came.
    """
    if weeks <= 0:
        raise ValueError("The operation must last more than zero weeks.")
    low, high = KOPER_MINUTES
    result = []
    for area in areas:
        minutes = (
            patrols.loc[patrols["area"] == area, "minutes"].astype(float).to_numpy()
            if len(patrols)
            else np.zeros(0)
        )
        koper = int(np.count_nonzero((minutes >= low) & (minutes <= high)))
        total = float(minutes.sum())
        result.append(
            Dosage(
                area=area,
                visits=int(minutes.size),
                minutes=total,
                weeks=weeks,
                minutes_per_week=total / weeks,
                koper_visits=koper,
                koper_share=koper / minutes.size if minutes.size else None,
            )
        )
    return result


# ---------------------------------------------------------------------------------------
# Proposing control areas


@dataclass(frozen=True)
class Candidate:
    """A candidate control area: its pre-period mean monthly count and trend, and distance
    (standardised) from the targets' averages."""

    key: str
    mean: float
    trend: float
    distance: float


def propose_controls(
    target_series: Sequence[Sequence[float]],
    candidates: dict[str, Sequence[float]],
    how_many: int,
) -> list[Candidate]:
    """Choose controls whose pre-period counts and trend are most like the targets'.

    Parameters
    ----------
    target_series : sequence of sequences
        Monthly pre-period counts of each target area (same months for all).
    candidates : dict
        Monthly pre-period counts of each candidate area, keyed by a label.
    how_many : int
        How many to propose.

    Returns
    -------
    list of Candidate
        Closest first, by the distance between (mean, slope) of each candidate and the
        targets' average (mean, slope), each scaled by the candidates' spread.
    """
    if not candidates or how_many < 1:
        return []
    targets = np.asarray(target_series, dtype=float)
    if targets.ndim != 2 or targets.shape[1] < 2:
        raise ValueError("Give at least two months of counts per target.")
    months = np.arange(targets.shape[1], dtype=float)

    def describe(series: np.ndarray) -> tuple[float, float]:
        return float(series.mean()), float(np.polyfit(months, series, 1)[0])

    goal = np.array([describe(series) for series in targets]).mean(axis=0)
    keys = list(candidates)
    described = np.array([describe(np.asarray(candidates[k], dtype=float)) for k in keys])
    spread = described.std(axis=0)
    spread[spread == 0] = 1.0
    distances = np.sqrt((((described - goal) / spread) ** 2).sum(axis=1))
    order = np.lexsort((np.array(keys), distances))[:how_many]
    return [
        Candidate(keys[i], float(described[i, 0]), float(described[i, 1]), float(distances[i]))
        for i in order
    ]
