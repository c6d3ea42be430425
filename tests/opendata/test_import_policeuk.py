"""Importing police.uk files: areas, idempotency, replacement, refusals, linkage, commands."""

from __future__ import annotations

import json
import shutil
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from asbhub.core.choices import AreaStatus
from asbhub.core.models import CommunitySafetyPartnership
from asbhub.opendata.models import OutcomeRecord, SourceFile, StreetRecord
from asbhub.opendata.policeuk import PoliceUkFileError
from asbhub.opendata.services import (
    import_policeuk,
    outcomes_for_crime,
    outcomes_matching_street_crimes,
    policeuk_summary,
    street_records_for_crime,
)

from .conftest import EXCERPTS, raw_rows

pytestmark = pytest.mark.usefixtures("gwent")

REPEATED_CRIME = "09b603ecd2bd2d203dac1c7bd3a28a6218dd7ce86c682a5ddeffdac869de4a1c"


@pytest.fixture(autouse=True)
def english():
    """Command output in English, whatever an earlier test left active."""
    with translation.override("en"):
        yield


def expected_counts() -> tuple[int, int]:
    """Street and outcome rows in all the excerpts, counted with the csv module."""
    street = sum(len(raw_rows(p)) for p in EXCERPTS.glob("*-street.csv"))
    outcomes = sum(len(raw_rows(p)) for p in EXCERPTS.glob("*-outcomes.csv"))
    return street, outcomes


def ids() -> tuple[list[int], list[int], list[int]]:
    return (
        list(SourceFile.objects.order_by("id").values_list("id", flat=True)),
        list(StreetRecord.objects.order_by("id").values_list("id", flat=True)),
        list(OutcomeRecord.objects.order_by("id").values_list("id", flat=True)),
    )


def test_a_folder_of_excerpts_is_imported_row_for_row(excerpts: Path) -> None:
    summary = import_policeuk([excerpts])
    street, outcomes = expected_counts()
    assert (summary.imported, summary.replaced, summary.unchanged) == (6, 0, 0)
    assert summary.rows == street + outcomes
    assert StreetRecord.objects.count() == street
    assert OutcomeRecord.objects.count() == outcomes
    source = SourceFile.objects.get(month="2022-07-01", kind="street")
    assert (source.force, source.name, source.rows) == ("gwent", "2022-07-gwent-street.csv", 46)
    assert len(source.sha256) == 64


def test_identical_asb_rows_are_separate_incidents(excerpts: Path) -> None:
    import_policeuk([excerpts])
    park_view = StreetRecord.objects.filter(month="2022-07-01", location="On or near Park View")
    assert park_view.count() == 3
    assert sorted(park_view.values_list("line", flat=True)) == [32, 33, 34]


def test_every_row_is_placed_in_an_area(excerpts: Path) -> None:
    import_policeuk([excerpts])
    newport = CommunitySafetyPartnership.objects.get(code="W14000022")
    inside = StreetRecord.objects.filter(month="2022-07-01", lsoa_code="W01002035").first()
    assert inside.lsoa21_code == "W01002035"
    assert (inside.local_authority_code, inside.csp, inside.area) == (
        "W06000022",
        newport,
        AreaStatus.IN_FORCE,
    )
    # An LSOA 2011 code that was split in 2021: the point picks the 2021 LSOA.
    old = StreetRecord.objects.filter(month="2022-07-01", lsoa_code="W01001553")
    assert set(old.values_list("lsoa21_code", flat=True)) == {"W01001978", "W01001979"}
    assert set(old.values_list("csp__code", flat=True)) == {"W14000021"}
    # Gwent Police rows in Cardiff and Bristol: outside the force, their CSP not loaded.
    cardiff = StreetRecord.objects.filter(lsoa_name="Cardiff 003C").first()
    assert (cardiff.local_authority_code, cardiff.csp, cardiff.area) == (
        "W06000015",
        None,
        AreaStatus.OUTSIDE_FORCE,
    )
    assert StreetRecord.objects.filter(lsoa_code__startswith="E01").count() == 3
    assert not StreetRecord.objects.filter(lsoa_code__startswith="E01", area="in_force").exists()
    unplaced = StreetRecord.objects.filter(area=AreaStatus.NO_LOCATION)
    assert unplaced.count() == 5
    assert not unplaced.exclude(longitude=None).exists()
    assert set(unplaced.values_list("csp", flat=True)) == {None}


def test_importing_the_same_files_twice_changes_nothing(excerpts: Path) -> None:
    import_policeuk([excerpts])
    before = ids()
    summary = import_policeuk([excerpts])
    assert (summary.imported, summary.replaced, summary.unchanged, summary.rows) == (0, 0, 6, 0)
    assert ids() == before


def test_a_changed_file_replaces_its_month(excerpts: Path) -> None:
    import_policeuk([excerpts])
    source = SourceFile.objects.get(month="2023-01-01", kind="street")
    other_month = set(StreetRecord.objects.filter(month="2022-07-01").values_list("id", flat=True))
    path = excerpts / "2023-01-gwent-street.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:11]), encoding="utf-8")  # a corrected, shorter file

    summary = import_policeuk([excerpts])

    assert (summary.imported, summary.replaced, summary.unchanged) == (0, 1, 5)
    assert summary.rows == 10
    assert StreetRecord.objects.filter(month="2023-01-01").count() == 10
    assert set(
        StreetRecord.objects.filter(month="2023-01-01").values_list("source", flat=True)
    ) == {source.id}
    source.refresh_from_db()
    assert source.rows == 10
    assert set(StreetRecord.objects.filter(month="2022-07-01").values_list("id", flat=True)) == (
        other_month
    )


@pytest.mark.parametrize(
    ("line", "replacement", "reason"),
    [
        (1, "Crime ID,Month,Reported by", "wrong header"),
        (12, ",2023-02,Gwent Police,Gwent Police,,,No Location,,,Drugs,,", "does not match"),
        (12, ",2023-01,Gwent Police,Gwent Police,,,No Location,,,Drugs,", "expected 12 columns"),
        (12, ",2023-01,Gwent Police,Gwent Police,-3.1,x,,W01001440,,Drugs,,", "bad latitude"),
    ],
)
def test_a_malformed_file_stores_nothing_and_names_file_and_line(
    excerpts: Path, line: int, replacement: str, reason: str
) -> None:
    path = excerpts / "2023-01-gwent-street.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = replacement
    path.write_text("\n".join(lines), encoding="utf-8")

    with pytest.raises(PoliceUkFileError) as caught:
        import_policeuk([excerpts])

    assert (caught.value.name, caught.value.line) == (str(path), line)
    assert reason in caught.value.reason
    assert not SourceFile.objects.filter(month="2023-01-01", kind="street").exists()
    assert not StreetRecord.objects.filter(month="2023-01-01").exists()
    # Files before it in month order were imported, each in its own transaction.
    assert SourceFile.objects.filter(month="2022-07-01").count() == 2


def test_a_malformed_replacement_keeps_the_rows_already_loaded(excerpts: Path) -> None:
    import_policeuk([excerpts])
    before = ids()
    path = excerpts / "2022-07-gwent-outcomes.csv"
    path.write_text(path.read_text() + "broken\n", encoding="utf-8")
    with pytest.raises(PoliceUkFileError):
        import_policeuk([path])
    assert ids() == before


def test_a_police_uk_archive_is_imported(excerpts: Path, tmp_path: Path) -> None:
    archive = tmp_path / "archive.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(excerpts.glob("*.csv")):
            zipped.write(path, f"{path.name[:7]}/{path.name}")
    summary = import_policeuk([archive])
    assert summary.imported == 6
    assert StreetRecord.objects.count() == expected_counts()[0]
    # The same files given loose afterwards are recognised as unchanged.
    assert import_policeuk([excerpts]).unchanged == 6


def test_outcomes_are_linked_to_street_crimes_by_crime_id(excerpts: Path) -> None:
    import_policeuk([excerpts])
    assert street_records_for_crime(REPEATED_CRIME).count() == 2
    outcomes = list(outcomes_for_crime(REPEATED_CRIME))
    assert [(o.month.isoformat(), o.outcome_type) for o in outcomes] == [
        ("2023-05-01", "Unable to prosecute suspect"),
        ("2024-02-01", "Further investigation is not in the public interest"),
    ]
    assert not outcomes_for_crime("").exists()
    street_ids = set(StreetRecord.objects.exclude(crime_id="").values_list("crime_id", flat=True))
    expected = sum(
        1 for p in EXCERPTS.glob("*-outcomes.csv") for row in raw_rows(p) if row[0] in street_ids
    )
    assert expected > 10
    assert outcomes_matching_street_crimes().count() == expected


def test_the_summary_counts_what_is_loaded(excerpts: Path) -> None:
    import_policeuk([excerpts])
    summary = policeuk_summary()
    street, outcomes = expected_counts()
    assert summary["files_loaded"] == 6
    assert summary["latest_month"] == "2023-01"
    assert summary["street_rows"] == street
    assert summary["outcome_rows"] == outcomes
    asb = sum(
        1
        for p in EXCERPTS.glob("*-street.csv")
        for r in raw_rows(p)
        if r[9] == "Anti-social behaviour"
    )
    assert summary["asb_rows"] == asb
    assert summary["street_by_month_and_crime_type"]["2022-07"]["Anti-social behaviour"] == sum(
        1
        for r in raw_rows(EXCERPTS / "2022-07-gwent-street.csv")
        if r[9] == "Anti-social behaviour"
    )
    assert summary["street_by_area"]["no_location"] == 5
    assert summary["outcomes_by_month"]["2024-02"] == 6
    assert sum(row["rows"] for row in summary["street_by_csp"]) == street
    assert json.loads(json.dumps(summary)) == summary


def test_the_import_command_prints_one_summary_line(excerpts: Path) -> None:
    (excerpts / "2023-01-gwent-stop-and-search.csv").write_text("Type\n")
    out = StringIO()
    call_command("import_policeuk", str(excerpts), stdout=out, stderr=StringIO())
    lines = out.getvalue().splitlines()
    assert "stop-and-search files are not imported" in lines[0]
    street, outcomes = expected_counts()
    assert lines[-1] == (
        f"police.uk files: 6 imported, 0 replaced, 0 unchanged; {street + outcomes} rows stored."
    )
    out = StringIO()
    call_command("import_policeuk", str(excerpts), stdout=out, stderr=StringIO())
    assert out.getvalue().splitlines()[-1] == (
        "police.uk files: 0 imported, 0 replaced, 6 unchanged; 0 rows stored."
    )


def test_the_import_command_fails_with_file_line_and_reason(excerpts: Path) -> None:
    path = excerpts / "2022-07-gwent-outcomes.csv"
    path.write_text(path.read_text().replace(",2022-07,", ",July,", 1), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_policeuk", str(excerpts), stdout=StringIO(), stderr=StringIO())
    assert caught.value.returncode == 1
    assert f"{path}, line 2: bad month 'July'" in str(caught.value)
    assert not SourceFile.objects.filter(kind="outcomes", month="2022-07-01").exists()


def test_the_import_command_stops_cleanly_on_ctrl_c(
    excerpts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from asbhub.opendata import services

    real = services._insert
    calls = []

    def interrupted(model, values):
        calls.append(model)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real(model, values)

    monkeypatch.setattr(services, "_insert", interrupted)
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_policeuk", str(excerpts), stdout=out, stderr=StringIO())
    assert caught.value.returncode == 130
    assert "2 imported" in out.getvalue()
    assert SourceFile.objects.count() == 2  # the third file rolled back


def test_the_summary_command_prints_json_and_tables(excerpts: Path) -> None:
    import_policeuk([excerpts])
    out = StringIO()
    call_command("policeuk_summary", json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert data == json.loads(json.dumps(policeuk_summary()))
    assert data["street_rows"] == expected_counts()[0]
    out = StringIO()
    call_command("policeuk_summary", stdout=out)
    text = out.getvalue()
    assert "Rows by month" in text
    assert "Newport" in text
    assert "No location" in text
    assert "6 files loaded, latest month 2023-01" in text


def test_an_unknown_force_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "2022-07-gotham-street.csv"
    shutil.copy(EXCERPTS / "2022-07-gwent-street.csv", path)
    with pytest.raises(PoliceUkFileError, match="unknown police force 'gotham'"):
        import_policeuk([path])
    assert not SourceFile.objects.exists()
