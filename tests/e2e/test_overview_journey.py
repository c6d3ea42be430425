"""Journey: sign in, switch to Welsh, open the force overview, pick a partnership."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from playwright.sync_api import expect

from asbhub.core.choices import AreaStatus
from asbhub.core.models import Lsoa
from asbhub.opendata.choices import ASB_CRIME_TYPE, FileKind
from asbhub.opendata.models import SourceFile, StreetRecord
from tests.conftest import PASSWORD
from tests.factories import make_csps

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.e2e


@pytest.fixture
def street_records(transactional_db) -> None:
    """Six months of records in Newport and Torfaen."""
    csps = make_csps()
    for slug, code in (("newport", "W01001600"), ("torfaen", "W01001500")):
        lsoa = Lsoa.objects.create(
            code=code,
            name=f"{csps[slug].name} 001A",
            csp=csps[slug],
            population=1500,
            centroid_longitude=-3.0,
            centroid_latitude=51.6,
            boundary={"type": "Point", "coordinates": [-3.0, 51.6]},
        )
        for month_number in range(7, 13):
            month = dt.date(2024, month_number, 1)
            source, _ = SourceFile.objects.get_or_create(
                force="gwent",
                month=month,
                kind=FileKind.STREET,
                defaults={"name": f"{month:%Y-%m}-gwent-street.csv", "sha256": "0" * 64, "rows": 0},
            )
            StreetRecord.objects.bulk_create(
                StreetRecord(
                    source=source,
                    line=i + 2,
                    month=month,
                    reported_by="Gwent Police",
                    falls_within="Gwent Police",
                    crime_type=ASB_CRIME_TYPE if i % 3 == 0 else "Public order",
                    lsoa21_code=lsoa.code,
                    csp=lsoa.csp,
                    area=AreaStatus.IN_FORCE,
                )
                for i in range(month_number)
            )


def test_signed_in_user_reads_the_overview_in_welsh(page, live_server, cast, street_records):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    page.get_by_label("Username").fill("demo-analyst")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Analyst")

    page.get_by_role("button", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dadansoddwr")

    page.get_by_role("link", name="Trosolwg o’r heddlu").first.click()
    expect(page).to_have_title("Trosolwg o’r heddlu – ASB Hub")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trosolwg o’r heddlu")
    chart = page.locator('#overview-chart svg[role="img"]')
    expect(chart).to_be_visible()
    expect(chart.locator("title")).to_have_text(
        "Ymddygiad gwrthgymdeithasol a phob trosedd fesul mis: Gwent"
    )

    # HTMX swaps only the chart and its table, and the address follows the choice.
    page.get_by_label("Dangos ffigurau ar gyfer").select_option("newport")
    expect(page.locator("#overview-chart h3")).to_have_text(
        "Ymddygiad gwrthgymdeithasol a phob trosedd fesul mis: Casnewydd"
    )
    expect(page).to_have_url(re.compile(r"/open-data/\?csp=newport$"))
    expect(page.locator("#overview-status")).to_have_text("Yn dangos ffigurau ar gyfer Casnewydd")
    expect(page.locator("h1")).to_have_count(1)
