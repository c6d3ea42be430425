"""Journey: a crime data integrity reviewer takes an incident from the queue, sees the
highlighted public order words, records a crime and sees the dashboard change."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.factories import make_incident

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.e2e


@pytest.fixture
def incidents(transactional_db) -> dict:
    """Two incidents in the last day: one with public order words, one nuisance."""
    now = timezone.now()
    return {
        "abuse": make_incident(
            reference="GW-2024-CDI001",
            reported_at=now - timedelta(hours=20),
            narrative="Male outside the Spar shouting abuse at IP and calling her a slag. "
            "IP frightened to go out.",
        ),
        "noise": make_incident(
            reference="GW-2024-CDI002",
            reported_at=now - timedelta(hours=3),
            narrative="Loud music from no 23 until 4am, caller could not sleep.",
        ),
    }


def test_reviewer_records_a_crime_from_the_queue(page, live_server, cast, incidents):
    page.goto(f"{live_server.url}/integrity/dashboard/")
    page.get_by_label("Username").fill("demo-cdi-reviewer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.locator("#crimes-per-100")).to_have_text("–")

    page.get_by_role("link", name="Review queue", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    row = page.locator("#queue-table tbody tr").first
    expect(row).to_contain_text("GW-2024-CDI001")
    expect(row).to_contain_text("Public fear, alarm or distress")
    expect(row).to_contain_text("min left")

    row.get_by_role("link", name="GW-2024-CDI001").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Incident GW-2024-CDI001")
    highlighted = page.locator("#narrative mark")
    expect(highlighted.first).to_have_text("shouting abuse at IP")
    expect(highlighted.first).to_have_attribute("data-groups", "public_order")
    expect(page.locator("#likely-offences")).to_contain_text("9A")

    page.get_by_label("Crime recorded").check()
    page.get_by_label("Crime reference").fill("GW/24/004711")
    page.get_by_label("Home Office classification").select_option("9A")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Crime recorded.")
    expect(page.locator("#queue-table")).not_to_contain_text("GW-2024-CDI001")

    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.locator("#crimes-per-100")).to_have_text("100.0")
    expect(page.locator("#by-group")).to_contain_text("Public fear, alarm or distress")
    expect(page).to_have_url(re.compile(r"/integrity/dashboard/$"))
