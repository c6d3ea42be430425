"""Measuring the crime screening against labelled narratives: precision and recall.

Pure: labelled examples in, figures out. Used by bench/screening_accuracy.py and by the
regression test that guards the overall figures.

A labelled example is a dict with `id`, `text` and `labels` (the offence groups a careful
crime data integrity reviewer finds in the text; an empty list means no crime). Each set is
split once, by id, into a part used while writing the rules ("tuning") and a part kept aside
("held-out"): an example is held out when the number in its id leaves 3, 6 or 9 on division
by ten (30% of ids). Nobody tunes the rules on the held-out part's errors. A set whose file
name starts with ``unseen_`` is kept aside whole: its author's style is never tuned for, so
it measures how the rules carry over to a writer they have not met.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asbhub.integrity.screening import OFFENCE_GROUPS, screen

HELD_OUT_REMAINDERS = frozenset({3, 6, 9})
UNSEEN_PREFIX = "unseen_"
CRIME = "describes a crime"


def read_labelled(path: Path) -> list[dict[str, Any]]:
    """Read a JSON Lines file of labelled narratives, checking every label is known."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            unknown = set(row["labels"]) - set(OFFENCE_GROUPS)
            if unknown:
                raise ValueError(f"{path.name} line {number}: unknown labels {sorted(unknown)}")
            rows.append(row)
    return rows


@dataclass(frozen=True)
class LabelledSet:
    """One file of labelled narratives, by one author or in one style."""

    name: str
    rows: tuple[dict[str, Any], ...]

    @property
    def unseen(self) -> bool:
        """True when the whole set is kept aside from tuning."""
        return self.name.startswith(UNSEEN_PREFIX)


def read_sets(folder: Path) -> list[LabelledSet]:
    """Every ``*.jsonl`` labelled set in `folder`, by file name; ids must be unique across them."""
    sets, seen = [], set()
    for path in sorted(folder.glob("*.jsonl")):
        rows = read_labelled(path)
        clash = seen & {str(row["id"]) for row in rows}
        if clash:
            raise ValueError(f"{path.name}: ids used in another set: {sorted(clash)[:5]}")
        seen |= {str(row["id"]) for row in rows}
        sets.append(LabelledSet(path.stem, tuple(rows)))
    return sets


def parts(sets: Iterable[LabelledSet]) -> dict[str, list[dict[str, Any]]]:
    """The three parts every figure is given for: tuning, held-out and unseen."""
    found: dict[str, list[dict[str, Any]]] = {"tuning": [], "held-out": [], "unseen": []}
    for labelled in sets:
        if labelled.unseen:
            found["unseen"].extend(labelled.rows)
            continue
        tuning, held_out = split(labelled.rows)
        found["tuning"].extend(tuning)
        found["held-out"].extend(held_out)
    return found


def is_held_out(example_id: str) -> bool:
    """True for the ids kept aside from tuning (about 30%, fixed by the id's number)."""
    digits = re.sub(r"\D", "", example_id)
    return bool(digits) and int(digits) % 10 in HELD_OUT_REMAINDERS


def split(rows: Iterable[Mapping[str, Any]]) -> tuple[list[Any], list[Any]]:
    """The tuning part and the held-out part, by id."""
    tuning, held_out = [], []
    for row in rows:
        (held_out if is_held_out(str(row["id"])) else tuning).append(row)
    return tuning, held_out


@dataclass(frozen=True)
class Score:
    """Counts for one offence group (or "describes a crime") and the figures from them."""

    name: str
    true_positive: int
    false_positive: int
    false_negative: int

    @property
    def support(self) -> int:
        """How many examples carry the label."""
        return self.true_positive + self.false_negative

    @property
    def precision(self) -> float | None:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else None

    @property
    def recall(self) -> float | None:
        return self.true_positive / self.support if self.support else None


@dataclass(frozen=True)
class Evaluation:
    """Scores per offence group and for "describes a crime", and the misses."""

    examples: int
    scores: tuple[Score, ...]
    errors: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]

    @property
    def overall(self) -> Score:
        """The score for "describes a crime" (any offence at all)."""
        return next(score for score in self.scores if score.name == CRIME)

    def score(self, group: str) -> Score:
        return next(score for score in self.scores if score.name == group)


def evaluate(
    rows: Sequence[Mapping[str, Any]],
    screener: Callable[[str], Any] = screen,
) -> Evaluation:
    """Screen every example and count hits and misses per group and overall.

    Parameters
    ----------
    rows : sequence of mappings
        Labelled examples with `id`, `text` and `labels`.
    screener : callable, optional
        Text to a result iterable of offences with `.group` (default: `screening.screen`).

    Returns
    -------
    Evaluation
        Per-group and overall true positives, false positives and false negatives, and the
        examples whose groups differ from their labels (id, expected, found).
    """
    counts = {name: [0, 0, 0] for name in (CRIME, *OFFENCE_GROUPS)}
    errors = []
    for row in rows:
        expected = set(row["labels"])
        found = {offence.group for offence in screener(row["text"])}
        for group in OFFENCE_GROUPS:
            if group in found and group in expected:
                counts[group][0] += 1
            elif group in found:
                counts[group][1] += 1
            elif group in expected:
                counts[group][2] += 1
        crime_expected, crime_found = bool(expected), bool(found)
        if crime_found and crime_expected:
            counts[CRIME][0] += 1
        elif crime_found:
            counts[CRIME][1] += 1
        elif crime_expected:
            counts[CRIME][2] += 1
        if found != expected:
            errors.append((str(row["id"]), tuple(sorted(expected)), tuple(sorted(found))))
    scores = tuple(Score(name, *values) for name, values in counts.items())
    return Evaluation(len(rows), scores, tuple(errors))


def format_table(evaluations: Mapping[str, Evaluation]) -> str:
    """A Markdown table: precision and recall (and support) per group, one column pair per
    evaluation (e.g. tuning, held-out, all)."""
    names = list(evaluations)
    head = "| Offence group | " + " | ".join(
        f"{name} precision | {name} recall | {name} n" for name in names
    )
    rule = "|---|" + "---:|---:|---:|" * len(names)
    lines = [head + " |", rule]
    for group in (CRIME, *OFFENCE_GROUPS):
        cells = []
        for name in names:
            score = evaluations[name].score(group) if group != CRIME else evaluations[name].overall
            cells.extend([_figure(score.precision), _figure(score.recall), str(score.support)])
        label = f"**{group}**" if group == CRIME else group
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"
