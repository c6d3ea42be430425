"""Journey: a call handler records a personal ASB report for a repeat victim whose name is
misspelt, and sees the repeat-victim and case-review warnings, the THRIVE proposal and the
deadline as they type; then records it."""

from __future__ import annotations

import os
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from asbhub.core.services import load_geography
from asbhub.incidents import services
from asbhub.incidents.choices import AsbCategory, PartyRole
from asbhub.incidents.models import Incident, IncidentParty
from tests.conftest import PASSWORD
from tests.factories import make_incident, make_person

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.e2e

NEWPORT_LON, NEWPORT_LAT = -2.99774, 51.58852


@pytest.fixture
def repeat_victim(transactional_db) -> list[Incident]:
    """Margaret Pritchard has reported twice in the last six weeks, each time at home."""
    load_geography("gwent")
    services.clear_caches()
    now = timezone.now()
    incidents = []
    for days, given in ((35, "Margaret"), (9, "Maggie")):
        person = make_person(
            given_name=given,
            family_name="Pritchard",
            date_of_birth=date(1948, 6, 9),
            flat="Flat 2",
            house="14",
            street="Heol Pant",
            town="Newport",
            postcode="NP20 4AB",
        )
        incident = make_incident(
            victim=person,
            category=AsbCategory.PERSONAL,
            reported_at=now - timedelta(days=days),
            occurred_at=now - timedelta(days=days, hours=1),
            location="14 Heol Pant, Newport",
            longitude=NEWPORT_LON,
            latitude=NEWPORT_LAT,
        )
        IncidentParty.objects.create(incident=incident, person=person, role=PartyRole.REPORTER)
        incidents.append(incident)
    yield incidents
    services.clear_caches()


def _answer(page, question: str, answer: str) -> None:
    # GOV.UK radios draw their own circle over the input: click the label, as a user does.
    page.get_by_role("group", name=question).get_by_text(answer, exact=True).click()


def test_call_handler_sees_the_repeat_victim_and_case_review_warnings(
    page, live_server, cast, repeat_victim
):
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("demo-call-handler")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Record an ASB report").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an ASB report")

    page.get_by_text("101 call", exact=True).click()
    happened = timezone.localtime() - timedelta(hours=1)
    page.get_by_label("When did it happen?").fill(happened.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Where did it happen?").fill("14 Heol Pant, Newport")
    # The map (LSOA outlines, no tiles) fills the coordinates on a click; typing them works too.
    expect(page.locator("#intake-map")).to_have_attribute("data-ready", "true")
    page.locator("#intake-map").click()
    expect(page.get_by_label("Longitude (optional)")).not_to_have_value("")
    page.get_by_label("Longitude (optional)").fill(str(NEWPORT_LON))
    page.get_by_label("Latitude (optional)").fill(str(NEWPORT_LAT))
    victim = page.locator("#person-victim")
    victim.get_by_label("First name").fill("Magie")  # misspelt
    victim.get_by_label("Last name").fill("PRICHARD")  # misspelt, in capitals
    victim.get_by_label("Date of birth").fill("06/09/1948")  # day and month swapped
    victim.get_by_label("House number or name").fill("2/14")
    victim.get_by_label("Street").fill("heol pant")
    page.get_by_label("What happened?").fill(
        "The boys from number 16 were banging on my door and shouting abuse at me again."
    )
    _answer(page, "ASB category", "Personal")
    _answer(page, "Is the victim being targeted?", "Yes")
    _answer(page, "Has this happened before?", "Yes")
    _answer(page, "Is the victim vulnerable?", "Yes")
    _answer(page, "Is it motivated by hate?", "No")
    _answer(page, "Are children involved?", "No")
    _answer(page, "Is anyone at risk now?", "No")

    panel = page.locator("#live-panel")
    expect(panel.locator("#warning-repeat_victim")).to_contain_text("Repeat victim: 3 reports")
    expect(panel.locator("#warning-case_review_threshold")).to_contain_text(
        "ASB Case Review threshold is met"
    )
    expect(panel.locator("#history-victim")).to_contain_text(repeat_victim[0].reference)
    expect(panel.locator("#history-victim")).to_contain_text("Maggie Pritchard")
    thrive = panel.locator("#panel-thrive")
    expect(thrive.locator("tr[data-dimension='vulnerability']")).to_contain_text("High")
    expect(thrive.locator("tr[data-dimension='engagement']")).to_contain_text(
        "Tell the victim they can ask for an ASB Case Review."
    )
    expect(panel.locator("#panel-deadline")).to_contain_text("Grade 2")
    expect(panel.locator("#panel-deadline")).to_contain_text("Respond by")

    page.get_by_role("button", name="Record the report").click()
    expect(page.get_by_role("alert")).to_contain_text("Report recorded as")
    expect(page.locator("#incident-grade")).to_contain_text("Respond by")
    expect(page.locator("#incident-thrive")).to_contain_text("Engagement")
    recorded = Incident.objects.order_by("-pk").first()
    assert recorded.grade == 2 and recorded.respond_by is not None
    assert {w["code"] for w in recorded.thrive.proposal["warnings"]} >= {
        "repeat_victim",
        "case_review_threshold",
    }
