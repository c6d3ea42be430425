"""Regression guard: the screening's figures on the labelled narratives must not fall.

The labelled sets (tests/data/screening/*.jsonl) are each split by id into a tuning part and
a held-out part, and `unseen_*` sets are kept aside whole (see asbhub.integrity.evaluation).
Targets from the issue: recall at least 0.95 and precision at least 0.85 for "describes a
crime". bench/screening_accuracy.py prints
the full table per offence group.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from asbhub.integrity import evaluation

# Recorded floors for the parts kept aside (their last measured figures, rounded down), so a
# change of rules that loses ground on unread narratives fails here.
FLOORS = {
    # Session 5 added a seventh writer's held-out part (authored_w: 0.80 / 0.90 alone), so
    # the pooled precision floor fell from 0.88 to 0.86. Session 6 added two more writers'
    # held-out parts (authored_y, authored_t) and raised the learned model's threshold
    # (0.60 to 0.65, chosen on the rules' residue): measured 0.891 / 0.949; then a third
    # (authored_k): 0.876 / 0.951. Session 8 (rules 2026.9, five more writers' held-out
    # parts): 0.884 / 0.971. So the precision floor is 0.87 and the recall floor 0.96.
    # Session 9 (rules 2026.10, five more writers' held-out parts): 0.875 / 0.972.
    # Session 10 (rules 2026.11, four more): 0.882 / 0.968; the floors hold.
    # Session 11 (rules 2026.12, six more): 0.884 / 0.972; the floors hold.
    "held-out": {"recall": 0.96, "precision": 0.87},
    # Session 6: five unseen sets pooled (u, x, z, j, q), 0.853 / 0.955. Session 7: seven
    # (and h, f), 0.866 / 0.940. Session 8: nine (and n, l), 0.879 / 0.958, the last writer
    # (unseen_l) 0.906 / 0.988 at its only look. The recall floor is now the target.
    # Session 9: eleven (and i, ad), 0.879 / 0.971, the last writer (unseen_ad) 0.886 / 0.951
    # at its first look; the recall floor rises to 0.96.
    # Session 10: fifteen (and ah, aj, al, an), 0.883 / 0.972; unseen_an 0.860 / 0.970 at
    # its first look. The floors hold.
    # Session 11: eighteen (and ap, ar, at), 0.887 / 0.972; the three new writers at their
    # only look 0.880 / 0.933, 0.853 / 0.982 and 0.894 / 0.970. The floors hold.
    "unseen": {"recall": 0.96, "precision": 0.86},
}

LABELLED_DIR = Path(__file__).resolve().parent.parent / "data" / "screening"


@pytest.fixture(scope="module")
def sets() -> list[evaluation.LabelledSet]:
    return evaluation.read_sets(LABELLED_DIR)


@pytest.fixture(scope="module")
def rows(sets: list[evaluation.LabelledSet]) -> list[dict]:
    return [row for labelled in sets for row in labelled.rows]


@pytest.fixture(scope="module")
def parts(sets: list[evaluation.LabelledSet]) -> dict[str, list[dict]]:
    return evaluation.parts(sets)


def test_the_labelled_set_is_large_varied_and_split(
    sets: list[evaluation.LabelledSet], rows: list[dict], parts: dict[str, list[dict]]
) -> None:
    assert len(rows) >= 400
    assert len({row["id"] for row in rows}) == len(rows)
    assert len(sets) >= 2 and any(labelled.unseen for labelled in sets)
    crimes = sum(1 for row in rows if row["labels"])
    assert 0.4 < crimes / len(rows) < 0.8, "both crimes and hard negatives"
    groups = Counter(group for row in rows for group in row["labels"])
    assert all(groups[group] >= 5 for group in evaluation.OFFENCE_GROUPS)
    kept_aside = len(parts["held-out"]) + len(parts["unseen"])
    # About 30 % of each tuned set, and five writers' sets kept aside whole (session 6).
    assert 0.25 < kept_aside / len(rows) < 0.6


def test_describes_a_crime_meets_the_targets_on_the_whole_set(rows: list[dict]) -> None:
    overall = evaluation.evaluate(rows).overall
    assert overall.recall >= 0.95
    assert overall.precision >= 0.85


@pytest.mark.parametrize("part", ["held-out", "unseen"])
def test_the_parts_kept_aside_do_not_fall_below_their_recorded_floor(
    parts: dict[str, list[dict]], part: str
) -> None:
    overall = evaluation.evaluate(parts[part]).overall
    assert overall.recall >= FLOORS[part]["recall"]
    assert overall.precision >= FLOORS[part]["precision"]


def test_each_offence_group_keeps_its_recall_on_the_tuning_part(
    parts: dict[str, list[dict]],
) -> None:
    result = evaluation.evaluate(parts["tuning"])
    for group in evaluation.OFFENCE_GROUPS:
        score = result.score(group)
        if score.support:
            assert score.recall >= 0.8, group


def test_the_table_lists_every_group(rows: list[dict]) -> None:
    table = evaluation.format_table({"all": evaluation.evaluate(rows[:50])})
    for group in evaluation.OFFENCE_GROUPS:
        assert f"| {group} |" in table
    assert "describes a crime" in table


def test_sets_may_not_share_ids(tmp_path: Path) -> None:
    line = '{"id": "x0001", "text": "IP punched", "labels": ["assault"]}\n'
    (tmp_path / "a.jsonl").write_text(line, encoding="utf-8")
    (tmp_path / "unseen_b.jsonl").write_text(line, encoding="utf-8")
    with pytest.raises(ValueError, match="x0001"):
        evaluation.read_sets(tmp_path)


def test_unseen_sets_are_kept_aside_whole(tmp_path: Path) -> None:
    for name, number in (("a", 1), ("unseen_b", 2)):
        lines = "".join(
            f'{{"id": "{name[-1]}{number}{i:03d}", "text": "t", "labels": []}}\n' for i in range(10)
        )
        (tmp_path / f"{name}.jsonl").write_text(lines, encoding="utf-8")
    found = evaluation.parts(evaluation.read_sets(tmp_path))
    assert (len(found["tuning"]), len(found["held-out"]), len(found["unseen"])) == (7, 3, 10)


def test_held_out_ids_are_fixed_by_their_number() -> None:
    assert evaluation.is_held_out("s0013")
    assert not evaluation.is_held_out("s0012")
