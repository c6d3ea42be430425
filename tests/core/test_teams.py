"""Neighbourhood policing teams: the team file reader, the shipped illustrative split, loading
(`load-geography` the first time, `asbhub load-teams FILE` after) and the admin."""

from __future__ import annotations

import csv
import sys
from collections import Counter
from importlib import resources
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db.models import F
from django.urls import reverse

from asbhub.core import geography
from asbhub.core.models import Lsoa, Team
from asbhub.core.services import load_geography, load_teams, shipped_teams_file
from asbhub.core.teams import LsoaRef, TeamFileError, msoa_of, plan_teams, read_teams

HEADER = "code,name,name_cy,csp,areas,description\n"
LSOAS = [
    LsoaRef("W01001600", "Newport 001A", "W14000022"),
    LsoaRef("W01001601", "Newport 001B", "W14000022"),
    LsoaRef("W01001602", "Newport 002A", "W14000022"),
    LsoaRef("W01001440", "Blaenau Gwent 001A", "W14000019"),
]
CSP_CODES = {
    "w14000022": "W14000022",
    "newport": "W14000022",
    "w14000019": "W14000019",
    "blaenau-gwent": "W14000019",
}


def _plan(text: str):
    return plan_teams(read_teams(text, "teams.csv"), LSOAS, CSP_CODES, "teams.csv")


# -- the reader (no database) -------------------------------------------------------------


def test_it_reads_teams_with_msoa_names_and_lsoa_codes_after_comment_lines() -> None:
    text = (
        "# Illustrative teams\n# two comment lines\n"
        + HEADER
        + "newport-east,Newport East,Dwyrain Casnewydd,newport,Newport 001; W01001602,East\n"
        + 'blaenau-gwent,Blaenau Gwent,,W14000019,"Blaenau Gwent 001",\n'
    )
    rows = read_teams(text, "teams.csv")
    assert [(row.line, row.code, row.areas) for row in rows] == [
        (4, "newport-east", ("Newport 001", "W01001602")),
        (5, "blaenau-gwent", ("Blaenau Gwent 001",)),
    ]
    assert rows[0].name_cy == "Dwyrain Casnewydd"
    plan = _plan(text)
    assert plan.team_of_lsoa == {
        "W01001600": "newport-east",
        "W01001601": "newport-east",
        "W01001602": "newport-east",
        "W01001440": "blaenau-gwent",
    }
    assert plan.csp_of_team == {"newport-east": "W14000022", "blaenau-gwent": "W14000019"}
    assert plan.uncovered == ()


def test_an_lsoa_no_team_covers_is_reported_not_refused() -> None:
    plan = _plan(HEADER + "newport-east,Newport East,,newport,Newport 001,\n")
    assert plan.uncovered == ("W01001440", "W01001602")


@pytest.mark.parametrize(
    ("row", "line", "reason"),
    [
        ("Newport East,Newport East,,newport,Newport 001,", 2, "is not a short name"),
        ("newport-east,,,newport,Newport 001,", 2, "has no name"),
        ("newport-east,Newport East,,,Newport 001,", 2, "no community safety partnership"),
        ("newport-east,Newport East,,newport, ; ,", 2, "covers no areas"),
        ("newport-east,Newport East,,newport,Newport 001,,extra", 2, "more values than columns"),
        ("newport-east,Newport East,,cardiff,Newport 001,", 2, "No community safety partnership"),
        ("newport-east,Newport East,,newport,Newport 099,", 2, "neither a loaded LSOA code"),
        ("newport-east,Newport East,,newport,W01009999,", 2, "neither a loaded LSOA code"),
        ("newport-east,Newport East,,newport,Blaenau Gwent 001,", 2, "not in the team's"),
    ],
)
def test_a_wrong_row_names_the_file_the_line_and_the_reason(row: str, line: int, reason: str):
    with pytest.raises(TeamFileError) as raised:
        _plan(HEADER + row + "\n")
    assert raised.value.line == line
    assert str(raised.value).startswith(f"teams.csv, line {line}: ")
    assert reason in str(raised.value)


def test_repeated_names_and_lsoas_claimed_twice_are_refused_on_the_later_line() -> None:
    first = "newport-east,Newport East,,newport,Newport 001,\n"
    with pytest.raises(TeamFileError, match=r"line 3: “newport-east” is already used on line 2"):
        _plan(HEADER + first + "newport-east,Other,,newport,Newport 002,\n")
    with pytest.raises(TeamFileError, match=r"line 3: “Newport East” is already used"):
        _plan(HEADER + first + "other,Newport East,,newport,Newport 002,\n")
    with pytest.raises(TeamFileError, match=r"line 3: W01001600 .* already covered by Newport E"):
        _plan(HEADER + first + "west,Newport West,,newport,W01001600,\n")


def test_a_missing_column_or_an_empty_file_is_refused_at_the_header() -> None:
    with pytest.raises(TeamFileError, match=r"line 2: The header lacks the column\(s\) areas"):
        read_teams("# comment\ncode,name,csp\n", "teams.csv")
    with pytest.raises(TeamFileError, match="line 1: The file lists no teams"):
        read_teams(HEADER, "teams.csv")


def test_a_quoted_description_over_two_lines_keeps_the_line_numbers_right() -> None:
    text = HEADER + 'a,A,,newport,Newport 001,"two\nlines"\nb,B,,newport,Newport 002,\n'
    assert [row.line for row in read_teams(text, "t")] == [2, 4]


# -- the shipped illustrative split ---------------------------------------------------------


def _shipped_text() -> str:
    path = resources.files("asbhub.core").joinpath("data", shipped_teams_file("W15000002"))
    return path.read_text(encoding="utf-8")


def test_the_shipped_file_says_its_areas_are_illustrative() -> None:
    header = _shipped_text().split("\ncode,")[0]
    assert "ILLUSTRATIVE" in header
    assert "not Gwent's real neighbourhood policing team boundaries" in header
    assert "load-teams" in header


def test_every_gwent_lsoa_is_in_exactly_one_shipped_team_of_its_own_partnership() -> None:
    features = geography.read_force_lsoas(geography.GWENT_FORCE_CODE)["features"]
    with resources.files("asbhub.core").joinpath("data", "csps.csv").open(encoding="utf-8") as f:
        csp_of_la = {row["local_authority_code"]: row["code"] for row in csv.DictReader(f)}
    lsoas = [
        LsoaRef(
            f["properties"]["lsoa21_code"],
            f["properties"]["lsoa21_name"],
            csp_of_la[f["properties"]["local_authority_code"]],
        )
        for f in features
    ]
    rows = read_teams(_shipped_text(), "shipped")
    plan = plan_teams(rows, lsoas, {code.lower(): code for code in csp_of_la.values()}, "shipped")
    assert plan.uncovered == ()
    assert set(plan.team_of_lsoa) == {lsoa.code for lsoa in lsoas}
    claims = Counter(
        lsoa.code
        for row in rows
        for area in row.areas
        for lsoa in lsoas
        if msoa_of(lsoa.name) == area
    )
    assert set(claims.values()) == {1}
    teams_per_csp = Counter(plan.csp_of_team.values())
    assert set(teams_per_csp) == set(csp_of_la.values())
    assert all(2 <= count <= 4 for count in teams_per_csp.values())
    assert all(row.name_cy for row in rows)


def test_the_shipped_file_is_what_the_build_script_makes() -> None:
    scripts = Path(__file__).resolve().parents[2] / "scripts"
    sys.path.insert(0, str(scripts))
    try:
        import build_shipped_teams
    finally:
        sys.path.remove(str(scripts))
    assert build_shipped_teams.build("gwent") == _shipped_text()
    bands = build_shipped_teams.cut_bands([3.0, 1.0, 2.0, 4.0], [1, 1, 1, 1], 2)
    assert bands == [1, 0, 0, 1]


# -- loading --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_geography_loads_the_shipped_teams_once_and_then_keeps_the_forces_own() -> None:
    summary = load_geography()
    assert (summary.teams_created, summary.teams_kept) == (13, 0)
    assert not Lsoa.objects.filter(team__isnull=True).exists()
    assert not Lsoa.objects.exclude(team__csp=F("csp")).exists()
    newport_019f = Lsoa.objects.get(code="W01002035")
    assert newport_019f.team.csp.slug == "newport"
    Team.objects.filter(code="newport-east").update(name="Newport East and Docks")
    again = load_geography()
    assert (again.changed, again.teams_created, again.teams_kept) == (0, 0, 13)
    assert Team.objects.get(code="newport-east").name == "Newport East and Docks"


def _own_file(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "our-teams.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_load_teams_replaces_the_areas_and_a_second_run_changes_nothing(tmp_path) -> None:
    load_geography()
    path = _own_file(
        tmp_path,
        "ebbw-vale,Ebbw Vale,Glynebwy,blaenau-gwent,Blaenau Gwent 002; Blaenau Gwent 003,\n"
        "abertillery,Abertillery,Abertyleri,W14000019,Blaenau Gwent 004; W01001440,\n",
    )
    out = StringIO()
    call_command("load_teams", str(path), stdout=out)
    assert out.getvalue().startswith(f"Teams from {path}: 2 (2 created, 0 updated, 0 unchanged)")
    assert Lsoa.objects.get(code="W01001440").team.code == "abertillery"
    assert Lsoa.objects.filter(team__code="ebbw-vale").count() > 0
    assert (
        Lsoa.objects.filter(team__isnull=True).count()
        == 374 - Lsoa.objects.filter(team__code__in=["ebbw-vale", "abertillery"]).count()
    )
    assert Team.objects.count() == 15  # the 13 shipped teams are kept, covering nothing
    again = load_teams(path.read_text(encoding="utf-8"), str(path))
    assert (again.created, again.updated, again.unchanged, again.lsoas_moved) == (0, 0, 2, 0)


@pytest.mark.django_db
def test_a_bad_row_names_file_line_and_reason_and_changes_nothing(tmp_path) -> None:
    load_geography()
    before = dict(Lsoa.objects.values_list("code", "team__code"))
    path = _own_file(
        tmp_path,
        "ebbw-vale,Ebbw Vale,,blaenau-gwent,Blaenau Gwent 001,\n"
        "newport-docks,Newport Docks,,newport,Newport 001; Newport 999,\n",
    )
    with pytest.raises(CommandError) as raised:
        call_command("load_teams", str(path), stdout=StringIO())
    assert str(raised.value) == (
        f"{path}, line 3: “Newport 999” is neither a loaded LSOA code nor the name of a "
        "loaded MSOA (such as “Newport 001”)."
    )
    assert not Team.objects.filter(code__in=["ebbw-vale", "newport-docks"]).exists()
    assert dict(Lsoa.objects.values_list("code", "team__code")) == before


@pytest.mark.django_db
def test_a_new_code_may_not_take_the_name_of_a_team_the_file_leaves_out(tmp_path) -> None:
    load_geography()
    path = _own_file(tmp_path, "east,Newport East,,newport,Newport 001,\n")
    with pytest.raises(CommandError, match=r"line 2: “Newport East” is the name of the team new"):
        call_command("load_teams", str(path), stdout=StringIO())
    assert not Team.objects.filter(code="east").exists()


@pytest.mark.django_db
def test_load_teams_needs_the_geography_and_a_readable_file(tmp_path) -> None:
    path = _own_file(tmp_path, "a,A,,newport,Newport 001,\n")
    with pytest.raises(CommandError, match="load-geography"):
        call_command("load_teams", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="missing.csv"):
        call_command("load_teams", str(tmp_path / "missing.csv"), stdout=StringIO())


def test_the_cli_maps_load_teams_to_the_command() -> None:
    from asbhub.cli import _translate

    assert _translate(["asbhub", "load-teams", "x.csv"]) == ["asbhub", "load_teams", "x.csv"]


def test_an_error_can_be_described_through_a_translator() -> None:
    welsh = {
        "%(source)s, line %(line)d: %(reason)s": "%(source)s, llinell %(line)d: %(reason)s",
        "The team has no name.": "Nid oes enw gan y tîm.",
    }
    error = TeamFileError("t.csv", 4, "The team has no name.")
    assert str(error) == "t.csv, line 4: The team has no name."
    assert error.describe(welsh.get) == "t.csv, llinell 4: Nid oes enw gan y tîm."


# -- the admin ------------------------------------------------------------------------------


def test_administrators_manage_teams_in_the_admin(client, cast) -> None:
    load_geography()
    client.force_login(cast["administrator"])
    assert client.get(reverse("admin:core_team_changelist")).status_code == 200
    team = Team.objects.get(code="newport-east")
    assert client.get(reverse("admin:core_team_change", args=[team.pk])).status_code == 200


@pytest.mark.parametrize("role", ["supervisor", "analyst", "partner"])
def test_other_roles_may_not_open_the_teams_admin(client, cast, role) -> None:
    user = cast[role]
    user.is_staff = True
    user.save()
    client.force_login(user)
    response = client.get(reverse("admin:core_team_changelist"))
    assert response.status_code == 302 and "login" in response.url


@pytest.mark.django_db
def test_an_lsoa_may_not_join_a_team_of_another_partnership() -> None:
    load_geography()
    lsoa = Lsoa.objects.get(code="W01001440")  # Blaenau Gwent
    lsoa.team = Team.objects.get(code="newport-east")
    with pytest.raises(ValidationError, match="another community safety partnership"):
        lsoa.full_clean()
