"""Benchmark: the contact script with 50,000 incidents in the database, SQLite and PostgreSQL.

Method
------
* Each engine gets a fresh database: migrated, Gwent geography loaded, the 30 shipped
  police.uk months imported, then `generate_demo(seed 2026, incidents=50,000)` (incidents on
  the last 12 months' ASB points, repeat and case-review victims planted; the hotspots
  patrol-operation planting, which only moves a few incidents for the patrol evaluation, is
  left out).
* Requests go through Django's full stack in-process (`django.test.Client`: middleware,
  sessions, CSRF, templates, the ORM; no network), as a signed-in call handler or with her
  API token, DEBUG off:
  - the floor: a static file of the same site (`/static/core/asbhub.css`, WhiteNoise);
  - the intake page: `GET /incidents/new/`;
  - the live panel: `POST /incidents/new/check/` with a planted case-review victim's details,
    name misspelt, so the history, matching, screening and THRIVE all do real work;
  - `POST /api/incidents`: the same kind of report recorded through the API (history,
    warnings, THRIVE, the incident, its people, the access log).
  Each is warmed up, then timed `--requests` times; p50, p95 and the maximum are reported.
* SQLite: a file in a temporary folder (WAL). PostgreSQL: `--postgres-url URL`, or
  `--start-postgres` to start a throwaway cluster as the `postgres` user in /tmp on a
  loopback port, used and then stopped and deleted.

Target: p95 under 300 ms. The figures go to this script's section of bench/RESULTS.md.

Usage: python bench/intake.py [--start-postgres | --postgres-url URL] [--requests N] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
RESULTS = PROJECT_DIR / "bench" / "RESULTS.md"
START = "<!-- bench/intake.py: start -->"
END = "<!-- bench/intake.py: end -->"
INCIDENTS = 50_000
SEED = 2026
TARGET_MS = 300
RUNUSER = shutil.which("runuser") or "/usr/sbin/runuser"


def build(incidents: int) -> dict:
    """Migrate, load Gwent, import police.uk and generate the demo; return counts and seconds."""
    from django.core.management import call_command

    from asbhub.core.management.commands.setup import shipped_policeuk_archives
    from asbhub.core.roles import sync_roles
    from asbhub.demo import services as demo_services
    from asbhub.demo.services import generate_demo

    # The demo's patrol-operation planting (hotspots) moves a few incidents for the patrol
    # evaluation; it has no bearing on intake and is left out here.
    demo_services._plant_patrol_operation = lambda seed, report: {}
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    sync_roles()
    call_command("load_geography", force="gwent", verbosity=0)
    call_command("import_policeuk", *map(str, shipped_policeuk_archives()), verbosity=0)
    summary = generate_demo(SEED, incidents=incidents)
    return {
        "incidents": summary.incidents,
        "people": summary.people,
        "build_seconds": time.perf_counter() - started,
    }


def victims(count: int = 20) -> list[dict]:
    """Planted case-review victims: a recorded person and the time just after their last report."""
    from asbhub.demo.generator import TRUTH_CASE_REVIEW
    from asbhub.demo.models import PlantedTruth
    from asbhub.incidents.models import Incident, Person

    found = []
    for truth in PlantedTruth.objects.filter(kind=TRUTH_CASE_REVIEW).order_by("id")[:count]:
        person = Person.objects.get(pk=truth.record_id)
        last = (
            Incident.objects.filter(pk__in=truth.value["incident_ids"])
            .order_by("-reported_at")
            .first()
        )
        found.append({"person": person, "incident": last})
    return found


def misspelt(name: str) -> str:
    """The name with two letters swapped, as a hurried handler might type it."""
    return name[:1] + name[2:3] + name[1:2] + name[3:] if len(name) > 3 else name


def form_data(victim: dict) -> dict:
    person, incident = victim["person"], victim["incident"]
    reported = incident.reported_at + timedelta(days=2)
    return {
        "channel": "101",
        "reported_at": reported.strftime("%Y-%m-%dT%H:%M"),
        "occurred_at": (reported - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "location": incident.location,
        "longitude": str(incident.longitude),
        "latitude": str(incident.latitude),
        "narrative": "They were shouting abuse at my door again and kicked the fence in.",
        "category": "personal",
        "victim-given_name": person.given_name,
        "victim-family_name": misspelt(person.family_name),
        "victim-date_of_birth": person.date_of_birth.strftime("%d/%m/%Y")
        if person.date_of_birth
        else "",
        "victim-house": person.house,
        "victim-street": person.street,
        "victim_reported": "on",
        "victim_targeted": "yes",
        "happened_before": "yes",
        "victim_vulnerable": "no",
        "hate_motivated": "no",
        "children_involved": "no",
        "risk_now": "no",
    }


def api_body(victim: dict) -> dict:
    person, incident = victim["person"], victim["incident"]
    reported = incident.reported_at + timedelta(days=2)
    return {
        "channel": "101",
        "category": "personal",
        "narrative": "They were shouting abuse at my door again and kicked the fence in.",
        "reported_at": reported.isoformat(),
        "occurred_at": (reported - timedelta(hours=2)).isoformat(),
        "location": incident.location,
        "longitude": incident.longitude,
        "latitude": incident.latitude,
        "victim_targeted": True,
        "happened_before": True,
        "victim_vulnerable": False,
        "hate_motivated": False,
        "children_involved": False,
        "risk_now": False,
        "people": [
            {
                "role": "victim",
                "given_name": person.given_name,
                "family_name": misspelt(person.family_name),
                "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
                "house": person.house,
                "street": person.street,
            }
        ],
    }


def timed(call, requests: int, warm: int = 5) -> dict:
    """Call `call(i)` warm-up times, then `requests` times; milliseconds p50, p95, max."""
    for i in range(warm):
        call(i)
    times = []
    for i in range(requests):
        started = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50": statistics.median(times),
        "p95": times[max(0, round(0.95 * len(times)) - 1)],
        "max": times[-1],
        "n": len(times),
    }


def run_child(engine: str, requests: int, incidents: int) -> dict:
    """Build the database and time the four requests (in this process's own database)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asbhub.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client

    from asbhub.api.auth import issue_token
    from asbhub.incidents.models import Incident

    settings.ALLOWED_HOSTS = ["testserver"]
    counts = build(incidents)
    user = get_user_model().objects.create(username="bench-call-handler")
    user.groups.add(Group.objects.get(name="call_handler"))
    _record, token = issue_token(user)
    web = Client()
    web.force_login(user)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    people = victims()
    forms = [form_data(v) for v in people]
    bodies = [json.dumps(api_body(v)) for v in people]

    def static(_i: int) -> None:
        response = web.get("/static/core/asbhub.css")
        assert response.status_code == 200
        b"".join(response.streaming_content)

    def page(_i: int) -> None:
        assert web.get("/incidents/new/").status_code == 200

    warnings_seen = []

    def panel(i: int) -> None:
        response = web.post("/incidents/new/check/", forms[i % len(forms)])
        assert response.status_code == 200
        warnings_seen.append(b'id="warning-case_review_threshold"' in response.content)

    codes_seen = []

    def record(i: int) -> None:
        response = api.post(
            "/api/incidents", bodies[i % len(bodies)], content_type="application/json"
        )
        assert response.status_code == 201, response.content[:300]
        codes_seen.append({w["code"] for w in response.json()["warnings"]})

    result = {
        "engine": engine,
        "version": (
            f"SQLite {connection.Database.sqlite_version}"
            if connection.vendor == "sqlite"
            else f"PostgreSQL {connection.cursor().connection.info.server_version // 10000}."
            f"{connection.cursor().connection.info.server_version % 10000}"
        ),
        **counts,
        "incidents_in_db": Incident.objects.count(),
        "static": timed(static, requests),
        "page": timed(page, requests),
        "panel": timed(panel, requests),
        "api": timed(record, requests),
    }
    result["panel_case_review_share"] = sum(warnings_seen) / len(warnings_seen)
    result["api_repeat_share"] = sum("repeat_victim" in c for c in codes_seen) / len(codes_seen)
    connection.close()
    return result


def child(engine: str, url: str, requests: int, incidents: int) -> dict:
    env = dict(
        os.environ, DATABASE_URL=url, ASBHUB_DEBUG="False", PYTHONPATH=str(PROJECT_DIR / "src")
    )
    out = subprocess.run(  # noqa: S603 - this script, our own arguments
        [
            sys.executable,
            __file__,
            "--child",
            engine,
            "--requests",
            str(requests),
            "--incidents",
            str(incidents),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"{engine} run failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayPostgres:
    """A PostgreSQL cluster in /tmp owned by `postgres`, on a loopback port; gone afterwards."""

    def __init__(self) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
        if not bins:
            raise RuntimeError("PostgreSQL is not installed (/usr/lib/postgresql/*/bin)")
        self.bin = bins[-1]
        self.folder = Path(tempfile.mkdtemp(prefix="asbhub-bench-pg-", dir="/tmp"))
        self.port = free_port()

    def _as_postgres(self, *args: str) -> None:
        subprocess.run(  # noqa: S603 - fixed commands, our own arguments
            [RUNUSER, "-u", "postgres", "--", *args],
            check=True,
            capture_output=True,
            text=True,
        )

    def __enter__(self) -> str:
        shutil.chown(self.folder, "postgres")
        data = self.folder / "data"
        self._as_postgres(
            str(self.bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"
        )
        self._as_postgres(
            str(self.bin / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(self.folder / "log"),
            "-w",
            "-o",
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.folder} -c fsync=off",
            "start",
        )
        self._as_postgres(
            str(self.bin / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "asbhub_bench",
        )
        return f"postgresql://postgres@127.0.0.1:{self.port}/asbhub_bench"

    def __exit__(self, *exc: object) -> None:
        try:
            self._as_postgres(
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "-w",
                "-m",
                "fast",
                "stop",
            )
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def section(results: list[dict], requests: int) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        START,
        "## Contact script and `POST /api/incidents` (`bench/intake.py`)",
        "",
        f"Each engine: a fresh database with the 30 shipped police.uk months and "
        f"{results[0]['incidents_in_db']:,} demo incidents (seed {SEED}; "
        f"{results[0]['people']:,} people), requests through Django's full stack in-process "
        f"(`django.test.Client`, DEBUG off, no network), as a signed-in call handler or her "
        f"API token; {requests} timed requests each after 5 warm-up requests. The panel and "
        "the API report a planted case-review victim (20 in turn) with her family name "
        "misspelt, dated two days after her last report, so history, matching, screening and "
        f"THRIVE do real work. Target: p95 under {TARGET_MS} ms.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs; Python "
        f"{platform.python_version()}. Run {when}.",
        "",
        "| Engine | Request | p50 ms | p95 ms | max ms | p95 under target |",
        "|---|---|---|---|---|---|",
    ]
    names = {
        "static": "Static file (floor)",
        "page": "Intake page `GET /incidents/new/`",
        "panel": "Live panel `POST /incidents/new/check/`",
        "api": "`POST /api/incidents`",
    }
    for result in results:
        for key, label in names.items():
            stats = result[key]
            ok = "yes" if stats["p95"] < TARGET_MS else "no"
            lines.append(
                f"| {result['version']} | {label} | {stats['p50']:.1f} | {stats['p95']:.1f} | "
                f"{stats['max']:.1f} | {ok} |"
            )
    lines.append("")
    for result in results:
        lines.append(
            f"{result['version']}: database built in {result['build_seconds']:.0f} s; the panel "
            f"showed the case review warning in {result['panel_case_review_share']:.0%} of "
            f"requests and the API answered `repeat_victim` in "
            f"{result['api_repeat_share']:.0%}."
        )
    lines.append(END)
    return "\n".join(lines)


def write_section(text: str) -> None:
    """Replace this script's section of bench/RESULTS.md, or append it."""
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if START in current and END in current:
        before, rest = current.split(START, 1)
        current = before + text + rest.split(END, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + text + "\n"
    RESULTS.write_text(current, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--incidents", type=int, default=INCIDENTS)
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", ""))
    parser.add_argument(
        "--start-postgres",
        action="store_true",
        help="Start a throwaway PostgreSQL cluster for the run (needs root).",
    )
    parser.add_argument("--no-write", action="store_true", help="Do not update RESULTS.md.")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.requests, args.incidents)))
        return
    results = []
    with tempfile.TemporaryDirectory() as folder:
        print("SQLite…", flush=True)
        results.append(
            child("sqlite", f"sqlite:///{folder}/intake.sqlite3", args.requests, args.incidents)
        )
    if args.start_postgres:
        print("PostgreSQL (throwaway cluster)…", flush=True)
        with ThrowawayPostgres() as url:
            results.append(child("postgresql", url, args.requests, args.incidents))
    elif args.postgres_url:
        print("PostgreSQL…", flush=True)
        results.append(child("postgresql", args.postgres_url, args.requests, args.incidents))
    else:
        print("PostgreSQL skipped: pass --start-postgres or --postgres-url.", flush=True)
    text = section(results, args.requests)
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
