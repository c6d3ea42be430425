"""The pure rules of the 24-hour review: deadlines, the clock, the queue order, the dip
sample and the dashboard figures. No database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from asbhub.integrity import review

NOW = datetime(2024, 11, 3, 12, 0, tzinfo=UTC)


def test_the_review_is_due_24_hours_after_the_report() -> None:
    assert review.due_at(NOW) == NOW + timedelta(hours=24)


@pytest.mark.parametrize(
    ("hours_left", "band"),
    [
        (-2, review.OVERDUE),
        (3, review.DUE_SOON_BAND),
        (4, review.DUE_SOON_BAND),
        (5, review.IN_TIME),
    ],
)
def test_the_clock_bands(hours_left: int, band: str) -> None:
    clock = review.clock(NOW + timedelta(hours=hours_left), NOW)
    assert clock.band == band
    assert clock.hours == abs(hours_left)


def test_a_decided_incident_is_done_whatever_the_time() -> None:
    assert review.clock(NOW - timedelta(hours=5), NOW, decided=True).band == review.DONE


def test_the_queue_puts_overdue_first_then_likely_crimes() -> None:
    items = {
        "overdue, no crime": (NOW - timedelta(hours=1), 0.0),
        "soon, likely crime": (NOW + timedelta(hours=2), 0.9),
        "soon, no crime": (NOW + timedelta(hours=1), 0.0),
        "later, likely crime": (NOW + timedelta(hours=20), 0.95),
    }
    order = sorted(items, key=lambda name: review.queue_key(*items[name], now=NOW))
    assert order == [
        "overdue, no crime",
        "soon, likely crime",
        "soon, no crime",
        "later, likely crime",
    ]


def test_the_dip_sample_draws_five_percent_reproducibly() -> None:
    ids = list(range(1, 201))
    first = review.draw_sample(ids, seed=7)
    assert len(first) == 10
    assert first == review.draw_sample(ids, seed=7)
    assert first != review.draw_sample(ids, seed=8)
    assert set(first) <= set(ids)


def test_the_dip_sample_draws_at_least_one_and_none_from_nothing() -> None:
    assert len(review.draw_sample([4, 5, 6], seed=1)) == 1
    assert review.draw_sample([], seed=1) == []
    with pytest.raises(ValueError):
        review.draw_sample([1], seed=1, rate=0)


def test_agreement_counts_only_checked_decisions() -> None:
    outcome = review.agreement([True, True, False, None])
    assert (outcome.checked, outcome.agreed) == (3, 2)
    assert outcome.rate == pytest.approx(2 / 3)
    assert review.agreement([None]).rate is None


def row(
    hours_ago: int,
    decided_after: int | None,
    decision: str = "",
    csp: str = "Newport",
    group: str = "",
    flagged: tuple[str, ...] = (),
) -> review.ReviewRow:
    reported = NOW - timedelta(hours=hours_ago)
    return review.ReviewRow(
        reported_at=reported,
        due_at=review.due_at(reported),
        decided_at=reported + timedelta(hours=decided_after) if decided_after is not None else None,
        decision=decision,
        csp=csp,
        week=review.week_of(reported),
        offence_group=group,
        flagged_groups=flagged,
    )


def test_the_dashboard_figures() -> None:
    rows = [
        row(48, 2, "crime_recorded", group="public_order", flagged=("public_order",)),
        row(48, 30, "no_crime"),
        row(40, None),
        row(2, None, csp="Torfaen"),
        row(3, 1, "crime_recorded", csp="Torfaen", group="assault", flagged=("assault",)),
    ]
    figures = review.dashboard(rows, NOW)
    total = figures.total
    assert total.incidents == 5
    assert total.due == 4
    assert total.within_24h == 2
    assert total.share_within_24h == pytest.approx(0.5)
    assert total.crimes_per_100 == pytest.approx(100 * 2 / 3)
    assert figures.by_csp["Torfaen"].incidents == 2
    assert figures.crimes_by_group == {"public_order": 1, "assault": 1}
    assert figures.flagged_by_group == {"public_order": 1, "assault": 1}
    assert list(figures.by_week) == sorted(figures.by_week)


def test_the_dashboard_slices_by_team_as_by_partnership() -> None:
    rows = [
        replace(row(48, 2, "crime_recorded"), team="Newport West"),
        replace(row(40, None), team="Newport East"),
        replace(row(2, 1, "no_crime", csp="Torfaen"), team="Torfaen North"),
        replace(row(3, 1, "crime_recorded", csp="Torfaen"), team="Torfaen North"),
    ]
    figures = review.dashboard(iter(rows), NOW)  # a one-pass iterable is enough
    assert list(figures.by_team) == ["Newport East", "Newport West", "Torfaen North"]
    assert figures.by_team["Torfaen North"].incidents == 2
    assert figures.by_team["Torfaen North"].crimes_per_100 == pytest.approx(50.0)
    assert figures.by_team["Newport West"].within_24h == 1
    assert sum(t.incidents for t in figures.by_team.values()) == figures.total.incidents
    assert review.tally_by(rows, lambda r: r.csp, NOW)["Torfaen"].decided == 2


def test_weeks_begin_on_monday() -> None:
    assert review.week_of(datetime(2024, 11, 3, 12, tzinfo=UTC)) == date(2024, 10, 28)
