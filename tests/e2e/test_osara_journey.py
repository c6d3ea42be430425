"""Journey: an officer writes an OSARA plan, the POP officer rates it amber, the officer
improves it, it turns green and is finalised with an outcome code; the dashboard shows it."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from playwright.sync_api import Page, expect

from asbhub.core.models import Lsoa
from tests.conftest import PASSWORD
from tests.factories import make_csps
from tests.problem_solving.conftest import INSIDE, SQUARE, add_street_records

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.e2e


@pytest.fixture
def bettws(transactional_db) -> None:
    """Newport with one LSOA and a year of police.uk ASB records on Heol Pant."""
    newport = make_csps()["newport"]
    Lsoa.objects.create(
        code="W01001600",
        name="Newport 012A",
        csp=newport,
        population=1500,
        centroid_longitude=INSIDE[0],
        centroid_latitude=INSIDE[1],
        boundary=SQUARE,
    )
    for month in range(1, 13):
        add_street_records(newport, dt.date(2024, month, 1), 12 if month < 7 else 7)


def sign_in(page: Page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def change(page: Page, section: str) -> None:
    """Follow a section's Change link on the plan page."""
    page.locator(f"#{section}").get_by_role("link", name=re.compile(r"^Change")).first.click()


def save(page: Page) -> None:
    page.get_by_role("button", name="Save", exact=True).click()


def review(page: Page, url: str, rating: str, feedback: str) -> None:
    sign_in(page, url, "demo-pop-officer")
    page.get_by_role("link", name="Problem-solving plans").first.click()
    page.get_by_role("table", name="Plans").get_by_role("link", name=re.compile("^PS-")).click()
    if page.get_by_role("button", name="Start the review").count():
        page.get_by_role("button", name="Start the review").click()
    else:
        page.get_by_role("link", name="Review the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review the plan")
    page.get_by_role("group", name="RAG rating").get_by_label(rating).check()
    page.get_by_label("Feedback to the owner and supervisor").fill(feedback)
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_text("Review saved")).to_be_visible()


def test_a_plan_goes_from_draft_to_amber_to_green_and_is_finalised(page, live_server, cast, bettws):
    url = live_server.url
    sign_in(page, url, "demo-officer")
    page.get_by_role("link", name="Problem-solving plans").first.click()
    page.get_by_role("link", name="Start a plan").click()
    page.get_by_label("Title").fill("Youths at Bettws shops")
    page.get_by_label("Supervisor").select_option(label="demo-supervisor")
    page.get_by_label("Team").fill("Newport West NPT")
    page.get_by_label("Community safety partnership").select_option(label="Newport")
    page.get_by_label("Overview").fill("Groups of teenagers gather at the shops most evenings.")
    page.get_by_role("button", name="Start the plan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Area, incidents and locations")
    page.get_by_label("LSOAs").fill("W01001600")
    page.get_by_label("Streets").fill("Heol Pant")
    save(page)

    change(page, "objective")
    page.get_by_label("Objective").fill(
        "Reduce ASB reports at the Heol Pant shops by 30% by 31 March 2025."
    )
    save(page)
    page.get_by_role("link", name="Add a success measure").click()
    page.get_by_label("Measure", exact=True).fill("ASB reports a month at the shops")
    page.get_by_label("Figures from").select_option("policeuk")
    page.get_by_label("Baseline value").fill("12")
    page.get_by_label("Baseline period").fill("January to June 2024")
    page.get_by_label("Target").fill("8")
    page.get_by_label("How it is measured").fill("police.uk ASB records in the area, monthly.")
    page.get_by_role("button", name="Save the measure").click()

    change(page, "scanning")
    page.get_by_label("Problem statement").fill(
        "Residents and shop staff on Heol Pant report groups of ten to fifteen teenagers "
        "between 6pm and 10pm, Thursday to Saturday, shouting and abusing staff."
    )
    page.get_by_label("Scanning from").fill("2024-01")
    page.get_by_label("Scanning to").fill("2024-06")
    save(page)
    chart = page.locator('#scanning-data svg[role="img"]')
    expect(chart).to_be_visible()
    expect(page.locator("#scanning-data table")).to_contain_text("Jan 2024")

    change(page, "analysis")
    page.get_by_label("Victim").fill("Shop staff and older residents of the flats.")
    page.get_by_label("Offender").fill("A core group of five teenagers.")
    page.get_by_label("Location", exact=True).fill("A covered walkway with broken lighting.")
    page.get_by_label("Handlers").fill("Parents and the school's pastoral staff.")
    page.get_by_label("Evidence").fill("police.uk data, a survey of six shops, three visits.")
    save(page)

    # Add a response action inline (HTMX): the police only, so no partner yet.
    page.get_by_text("Add a response action").click()
    page.get_by_label("Action", exact=True).fill("High-visibility patrols, Thursday to Saturday")
    page.get_by_label("Owner", exact=True).fill("PC Evans")
    page.get_by_label("Due date").fill("2025-01-31")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Response action added.")).to_be_visible()
    expect(page.locator("#response-actions table")).to_contain_text("High-visibility patrols")

    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Plan submitted")).to_be_visible()

    # The POP officer sees it waiting, proposes amber (no partner), and says why.
    sign_in(page, url, "demo-pop-officer")
    expect(page.get_by_text("new plan waiting for its first review")).to_be_visible()
    review(page, url, "Amber", "Good start: involve the council in the response.")
    expect(page.locator("#reviews ~ div table, #reviews + div table").first).to_contain_text(
        "Amber"
    )

    # The owner reads the feedback on the home page and improves the plan.
    sign_in(page, url, "demo-officer")
    page.get_by_role("link", name=re.compile("rated Amber")).click()
    expect(
        page.get_by_text("Good start: involve the council in the response.").first
    ).to_be_visible()
    page.get_by_text("Add a response action").click()
    page.get_by_label("Action", exact=True).fill("Repair the rear lighting and fit CCTV")
    page.get_by_label("Owner", exact=True).fill("Council community safety manager")
    page.get_by_label("Agency").select_option("council_other")
    page.get_by_label("Due date").fill("2025-02-28")
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator("#response-actions table")).to_contain_text("Repair the rear lighting")
    change(page, "analysis")
    page.get_by_label("Guardians").fill("Shop staff and neighbourhood watch.")
    page.get_by_label("Place managers").fill("The council and the parade's landlord.")
    save(page)

    review(page, url, "Green", "A clear plan with partners involved.")
    expect(page.get_by_text("Rated Green")).to_be_visible()

    # The owner records the assessment and finalises with an outcome code.
    sign_in(page, url, "demo-officer")
    page.get_by_role("link", name="Problem-solving plans").first.click()
    page.get_by_role("link", name=re.compile("PS-")).first.click()
    change(page, "assessment")
    page.get_by_label("Response began").fill("2024-07-01")
    page.get_by_label("Assessment").fill(
        "Reports fell from twelve a month to seven after the lighting, CCTV and patrols; "
        "staff report less abuse and the parade is now routine business."
    )
    save(page)
    expect(page.locator('#assessment-data svg[role="img"]')).to_be_visible()
    page.locator("#objective").get_by_role("link", name=re.compile("^Change ASB reports")).click()
    page.get_by_label("Result").fill("7")
    page.get_by_role("button", name="Save the measure").click()
    expect(page.locator("#objective")).to_contain_text("Target met")
    page.get_by_role("link", name="Finalise the plan").click()
    page.get_by_label("Problem resolved").check()
    page.get_by_role("button", name="Finalise the plan").click()
    expect(page.get_by_text("Plan finalised.")).to_be_visible()
    expect(page.locator("main .govuk-tag").first).to_have_text("Finalised")

    # The dashboard shows it.
    page.get_by_role("link", name="Problem-solving dashboard").first.click()
    expect(page.get_by_role("table", name="Plans by status")).to_contain_text("Finalised")
    finalised_row = page.get_by_role("table", name="Plans by status").get_by_role(
        "row", name=re.compile("Finalised")
    )
    expect(finalised_row).to_contain_text("1")
    expect(
        page.get_by_role("table", name="Finalised plans by outcome").get_by_role(
            "row", name=re.compile("Problem resolved")
        )
    ).to_contain_text("1")
