"""The force overview: monthly ASB and all crime, the top LSOAs, and who may see them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from html.parser import HTMLParser

import pandas as pd
import pytest
from django.urls import reverse
from django.utils import translation

from asbhub.core.choices import AreaStatus
from asbhub.core.models import Lsoa
from asbhub.core.roles import ROLES
from asbhub.opendata import charts, overview
from asbhub.opendata.choices import ASB_CRIME_TYPE, FileKind
from asbhub.opendata.models import SourceFile, StreetRecord
from tests.factories import make_csps

URL = "/open-data/"
ASB = ASB_CRIME_TYPE
MONTHS = [dt.date(2023, m, 1) for m in range(1, 13)] + [dt.date(2024, 1, 1)]


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    """Leave no language active: a request in Welsh keeps Welsh active in this thread."""
    yield
    translation.deactivate()


class _Tables(HTMLParser):
    """Collect each table's caption and rows of cell text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._rows: list[list[str]] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self._caption, self._rows = "", []
        elif tag == "tr":
            self._rows.append([])
        elif tag in ("th", "td", "caption"):
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td", "caption") and self._text is not None:
            text = " ".join("".join(self._text).split())
            if tag == "caption":
                self._caption = text
            else:
                self._rows[-1].append(text)
            self._text = None
        elif tag == "table":
            self.tables[self._caption or ""] = self._rows


def tables(page: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(page)
    return parser.tables


def make_lsoa(code: str, name: str, csp, population: int | None) -> Lsoa:
    return Lsoa.objects.create(
        code=code,
        name=name,
        csp=csp,
        population=population,
        centroid_longitude=-3.0,
        centroid_latitude=51.6,
        boundary={"type": "Point", "coordinates": [-3.0, 51.6]},
    )


def add(n: int, month: dt.date, crime_type: str, lsoa: Lsoa | None = None, area: str = "") -> None:
    """Add n street records for a month, placed in an LSOA or (with area) unplaced."""
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
            crime_type=crime_type,
            lsoa21_code=lsoa.code if lsoa else "",
            csp=lsoa.csp if lsoa else None,
            area=AreaStatus.IN_FORCE if lsoa else area,
        )
        for i in range(n)
    )


@pytest.fixture
def loaded(db):
    """Thirteen months of records in two partnerships, plus unplaced ones.

    Gwent, January 2024: 4 ASB (3 Newport A, 1 no location), 8 in all.
    Gwent, June 2023: 4 ASB (Newport B), 6 in all (one outside the force).
    Newport A's 5 ASB in January 2023 fall outside the last 12 months.
    """
    csps = make_csps()
    newport_a = make_lsoa("W01001600", "Newport 012A", csps["newport"], 1000)
    newport_b = make_lsoa("W01001601", "Newport 012B", csps["newport"], 2000)
    torfaen = make_lsoa("W01001500", "Torfaen 001A", csps["torfaen"], None)
    for month in MONTHS:
        add(1, month, "Burglary", newport_a)
    add(5, dt.date(2023, 1, 1), ASB, newport_a)
    add(3, dt.date(2024, 1, 1), ASB, newport_a)
    add(2, dt.date(2024, 1, 1), "Criminal damage and arson", newport_a)
    add(4, dt.date(2023, 6, 1), ASB, newport_b)
    add(2, dt.date(2023, 12, 1), ASB, torfaen)
    add(1, dt.date(2023, 12, 1), "Shoplifting", torfaen)
    add(1, dt.date(2024, 1, 1), ASB, area=AreaStatus.NO_LOCATION)
    add(1, dt.date(2024, 1, 1), "Other theft", area=AreaStatus.NO_LOCATION)
    add(1, dt.date(2023, 6, 1), "Public order", area=AreaStatus.OUTSIDE_FORCE)
    return csps


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={URL}"


def test_user_without_a_role_is_refused(client, outsider):
    client.force_login(outsider)
    response = client.get(URL)
    assert response.status_code == 403
    assert "An administrator must give you a role" in response.content.decode()


@pytest.mark.parametrize("role", ROLES, ids=[r.slug for r in ROLES])
def test_every_role_may_see_the_overview(client, cast, loaded, role):
    client.force_login(cast[role.slug])
    response = client.get(URL)
    assert response.status_code == 200
    assert "<title>Force overview – ASB Hub</title>" in response.content.decode()


def test_force_figures_count_every_record_per_month(client, cast, loaded):
    client.force_login(cast["analyst"])
    rows = tables(client.get(URL).content.decode())["Records per month: Gwent"]
    assert rows[0] == ["Month", "Anti-social behaviour", "All crime"]
    by_month = {row[0]: row[1:] for row in rows[1:]}
    assert len(by_month) == 13
    assert by_month["January 2023"] == ["5", "6"]
    assert by_month["June 2023"] == ["4", "6"]
    assert by_month["December 2023"] == ["2", "4"]
    assert by_month["January 2024"] == ["4", "8"]
    assert by_month["March 2023"] == ["0", "1"]


def test_partnership_figures_count_only_its_own_records(client, cast, loaded):
    client.force_login(cast["analyst"])
    page = client.get(URL, {"csp": "newport"}).content.decode()
    rows = tables(page)["Records per month: Newport"]
    by_month = {row[0]: row[1:] for row in rows[1:]}
    assert len(by_month) == 13
    assert by_month["January 2024"] == ["3", "6"]
    assert by_month["June 2023"] == ["4", "5"]
    assert by_month["December 2023"] == ["0", "1"]
    assert '<option value="newport" selected>Newport</option>' in page


def test_the_page_says_how_unplaced_records_are_counted(client, cast, loaded):
    client.force_login(cast["pcc_scrutiny"])
    page = client.get(URL).content.decode()
    assert "The latest month loaded is January 2024." in page
    assert "including those with no location (2) and those placed outside" in page
    assert "the five local authorities (1)." in page
    assert '<dt class="govuk-summary-list__key">Records with no location</dt>' in page
    assert "13 (January 2023 to January 2024)" in page


def test_the_chart_is_an_svg_image_with_a_title_and_description(client, cast, loaded):
    client.force_login(cast["analyst"])
    page = client.get(URL).content.decode()
    assert "<svg " in page
    assert 'role="img" aria-labelledby="overview-chart-title"' in page
    assert (
        '<title id="overview-chart-title">'
        "Anti-social behaviour and all crime per month: Gwent</title>"
    ) in page
    assert "Anti-social behaviour was highest in January 2023 (5 records)" in page


def test_top_lsoas_rank_asb_in_the_last_12_months_with_a_rate(client, cast, loaded):
    client.force_login(cast["analyst"])
    page = client.get(URL).content.decode()
    rows = tables(page)["Top 10 LSOAs by anti-social behaviour, last 12 months loaded"]
    assert rows[1:] == [
        ["W01001601", "Newport 012B", "Newport", "4", "2.0"],
        ["W01001600", "Newport 012A", "Newport", "3", "3.0"],
        ["W01001500", "Torfaen 001A", "Torfaen", "2", "Not known"],
    ]
    assert "February 2023 to January 2024" in page


def test_htmx_request_gets_only_the_chart_fragment(client, cast, loaded):
    client.force_login(cast["officer"])
    response = client.get(URL, {"csp": "torfaen"}, headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    assert fragment.startswith('<div id="overview-chart"')
    assert "<html" not in fragment
    assert "Top 10 LSOAs" not in fragment
    assert "Records per month: Torfaen" in fragment
    assert 'role="img"' in fragment
    assert '<p id="overview-status" hx-swap-oob="innerHTML">Showing figures for Torfaen</p>' in (
        fragment
    )


def test_htmx_history_restore_gets_the_whole_page(client, cast, loaded):
    client.force_login(cast["officer"])
    page = client.get(
        URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    ).content.decode()
    assert page.lstrip().startswith("<!DOCTYPE html>")


def test_the_filter_works_as_a_plain_get_form_improved_by_htmx(client, cast, loaded):
    client.force_login(cast["officer"])
    page = client.get(URL).content.decode()
    assert f'<form method="get" action="{URL}" class="asbhub-filter"' in page
    assert f'hx-get="{URL}" hx-target="#overview-chart"' in page
    assert '<select class="govuk-select" id="csp" name="csp">' in page


def test_an_unknown_partnership_shows_the_whole_force(client, cast, loaded):
    client.force_login(cast["officer"])
    page = client.get(URL, {"csp": "atlantis"}).content.decode()
    assert "Records per month: Gwent" in tables(page)


def test_partnerships_are_named_in_welsh_on_the_welsh_page(client, cast, loaded):
    client.force_login(cast["partner"])
    client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    page = client.get(URL, {"csp": "newport"}).content.decode()
    assert '<html lang="cy"' in page
    assert "Cofnodion y mis: Casnewydd" in tables(page)
    assert "Ionawr 2024" in page


def test_with_nothing_loaded_the_page_says_so(client, cast):
    client.force_login(cast["analyst"])
    page = client.get(URL).content.decode()
    assert "No police.uk data has been loaded yet." in page
    assert 'role="img"' not in page
    assert 'id="data-sources"' in page


def test_data_sources_carry_the_open_government_licence(client, cast, loaded):
    client.force_login(cast["analyst"])
    page = client.get(URL).content.decode()
    assert (
        "Contains public sector information licensed under the Open Government Licence v3.0."
        in page
    )


def test_the_page_uses_a_fixed_number_of_queries(
    client, cast, loaded, django_assert_max_num_queries
):
    client.force_login(cast["analyst"])
    client.get(URL)
    with django_assert_max_num_queries(12):
        client.get(URL)


# Pure parts: no database.


def _counts() -> pd.DataFrame:
    jan, feb = dt.date(2024, 1, 1), dt.date(2024, 2, 1)
    return pd.DataFrame.from_records(
        [
            {"month": jan, "csp_id": 1, "area": "in_force", "asb": 3, "all_crime": 10},
            {"month": jan, "csp_id": 2, "area": "in_force", "asb": 1, "all_crime": 4},
            {"month": jan, "csp_id": None, "area": "no_location", "asb": 0, "all_crime": 2},
            {"month": feb, "csp_id": 2, "area": "in_force", "asb": 2, "all_crime": 5},
            {"month": feb, "csp_id": None, "area": "outside_force", "asb": 1, "all_crime": 1},
        ],
        columns=overview.COUNT_COLUMNS,
    )


def test_force_series_sums_every_row_and_partnership_series_fills_gaps():
    counts = _counts()
    force = overview.series(counts)
    assert force["asb"].tolist() == [4, 3]
    assert force["all_crime"].tolist() == [16, 6]
    first = overview.series(counts, 1)
    assert first["month"].tolist() == [dt.date(2024, 1, 1), dt.date(2024, 2, 1)]
    assert first["asb"].tolist() == [3, 0]


def test_summary_counts_unplaced_records_and_months():
    summary = overview.summarise(_counts())
    assert summary.months == 2
    assert summary.latest_month == dt.date(2024, 2, 1)
    assert (summary.records, summary.asb_records) == (22, 7)
    assert (summary.no_location, summary.outside_force) == (2, 1)
    assert overview.last_months(_counts(), 1) == [dt.date(2024, 2, 1)]


def test_attribution_markdown_becomes_plain_paragraphs():
    text = (
        "# Title\n\nFrom [data.police.uk](https://data.police.uk/) by the\nHome Office.\n\n"
        "## Licence\n- **Publisher:** Home Office\n- `file.csv` kept\n"
        "(<https://example.org/ogl>)\n"
    )
    assert overview.attribution_paragraphs(text) == [
        "From data.police.uk (https://data.police.uk/) by the Home Office.",
        "Licence",
        "Publisher: Home Office",
        "file.csv kept (https://example.org/ogl)",
    ]


def test_chart_svg_is_accessible_and_does_not_rely_on_colour(settings):
    months = [dt.date(2024, m, 1) for m in range(1, 7)]
    svg = charts.monthly_chart_svg(
        months, [5, 9, 7, 2, 4, 6], [50, 60, 55, 40, 45, 52], title="ASB & crime", chart_id="t"
    )
    assert svg.startswith("<svg ")
    assert 'role="img" aria-labelledby="t-title" aria-describedby="t-desc"' in svg
    assert '<title id="t-title">ASB &amp; crime</title>' in svg
    assert "highest in February 2024 (9 records) and lowest in April 2024 (2 records)" in svg
    assert "stroke-dasharray" in svg  # all crime is dashed, ASB solid
    assert "<style" not in svg and "<metadata" not in svg
    assert svg == charts.monthly_chart_svg(
        months, [5, 9, 7, 2, 4, 6], [50, 60, 55, 40, 45, 52], title="ASB & crime", chart_id="t"
    )


def test_chart_labels_follow_the_active_language():
    months = [dt.date(2024, m, 1) for m in range(1, 4)]
    with translation.override("cy"):
        svg = charts.monthly_chart_svg(months, [1, 2, 3], [4, 5, 6], title="Siart")
    assert "Pob trosedd (llinell doredig, sgwariau)" in svg
    assert "Ion 2024" in svg
    assert "Mawrth 2024" in svg


def test_chart_needs_months_and_aligned_series():
    with pytest.raises(ValueError, match="at least one month"):
        charts.monthly_chart_svg([], [], [], title="Empty")
    with pytest.raises(ValueError, match="same length"):
        charts.monthly_chart_svg([dt.date(2024, 1, 1)], [1, 2], [3], title="Ragged")
