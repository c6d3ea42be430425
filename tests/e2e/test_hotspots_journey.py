"""Journey: an analyst opens the hotspot map for Newport ASB and sees the hotspots."""

from __future__ import annotations

import datetime as dt
import os

import numpy as np
import pytest
from playwright.sync_api import expect

from asbhub.core.choices import AreaStatus
from asbhub.core.geography import to_wgs84
from asbhub.core.models import CommunitySafetyPartnership
from asbhub.core.services import load_geography
from asbhub.hotspots import services
from asbhub.opendata.choices import ASB_CRIME_TYPE, FileKind
from asbhub.opendata.models import SourceFile, StreetRecord
from tests.conftest import PASSWORD

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.e2e


@pytest.fixture
def newport_asb(transactional_db) -> None:
    """Gwent's geography and three months of ASB in Newport, busiest by the station."""
    load_geography("gwent")
    services.clear_caches()
    newport = CommunitySafetyPartnership.objects.get(slug="newport")
    rng = np.random.default_rng(5)
    for number in (10, 11, 12):
        month = dt.date(2024, number, 1)
        source = SourceFile.objects.create(
            force="gwent",
            month=month,
            kind=FileKind.STREET,
            name=f"{month:%Y-%m}-gwent-street.csv",
            sha256=f"{number:064d}",
            rows=0,
        )
        eastings = np.concatenate([rng.normal(331_050, 40, 25), rng.uniform(328_000, 334_000, 60)])
        northings = np.concatenate([rng.normal(188_050, 40, 25), rng.uniform(186_000, 190_000, 60)])
        lons, lats = to_wgs84(eastings, northings)
        StreetRecord.objects.bulk_create(
            StreetRecord(
                source=source,
                line=i + 2,
                month=month,
                reported_by="Gwent Police",
                falls_within="Gwent Police",
                longitude=float(lon),
                latitude=float(lat),
                location="On or near Station Approach" if i < 25 else "On or near Somewhere",
                crime_type=ASB_CRIME_TYPE,
                csp=newport,
                area=AreaStatus.IN_FORCE,
            )
            for i, (lon, lat) in enumerate(zip(lons, lats, strict=True))
        )
    yield
    services.clear_caches()


def test_analyst_opens_the_map_for_newport_asb_and_sees_hotspots(
    page, live_server, cast, newport_asb
):
    page.goto(f"{live_server.url}/sign-in/?next=/hotspots/")
    page.get_by_label("Username").fill("demo-analyst")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hotspot map")
    expect(
        page.get_by_role(
            "heading",
            name="Anti-social behaviour hotspots in Newport, October 2024 to December 2024",
        )
    ).to_be_visible()
    expect(page.locator("#hotspot-map")).to_have_attribute("data-ready", "true")
    # Polygons only: LSOA outlines and red hot cells, and no base map tiles.
    expect(page.locator("#hotspot-map path.leaflet-interactive").first).to_be_visible()
    assert page.locator("#hotspot-map img.leaflet-tile").count() == 0
    first_row = page.locator("#hotspot-table tbody tr").first
    expect(first_row).to_contain_text("Station Approach")

    page.get_by_label("Crime type").select_option("asb")
    page.get_by_label("Cell size").select_option("250")
    page.get_by_role("button", name="Show hotspots").click()
    expect(page.locator("#hotspot-table tbody tr").first).to_contain_text("Station Approach")
