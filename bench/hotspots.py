"""Benchmark: Gi* and kernel density over every shipped ASB point, and the rolling forecast
evaluation (hit rate and PAI per month) on the real Gwent data.

Method
------
* Points: every "Anti-social behaviour" row of the 30 shipped police.uk months (the archive
  in src/asbhub/opendata/data/) with coordinates that the area resolver places in the force
  area (as `import_policeuk` does), converted to British National Grid.
* Grid: 150 m cells touching the force area (the union of the shipped 2021 LSOA polygons).
* Timed: grid counts; quartic kernel density (300 m bandwidth) at every cell centre; Getis-Ord
  Gi* with 999 conditional permutations and the Benjamini-Hochberg correction; grouping into
  hotspots.
* Rolling evaluation: every month from the second loaded, forecast from earlier months only,
  by prospective hotspotting and the 3- and 12-month count baselines; hit rate and PAI at 1%
  and 5% of the force area, every month each method can score.

Pure analysis code only (no database), so it runs anywhere the package is installed. The
figures are written to this script's section of bench/RESULTS.md.

Usage: python bench/hotspots.py [--no-write]
"""

from __future__ import annotations

import argparse
import io
import platform
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

PROJECT_DIR = Path(__file__).resolve().parent.parent
ARCHIVE = (
    PROJECT_DIR / "src" / "asbhub" / "opendata" / "data" / "policeuk-gwent-2022-07-to-2024-12.zip"
)
RESULTS = PROJECT_DIR / "bench" / "RESULTS.md"
START = "<!-- bench/hotspots.py: start -->"
END = "<!-- bench/hotspots.py: end -->"
CELL = 150.0
BANDWIDTH = 300.0
PERMUTATIONS = 999


def load_points() -> pd.DataFrame:
    """Shipped ASB rows with coordinates placed in the force area, in BNG, with a month index."""
    from asbhub.core.geography import AreaResolver, to_bng
    from asbhub.hotspots.analysis import month_number

    frames = []
    with zipfile.ZipFile(ARCHIVE) as archive:
        for name in sorted(archive.namelist()):
            if name.endswith("-street.csv"):
                frame = pd.read_csv(io.BytesIO(archive.read(name)), dtype=str)
                frames.append(frame[frame["Crime type"] == "Anti-social behaviour"])
    rows = pd.concat(frames, ignore_index=True)
    total = len(rows)
    resolver = AreaResolver.from_shipped()
    lons = pd.to_numeric(rows["Longitude"], errors="coerce")
    lats = pd.to_numeric(rows["Latitude"], errors="coerce")
    areas = resolver.resolve_many(
        rows["LSOA code"].fillna("").tolist(), lons.tolist(), lats.tolist()
    )
    keep = np.array([a.area == "in_force" for a in areas]) & lons.notna() & lats.notna()
    rows = rows[keep.to_numpy()]
    e, n = to_bng(lons[keep].to_numpy(), lats[keep].to_numpy())
    months = [month_number(int(m[:4]), int(m[5:7])) for m in rows["Month"]]
    points = pd.DataFrame(
        {"easting": e, "northing": n, "month_index": months, "month": rows["Month"].to_numpy()}
    )
    points.attrs["asb_rows"] = total
    return points


def force_area() -> shapely.Geometry:
    """The force area in BNG: the union of the shipped 2021 LSOA polygons."""
    from asbhub.core.geography import GWENT_FORCE_CODE, read_force_lsoas, to_bng

    features = read_force_lsoas(GWENT_FORCE_CODE)["features"]
    shapes = shapely.from_geojson([__import__("json").dumps(f["geometry"]) for f in features])
    union = shapely.union_all(shapes)
    return shapely.transform(union, lambda xy: np.column_stack(to_bng(xy[:, 0], xy[:, 1])))


def timed(label: str, timings: dict, func, *args, **kwargs):  # noqa: ANN001, ANN201
    started = time.perf_counter()
    result = func(*args, **kwargs)
    timings[label] = time.perf_counter() - started
    print(f"{label}: {timings[label]:.2f} s", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="Print only.")
    args = parser.parse_args()

    from asbhub.hotspots import analysis, forecasting

    timings: dict[str, float] = {}
    points = timed("Read and place the ASB points", timings, load_points)
    area = force_area()
    grid = timed("Lay the 150 m grid", timings, analysis.make_grid, CELL, area=area)
    e = points["easting"].to_numpy()
    n = points["northing"].to_numpy()
    counts = timed("Grid counts", timings, analysis.grid_counts, grid, e, n)
    density = timed("Kernel density", timings, analysis.kernel_density, grid, e, n, BANDWIDTH)
    gi = timed(
        "Gi* (999 permutations) with FDR",
        timings,
        analysis.gi_star,
        grid,
        counts,
        permutations=PERMUTATIONS,
    )
    spots = timed(
        "Group into hotspots",
        timings,
        analysis.group_hotspots,
        grid,
        gi.hot,
        counts,
        gi.z,
        gi.p_norm,
    )
    table = timed(
        "Rolling forecast evaluation (3 methods)",
        timings,
        forecasting.rolling_evaluation,
        grid,
        e,
        n,
        points["month_index"].to_numpy(),
    )
    summary = forecasting.summarise_evaluation(table)
    months_scored = table["month"].nunique()

    lines = [
        START,
        "## Hotspots and forecasts (`bench/hotspots.py`)",
        "",
        f"Every shipped ASB point placed in the force area with coordinates "
        f"({len(points):,} of {points.attrs['asb_rows']:,} ASB rows, 2022-07 to 2024-12), on "
        f"{grid.size:,} cells of {CELL:g} m ({grid.area_km2:,.0f} km²) touching Gwent. "
        f"{analysis.outside_grid(grid, e, n)} points fell outside the grid.",
        "",
        f"Machine: {platform.processor() or platform.machine()}, {__import__('os').cpu_count()}"
        f" CPUs; Python {platform.python_version()}. Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        "| Step | Seconds |",
        "|---|---|",
        *[f"| {label} | {seconds:.2f} |" for label, seconds in timings.items()],
        "",
        f"Gi*: {gi.hot_count:,} hot cells in {len(spots):,} hotspots; FDR cut-off p < "
        f"{gi.fdr_cutoff:.3g}. Busiest hotspot: {int(spots[0].count):,} records in "
        f"{len(spots[0].positions)} cells. Kernel density peak {density.max():,.0f} records/km² "
        f"over the 30 months."
        if spots
        else "Gi*: no hot cells.",
        "",
        f"Method: {gi.method}",
        "",
        f"### Rolling forecast evaluation ({months_scored} months scored)",
        "",
        "Each month forecast from the months before it only. Mean over the months every "
        "method could score:",
        "",
        "| Method | Months | Hit rate 1% | PAI 1% | Hit rate 5% | PAI 5% |",
        "|---|---|---|---|---|---|",
        *[
            f"| {method} | {int(row['months'])} | {row['hit_rate_1']:.1%} | {row['pai_1']:.1f} "
            f"| {row['hit_rate_5']:.1%} | {row['pai_5']:.1f} |"
            for method, row in summary.iterrows()
        ],
        "",
        "Every month (hit rate / PAI at 1% and 5% of the area):",
        "",
        "| Month | Records | "
        + " | ".join(f"{m} 1%" for m in forecasting.METHODS)
        + " | "
        + " | ".join(f"{m} 5%" for m in forecasting.METHODS)
        + " |",
        "|---|---|" + "---|" * (2 * len(forecasting.METHODS)),
    ]
    for month, group in table.groupby("month"):
        by_method = group.set_index("method")
        cells = []
        for share in ("1", "5"):
            for method in forecasting.METHODS:
                if method in by_method.index:
                    row = by_method.loc[method]
                    cells.append(f"{row[f'hit_rate_{share}']:.1%} / {row[f'pai_{share}']:.1f}")
                else:
                    cells.append("–")
        label = f"{month // 12}-{month % 12 + 1:02d}"
        lines.append(f"| {label} | {int(group['records'].iloc[0]):,} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Contains public sector information licensed under the Open Government Licence v3.0.",
        END,
    ]
    section = "\n".join(lines)
    print(section)
    if not args.no_write:
        text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
        if START in text and END in text:
            before, rest = text.split(START, 1)
            after = rest.split(END, 1)[1]
            text = before + section + after
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
