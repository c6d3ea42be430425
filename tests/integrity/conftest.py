"""Fixtures for the crime data integrity tests: a fixed clock and incidents to review."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import make_incident

NOW = datetime(2024, 11, 3, 12, 0, tzinfo=UTC)


@pytest.fixture
def now() -> datetime:
    """The review clock for these tests."""
    return NOW


@pytest.fixture
def abuse_incident(db):
    """A personal ASB incident reported two hours ago with public order words in it."""
    return make_incident(
        reported_at=NOW - timedelta(hours=2),
        narrative="Youths outside the shop shouting abuse at IP and calling her a slag. "
        "IP frightened.",
    )


@pytest.fixture
def quiet_incident(db):
    """A nuisance incident reported 30 hours ago (overdue) with no offence in it."""
    return make_incident(
        reported_at=NOW - timedelta(hours=30),
        narrative="Loud music from a party at no 23 until 4am, caller could not sleep.",
    )
