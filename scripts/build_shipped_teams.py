#!/usr/bin/env python
"""Build the ILLUSTRATIVE neighbourhood policing teams ASB Hub ships for a force.

Why: the CDI dashboard and others count by neighbourhood policing team, but the real team
boundaries of a force are not in our data. This script draws a stand-in from the shipped
geography: each local authority is cut into 2 or 3 teams of whole MSOAs (an LSOA named
"Newport 019F" lies in MSOA "Newport 019"), in bands across the authority along one
direction (north-south or west-east), with the cuts placed so the bands hold about equal
numbers of residents. A force replaces the file with its own (`asbhub load-teams FILE`).

The build checks that every LSOA is in exactly one team and that each team's MSOAs are
contiguous (they touch one another, or face each other across a river), and stops
otherwise. The output is deterministic.

Reads  src/asbhub/core/data/geography/force_lsoa21_<PFA>.geojson.gz and core/data/csps.csv
Writes src/asbhub/core/data/teams_<PFA>.csv

Usage: .venv/bin/python scripts/build_shipped_teams.py [--force gwent] [--check]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import shapely

from asbhub.core import geography
from asbhub.core.teams import LsoaRef, msoa_of, plan_teams, read_teams

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "asbhub" / "core" / "data"
CSPS_FILE = DATA / "csps.csv"
# MSOAs this close count as touching: the shipped polygons are clipped to the coastline, so a
# tidal river (the Usk in Newport, about 100 m wide) leaves a gap between its banks.
TOUCH_METRES = 150.0

# How each local authority is cut: the compass bearing the bands run along (0 = from south
# to north, 90 = from west to east; Caerphilly's runs a little west of north, so its eastern
# lobe stays whole), and the bands' names from the lower end to the upper, in English and
# Welsh. Illustrative, not any force's real teams.
SOUTH_NORTH = (("South", "De"), ("Central", "Canol"), ("North", "Gogledd"))
WEST_EAST = (("West", "Gorllewin"), ("Central", "Canol"), ("East", "Dwyrain"))
SPLITS: dict[str, dict[str, tuple[float, tuple[tuple[str, str], ...]]]] = {
    "W15000002": {  # Gwent
        "W06000018": (340.0, SOUTH_NORTH),  # Caerphilly
        "W06000019": (90.0, WEST_EAST[::2]),  # Blaenau Gwent: West, East
        "W06000020": (0.0, SOUTH_NORTH),  # Torfaen
        "W06000021": (0.0, SOUTH_NORTH[::2]),  # Monmouthshire: South, North
        "W06000022": (90.0, WEST_EAST),  # Newport
    },
}

HEADER = """\
# Neighbourhood policing teams for {force} ({pfa}): ILLUSTRATIVE AREAS ONLY.
# These are not {force}'s real neighbourhood policing team boundaries, which are not in the
# shipped data. Each local authority is cut into 2 or 3 bands of whole, touching MSOAs with
# about equal numbers of residents. A force replaces this file with its own:
# `asbhub load-teams FILE` (same columns; `areas` lists MSOA names or 2021 LSOA codes, ";").
# Built by scripts/build_shipped_teams.py from the shipped geography (ONS, Open Government
# Licence v3.0; see geography/ATTRIBUTION.md). Do not edit by hand.
"""
COLUMNS = ("code", "name", "name_cy", "csp", "areas", "description")


def teams_file(pfa_code: str) -> Path:
    """Where the shipped teams of a police force area are written."""
    return DATA / f"teams_{pfa_code}.csv"


def cut_bands(positions: list[float], weights: list[float], count: int) -> list[int]:
    """Band numbers (0 = lowest position) for items cut into `count` bands of about equal weight.

    Items are ordered by position; a cut falls between two items where the running weight
    comes closest to each k/count share of the total. Every band gets at least one item.
    """
    order = sorted(range(len(positions)), key=lambda i: (positions[i], i))
    running = np.cumsum([weights[i] for i in order])
    total = running[-1]
    cuts = []
    for k in range(1, count):
        low = (cuts[-1] + 1) if cuts else 0
        high = len(order) - (count - k)  # leave at least one item per later band
        best = min(range(low, high), key=lambda j: abs(running[j] - total * k / count))
        cuts.append(best)
    bands = [0] * len(positions)
    band = 0
    for rank, item in enumerate(order):
        bands[item] = band
        if band < len(cuts) and rank == cuts[band]:
            band += 1
    return bands


def build(force: str) -> str:
    """The teams file's text for a force."""
    found = geography.lookup_force(force)
    splits = SPLITS[found.pfa_code]
    features = geography.read_force_lsoas(found.pfa_code)["features"]
    with CSPS_FILE.open(encoding="utf-8", newline="") as handle:
        csps = {row["local_authority_code"]: row for row in csv.DictReader(handle)}

    lsoas_by_msoa: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for feature in features:
        props = feature["properties"]
        lsoas_by_msoa[(props["local_authority_code"], msoa_of(props["lsoa21_name"]))].append(
            feature
        )
    assert set(la for la, _ in lsoas_by_msoa) == set(splits), "a local authority has no split"

    out = io.StringIO()
    out.write(HEADER.format(force=found.name, pfa=found.pfa_code))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for la, (bearing, names) in splits.items():
        csp = csps[la]
        msoas = sorted(msoa for code, msoa in lsoas_by_msoa if code == la)
        shapes = {msoa: _shape(lsoas_by_msoa[(la, msoa)]) for msoa in msoas}
        residents = {
            msoa: sum(f["properties"]["population"] or 0 for f in lsoas_by_msoa[(la, msoa)])
            for msoa in msoas
        }
        angle = np.radians(bearing)
        positions = [
            float(
                np.dot(_weighted_centre(lsoas_by_msoa[(la, msoa)]), (np.sin(angle), np.cos(angle)))
            )
            for msoa in msoas
        ]
        bands = cut_bands(positions, [residents[m] for m in msoas], len(names))
        for band, (suffix, suffix_cy) in enumerate(names):
            members = [msoa for msoa, b in zip(msoas, bands, strict=True) if b == band]
            _check_contiguous(members, shapes, csp["name"])
            name = f"{csp['name']} {suffix}"
            writer.writerow(
                [
                    slugify(name),
                    name,
                    f"{suffix_cy} {csp['name_cy']}",
                    csp["code"],
                    "; ".join(members),
                    f"Illustrative: the {suffix.lower()} band of {csp['name']} "
                    f"({len(members)} MSOAs, about "
                    f"{_round(sum(residents[m] for m in members)):,} residents; "
                    f"bands ordered along a bearing of {bearing:.0f}°).",
                ]
            )
    text = out.getvalue()
    _check_coverage(text, features, csps)
    return text


def _round(residents: int) -> int:
    """Residents to the nearest thousand."""
    return int(round(residents, -3))


def slugify(name: str) -> str:
    """Lower-case words joined by hyphens."""
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def _shape(features: list[dict]) -> shapely.Geometry:
    """The union of LSOA polygons in British National Grid metres."""
    shapes = [shapely.from_geojson(json.dumps(f["geometry"])) for f in features]
    union = shapely.union_all(shapes)
    return shapely.transform(union, lambda xy: np.column_stack(geography.to_bng(*xy.T)))


def _weighted_centre(features: list[dict]) -> tuple[float, float]:
    """The residents-weighted mean of the LSOA centroids, in British National Grid metres."""
    lons = np.array([f["properties"]["centroid_longitude"] for f in features])
    lats = np.array([f["properties"]["centroid_latitude"] for f in features])
    weights = np.array([f["properties"]["population"] or 1 for f in features], dtype=float)
    eastings, northings = geography.to_bng(lons, lats)
    return float(np.average(eastings, weights=weights)), float(
        np.average(northings, weights=weights)
    )


def _check_coverage(text: str, features: list[dict], csps: dict[str, dict]) -> None:
    """Stop the build unless the file reads back and covers every LSOA exactly once."""
    lsoas = [
        LsoaRef(
            f["properties"]["lsoa21_code"],
            f["properties"]["lsoa21_name"],
            csps[f["properties"]["local_authority_code"]]["code"],
        )
        for f in features
    ]
    csp_codes = {row["code"].lower(): row["code"] for row in csps.values()}
    plan = plan_teams(read_teams(text, "teams"), lsoas, csp_codes, "teams")
    if plan.uncovered:
        sys.exit(f"LSOAs in no team: {plan.uncovered}")


def _check_contiguous(members: list[str], shapes: dict[str, shapely.Geometry], la: str) -> None:
    """Stop the build when a team's MSOAs do not all touch one another."""
    reached = {members[0]}
    frontier = [members[0]]
    while frontier:
        here = frontier.pop()
        for other in members:
            if other not in reached and shapes[here].distance(shapes[other]) <= TOUCH_METRES:
                reached.add(other)
                frontier.append(other)
    if len(reached) != len(members):
        cut_off = sorted(set(members) - reached)
        sys.exit(f"{la}: a team is not contiguous: {cut_off} do not touch {sorted(reached)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", default="gwent", help="police.uk force id (default: gwent)")
    parser.add_argument(
        "--check", action="store_true", help="Fail if the shipped file differs from a rebuild."
    )
    args = parser.parse_args()
    found = geography.lookup_force(args.force)
    text = build(found.police_uk_id)
    path = teams_file(found.pfa_code)
    if args.check:
        if path.read_text(encoding="utf-8") != text:
            sys.exit(f"{path.relative_to(ROOT)} is out of date: rerun without --check.")
        print(f"{path.relative_to(ROOT)} is up to date.")
        return
    path.write_text(text, encoding="utf-8")
    print(f"  {path.relative_to(ROOT)}  {text.count(chr(10)) - HEADER.count(chr(10)) - 1} teams")


if __name__ == "__main__":
    main()
