"""The POP officer's review rubric: proposed scores, each with the checks behind it.

Pure: a plan comes in as a `PlanFacts` of plain values, and a `Proposal` goes out. Each
of the seven criteria (objective, scanning, analysis, measures, response, partners,
assessment) is scored 0 (missing), 1 (partly there) or 2 (met) from simple, visible
checks, such as "the objective has a number" and "every action has a due date", so that
the reviewer can see why. The checks look at form, not quality: a plan can pass every
check and still be weak. The reviewer decides the scores and the rating; this only
proposes them.

The proposed rating: red when any OSARA part (objective, scanning, analysis, response,
and the assessment when finalising) is missing; green when every criterion that applies
is met; amber otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MISSING, PARTLY, MET = 0, 1, 2
MIN_OBJECTIVE_WORDS = 6
MIN_STATEMENT_WORDS = 20
MIN_SIDE_WORDS = 2
MIN_EVIDENCE_WORDS = 5
MIN_ASSESSMENT_WORDS = 15
POLICE = "police"

CRITERIA = (
    "objective",
    "scanning",
    "analysis",
    "measures",
    "response",
    "partners",
    "assessment",
)
OSARA_PARTS = ("objective", "scanning", "analysis", "response")

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
    "|ionawr|chwefror|mawrth|ebrill|mai|mehefin|gorffennaf|awst|medi|hydref|tachwedd|rhagfyr"
)
_DATE = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"  # 31/03/2025
    r"|\b\d{4}-\d{2}(?:-\d{2})?\b"  # 2025-03 or 2025-03-31
    rf"|\b(?:\d{{1,2}}(?:st|nd|rd|th|af|ed|fed|ain)?\s+)?(?:{_MONTHS})\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th|af|ed|fed|ain)?\s+(?:{_MONTHS})\b"  # 31 March
    r"|\b(?:19|20)\d{2}\b"  # a year: by 2025, end of 2025
    r"|\b(?:within|in|over|for|o fewn|mewn|dros)\s+(?:the\s+next\s+)?\d+\s+"
    r"(?:days?|weeks?|months?|years?|diwrnod|wythnos|wythnosau|mis|misoedd|mlynedd|blynedd)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d")


def words(text: str) -> int:
    """How many words the text has."""
    return len((text or "").split())


def has_date(text: str) -> bool:
    """True when the text names a date, a month and year, a year or a span of time."""
    return bool(_DATE.search(text or ""))


def has_number(text: str) -> bool:
    """True when the text has a figure apart from any date (e.g. "30%" or "fewer than 10")."""
    return bool(_NUMBER.search(_DATE.sub(" ", text or "")))


@dataclass(frozen=True)
class MeasureFacts:
    """A success measure as the rubric sees it."""

    name: str
    baseline_value: float | None
    baseline_period: str
    target_value: float | None
    how_measured: str
    result_value: float | None = None


@dataclass(frozen=True)
class ActionFacts:
    """A response action as the rubric sees it."""

    description: str
    owner: str
    agency: str
    due_date: dt.date | None


@dataclass(frozen=True)
class PlanFacts:
    """The parts of a plan the rubric checks, as plain values."""

    objective: str = ""
    problem_statement: str = ""
    has_area: bool = False
    has_period: bool = False
    victim: str = ""
    offender: str = ""
    location: str = ""
    guardians: str = ""
    handlers: str = ""
    place_managers: str = ""
    evidence: str = ""
    measures: tuple[MeasureFacts, ...] = ()
    actions: tuple[ActionFacts, ...] = ()
    assessment: str = ""
    finalising: bool = False


_MESSAGES: dict[str, Promise] = {
    "objective_written": _("The objective is written (at least %(words)s words)."),
    "objective_number": _("The objective has a figure to measure against, e.g. 30%% fewer."),
    "objective_date": _("The objective says by when, e.g. a date or 'within 6 months'."),
    "statement_written": _("The problem statement is written (at least %(words)s words)."),
    "area_named": _("The area is named: LSOAs, streets, a drawn area or a hotspot."),
    "period_set": _("The scanning period is set, so the data can be pulled in."),
    "triangle_victim": _("The victim side of the triangle is described."),
    "triangle_offender": _("The offender side of the triangle is described."),
    "triangle_location": _("The location side of the triangle is described."),
    "controllers_named": _("Someone who can act is named: guardians, handlers or place managers."),
    "evidence_given": _("The analysis gives its evidence (at least %(words)s words)."),
    "measure_exists": _("There is at least one success measure."),
    "measures_baseline": _("Every measure has a baseline value and period."),
    "measures_baseline_failed": _(
        "Every measure has a baseline value and period (%(missing)s without)."
    ),
    "measures_target": _("Every measure has a target."),
    "measures_target_failed": _("Every measure has a target (%(missing)s without)."),
    "measures_method": _("Every measure says how it is measured."),
    "measures_method_failed": _("Every measure says how it is measured (%(missing)s without)."),
    "action_exists": _("There is at least one response action."),
    "actions_owned": _("Every action has an owner."),
    "actions_owned_failed": _("Every action has an owner (%(missing)s without)."),
    "actions_dated": _("Every action has a due date."),
    "actions_dated_failed": _("Every action has a due date (%(missing)s without)."),
    "partner_involved": _("At least one action is carried out by a partner agency."),
    "assessment_not_due": _("No assessment is needed until the plan is finalised."),
    "assessment_written": _("The assessment is written (at least %(words)s words)."),
    "measures_results": _("Every measure has a result to set against its baseline."),
    "measures_results_failed": _(
        "Every measure has a result to set against its baseline (%(missing)s without)."
    ),
}


@dataclass(frozen=True)
class Check:
    """One visible test behind a score: what was looked for, and whether it was found."""

    code: str
    passed: bool
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The check in words, in the active language (with the count missing, if any)."""
        failed = f"{self.code}_failed"
        if not self.passed and self.params.get("missing") and failed in _MESSAGES:
            return str(_MESSAGES[failed]) % dict(self.params)
        return str(_MESSAGES[self.code]) % dict(self.params)


@dataclass(frozen=True)
class CriterionScore:
    """A proposed score for one criterion (None when it does not apply yet)."""

    criterion: str
    score: int | None
    checks: tuple[Check, ...]


@dataclass(frozen=True)
class Proposal:
    """The proposed scores and rating, with the checks behind them."""

    scores: tuple[CriterionScore, ...]
    rag: str
    missing_parts: tuple[str, ...]

    def score_of(self, criterion: str) -> int | None:
        """The proposed score of one criterion."""
        return next(s.score for s in self.scores if s.criterion == criterion)

    def as_dict(self) -> dict[str, int | None]:
        """The scores keyed by criterion, for storing with a review."""
        return {s.criterion: s.score for s in self.scores}


def _missing(items: tuple[Any, ...], present: Any) -> int:
    return sum(1 for item in items if not present(item))


def score_objective(plan: PlanFacts) -> CriterionScore:
    """Met when written, with a figure and a date; partly when written without them."""
    written = words(plan.objective) >= MIN_OBJECTIVE_WORDS
    checks = (
        Check("objective_written", written, {"words": MIN_OBJECTIVE_WORDS}),
        Check("objective_number", has_number(plan.objective)),
        Check("objective_date", has_date(plan.objective)),
    )
    return CriterionScore("objective", _grade(checks), checks)


def score_scanning(plan: PlanFacts) -> CriterionScore:
    """Met when the problem is stated, the area named and the period set."""
    checks = (
        Check(
            "statement_written",
            words(plan.problem_statement) >= MIN_STATEMENT_WORDS,
            {"words": MIN_STATEMENT_WORDS},
        ),
        Check("area_named", plan.has_area),
        Check("period_set", plan.has_period),
    )
    return CriterionScore("scanning", _grade(checks), checks)


def score_analysis(plan: PlanFacts) -> CriterionScore:
    """Met with all three sides of the triangle, someone who can act, and evidence."""
    controllers = (plan.guardians, plan.handlers, plan.place_managers)
    checks = (
        Check("triangle_victim", words(plan.victim) >= MIN_SIDE_WORDS),
        Check("triangle_offender", words(plan.offender) >= MIN_SIDE_WORDS),
        Check("triangle_location", words(plan.location) >= MIN_SIDE_WORDS),
        Check("controllers_named", any(words(c) >= MIN_SIDE_WORDS for c in controllers)),
        Check(
            "evidence_given",
            words(plan.evidence) >= MIN_EVIDENCE_WORDS,
            {"words": MIN_EVIDENCE_WORDS},
        ),
    )
    return CriterionScore("analysis", _grade(checks), checks)


def score_measures(plan: PlanFacts) -> CriterionScore:
    """Met when there are measures and each has a baseline, a target and a method."""
    measures = plan.measures
    no_baseline = _missing(
        measures, lambda m: m.baseline_value is not None and m.baseline_period.strip()
    )
    no_target = _missing(measures, lambda m: m.target_value is not None)
    no_method = _missing(measures, lambda m: m.how_measured.strip())
    checks = (
        Check("measure_exists", bool(measures)),
        Check("measures_baseline", bool(measures) and not no_baseline, {"missing": no_baseline}),
        Check("measures_target", bool(measures) and not no_target, {"missing": no_target}),
        Check("measures_method", bool(measures) and not no_method, {"missing": no_method}),
    )
    return CriterionScore("measures", _grade(checks), checks)


def score_response(plan: PlanFacts) -> CriterionScore:
    """Met when there are actions and every one has an owner and a due date."""
    actions = plan.actions
    unowned = _missing(actions, lambda a: a.owner.strip())
    undated = _missing(actions, lambda a: a.due_date is not None)
    checks = (
        Check("action_exists", bool(actions)),
        Check("actions_owned", bool(actions) and not unowned, {"missing": unowned}),
        Check("actions_dated", bool(actions) and not undated, {"missing": undated}),
    )
    return CriterionScore("response", _grade(checks), checks)


def score_partners(plan: PlanFacts) -> CriterionScore:
    """Met when at least one action belongs to an agency other than the police."""
    involved = any(a.agency and a.agency != POLICE for a in plan.actions)
    checks = (Check("partner_involved", involved),)
    return CriterionScore("partners", MET if involved else MISSING, checks)


def score_assessment(plan: PlanFacts) -> CriterionScore:
    """Applies only when finalising: met when written and every measure has a result."""
    if not plan.finalising:
        return CriterionScore("assessment", None, (Check("assessment_not_due", True),))
    no_result = _missing(plan.measures, lambda m: m.result_value is not None)
    checks = (
        Check(
            "assessment_written",
            words(plan.assessment) >= MIN_ASSESSMENT_WORDS,
            {"words": MIN_ASSESSMENT_WORDS},
        ),
        Check("measures_results", not no_result, {"missing": no_result}),
    )
    return CriterionScore("assessment", _grade(checks), checks)


def _grade(checks: tuple[Check, ...]) -> int:
    """Met when every check passes; missing when the first (the part exists) fails."""
    if all(check.passed for check in checks):
        return MET
    return PARTLY if checks[0].passed else MISSING


def propose_rating(scores: Mapping[str, int | None], *, finalising: bool) -> str:
    """Red, amber or green from criterion scores (the reviewer's or the proposal's).

    Red when an OSARA part (and, when finalising, the assessment) scores 0; green when
    every criterion that applies scores 2; amber otherwise.
    """
    parts = OSARA_PARTS + (("assessment",) if finalising else ())
    if any(scores.get(part) == MISSING for part in parts):
        return "red"
    applicable = [score for score in scores.values() if score is not None]
    if applicable and all(score == MET for score in applicable):
        return "green"
    return "amber"


def propose(plan: PlanFacts) -> Proposal:
    """Score every criterion and propose a rating, each with the checks behind it.

    Examples
    --------
    >>> propose(PlanFacts()).rag
    'red'
    """
    scores = (
        score_objective(plan),
        score_scanning(plan),
        score_analysis(plan),
        score_measures(plan),
        score_response(plan),
        score_partners(plan),
        score_assessment(plan),
    )
    by_name = {s.criterion: s.score for s in scores}
    parts = OSARA_PARTS + (("assessment",) if plan.finalising else ())
    missing = tuple(part for part in parts if by_name[part] == MISSING)
    return Proposal(scores, propose_rating(by_name, finalising=plan.finalising), missing)
