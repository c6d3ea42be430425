"""THRIVE proposals and graded response: the rules table, the deadline, the rules file."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta

import pytest

from asbhub.incidents import thrive
from asbhub.incidents.thrive import Answers

REPORTED = datetime(2026, 1, 10, 21, 0, tzinfo=UTC)


def levels(answers: Answers) -> dict[str, str]:
    return {item.dimension: item.level for item in thrive.propose_levels(answers)}


@pytest.mark.parametrize(
    ("answers", "expected", "grade"),
    [
        (Answers(category="environmental"), dict.fromkeys(thrive.DIMENSIONS, "low"), 4),
        (Answers(category="personal"), {"harm": "medium", "engagement": "medium"}, 3),
        (Answers(category="nuisance", risk_now=True), {"threat": "high", "risk": "high"}, 1),
        (
            Answers(category="personal", targeted=True, vulnerable=True),
            {"harm": "high", "vulnerability": "high", "engagement": "medium"},
            2,
        ),
        (
            Answers(category="personal", repeat_victim=True, case_review_threshold=True),
            {"risk": "high", "engagement": "high", "vulnerability": "medium", "harm": "medium"},
            3,
        ),
        (
            Answers(category="nuisance", crime_groups=("assault",)),
            {"threat": "high", "harm": "high", "investigation": "high"},
            2,
        ),
        (Answers(category="nuisance", children_involved=True), {"vulnerability": "high"}, 3),
    ],
    ids=["nothing", "personal", "risk now", "targeted vulnerable", "repeat", "assault", "children"],
)
def test_answers_propose_levels_and_a_grade(answers, expected, grade):
    proposed = levels(answers)
    for dimension, level in expected.items():
        assert proposed[dimension] == level, dimension
    untouched = set(thrive.DIMENSIONS) - set(expected)
    assert all(proposed[d] == "low" for d in untouched)
    assert thrive.propose(answers).grade.grade == grade


def test_every_proposed_level_says_why():
    proposal = thrive.propose(Answers(category="personal", hate_motivated=True))
    for item in proposal.levels:
        assert item.reasons and all(r.en and r.cy for r in item.reasons)
    assert proposal.as_dict("cy")["levels"]["harm"]["reasons"][0].startswith("YG personol")


def test_the_handlers_levels_drive_the_grade():
    answers = Answers(category="nuisance", targeted=True)
    assert thrive.propose(answers).grade.grade == 4
    decided = dict.fromkeys(thrive.DIMENSIONS, "low") | {"threat": "high"}
    assert thrive.propose_grade(answers, decided).grade == 2


def test_the_deadline_is_the_report_time_plus_the_target():
    table = thrive.shipped_response_table("gwent")
    assert thrive.deadline(1, REPORTED, table) == REPORTED + timedelta(minutes=15)
    assert thrive.deadline(1, REPORTED, table, rural=True) == REPORTED + timedelta(minutes=20)
    assert thrive.deadline(3, REPORTED, table) == REPORTED + timedelta(hours=48)
    assert thrive.time_left(REPORTED + timedelta(hours=1), now=REPORTED) == timedelta(hours=1)


def test_rural_means_fewer_residents_per_square_kilometre_than_the_cut_off():
    table = thrive.shipped_response_table("gwent")
    assert thrive.is_rural(1500, 10.0, table)
    assert not thrive.is_rural(1500, 0.5, table)
    assert not thrive.is_rural(None, 3.0, table)


def test_a_rule_naming_an_unknown_fact_is_refused():
    data = tomllib.loads(thrive.RULES_FILE.read_text(encoding="utf-8"))
    data["rule"][0]["when"] = ["wearing_a_hat"]
    with pytest.raises(ValueError, match="wearing_a_hat"):
        thrive.parse_rules(data)


def test_a_force_without_targets_is_refused():
    data = tomllib.loads(thrive.GRADES_FILE.read_text(encoding="utf-8"))
    with pytest.raises(LookupError):
        thrive.parse_response_table("atlantis", data)


def test_the_rules_files_name_their_sources():
    assert "Source:" in thrive.RULES_FILE.read_text(encoding="utf-8")
    assert thrive.shipped_response_table("gwent").source
