"""Journey: an analyst asks for a Newport data pack, watches it being made, downloads it."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.datapacks.conftest import committed_excerpt_db  # noqa: F401 (a fixture)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.e2e


@pytest.mark.usefixtures("committed_excerpt_db")
def test_analyst_makes_a_newport_pack_sees_progress_and_downloads_the_html(
    page, live_server, cast, tmp_path
):
    page.goto(f"{live_server.url}/data-packs/")
    page.get_by_label("Username").fill("demo-analyst")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data packs")
    expect(page.get_by_text("No data packs have been made yet.")).to_be_visible()

    page.get_by_label("Community safety partnership").select_option(label="Newport")
    expect(page.get_by_label("Last month of the pack")).to_have_value("2024-12")
    page.get_by_label("Months covered").select_option("3")
    page.get_by_label("English").check()
    page.get_by_label("PDF").uncheck()
    page.get_by_role("button", name="Make the data pack").click()

    expect(page).to_have_url(re.compile(r"/data-packs/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Newport")
    # The request returned at once; the page shows the pack's progress and polls for more.
    status = page.locator("#pack-status")
    expect(status).to_contain_text(re.compile("Waiting to start|Being made|Ready"))
    expect(page.get_by_role("heading", name="Download")).to_be_visible(timeout=30_000)
    expect(status).to_contain_text("Ready")

    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"^Web page \(HTML\)")).click()
    download = info.value
    assert download.suggested_filename == "newport-2024-10-to-2024-12-en.html"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    html = saved.read_text(encoding="utf-8")
    assert "Crime and anti-social behaviour data pack: Newport" in html
    assert "October 2024 to December 2024" in html

    page.get_by_role("link", name="All data packs").click()
    expect(page.get_by_role("cell", name="demo-analyst")).to_be_visible()
