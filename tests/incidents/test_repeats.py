"""Repeat victims and the ASB Case Review threshold as a table of cases."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime

import pytest

from asbhub.incidents import repeats
from asbhub.incidents.repeats import CaseReviewRule, CountRule


def at(month: int, day: int, year: int = 2024) -> datetime:
    return datetime(year, month, day, 20, 0, tzinfo=UTC)


def test_calendar_months_clamp_to_the_end_of_the_month():
    assert repeats.add_months(at(3, 31), -1) == at(2, 29)
    assert repeats.add_months(at(1, 31), 1) == at(2, 29)
    assert repeats.add_months(at(11, 15), 3) == at(2, 15, 2025)


@pytest.mark.parametrize(
    ("reports", "met", "counted"),
    [
        # Three reports in six months, each within a month of the incident: met.
        ([(at(1, 2), at(1, 2)), (at(3, 1), at(3, 20)), (at(6, 1), at(6, 1))], True, 3),
        # The second was reported five weeks after the incident: it does not count.
        ([(at(1, 2), at(1, 2)), (at(3, 1), at(4, 8)), (at(6, 1), at(6, 1))], False, 2),
        # The first fell outside the six months before now.
        (
            [(at(11, 30, 2023), at(11, 30, 2023)), (at(3, 1), at(3, 1)), (at(6, 1), at(6, 1))],
            False,
            2,
        ),
        # An incident without a time cannot be counted.
        ([(None, at(1, 2)), (at(3, 1), at(3, 1)), (at(6, 1), at(6, 1))], False, 2),
        # Exactly six calendar months back is inside the window.
        ([(at(12, 1, 2023), at(12, 1, 2023)), (at(3, 1), at(3, 1)), (at(6, 1), at(6, 1))], True, 3),
    ],
    ids=["met", "late report", "outside window", "no incident time", "window edge"],
)
def test_case_review_threshold(reports, met, counted):
    result = repeats.case_review(reports, CaseReviewRule(), now=at(6, 1))
    assert result.met is met
    assert result.counted == counted
    assert result.still_needed == max(0, 3 - counted)


def test_a_csp_can_set_its_own_threshold():
    rules = repeats.RepeatRules(
        CountRule(3, 12),
        CountRule(3, 12, radius_metres=50),
        CaseReviewRule(),
        {"W14000022": CaseReviewRule(reports=2, window_months=6, reported_within_months=1)},
    )
    reports = [(at(5, 1), at(5, 1)), (at(6, 1), at(6, 1))]
    assert repeats.case_review(reports, rules.case_review_for("W14000022"), now=at(6, 1)).met
    assert not repeats.case_review(reports, rules.case_review_for("W14000018"), now=at(6, 1)).met
    assert rules.case_review_for(None) == CaseReviewRule()


def test_repeat_victim_counts_reports_in_the_last_twelve_months():
    rule = CountRule(3, 12)
    times = [at(1, 5, 2023), at(7, 1), at(12, 24)]
    assert not repeats.count_recent(times, rule, now=at(12, 24)).met
    assert repeats.count_recent([*times, at(12, 20)], rule, now=at(12, 24)).met
    assert repeats.count_recent(times, rule, now=at(12, 24)).count == 2


def test_the_shipped_rules_read_and_check_their_numbers():
    rules = repeats.shipped_rules()
    assert rules.case_review_default == CaseReviewRule(3, 6, 1, rules.case_review_default.source)
    assert rules.repeat_victim.reports == 3 and rules.repeat_location.radius_metres > 0
    data = tomllib.loads(repeats.RULES_FILE.read_text(encoding="utf-8"))
    data["case_review"]["default"]["reports"] = 0
    with pytest.raises(ValueError):
        repeats.parse_rules(data)


def test_distances_and_boxes_are_in_metres():
    assert repeats.distance_metres(-3.0, 51.6, -3.0, 51.6009) == pytest.approx(100, rel=0.01)
    min_lon, max_lon, min_lat, max_lat = repeats.bounding_box(-3.0, 51.6, 100)
    assert repeats.distance_metres(-3.0, 51.6, -3.0, max_lat) == pytest.approx(100, rel=0.01)
    assert min_lon < -3.0 < max_lon
