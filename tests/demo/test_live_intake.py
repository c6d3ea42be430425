"""The demo's live intake: incidents received in the 30 hours before the demo runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from asbhub.demo.generator import (
    LIVE_HOURS,
    TRUTH_CASE_REVIEW,
    DemoData,
    Point,
    live_count,
    live_intake,
    live_offsets,
)

NOW = datetime(2026, 3, 15, 9, 30, tzinfo=UTC)
DAY = timedelta(hours=24)


@pytest.fixture(scope="module")
def intake(points: list[Point]) -> DemoData:
    return live_intake(points, 7, NOW, incidents=40)


def test_the_intake_is_reported_in_the_30_hours_before_now(intake: DemoData) -> None:
    ages = [NOW - incident.reported_at for incident in intake.incidents]
    assert len(ages) == 40
    assert all(timedelta(minutes=5) <= age <= timedelta(hours=LIVE_HOURS) for age in ages)
    overdue = [age for age in ages if age > DAY]
    assert 1 <= len(overdue) <= 3, "one or two reviews overdue"
    assert sum(1 for age in ages if DAY - timedelta(hours=4) <= age <= DAY) >= 2, "nearly due"


def test_times_move_together(intake: DemoData) -> None:
    reported = {incident.key: incident.reported_at for incident in intake.incidents}
    for incident in intake.incidents:
        assert incident.occurred_at is None or incident.occurred_at <= incident.reported_at
    recorded = {person.key: person.recorded_at for person in intake.people}
    for party in intake.parties:
        assert recorded[party.person_key] == reported[party.incident_key]


def test_the_intake_is_fresh_and_comes_from_the_latest_month(
    points: list[Point], intake: DemoData
) -> None:
    assert {incident.status for incident in intake.incidents} <= {"open", "allocated", "attended"}
    latest = max(point.month for point in points)
    places = {(p.longitude, p.latitude) for p in points if p.month == latest}
    assert {(i.longitude, i.latitude) for i in intake.incidents} <= places


def test_it_has_planted_truth_for_the_screening_to_find(intake: DemoData) -> None:
    assert any(incident.offences for incident in intake.incidents)
    kinds = {truth.kind for truth in intake.truths}
    assert {"narrative_offences", "same_person"} <= kinds


def test_case_review_truth_is_dated_by_the_moved_reports(points: list[Point]) -> None:
    reported = {}
    truths = []
    for seed in range(1, 8):
        data = live_intake(points, seed, NOW, incidents=40)
        truths += [(seed, t) for t in data.truths if t.kind == TRUTH_CASE_REVIEW]
        reported[seed] = {incident.key: incident.reported_at for incident in data.incidents}
    assert truths
    for seed, truth in truths:
        eligible_at = datetime.fromisoformat(truth.value["eligible_at"])
        assert eligible_at in {reported[seed][key] for key in truth.value["incident_keys"]}


def test_the_same_seed_gives_the_same_intake_at_the_same_offsets(
    points: list[Point], intake: DemoData
) -> None:
    later = NOW + timedelta(days=100, minutes=7)
    again = live_intake(list(reversed(points)), 7, later, incidents=40)
    assert [(i.reference, i.narrative) for i in again.incidents] == [
        (i.reference, i.narrative) for i in intake.incidents
    ]
    assert [later - i.reported_at for i in again.incidents] == [
        NOW - i.reported_at for i in intake.incidents
    ]
    other = live_intake(points, 8, NOW, incidents=40)
    assert [i.narrative for i in other.incidents] != [i.narrative for i in intake.incidents]


def test_references_follow_the_main_data(points: list[Point]) -> None:
    data = live_intake(points, 7, NOW, incidents=5, numbered_after={2026: 120})
    by_time = sorted(data.incidents, key=lambda incident: incident.reported_at)
    assert [i.reference for i in by_time] == [f"GW-2026-{n:06d}" for n in range(121, 126)]


def test_none_asked_for_gives_none(points: list[Point]) -> None:
    assert live_intake(points, 7, NOW, incidents=0).incidents == ()
    assert live_intake([], 7, NOW, incidents=40).incidents == ()
    with pytest.raises(ValueError, match="aware"):
        live_intake(points, 7, NOW.replace(tzinfo=None), incidents=40)


@pytest.mark.parametrize(("count", "overdue"), [(0, 0), (1, 0), (2, 1), (40, 2), (100, 5)])
def test_offsets_put_a_few_reports_past_their_24_hours(count: int, overdue: int) -> None:
    offsets = live_offsets(3, count)
    assert len(offsets) == count
    assert list(offsets) == sorted(offsets, reverse=True)
    assert sum(1 for offset in offsets if offset > DAY) == overdue
    assert all(timedelta(minutes=5) <= offset <= timedelta(hours=LIVE_HOURS) for offset in offsets)
    assert live_offsets(3, count) == offsets


def test_the_default_size_is_30_hours_at_the_data_s_own_rate() -> None:
    assert live_count(11_700, 366) == 40  # a year of Gwent's ASB
    assert live_count(60, 91) == 1
    assert live_count(0, 31) == 0
