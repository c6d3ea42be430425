"""Train the crime screening's learned second opinion (integrity/data/screening_model.tsv).

Method
------
* Training narratives: the tuning parts of the hand-written labelled sets
  (tests/data/screening/*.jsonl; never the held-out parts, never an `unseen_*` set), and
  the demo generator's narratives for seed 2026. The hand-written sets are rich in crimes
  and in look-alikes, but poor in the plain nuisance that most ASB reports are; trained on
  them alone the model took words such as "shop" or "IP's" for signs of crime and flagged
  four in ten of the demo's nuisance reports. The demo narratives teach it what ordinary
  ASB reads like. (Seed 99 stays out, to measure that.)
* Features: every word and adjacent word pair (asbhub.integrity.learned.features), seen in
  at least two narratives; tf-idf with sublinear term frequency and unit length.
* Models: one L2-regularised logistic regression for "describes a crime" (classes
  balanced), and one for each offence group; the screening uses the groups' models only to
  name the likeliest group.
* Regularisation C and threshold: leave one author's set out at a time (each hand-written
  set is predicted by a model trained on the others), because the question is how the
  model carries over to a writer it has not met. The screening asks the model only about
  the narratives in which the rules find nothing and set nothing aside (the rules'
  residue), so the model is judged there: the choice is its best recall on the residue
  whose precision there reaches TARGET_PRECISION (0.80). (Until session 6 it was judged on
  every narrative, which the rules mostly settle: 0.90 there was 0.69 on the residue.)

Deterministic: the same data give the same file. Needs scikit-learn (a dev dependency);
the screening itself does not.

Usage: python scripts/train_screening_model.py [--check]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR / "src"))
LABELLED_DIR = PROJECT_DIR / "tests" / "data" / "screening"
C_GRID = (1.0, 4.0, 16.0)
THRESHOLDS = tuple(round(0.4 + 0.05 * step, 2) for step in range(12))
TARGET_PRECISION = 0.80
MIN_WEIGHT = 0.02


DEMO_SEED = 2026
DEMO_COUNT = 2000
DEMO = "demo"


@dataclass(frozen=True)
class Training:
    """The training narratives, with the set each comes from ("demo" for the generator's)."""

    rows: list[dict]
    sets: list[str]

    def residue(self) -> np.ndarray:
        """Which rows the screening would ask the model about (`screening.left_to_model`)."""
        from asbhub.integrity import screening

        rules = screening.rules_only_screener()
        results = [rules.screen(row["text"]) for row in self.rows]
        return np.array([screening.left_to_model(r.offences, r.discounted) for r in results])


def training_rows() -> Training:
    """The tuning parts of the labelled sets, and the demo narratives."""
    from asbhub.demo.narratives import sample_narratives
    from asbhub.integrity import evaluation

    hand, sets = [], []
    for labelled in evaluation.read_sets(LABELLED_DIR):
        if labelled.unseen:
            continue
        tuning, _held_out = evaluation.split(labelled.rows)
        hand.extend(tuning)
        sets.extend([labelled.name] * len(tuning))
    demo = [
        {"text": text, "labels": sorted(labels)}
        for text, labels in sample_narratives(DEMO_SEED, DEMO_COUNT)
    ]
    return Training([*hand, *demo], [*sets, *[DEMO] * len(demo)])


def _analyse(text: str) -> list[str]:
    from asbhub.integrity import learned

    return [feature for feature, spans in learned.features(text).items() for _ in spans]


def _fit(rows: list[dict], c: float, groups: bool = True):
    """The vectoriser, the "describes a crime" model and (with `groups`) one model per
    offence group."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from asbhub.core.offences import OFFENCE_GROUPS

    vectoriser = TfidfVectorizer(analyzer=_analyse, min_df=2, sublinear_tf=True)
    matrix = vectoriser.fit_transform([row["text"] for row in rows])
    crime = _logistic(c, True).fit(matrix, np.array([bool(row["labels"]) for row in rows]))
    by_group = [
        _logistic(c, False).fit(matrix, np.array([group in row["labels"] for row in rows]))
        for group in (OFFENCE_GROUPS if groups else ())
    ]
    return vectoriser, crime, by_group


def _logistic(c: float, balanced: bool):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=5000, class_weight="balanced" if balanced else None)


def choose(data: Training) -> tuple[float, float, dict]:
    """Pick C and the threshold by leaving out one author's set at a time.

    Each hand-written set is predicted by a model trained on the other sets and the demo
    narratives, so the figures say how the model does on a writer it has not met. The
    rules cannot be judged that way (they were corrected on every tuning part), so the
    model is judged where it acts, on the rules' residue: the choice is the best recall
    there whose precision reaches TARGET_PRECISION, so that a finding the model makes by
    itself is right about four times in five. The residue of the tuning parts holds fewer
    crimes than a new writer's would (the rules were corrected on them), so this errs on the
    side of a higher threshold. (Also requiring the likeliest group's probability to pass a
    floor was tried: on writers the model had not met it only lost recall, so the group
    merely names the offence.)
    """
    truth = np.array([bool(row["labels"]) for row in data.rows])
    sets = np.array(data.sets)
    hand = (sets != DEMO) & data.residue()
    figures: dict[str, dict[str, float]] = {}
    best: tuple[tuple, float, float] | None = None
    for c in C_GRID:
        crime = np.zeros(len(data.rows))
        for name in sorted(set(data.sets) - {DEMO}):
            out = sets == name
            train = [row for row, keep in zip(data.rows, ~out, strict=True) if keep]
            vectoriser, crime_model, _groups = _fit(train, c, groups=False)
            texts = [row["text"] for row, keep in zip(data.rows, out, strict=True) if keep]
            crime[out] = crime_model.predict_proba(vectoriser.transform(texts))[:, 1]
        for threshold in THRESHOLDS:
            flagged = (crime >= threshold)[hand]
            hits = (flagged & truth[hand]).sum()
            precision = float(hits / max(flagged.sum(), 1))
            recall = float(hits / max(truth[hand].sum(), 1))
            figures[f"C={c} threshold={threshold}"] = {
                "precision": round(precision, 3),
                "recall": round(recall, 3),
            }
            reached = precision >= TARGET_PRECISION
            key = (reached, recall if reached else precision, precision)
            if best is None or key > best[0]:
                best = (key, (c, threshold))
    assert best is not None
    return (*best[1], figures)


def train(data: Training):
    """Fit the chosen model on all the training narratives."""
    from asbhub.core.offences import OFFENCE_GROUPS
    from asbhub.integrity import learned

    c, threshold, figures = choose(data)
    rows = data.rows
    vectoriser, crime_model, group_models = _fit(rows, c)
    columns = [crime_model.coef_[0], *(model.coef_[0] for model in group_models)]
    bias = {learned.CRIME: float(crime_model.intercept_[0])}
    for group, model in zip(OFFENCE_GROUPS, group_models, strict=True):
        bias[group] = float(model.intercept_[0])
    weights = np.vstack(columns).T
    names = vectoriser.get_feature_names_out()
    keep = np.abs(weights).max(axis=1) >= MIN_WEIGHT
    meta = {
        "trained_on": len(rows),
        "fingerprint": learned.fingerprint(rows),
        "C": c,
        "leave_one_set_out": figures[f"C={c} threshold={threshold}"],
        "features": int(keep.sum()),
    }
    return learned.Model(
        version=f"m-{meta['fingerprint'][:8]}",
        threshold=threshold,
        outcomes=(learned.CRIME, *OFFENCE_GROUPS),
        bias=bias,
        idf={str(n): float(v) for n, v, k in zip(names, vectoriser.idf_, keep, strict=True) if k},
        weights={
            str(n): tuple(map(float, w)) for n, w, k in zip(names, weights, keep, strict=True) if k
        },
        meta=meta,
    ), figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="Only say whether the shipped model is up to date."
    )
    args = parser.parse_args()
    from asbhub.integrity import learned

    data = training_rows()
    if args.check:
        shipped = learned.read_model()
        current = learned.fingerprint(data.rows)
        fresh = shipped.meta.get("fingerprint") == current
        print(
            "up to date"
            if fresh
            else f"stale: retrain ({current} != {shipped.meta.get('fingerprint')})"
        )
        sys.exit(0 if fresh else 1)
    model, figures = train(data)
    learned.write_model(learned.MODEL_FILE, model)
    for setting, figure in figures.items():
        print(f"{setting}: precision {figure['precision']:.3f}, recall {figure['recall']:.3f}")
    print(
        f"Wrote {learned.MODEL_FILE.relative_to(PROJECT_DIR)}: {model.meta['features']} "
        f"features, C={model.meta['C']}, threshold {model.threshold}: "
        f"{model.meta['leave_one_set_out']}"
    )


if __name__ == "__main__":
    main()
