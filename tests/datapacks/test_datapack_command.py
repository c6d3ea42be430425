"""`asbhub datapack` on a small database built from a real police.uk excerpt.

The headline figures are computed here straight from the excerpt CSV files with the csv
module and the shipped LSOA file, independently of the import, the analysis and the
rendering, and compared with what the pack says.
"""

from __future__ import annotations

import csv
import gzip
import json
import math
import re
from collections import Counter
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from asbhub.core.models import AccessLogEntry
from tests.datapacks.conftest import EXCERPT
from tests.factories import make_incident

CURRENT = ["2024-10", "2024-11", "2024-12"]
PREVIOUS = ["2024-07", "2024-08", "2024-09"]
NEWPORT_LA = "W06000022"
GEOGRAPHY = (
    Path(__file__).resolve().parents[2]
    / "src/asbhub/core/data/geography/force_lsoa21_W15000002.geojson.gz"
)


def newport_counts(months: list[str]) -> Counter[str]:
    """Rows per crime type in Newport's LSOAs (published 2021 names "Newport 0xxY")."""
    counts: Counter[str] = Counter()
    for month in months:
        with (EXCERPT / f"{month}-gwent-street.csv").open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row["LSOA name"].startswith("Newport "):
                    counts[row["Crime type"]] += 1
    return counts


def newport_population() -> int:
    """Residents of Newport's 2021 LSOAs, read from the shipped GeoJSON."""
    with gzip.open(GEOGRAPHY, "rt", encoding="utf-8") as f:
        features = json.load(f)["features"]
    return sum(
        f["properties"]["population"]
        for f in features
        if f["properties"]["local_authority_code"] == NEWPORT_LA
    )


def conditional_p(k: int, n: int) -> float:
    """Two-sided exact conditional (binomial ½) p-value, by hand."""
    if n == 0:
        return 1.0
    probs = [math.comb(n, i) / 2**n for i in range(n + 1)]
    return min(1.0, sum(p for p in probs if p <= probs[k] * (1 + 1e-7)))


def p_text(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


class Tables(HTMLParser):
    """Every table inside one section of a page, as rows of cell texts."""

    def __init__(self, section: str) -> None:
        super().__init__()
        self.section, self.inside, self.tables = section, False, []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "section":
            self.inside = attrs.get("id") == self.section
        elif self.inside and tag == "table":
            self.tables.append([])
        elif self.inside and tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif self.inside and tag in ("td", "th") and self.tables:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "section":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def tables_in(html: str, section: str) -> list[list[list[str]]]:
    parser = Tables(section)
    parser.feed(html)
    return parser.tables


def make(out: Path, **options: str | int) -> str:
    """Run the command; return what it printed."""
    stdout = StringIO()
    defaults = {"csp": "newport", "to": "2024-12", "months": 3, "format": "html", "lang": "en"}
    call_command(
        "datapack", out=str(out), stdout=stdout, stderr=StringIO(), **{**defaults, **options}
    )
    return stdout.getvalue()


def test_the_headline_figures_match_counts_made_straight_from_the_csv_files(
    excerpt_db, tmp_path
) -> None:
    make(tmp_path)
    html = (tmp_path / "newport-2024-10-to-2024-12-en.html").read_text(encoding="utf-8")
    now, before = newport_counts(CURRENT), newport_counts(PREVIOUS)
    population = newport_population()
    previous_table = tables_in(html, "headlines")[0]
    assert previous_table[0][:4] == ["Type", "Records", "Per 1,000 residents", "Records before"]
    shown = {row[0]: row for row in previous_table[1:]}
    asb = "Anti-social behaviour"
    crime_now = sum(n for t, n in now.items() if t != asb)
    crime_before = sum(n for t, n in before.items() if t != asb)
    expected = {
        asb: (now[asb], before[asb]),
        "All crime (not counting ASB)": (crime_now, crime_before),
    }
    expected.update({t: (now[t], before[t]) for t in set(now) | set(before) if t != asb})
    assert now[asb] > 10 and crime_now > 30  # the excerpt is big enough to mean something
    for label, (count, earlier) in expected.items():
        row = shown[label]
        assert row[1] == f"{count:,}", label
        assert row[2] == f"{count * 1000 / population:,.1f}", label
        assert row[3] == f"{earlier:,}", label
        assert row[5] == p_text(conditional_p(count, count + earlier)), label
    # The year before (October to December 2023) is loaded and differs from the previous months.
    year_table = tables_in(html, "headlines")[1]
    last_year = newport_counts(["2023-10", "2023-11", "2023-12"])
    assert {r[0]: r[3] for r in year_table[1:]}[asb] == f"{last_year[asb]:,}"


def test_it_writes_an_accessible_html_pack_and_a_real_pdf_with_the_same_figures(
    excerpt_db, tmp_path
) -> None:
    printed = make(tmp_path, format="html,pdf")
    html_path = tmp_path / "newport-2024-10-to-2024-12-en.html"
    pdf_path = tmp_path / "newport-2024-10-to-2024-12-en.pdf"
    assert f"{html_path}\n{pdf_path}\n" in printed
    assert "Data packs: 1 made, 2 files written" in printed
    html = html_path.read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert html.count("<h1>") == 1 and html.count("<h2 ") >= 9
    charts = re.findall(r"<svg[^>]*>", html)
    assert len(charts) >= 10  # trends, maps, outcomes, comparisons, deprivation (+ hotspots)
    assert all('role="img"' in svg and "aria-labelledby" in svg for svg in charts)
    assert html.count("<title id=") == html.count("<desc id=") == len(charts)
    assert (
        "Contains public sector information licensed under the Open Government Licence v3.0."
        in html
    )
    for section in ("headlines", "trends", "places", "outcomes", "comparison", "deprivation"):
        assert tables_in(html, section), section
    assert "Method." in html and "Sample." in html

    reader = PdfReader(pdf_path)
    assert len(reader.pages) >= 8
    text = " ".join(page.extract_text() for page in reader.pages)
    asb_now = newport_counts(CURRENT)["Anti-social behaviour"]
    assert "Crime and anti-social behaviour data pack: Newport" in text
    assert "October 2024 to December 2024" in text
    assert f"{asb_now:,}" in text
    assert "Open Government Licence" in text


def test_a_welsh_pack_is_in_welsh_with_welsh_months_and_names(excerpt_db, tmp_path) -> None:
    make(tmp_path, lang="cy")
    html = (tmp_path / "newport-2024-10-to-2024-12-cy.html").read_text(encoding="utf-8")
    assert '<html lang="cy">' in html
    assert "Casnewydd" in html
    assert "Hydref 2024 i Rhagfyr 2024" in html
    assert "Ymddygiad gwrthgymdeithasol" in html
    assert "Drwydded Llywodraeth Agored" in html
    assert "Anti-social behaviour records" not in html


def test_all_makes_one_pack_per_partnership(excerpt_db, tmp_path) -> None:
    printed = make(tmp_path, csp="all", lang="cy")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        f"{slug}-2024-10-to-2024-12-cy.html"
        for slug in ("blaenau-gwent", "caerphilly", "monmouthshire", "newport", "torfaen")
    ]
    assert "Data packs: 5 made, 5 files written" in printed


def test_a_partnership_can_be_named_by_its_ons_code(excerpt_db, tmp_path) -> None:
    make(tmp_path, csp="W14000020")
    assert (tmp_path / "torfaen-2024-10-to-2024-12-en.html").exists()


def test_the_force_incidents_section_is_counted_logged_and_labelled_synthetic(
    excerpt_db, tmp_path
) -> None:
    make_incident()
    make_incident()
    make(tmp_path)
    html = (tmp_path / "newport-2024-10-to-2024-12-en.html").read_text(encoding="utf-8")
    categories = tables_in(html, "force-data")[0]
    assert ["Personal", "2", "100.0%"] in categories
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.record_type, entry.username) == (
        "combine",
        "core.communitysafetypartnership",
        "system",
    )
    assert "s.17A" in entry.purpose
    # No demo run was recorded, so the incidents are not labelled synthetic.
    assert "Demonstration only" not in html


def test_without_incidents_the_section_is_left_out_and_nothing_is_logged(
    excerpt_db, tmp_path
) -> None:
    make(tmp_path)
    html = (tmp_path / "newport-2024-10-to-2024-12-en.html").read_text(encoding="utf-8")
    assert 'id="force-data"' not in html
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"csp": "cardiff"}, "No community safety partnership matches"),
        ({"to": "December"}, "--to must be a month written YYYY-MM"),
        ({"months": 13}, "--months must be between 1 and 12"),
        ({"format": "docx"}, "--format takes one or more of html, pdf"),
        ({"lang": "fr"}, "--lang takes one or more of en, cy"),
        ({"to": "2025-06"}, "No police.uk records are loaded for 2025-06"),
    ],
)
def test_it_explains_what_is_wrong_with_the_options(
    excerpt_db, tmp_path, options: dict, message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        make(tmp_path, **options)
