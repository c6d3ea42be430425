"""Read police.uk monthly street-level and outcomes CSV files, strictly.

A pure module: plain values in, frozen dataclasses out, no ORM. It finds the files
(single CSVs, folders of them, police.uk monthly archive zips), tells the force, month
and kind from each file name, and parses rows as published: empty strings stay empty,
coordinates become floats (None when blank), the month becomes the first day of the
month. Anything that does not look like a police.uk file raises `PoliceUkFileError`
with the file name, the line number and the reason, so that a caller can refuse the
whole file before storing any of it.

The quirks of the real files (ASB rows without Crime ID, repeated Crime IDs, rows
without a location, LSOA codes of either vintage) are accepted as published; see
shared/data/SOURCES.md section 1.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

STREET = "street"
OUTCOMES = "outcomes"
STOP_AND_SEARCH = "stop-and-search"
KINDS = (STREET, OUTCOMES)

STREET_HEADER = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
OUTCOMES_HEADER = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Outcome type",
)
HEADERS = {STREET: STREET_HEADER, OUTCOMES: OUTCOMES_HEADER}

# The longest value each column may hold (the opendata models' max_length).
MAX_LENGTHS = {
    "Crime ID": 64,
    "Reported by": 100,
    "Falls within": 100,
    "Location": 255,
    "LSOA code": 9,
    "LSOA name": 100,
    "Crime type": 100,
    "Last outcome category": 255,
    "Outcome type": 255,
}
REQUIRED = {
    STREET: ("Reported by", "Falls within", "Crime type"),
    OUTCOMES: ("Crime ID", "Reported by", "Falls within", "Outcome type"),
}

_REQUIRED_INDEXES = {
    kind: tuple(HEADERS[kind].index(column) for column in columns)
    for kind, columns in REQUIRED.items()
}
_LIMITS = {
    kind: tuple((i, MAX_LENGTHS[c]) for i, c in enumerate(header) if c in MAX_LENGTHS)
    for kind, header in HEADERS.items()
}

FILE_NAME = re.compile(
    r"^(?P<month>\d{4}-\d{2})-(?P<force>[a-z0-9]+(?:-[a-z0-9]+)*?)"
    r"-(?P<kind>street|outcomes|stop-and-search)\.csv$"
)
MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])$")
LSOA_CODE = re.compile(r"^[EWSN]\d{8}$")


class PoliceUkFileError(Exception):
    """A file that cannot be imported: which file, which line (if any) and why."""

    def __init__(self, name: str, line: int | None, reason: str) -> None:
        self.name = name
        self.line = line
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.name}: {self.reason}"
        return f"{self.name}, line {self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """What a police.uk file name says: force, month (first day) and kind."""

    force: str
    month: date
    kind: str


@dataclass(frozen=True, slots=True)
class PoliceUkFile:
    """One monthly file found on disk or inside a zip archive."""

    name: str
    identity: FileIdentity
    path: Path
    member: str | None = None

    def read_bytes(self) -> bytes:
        """The file's bytes exactly as stored."""
        if self.member is None:
            return self.path.read_bytes()
        with zipfile.ZipFile(self.path) as archive:
            return archive.read(self.member)


@dataclass(frozen=True, slots=True)
class Discovery:
    """The files to import, in month order, and notes about what was left aside."""

    files: tuple[PoliceUkFile, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StreetRow:
    """One row of a street-level file, as published."""

    line: int
    crime_id: str
    month: date
    reported_by: str
    falls_within: str
    longitude: float | None
    latitude: float | None
    location: str
    lsoa_code: str
    lsoa_name: str
    crime_type: str
    last_outcome_category: str
    context: str


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    """One row of an outcomes file, as published."""

    line: int
    crime_id: str
    month: date
    reported_by: str
    falls_within: str
    longitude: float | None
    latitude: float | None
    location: str
    lsoa_code: str
    lsoa_name: str
    outcome_type: str


Row = StreetRow | OutcomeRow


def parse_month(text: str) -> date | None:
    """The first day of a `YYYY-MM` month, or None when the text is not one."""
    match = MONTH.match(text)
    if match is None:
        return None
    return date(int(match["year"]), int(match["month"]), 1)


def identify(file_name: str) -> FileIdentity | None:
    """Force, month and kind from a police.uk file name; None when the name is not one.

    Stop-and-search files are identified too (kind "stop-and-search") so that callers
    can say why they leave them aside.
    """
    match = FILE_NAME.match(PurePosixPath(file_name).name)
    if match is None:
        return None
    month = parse_month(match["month"])
    if month is None:
        return None
    return FileIdentity(force=match["force"], month=month, kind=match["kind"])


def sha256_of(data: bytes) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    return hashlib.sha256(data).hexdigest()


def discover(paths: Iterable[str | Path]) -> Discovery:
    """Find the monthly files in files, folders (recursively) and police.uk zip archives.

    A file named on its own must be a police.uk street or outcomes CSV, or a zip
    archive; inside folders and archives other files are left aside with a note.
    Stop-and-search files are always left aside with a note. Two different inputs for
    the same force, month and kind are refused, since either could replace the other.
    """
    found: list[PoliceUkFile] = []
    notes: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                _discover_file(child, found, notes, named=False)
        elif path.is_file():
            _discover_file(path, found, notes, named=True)
        else:
            raise PoliceUkFileError(str(path), None, "no such file or folder")
    by_identity: dict[FileIdentity, PoliceUkFile] = {}
    for file in found:
        other = by_identity.get(file.identity)
        if other is None:
            by_identity[file.identity] = file
        elif (other.path.resolve(), other.member) != (file.path.resolve(), file.member):
            raise PoliceUkFileError(
                file.name,
                None,
                f"same force, month and kind as {other.name}; give only one of them",
            )
    ordered = sorted(
        by_identity.values(),
        key=lambda f: (f.identity.force, f.identity.month, KINDS.index(f.identity.kind)),
    )
    return Discovery(files=tuple(ordered), notes=tuple(notes))


def _discover_file(path: Path, found: list[PoliceUkFile], notes: list[str], named: bool) -> None:
    """Add one file on disk (a CSV or a zip archive) to `found`."""
    if path.suffix.lower() == ".zip":
        _discover_archive(path, found, notes)
        return
    identity = identify(path.name)
    if identity is None:
        if named:
            raise PoliceUkFileError(
                str(path),
                None,
                "not a police.uk file name (expected YYYY-MM-<force>-street.csv, "
                "YYYY-MM-<force>-outcomes.csv or a zip archive of them)",
            )
        if path.suffix.lower() == ".csv":
            notes.append(f"{path}: left aside, not a police.uk street or outcomes file name")
        return
    if identity.kind == STOP_AND_SEARCH:
        notes.append(f"{path}: left aside, stop-and-search files are not imported")
        return
    found.append(PoliceUkFile(name=str(path), identity=identity, path=path))


def _discover_archive(path: Path, found: list[PoliceUkFile], notes: list[str]) -> None:
    """Add the monthly files inside a police.uk archive (YYYY-MM/YYYY-MM-<force>-*.csv)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [info.filename for info in archive.infolist() if not info.is_dir()]
    except zipfile.BadZipFile as error:
        raise PoliceUkFileError(str(path), None, f"not a readable zip archive ({error})") from None
    for member in sorted(members):
        name = f"{path}:{member}"
        identity = identify(member)
        if identity is None:
            if member.lower().endswith(".csv"):
                notes.append(f"{name}: left aside, not a police.uk street or outcomes file name")
            continue
        if identity.kind == STOP_AND_SEARCH:
            notes.append(f"{name}: left aside, stop-and-search files are not imported")
            continue
        folder = PurePosixPath(member).parent.name
        folder_month = parse_month(folder)
        if folder_month is not None and folder_month != identity.month:
            raise PoliceUkFileError(
                name, None, f"file name month does not match its folder {folder}"
            )
        found.append(PoliceUkFile(name=name, identity=identity, path=path, member=member))


def decode(data: bytes, *, name: str) -> str:
    """The file's text: UTF-8, with a leading byte-order mark dropped if present."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PoliceUkFileError(name, line, "not UTF-8 text") from None
    return text.removeprefix("\ufeff")


def force_matches(force: str, falls_within: str) -> bool:
    """Whether a "Falls within" name is the force a file name identifies.

    police.uk identifiers are the force's name as a slug without "Police",
    "Constabulary" or "Service" (`gwent` for "Gwent Police", `avon-and-somerset` for
    "Avon and Somerset Constabulary"), or its initials (`btp`).
    """
    words = re.findall(r"[a-z0-9]+", falls_within.lower().replace("&", " and "))
    if not words:
        return False
    slug = "-".join(words)
    return f"-{force}-" in f"-{slug}-" or force == "".join(w[0] for w in words if w != "and")


def parse(data: bytes, *, name: str, identity: FileIdentity) -> list[Row]:
    """Every row of one file, validated in full before any is returned."""
    return list(
        iter_rows(io.StringIO(decode(data, name=name), newline=""), name=name, identity=identity)
    )


def iter_rows(lines: Iterable[str], *, name: str, identity: FileIdentity) -> Iterator[Row]:
    """Parse the lines of one file into rows, raising on the first thing that is wrong.

    The header must be exactly police.uk's for the file's kind; every row must have
    that many columns, the file's month, "Falls within" naming the file's force, both
    coordinates or neither, an LSOA code that looks like one, and no value longer than
    the database keeps.
    """
    header = HEADERS[identity.kind]
    reader = csv.reader(lines, strict=True)
    try:
        first = next(reader, None)
        if first is None:
            raise PoliceUkFileError(name, 1, "empty file: no header")
        if tuple(first) != header:
            raise PoliceUkFileError(
                name,
                reader.line_num,
                f"wrong header for a {identity.kind} file: expected "
                f"{','.join(header)!r}, found {','.join(first)!r}",
            )
        make = _street_row if identity.kind == STREET else _outcome_row
        forces: dict[str, bool] = {}  # "Falls within" names already checked
        for values in reader:
            line = reader.line_num
            if len(values) != len(header):
                raise PoliceUkFileError(
                    name, line, f"expected {len(header)} columns, found {len(values)}"
                )
            month, longitude, latitude = _check_row(
                values, header, identity, forces, name=name, line=line
            )
            yield make(values, line, month, longitude, latitude)
    except csv.Error as error:
        raise PoliceUkFileError(name, reader.line_num, f"malformed CSV ({error})") from None


def _check_row(
    values: list[str],
    header: tuple[str, ...],
    identity: FileIdentity,
    forces: dict[str, bool],
    *,
    name: str,
    line: int,
) -> tuple[date, float | None, float | None]:
    """Validate one row's values; return its month and coordinates."""
    month_text = values[1]
    month = parse_month(month_text)
    if month is None:
        raise PoliceUkFileError(name, line, f"bad month {month_text!r} (expected YYYY-MM)")
    if month != identity.month:
        raise PoliceUkFileError(
            name,
            line,
            f"month {month_text} does not match the file name ({identity.month:%Y-%m})",
        )
    for index in _REQUIRED_INDEXES[identity.kind]:
        if not values[index]:
            raise PoliceUkFileError(name, line, f"{header[index]} is empty")
    for index, limit in _LIMITS[identity.kind]:
        if len(values[index]) > limit:
            raise PoliceUkFileError(
                name, line, f"{header[index]} is longer than {limit} characters"
            )
    falls_within = values[3]
    matches = forces.get(falls_within)
    if matches is None:
        matches = forces[falls_within] = force_matches(identity.force, falls_within)
    if not matches:
        raise PoliceUkFileError(
            name,
            line,
            f"Falls within is {falls_within!r}, but the file name says {identity.force!r}",
        )
    longitude = _coordinate(values[4], "longitude", 180.0, name=name, line=line)
    latitude = _coordinate(values[5], "latitude", 90.0, name=name, line=line)
    if (longitude is None) != (latitude is None):
        raise PoliceUkFileError(
            name, line, "longitude and latitude must both be given or both be empty"
        )
    lsoa_code = values[7]
    if lsoa_code and not LSOA_CODE.match(lsoa_code):
        raise PoliceUkFileError(name, line, f"bad LSOA code {lsoa_code!r}")
    return month, longitude, latitude


def _coordinate(text: str, what: str, limit: float, *, name: str, line: int) -> float | None:
    """A coordinate in degrees, None when blank."""
    if text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        raise PoliceUkFileError(name, line, f"bad {what} {text!r}") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise PoliceUkFileError(name, line, f"bad {what} {text!r} (out of range)")
    return value


def _street_row(
    v: list[str], line: int, month: date, longitude: float | None, latitude: float | None
) -> StreetRow:
    """A StreetRow from checked values."""
    return StreetRow(
        line, v[0], month, v[2], v[3], longitude, latitude, v[6], v[7], v[8], v[9], v[10], v[11]
    )


def _outcome_row(
    v: list[str], line: int, month: date, longitude: float | None, latitude: float | None
) -> OutcomeRow:
    """An OutcomeRow from checked values."""
    return OutcomeRow(line, v[0], month, v[2], v[3], longitude, latitude, v[6], v[7], v[8], v[9])
