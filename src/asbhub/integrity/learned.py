"""A learned second opinion for the crime screening: words the rules have not met.

The rules (screening.py) are exact about what they know; people who report ASB use words
nobody wrote a rule for. This model is a logistic regression over the words and word pairs
of the narrative (tf-idf weighted), trained on the tuning parts of the labelled sets
(`scripts/train_screening_model.py`). The screening asks it only when the rules find no
offence, and lists what it finds with its evidence: the words that pushed the probability
up most, as character spans, like a rule's.

Pure and fast: the weights are read once from `data/screening_model.tsv` (an analyst can
read them: one row a word or pair, its weight towards "describes a crime" and towards each
offence group); inference is a dictionary look-up per word, which holds the pairs the word
starts, and numpy only weighs the groups of a narrative the model flags. `make` compiles
this module with the screening (see asbhub.integrity).
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from asbhub.integrity import PACKAGE

# Found from the package, not from this file: the compiled module's `__file__` differs.
MODEL_FILE = PACKAGE / "data" / "screening_model.tsv"
CRIME = "crime"
AGGRAVATION = "hate_aggravated"
_PIECE = re.compile(r"[a-z]+(?:'[a-z]+)?|[.,;:!?\n]")
NEGATIONS = frozenset(
    "no not never nothing nobody none neither nor without didn't didnt don't dont doesn't "
    "wasn't wasnt weren't isn't hasn't haven't hadn't couldn't wouldn't won't cannot".split()
)
NEGATION_SCOPE = 3
EVIDENCE_WORDS = 3
# Words that carry grammar, not meaning ("he", "the", "was"), the report's own furniture
# ("caller", "states") and plain words for people ("youths", "kids"): alone they are no
# evidence of anything, so they are not features; in a pair with a meaningful word they are
# ("punched him", "youths smashed").
FUNCTION_WORDS = frozenset(
    """a about after again all also am an and any are as at back be been before being but by
    can could did do does doing down for from get got had has have having he her here hers
    him his how i i'm if in into is it it's its just me my no nor not now of off on once
    only or our out over own she so some still than that the their them then there these
    they this those through to too under until up very was we were what when where which
    while who why will with would you your ip rp caller inft informant states stated says
    said reports reported report advised lad male female man woman lads males females men
    women youth youths yths kids kid children child boys girls teenagers teens people
    group""".split()
)


@dataclass(frozen=True)
class Assessment:
    """The model's view of one narrative."""

    probability: float
    group: str
    evidence: tuple[tuple[int, int], ...]
    # Whether hate aggravation outweighs every offence: it then aggravates `group`.
    aggravated: bool = False


def tokens(text: str) -> list[tuple[str, int, int] | None]:
    """The words of `text`, lower case, with their character spans; None at a clause break.

    A word within NEGATION_SCOPE words after a negation in its clause is marked "not_"
    ("did not smash anything": not_smash, not_anything), so the model learns denial apart.
    """
    pieces = list(_PIECE.finditer(text.lower()))
    marked = _marked([piece.group() for piece in pieces])
    return [
        (word, piece.start(), piece.end()) if word[0].isalpha() else None
        for word, piece in zip(marked, pieces, strict=True)
    ]


def _meaningful(word: str) -> bool:
    return word.removeprefix("not_") not in FUNCTION_WORDS


def features(text: str) -> dict[str, list[tuple[int, int]]]:
    """Each meaningful word and each adjacent word pair in a clause, with their spans."""
    words = tokens(text)
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for token in words:
        if token is not None and _meaningful(token[0]):
            found[token[0]].append((token[1], token[2]))
    for first, second in zip(words, words[1:], strict=False):
        if (first is not None and second is not None) and (
            _meaningful(first[0]) or _meaningful(second[0])
        ):
            found[f"{first[0]} {second[0]}"].append((first[1], second[2]))
    return found


def _marked(words: list[str]) -> list[str]:
    """`words` (and clause breaks) with the words after a denial marked "not_": the one
    place the negation scope is worked out. A denial's scope ends at a clause break, at
    the next denial (which starts its own) or after NEGATION_SCOPE words."""
    marked = list(words)
    denials = [index for index, denial in enumerate(map(NEGATIONS.__contains__, words)) if denial]
    for denial in denials:
        for index in range(denial + 1, min(denial + 1 + NEGATION_SCOPE, len(words))):
            word = words[index]
            if not word[0].isalpha() or word in NEGATIONS:
                break
            marked[index] = "not_" + word
    return marked


class Feature:
    """A word or word pair the model knows, held as a narrative's reading needs it: its
    number (0 for a word that is a feature only in pairs), its idf, its pull towards
    "crime" (idf times weight) and its idf squared, and, for a word, the pairs it starts, by
    their second word. One compact object a feature: a narrative's look-ups touch little
    of the processor's cache, which the rules share."""

    def __init__(self, number: int, idf: float, pull: float) -> None:
        self.number = number
        self.idf = idf
        self.pull = pull
        self.square = idf * idf
        self.pairs: dict[str, Feature] = _NO_PAIRS


_NO_PAIRS: dict[str, Feature] = {}


@dataclass(frozen=True)
class Reading:
    """A narrative as the model reads it: in lower case, its words and clause breaks (the
    words after a denial marked), its known features (see `Model._known`) and the
    probability that it describes a crime."""

    lowered: str
    words: list[str]
    known: list[Feature]
    probability: float


@dataclass(frozen=True)
class Model:
    """Weights per feature: the inverse document frequency and one weight per outcome."""

    version: str
    threshold: float
    outcomes: tuple[str, ...]
    bias: Mapping[str, float]
    idf: Mapping[str, float]
    weights: Mapping[str, Sequence[float]]
    meta: Mapping[str, Any]
    # Derived from the above when made (see __post_init__).
    _vocabulary: dict[str, Feature] = field(init=False, repr=False, compare=False)
    _feature_of: list[str] = field(init=False, repr=False, compare=False)
    _weighted: Any = field(init=False, repr=False, compare=False)
    _bias: Any = field(init=False, repr=False, compare=False)
    _crime: int = field(init=False, repr=False, compare=False)
    _aggravation: int = field(init=False, repr=False, compare=False)
    _offences: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        crime = self.outcomes.index(CRIME)
        aggravation = self.outcomes.index(AGGRAVATION) if AGGRAVATION in self.outcomes else -1
        # The offences the model may name: never hate aggravation alone, which is always
        # with the offence it aggravates (the rules' hostility signals decide it).
        offences = tuple(o for o in range(len(self.outcomes)) if o not in (crime, aggravation))
        # The features most narratives hold (the lowest idf) first, each name copied afresh:
        # numbered, stored and allocated in that order, the look-ups a narrative makes fall
        # mostly on a few hundred kilobytes that stay in the processor's cache.
        common_first = sorted(self.weights, key=self.idf.__getitem__)
        known = {
            feature.encode().decode(): (self.idf[feature], self.weights[feature][crime])
            for feature in common_first
        }
        # Each feature numbered from 1; by number, its name and its idf times its weight
        # towards each outcome, a row a feature (for `assess`).
        rows = [[0.0] * len(self.outcomes)]
        rows += [[self.idf[f] * w for w in self.weights[f]] for f in known]
        derived = {
            "_vocabulary": _vocabulary(known),
            "_feature_of": ["", *known],
            "_weighted": np.array(rows),
            "_bias": np.array([self.bias[o] for o in self.outcomes]),
            "_crime": crime,
            "_aggravation": aggravation,
            "_offences": offences,
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    def probability(self, text: str) -> float:
        """The probability that `text` describes a crime (the quick path: no group, no
        evidence)."""
        return self.read(text).probability

    def read(self, text: str) -> Reading:
        """Read `text`: its words, known features and probability (what `assess` needs)."""
        lowered = text.lower()
        words = _words(lowered)
        known = self._known(words)
        return Reading(lowered, words, known, self._probability(known))

    def _probability(self, known: list[Feature]) -> float:
        """The probability of a narrative with these known features."""
        dot = 0.0
        squares = 0.0
        for feature in known:  # each occurrence once
            dot += feature.pull
            squares += feature.square
        counts = _counted(known)
        if len(counts) != len(known):  # a repeated feature weighs 1 + ln(count)
            for feature, count in counts.items():
                if count > 1:
                    scale = 1.0 + math.log(count)
                    dot += (scale - count) * feature.pull
                    squares += (scale * scale - count) * feature.square
        return _sigmoid(self.bias[CRIME] + (dot / math.sqrt(squares) if squares else 0.0))

    def _known(self, words: list[str]) -> list[Feature]:
        """The known features among `words` (words and clause breaks) and their adjacent
        pairs: the words, then the pairs, each in text order and as often as they occur.
        Each word is looked up once, with the pairs it starts; a word the model does not
        know (a clause break among them) is in no known feature."""
        vocabulary = self._vocabulary
        known: list[Feature] = []
        pairs: list[Feature] = []
        following = _NO_PAIRS  # the pairs the word before starts
        for word in words:
            entry = vocabulary.get(word)
            if entry is None:
                following = _NO_PAIRS
                continue
            if entry.number:
                known.append(entry)
            if following:
                pair = following.get(word)
                if pair is not None:
                    pairs.append(pair)
            following = entry.pairs
        known.extend(pairs)
        return known

    def assess(self, text: str | Reading) -> Assessment:
        """The probability that `text` describes a crime, the likeliest group and the evidence.

        The groups are weighed only when the probability reaches the threshold (the group
        of a narrative that is not flagged is never shown). `text` may be its `Reading`
        when it has been read already.
        """
        reading = self.read(text) if isinstance(text, str) else text
        probability, lowered, words = reading.probability, reading.lowered, reading.words
        if probability < self.threshold:
            return Assessment(probability, "", ())
        # The known features in their first-seen order, how often each occurs and so how
        # much it counts (tf: 1 + ln(count)).
        counts = _counted(reading.known)
        features = list(counts)
        numbers = [feature.number for feature in features]
        scales = [1.0 + math.log(times) if times > 1 else 1.0 for times in counts.values()]
        norm = math.sqrt(
            sum([(f.idf * s) * (f.idf * s) for f, s in zip(features, scales, strict=True)])
        )
        norm = norm or 1.0
        logits = (self._bias + (np.array(scales) @ self._weighted[numbers]) / norm).tolist()
        group = max(self._offences, key=logits.__getitem__)
        aggravated = self._aggravation >= 0 and logits[self._aggravation] > logits[group]
        pulls = [f.pull * s for f, s in zip(features, scales, strict=True)]
        # The strongest pulls towards "crime", ties in first-seen order (a stable sort).
        order = sorted(range(len(pulls)), key=lambda i: -pulls[i])[:EVIDENCE_WORDS]
        strongest = [self._feature_of[numbers[i]] for i in order if pulls[i] > 0]
        # Where each first occurs: a word is piece i, a pair pieces i and i + 1.
        pieces = [_first_place(words, feature) for feature in strongest]
        places = _piece_spans(lowered, {index for pair in pieces for index in pair})
        evidence = tuple(sorted({(places[first][0], places[last][1]) for first, last in pieces}))
        return Assessment(probability, self.outcomes[group], evidence, aggravated)


def _counted(known: list[Feature]) -> dict[Feature, int]:
    """How often each known feature occurs, in first-seen order."""
    counts: dict[Feature, int] = {}
    for feature in known:
        counts[feature] = counts.get(feature, 0) + 1
    return counts


def _vocabulary(known: Mapping[str, tuple[float, float]]) -> dict[str, Feature]:
    """Each word in the `known` features (each with its idf and its weight towards "crime",
    numbered from 1 in their order) as a Feature: its own (number 0 when it is a feature
    only in pairs), holding the pairs it starts, by their second word."""
    numbered = [
        (number, name, idf, weight)
        for number, (name, (idf, weight)) in enumerate(known.items(), start=1)
    ]
    words = {
        name: Feature(number, idf, idf * weight)
        for number, name, idf, weight in numbered
        if " " not in name
    }
    for number, name, idf, weight in numbered:
        first, space, second = name.partition(" ")
        if not space:
            continue
        start = words.setdefault(first, Feature(0, 0.0, 0.0))
        words.setdefault(second, Feature(0, 0.0, 0.0))  # read on to the pair it ends
        if start.pairs is _NO_PAIRS:
            start.pairs = {}
        start.pairs[second] = Feature(number, idf, idf * weight)
    return words


def _words(lowered: str) -> list[str]:
    """The words and clause breaks of lower-cased text, the words after a denial marked."""
    words = _PIECE.findall(lowered)
    return _marked(words) if not NEGATIONS.isdisjoint(words) else words


def _first_place(words: list[str], feature: str) -> tuple[int, int]:
    """The pieces where a feature first occurs: a word at piece i is (i, i), a pair at
    pieces i and i + 1 is (i, i + 1)."""
    first, space, second = feature.partition(" ")
    if not space:
        return words.index(first), words.index(first)
    for at, word in enumerate(words[:-1]):
        if word == first and words[at + 1] == second:
            return at, at + 1
    raise ValueError(feature)


def _piece_spans(lowered: str, wanted: set[int]) -> dict[int, tuple[int, int]]:
    """The character spans of the pieces (words and breaks) numbered in `wanted`."""
    pieces = islice(_PIECE.finditer(lowered), max(wanted, default=-1) + 1)
    spans = list(map(re.Match.span, pieces))  # in C, up to the last piece wanted
    return {index: spans[index] for index in wanted}


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1.0 + exp)


def read_model(path: Path = MODEL_FILE) -> Model:
    """Read a model file: a `#` line of JSON settings, a header, then one row a feature."""
    with path.open(encoding="utf-8") as handle:
        meta = json.loads(handle.readline().lstrip("#").strip())
        header = handle.readline().rstrip("\n").split("\t")
        outcomes = tuple(header[2:])
        idf: dict[str, float] = {}
        weights: dict[str, tuple[float, ...]] = {}
        for line in handle:
            feature, idf_value, *values = line.rstrip("\n").split("\t")
            idf[feature] = float(idf_value)
            weights[feature] = tuple(float(value) for value in values)
    return Model(
        version=str(meta["version"]),
        threshold=float(meta["threshold"]),
        outcomes=outcomes,
        bias={outcome: float(meta["bias"][outcome]) for outcome in outcomes},
        idf=idf,
        weights=weights,
        meta=meta,
    )


@cache
def default_model() -> Model | None:
    """The shipped model, or None when no model file is shipped."""
    return read_model() if MODEL_FILE.exists() else None


def write_model(path: Path, model: Model) -> None:
    """Write `model` in the form `read_model` reads, features sorted for a stable diff."""
    lines = [
        "# "
        + json.dumps(
            {
                **model.meta,
                "version": model.version,
                "threshold": model.threshold,
                "bias": dict(model.bias),
            },
            sort_keys=True,
        ),
        "\t".join(["feature", "idf", *model.outcomes]),
    ]
    for feature in sorted(model.idf):
        values = "\t".join(f"{value:.5f}" for value in model.weights[feature])
        lines.append(f"{feature}\t{model.idf[feature]:.5f}\t{values}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def fingerprint(rows: Iterable[Mapping[str, Any]]) -> str:
    """A short hash of training narratives and labels, so a stale model can be noticed."""
    import hashlib

    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps([row["text"], sorted(row["labels"])]).encode())
    return digest.hexdigest()[:16]
