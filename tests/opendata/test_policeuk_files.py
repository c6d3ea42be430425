"""Reading police.uk files: names, discovery, rows as published, and refusals."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from asbhub.opendata import policeuk
from asbhub.opendata.policeuk import FileIdentity, PoliceUkFileError

from .conftest import EXCERPTS, raw_rows

STREET_2022_07 = EXCERPTS / "2022-07-gwent-street.csv"
STREET_2023_01 = EXCERPTS / "2023-01-gwent-street.csv"
OUTCOMES_2023_01 = EXCERPTS / "2023-01-gwent-outcomes.csv"


def parse_path(path: Path) -> list[policeuk.Row]:
    identity = policeuk.identify(path.name)
    assert identity is not None
    return policeuk.parse(path.read_bytes(), name=path.name, identity=identity)


def refusal(tmp_path: Path, name: str, text: str) -> PoliceUkFileError:
    """The error raised when parsing `text` as a file called `name`."""
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    with pytest.raises(PoliceUkFileError) as caught:
        parse_path(path)
    return caught.value


def with_line(path: Path, number: int, replace: str) -> str:
    """The file's text with line `number` (1-based) replaced."""
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = replace
    return "\n".join(lines)


def test_identify_reads_force_month_and_kind_from_the_name() -> None:
    assert policeuk.identify("2023-01-gwent-street.csv") == FileIdentity(
        "gwent", date(2023, 1, 1), "street"
    )
    assert policeuk.identify("2023-01/2023-01-avon-and-somerset-outcomes.csv") == FileIdentity(
        "avon-and-somerset", date(2023, 1, 1), "outcomes"
    )
    assert policeuk.identify("2023-01-gwent-stop-and-search.csv").kind == "stop-and-search"
    assert policeuk.identify("2023-13-gwent-street.csv") is None
    assert policeuk.identify("gwent-street.csv") is None


def test_force_names_match_police_uk_identifiers() -> None:
    assert policeuk.force_matches("gwent", "Gwent Police")
    assert policeuk.force_matches("devon-and-cornwall", "Devon & Cornwall Police")
    assert policeuk.force_matches("btp", "British Transport Police")
    assert not policeuk.force_matches("gwent", "South Wales Police")


def test_street_rows_are_kept_as_published() -> None:
    rows = parse_path(STREET_2022_07)
    raw = raw_rows(STREET_2022_07)
    assert len(rows) == len(raw) == 46
    first = rows[0]
    assert isinstance(first, policeuk.StreetRow)
    assert first.line == 2
    assert first.crime_id == ""
    assert first.month == date(2022, 7, 1)
    assert (first.longitude, first.latitude) == (-3.196876, 51.797865)
    assert first.location == "On or near "  # published with an empty street name
    assert first.crime_type == "Anti-social behaviour"
    assert first.last_outcome_category == first.context == ""
    assert [r.lsoa_code for r in rows] == [r[7] for r in raw]


def test_identical_asb_rows_are_all_kept() -> None:
    rows = parse_path(STREET_2022_07)
    park_view = [r for r in rows if r.location == "On or near Park View"]
    assert [r.line for r in park_view] == [32, 33, 34]
    assert len({(r.longitude, r.latitude, r.crime_type, r.crime_id) for r in park_view}) == 1


def test_rows_without_a_location_have_no_coordinates() -> None:
    rows = parse_path(STREET_2022_07)
    unplaced = [r for r in rows if r.location == "No Location"]
    assert len(unplaced) == 3
    assert all(r.longitude is None and r.latitude is None and r.lsoa_code == "" for r in unplaced)


def test_repeated_crime_ids_are_all_kept() -> None:
    rows = parse_path(STREET_2023_01)
    crime = "09b603ecd2bd2d203dac1c7bd3a28a6218dd7ce86c682a5ddeffdac869de4a1c"
    assert sorted(r.last_outcome_category for r in rows if r.crime_id == crime) == [
        "Further investigation is not in the public interest",
        "Unable to prosecute suspect",
    ]


def test_outcome_rows_are_parsed() -> None:
    rows = parse_path(OUTCOMES_2023_01)
    assert len(rows) == len(raw_rows(OUTCOMES_2023_01))
    assert all(isinstance(r, policeuk.OutcomeRow) and r.outcome_type for r in rows)


def test_a_wrong_header_is_refused_on_line_1(tmp_path: Path) -> None:
    text = OUTCOMES_2023_01.read_text(encoding="utf-8")
    error = refusal(tmp_path, "2023-01-gwent-street.csv", text)  # outcomes under a street name
    assert (error.name, error.line) == ("2023-01-gwent-street.csv", 1)
    assert "wrong header" in error.reason


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    error = refusal(tmp_path, "2023-01-gwent-street.csv", "")
    assert error.line == 1
    assert "empty" in error.reason


def test_a_month_not_matching_the_file_name_is_refused(tmp_path: Path) -> None:
    error = refusal(tmp_path, "2022-08-gwent-street.csv", STREET_2022_07.read_text())
    assert error.line == 2
    assert "does not match the file name (2022-08)" in error.reason


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            ",2022-7,Gwent Police,Gwent Police,-3.19,51.79,On or near ,W01001440,"
            "Blaenau Gwent 001A,Anti-social behaviour,,",
            "bad month '2022-7'",
        ),
        (
            ",2022-07,Gwent Police,Gwent Police,-3.19,51.79,On or near ,W01001440,"
            "Blaenau Gwent 001A,Anti-social behaviour,",
            "expected 12 columns, found 11",
        ),
        (
            ",2022-07,Gwent Police,Gwent Police,west,51.79,On or near ,W01001440,"
            "Blaenau Gwent 001A,Anti-social behaviour,,",
            "bad longitude 'west'",
        ),
        (
            ",2022-07,Gwent Police,Gwent Police,-3.19,91.5,On or near ,W01001440,"
            "Blaenau Gwent 001A,Anti-social behaviour,,",
            "bad latitude '91.5' (out of range)",
        ),
        (
            ",2022-07,Gwent Police,Gwent Police,-3.19,,On or near ,W01001440,"
            "Blaenau Gwent 001A,Anti-social behaviour,,",
            "both be given or both be empty",
        ),
        (
            ",2022-07,Gwent Police,Gwent Police,-3.19,51.79,On or near ,Blaenau,"
            "Blaenau Gwent 001A,Anti-social behaviour,,",
            "bad LSOA code 'Blaenau'",
        ),
        (
            ",2022-07,Gwent Police,Gwent Police,-3.19,51.79,On or near ,W01001440,"
            "Blaenau Gwent 001A,,,",
            "Crime type is empty",
        ),
        (
            ",2022-07,South Wales Police,South Wales Police,-3.19,51.79,On or near ,W01001440,"
            "Blaenau Gwent 001A,Anti-social behaviour,,",
            "Falls within is 'South Wales Police', but the file name says 'gwent'",
        ),
        ("", "expected 12 columns, found 0"),
    ],
)
def test_a_broken_row_is_refused_with_its_line(tmp_path: Path, line: str, reason: str) -> None:
    text = with_line(STREET_2022_07, 20, line)
    error = refusal(tmp_path, "2022-07-gwent-street.csv", text)
    assert error.line == 20
    assert reason in error.reason
    assert str(error).startswith("2022-07-gwent-street.csv, line 20: ")


def test_text_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    data = STREET_2022_07.read_bytes().replace(
        b"On or near Frost Road", b"On or near Fr\xf6st Road"
    )
    error = refusal(tmp_path, "2022-07-gwent-street.csv", data)
    assert (error.line, error.reason) == (3, "not UTF-8 text")


def test_a_folder_is_searched_recursively_and_stop_and_search_left_aside(tmp_path: Path) -> None:
    nested = tmp_path / "downloads" / "2023-01"
    nested.mkdir(parents=True)
    (nested / "2023-01-gwent-street.csv").write_bytes(STREET_2023_01.read_bytes())
    (nested / "2023-01-gwent-outcomes.csv").write_bytes(OUTCOMES_2023_01.read_bytes())
    (nested / "2023-01-gwent-stop-and-search.csv").write_text("Type,Date\n")
    (nested / "notes.txt").write_text("not data")
    found = policeuk.discover([tmp_path / "downloads"])
    assert [(f.identity.month, f.identity.kind) for f in found.files] == [
        (date(2023, 1, 1), "street"),
        (date(2023, 1, 1), "outcomes"),
    ]
    assert len(found.notes) == 1
    assert "stop-and-search files are not imported" in found.notes[0]


def test_an_archive_is_read_member_by_member(tmp_path: Path) -> None:
    archive = tmp_path / "police-uk.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(STREET_2023_01, "2023-01/2023-01-gwent-street.csv")
        zipped.write(OUTCOMES_2023_01, "2023-01/2023-01-gwent-outcomes.csv")
        zipped.writestr("2023-01/2023-01-gwent-stop-and-search.csv", "Type\n")
    found = policeuk.discover([archive])
    assert [f.member for f in found.files] == [
        "2023-01/2023-01-gwent-street.csv",
        "2023-01/2023-01-gwent-outcomes.csv",
    ]
    assert found.files[0].read_bytes() == STREET_2023_01.read_bytes()
    assert found.files[0].name == f"{archive}:2023-01/2023-01-gwent-street.csv"
    assert "stop-and-search" in found.notes[0]


def test_an_archive_member_in_another_months_folder_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "police-uk.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(STREET_2023_01, "2023-02/2023-01-gwent-street.csv")
    with pytest.raises(PoliceUkFileError, match="does not match its folder 2023-02"):
        policeuk.discover([archive])


def test_two_different_inputs_for_the_same_month_are_refused(tmp_path: Path) -> None:
    copy = tmp_path / "copy" / "2023-01-gwent-street.csv"
    copy.parent.mkdir()
    copy.write_bytes(STREET_2023_01.read_bytes())
    with pytest.raises(PoliceUkFileError, match="same force, month and kind"):
        policeuk.discover([STREET_2023_01, copy])
    assert len(policeuk.discover([STREET_2023_01, STREET_2023_01]).files) == 1


def test_a_named_file_that_is_not_a_police_uk_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "crimes.csv"
    other.write_text("a,b\n")
    with pytest.raises(PoliceUkFileError, match="not a police.uk file name"):
        policeuk.discover([other])
    with pytest.raises(PoliceUkFileError, match="no such file or folder"):
        policeuk.discover([tmp_path / "missing"])
