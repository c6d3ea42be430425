"""Evaluation: difference in differences, pre-trends, WDQ, dosage, controls, planted effect."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from asbhub.hotspots import demo, evaluation

SEED = 11


def _panel(
    effect: float,
    *,
    targets: int = 4,
    controls: int = 10,
    months: int = 18,
    start: int = 12,
    trend: float = 0.0,
    seed: int = SEED,
) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for area in range(targets + controls):
        treated = area < targets
        base = rng.uniform(15, 30)
        for month in range(months):
            rate = base * (1 + trend * month * treated)
            during = month >= start
            if treated and during:
                rate *= effect
            rows.append(
                {
                    "area": area,
                    "month": month,
                    "treated": treated,
                    "during": during,
                    "count": rng.poisson(rate),
                }
            )
    return pd.DataFrame(rows)


def test_did_recovers_a_known_reduction_within_its_interval():
    result = evaluation.difference_in_differences(_panel(0.7))
    assert result.ci_low < 0.7 < result.ci_high
    assert result.ci_high < 1
    assert result.strength == "strong"
    assert result.pre_trend_p is not None and result.pre_trend_ratio is not None
    assert "fixed effects" in result.method and "4 target and 10 control" in result.method


def test_did_finds_no_effect_when_there_is_none():
    result = evaluation.difference_in_differences(_panel(1.0, seed=5))
    assert result.ci_low < 1 < result.ci_high


def test_pre_trend_check_warns_when_targets_were_already_rising():
    result = evaluation.difference_in_differences(_panel(1.0, trend=0.08))
    assert result.parallel_trends is False
    assert result.pre_trend_ratio > 1


def test_did_falls_back_to_poisson_without_overdispersion_and_says_so():
    result = evaluation.difference_in_differences(_panel(0.8), model="Poisson")
    assert result.model == "Poisson" and result.alpha is None


def test_did_needs_targets_controls_and_both_periods():
    panel = _panel(0.7)
    with pytest.raises(ValueError, match="target and control"):
        evaluation.difference_in_differences(panel[panel["treated"]])
    with pytest.raises(ValueError, match="before and during"):
        evaluation.difference_in_differences(panel[panel["during"]])


@pytest.mark.parametrize(
    ("counts", "value", "reading", "reason"),
    [
        # Target down 30 (relative to a steady control), buffer up 15: half displaced.
        ((100, 70, 50, 65, 200, 200), -0.5, "displacement", ""),
        # Buffer fell too: diffusion of benefits.
        ((100, 70, 50, 40, 200, 200), 1 / 3, "diffusion", ""),
        # Buffer rose by more than the target fell: backfire.
        ((100, 70, 50, 90, 200, 200), -4 / 3, "backfire", ""),
        # Zero counts in the buffer are fine.
        ((100, 70, 0, 0, 200, 200), 0.0, "no change", ""),
        # Zero control counts leave it undefined.
        ((100, 70, 50, 65, 0, 200), None, "undefined", "control_zero"),
        ((100, 70, 50, 65, 200, 0), None, "undefined", "control_zero"),
        # No improvement in the target: not meaningful.
        ((70, 100, 50, 65, 200, 200), None, "undefined", "target_worsened"),
        ((100, 100, 50, 65, 200, 200), None, "undefined", "no_target_change"),
        # Zero target after: a complete success still gives a value.
        ((10, 0, 5, 5, 100, 100), 0.0, "no change", ""),
    ],
)
def test_wdq_formula_and_its_zero_counts(counts, value, reading, reason):
    result = evaluation.weighted_displacement_quotient(*counts)
    if value is None:
        assert result.value is None
    else:
        assert result.value == pytest.approx(value)
    assert result.reading == reading
    assert result.reason == reason


def test_wdq_refuses_negative_counts():
    with pytest.raises(ValueError):
        evaluation.weighted_displacement_quotient(-1, 0, 0, 0, 1, 1)


def test_dosage_counts_minutes_per_week_and_the_koper_share():
    patrols = pd.DataFrame({"area": ["A", "A", "A", "B"], "minutes": [12, 15, 30, 9.5]})
    result = {d.area: d for d in evaluation.dosage(patrols, ["A", "B", "C"], weeks=2)}
    assert result["A"].visits == 3 and result["A"].minutes_per_week == pytest.approx(28.5)
    assert result["A"].koper_visits == 2 and result["A"].koper_share == pytest.approx(2 / 3)
    assert result["B"].koper_share == 0
    assert result["C"].visits == 0 and result["C"].koper_share is None


def test_proposed_controls_are_those_with_counts_and_trend_like_the_targets():
    targets = [[10, 11, 12, 13], [12, 13, 14, 15]]
    candidates = {
        "like": [11, 12, 13, 14],
        "falling": [14, 13, 12, 11],
        "quiet": [1, 1, 2, 1],
        "busy": [40, 42, 41, 43],
    }
    chosen = evaluation.propose_controls(targets, candidates, 2)
    assert chosen[0].key == "like"
    assert "busy" not in [c.key for c in chosen]
    assert chosen[0].mean == pytest.approx(12.5) and chosen[0].trend == pytest.approx(1)


def test_the_planted_demo_effect_is_recovered_with_the_right_wdq_sign():
    rng = np.random.default_rng(SEED)
    months, start = 18, 12
    areas = [("target", a) for a in range(4)] + [("control", a) for a in range(10)]
    areas += [("buffer", 0)]
    rows = []
    for kind, area in areas:
        rate = 60 if kind == "buffer" else rng.uniform(15, 30)
        for month in range(months):
            rows += [{"kind": kind, "area": f"{kind}{area}", "month_index": month}] * int(
                rng.poisson(rate)
            )
    events = pd.DataFrame(rows)
    in_target = (events["kind"] == "target").to_numpy()
    drop, moves, effect = demo.plant_effect(
        events, in_target, np.array([[0.0, 0.0]]), first_month=start, months=6, seed=SEED
    )
    assert effect.removed > 0 and effect.moved > 0
    events.loc[moves[:, 0].astype(int), ["kind", "area"]] = ["buffer", "buffer0"]
    events = events[~drop]
    counts = events.groupby(["kind", "area", "month_index"]).size().reset_index(name="count")
    panel = (
        counts[counts["kind"] != "buffer"]
        .assign(treated=lambda f: f["kind"] == "target", during=lambda f: f["month_index"] >= start)
        .rename(columns={"month_index": "month"})
    )
    result = evaluation.difference_in_differences(panel)
    assert result.ci_low < 1 - demo.PLANTED_REDUCTION < result.ci_high
    assert result.ci_high < 1

    def total(kind: str, first: int, last: int) -> float:
        chosen = counts[(counts["kind"] == kind) & counts["month_index"].between(first, last)]
        return float(chosen["count"].sum())

    wdq = evaluation.weighted_displacement_quotient(
        total("target", 6, 11),
        total("target", 12, 17),
        total("buffer", 6, 11),
        total("buffer", 12, 17),
        total("control", 6, 11),
        total("control", 12, 17),
    )
    assert wdq.value is not None and wdq.value < 0  # some of the crime was displaced
    assert wdq.reading == "displacement"
