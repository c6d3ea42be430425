"""`asbhub hotspots forecast|evaluate|find` on a small real police.uk excerpt."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from asbhub.core.models import Lsoa


def test_forecast_writes_one_row_per_force_cell(gwent, tmp_path):
    out = tmp_path / "forecast.csv"
    stdout = StringIO()
    call_command(
        "hotspots",
        "forecast",
        "--until",
        "2023-01",
        "--crime",
        "asb",
        "--cell",
        "500",
        "--out",
        str(out),
        stdout=stdout,
    )
    with out.open() as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["easting", "northing", "cell_size", "score"]
    # Gwent is about 1,553 km²: at 500 m (0.25 km² a cell) that is over 6,200 cells.
    assert 6_200 < len(rows) < 7_500
    assert {row["cell_size"] for row in rows} == {"500"}
    scored = [row for row in rows if float(row["score"]) > 0]
    assert scored, "the 2023-01 ASB records should raise some cells"
    assert all(float(row["easting"]) % 250 == 0 for row in rows[:50])  # cell centres
    assert "for 2023-02 by prospective" in stdout.getvalue()
    assert Lsoa.objects.count() == 374


def test_forecast_uses_no_record_after_until(gwent, tmp_path):
    out = tmp_path / "forecast.csv"
    call_command(
        "hotspots",
        "forecast",
        "--until",
        "2022-12",
        "--cell",
        "500",
        "--method",
        "counts-3m",
        "--out",
        str(out),
        stdout=StringIO(),
    )
    with out.open() as handle:
        scores = [float(row["score"]) for row in csv.DictReader(handle)]
    # The excerpt's ASB rows from 2022-07 are 4 months before 2023-01: outside a 3-month window.
    assert sum(scores) == 0


def test_forecast_refuses_a_bad_month(gwent, tmp_path):
    with pytest.raises(CommandError):
        call_command("hotspots", "forecast", "--until", "2024-13", "--out", str(tmp_path / "x"))


def test_evaluate_prints_hit_rate_and_pai_per_month(gwent):
    stdout = StringIO()
    call_command("hotspots", "evaluate", "--cell", "500", stdout=stdout)
    text = stdout.getvalue()
    assert "PAI 1%" in text and "2023-01" in text
    assert "prospective" in text and "Done." in text


def test_find_lists_hotspots_with_the_method(gwent):
    stdout = StringIO()
    call_command(
        "hotspots",
        "find",
        "--csp",
        "newport",
        "--from",
        "2022-07",
        "--to",
        "2023-01",
        "--cell",
        "500",
        stdout=stdout,
    )
    assert "Getis-Ord Gi*" in stdout.getvalue()
