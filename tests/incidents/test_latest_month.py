"""The latest month of incident data, where analyses end: a trickle after it does not count."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from asbhub.incidents.services import latest_incident_month
from tests.factories import make_incident

pytestmark = pytest.mark.django_db


def _incidents(when: datetime, count: int) -> None:
    for _ in range(count):
        make_incident(reported_at=when)


def test_no_incidents_give_no_month() -> None:
    assert latest_incident_month() is None


def test_it_is_the_month_of_the_latest_incident() -> None:
    _incidents(datetime(2024, 1, 10, 12, tzinfo=UTC), 3)
    _incidents(datetime(2024, 2, 10, 12, tzinfo=UTC), 1)
    assert latest_incident_month() == date(2024, 2, 1)


def test_a_trickle_long_after_the_data_does_not_count() -> None:
    _incidents(datetime(2024, 1, 10, 12, tzinfo=UTC), 20)
    _incidents(datetime(2024, 2, 10, 12, tzinfo=UTC), 20)
    _incidents(datetime(2026, 3, 15, 8, tzinfo=UTC), 1)  # the demo's live intake
    assert latest_incident_month() == date(2024, 2, 1)
    _incidents(datetime(2026, 3, 15, 9, tzinfo=UTC), 2)  # a tenth of the usual month
    assert latest_incident_month() == date(2026, 3, 1)


def test_months_are_in_local_time() -> None:
    _incidents(datetime(2024, 3, 31, 23, 30, tzinfo=UTC), 1)  # 00:30 on 1 April in Wales
    assert latest_incident_month() == date(2024, 4, 1)
