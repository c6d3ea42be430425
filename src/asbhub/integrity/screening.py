"""Crime screening of ASB narratives: which offences does this text suggest, and why.

Pure and fast: plain text in, a `Screening` out, no ORM, no settings, no clock. The rules
and vocabularies live in `data/screening_rules.yaml`, which an analyst can read and amend;
they are compiled once into regular expressions.

Use it like this::

    from asbhub.integrity import screening

    result = screening.screen("Susp shouted abuse at IP and said he'd do her in")
    for offence in result:              # the likely offences, most likely first
        offence.group                   # "threats_to_kill", "public_order", ...
        offence.classification          # Home Office classification, e.g. "3B" (or None)
        offence.confidence              # 0 to 1
        [(e.start, e.end, e.text) for e in offence.evidence]   # the words, as spans
    result.describes_crime              # True when any offence is listed

`screen(text, answers)` also takes the contact script's structured answers (for example
``{"hate_motivated": True, "happened_before": True}``); the keys it understands are listed
under `answers` in the rules file.

How it works, in order:

1. Curly apostrophes become straight ones; common misspellings and one-letter slips of
   listed words are read as the word meant (spans still point into the original text).
2. Each rule's pattern is searched for. A match is *discounted* when it lies wholly inside a
   guarded name (a street, pub or place such as "Heol y Groes" or "Fighting Cocks"), or when
   a negation word comes shortly before it in the same clause ("no one was hurt", "nothing
   was damaged", "didn't threaten"), or when the whole report is taken back ("please ignore
   my earlier report", "no crime").
3. A match in a sentence with hearsay or doubt ("apparently", "she believes") keeps its
   evidence but counts for less.
4. Rule matches for the same group combine as independent pieces of evidence (noisy-or,
   each rule counted once). Signals combine into offences: repetition with hostile
   behaviour aimed at someone is a course of conduct (harassment); hate words aggravate
   the offences they accompany. A rule may set its words aside when a threat is not an
   act ("said he'd batter her") or the sentence explains them (storm damage, a dog's bite).
5. The classification is refined from the words near the evidence (a car: 58C) or a signal
   (injury: 8N for an assault); an offence whose words all lie in the sentences of its
   principal offence is folded into it (abuse within a course of conduct is the harassment).
   An offence the report itself takes back ("they were both laughing", "nobody took it", a
   rumour and then "nothing happened") is set aside, its words kept (`taken_back`).
6. When the rules find nothing, the learned second opinion (learned.py: a logistic
   regression over words and word pairs, trained on the tuning narratives) is asked; at or
   above its threshold it lists its likeliest group, with the words that weighed most as
   evidence (kind "learned") and a confidence of at most 0.5.

Speed: each rule's pattern is analysed once for the word beginnings it cannot match
without, and for the words every match starts with. The word starts of a text are looked
up (up to six letters before a space, cached) to find which beginnings occur and where; a
rule is tried only when its words are there, and only where a match can start: at its
first words (even common ones such as "got" or "with" when its rarer words come later), or
else at the word starts shortly before its required word. Denials, hearsay, retractions
and a rule's exceptions are searched for in the same way (`_Cue`); the alternatives of one
that start with their words are tried only there, and only the rest is searched through
the text. A plain ASCII text is matched with the patterns compiled for ASCII, which mean
the same there and run quicker.
`Screener(config, gate=False)` tries every rule and condition everywhere, in Unicode; the
tests check the two agree on every hand-written narrative, to the last piece of evidence.
`make` compiles this module with mypyc (see `asbhub.integrity`): keep its type annotations
true, as the compiled module checks them.
"""

from __future__ import annotations

import re

# The stdlib's regex parser, used to find required words (mypy knows no stubs for it).
import re._parser as _sre_parse  # type: ignore[import-not-found]
import sys
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from itertools import accumulate
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from asbhub.core.offences import OFFENCE_GROUPS
from asbhub.integrity import PACKAGE, learned
from asbhub.integrity.trie import alternatives, factored, group_end

RULES_FILE = PACKAGE / "data" / "screening_rules.yaml"  # not beside __file__ when compiled


# A word in a gap may hold an apostrophe, a slash, an asterisk ("f***ing"), a hyphen, an
# ampersand ("scarf & phone") or a pound sign ("the £400"); in the longer gaps a comma too.
_GAP_WORD = r"[\w'/*&£-]+ "
_GAP_WORD_COMMA = r"[\w'/*,&£-]+ "
# A gap word that is no negation ("messages not abusive", "door - nothing damaged" are no
# offence).
_NOT_NEGATION = r"(?!(?:not|no|never|nothing|none|nobody)\b)"
_GAPS = {
    "gap2": f"(?:{_GAP_WORD}){{0,2}}",
    "gap3": f"(?:{_GAP_WORD}){{0,3}}",
    "gap5": f"(?:{_GAP_WORD}){{0,5}}",
    "gap8": f"(?:{_GAP_WORD_COMMA}){{0,8}}",
    "gap2n": f"(?:{_NOT_NEGATION}{_GAP_WORD}){{0,2}}",
    "gap5n": f"(?:{_NOT_NEGATION}{_GAP_WORD_COMMA}){{0,5}}",
}
LEARNED_RULE = "learned model"
LEARNED_CEILING = 0.5
_GROUP_ORDER = {group: order for order, group in enumerate(OFFENCE_GROUPS)}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Splits lower-case text into the text between words and the words (kept, in a group).
_TOKEN_SPLIT = re.compile(r"([a-z]+(?:'[a-z]+)?)")
_WORDS = re.compile(r"\w+")
_SEPARATORS = re.compile("[\x1c-\x1f]")
_UPPER = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = b"abcdefghijklmnopqrstuvwxyz"
_CAPITAL_WORD = re.compile(r"[A-Z][a-z]+(?:'[a-z]+)?")
# A run of full stops, question or exclamation marks before a space or the end, or of
# semicolons and line breaks, or a slash between spaces (written to start with one of
# their characters, which the engine skips to quickly: each kind is told by looking back).
_SENTENCE_END = re.compile(r"[.!?;\n/](?:(?<=[.!?])[.!?]*(?=\s|$)|(?<=[;\n])[;\n]*|(?<=\s/)(?=\s))")
# Words quoted in single quotation marks are read without the marks when they are speech
# ('put every window in your house through', called her a 'slag', called him 'cripple',
# sprayed 'queers'), as are words quoted first or after a colon ("'your dead' painted on the
# door", 'message said: "die"'); a word or two quoted after anything else is most often a
# doubt ("is 'stalking' her", "his car was 'smashed up'", 'the landlord "broke in"') and
# keeps its marks. Words written on something ("'GYPOS OUT' painted on the sign") and shouts
# of a word ("shouts of 'terrorists'") are speech too. Double quotation marks are read as
# single ones.
_QUOTED = re.compile(r"'(?<![\w']')((?:[^'\n]|(?<=\w)'(?=\w))+?)'(?!\w)")
_NAMED_AS = re.compile(
    r"(?i)(?:\b(?:a|an|you|called|calling|calls|call|named|shouted|shouting|shouts|screamed"
    r"|screaming|yelled|yelling|chanted|chanting|sprayed|painted|daubed|scratched|gouged|wrote"
    r"|written|said|says|saying|told|tells|telling|texted|messaged|posted|warned|replied"
    r"|(?:shouts|cries|chants|calls|screams) of|the words?|reading)"
    r"(?:\s+(?:him|her|them|me|us|ip|rp))?|'\s*(?:and|or|,))\s+$"
)


_WRITTEN_ON = re.compile(
    r"(?i)\s*(?:was |were |had been |has been |been )?(?:painted|sprayed|spray[- ]painted|written"
    r"|daubed|scrawled|carved|scratched|etched|graffitied)\b"
)


def _unquote(match: re.Match[str]) -> str:
    words = match.group(1)
    before = match.string[max(0, match.start() - 20) : match.start()]
    if (
        len(words.split()) >= 3
        or _NAMED_AS.search(before)
        or before.rstrip()[-1:] in ("", ":")
        or _WRITTEN_ON.match(match.string, match.end())
    ):
        return f" {words} "
    return match.group()


_APOSTROPHES = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u201c": "'",
        "\u201d": "'",
        '"': "'",
        "(": " ",
        ")": " ",
        "[": " ",
        "]": " ",
    }
)
# The same for plain ASCII text, as a table of bytes: translated in C with no look-up per
# character (the text is encoded and decoded around it, a copy each way).
_ASCII_APOSTROPHES = bytes(
    ord(_APOSTROPHES[code]) if code in _APOSTROPHES else code for code in range(256)
)


@dataclass(frozen=True)
class Evidence:
    """Words that triggered a rule: a character span of the original text.

    Evidence from a structured answer has `kind` "answer" and the span (-1, -1).
    """

    start: int
    end: int
    text: str
    rule: str
    kind: str = "trigger"
    hearsay: bool = False

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "rule": self.rule,
            "kind": self.kind,
            "hearsay": self.hearsay,
        }


@dataclass(frozen=True)
class Offence:
    """A likely offence with its Home Office classification, evidence and confidence."""

    group: str
    label: str
    classification: str | None
    classification_label: str
    classification_confirmed: bool
    confidence: float
    evidence: tuple[Evidence, ...]
    qualifiers: tuple[str, ...] = ()
    section: str = ""

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the shape `asbhub screen` writes and the review stores)."""
        return {
            "group": self.group,
            "label": self.label,
            "classification": self.classification,
            "classification_label": self.classification_label,
            "classification_confirmed": self.classification_confirmed,
            "confidence": self.confidence,
            "evidence": [item.as_dict() for item in self.evidence],
            "qualifiers": list(self.qualifiers),
            "section": self.section,
        }


@dataclass(frozen=True)
class Screening:
    """The result of screening one narrative: iterate it for its offences, most likely first.

    `discounted` holds the matches that did not count (negated or inside a place name), so a
    reviewer can see what was considered and why it was set aside.
    """

    offences: tuple[Offence, ...]
    discounted: tuple[Evidence, ...] = ()
    rules_version: str = ""

    def __iter__(self) -> Iterator[Offence]:
        return iter(self.offences)

    def __len__(self) -> int:
        return len(self.offences)

    def __bool__(self) -> bool:
        return bool(self.offences)

    @property
    def describes_crime(self) -> bool:
        """True when the text suggests at least one offence."""
        return bool(self.offences)

    @property
    def groups(self) -> tuple[str, ...]:
        """The offence groups found, most likely first."""
        return tuple(offence.group for offence in self.offences)

    @property
    def top_confidence(self) -> float:
        """The highest confidence of any offence, or 0."""
        return max((offence.confidence for offence in self.offences), default=0.0)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "rules_version": self.rules_version,
            "describes_crime": self.describes_crime,
            "offences": [offence.as_dict() for offence in self.offences],
            "discounted": [item.as_dict() for item in self.discounted],
        }


class _Reading(NamedTuple):
    """A narrative as the rules read it: its normal form, where the word beginnings the
    rules need occur, its sentences (and where each starts) and its word starts; and
    whether it is plain ASCII (matched by the quicker ASCII forms of the patterns)."""

    norm: str
    positions: dict[str, list[int]]
    present: set[str]
    sentences: list[tuple[int, int]]
    starts: list[int]
    word_starts: list[int]
    ascii: bool


class _Where(NamedTuple):
    """The word beginnings of a text (those the rules need) and where each occurs; and,
    filled as conditions are looked for, where each condition's words occur; and whether
    the text is plain ASCII."""

    present: set[str]
    at: dict[str, list[int]]
    cues: dict[int, list[int]]
    ascii: bool


@dataclass(frozen=True)
class _Cue:
    """A condition's regular expression (a denial, hearsay, a rule's exception) and the word
    beginnings it cannot match without, so that texts without them are not searched."""

    regex: re.Pattern[str]
    ascii_regex: re.Pattern[str]  # the same, for plain ASCII text (see `_plain`)
    words: frozenset[str] | None
    leading: bool = False
    # When the whole does not start with its words: its alternatives that do, then the
    # rest, each looked for apart (`search` only), so that only the rest is searched wide.
    parts: tuple[_Cue, ...] = ()

    @classmethod
    def compile(cls, inner: str, frame: str = "{}") -> _Cue:
        """The cue `frame` with `inner` in it (`frame` holds `{}` once)."""
        whole = cls._compiled(frame.format(inner))
        if whole.leading or _EMPTY_ALTERNATIVE.search(inner):
            return whole
        leading: list[str] = []
        rest: list[str] = []
        words: set[str] = set()
        for alternative in _top_level_branches(inner):
            framed = frame.format(alternative)
            needed, leads, _also, _anchors = _required(_cue_pattern(framed))
            if leads and needed:
                leading.append(framed)
                words.update(needed)
            else:
                rest.append(framed)
        if not leading or len(leading) + len(rest) < 2:
            return whole
        first = cls._compiled("|".join(leading), frozenset(words))
        parts = (first, cls._compiled("|".join(rest))) if rest else (first,)
        return replace(whole, parts=parts)

    @classmethod
    def _compiled(cls, pattern: str, leading_words: frozenset[str] | None = None) -> _Cue:
        """Compile a pattern, with the word beginnings it needs (`leading_words`: those
        every match is known to start with)."""
        pattern = _cue_pattern(pattern)
        if leading_words is None:
            words, leading, _also, _anchors = _required(pattern)
        else:
            words, leading = tuple(leading_words), True
        source = factored(pattern)
        return cls(
            re.compile(source),
            re.compile(source, re.ASCII),
            frozenset(words) if words else None,
            leading,
        )

    @property
    def all_words(self) -> set[str]:
        """Every word beginning it or its parts are looked for by."""
        return set(self.words or ()).union(*(part.words or () for part in self.parts))

    def search(
        self,
        where: _Where | None,
        text: str,
        pos: int = 0,
        endpos: int = sys.maxsize,
    ) -> re.Match[str] | None:
        """`regex.search`, knowing `where` the word beginnings of `text` are (None: not
        known): skipped unless one of its words starts between `pos` and `endpos`, and
        when every match starts with one of them, tried only where they do. A cue in parts
        gives a match of the first part that has one (not always the leftmost)."""
        if where is not None and self.parts:
            for part in self.parts:
                match = part.search(where, text, pos, endpos)
                if match is not None:
                    return match
            return None
        regex = self.regex_for(where)
        if where is None or self.words is None:
            return regex.search(text, pos, endpos)
        spots = where.cues.get(id(self))
        if spots is None:
            found = where.present & self.words
            spots = where.cues[id(self)] = sorted(
                {spot for word in found for spot in where.at[word]}
            )
        # A match holds one of its words, so one must start between `pos` and `endpos`.
        first = bisect_left(spots, pos)
        if first == len(spots) or spots[first] >= endpos:
            return None
        if not self.leading:
            return regex.search(text, pos, endpos)
        for spot in spots[first : bisect_left(spots, endpos)]:
            match = regex.match(text, spot, endpos)
            if match:
                return match
        return None

    def match(self, where: _Where | None, text: str) -> re.Match[str] | None:
        """`regex.match` at the start of `text`, skipped when its words are not `where`
        (the word beginnings of the text that `text` was cut from)."""
        if where is not None and self.words is not None and where.present.isdisjoint(self.words):
            return None
        return self.regex_for(where).match(text)

    def regex_for(self, where: _Where | None) -> re.Pattern[str]:
        """The regex in its ASCII form when `where` says the text is plain ASCII."""
        return self.ascii_regex if where is not None and where.ascii else self.regex


@dataclass(frozen=True)
class _TakenBack:
    """Words anywhere in a report that take back a kind of offence: facts that explain its
    words, such as a threat said in jest, a lost thing nobody took or a rumour denied
    (`taken_back` in the rules file)."""

    id: str
    groups: frozenset[str] | None  # None: every group
    hearsay_only: bool
    cue: _Cue

    @classmethod
    def compile(cls, spec: Mapping[str, Any], expand: Callable[[str], str]) -> _TakenBack:
        groups = spec["groups"]
        unknown = set() if groups == "all" else set(groups) - set(OFFENCE_GROUPS)
        if unknown:
            raise ValueError(f"taken_back {spec['id']}: unknown groups {sorted(unknown)}")
        return cls(
            spec["id"],
            None if groups == "all" else frozenset(groups),
            bool(spec.get("hearsay_only")),
            _Cue.compile(expand(spec["pattern"]), r"\b(?:{})\b"),
        )


@dataclass(frozen=True)
class _Rule:
    id: str
    target: str
    is_signal: bool
    weight: float
    classification: str | None
    section: str
    unless_before: _Cue | None = None
    unless_sentence: _Cue | None = None
    # Set aside inside quoted speech (the speaker's "again", not the report's).
    not_in_speech: bool = False


@dataclass(slots=True)
class _Hit:
    rule: _Rule
    start: int
    end: int
    hearsay: bool


@dataclass(slots=True)
class _Branch:
    """One alternative of a rule's pattern, with the word beginnings it cannot match without.

    When `leading`, every match starts with one of them, so the regex is only tried there.
    Otherwise, when every match starts with one of the `anchors` (word beginnings too
    common to gate on, such as "got" or "with"), it is tried only where they occur.
    The regex is compiled when first needed (`Screener.validate` compiles them all).
    """

    # Read for every candidate branch, so declared first, to lie together (set when made).
    # The word beginnings to check when it is a candidate (see `Screener._needles`).
    check: frozenset[str] | None = field(init=False)
    start: str | None = field(init=False)  # the one word beginning it starts with, if one
    starts: tuple[str, ...] | None = field(init=False)
    _compiled_ascii: re.Pattern[str] | None = field(init=False, default=None)
    _compiled: re.Pattern[str] | None = field(init=False, default=None)
    required_set: frozenset[str] = field(init=False)
    rule: _Rule
    source: str
    required: tuple[str, ...] | None
    leading: bool
    also: tuple[str, ...] | None = None
    inner: str = ""
    anchors: tuple[str, ...] | None = None
    # The texts every match starts with, in a plain ASCII text (None: not known).
    openings: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        self.check = frozenset(self.also) if self.also is not None else None
        starts = self.required if self.leading else self.anchors
        self.start = starts[0] if starts and len(starts) == 1 else None
        self.starts = tuple(starts) if starts else None
        self.required_set = frozenset(self.required or ())

    @property
    def regex(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source)
        return self._compiled

    @property
    def ascii_regex(self) -> re.Pattern[str]:
        """The same pattern for plain ASCII text, where `\\w`, `\\b` and `\\s` mean the
        same in ASCII as in Unicode and the engine tests them quicker."""
        if self._compiled_ascii is None:
            self._compiled_ascii = re.compile(self.source, re.ASCII)
        return self._compiled_ascii

    def regex_for(self, plain: bool) -> re.Pattern[str]:
        """The regex in its ASCII form for a plain ASCII text (see `_plain`)."""
        return self.ascii_regex if plain else self.regex


@dataclass(slots=True)
class _Found:
    hits: list[_Hit] = field(default_factory=list)

    def confidence(self, hearsay_factor: float) -> float:
        """Each rule counts once (its strongest hit); different rules combine by noisy-or."""
        best: dict[str, float] = {}
        for hit in self.hits:
            weight = hit.rule.weight * (hearsay_factor if hit.hearsay else 1.0)
            best[hit.rule.id] = max(best.get(hit.rule.id, 0.0), weight)
        miss = 1.0
        for weight in best.values():
            miss *= 1.0 - weight
        return 1.0 - miss


class _Text:
    """The narrative as matched, with a map back to the original text.

    Lower-cased; misspellings read as the word meant, except `units` beside a number ("a
    14 yr old" and "yr 9" keep their "yr"); a capitalised word in mid-sentence that the rules
    do not know (most likely a name: "punched Kyle") read as "someone".
    """

    def __init__(
        self,
        original: str,
        corrections: Mapping[str, str],
        known: frozenset[str],
        units: frozenset[str] = frozenset(),
    ) -> None:
        self.original = original
        text = (
            original.encode().translate(_ASCII_APOSTROPHES).decode()
            if original.isascii()
            else original.translate(_APOSTROPHES)
        )
        # Where someone's own words are quoted (spans of the original text).
        self.speech: list[tuple[int, int]] = []
        if "'" in text:
            text = _QUOTED.sub(self._unquote, text)
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered = "".join(char.lower()[:1] or char for char in text)
        self._norm_starts: list[int] = []
        self._spans: list[tuple[int, int, int, int]] = []
        self.text = lowered
        # Words and the text between them, alternately (split in C: most words are kept).
        pieces = _TOKEN_SPLIT.split(lowered)
        wrong = corrections.keys() & pieces[1::2]  # in C
        names = {word.lower() for word in _capitalised(text)} - known
        if not wrong and not names:
            return
        targets = wrong | names
        ends: list[int] | None = None
        shift = 0
        for index in range(1, len(pieces), 2):
            lower = pieces[index]
            if lower not in targets:
                continue
            if ends is None:
                ends = list(accumulate(map(len, pieces)))
            start = ends[index - 1]
            if lower in wrong:
                fixed = corrections[lower]
                if fixed == lower or (lower in units and _by_number(pieces, index)):
                    continue
            elif text[start].isupper() and _mid_sentence(text, start):
                fixed = "someone"
            else:
                continue
            pieces[index] = fixed
            norm_start = start + shift
            shift += len(fixed) - len(lower)
            self._norm_starts.append(norm_start)
            self._spans.append((norm_start, norm_start + len(fixed), start, start + len(lower)))
        if self._spans:
            self.text = "".join(pieces)

    def _unquote(self, match: re.Match[str]) -> str:
        read = _unquote(match)
        if read is not match.group():
            self.speech.append(match.span())
        return read

    def in_speech(self, start: int, end: int) -> bool:
        """Whether the original text's span lies inside quoted speech."""
        return any(low <= start and end <= high for low, high in self.speech)

    def to_original(self, position: int, is_end: bool) -> int:
        """Map a position in the matched text back to the original text."""
        if not self._spans:
            return position
        index = bisect_right(self._norm_starts, position) - 1
        if index < 0:
            return position
        norm_start, norm_end, orig_start, orig_end = self._spans[index]
        if position < norm_end:
            return orig_end if is_end and position > norm_start else orig_start
        return orig_end + (position - norm_end)


class _RulesLoader(yaml.SafeLoader):
    """YAML that refuses a key given twice in one mapping: otherwise the second would
    silently replace the first (a rule's `unless_before` written twice loses one)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise ValueError(
                    f"rules file line {key_node.start_mark.line + 1}: {key!r} is given twice"
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_rules(text: str) -> dict[str, Any]:
    """The rules file's settings, refusing a key given twice in one place."""
    return yaml.load(text, Loader=_RulesLoader)  # noqa: S506 (a SafeLoader)


def _by_number(pieces: list[str], index: int) -> bool:
    """Whether word `index` of the alternating text-and-word `pieces` has a number just
    before it ("14 yr") or just after it ("yr 9", "yr9")."""
    before = pieces[index - 1].rstrip(" -")
    after = pieces[index + 1].lstrip(" -") if index + 1 < len(pieces) else ""
    return before[-1:].isdigit() or after[:1].isdigit()


def _capitalised(text: str) -> list[str]:
    """Capitalised words after a space or tab that follows a character other than white
    space or a full stop, question or exclamation mark, none counted twice (the
    characters of one word and of the one before the next cannot overlap): what
    `[^\\s.!?][ \\t]+([A-Z][a-z]+(?:'[a-z]+)?)` finds, but found from the capitals, to which
    the regex engine skips quickly."""
    words = []
    reach = 0
    for match in _CAPITAL_WORD.finditer(text):
        start = before = match.start()
        while before > 0 and text[before - 1] in " \t":
            before -= 1
        if before in (start, 0) or before - 1 < reach:
            continue
        char = text[before - 1]
        if not char.isspace() and char not in ".!?":
            words.append(match.group())
            reach = match.end()
    return words


def _in_both_cases(words: Iterable[str]) -> list[str]:
    """The words as written and in capitals, escaped for a regex (street words are
    written in either: "Road", "ROAD")."""
    words = list(words)
    return [re.escape(word) for word in [*words, *(word.upper() for word in words)]]


_FIRST_ELEMENT = re.compile(r"\[(?:\\.|[^\]\\])+\]|\\?.", re.DOTALL)


def _at_word_starts(patterns: Iterable[str]) -> str:
    """`\\b(?:a|b|...)` for patterns that each start with one character or character class,
    written as each one's first character, then the boundary looked back to, then the rest:
    the engine then skips quickly to the first characters, where `\\b` written first would
    have it try every position (quicker when those characters are rare, as capitals are)."""
    written = []
    for pattern in patterns:
        first = _FIRST_ELEMENT.match(pattern)
        assert first is not None, pattern
        written.append(rf"{first.group()}(?<=\b.){pattern[first.end() :]}")
    return "|".join(written)


def _mid_sentence(text: str, start: int) -> bool:
    """True when the word at `start` does not begin a sentence or a line."""
    before = text[:start].rstrip(" \t")
    return bool(before) and before[-1] not in ".!?\n:;\"'("


def _split_list(text: str) -> list[str]:
    """A vocabulary's items: split at its commas, but not at one inside brackets or braces
    ("(?:\\w+ ){0,3}" stays one item)."""
    items, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "([{" and text[index - 1 : index] != "\\":
            depth += 1
        elif char in ")]}" and text[index - 1 : index] != "\\":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(text[start:index])
            start = index + 1
    items.append(text[start:])
    return items


def _lower_pattern(pattern: str) -> str:
    """Lower-case a pattern's letters, leaving escapes (\\S, \\W, \\B) as they are."""
    return re.sub(
        r"\\.|[A-Z]", lambda m: m.group() if len(m.group()) > 1 else m.group().lower(), pattern
    )


def _variants(word: str) -> set[str]:
    """Words one slip from `word`: a letter missing, doubled, swapped or (long words) wrong."""
    out: set[str] = set()
    letters = "abcdefghijklmnopqrstuvwxyz"
    for i in range(len(word)):
        if len(word) >= 6:
            out.add(word[:i] + word[i + 1 :])
        out.add(word[:i] + word[i] + word[i:])
        if i < len(word) - 1:
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
        if len(word) >= 8:
            out.update(word[:i] + letter + word[i + 1 :] for letter in letters)
    out.discard(word)
    return out


class Screener:
    """The compiled rules. Build one with `Screener.from_file()` (or use `screen`)."""

    def __init__(
        self, config: Mapping[str, Any], gate: bool = True, model: learned.Model | None = None
    ) -> None:
        """Compile the rules. `gate=False` tries every rule on every text (slow; used by
        the tests to prove the word-beginning gate never changes a result). `model` is the
        learned second opinion asked when the rules find nothing (None: rules only)."""
        self.config = config
        self.gate = gate
        self.model = model
        self.version = str(config.get("version", "")) + (f"+{model.version}" if model else "")
        self.min_confidence = float(config.get("min_confidence", 0.3))
        self.hearsay_factor = float(config.get("hearsay_factor", 0.75))
        self.classifications: dict[str, dict[str, Any]] = {
            str(code): dict(value) for code, value in config["classifications"].items()
        }
        self.groups: dict[str, dict[str, Any]] = dict(config["groups"])
        unknown = set(self.groups) - set(OFFENCE_GROUPS)
        if unknown:
            raise ValueError(f"Unknown offence groups in the rules: {sorted(unknown)}")
        self.signals: dict[str, str] = dict(config.get("signals", {}))
        self.answers: dict[str, str] = dict(config.get("answers", {}))
        self._vocab = {
            name: [item.strip() for item in _split_list(str(value)) if item.strip()]
            for name, value in config.get("vocab", {}).items()
        }
        self._vocab_cache: dict[str, str] = {}
        self.rules: list[_Rule] = []
        self._branches: list[_Branch] = []
        self.conditions: dict[str, str] = dict(config.get("conditions", {}))
        self.principal: dict[str, list[str]] = dict(config.get("principal", {}))
        self._compile_rules(list(config.get("rules", [])) + list(config.get("signal_rules", [])))
        self._gated = self._branches
        # Each branch is a candidate when one of its required word beginnings is present,
        # or, when it also needs one of another set (`also`) that the branches name less
        # often (and so, most likely, a narrative holds less often), when one of those is;
        # the other set is checked then (`_Branch.check`).
        self._needles: dict[str, list[int]] = {}
        self._always: list[int] = []
        named = Counter(word for branch in self._gated for word in _words_needed(branch))
        needles: set[str] = set()
        for index, branch in enumerate(self._gated):
            if branch.required is None:
                self._always.append(index)
            else:
                looked_up = branch.required
                if branch.also is not None and sum(map(named.__getitem__, branch.also)) < sum(
                    map(named.__getitem__, branch.required)
                ):
                    looked_up, branch.check = branch.also, branch.required_set
                for needle in looked_up:
                    self._needles.setdefault(needle, []).append(index)
            needles.update((branch.required or ()) + (branch.also or ()) + (branch.anchors or ()))
        # Words that take the whole report back; searched for only where their words occur.
        retracted = config["negation"].get("retracted")
        self._retracted = _Cue.compile(retracted, r"\b(?:{})\b") if retracted else None
        self._taken_back = [
            _TakenBack.compile(entry, self._expand) for entry in config.get("taken_back", [])
        ]
        # For each group, the entries that can take it back.
        self._takers = {
            group: [e for e in self._taken_back if e.groups is None or group in e.groups]
            for group in OFFENCE_GROUPS
        }
        # The word beginnings each run of six characters starts with, filled as texts come.
        self._beginnings_of: dict[str, tuple[str, ...]] = {}
        self.composites = list(config.get("composites", []))
        self._composite_sets = [
            (
                composite,
                [frozenset(options) for options in composite["all_of"]],
                frozenset(composite.get("none_of", [])),
            )
            for composite in self.composites
        ]
        for composite in self.composites:
            if composite["group"] not in self.groups:
                raise ValueError(f"Composite {composite['id']}: unknown group")
        self._refine = {
            group: [self._compile_refinement(step) for step in spec.get("refine", [])]
            for group, spec in self.groups.items()
        }
        self._refine_last = {
            group: [self._compile_refinement(step) for step in spec.get("refine_last", [])]
            for group, spec in self.groups.items()
        }
        negation = config["negation"]
        self._negation_window = int(negation.get("window", 5))
        self._negators = _Cue.compile(negation["cues"], r"\b(?:{})\b")
        self._pseudo = re.compile(_lower_pattern(rf"(?:{negation['pseudo']})\b"))
        self._boundaries = re.compile(_lower_pattern(negation["boundaries"]))
        self._relative = frozenset(negation.get("relative_clause", "").lower().split())
        self._verb_helpers = frozenset(negation.get("verb_helpers", "").lower().split())
        self._after = _Cue.compile(negation["after"])
        self._hearsay = _Cue.compile(config["hearsay"]["cues"], r"\b(?:{})\b")
        cues = [self._negators, self._after, self._hearsay, self._retracted]
        cues += [entry.cue for entry in self._taken_back]
        cues += [rule.unless_before for rule in self.rules] + [
            rule.unless_sentence for rule in self.rules
        ]
        for cue in cues:
            if cue is not None:
                needles.update(cue.all_words)
        self._word_beginnings = frozenset(needles)
        self._guards = self._compile_guards(config["guard"])
        street_words = _in_both_cases(config["guard"].get("street_words", []))
        welsh = _in_both_cases(config["guard"].get("welsh_street_words", []))
        self._street_after = re.compile(
            rf"(?:[ \t]+[A-Z\u00c0-\u0178][\w'\u2019-]*){{0,3}}[ \t]+(?:{'|'.join(street_words)})\b"
        )
        self._welsh_before = re.compile(
            rf"\b(?:{'|'.join(welsh)})(?:[ \t]+[\w'\u2019-]+){{0,4}}[ \t]*$"
        )
        self._known = frozenset(_words_in(config))
        self._corrections = self._build_corrections(config.get("spelling", {}), set(self._known))
        self._units = frozenset(config.get("spelling", {}).get("units", []))

    @classmethod
    def from_file(
        cls, path: Path = RULES_FILE, gate: bool = True, model: learned.Model | None = None
    ) -> Screener:
        """Read and compile a rules file."""
        with path.open(encoding="utf-8") as handle:
            return cls(read_rules(handle.read()), gate=gate, model=model)

    # -- compiling --------------------------------------------------------------------------

    def _expand_vocab(self, name: str, seen: tuple[str, ...] = ()) -> str:
        if name in _GAPS:
            return _GAPS[name]
        if name in self._vocab_cache:
            return self._vocab_cache[name]
        if name not in self._vocab:
            raise ValueError(f"Unknown vocabulary {{{name}}} in the screening rules")
        if name in seen:
            raise ValueError(f"Vocabulary {{{name}}} refers to itself")
        items = sorted(self._vocab[name], key=len, reverse=True)
        parts = [self._expand(item, (*seen, name)) for item in items]
        expanded = "(?:" + "|".join(parts) + ")"
        self._vocab_cache[name] = expanded
        return expanded

    def _expand(self, pattern: str, seen: tuple[str, ...] = ()) -> str:
        """Turn the rules file's pattern shorthand into a regular expression."""
        pattern = pattern.replace("~", r"\w*")
        pattern = _PLACEHOLDER.sub(lambda m: self._expand_vocab(m.group(1), seen), pattern)
        pattern = re.sub(r"(?<!\\) \?", r"\\s*", pattern)
        return re.sub(r"(?<!\\) ", r"\\s+", pattern)

    def _compile_rules(self, specs: list[Mapping[str, Any]]) -> None:
        ids: set[str] = set()
        for spec in specs:
            rule_id = spec["id"]
            if rule_id in ids:
                raise ValueError(f"Duplicate rule id {rule_id}")
            ids.add(rule_id)
            is_signal = "signal" in spec
            target = spec["signal"] if is_signal else spec["group"]
            if is_signal and target not in self.signals:
                raise ValueError(f"Rule {rule_id}: unknown signal {target}")
            if not is_signal and target not in self.groups:
                raise ValueError(f"Rule {rule_id}: unknown group {target}")
            classification = spec.get("classification")
            if classification is not None and str(classification) not in self.classifications:
                raise ValueError(f"Rule {rule_id}: unknown classification {classification}")
            rule = _Rule(
                id=rule_id,
                target=target,
                is_signal=is_signal,
                weight=float(spec["weight"]),
                classification=str(classification) if classification is not None else None,
                section=str(spec.get("section", "")),
                unless_before=self._optional_regex(spec.get("unless_before"), r"(?:{})\s*$"),
                unless_sentence=self._optional_regex(spec.get("unless_sentence"), r"\b(?:{})"),
                not_in_speech=bool(spec.get("not_in_speech")),
            )
            self.rules.append(rule)
            for branch in _top_level_branches(self._expand(spec["pattern"])):
                regex = _lower_pattern(branch)
                required, leading, also, anchors = _required(regex)
                source = rf"(?<![\w'])(?=\w)(?:{factored(regex)})(?!\w)"
                self._branches.append(
                    _Branch(rule, source, required, leading, also, regex, anchors, _openings(regex))
                )

    def _optional_regex(self, pattern: str | list[str] | None, frame: str) -> _Cue | None:
        """Compile an optional rule condition (a pattern or a named condition) in its frame."""
        if not pattern:
            return None
        names = pattern if isinstance(pattern, list) else [pattern]
        pattern = "|".join(f"(?:{self.conditions.get(name, name)})" for name in names)
        return _Cue.compile(self._expand(pattern), frame)

    def validate(self) -> None:
        """Compile every rule's pattern now, naming the rule of any that is broken."""
        for branch in self._branches:
            try:
                branch.regex  # noqa: B018 (compiles it)
                branch.ascii_regex  # noqa: B018
            except re.error as error:
                raise ValueError(f"Rule {branch.rule.id}: bad pattern ({error})") from None

    def _compile_refinement(self, step: Mapping[str, Any]) -> dict[str, Any]:
        compiled = dict(step)
        if "words" in step:
            compiled["regex"] = re.compile(
                _lower_pattern(rf"\b(?:{self._expand(step['words'])})\b")
            )
        if str(step["classification"]) not in self.classifications:
            raise ValueError(f"Unknown classification {step['classification']} in refine")
        compiled["classification"] = str(step["classification"])
        return compiled

    def _compile_guards(self, guard: Mapping[str, Any]) -> list[re.Pattern[str]]:
        """The street-name guards: a street word after capitalised words, or a Welsh street
        word before them, each found from its capitals (see `_at_word_starts`). The listed
        names are compiled too (`_guard_names`)."""
        streets = "|".join(_in_both_cases(guard.get("street_words", [])))
        welsh = _at_word_starts(_in_both_cases(guard.get("welsh_street_words", [])))
        capital = r"[A-Z\u00c0-\u0178][\w'\u2019\u00c0-\u017f-]*"
        first = _at_word_starts([capital])
        lowered_names = sorted(
            {re.escape(name.lower()) for name in guard.get("names", [])}, key=len, reverse=True
        )
        self._guard_names = re.compile(factored(rf"(?<!\w)(?:{'|'.join(lowered_names)})(?!\w)"))
        self._guard_blob = "\n".join(name.lower() for name in guard.get("names", []))
        return [
            re.compile(rf"{first} (?:{capital} ){{0,2}}(?:{streets})\b"),
            re.compile(rf"(?:{welsh})(?: (?:y|yr|'r|r|a|ar|ap|yn|Y|YR|{capital})){{1,4}}\b"),
        ]

    def _build_corrections(self, spelling: Mapping[str, Any], known: set[str]) -> dict[str, str]:
        """Misspellings, and one-slip variants of listed words that are not words we know."""
        exclude = {word.lower() for word in spelling.get("fuzzy_exclude", [])} | known
        canonical = {word.lower() for word in spelling.get("fuzzy_words", [])}
        corrections: dict[str, str] = {}
        for word in sorted(canonical):
            if len(word) < 5:
                continue
            for variant in _variants(word):
                if variant in exclude or variant in canonical or len(variant) < 5:
                    continue
                corrections.setdefault(variant, word)
        for wrong, right in spelling.get("misspellings", {}).items():
            corrections[str(wrong).lower()] = str(right).lower()
        return corrections

    # -- screening --------------------------------------------------------------------------

    def screen(self, text: str, answers: Mapping[str, Any] | None = None) -> Screening:
        """Screen one narrative (and optional structured answers) for likely offences."""
        text = text or ""
        source = _Text(text, self._corrections, self._known, self._units)
        norm = source.text
        found: dict[str, _Found] = {}
        discounted: list[Evidence] = []
        guard_cache: dict[str, Any] = {}

        sentences = self._sentences(norm)
        starts = [start for start, _end in sentences]
        hearsay_cache: dict[int, bool] = {}
        word_starts = _word_starts(norm)
        positions = self._present(norm, word_starts)
        present = set(positions)
        mapped = bool(source._spans)
        plain = _plain(norm)
        # Denials, hearsay and exceptions are searched for only where their words are.
        where = _Where(present, positions, {}, plain) if self.gate else None
        # The whole report taken back ("please ignore my earlier report", "NO CRIME"):
        # every match is set aside as explained.
        retracted: bool | None = None  # looked for when a match first needs it
        reading = _Reading(norm, positions, present, sentences, starts, word_starts, plain)
        for branch, matches in self._matches(reading):
            rule = branch.rule
            for match in matches:
                start, end = match.span()
                if mapped:
                    orig_start = source.to_original(start, False)
                    orig_end = source.to_original(end, True)
                else:
                    orig_start, orig_end = start, end
                if self._guarded(text, orig_start, orig_end, guard_cache):
                    discounted.append(self._evidence(text, orig_start, orig_end, rule, "guarded"))
                    continue
                if rule.not_in_speech and source.in_speech(orig_start, orig_end):
                    discounted.append(self._evidence(text, orig_start, orig_end, rule, "speech"))
                    continue
                if self._is_negated(norm, start, end, where):
                    discounted.append(self._evidence(text, orig_start, orig_end, rule, "negated"))
                    continue
                if retracted is None:
                    retracted = self._is_retracted(where, norm)
                if retracted:
                    discounted.append(self._evidence(text, orig_start, orig_end, rule, "retracted"))
                    continue
                if rule.unless_before is not None or rule.unless_sentence is not None:
                    reason = self._excluded(norm, rule, start, sentences, starts, where)
                    if reason:
                        discounted.append(self._evidence(text, orig_start, orig_end, rule, reason))
                        continue
                hearsay = self._in_hearsay(norm, sentences, starts, start, hearsay_cache, where)
                hit = _Hit(rule, orig_start, orig_end, hearsay)
                if rule.target in found:
                    found[rule.target].hits.append(hit)
                else:
                    found[rule.target] = _Found([hit])

        answer_evidence = self._answers(answers or {})
        offences = (
            self._offences(text, source, found, answer_evidence) if found or answer_evidence else []
        )
        # The model reads only what the rules left, and not a report taken back (looked
        # for only when the model finds something, as it seldom does).
        if self.model is not None and left_to_model(offences, discounted):
            offences = self._second_opinion(text, found, answer_evidence)
            if offences and (self._is_retracted(where, norm) if retracted is None else retracted):
                offences = []
        if offences and self._taken_back:
            offences = self._not_taken_back(norm, where, offences, discounted)
        return Screening(tuple(offences), tuple(discounted), self.version)

    def _is_retracted(self, where: _Where | None, norm: str) -> bool:
        """Whether the whole report is taken back ("please ignore my earlier report")."""
        return self._retracted is not None and self._retracted.search(where, norm) is not None

    def _not_taken_back(
        self, norm: str, where: _Where | None, offences: list[Offence], discounted: list[Evidence]
    ) -> list[Offence]:
        """The offences that the report does not itself take back ("it was clearly a joke",
        "nothing happened"); the words of those it does are kept as discounted, "taken_back".
        Hate aggravation goes with the last offence it aggravates."""
        said: dict[str, bool] = {}  # each entry's words looked for once

        def taken(entry: _TakenBack) -> bool:
            if entry.id not in said:
                said[entry.id] = entry.cue.search(where, norm) is not None
            return said[entry.id]

        takers = self._takers
        kept = [
            offence
            for offence in offences
            if not any(
                taken(entry)
                for entry in takers.get(offence.group, ())
                if not entry.hearsay_only or "hearsay" in offence.qualifiers
            )
        ]
        if len(kept) < len(offences) and all(o.group == "hate_aggravated" for o in kept):
            kept = []
        if len(kept) < len(offences):
            discounted.extend(
                replace(item, kind="taken_back")
                for offence in offences
                if offence not in kept
                for item in offence.evidence
                if item.kind != "answer"
            )
        return kept

    def _matches(self, reading: _Reading) -> list[tuple[_Branch, list[re.Match[str]]]]:
        """Each rule branch that matches the text, with its matches (in the rules' order).

        A branch is tried only when its required word beginnings are present, and only
        where a match can begin: at its leading words, or at the word starts shortly before
        a required word. `gate=False` tries every branch everywhere (for the tests).
        """
        norm, positions, present = reading.norm, reading.positions, reading.present
        plain = reading.ascii
        if not self.gate:
            found = [(branch, list(branch.regex.finditer(norm))) for branch in self._branches]
            return [(branch, matches) for branch, matches in found if matches]
        branches = self._gated
        branches_of = self._needles
        candidates = set(self._always)
        for beginning in present:
            indices = branches_of.get(beginning)
            if indices is not None:
                candidates.update(indices)
        matched: list[tuple[int, list[re.Match[str]]]] = []
        for index in candidates:  # in any order: put in the rules' order at the end
            branch = branches[index]
            check = branch.check
            if check is not None and present.isdisjoint(check):
                continue
            if branch.start is not None:  # the usual case: every match starts with one word
                spots = positions.get(branch.start)
                if spots is None:
                    continue
            elif branch.starts is not None:
                needles = [needle for needle in branch.starts if needle in positions]
                if not needles:
                    continue
                if len(needles) == 1:
                    spots = positions[needles[0]]
                else:
                    spots = sorted({spot for needle in needles for spot in positions[needle]})
            else:
                matches = (
                    list(branch.regex_for(plain).finditer(norm))
                    if branch.required is None
                    else self._matches_near(branch, reading)
                )
                if matches:
                    matched.append((index, matches))
                continue
            regex = branch.regex_for(plain)
            if len(spots) == 1:  # the usual case, without the loop
                match = regex.match(norm, spots[0])
                if match:
                    matched.append((index, [match]))
                continue
            matches = _matches_at(regex.match, norm, spots)
            if matches:
                matched.append((index, matches))
        matched.sort(key=itemgetter(0))
        return [(branches[index], matches) for index, matches in matched]

    @staticmethod
    def _matches_near(branch: _Branch, reading: _Reading) -> list[re.Match[str]]:
        """The matches of a branch that holds a required word but need not start with one:
        tried only from the word starts shortly before each occurrence, within its sentence."""
        positions, sentences, starts = reading.positions, reading.sentences, reading.starts
        word_starts, norm = reading.word_starts, reading.norm
        # In plain ASCII text, only the word starts where one of its openings begins.
        openings = branch.openings if reading.ascii else None
        begins: dict[int, int] = {}
        for needle in branch.required_set & reading.present:
            for position in positions[needle]:
                low, high = sentences[bisect_right(starts, position) - 1]
                first = bisect_right(word_starts, max(low, position - _REACH_BACK) - 1)
                last = bisect_right(word_starts, position)
                for begin in word_starts[first:last]:
                    if openings is None or norm.startswith(openings, begin):
                        begins[begin] = high
        regex = branch.regex_for(reading.ascii)
        return _matches_at(regex.match, norm, sorted(begins), begins)

    def _second_opinion(
        self, text: str, found: dict[str, _Found], answers: dict[str, list[Evidence]]
    ) -> list[Offence]:
        """The learned model's finding when the rules found nothing (see learned.py).

        It is not asked when the rules set words aside (denied, a place name, explained):
        the rules weighed those words and gave their reason, which the model cannot see
        (words in quoted speech excepted: `left_to_model`).
        It does not read guarded names ("Burnt Barn Road", "the Fighting Cocks") either.
        Its confidence is the model's probability, but never above LEARNED_CEILING: a word
        pattern learned from examples counts for less than a rule an analyst wrote. Signals
        the rules `found` still count: hostility aggravates the model's finding.
        """
        assert self.model is not None
        reading = self.model.read(text)
        if reading.probability < self.model.threshold:
            return []
        read = self._without_names(text)
        view = self.model.assess(reading if read is text else read)
        if view.probability < self.model.threshold:
            return []
        evidence = [
            Evidence(start, end, text[start:end], LEARNED_RULE, "learned")
            for start, end in view.evidence
        ]
        code = self.groups[view.group].get("classification")
        confidence = max(min(view.probability, LEARNED_CEILING), self.min_confidence)
        # Hostility the rules saw aggravates what the model found ("monkey noises at him"),
        # and so does hostility the model reads in the words, shown by its own evidence.
        hate = self._hostility(text, found, answers) or (evidence if view.aggravated else [])
        marks = {"learned", "hate"} if hate else {"learned"}
        learned = [self._offence(view.group, code, confidence, evidence, marks, {})]
        if not hate:
            return learned
        return [*learned, self._hate_aggravated(learned, hate, {})]

    def _hostility(
        self, text: str, found: dict[str, _Found], answers: dict[str, list[Evidence]]
    ) -> list[Evidence]:
        """The evidence of hostility (race or religion, or other protected groups)."""
        return [
            item
            for name in ("hate", "hate_other")
            for item in self._support(text, name, found, answers, {})
        ]

    def _guard_spans(self, text: str, shouting: bool) -> list[tuple[int, int]]:
        """Where the guarded names are: listed names, and street names unless in capitals."""
        spans = [m.span() for m in self._guard_names.finditer(text.lower())]
        if not shouting:
            for pattern in self._guards:
                spans.extend(m.span() for m in pattern.finditer(text))
        return spans

    def _without_names(self, text: str) -> str:
        """`text` with its guarded names blanked out (same length, so spans still hold)."""
        for start, end in self._guard_spans(text, _shouting(text)):
            text = text[:start] + " " * (end - start) + text[end:]
        return text

    def _present(self, norm: str, word_starts: list[int]) -> dict[str, list[int]]:
        """Where each word beginning the rules need occurs in the text. A word beginning
        holds no space (`_required` cuts it there), so only the characters at a word start
        up to the next space (at most six) are looked up, and the look-up is cached."""
        positions: dict[str, list[int]] = {}
        known = self._beginnings_of
        if len(known) > _MAX_CACHED:
            known.clear()
        for start in word_starts:
            letters = norm[start : start + _PREFIX].partition(" ")[0]
            beginnings = known.get(letters)
            if beginnings is None:
                beginnings = known[letters] = tuple(
                    sys.intern(letters[:size])  # as the rules hold it (see `_required`)
                    for size in range(1, len(letters) + 1)
                    if letters[:size] in self._word_beginnings
                )
            for beginning in beginnings:
                spots = positions.get(beginning)
                if spots is None:
                    positions[beginning] = [start]
                else:
                    spots.append(start)
        return positions

    def _guarded(self, text: str, start: int, end: int, cache: dict[str, Any]) -> bool:
        """True when the words lie wholly inside a guarded name (a street, pub or place).

        Cheap tests first: the words must occur in some guarded name, or start with a
        capital letter (as every word of a street name does). In a narrative typed in
        capitals every word looks like a name, so only the listed names guard it.
        """
        words = text[start:end]
        in_names = words.lower() in self._guard_blob
        shouting = cache.get("shouting")
        if shouting is None:
            shouting = cache["shouting"] = _shouting(text)
        near_street = (
            words[:1].isupper()
            and not shouting
            and (
                self._street_after.match(text, end) is not None
                or self._welsh_before.search(text, max(0, start - 40), start) is not None
                or self._street_after.match(text, start) is not None
            )
        )
        if not in_names and not near_street:
            return False
        spans = cache.get("spans")
        if spans is None:
            spans = cache["spans"] = self._guard_spans(text, shouting)
        return any(g_start <= start and end <= g_end for g_start, g_end in spans)

    def _evidence(self, text: str, start: int, end: int, rule: _Rule, kind: str) -> Evidence:
        return Evidence(start, end, text[start:end], rule.id, kind)

    def _is_negated(self, norm: str, start: int, end: int, where: _Where | None) -> bool:
        if self._after.match(where, norm[end : end + 20]):
            return True
        low = max(0, start - 90)
        if not self._negators.search(where, norm, low, start):
            return False
        window = norm[low:start]
        cut = 0
        opener = ""
        for boundary in self._boundaries.finditer(window):
            cut = boundary.end()
            opener = boundary.group()
        clause = window[cut:]
        negator = None
        for candidate in self._negators.regex_for(where).finditer(clause):
            # A look-alike must lie in the clause, but it may look past it: "not reported
            # (stolen)" is a denial, "not reported to anyone" is not.
            pseudo = self._pseudo.match(norm, low + cut + candidate.start())
            if pseudo and pseudo.end() <= start:
                continue
            negator = candidate
        if negator is None:
            return False
        between = clause[negator.end() :].split()
        if opener in self._relative and not clause[: negator.start()].strip():
            # "a passenger who wouldn't pay grabbed him": the denial is the relative
            # clause's own; past its verb the sentence's verb is not denied.
            verbs = [word for word in between if word not in self._verb_helpers]
            if verbs and between[-1] != "to":
                return False
        return len(between) <= self._negation_window

    def _excluded(
        self,
        norm: str,
        rule: _Rule,
        start: int,
        sentences: list[tuple[int, int]],
        starts: list[int],
        where: _Where | None,
    ) -> str:
        """Why a rule's own conditions set this match aside ("" when they do not).

        `unless_before` looks at the clause before the words (a threat, "he'd batter her",
        is not an assault); `unless_sentence` at the whole sentence (a dog's bite, storm
        damage).
        """
        before = rule.unless_before
        if before is not None and before.search(where, norm, max(0, start - 60), start):
            return "not_an_act"
        if rule.unless_sentence is not None:
            low, high = sentences[bisect_right(starts, start) - 1]
            if rule.unless_sentence.search(where, norm, low, high):
                return "explained"
        return ""

    @staticmethod
    def _sentences(norm: str) -> list[tuple[int, int]]:
        ends = list(map(re.Match.end, _SENTENCE_END.finditer(norm)))  # in C
        if not ends or ends[-1] < len(norm):
            ends.append(len(norm))
        return list(zip([0, *ends[:-1]], ends, strict=True))

    def _in_hearsay(
        self,
        norm: str,
        sentences: list[tuple[int, int]],
        starts: list[int],
        position: int,
        cache: dict[int, bool],
        where: _Where | None,
    ) -> bool:
        index = bisect_right(starts, position) - 1
        if index not in cache:
            start, end = sentences[index]
            cache[index] = bool(self._hearsay.search(where, norm, start, end))
        return cache[index]

    def _answers(self, answers: Mapping[str, Any]) -> dict[str, list[Evidence]]:
        out: dict[str, list[Evidence]] = {}
        for key, value in answers.items():
            signal = self.answers.get(key)
            if signal is None or not _truthy(value):
                continue
            out.setdefault(signal, []).append(
                Evidence(-1, -1, f"{key}: yes", f"answer:{key}", "answer")
            )
        return out

    def _offences(
        self,
        text: str,
        source: _Text,
        found: dict[str, _Found],
        answers: dict[str, list[Evidence]],
    ) -> list[Offence]:
        """Combine hits and signals into offences, refine classifications, add aggravation."""
        confidences: dict[str, float] = {}
        evidence: dict[str, list[Evidence]] = {}
        qualifiers: dict[str, set[str]] = {}
        sections: dict[str, str] = {}
        rule_classification: dict[str, str] = {}

        have = set(found) | set(answers)
        for target, hits in found.items():
            if target in self.signals:
                continue
            confidences[target] = hits.confidence(self.hearsay_factor)
            evidence[target] = [self._hit_evidence(text, hit) for hit in hits.hits]
            qualifiers[target] = {"hearsay"} if all(hit.hearsay for hit in hits.hits) else set()
            best = max(hits.hits, key=lambda hit: hit.rule.weight)
            sections[target] = best.rule.section
            for hit in hits.hits:
                if hit.rule.classification:
                    rule_classification[target] = hit.rule.classification

        for composite, all_of, none_of in self._composite_sets:
            if not have.isdisjoint(none_of) or not all(map(have.intersection, all_of)):
                continue
            parts = [
                [
                    item
                    for name in options
                    for item in self._support(text, name, found, answers, evidence)
                ]
                for options in composite["all_of"]
            ]
            if composite.get("same_sentence") and not _share_a_sentence(text, parts):
                continue
            group = composite["group"]
            have.add(group)
            support = [item for part in parts for item in part]
            weight = float(composite["weight"])
            if all(item.hearsay for item in support if item.kind != "answer") and any(
                item.kind != "answer" for item in support
            ):
                weight *= self.hearsay_factor
            previous = confidences.get(group, 0.0)
            confidences[group] = 1.0 - (1.0 - previous) * (1.0 - weight)
            evidence.setdefault(group, []).extend(support)
            qualifiers.setdefault(group, set())
            if composite.get("qualifier"):
                qualifiers[group].add(composite["qualifier"])
            if composite.get("section") and not sections.get(group):
                sections[group] = composite["section"]

        listed = {
            group: confidence
            for group, confidence in confidences.items()
            if confidence >= self.min_confidence
        }
        hate = self._support(text, "hate", found, answers, evidence)
        hate_any = hate + self._support(text, "hate_other", found, answers, evidence)
        offences: list[Offence] = []
        for group, confidence in listed.items():
            items = _dedupe(evidence[group])
            code = rule_classification.get(group) or self._refined(
                group, text, source, items, found, answers
            )
            marks = set(qualifiers.get(group, set()))
            if hate and code and self.classifications.get(code, {}).get("aggravated"):
                code = str(self.classifications[code]["aggravated"])
                marks.add("aggravated")
            if hate_any:
                marks.add("hate")
            offences.append(self._offence(group, code, confidence, items, marks, sections))
        if hate_any and offences:
            offences.append(self._hate_aggravated(offences, hate_any, sections))
        if len(offences) > 1:
            offences = self._principal(text, offences)
        offences.sort(key=lambda o: (-o.confidence, _GROUP_ORDER[o.group]))
        return offences

    def _hate_aggravated(
        self, offences: list[Offence], hate: list[Evidence], sections: dict[str, str]
    ) -> Offence:
        """The hate_aggravated offence: the hostility, on the strongest offence it aggravates."""
        strongest = max(offences, key=lambda o: ("aggravated" in o.qualifiers, o.confidence))
        return self._offence(
            "hate_aggravated",
            strongest.classification,
            max(strongest.confidence * item_weight(hate), self.min_confidence),
            _dedupe(hate + list(strongest.evidence)),
            # Aggravated in law, or only the learned model's view, as the offence it rests on.
            {mark for mark in strongest.qualifiers if mark in ("aggravated", "learned")},
            sections,
        )

    def _principal(self, text: str, offences: list[Offence]) -> list[Offence]:
        """Fold an offence into the principal one when all its words share its sentences.

        Home Office rules record one crime per incident under the principal offence: abuse
        that is part of a course of conduct is the harassment, not a public order offence too.
        The folded offence's evidence stays, under the principal offence.
        """
        by_group = {offence.group: offence for offence in offences}
        folded: set[str] = set()
        for principal, lesser_groups in self.principal.items():
            main = by_group.get(principal)
            if main is None:
                continue
            main_sentences = {
                sentence
                for e in main.evidence
                if e.start >= 0
                for sentence in _sentences_spanned(text, e.start, e.end)
            }
            for lesser in lesser_groups:
                other = by_group.get(lesser)
                if other is None or lesser in folded or lesser == principal:
                    continue
                own = {
                    _sentence_of(text, e.start)
                    for e in other.evidence
                    if e.start >= 0 and e.kind == "trigger"
                }
                if own <= main_sentences:
                    folded.add(lesser)
                    merged = _dedupe(list(main.evidence) + list(other.evidence))
                    main = replace(main, evidence=tuple(merged))
                    by_group[principal] = main
        return [by_group[o.group] for o in offences if o.group not in folded]

    def _hit_evidence(self, text: str, hit: _Hit) -> Evidence:
        return Evidence(
            hit.start, hit.end, text[hit.start : hit.end], hit.rule.id, "trigger", hit.hearsay
        )

    def _support(
        self,
        text: str,
        name: str,
        found: dict[str, _Found],
        answers: dict[str, list[Evidence]],
        evidence: dict[str, list[Evidence]],
    ) -> list[Evidence]:
        items: list[Evidence] = []
        if name in found:
            kind = "context" if name in self.signals else "trigger"
            items.extend(
                Evidence(h.start, h.end, text[h.start : h.end], h.rule.id, kind, h.hearsay)
                for h in found[name].hits
            )
        elif name in evidence:
            items.extend(evidence[name])
        items.extend(answers.get(name, []))
        return items

    def _refined(
        self,
        group: str,
        text: str,
        source: _Text,
        items: list[Evidence],
        found: dict[str, _Found],
        answers: dict[str, list[Evidence]],
    ) -> str | None:
        spec = self.groups[group]
        code = spec.get("classification")
        code = str(code) if code is not None else None
        if not self._refine[group] and not self._refine_last[group]:
            return code
        context = _context(text, items).lower()
        for step in self._refine[group]:
            if "signal" in step:
                if step["signal"] in found or step["signal"] in answers:
                    code = step["classification"]
                    break
            elif step["regex"].search(context):
                code = step["classification"]
                break
        for step in self._refine_last[group]:
            if code == str(step.get("when_classification")) and step["regex"].search(context):
                code = step["classification"]
        return code

    def _offence(
        self,
        group: str,
        code: str | None,
        confidence: float,
        items: list[Evidence],
        marks: set[str],
        sections: dict[str, str],
    ) -> Offence:
        spec = self.groups[group]
        info = self.classifications.get(code or "", {})
        return Offence(
            group=group,
            label=str(spec["label"]),
            classification=code,
            classification_label=str(info.get("label", "")),
            classification_confirmed=bool(info.get("confirmed", False)),
            confidence=round(min(confidence, 0.99), 2),
            evidence=tuple(items),
            qualifiers=tuple(sorted(marks)),
            section=sections.get(group, ""),
        )


def _matches_at(
    match_at: Callable[..., re.Match[str] | None],
    text: str,
    spots: Iterable[int],
    ends: Mapping[int, int] | None = None,
) -> list[re.Match[str]]:
    """The matches beginning at `spots` (in order), none overlapping the one before; with
    `ends`, each ends by the position given for its spot (its sentence's end)."""
    matches = []
    reach = 0
    for position in spots:
        if position >= reach:
            match = (
                match_at(text, position)
                if ends is None
                else match_at(text, position, ends[position])
            )
            if match:
                matches.append(match)
                reach = match.end()
    return matches


# An empty alternative ("a|", "(?:|b)"): a cue holding one is not split into parts.
_EMPTY_ALTERNATIVE = re.compile(r"^\||(?<!\\)\|(?:\||\)|$)|\((?:\?:)?\|")


def _cue_pattern(pattern: str) -> str:
    """A condition's pattern as compiled: lower case, `~` read as any ending ("guess~")."""
    return _lower_pattern(pattern.replace("~", r"\w*"))


def _top_level_branches(pattern: str) -> list[str]:
    """Split a pattern at its top-level `|`, and so too each branch wholly wrapped in one
    `(?:...)`. A broken pattern is kept whole, for the regex compiler to report."""
    try:
        branches = alternatives(pattern)
    except (IndexError, StopIteration):
        return [pattern]
    out: list[str] = []
    for branch in branches:
        if not branch.strip():
            continue
        inner = _unwrap(branch)
        out.extend(_top_level_branches(inner) if inner is not None else [branch])
    return out


def _unwrap(pattern: str) -> str | None:
    """The inside of a pattern wholly wrapped in one `(?:...)`, or None."""
    if pattern.startswith("(?:") and group_end(pattern, 0) == len(pattern):
        return pattern[3:-1]
    return None


_COMMON = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "to",
        "at",
        "on",
        "in",
        "of",
        "by",
        "for",
        "with",
        "was",
        "were",
        "been",
        "got",
        "has",
        "have",
        "had",
        "is",
        "are",
        "be",
        "it",
        "he",
        "she",
        "they",
        "him",
        "her",
        "his",
        "them",
        "their",
        "ip",
        "me",
        "us",
        "you",
        "my",
        "our",
        "i",
        "as",
        "or",
        "up",
        "out",
        "off",
        "this",
        "that",
        "not",
        "all",
        "one",
        "two",
        "get",
        "go",
        "went",
    ]
)
_MAX_ALTERNATIVES = 64


def _literal_alternatives(items: Any) -> set[str] | None:
    """The strings a fully literal piece of a parsed pattern can match, or None."""
    strings = {""}
    for op, value in items:
        name = str(op)
        if name == "LITERAL":
            strings = {s + chr(value) for s in strings}
        elif name == "SUBPATTERN":
            inner = _literal_alternatives(value[-1])
            if inner is None:
                return None
            strings = {s + t for s in strings for t in inner}
        elif name == "BRANCH":
            options = _union(value[1], _literal_alternatives)
            if options is None:
                return None
            strings = {s + t for s in strings for t in options}
        elif name == "MAX_REPEAT" and value[0] == 0 and value[1] == 1:
            inner = _literal_alternatives(value[2])
            if inner is None:
                return None
            strings = {s + t for s in strings for t in inner | {""}}
        else:
            return None
        if len(strings) > _MAX_ALTERNATIVES:
            return None
    return strings


def _union(
    alternatives: Iterable[Any], strings_of: Callable[[Any], set[str] | None]
) -> set[str] | None:
    """The strings of all the alternatives of a parsed branch together (`strings_of` gives
    those of one), or None when one has none known."""
    options: set[str] = set()
    for alternative in alternatives:
        inner = strings_of(alternative)
        if inner is None:
            return None
        options |= inner
    return options


def _openings(regex: str) -> tuple[str, ...] | None:
    """The texts with which every match of `regex` starts in a plain ASCII text (where
    `\\d` is a digit 0 to 9), or None when they are not known or one is empty."""
    try:
        parsed = _sre_parse.parse(regex)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    openings = _opening_strings(list(parsed))
    return tuple(sorted(openings)) if openings and "" not in openings else None


def _opening_strings(items: Any) -> set[str] | None:
    """The strings with which every match of a piece of a parsed pattern starts (each as
    long as is known: up to the first piece that is not plain text), or None."""
    strings = {""}
    for op, value in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):  # they match no characters
            continue
        whole = (
            _literal_alternatives([(op, value)])
            if name != "SUBPATTERN" or not (value[1] or value[2])
            else None
        )
        if whole is not None:
            strings = {s + t for s in strings for t in whole}
        else:
            opening = _first_strings(op, value)
            if opening is not None:
                strings = {s + t for s in strings for t in opening}
            return strings if len(strings) <= _MAX_ALTERNATIVES else None
        if len(strings) > _MAX_ALTERNATIVES:
            return None
    return strings


def _first_strings(op: Any, value: Any) -> set[str] | None:
    """The strings with which every match of one piece of a parsed pattern that is not
    plain text starts, or None."""
    name = str(op)
    if name == "SUBPATTERN" and not (value[1] or value[2]):
        return _opening_strings(value[-1])
    if name == "BRANCH":
        return _union(value[1], _opening_strings)
    if name in ("MAX_REPEAT", "MIN_REPEAT") and value[0] >= 1:
        return _opening_strings(value[2])
    if name == "IN":
        return _characters(value)
    return None


def _characters(items: Any) -> set[str] | None:
    """The characters of a parsed character set in a plain ASCII text (a few at most)."""
    chars: set[str] = set()
    for op, value in items:
        name = str(op)
        if name == "LITERAL":
            chars.add(chr(value))
        elif name == "RANGE" and value[1] - value[0] < 16:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        elif name == "CATEGORY" and str(value) == "CATEGORY_DIGIT":
            chars.update("0123456789")
        else:
            return None
    return chars


def _score(strings: set[str]) -> tuple[int, int]:
    """How selective a set of required word beginnings is: its weakest member decides."""
    shortest = min(
        (0 if len(s) < 2 else 1 if s in _COMMON or len(s) < 3 else min(len(s), 6)) for s in strings
    )
    return (shortest, -len(strings))


def _leading_letters(alternatives: Any) -> set[str]:
    """The plain letters each alternative of a parsed branch starts with ("" for none)."""
    out = set()
    for alternative in alternatives:
        letters = ""
        for op, value in alternative:
            if str(op) != "LITERAL":
                break
            letters += chr(value)
        out.add(letters)
    return out


def _is_space(op: Any, value: Any) -> bool:
    """True for `\\s+` or `\\s*` (what a space in a rules pattern becomes)."""
    if str(op) not in ("MAX_REPEAT", "MIN_REPEAT"):
        return False
    body = value[2]
    return len(body) == 1 and str(body[0][0]) == "IN" and "CATEGORY_SPACE" in str(body[0][1])


def _ends_with_space(items: Any) -> bool:
    """True when every match of this piece of a parsed pattern ends with white space."""
    items = list(items)
    while items and str(items[-1][0]) in ("ASSERT", "ASSERT_NOT", "AT"):
        items.pop()
    if not items:
        return False
    op, value = items[-1]
    name = str(op)
    if _is_space(op, value):
        return True
    if name == "SUBPATTERN":
        return _ends_with_space(value[-1])
    if name == "BRANCH":
        return all(_ends_with_space(alternative) for alternative in value[1])
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        if value[0] >= 1 or len(items) == 1:
            return _ends_with_space(value[2])
        return _ends_with_space(value[2]) and _ends_with_space(items[:-1])
    return False


def _requirement(
    items: Any,
    at_word_start: bool = True,
    also: list[set[str]] | None = None,
    anchors: list[set[str]] | None = None,
) -> tuple[set[str] | None, bool]:
    """Word beginnings of which a match must contain at least one, and whether every match
    starts with one of them (then the regex need only be tried where they occur).

    A cheap test before running a rule's regular expression: the screener only runs the
    rules whose required word beginnings occur in the narrative.
    """
    candidates: list[tuple[set[str], bool]] = []
    run = {""}
    run_starts_word = at_word_start
    run_leading = True
    word_start = at_word_start
    first = True

    def finish() -> None:
        nonlocal run
        if run_starts_word and all(s[:1].isalnum() for s in run):
            candidates.append((set(run), run_leading))
        run = {""}

    for op, value in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            if name == "AT" and run != {""}:
                finish()
                run_leading = False
            continue
        if _is_space(op, value):
            finish()
            # After `\s+` a word begins; after `\s*` only if one began before it.
            word_start = word_start or value[0] >= 1
            run_starts_word = word_start
            run_leading = False
            first = False
            continue
        literal = None
        if name in ("LITERAL", "SUBPATTERN", "BRANCH") or (
            name == "MAX_REPEAT" and value[0] == 0 and value[1] == 1
        ):
            literal = _literal_alternatives([(op, value)])
        if literal is not None and "" not in literal and len(run) * len(literal) <= 64:
            if run == {""}:
                run_starts_word = word_start
                run_leading = first
            run = {s + t for s in run for t in literal}
            word_start = False
            first = False
            continue
        if name == "BRANCH" and run != {""}:
            # The parser takes the letters all choices share out in front ("p" of "poa" and
            # "public order"): the word goes on with the letters each choice starts with.
            run = {s + t for s in run for t in _leading_letters(value[1])}
        finish()
        inner: set[str] | None = None
        inner_leading = False
        if name == "SUBPATTERN":
            opening: list[set[str]] = []
            inner, inner_leading = _requirement(value[-1], word_start, None, opening)
            if first and opening:
                candidates.append((opening[0], True))
        elif name == "BRANCH":
            union: set[str] = set()
            # The word beginnings the choices start with (None once a choice has none).
            openings: set[str] | None = set()
            inner_leading = True
            for alternative in value[1]:
                choice: list[set[str]] = []
                needed, leading = _requirement(alternative, word_start, None, choice)
                if needed is None:
                    union, openings = set(), None
                    break
                union |= needed
                inner_leading = inner_leading and leading
                start = needed if leading else choice[0] if choice else None
                openings = openings | start if openings is not None and start else None
            inner = union or None
            if first and openings and not inner_leading:
                candidates.append((openings, True))
        elif name in ("MAX_REPEAT", "MIN_REPEAT") and value[0] >= 1:
            inner, inner_leading = _requirement(value[2], word_start)
        if inner:
            candidates.append((inner, first and inner_leading))
        if name in ("MAX_REPEAT", "MIN_REPEAT") and value[0] == 0:
            word_start = word_start and _ends_with_space(value[2])
        elif name in ("SUBPATTERN", "BRANCH", "MAX_REPEAT", "MIN_REPEAT"):
            word_start = _ends_with_space([(op, value)])
        else:
            word_start = False
        run_starts_word = False
        run_leading = False
        first = False
    finish()
    candidates = [(c, leading) for c, leading in candidates if c and all(c)]
    if not candidates:
        return None, False
    best, best_leading = max(
        candidates, key=lambda item: (_score(item[0])[0], item[1], -len(item[0]))
    )
    leaders = [item for item in candidates if item[1] and _score(item[0])[0] >= 3]
    if leaders and not best_leading:
        best, best_leading = max(leaders, key=lambda item: _score(item[0]))
    if _score(best)[0] == 0:
        return None, False
    if also is not None:
        others = [c for c, _lead in candidates if c is not best and _score(c)[0] >= 3]
        if others:
            also.append(max(others, key=_score))
    if anchors is not None and not best_leading:
        starts = [c for c, lead in candidates if lead and _score(c)[0] >= 1]
        if starts:
            anchors.append(max(starts, key=_score))
    return best, best_leading


def _required(
    regex: str,
) -> tuple[tuple[str, ...] | None, bool, tuple[str, ...] | None, tuple[str, ...] | None]:
    """The required word beginnings of a regex (lower-cased, at most six letters each),
    whether every match starts with one of them, a second set also required, and (when
    the required words do not lead) the common word beginnings every match starts with."""
    try:
        parsed = _sre_parse.parse(regex)
    except re.error:
        return None, False, None, None
    also: list[set[str]] = []
    anchors: list[set[str]] = []
    needed, leading = _requirement(list(parsed), True, also, anchors)
    if needed is None:
        return None, False, None, None

    def prefixes(strings: set[str]) -> tuple[str, ...]:
        # Cut at a space: the word-beginning search must not run on into the next word,
        # where it would hide a word beginning there ("not vandalism"). Interned: one string
        # object a word beginning, in the rules and in each text's, so that the sets and
        # dictionaries they meet in compare them at once, without reading them.
        cut = {sys.intern(s.lower()[:_PREFIX].split(" ")[0]) for s in strings}
        return tuple(sorted(cut, key=len))

    return (
        prefixes(needed),
        leading,
        prefixes(also[0]) if also else None,
        prefixes(anchors[0]) if anchors else None,
    )


_PREFIX = 6
_MAX_CACHED = 200_000
# How far before its required word a match may begin (characters).
_REACH_BACK = 75


def _words_needed(branch: _Branch) -> set[str]:
    """The word beginnings a branch needs, of either set."""
    return {*(branch.required or ()), *(branch.also or ())}


def _word_starts(text: str) -> list[int]:
    """Where the words of `text` start (the "s" of "ip's" too, as `\\b` sees it)."""
    return list(map(re.Match.start, _WORDS.finditer(text)))  # in C


def _plain(text: str) -> bool:
    """Whether `text` is plain ASCII, where a pattern compiled with `re.ASCII` matches just
    as it does in Unicode (and quicker). The information separators (\\x1c to \\x1f) are
    the one exception: Unicode counts them as spaces, ASCII does not."""
    return text.isascii() and _SEPARATORS.search(text) is None


def _words_in(config: Any) -> set[str]:
    """Every word written anywhere in the rules: none of them is ever read as a misspelling."""
    if isinstance(config, Mapping):
        return set().union(*(_words_in(value) for value in config.values()), set())
    if isinstance(config, list | tuple):
        return set().union(*(_words_in(value) for value in config), set())
    return {word.lower() for word in re.findall(r"[A-Za-z]+", str(config))}


def item_weight(items: list[Evidence]) -> float:
    """Weight of signal evidence: answers count fully, hearsay less."""
    if any(item.kind == "answer" for item in items):
        return 1.0
    return 0.75 if all(item.hearsay for item in items) else 1.0


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"yes", "y", "true", "1", "on"}
    return bool(value)


def _dedupe(items: list[Evidence]) -> list[Evidence]:
    """Evidence once per span, narrative evidence in text order, answers last."""
    seen: set[tuple[int, int, str]] = set()
    out: list[Evidence] = []
    for item in sorted(items, key=lambda e: (e.kind == "answer", e.start, e.end)):
        key = (item.start, item.end, item.rule if item.kind == "answer" else "")
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out


def _shouting(text: str) -> bool:
    """True for a narrative typed in capitals (where every word looks like a name)."""
    data = text.encode("utf-8", "replace")  # bytes: their letters are counted in C
    upper = len(data) - len(data.translate(None, _UPPER))
    lower = len(data) - len(data.translate(None, _LOWER))
    return upper > 4 * lower


@lru_cache(maxsize=16)
def _sentence_starts(text: str) -> tuple[int, ...]:
    """Where the sentences of `text` start (cached for the texts being screened)."""
    return (0, *map(re.Match.end, _SENTENCE_END.finditer(text)))


def _sentence_of(text: str, position: int) -> int:
    """The start of the sentence holding `position` (its identity for comparisons)."""
    starts = _sentence_starts(text)
    return starts[bisect_right(starts, position) - 1]


def _sentences_spanned(text: str, start: int, end: int) -> list[int]:
    """The starts of the sentences that the words from `start` to `end` run across."""
    starts = _sentence_starts(text)
    first = bisect_right(starts, start) - 1
    last = bisect_right(starts, max(end - 1, start)) - 1
    return list(starts[first : last + 1])


def _share_a_sentence(text: str, parts: list[list[Evidence]]) -> bool:
    """True when one sentence holds evidence from every part (the words of a threat and of
    the message it was sent in, say)."""
    sentences = [{_sentence_of(text, e.start) for e in part if e.start >= 0} for part in parts]
    return bool(set.intersection(*sentences))


def _context(text: str, items: list[Evidence]) -> str:
    """The sentences that hold the evidence, for refining the classification."""
    parts = []
    starts = _sentence_starts(text)
    for item in items:
        if item.start < 0:
            continue
        index = bisect_right(starts, item.start) - 1
        start = starts[index]
        after = bisect_right(starts, max(item.end - 1, item.start))
        end = starts[after] if after < len(starts) else len(text)
        parts.append(text[start:end])
    return " \n ".join(parts)


def left_to_model(offences: Sequence[Offence], discounted: Iterable[Evidence]) -> bool:
    """Whether the rules leave a narrative to the learned model: they found nothing and set
    nothing aside (but words in quoted speech, which they never weighed as the report's)."""
    return not offences and all(item.kind == "speech" for item in discounted)


@cache
def default_screener() -> Screener:
    """The screener compiled from the shipped rules file, with the shipped learned model as
    its second opinion (compiled once per process)."""
    return Screener.from_file(model=learned.default_model())


@cache
def rules_only_screener() -> Screener:
    """The shipped rules without the learned model (for training and comparing it)."""
    return Screener.from_file()


def screen(text: str, answers: Mapping[str, Any] | None = None) -> Screening:
    """Screen an ASB narrative for likely offences with the shipped rules.

    Parameters
    ----------
    text : str
        The narrative as the call handler or caller wrote it.
    answers : mapping, optional
        Structured answers from the contact script, e.g. ``{"hate_motivated": True}``.

    Returns
    -------
    Screening
        Iterable of `Offence` (group, classification, evidence spans, confidence), most
        likely first; `describes_crime` is True when any offence is listed.

    Examples
    --------
    >>> [o.group for o in screen("He punched her in the face, her nose was bleeding")]
    ['assault']
    >>> screen("No one was hurt and nothing was damaged").describes_crime
    False
    """
    return default_screener().screen(text, answers)


@dataclass(frozen=True)
class Segment:
    """A piece of narrative for display: plain, or marked as evidence for some groups."""

    text: str
    groups: tuple[str, ...] = ()

    @property
    def marked(self) -> bool:
        return bool(self.groups)


def segments(text: str, offences: Any) -> list[Segment]:
    """Split the narrative into plain and marked pieces for highlighting with <mark>.

    `offences` may be `Offence` objects or their `as_dict()` form (as stored on an incident).
    """
    marks: list[tuple[int, int, str]] = []
    for offence in offences:
        group = offence["group"] if isinstance(offence, Mapping) else offence.group
        items = offence["evidence"] if isinstance(offence, Mapping) else offence.evidence
        for item in items:
            start = item["start"] if isinstance(item, Mapping) else item.start
            end = item["end"] if isinstance(item, Mapping) else item.end
            if 0 <= start < end <= len(text):
                marks.append((start, end, group))
    if not marks:
        return [Segment(text)] if text else []
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    pieces: list[Segment] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        groups = tuple(sorted({g for s, e, g in marks if s <= left and right <= e}))
        if pieces and pieces[-1].groups == groups:
            pieces[-1] = Segment(pieces[-1].text + text[left:right], groups)
        else:
            pieces.append(Segment(text[left:right], groups))
    return pieces
