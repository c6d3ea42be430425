"""Make, replace and export the synthetic demo data.

Generating demo data is a system action: the rows are synthetic, so no access log entry is
written per row; one entry records each run (who: the system; what: the run).
"""

from __future__ import annotations

import calendar
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from asbhub.core.audit import log_access
from asbhub.core.choices import AccessAction, AreaStatus
from asbhub.core.models import CommunitySafetyPartnership, Lsoa
from asbhub.demo.choices import TruthKind
from asbhub.demo.generator import (
    INCIDENT,
    LIVE_HOURS,
    PERSON,
    DemoData,
    Point,
    generate,
    live_count,
    live_intake,
)
from asbhub.demo.models import DemoRun, PlantedTruth
from asbhub.incidents.models import Incident, IncidentParty, Person, PersonMatchKey
from asbhub.opendata.choices import ASB_CRIME_TYPE
from asbhub.opendata.models import StreetRecord

Progress = Callable[[str, int, int], None]
BATCH = 2000


class NoAsbPointsLoaded(LookupError):
    """Raised when there are no police.uk ASB records to place demo incidents on."""


@dataclass(frozen=True)
class DemoSummary:
    """What one run made."""

    run_id: int
    seed: int
    months: tuple[date, ...]
    points: int
    incidents: int
    people: int
    parties: int
    truths: dict[str, int]
    seconds: float
    live: int = 0
    live_until: datetime | None = None

    def line(self) -> str:
        """One summary line for the command and the log."""
        first, last = (self.months[0], self.months[-1]) if self.months else (None, None)
        text = _(
            "Demo data (seed %(seed)s): %(incidents)s incidents, %(people)s people, "
            "%(parties)s parties and %(truths)s planted truths over %(points)s police.uk ASB "
            "points from %(first)s to %(last)s, in %(seconds).1f s."
        ) % {
            "seed": self.seed,
            "incidents": f"{self.incidents:,}",
            "people": f"{self.people:,}",
            "parties": f"{self.parties:,}",
            "truths": f"{sum(self.truths.values()):,}",
            "points": f"{self.points:,}",
            "first": f"{first:%Y-%m}" if first else "-",
            "last": f"{last:%Y-%m}" if last else "-",
            "seconds": self.seconds,
        }
        if not self.live or self.live_until is None:
            return text
        live = _(
            "Live intake: %(live)s incidents reported in the %(hours)s hours up to %(now)s."
        ) % {
            "live": f"{self.live:,}",
            "hours": LIVE_HOURS,
            "now": f"{timezone.localtime(self.live_until):%Y-%m-%d %H:%M}",
        }
        return f"{text} {live}"


def asb_points(months: int = 12) -> tuple[list[Point], tuple[date, ...]]:
    """The police.uk ASB records in the force area with coordinates, for the last months.

    "Last" means the latest `months` months that have any such records loaded.
    """
    if months < 1:
        raise ValueError("months must be at least 1")
    records = StreetRecord.objects.filter(
        crime_type=ASB_CRIME_TYPE,
        area=AreaStatus.IN_FORCE,
        longitude__isnull=False,
        latitude__isnull=False,
    )
    chosen = tuple(
        sorted(
            records.order_by("-month").values_list("month", flat=True).distinct()[:months],
        )
    )
    rows = records.filter(month__in=chosen).values_list(
        "month", "longitude", "latitude", "location", "lsoa21_code", "csp__code"
    )
    points = [
        Point(month, lon, lat, location, lsoa or "", csp or "")
        for month, lon, lat, location, lsoa, csp in rows.iterator(chunk_size=5000)
    ]
    return points, chosen


def clear_demo_data() -> dict[str, int]:
    """Delete all incidents, people, parties and planted truth, children first.

    Demo data is, for now, the only source of incidents, so everything goes.
    """
    deleted = {}
    if apps.is_installed("asbhub.integrity"):  # the review trail protects its incidents
        from asbhub.integrity.demo import clear_review_history

        deleted["integrity.cdiauditentry"] = clear_review_history()
    for model in (PlantedTruth, IncidentParty, Incident, Person):
        deleted[model._meta.label_lower] = model.objects.all().delete()[0]
    return deleted


def generate_demo(
    seed: int,
    incidents: int | None = None,
    months: int = 12,
    progress: Progress | None = None,
    live: int | None = None,
    now: datetime | None = None,
) -> DemoSummary:
    """Replace all demo data with a fresh, seeded set over the loaded police.uk ASB points.

    The live intake adds `live` incidents reported in the 30 hours before `now` (by default
    as many as the data's own daily rate gives: about 40 for a year; 0 for none), so the
    24-hour review queue has clocks running. Runs in one transaction: on any error nothing
    changes. Writes one access log entry for the run (as the system). Raises
    NoAsbPointsLoaded when no ASB points are loaded.
    """
    started = time.monotonic()
    now = now or timezone.now()

    def report(stage: str, done: int, total: int) -> None:
        if progress is not None:
            progress(stage, done, total)

    report(_("Reading police.uk ASB points"), 0, 1)
    points, chosen_months = asb_points(months)
    if not points:
        raise NoAsbPointsLoaded(
            _(
                "No police.uk ASB records with a location in the force area are loaded. "
                "Run the import first: asbhub import-policeuk PATH (or asbhub setup)."
            )
        )
    report(_("Reading police.uk ASB points"), 1, 1)
    data = generate(
        points,
        seed,
        incidents=incidents,
        progress=lambda done, total: report(_("Writing incidents and people"), done, total),
    )
    with transaction.atomic():
        report(_("Removing the previous demo data"), 0, 1)
        clear_demo_data()
        report(_("Removing the previous demo data"), 1, 1)
        incident_ids, person_ids = _save(data, report)
        truths = _save_truths(data, incident_ids, person_ids, report)
        truths.update(_plant_patrol_operation(seed, report))
        _make_problem_solving_plans(seed, now)
        history_until = Incident.objects.aggregate(latest=Max("reported_at"))["latest"]
        if live is None:
            live = live_count(len(data.incidents), _days(chosen_months))
        intake, live_truths = _add_live_intake(points, data, seed, live, now, report)
        truths = dict(sorted((Counter(truths) + Counter(live_truths)).items()))
        _screen_incidents(report, now)
        _plant_review_history(seed, report, history_until, leave_open=not intake.incidents)
        if intake.incidents and history_until is not None:
            _raise_live_queries(seed, history_until, now)
        summary = DemoSummary(
            run_id=0,
            seed=seed,
            months=chosen_months,
            points=len(points),
            incidents=Incident.objects.count(),
            people=len(data.people) + len(intake.people),
            parties=len(data.parties) + len(intake.parties),
            truths=truths,
            seconds=time.monotonic() - started,
            live=len(intake.incidents),
            live_until=now if intake.incidents else None,
        )
        run = DemoRun.objects.create(
            seed=seed,
            months=months,
            requested_incidents=incidents,
            summary={
                "points": summary.points,
                "incidents": summary.incidents,
                "people": summary.people,
                "parties": summary.parties,
                "truths": truths,
                "months": [m.isoformat() for m in chosen_months],
                "seconds": round(summary.seconds, 1),
                "live": summary.live,
                "live_until": now.isoformat() if summary.live else None,
            },
        )
        log_access(
            None,
            AccessAction.CREATE,
            run,
            purpose=f"Generate synthetic demo data (seed {seed}); previous demo data replaced",
        )
    return replace(summary, run_id=run.pk)


def _plant_patrol_operation(seed: int, report: Progress) -> dict[str, int]:
    """Plant the demo patrol operation's known effect and record it as truth.

    The hotspots app removes and moves some incidents in its target areas (never those the
    other truths name), so that its evaluation can be checked against what was planted.
    """
    if not apps.is_installed("asbhub.hotspots"):
        return {}
    from asbhub.hotspots.demo import plant_demo_operation
    from asbhub.hotspots.services import NoGeography

    stage = _("Planting the demo patrol operation")
    report(stage, 0, 1)
    try:
        operation, effect = plant_demo_operation(seed=seed)
    except NoGeography:  # the operation's partnership is not loaded: nothing to plant in
        report(stage, 1, 1)
        return {}
    PlantedTruth.objects.create(
        kind=TruthKind.OPERATION_EFFECT,
        record_type=operation._meta.label_lower,
        record_id=operation.pk,
        value=asdict(effect),
        seed=seed,
    )
    report(stage, 1, 1)
    return {TruthKind.OPERATION_EFFECT.value: 1}


def _add_live_intake(
    points: list[Point], data: DemoData, seed: int, count: int, now: datetime, report: Progress
) -> tuple[DemoData, dict[str, int]]:
    """Save the live intake; return it and its truth counts.

    `count` incidents reported in the hours before `now`, made over the latest month's
    points and numbered after the main data. It comes after the patrol operation and the
    plans (which keep to the data's own months) and before the screening (which opens their
    reviews).
    """
    intake = live_intake(points, seed, now, incidents=count, numbered_after=_last_numbers(data))
    if not intake.incidents:
        return intake, {}
    stage = _("Adding the incidents received in the last %(hours)s hours") % {"hours": LIVE_HOURS}
    report(stage, 0, 1)
    incident_ids, person_ids = _save(intake, report)
    truths = _save_truths(intake, incident_ids, person_ids, report)
    report(stage, 1, 1)
    return intake, truths


def _last_numbers(data: DemoData) -> dict[int, int]:
    """The last reference number used in each year (references read FORCE-YEAR-NUMBER)."""
    numbers: dict[int, int] = {}
    for incident in data.incidents:
        _force, year, number = incident.reference.rsplit("-", 2)
        numbers[int(year)] = max(numbers.get(int(year), 0), int(number))
    return numbers


def _days(months: tuple[date, ...]) -> int:
    """How many days the months hold."""
    return sum(calendar.monthrange(month.year, month.month)[1] for month in months)


def _screen_incidents(report: Progress, now: datetime) -> None:
    """Screen every demo incident for crime and open its 24-hour review, as intake does.

    Bulk inserts skip the save hook that screens a new incident, so the demo asks the
    integrity app to screen them all here.
    """
    if not apps.is_installed("asbhub.integrity"):
        return
    from asbhub.integrity.services import incidents_to_screen, screen_incidents

    stage = _("Screening incidents for crime")
    pending = incidents_to_screen()
    total = pending.count()
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        report(stage, done, total)

    report(stage, 0, total)
    screen_incidents(pending, now=now, progress=advance)


def _plant_review_history(
    seed: int, report: Progress, until: datetime | None, leave_open: bool
) -> None:
    """Give the screened incidents up to `until` (the main data's latest report) a realistic
    history of 24-hour reviews. Without a live intake its last two days are left open, so
    the queue has work; with one, the main data is all reviewed (as a real team's would be,
    long since) and the live intake after it is the queue, untouched."""
    if not apps.is_installed("asbhub.integrity"):
        return
    from asbhub.integrity.demo import RECENT, plant_review_history

    stage = _("Planting the crime data integrity review history")
    report(stage, 0, 1)
    plant_review_history(seed, now=until, leave_open=RECENT if leave_open else timedelta(0))
    report(stage, 1, 1)


def _raise_live_queries(seed: int, after: datetime, now: datetime) -> None:
    """A few open questions to officers about the live intake, for their list of queries."""
    if not apps.is_installed("asbhub.integrity"):
        return
    from asbhub.integrity.demo import raise_live_queries

    raise_live_queries(seed, after, now)


def _make_problem_solving_plans(seed: int, now: datetime) -> None:
    """Replace the problem-solving plans with a seeded set at every stage, good and poor."""
    if not apps.is_installed("asbhub.problem_solving"):
        return
    from asbhub.problem_solving.demo import generate_plans

    generate_plans(seed=seed, now=now)


def _batches(items: list[Any], size: int = BATCH) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _save(data: DemoData, report: Progress) -> tuple[dict[int, int], dict[int, int]]:
    """Insert incidents, people and parties; return database ids by generator key."""
    csp_ids = dict(CommunitySafetyPartnership.objects.values_list("code", "pk"))
    team_ids = dict(Lsoa.objects.filter(team__isnull=False).values_list("code", "team_id"))
    total = len(data.incidents) + len(data.people) + len(data.parties)
    done = 0
    stage = _("Saving incidents, people and parties")

    incident_ids: dict[int, int] = {}
    for batch in _batches(list(data.incidents)):
        rows = [
            Incident(
                reference=i.reference,
                reported_at=i.reported_at,
                occurred_at=i.occurred_at,
                channel=i.channel,
                category=i.category,
                subtype=i.subtype,
                narrative=i.narrative,
                location=i.location,
                longitude=i.longitude,
                latitude=i.latitude,
                lsoa21_code=i.lsoa21_code,
                csp_id=csp_ids.get(i.csp_code),
                team_id=team_ids.get(i.lsoa21_code),
                status=i.status,
            )
            for i in batch
        ]
        Incident.objects.bulk_create(rows)
        incident_ids.update(zip((i.key for i in batch), (r.pk for r in rows), strict=True))
        done += len(batch)
        report(stage, done, total)

    person_ids: dict[int, int] = {}
    for batch in _batches(list(data.people)):
        rows = [
            Person(
                given_name=p.given_name,
                family_name=p.family_name,
                gender=p.gender,
                date_of_birth=p.date_of_birth,
                flat=p.flat,
                house=p.house,
                street=p.street,
                town=p.town,
                postcode=p.postcode,
                phone=p.phone,
                vulnerable=p.vulnerable,
                vulnerability_factors=list(p.vulnerability_factors),
                vulnerability_notes=p.vulnerability_notes,
                created_at=p.recorded_at,
            )
            for p in batch
        ]
        Person.objects.bulk_create(rows)
        PersonMatchKey.index(rows, replace=False)  # bulk_create skips Person.save()
        person_ids.update(zip((p.key for p in batch), (r.pk for r in rows), strict=True))
        done += len(batch)
        report(stage, done, total)

    for batch in _batches(list(data.parties)):
        IncidentParty.objects.bulk_create(
            IncidentParty(
                incident_id=incident_ids[p.incident_key],
                person_id=person_ids[p.person_key],
                role=p.role,
            )
            for p in batch
        )
        done += len(batch)
        report(stage, done, total)
    return incident_ids, person_ids


def _save_truths(
    data: DemoData, incident_ids: dict[int, int], person_ids: dict[int, int], report: Progress
) -> dict[str, int]:
    """Insert planted truth, turning generator keys into database ids."""
    ids = {INCIDENT: incident_ids, PERSON: person_ids}
    stage = _("Saving planted truth")
    counts: Counter[str] = Counter()
    done = 0
    for batch in _batches(list(data.truths)):
        rows = []
        for truth in batch:
            value = {}
            for name, item in truth.value.items():
                if name == "incident_keys":
                    value["incident_ids"] = [incident_ids[k] for k in item]
                elif name == "person_keys":
                    value["person_ids"] = [person_ids[k] for k in item]
                else:
                    value[name] = item
            rows.append(
                PlantedTruth(
                    kind=truth.kind,
                    record_type=truth.model,
                    record_id=ids[truth.model][truth.key],
                    value=value,
                    seed=data.seed,
                )
            )
            counts[truth.kind] += 1
        PlantedTruth.objects.bulk_create(rows)
        done += len(batch)
        report(stage, done, len(data.truths))
    return dict(sorted(counts.items()))


def incidents_in_planted_truth() -> set[int]:
    """The ids of every incident that planted truth names, as its record or in its value.

    Anything that changes demo incidents afterwards (the hotspot demo removes and moves
    some) must leave these alone, or the truth would no longer hold.
    """
    truths = PlantedTruth.objects.all()
    ids = set(truths.filter(record_type=INCIDENT).values_list("record_id", flat=True))
    for value in truths.filter(value__has_key="incident_ids").values_list("value", flat=True):
        ids.update(value["incident_ids"])
    return ids


def export_truth(path: Path | str) -> int:
    """Write all planted truth to a JSON Lines file, one object per line; return the count.

    Each line: kind, record_type, record_id, value, seed. The truth names records by id and
    holds no personal data, synthetic or otherwise.
    """
    count = 0
    with Path(path).open("w", encoding="utf-8") as handle:
        rows = PlantedTruth.objects.order_by("id").values_list(
            "kind", "record_type", "record_id", "value", "seed"
        )
        for kind, record_type, record_id, value, seed in rows.iterator(chunk_size=5000):
            line = {
                "kind": kind,
                "record_type": record_type,
                "record_id": record_id,
                "value": value,
                "seed": seed,
            }
            handle.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    return count
