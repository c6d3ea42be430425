"""Benchmark: import the 30 shipped police.uk months, beside DuckDB reading the same CSVs.

Method
------
* ASB Hub on SQLite: a fresh database file in a temporary folder, migrated, Gwent geography
  loaded, then `import_policeuk` on the shipped archive (60 files: validate, resolve areas,
  insert, one transaction per file). Then the same import again, which must change nothing.
* ASB Hub on PostgreSQL: the same, when DATABASE_URL points at a PostgreSQL server, in a
  throwaway database (`test_<name>`, created and dropped as Django's test runner does).
  Skipped, with a message, otherwise.
* DuckDB: the 60 CSVs (extracted from the same archive beforehand, not timed) loaded into
  in-memory tables with `read_csv` and counted: the floor for "read these CSVs into a
  table" on this machine; it does no validation and derives no areas.

Every run checks the totals published in shared/data/SOURCES.md: 167,420 street-level rows,
29,385 of them ASB, and 114,055 outcomes. Each engine runs in its own process. The figures
are written to this script's section of bench/RESULTS.md.

Usage: python bench/ingest.py [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
ARCHIVE = (
    PROJECT_DIR / "src" / "asbhub" / "opendata" / "data" / "policeuk-gwent-2022-07-to-2024-12.zip"
)
RESULTS = PROJECT_DIR / "bench" / "RESULTS.md"
START = "<!-- bench/ingest.py: start -->"
END = "<!-- bench/ingest.py: end -->"
EXPECTED = {"files": 60, "street": 167_420, "asb": 29_385, "outcomes": 114_055}


def run_django(engine: str) -> dict:
    """Import the archive twice with ASB Hub on the configured database (child process)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asbhub.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from asbhub.core.services import load_geography
    from asbhub.opendata.choices import ASB_CRIME_TYPE
    from asbhub.opendata.models import OutcomeRecord, SourceFile, StreetRecord
    from asbhub.opendata.services import import_policeuk, policeuk_summary

    old_name = None
    if engine == "postgresql":
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, keepdb=False, serialize=False
        )
    else:
        call_command("migrate", verbosity=0, interactive=False)
    try:
        load_geography("gwent")
        started = time.perf_counter()
        first = import_policeuk([ARCHIVE])
        first_seconds = time.perf_counter() - started
        counts = {
            "files": SourceFile.objects.count(),
            "street": StreetRecord.objects.count(),
            "asb": StreetRecord.objects.filter(crime_type=ASB_CRIME_TYPE).count(),
            "outcomes": OutcomeRecord.objects.count(),
        }
        snapshot = _snapshot(SourceFile, StreetRecord, OutcomeRecord)
        started = time.perf_counter()
        second = import_policeuk([ARCHIVE])
        second_seconds = time.perf_counter() - started
        started = time.perf_counter()
        policeuk_summary()
        summary_seconds = time.perf_counter() - started
        unchanged = (
            second.unchanged == EXPECTED["files"]
            and second.rows == 0
            and _snapshot(SourceFile, StreetRecord, OutcomeRecord) == snapshot
        )
        server = (
            f"SQLite {connection.Database.sqlite_version}"
            if engine == "sqlite"
            else f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
        )
    finally:
        if old_name is not None:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    return {
        "engine": engine,
        "server": server,
        "first_seconds": first_seconds,
        "rows": first.rows,
        "imported": first.imported,
        "second_seconds": second_seconds,
        "summary_seconds": summary_seconds,
        "counts": counts,
        "second_import_changes_nothing": unchanged,
        "host": connection.settings_dict.get("HOST") or "local socket",
    }


def _snapshot(*models: type) -> list[tuple[int, int | None, int | None]]:
    """Row count and lowest and highest id of each table: any change shows here."""
    from django.db.models import Count, Max, Min

    result = []
    for model in models:
        agg = model.objects.aggregate(n=Count("id"), low=Min("id"), high=Max("id"))
        result.append((agg["n"], agg["low"], agg["high"]))
    return result


def run_duckdb(folder: Path) -> dict:
    """Load the extracted CSVs into DuckDB tables and count them."""
    import duckdb

    con = duckdb.connect()
    started = time.perf_counter()
    con.execute(
        "CREATE TABLE street AS SELECT * FROM read_csv(?, header = true)",
        [str(folder / "*" / "*-street.csv")],
    )
    con.execute(
        "CREATE TABLE outcomes AS SELECT * FROM read_csv(?, header = true)",
        [str(folder / "*" / "*-outcomes.csv")],
    )
    seconds = time.perf_counter() - started
    counts = {
        "files": len(list(folder.glob("*/*.csv"))),
        "street": con.execute("SELECT count(*) FROM street").fetchone()[0],
        "asb": con.execute(
            "SELECT count(*) FROM street WHERE \"Crime type\" = 'Anti-social behaviour'"
        ).fetchone()[0],
        "outcomes": con.execute("SELECT count(*) FROM outcomes").fetchone()[0],
    }
    return {
        "engine": "duckdb",
        "server": f"DuckDB {duckdb.__version__}",
        "first_seconds": seconds,
        "counts": counts,
    }


def child(engine: str, env: dict[str, str]) -> dict:
    """Run one Django engine in a fresh process and return its figures."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--child", engine],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{engine} run failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def machine() -> str:
    """A one-line description of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} GiB RAM"
    except (ValueError, OSError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} CPUs{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}"
    )


def report(results: list[dict], skipped: list[str]) -> str:
    """This script's section of bench/RESULTS.md."""
    lines = [
        START,
        "## police.uk import (`bench/ingest.py`)",
        "",
        "All 30 shipped Gwent months (60 files: 167,420 street-level rows, 29,385 ASB, "
        "114,055 outcomes) imported by `import_policeuk` from the shipped archive into a fresh "
        "database (Gwent geography loaded first): every file read, validated in full, areas "
        "derived for every row, one transaction per file. Then the same import again, which "
        "must skip all 60 files and change nothing. Beside it, DuckDB's `read_csv` loading the "
        "same 60 CSVs (extracted beforehand) into in-memory tables, with no validation and no "
        "area lookup: the floor for reading these files on this machine.",
        "",
        f"Machine: {machine()}. Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        "| Engine | First import | Rows/s | Second import (unchanged) | Summary query "
        "| Totals match | Second import changes nothing |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        total = r["counts"]["street"] + r["counts"]["outcomes"]
        ok = "yes" if {k: r["counts"][k] for k in EXPECTED} == EXPECTED else "NO"
        if r["engine"] == "duckdb":
            lines.append(
                f"| {r['server']} `read_csv` | {r['first_seconds']:.2f} s | "
                f"{total / r['first_seconds']:,.0f} | – | – | {ok} | – |"
            )
            continue
        same = "yes" if r["second_import_changes_nothing"] else "NO"
        lines.append(
            f"| ASB Hub on {r['server']} | {r['first_seconds']:.1f} s | "
            f"{total / r['first_seconds']:,.0f} | {r['second_seconds']:.2f} s | "
            f"{r['summary_seconds']:.2f} s | {ok} | {same} |"
        )
    for r in results:
        if r["engine"] == "postgresql":
            lines += [
                "",
                f"PostgreSQL: server at {r['host']} (a throwaway cluster on this machine, "
                "default settings, when run by the project's helpers), rows sent with COPY; "
                "SQLite: a file in a temporary folder, WAL journal, rows sent with executemany.",
            ]
    for note in skipped:
        lines.append("")
        lines.append(note)
    lines.append(END)
    return "\n".join(lines) + "\n"


def write_section(section: str) -> None:
    """Replace this script's section of bench/RESULTS.md, or append it."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")


def main() -> None:
    """Run every engine, check the totals, print and record the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--no-write", action="store_true", help="Do not update RESULTS.md.")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_django(args.child)))
        return

    results: list[dict] = []
    skipped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="asbhub-bench-") as tmp:
        folder = Path(tmp) / "csv"
        with zipfile.ZipFile(ARCHIVE) as archive:
            archive.extractall(folder)
        results.append(run_duckdb(folder))

        env = dict(os.environ, ASBHUB_DEBUG="False")
        env["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        results.append(child("sqlite", env))

        url = os.environ.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            results.append(child("postgresql", dict(os.environ, ASBHUB_DEBUG="False")))
        else:
            skipped.append(
                "PostgreSQL: not measured in this run (set DATABASE_URL to a PostgreSQL "
                "server to include it)."
            )
            print(skipped[-1])

    failed = False
    for r in results:
        counts = {k: r["counts"][k] for k in EXPECTED}
        same = r.get("second_import_changes_nothing", True)
        status = "ok" if counts == EXPECTED and same else "FAILED"
        failed |= status != "ok"
        extra = f", second import {r['second_seconds']:.2f} s" if "second_seconds" in r else ""
        print(f"{r['server']:<20} {r['first_seconds']:7.2f} s{extra}  {counts}  {status}")
    section = report(results, skipped)
    if not args.no_write:
        write_section(section)
        print(f"Updated {RESULTS.relative_to(PROJECT_DIR)}")
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
