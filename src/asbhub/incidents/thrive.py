"""THRIVE and graded response: propose levels and a grade from the script's answers.

Pure: plain facts in, frozen dataclasses out; no ORM, no settings, and the time comes in as
`reported_at`. The rules live in `data/thrive_rules.toml` and the response targets per force in
`data/response_grades.toml`, each with its source; this module only reads and applies them.

THRIVE is a judgement: the proposal says what the answers suggest and why, and the call
handler decides each level. The graded response (1 emergency to 4 resolution without
deployment) follows from the decided levels and the answers; its deadline is the report time
plus the force's target for the grade (rural areas may have a longer target for grade 1).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
RULES_FILE = DATA_DIR / "thrive_rules.toml"
GRADES_FILE = DATA_DIR / "response_grades.toml"

DIMENSIONS: tuple[str, ...] = (
    "threat",
    "harm",
    "risk",
    "investigation",
    "vulnerability",
    "engagement",
)
LEVELS: tuple[str, ...] = ("low", "medium", "high")
FACTS: frozenset[str] = frozenset(
    {
        "targeted",
        "happened_before",
        "vulnerable",
        "hate_motivated",
        "children_involved",
        "risk_now",
        "repeat_victim",
        "repeat_location",
        "case_review_threshold",
        "likely_crime",
        "violent_crime",
        "suspect_known",
        "personal",
        "nuisance",
        "environmental",
        "emergency_call",
    }
)
LEVEL_FACTS: frozenset[str] = frozenset(
    {f"{d}_{level}" for d in DIMENSIONS for level in ("medium", "high")}
    | {"any_high", "any_medium"}
)
VIOLENT_GROUPS: frozenset[str] = frozenset(
    {"assault", "threats_to_kill", "weapons", "robbery", "arson", "sexual_offence"}
)


@dataclass(frozen=True)
class Reason:
    """Why a level or grade is proposed, in English and Welsh."""

    en: str
    cy: str

    def text(self, language: str | None = None) -> str:
        """The reason in the given language (Welsh when it starts with "cy")."""
        return self.cy if language and language.startswith("cy") and self.cy else self.en


@dataclass(frozen=True)
class Rule:
    """One THRIVE rule: when every fact in `when` holds, propose `level` for `dimension`."""

    dimension: str
    when: tuple[str, ...]
    level: str
    reason: Reason


@dataclass(frozen=True)
class GradeRule:
    """One graded-response rule: when every fact holds, propose `grade`."""

    grade: int
    when: tuple[str, ...]
    reason: Reason


@dataclass(frozen=True)
class Rules:
    """The THRIVE and grade rules, as read from the rules file."""

    version: str
    rules: tuple[Rule, ...]
    grade_rules: tuple[GradeRule, ...]
    default_grade: int
    default_reason: Reason


def parse_rules(data: Mapping[str, object]) -> Rules:
    """Build and check Rules from the parsed TOML; ValueError names any unknown fact or level."""

    def check(when: Iterable[str], allowed: frozenset[str], where: str) -> tuple[str, ...]:
        facts = tuple(when)
        unknown = sorted(set(facts) - allowed)
        if unknown or not facts:
            raise ValueError(f"{where}: unknown or missing facts {unknown}")
        return facts

    rules = []
    for index, row in enumerate(data.get("rule", [])):  # type: ignore[union-attr]
        if row["dimension"] not in DIMENSIONS or row["level"] not in LEVELS:
            raise ValueError(f"rule {index + 1}: unknown dimension or level")
        rules.append(
            Rule(
                row["dimension"],
                check(row["when"], FACTS, f"rule {index + 1}"),
                row["level"],
                Reason(row["reason_en"], row["reason_cy"]),
            )
        )
    grade_rules = []
    for index, row in enumerate(data.get("grade", [])):  # type: ignore[union-attr]
        if row["grade"] not in (1, 2, 3, 4):
            raise ValueError(f"grade rule {index + 1}: grade must be 1 to 4")
        grade_rules.append(
            GradeRule(
                row["grade"],
                check(row["when"], FACTS | LEVEL_FACTS, f"grade rule {index + 1}"),
                Reason(row["reason_en"], row["reason_cy"]),
            )
        )
    grades = data.get("grades", {})
    return Rules(
        version=str(data.get("version", "")),
        rules=tuple(rules),
        grade_rules=tuple(grade_rules),
        default_grade=int(grades.get("default", 4)),  # type: ignore[union-attr]
        default_reason=Reason(grades["default_reason_en"], grades["default_reason_cy"]),  # type: ignore[index]
    )


@cache
def shipped_rules() -> Rules:
    """The rules from the shipped file (read once per process)."""
    with RULES_FILE.open("rb") as handle:
        return parse_rules(tomllib.load(handle))


# --------------------------------------------------------------------------------------
# Facts from the answers
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answers:
    """What the contact script learnt, plus what the history and screening found."""

    category: str = ""
    channel: str = ""
    targeted: bool = False
    happened_before: bool = False
    vulnerable: bool = False
    hate_motivated: bool = False
    children_involved: bool = False
    risk_now: bool = False
    suspect_known: bool = False
    repeat_victim: bool = False
    repeat_location: bool = False
    case_review_threshold: bool = False
    crime_groups: tuple[str, ...] = ()

    def facts(self) -> frozenset[str]:
        """The names of the facts that are true."""
        found = {
            name
            for name in (
                "targeted",
                "happened_before",
                "vulnerable",
                "hate_motivated",
                "children_involved",
                "risk_now",
                "suspect_known",
                "repeat_victim",
                "repeat_location",
                "case_review_threshold",
            )
            if getattr(self, name)
        }
        if self.crime_groups:
            found.add("likely_crime")
        if set(self.crime_groups) & VIOLENT_GROUPS:
            found.add("violent_crime")
        if self.category in ("personal", "nuisance", "environmental"):
            found.add(self.category)
        if self.channel == "999":
            found.add("emergency_call")
        return frozenset(found)


# --------------------------------------------------------------------------------------
# The proposal
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """A THRIVE dimension's level with the reasons for it."""

    dimension: str
    level: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class GradeProposal:
    """A proposed graded response and why."""

    grade: int
    reason: Reason


@dataclass(frozen=True)
class Proposal:
    """THRIVE levels for all six dimensions, the grade they suggest, and the rules' version."""

    levels: tuple[Level, ...]
    grade: GradeProposal
    version: str

    def level_of(self, dimension: str) -> str:
        """The proposed level for one dimension."""
        return next(item.level for item in self.levels if item.dimension == dimension)

    def as_dict(self, language: str | None = None) -> dict[str, object]:
        """A JSON-ready dict: {dimension: {level, reasons}}, grade, grade_reason, version."""
        return {
            "levels": {
                item.dimension: {
                    "level": item.level,
                    "reasons": [r.text(language) for r in item.reasons],
                }
                for item in self.levels
            },
            "grade": self.grade.grade,
            "grade_reason": self.grade.reason.text(language),
            "version": self.version,
        }


NO_RULE_REASON = Reason(
    "No answer raises this dimension.",
    "Does dim ateb yn codi'r dimensiwn hwn.",
)


def propose_levels(answers: Answers, rules: Rules | None = None) -> tuple[Level, ...]:
    """Each dimension's level: the highest any firing rule gives, with those rules' reasons.

    A dimension no rule raises is low, with the reason that no answer raised it.
    """
    rules = rules or shipped_rules()
    facts = answers.facts()
    levels = []
    for dimension in DIMENSIONS:
        fired = [r for r in rules.rules if r.dimension == dimension and set(r.when) <= facts]
        if not fired:
            levels.append(Level(dimension, "low", (NO_RULE_REASON,)))
            continue
        top = max(LEVELS.index(r.level) for r in fired)
        reasons = tuple(r.reason for r in fired if LEVELS.index(r.level) == top)
        levels.append(Level(dimension, LEVELS[top], reasons))
    return tuple(levels)


def level_facts(levels: Mapping[str, str]) -> frozenset[str]:
    """Facts about decided levels: `threat_high`, `harm_medium` (medium or above), `any_high`."""
    found: set[str] = set()
    for dimension, level in levels.items():
        if level == "high":
            found |= {f"{dimension}_high", f"{dimension}_medium", "any_high", "any_medium"}
        elif level == "medium":
            found |= {f"{dimension}_medium", "any_medium"}
    return frozenset(found)


def propose_grade(
    answers: Answers, levels: Mapping[str, str], rules: Rules | None = None
) -> GradeProposal:
    """The graded response the answers and the (decided or proposed) levels suggest.

    The first grade rule whose facts all hold wins; otherwise the default grade.
    """
    rules = rules or shipped_rules()
    facts = answers.facts() | level_facts(levels)
    for rule in rules.grade_rules:
        if set(rule.when) <= facts:
            return GradeProposal(rule.grade, rule.reason)
    return GradeProposal(rules.default_grade, rules.default_reason)


def propose(answers: Answers, rules: Rules | None = None) -> Proposal:
    """THRIVE levels and the grade they suggest, from the answers alone."""
    rules = rules or shipped_rules()
    levels = propose_levels(answers, rules)
    grade = propose_grade(answers, {item.dimension: item.level for item in levels}, rules)
    return Proposal(levels, grade, rules.version)


# --------------------------------------------------------------------------------------
# Graded response targets and the deadline
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseGrade:
    """A grade's name and target time, urban and rural."""

    grade: int
    name: Reason
    target: Reason
    urban_minutes: int
    rural_minutes: int


@dataclass(frozen=True)
class ResponseTable:
    """A force's graded response targets and its urban/rural cut-off."""

    force: str
    grades: tuple[ResponseGrade, ...]
    rural_residents_per_km2: float
    source: str

    def grade(self, number: int) -> ResponseGrade:
        """The grade's targets; KeyError for a grade the force does not define."""
        for item in self.grades:
            if item.grade == number:
                return item
        raise KeyError(number)


def parse_response_table(force: str, data: Mapping[str, object]) -> ResponseTable:
    """Build a force's ResponseTable from the parsed TOML; LookupError for an unknown force."""
    forces = data.get("forces", {})
    if force not in forces:  # type: ignore[operator]
        raise LookupError(f"No graded response targets for force {force!r}")
    entry = forces[force]  # type: ignore[index]
    grades = tuple(
        ResponseGrade(
            int(row["grade"]),
            Reason(row["name_en"], row["name_cy"]),
            Reason(row["target_en"], row["target_cy"]),
            int(row["urban_minutes"]),
            int(row["rural_minutes"]),
        )
        for row in entry["grade"]
    )
    if sorted(g.grade for g in grades) != [1, 2, 3, 4]:
        raise ValueError(f"Force {force!r}: grades 1 to 4 must each be defined once")
    return ResponseTable(
        force, grades, float(entry["rural_residents_per_km2"]), str(entry.get("source", ""))
    )


@cache
def shipped_response_table(force: str) -> ResponseTable:
    """The shipped graded response targets for a force (read once per process)."""
    with GRADES_FILE.open("rb") as handle:
        return parse_response_table(force, tomllib.load(handle))


def is_rural(residents: float | None, area_km2: float | None, table: ResponseTable) -> bool:
    """True when an area's population density is below the table's rural cut-off."""
    if not residents or not area_km2:
        return False
    return residents / area_km2 < table.rural_residents_per_km2


def deadline(
    grade: int, reported_at: datetime, table: ResponseTable, *, rural: bool = False
) -> datetime:
    """When the response is due: the report time plus the grade's target (rural or urban).

    >>> from datetime import UTC
    >>> table = shipped_response_table("gwent")
    >>> deadline(2, datetime(2026, 1, 1, 9, 0, tzinfo=UTC), table).isoformat()
    '2026-01-01T10:00:00+00:00'
    """
    target = table.grade(grade)
    minutes = target.rural_minutes if rural else target.urban_minutes
    return reported_at + timedelta(minutes=minutes)


def time_left(due: datetime, *, now: datetime) -> timedelta:
    """How long until the deadline (negative once it has passed)."""
    return due - now
