"""The rubric proposes scores from visible checks; the reviewer decides."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from asbhub.problem_solving import rubric
from asbhub.problem_solving.rubric import ActionFacts, MeasureFacts, PlanFacts

from .conftest import GOOD_TEXT

MEASURE = MeasureFacts("ASB reports a month", 12, "Jan-Jun 2024", 8, "Force incidents monthly")
PARTNER_ACTION = ActionFacts("Fit CCTV", "Council CCTV team", "council_other", dt.date(2025, 1, 31))
GOOD = PlanFacts(
    has_area=True, has_period=True, measures=(MEASURE,), actions=(PARTNER_ACTION,), **GOOD_TEXT
)


@pytest.mark.parametrize(
    ("text", "number", "date"),
    [
        ("Reduce ASB by 30% by 31 March 2025", True, True),
        ("Reduce ASB by March 2025", False, True),
        ("Fewer than 10 reports a month within 6 months", True, True),
        ("Lleihau ymddygiad gwrthgymdeithasol 30% erbyn 31 Mawrth 2025", True, True),
        ("Stop the youths causing problems", False, False),
        ("We may reduce the reports", False, False),
        ("Halve the reports by 31/03/2025", False, True),
    ],
)
def test_the_objective_checks_find_figures_and_dates(text, number, date):
    assert rubric.has_number(text) is number
    assert rubric.has_date(text) is date


def test_a_complete_plan_is_proposed_green_with_the_assessment_not_yet_due():
    proposal = rubric.propose(GOOD)
    assert proposal.rag == "green"
    assert proposal.score_of("assessment") is None
    assert all(s.score == rubric.MET for s in proposal.scores if s.criterion != "assessment")


def test_an_empty_plan_is_proposed_red_naming_the_missing_parts():
    proposal = rubric.propose(PlanFacts())
    assert proposal.rag == "red"
    assert proposal.missing_parts == ("objective", "scanning", "analysis", "response")


def test_missing_measures_or_partners_make_a_plan_amber_not_red():
    police_only = ActionFacts("Patrols", "PC Evans", "police", dt.date(2025, 1, 31))
    proposal = rubric.propose(
        PlanFacts(has_area=True, has_period=True, actions=(police_only,), **GOOD_TEXT)
    )
    assert proposal.score_of("measures") == rubric.MISSING
    assert proposal.score_of("partners") == rubric.MISSING
    assert proposal.rag == "amber"


def test_an_objective_without_a_figure_or_date_scores_partly():
    score = rubric.score_objective(PlanFacts(objective="Stop the youths causing problems now"))
    assert score.score == rubric.PARTLY
    assert [c.passed for c in score.checks] == [True, False, False]


def test_actions_without_owner_or_date_are_counted_in_the_check():
    actions = (PARTNER_ACTION, ActionFacts("Patrols", "", "police", None))
    score = rubric.score_response(PlanFacts(actions=actions))
    assert score.score == rubric.PARTLY
    messages = [c.message for c in score.checks]
    assert "Every action has an owner (1 without)." in messages
    assert "Every action has a due date (1 without)." in messages


def test_passed_checks_do_not_mention_a_count():
    messages = [c.message for c in rubric.score_measures(GOOD).checks]
    assert "Every measure has a target." in messages


def test_the_analysis_needs_all_three_sides_and_someone_who_can_act():
    one_side = PlanFacts(victim="Shop staff and residents")
    assert rubric.score_analysis(one_side).score == rubric.PARTLY
    assert rubric.score_analysis(PlanFacts(offender="A group of teenagers")).score == 0
    assert rubric.score_analysis(GOOD).score == rubric.MET


def test_when_finalising_the_assessment_and_results_are_required():
    finalising = PlanFacts(**{**GOOD.__dict__, "finalising": True})
    assert rubric.propose(finalising).rag == "red"
    assert rubric.score_assessment(finalising).score == rubric.MISSING
    written = PlanFacts(**{**finalising.__dict__, "assessment": " ".join(["word"] * 15)})
    assert rubric.score_assessment(written).score == rubric.PARTLY
    with_result = MeasureFacts(**{**MEASURE.__dict__, "result_value": 7})
    done = PlanFacts(**{**written.__dict__, "measures": (with_result,)})
    assert rubric.score_assessment(done).score == rubric.MET
    assert rubric.propose(done).rag == "green"


def test_the_rating_follows_the_reviewers_scores():
    scores = dict.fromkeys(rubric.CRITERIA, 2) | {"assessment": None}
    assert rubric.propose_rating(scores, finalising=False) == "green"
    assert rubric.propose_rating(scores | {"partners": 1}, finalising=False) == "amber"
    assert rubric.propose_rating(scores | {"analysis": 0}, finalising=False) == "red"
    assert rubric.propose_rating(scores | {"assessment": 0}, finalising=True) == "red"


def test_check_messages_are_translated():
    check = rubric.Check("action_exists", True)
    with translation.override("cy"):
        welsh = check.message
    assert welsh != check.message
    assert welsh
