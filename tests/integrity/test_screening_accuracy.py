"""Regression guard: the screening's figures on the labelled narratives must not fall.

The labelled set (tests/data/screening/labelled.jsonl) is split by id into a tuning part and
a held-out part (see asbhub.integrity.evaluation). Targets from the issue: recall at least
0.95 and precision at least 0.85 for "describes a crime". bench/screening_accuracy.py prints
the full table per offence group.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from asbhub.integrity import evaluation

LABELLED = Path(__file__).resolve().parent.parent / "data" / "screening" / "labelled.jsonl"


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return evaluation.read_labelled(LABELLED)


def test_the_labelled_set_is_large_varied_and_split(rows: list[dict]) -> None:
    assert len(rows) >= 400
    assert len({row["id"] for row in rows}) == len(rows)
    crimes = sum(1 for row in rows if row["labels"])
    assert 0.4 < crimes / len(rows) < 0.8, "both crimes and hard negatives"
    groups = Counter(group for row in rows for group in row["labels"])
    assert all(groups[group] >= 5 for group in evaluation.OFFENCE_GROUPS)
    tuning, held_out = evaluation.split(rows)
    assert 0.25 < len(held_out) / len(rows) < 0.35


def test_describes_a_crime_meets_the_targets_on_the_whole_set(rows: list[dict]) -> None:
    overall = evaluation.evaluate(rows).overall
    assert overall.recall >= 0.95
    assert overall.precision >= 0.85


def test_the_held_out_part_does_not_fall_below_its_recorded_floor(rows: list[dict]) -> None:
    _tuning, held_out = evaluation.split(rows)
    overall = evaluation.evaluate(held_out).overall
    assert overall.recall >= 0.92
    assert overall.precision >= 0.90


def test_each_offence_group_keeps_its_recall_on_the_tuning_part(rows: list[dict]) -> None:
    tuning, _held_out = evaluation.split(rows)
    result = evaluation.evaluate(tuning)
    for group in evaluation.OFFENCE_GROUPS:
        score = result.score(group)
        if score.support:
            assert score.recall >= 0.8, group


def test_the_table_lists_every_group(rows: list[dict]) -> None:
    table = evaluation.format_table({"all": evaluation.evaluate(rows[:50])})
    for group in evaluation.OFFENCE_GROUPS:
        assert f"| {group} |" in table
    assert "describes a crime" in table


def test_held_out_ids_are_fixed_by_their_number() -> None:
    assert evaluation.is_held_out("s0013")
    assert not evaluation.is_held_out("s0012")
