"""Benchmark: all five Gwent community safety partnership data packs, as HTML and as PDF.

Method
------
A fresh SQLite database in a temporary folder is migrated and loaded with the Gwent
geography and the shipped police.uk archive (30 months; not timed). Then, timed: the force's
records are read once (`load_force_data`), and for each partnership a 12-month English pack
to December 2024 is assembled (statistics, charts, maps, rendering), written as HTML and
written as PDF with WeasyPrint, exactly as `asbhub datapack --csp all --to 2024-12 --months
12 --format html,pdf` does. Target: under 60 seconds for all five packs in both formats.

With --database-url the packs are made from that (already loaded) database instead.
The figures are written to this script's section of bench/RESULTS.md.

Usage: python bench/datapacks.py [--database-url URL] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
ARCHIVE = (
    PROJECT_DIR / "src" / "asbhub" / "opendata" / "data" / "policeuk-gwent-2022-07-to-2024-12.zip"
)
RESULTS = PROJECT_DIR / "bench" / "RESULTS.md"
START = "<!-- bench/datapacks.py: start -->"
END = "<!-- bench/datapacks.py: end -->"
TARGET_SECONDS = 60.0
PERIOD_END = date(2024, 12, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="Use this loaded database instead of a fresh one.")
    parser.add_argument("--no-write", action="store_true", help="Do not update RESULTS.md.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="asbhub-bench-datapacks-") as folder:
        work = Path(folder)
        os.environ["ASBHUB_VAR_DIR"] = str(work / "var")
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{work / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asbhub.settings")
        sys.path.insert(0, str(PROJECT_DIR / "src"))
        import django

        django.setup()
        setup_seconds = None if args.database_url else prepare()
        load_before = os.getloadavg()[0]
        rows, load_seconds, total, cpu = make_packs(work / "packs")
    section = report(rows, load_seconds, total, cpu, setup_seconds, load_before)
    print(section)
    if not args.no_write:
        write_section(section)


def prepare() -> float:
    """Migrate a fresh database and load the geography and the shipped archive."""
    from django.core.management import call_command

    from asbhub.core.services import load_geography
    from asbhub.opendata.services import import_policeuk

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    load_geography("gwent")
    import_policeuk([ARCHIVE])
    return time.perf_counter() - started


def make_packs(folder: Path) -> tuple[list[dict], float, float, float]:
    """Make the five packs in both formats, timing each step."""
    from pypdf import PdfReader

    from asbhub.core.models import CommunitySafetyPartnership
    from asbhub.datapacks import services

    started, cpu_started = time.perf_counter(), time.process_time()
    data = services.load_force_data(PERIOD_END, months=12)
    load_seconds = time.perf_counter() - started
    rows = []
    for csp in CommunitySafetyPartnership.objects.order_by("name"):
        t0 = time.perf_counter()
        document = services.build_pack(data, csp, months=12, language="en")
        t1 = time.perf_counter()
        html = services.write_pack(document, ["html"], folder)["html"]
        t2 = time.perf_counter()
        pdf = services.write_pack(document, ["pdf"], folder)["pdf"]
        t3 = time.perf_counter()
        rows.append(
            {
                "csp": csp.name,
                "assemble": t1 - t0,
                "html": t2 - t1,
                "pdf": t3 - t2,
                "pages": len(PdfReader(pdf).pages),
                "html_kib": html.stat().st_size / 1024,
                "pdf_kib": pdf.stat().st_size / 1024,
            }
        )
        print(f"{csp.name}: {t3 - t0:.1f} s", file=sys.stderr)
    return rows, load_seconds, time.perf_counter() - started, time.process_time() - cpu_started


def report(
    rows: list[dict],
    load: float,
    total: float,
    cpu: float,
    setup: float | None,
    load_average: float,
) -> str:
    """This benchmark's section of RESULTS.md."""
    from asbhub.opendata.models import StreetRecord

    lines = [
        START,
        "## Data packs (`bench/datapacks.py`)",
        "",
        "All five Gwent community safety partnership packs, 12 months to December 2024, English, "
        "each written as HTML and as PDF (WeasyPrint, vector charts and maps), from the shipped "
        f"police.uk data ({StreetRecord.objects.count():,} street-level rows loaded), as "
        "`asbhub datapack --csp all --to 2024-12 --months 12 --format html,pdf` makes them. "
        "The force's records are read once and shared by the five packs.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs; "
        f"Python {platform.python_version()}. Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"load average {load_average:.1f} when it started."
        + (f" Setting up the database (not timed below) took {setup:.1f} s." if setup else ""),
        "",
        "| Partnership | Assemble (s) | HTML (s) | PDF (s) | Pack total (s) | PDF pages "
        "| HTML KiB | PDF KiB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        pack = r["assemble"] + r["html"] + r["pdf"]
        lines.append(
            f"| {r['csp']} | {r['assemble']:.2f} | {r['html']:.2f} | {r['pdf']:.2f} | {pack:.2f} "
            f"| {r['pages']} | {r['html_kib']:,.0f} | {r['pdf_kib']:,.0f} |"
        )
    met = "met" if total < TARGET_SECONDS else "missed"
    lines += [
        "",
        f"Reading the force's records once: {load:.2f} s. All five packs in both formats, "
        f"reading included: **{total:.1f} s** (target under {TARGET_SECONDS:.0f} s: {met}); "
        f"{cpu:.1f} s of CPU time in this process. The packs are made one after another on "
        "one core, so other work on the machine stretches the elapsed time.",
        END,
    ]
    return "\n".join(lines)


def write_section(section: str) -> None:
    """Replace this script's section of RESULTS.md, or append it."""
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
