#!/usr/bin/env python
"""Build the geography ASB Hub ships in src/asbhub/core/data/ from the public source files.

Why: CI and a fresh clone have no /work/shared, so the app carries compact copies of the
ONS lookups and the force's LSOA boundaries it needs at run time. This script is the only
way those files are made; rerun it to refresh them (the output is deterministic).

Reads (see /work/shared/data/SOURCES.md sections 2, 3, 4 and 6):
  librarieshacked-geography-db/  LSOA 2011 -> 2021 exact and best-fit lookups, population, WIMD
  ons-lookups/                   LAD -> CSP -> PFA (Dec 2019), LSOA 2011 -> LAD 2019
  drkane-geo-lookups/            LSOA 2021 polygons per Welsh local authority

Writes, in src/asbhub/core/data/geography/:
  lsoa11_lsoa21_ew.csv.gz        LSOA11CD, LSOA21CD, CHGIND, BESTFIT (England and Wales)
  lsoa21_lad22_ew.csv.gz         LSOA21CD, LAD22CD (England and Wales)
  lad_csp_pfa_ew.csv.gz          LADCD, LADNM, CSPCD, CSPNM, PFACD, PFANM, NOTE
  local_authorities_ew.csv.gz    LAD22CD, LAD22NM, LAD22NMW
  forces.csv                     police_uk_id, pfa_code, pfa_name, id_source
  force_lsoa21_<PFA>.geojson.gz  each built force's 2021 LSOAs with population and WIMD
  ATTRIBUTION.md                 sources, licences and the rules used here
and src/asbhub/core/data/csps.csv (the built forces' CSPs with Welsh names and slugs).

Usage: .venv/bin/python scripts/build_shipped_geography.py [--source DIR] [--force gwent ...]
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
import textwrap
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from asbhub.core.geography import force_lsoa_file, to_bng, to_wgs84

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "asbhub" / "core" / "data" / "geography"
CSPS_FILE = ROOT / "src" / "asbhub" / "core" / "data" / "csps.csv"
DEFAULT_SOURCE = Path("/work/shared/data/geography")

LH = "librarieshacked-geography-db"
EXACT = f"{LH}/lsoa11_to_lsoa21_exact.csv"
BEST_FIT = f"{LH}/lsoa11_to_lsoa21_to_lad.csv"
POPULATION = f"{LH}/lsoa_population.csv"
WIMD = f"{LH}/lsoa_wimd.csv"
LAD_CSP_PFA = "ons-lookups/LAD19_CSP19_PFA19_EW_LU__ons-lookups-csv-194.csv"
LSOA11_LAD19 = "ons-lookups/LSOA11_WD19_LAD19_EW_LU__ons-lookups-csv-135.csv"
LSOA21_POLYGONS = "drkane-geo-lookups/boundaries/lsoa"

# data.police.uk force identifiers (https://data.police.uk/api/forces) for England and Wales.
# The API also lists `btp` and `northern-ireland`, which are not police force areas in the
# ONS lookup, so they are not shipped.
POLICE_UK_IDS = {
    "avon-and-somerset", "bedfordshire", "cambridgeshire", "cheshire", "city-of-london",
    "cleveland", "cumbria", "derbyshire", "devon-and-cornwall", "dorset", "durham",
    "dyfed-powys", "essex", "gloucestershire", "greater-manchester", "gwent", "hampshire",
    "hertfordshire", "humberside", "kent", "lancashire", "leicestershire", "lincolnshire",
    "merseyside", "metropolitan", "norfolk", "north-wales", "north-yorkshire",
    "northamptonshire", "northumbria", "nottinghamshire", "south-wales", "south-yorkshire",
    "staffordshire", "suffolk", "surrey", "sussex", "thames-valley", "warwickshire",
    "west-mercia", "west-midlands", "west-yorkshire", "wiltshire",
}  # fmt: skip
# Where the police.uk identifier is not the slug of the ONS PFA name.
POLICE_UK_ID_OVERRIDES = {
    "E23000001": "metropolitan",  # ONS "Metropolitan Police"
    "E23000034": "city-of-london",  # ONS "London, City of"
}

COORDINATE_DECIMALS = 6


def slugify(name: str) -> str:
    """Lower-case words joined by hyphens, with '&' read as 'and'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", " and ")).strip("-")


def read_csv(source: Path, name: str, **kwargs: object) -> pd.DataFrame:
    """A source CSV as strings, BOM stripped."""
    return pd.read_csv(
        source / name, dtype=str, keep_default_na=False, encoding="utf-8-sig", **kwargs
    )


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    """Write a CSV, gzipped (with a fixed timestamp, so rebuilds are identical) for `.gz`."""
    text = frame.to_csv(index=False, lineterminator="\n")
    write_text(path, text)


def write_text(path: Path, text: str) -> None:
    """Write text, gzipped deterministically when the name ends in `.gz`."""
    data = text.encode("utf-8")
    if path.suffix == ".gz":
        buffer = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as handle:
            handle.write(data)
        data = buffer.getvalue()
    path.write_bytes(data)
    print(f"  {path.relative_to(ROOT)}  {len(data) / 1024:,.0f} KiB")


def build_lsoa_lookups(source: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The LSOA 2011 -> 2021 exact lookup with best fit flagged; LSOA21 -> LAD22; LA names."""
    exact = read_csv(source, EXACT)
    best = read_csv(source, BEST_FIT)[["LSOA11CD", "LSOA21CD"]].assign(BESTFIT="1")
    lookup = exact[["LSOA11CD", "LSOA21CD", "CHGIND"]].merge(
        best, on=["LSOA11CD", "LSOA21CD"], how="left"
    )
    lookup["BESTFIT"] = lookup["BESTFIT"].replace("", "0").fillna("0")
    lookup = lookup.sort_values(["LSOA11CD", "LSOA21CD"]).reset_index(drop=True)
    assert set(lookup["CHGIND"]) <= {"U", "S", "M", "X"}
    flagged = lookup[lookup["BESTFIT"] == "1"].groupby("LSOA11CD").size()
    missing = set(lookup.loc[lookup["CHGIND"].isin(["S", "X"]), "LSOA11CD"]) - set(flagged.index)
    assert not missing, f"split LSOAs without a best fit: {sorted(missing)[:5]}"

    lsoa21_lad = (
        exact[["LSOA21CD", "LAD22CD"]]
        .drop_duplicates()
        .sort_values("LSOA21CD")
        .reset_index(drop=True)
    )
    assert lsoa21_lad["LSOA21CD"].is_unique, "an LSOA 2021 in two local authorities"
    names = (
        exact[["LAD22CD", "LAD22NM", "LAD22NMW"]]
        .drop_duplicates()
        .sort_values("LAD22CD")
        .reset_index(drop=True)
    )
    assert names["LAD22CD"].is_unique
    return lookup, lsoa21_lad, names


def build_lad_csp_pfa(source: Path, la_names: pd.DataFrame) -> pd.DataFrame:
    """ONS LAD -> CSP -> PFA (Dec 2019), plus rows for local authorities created since 2019.

    Buckinghamshire (2020) and North and West Northamptonshire (2021) replaced districts that
    each had their own CSP in December 2019: their PFA is their predecessors' (all in one
    force), and their CSP code is left blank rather than guessed.
    """
    ons = read_csv(source, LAD_CSP_PFA)
    frame = pd.DataFrame(
        {
            "LADCD": ons["LAD19CD"],
            "LADNM": ons["LAD19NM"],
            "CSPCD": ons["CSP19CD"],
            "CSPNM": ons["CSP19NM"],
            "PFACD": ons["PFA19CD"],
            "PFANM": ons["PFA19NM"],
            "NOTE": "",
        }
    )
    new_las = sorted(set(la_names["LAD22CD"]) - set(frame["LADCD"]))
    if new_las:
        lsoa11_lad19 = read_csv(source, LSOA11_LAD19)[["LSOA11CD", "LAD19CD"]]
        exact = read_csv(source, EXACT)[["LSOA11CD", "LAD22CD"]].drop_duplicates()
        pairs = exact.merge(lsoa11_lad19, on="LSOA11CD")
        pfa_of = dict(
            zip(frame["LADCD"], zip(frame["PFACD"], frame["PFANM"], strict=True), strict=True)
        )
        name_of = dict(zip(la_names["LAD22CD"], la_names["LAD22NM"], strict=True))
        extra = []
        for la in new_las:
            predecessors = sorted(set(pairs.loc[pairs["LAD22CD"] == la, "LAD19CD"]))
            forces = {pfa_of[p] for p in predecessors}
            assert len(forces) == 1, f"{la} spans forces {forces}"
            (pfa_code, pfa_name) = forces.pop()
            note = (
                f"LAD22 successor of {' '.join(predecessors)}; "
                "PFA from its predecessors, no CSP code in the Dec 2019 lookup"
            )
            extra.append([la, name_of[la], "", "", pfa_code, pfa_name, note])
        frame = pd.concat([frame, pd.DataFrame(extra, columns=frame.columns)])
    return frame.sort_values("LADCD").reset_index(drop=True)


def build_forces(lad_csp_pfa: pd.DataFrame) -> pd.DataFrame:
    """police.uk force identifiers mapped to PFA codes, from the ONS PFA names."""
    pfas = lad_csp_pfa[["PFACD", "PFANM"]].drop_duplicates().sort_values("PFACD")
    rows = []
    for code, name in pfas.itertuples(index=False):
        if code in POLICE_UK_ID_OVERRIDES:
            police_uk_id = POLICE_UK_ID_OVERRIDES[code]
            how = "override: data.police.uk/api/forces identifier"
        else:
            police_uk_id = slugify(name)
            how = "slug of the ONS PFA19NM"
        rows.append([police_uk_id, code, name, how])
    forces = pd.DataFrame(rows, columns=["police_uk_id", "pfa_code", "pfa_name", "id_source"])
    forces = forces.sort_values("police_uk_id").reset_index(drop=True)
    assert set(forces["police_uk_id"]) == POLICE_UK_IDS, set(forces["police_uk_id"]) ^ POLICE_UK_IDS
    return forces


def wimd_on_lsoa21(source: Path, lookup: pd.DataFrame) -> pd.DataFrame:
    """WIMD rank and decile carried from 2011 to 2021 LSOAs (rule in ATTRIBUTION.md)."""
    wimd = read_csv(source, WIMD).rename(columns={"lsoa11cd": "LSOA11CD"})
    wimd["rank"] = wimd["rank"].astype(int)
    wimd["decile"] = wimd["decile"].astype(int)
    bands = wimd.groupby("decile")["rank"].max().sort_index()  # highest rank in each decile
    joined = lookup.merge(wimd, on="LSOA11CD", how="inner")
    grouped = joined.groupby("LSOA21CD").agg(
        wimd_rank=("rank", "mean"), wimd_lsoa11=("LSOA11CD", lambda s: ";".join(sorted(s)))
    )
    grouped["wimd_rank"] = np.floor(grouped["wimd_rank"] + 0.5).astype(int)
    grouped["wimd_decile"] = np.searchsorted(bands.to_numpy(), grouped["wimd_rank"]) + 1
    return grouped.reset_index()


def round_geometry(geometry: dict) -> dict:
    """A GeoJSON geometry with coordinates rounded to COORDINATE_DECIMALS."""

    def walk(value: object) -> object:
        if isinstance(value, list) and value and isinstance(value[0], (int, float)):
            return [round(float(c), COORDINATE_DECIMALS) for c in value]
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def centroid_wgs84(geometry: shapely.Geometry) -> tuple[float, float]:
    """The centroid computed in British National Grid metres, returned as lon/lat."""
    bng = shapely.transform(geometry, lambda xy: np.column_stack(to_bng(xy[:, 0], xy[:, 1])))
    centre = bng.centroid
    lon, lat = to_wgs84(centre.x, centre.y)
    return round(lon, COORDINATE_DECIMALS), round(lat, COORDINATE_DECIMALS)


def build_force_lsoas(
    source: Path,
    force: pd.Series,
    lad_csp_pfa: pd.DataFrame,
    population: dict[str, int],
    wimd: pd.DataFrame,
) -> tuple[dict, pd.DataFrame]:
    """The force's 2021 LSOA polygons with name, LA, population, WIMD and centroid."""
    las = lad_csp_pfa.loc[lad_csp_pfa["PFACD"] == force.pfa_code, "LADCD"].tolist()
    wimd_by_code = wimd.set_index("LSOA21CD").to_dict("index")
    features = []
    for la in sorted(las):
        path = source / LSOA21_POLYGONS / f"{la}.geojson"
        if not path.exists():
            continue  # an abolished 2019 district, or a non-Welsh LA (no polygons in source)
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            props = feature["properties"]
            assert props["LADCD_ACTIVE"] == la, (props, la)
            geometry = round_geometry(feature["geometry"])
            shape = shapely.from_geojson(json.dumps(geometry))
            assert shape.is_valid, f"{props['LSOA21CD']} is invalid after rounding"
            lon, lat = centroid_wgs84(shape)
            code = props["LSOA21CD"]
            deprivation = wimd_by_code.get(code, {})
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "lsoa21_code": code,
                        "lsoa21_name": props["LSOA21NM"],
                        "local_authority_code": la,
                        "population": population.get(code),
                        "wimd_rank": deprivation.get("wimd_rank"),
                        "wimd_decile": deprivation.get("wimd_decile"),
                        "wimd_lsoa11": deprivation.get("wimd_lsoa11", ""),
                        "centroid_longitude": lon,
                        "centroid_latitude": lat,
                    },
                    "geometry": geometry,
                }
            )
    if not features:
        sys.exit(f"No LSOA 2021 polygons in {source / LSOA21_POLYGONS} for {force.police_uk_id}.")
    features.sort(key=lambda f: f["properties"]["lsoa21_code"])
    for f in features:  # plain ints, not numpy ints, for json
        for key in ("population", "wimd_rank", "wimd_decile"):
            value = f["properties"][key]
            f["properties"][key] = None if value is None else int(value)
    collection = {
        "type": "FeatureCollection",
        "name": f"LSOA 2021 in police force area {force.pfa_code} ({force.pfa_name})",
        "features": features,
    }
    csps = lad_csp_pfa[(lad_csp_pfa["PFACD"] == force.pfa_code) & (lad_csp_pfa["CSPCD"] != "")]
    return collection, csps


def build_csps(csps: pd.DataFrame, la_names: pd.DataFrame) -> pd.DataFrame:
    """CSP reference rows: code, names (English, Welsh), slug, LA and force."""
    welsh = dict(zip(la_names["LAD22CD"], la_names["LAD22NMW"], strict=True))
    source = (
        "ONS LAD19_CSP19_PFA19 lookup (Dec 2019) for codes and names; "
        "Welsh name: ONS LAD22NMW; slug: the English name"
    )
    rows = [
        [
            row.CSPCD,
            row.CSPNM,
            welsh.get(row.LADCD, ""),
            slugify(row.CSPNM),
            row.LADCD,
            row.PFACD,
            source,
        ]
        for row in csps.itertuples(index=False)
    ]
    columns = ["code", "name", "name_cy", "slug", "local_authority_code", "force_code", "source"]
    frame = pd.DataFrame(rows, columns=columns).sort_values("code").reset_index(drop=True)
    assert frame["slug"].is_unique and frame["local_authority_code"].is_unique
    return frame


def describe_splits(lookup: pd.DataFrame, codes21: set[str]) -> tuple[int, int, int]:
    """How many of the force's 2021 LSOAs are unchanged, split parts or merges."""
    rows = lookup[lookup["LSOA21CD"].isin(codes21)]
    kinds = rows.groupby("LSOA21CD")["CHGIND"].first()
    return (int((kinds == "U").sum()), int((kinds == "S").sum()), int(kinds.isin(["M", "X"]).sum()))


def main(argv: list[str] | None = None) -> None:
    """Read the sources, write the shipped files, and print what was written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="geography folder")
    parser.add_argument(
        "--force",
        action="append",
        dest="forces",
        help="police.uk force id to ship LSOA boundaries for (repeatable; default gwent)",
    )
    args = parser.parse_args(argv)
    source: Path = args.source
    force_ids = args.forces or ["gwent"]
    OUT.mkdir(parents=True, exist_ok=True)

    print(f"Reading {source}")
    lookup, lsoa21_lad, la_names = build_lsoa_lookups(source)
    lad_csp_pfa = build_lad_csp_pfa(source, la_names)
    forces = build_forces(lad_csp_pfa)
    population_frame = read_csv(source, POPULATION)
    population = dict(
        zip(population_frame["lsoacd"], population_frame["population"].astype(int), strict=True)
    )
    wimd = wimd_on_lsoa21(source, lookup)

    print("Writing")
    write_csv(OUT / "lsoa11_lsoa21_ew.csv.gz", lookup)
    write_csv(OUT / "lsoa21_lad22_ew.csv.gz", lsoa21_lad)
    write_csv(OUT / "lad_csp_pfa_ew.csv.gz", lad_csp_pfa)
    write_csv(OUT / "local_authorities_ew.csv.gz", la_names)
    write_csv(OUT / "forces.csv", forces)

    all_csps = []
    force_notes = []
    for force_id in force_ids:
        matches = forces[forces["police_uk_id"] == force_id]
        if matches.empty:
            sys.exit(f"Unknown force {force_id!r}; use a police.uk identifier such as gwent.")
        force = matches.iloc[0]
        collection, csps = build_force_lsoas(source, force, lad_csp_pfa, population, wimd)
        text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
        write_text(OUT / force_lsoa_file(force.pfa_code), text)
        all_csps.append(build_csps(csps, la_names))
        props = [f["properties"] for f in collection["features"]]
        by_la: dict[str, int] = defaultdict(int)
        for p in props:
            by_la[p["local_authority_code"]] += 1
        unchanged, split, merged = describe_splits(lookup, {p["lsoa21_code"] for p in props})
        note = (
            f"`{force_lsoa_file(force.pfa_code)}`: {force.pfa_name} ({force.pfa_code}), "
            f"{len(props)} LSOAs ("
            + ", ".join(f"{la} {n}" for la, n in sorted(by_la.items()))
            + f"); population for {sum(p['population'] is not None for p in props)}, "
            f"WIMD for {sum(p['wimd_decile'] is not None for p in props)}; "
            f"{unchanged} unchanged since 2011, {split} parts of a split 2011 LSOA, "
            f"{merged} merges."
        )
        force_notes.append(
            textwrap.fill(note, width=96, initial_indent="- ", subsequent_indent="  ")
        )
    csps_frame = pd.concat(all_csps).sort_values("code").reset_index(drop=True)
    text = csps_frame.to_csv(index=False, lineterminator="\n")
    CSPS_FILE.write_text(text, encoding="utf-8")
    print(f"  {CSPS_FILE.relative_to(ROOT)}  {len(csps_frame)} CSPs")

    counts = {
        "lookup": len(lookup),
        "lsoa11": lookup["LSOA11CD"].nunique(),
        "lsoa21": len(lsoa21_lad),
        "las": len(la_names),
        "lad_rows": len(lad_csp_pfa),
        "forces": len(forces),
        "chg": lookup.groupby("CHGIND").size().to_dict(),
    }
    write_text(OUT / "ATTRIBUTION.md", attribution(counts, force_notes))


def attribution(counts: dict, force_notes: list[str]) -> str:
    """The ATTRIBUTION.md text: sources, licences, files and rules."""
    chg = counts["chg"]
    return f"""# Shipped geography: sources, licences and rules

Built by `scripts/build_shipped_geography.py`; do not edit these files by hand.

Source: Office for National Statistics licensed under the Open Government Licence v3.0.
Contains OS data © Crown copyright and database right.
Contains public sector information licensed under the Open Government Licence v3.0.

## Sources

1. **LSOA 2011 → LSOA 2021 → LAD 2022, exact fit with change indicator, and best fit**
   (ONS Open Geography Portal), as mirrored in `LibrariesHacked/geography-db` (`data/`,
   commit `65006868d6180b5829d636f03807befb60dfc691`): `lsoa11_to_lsoa21_exact.csv`,
   `lsoa11_to_lsoa21_to_lad.csv`. ONS data, Open Government Licence v3.0.
2. **LSOA population (2021 LSOAs)**: `lsoa_population.csv` from the same repository. It does not
   say which estimate it is (Census 2021 or a mid-year estimate): "ONS small-area population
   (2021 LSOAs), via LibrariesHacked/geography-db"; treat rates per resident as approximate.
   Open Government Licence v3.0.
3. **Welsh Index of Multiple Deprivation** rank and decile per 2011 LSOA (1,909 LSOAs),
   `lsoa_wimd.csv` from the same repository (Welsh Government; the edition is not stated there).
   Open Government Licence v3.0.
4. **Local Authority District to Community Safety Partnership to Police Force Area (December
   2019) Lookup in England and Wales** (ONS), and **LSOA (2011) to Ward (2019) to LAD (2019)**
   (ONS, used only to find the predecessors of local authorities created since 2019), as
   mirrored in `jtrim-ons/ons-lookups` (`csv/194.csv`, `csv/135.csv`, commit
   `85d0ba6e476badf3861d8dc7485aecf40598d031`). Open Government Licence v3.0.
5. **LSOA 2021 boundaries** for the Welsh local authorities (ONS Open Geography Portal), as
   published in `drkane/geo-lookups` (`boundaries/lsoa/W060000NN.geojson`, commit
   `e20a072d5fc0918437abaa3622be63f40b71d9dd`), WGS84. Open Government Licence v3.0; contains
   OS data © Crown copyright and database right.
6. **police.uk force identifiers**: data.police.uk, `https://data.police.uk/api/forces` (Home
   Office, Open Government Licence v3.0).

## Files

- `lsoa11_lsoa21_ew.csv.gz`: {counts["lookup"]:,} rows, {counts["lsoa11"]:,} LSOA 2011 codes,
  England and Wales. `CHGIND`: U unchanged ({chg.get("U", 0):,}), S split ({chg.get("S", 0):,}),
  M merged ({chg.get("M", 0):,}), X complex ({chg.get("X", 0):,}). `BESTFIT` is 1 on the pair
  that the ONS best-fit lookup chooses for that 2011 LSOA.
- `lsoa21_lad22_ew.csv.gz`: {counts["lsoa21"]:,} LSOA 2021 codes and their 2022 local authority.
- `local_authorities_ew.csv.gz`: {counts["las"]:,} local authorities (2022) with English and Welsh
  names.
- `lad_csp_pfa_ew.csv.gz`: {counts["lad_rows"]:,} rows: the ONS December 2019 lookup as published,
  plus one row for each local authority created since (Buckinghamshire E06000060, North
  Northamptonshire E06000061, West Northamptonshire E06000062). Their predecessor districts each
  had a CSP in 2019, so their CSP code is left blank; their police force area is that of their
  predecessors (all in one force), as `NOTE` says.
- `forces.csv`: {counts["forces"]} police forces: the data.police.uk identifier, the PFA code and
  the ONS PFA name. The identifier is the slug of the ONS name ("&" read as "and"), except where
  `id_source` says it is an override from data.police.uk (Metropolitan Police → `metropolitan`,
  "London, City of" → `city-of-london`). The build checks the set against the police.uk list.
  British Transport Police (`btp`) and Northern Ireland are not police force areas in the ONS
  lookup and are left out.
{chr(10).join(force_notes)}
  Properties: `lsoa21_code`, `lsoa21_name`, `local_authority_code`, `population`,
  `wimd_rank`, `wimd_decile`, `wimd_lsoa11` (the 2011 LSOAs the WIMD values come from), and
  `centroid_longitude`/`centroid_latitude` (the polygon centroid computed in British National
  Grid metres). Coordinates are rounded to {COORDINATE_DECIMALS} decimal places (about 0.1 m).
- `../csps.csv`: the community safety partnerships of the forces above: ONS code and name
  (Dec 2019), Welsh name (the local authority's ONS Welsh name, `LAD22NMW`), slug (the English
  name), local authority and police force area.
- `../teams_<PFA>.csv`: neighbourhood policing teams, built from these files by
  `scripts/build_shipped_teams.py`. **Illustrative only**: the forces' real team areas are not
  in these sources, so each local authority is cut into 2 or 3 bands of whole, touching MSOAs
  with about equal numbers of residents. A force replaces them with its own
  (`asbhub load-teams FILE`).

## Rule: WIMD on 2021 LSOAs

WIMD is published on 2011 LSOAs. Each 2021 LSOA takes the mean WIMD rank of every 2011 LSOA it
comes from in the ONS exact-fit lookup, rounded to a whole rank, and the decile that rank falls
in using WIMD's own rank bands (decile 1 = ranks 1–191, the most deprived, … decile 10 =
ranks 1720–1909). So:

- **unchanged (U)**: the 2011 LSOA's rank and decile, unchanged;
- **split (S)**: every 2021 part inherits its 2011 parent's rank and decile;
- **merged (M)** and **complex (X)**: the mean rank of the 2011 LSOAs merged, then its decile
  (an approximation: the ranks are not population-weighted).

## Rule: LSOA 2011 codes in police data

A 2011 code that is unchanged or merged becomes its single 2021 code. A split (or complex) 2011
code becomes the 2021 part whose polygon contains the record's point when the part's polygon is
shipped; otherwise the ONS best-fit part (`BESTFIT` = 1).
"""


if __name__ == "__main__":
    main()
