"""Neighbourhood policing team files: read one, check it, and say which team covers each LSOA.

Pure: text and plain values in, frozen dataclasses out; no ORM and no settings. Messages are
marked with `gettext_noop` and kept with their values, so the caller translates them
(`TeamFileError.describe(gettext)`) and an analyst can use the module without Django set up.

A team file is a CSV, one row per team. Lines starting with "#" before the header are
comments. Columns:

- `code`: the team's short name (lower-case letters, digits and hyphens), unique;
- `name`: its name, unique; `name_cy` (optional): its Welsh name;
- `csp`: its community safety partnership, as an ONS CSP code, a local authority code or
  the partnership's short name;
- `areas`: what it covers, separated by ";": 2021 LSOA codes (`W01001440`) or MSOA names
  (`Newport 001`, which stands for every LSOA named `Newport 001` plus one letter);
- `description` (optional).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_noop

REQUIRED_COLUMNS = ("code", "name", "csp", "areas")
AREA_SEPARATOR = ";"

WHERE = gettext_noop("%(source)s, line %(line)d: %(reason)s")

_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LSOA_CODE = re.compile(r"^[EW]01\d{6}$")


class TeamFileError(ValueError):
    """A team file is wrong: which file, which line, and why (the file changes nothing)."""

    def __init__(self, source: str, line: int, reason: str, **values: Any) -> None:
        self.source = source
        self.line = line
        self.reason = reason
        self.values = values
        super().__init__(self.describe())

    def describe(self, translate: Callable[[str], str] = str) -> str:
        """The message, with `translate` (e.g. Django's `gettext`) applied to its parts."""
        return translate(WHERE) % {
            "source": self.source,
            "line": self.line,
            "reason": translate(self.reason) % self.values,
        }


@dataclass(frozen=True)
class TeamRow:
    """One team as the file gives it."""

    line: int
    code: str
    name: str
    csp: str
    areas: tuple[str, ...]
    name_cy: str = ""
    description: str = ""


@dataclass(frozen=True)
class LsoaRef:
    """What the checks need to know about one loaded LSOA."""

    code: str
    name: str
    csp_code: str


@dataclass(frozen=True)
class TeamPlan:
    """A checked team file: each team's CSP code and each covered LSOA's team code."""

    teams: tuple[TeamRow, ...]
    csp_of_team: dict[str, str]
    team_of_lsoa: dict[str, str]
    uncovered: tuple[str, ...]  # LSOA codes no team covers


def msoa_of(lsoa_name: str) -> str:
    """The MSOA name of an LSOA name: "Newport 019F" → "Newport 019"."""
    return lsoa_name.strip()[:-1]


def read_teams(text: str, source: str) -> list[TeamRow]:
    """Parse a team file and check each row on its own (see the module docstring).

    Raises TeamFileError naming the first wrong line.
    """
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (
        lines[skipped].lstrip().startswith("#") or not lines[skipped].strip()
    ):
        skipped += 1
    reader = csv.DictReader(io.StringIO("".join(lines[skipped:])))
    header_line = skipped + 1
    columns = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise TeamFileError(
            source,
            header_line,
            gettext_noop("The header lacks the column(s) %(missing)s; it needs %(required)s."),
            missing=", ".join(missing),
            required=", ".join(REQUIRED_COLUMNS),
        )
    reader.fieldnames = columns
    rows: list[TeamRow] = []
    first_line: dict[tuple[str, str], int] = {}
    for record in reader:
        # The line the row starts on: where it ends, less any line breaks inside quotes.
        breaks = sum(value.count("\n") for value in record.values() if isinstance(value, str))
        line = skipped + reader.line_num - breaks
        if not any(value.strip() for value in record.values() if isinstance(value, str)):
            continue
        row = _row(record, line, source)
        for key in ("code", "name"):
            value = getattr(row, key).casefold()
            if (key, value) in first_line:
                raise TeamFileError(
                    source,
                    line,
                    gettext_noop("“%(value)s” is already used on line %(first)d."),
                    value=getattr(row, key),
                    first=first_line[(key, value)],
                )
            first_line[(key, value)] = line
        rows.append(row)
    if not rows:
        raise TeamFileError(source, header_line, gettext_noop("The file lists no teams."))
    return rows


def _row(record: Mapping[str, Any], line: int, source: str) -> TeamRow:
    """One checked row."""
    value = {name: " ".join((record.get(name) or "").split()) for name in record if name}
    if None in record:  # more values than columns
        raise TeamFileError(source, line, gettext_noop("The row has more values than columns."))
    code = value.get("code", "")
    if not _CODE.match(code):
        raise TeamFileError(
            source,
            line,
            gettext_noop(
                "“%(code)s” is not a short name: use lower-case letters, digits and hyphens."
            ),
            code=code,
        )
    if not value.get("name"):
        raise TeamFileError(source, line, gettext_noop("The team has no name."))
    if not value.get("csp"):
        raise TeamFileError(
            source, line, gettext_noop("The team has no community safety partnership.")
        )
    areas = tuple(
        dict.fromkeys(
            area.strip() for area in value.get("areas", "").split(AREA_SEPARATOR) if area.strip()
        )
    )
    if not areas:
        raise TeamFileError(
            source,
            line,
            gettext_noop(
                "The team covers no areas: list LSOA codes or MSOA names (such as "
                "“Newport 001”), separated by “;”."
            ),
        )
    return TeamRow(
        line=line,
        code=code,
        name=value["name"],
        csp=value["csp"],
        areas=areas,
        name_cy=value.get("name_cy", ""),
        description=value.get("description", ""),
    )


def plan_teams(
    rows: Sequence[TeamRow],
    lsoas: Sequence[LsoaRef],
    csp_codes: Mapping[str, str],
    source: str,
) -> TeamPlan:
    """Check the teams against the loaded LSOAs and partnerships; say who covers what.

    Parameters
    ----------
    rows : the teams, from `read_teams`.
    lsoas : every loaded LSOA.
    csp_codes : CSP codes keyed by every name a file may use for them (ONS code, local
        authority code, short name), lower-case.
    source : the file's name, for messages.

    Raises TeamFileError when a team's partnership or area is unknown, an LSOA lies in
    another partnership than its team's, or two teams claim one LSOA.
    """
    by_code = {lsoa.code: lsoa for lsoa in lsoas}
    by_msoa: dict[str, list[LsoaRef]] = {}
    for lsoa in sorted(lsoas, key=lambda item: item.code):
        by_msoa.setdefault(msoa_of(lsoa.name).casefold(), []).append(lsoa)
    csp_of_team: dict[str, str] = {}
    team_of_lsoa: dict[str, str] = {}
    claimed_on: dict[str, TeamRow] = {}
    for row in rows:
        csp_code = csp_codes.get(row.csp.casefold())
        if csp_code is None:
            raise TeamFileError(
                source,
                row.line,
                gettext_noop("No community safety partnership matches “%(csp)s”."),
                csp=row.csp,
            )
        csp_of_team[row.code] = csp_code
        for area in row.areas:
            for lsoa in _lsoas_of(area, by_code, by_msoa, row, source):
                if lsoa.csp_code != csp_code:
                    raise TeamFileError(
                        source,
                        row.line,
                        gettext_noop(
                            "%(lsoa)s (%(name)s) is not in the team's partnership %(csp)s."
                        ),
                        lsoa=lsoa.code,
                        name=lsoa.name,
                        csp=row.csp,
                    )
                other = claimed_on.get(lsoa.code)
                if other is not None and other.code != row.code:
                    raise TeamFileError(
                        source,
                        row.line,
                        gettext_noop(
                            "%(lsoa)s (%(name)s) is already covered by %(team)s on line %(first)d."
                        ),
                        lsoa=lsoa.code,
                        name=lsoa.name,
                        team=other.name,
                        first=other.line,
                    )
                claimed_on[lsoa.code] = row
                team_of_lsoa[lsoa.code] = row.code
    uncovered = tuple(sorted(set(by_code) - set(team_of_lsoa)))
    return TeamPlan(tuple(rows), csp_of_team, team_of_lsoa, uncovered)


def _lsoas_of(
    area: str,
    by_code: Mapping[str, LsoaRef],
    by_msoa: Mapping[str, list[LsoaRef]],
    row: TeamRow,
    source: str,
) -> list[LsoaRef]:
    """The LSOAs an area stands for: one LSOA code, or every LSOA of an MSOA."""
    if _LSOA_CODE.match(area.upper()):
        found = by_code.get(area.upper())
        if found is not None:
            return [found]
    else:
        found_all = by_msoa.get(area.casefold())
        if found_all:
            return found_all
    raise TeamFileError(
        source,
        row.line,
        gettext_noop(
            "“%(area)s” is neither a loaded LSOA code nor the name of a loaded MSOA "
            "(such as “Newport 001”)."
        ),
        area=area,
    )
