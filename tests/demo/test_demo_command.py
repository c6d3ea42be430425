"""`asbhub demo`: generate, replace and export synthetic demo data over police.uk points."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from asbhub.core.choices import AreaStatus
from asbhub.core.models import AccessLogEntry, CommunitySafetyPartnership, Lsoa, Team
from asbhub.demo.models import DemoRun, PlantedTruth
from asbhub.demo.services import generate_demo, incidents_in_planted_truth
from asbhub.incidents.models import Incident, IncidentParty, Person
from asbhub.opendata.choices import ASB_CRIME_TYPE, FileKind
from asbhub.opendata.models import SourceFile, StreetRecord
from tests.demo.conftest import make_points

CSPS = (
    ("W14000022", "Newport", "newport", "W06000022"),
    ("W14000020", "Torfaen", "torfaen", "W06000020"),
)


@pytest.fixture
def asb_points(db) -> list[StreetRecord]:
    """Sixty ASB points over three months of 2024, plus records the demo must ignore."""
    csps = {
        code: CommunitySafetyPartnership.objects.create(
            code=code, name=name, slug=slug, local_authority_code=la, force_code="W15000002"
        )
        for code, name, slug, la in CSPS
    }
    records = []
    points = make_points(60, seed=3, months=3)
    for number, month in enumerate(sorted({p.month for p in points}), start=1):
        source = SourceFile.objects.create(
            force="gwent",
            month=month,
            kind=FileKind.STREET,
            name=f"{month:%Y-%m}-gwent-street.csv",
            sha256=f"{number:064d}",
            rows=0,
        )
        mine = [p for p in points if p.month == month]
        for line, point in enumerate(mine, start=2):
            records.append(_record(source, line, point, csps))
        records.append(_record(source, 900, mine[0], csps, crime_type="Criminal damage and arson"))
        records.append(_record(source, 901, mine[0], csps, area=AreaStatus.OUTSIDE_FORCE))
        records.append(_record(source, 902, mine[0], csps, no_location=True))
    return StreetRecord.objects.bulk_create(records)


def _record(source, line, point, csps, *, crime_type=ASB_CRIME_TYPE, area=None, no_location=False):
    csp = csps["W14000022" if point.csp_code in ("W14000022", "W14000018") else "W14000020"]
    return StreetRecord(
        source=source,
        line=line,
        month=point.month,
        reported_by="Gwent Police",
        falls_within="Gwent Police",
        longitude=None if no_location else point.longitude,
        latitude=None if no_location else point.latitude,
        location="" if no_location else point.location,
        lsoa_code=point.lsoa21_code,
        lsoa21_code=point.lsoa21_code,
        csp=csp,
        area=area or (AreaStatus.NO_LOCATION if no_location else AreaStatus.IN_FORCE),
        crime_type=crime_type,
    )


def _run(*args: str, **options: object) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def test_it_makes_one_incident_per_asb_point_with_people_and_truth(asb_points) -> None:
    output = _run("--seed", "7", "--live", "0")
    assert Incident.objects.count() == 60
    assert Person.objects.count() > 40
    assert IncidentParty.objects.count() >= Person.objects.count()
    narratives = PlantedTruth.objects.filter(kind="narrative_offences")
    assert 0 < narratives.count() < 60
    assert all(
        v["offences"] or v["traps"] or v["course_of_conduct"]
        for v in narratives.values_list("value", flat=True)
    )
    assert PlantedTruth.objects.filter(kind="same_person").count() == Person.objects.count()
    assert output.count("\n") == 1
    assert "60 incidents" in output and "seed 7" in output
    assert "2024-01 to 2024-03" in output


def test_incidents_take_their_area_from_the_point(asb_points) -> None:
    _run("--seed", "7")
    newport = CommunitySafetyPartnership.objects.get(code="W14000022")
    assert Incident.objects.filter(csp=newport).exists()
    assert not Incident.objects.filter(csp__isnull=True).exists()
    coordinates = {(r.longitude, r.latitude) for r in asb_points if r.area == AreaStatus.IN_FORCE}
    assert set(Incident.objects.values_list("longitude", "latitude")) <= coordinates


def test_incidents_take_the_team_of_their_lsoa(asb_points, monkeypatch) -> None:
    # These stand-in LSOAs have no real boundaries to plant a patrol operation in.
    monkeypatch.setattr("asbhub.demo.services._plant_patrol_operation", lambda *a, **k: {})
    newport = CommunitySafetyPartnership.objects.get(code="W14000022")
    east = Team.objects.create(code="newport-east", name="Newport East", csp=newport)
    west = Team.objects.create(code="newport-west", name="Newport West", csp=newport)
    for number in range(1400, 1408):
        Lsoa.objects.create(
            code=f"W0100{number}",
            name=f"Newport {number}A",
            csp=newport,
            team=None if number == 1407 else (east if number % 2 else west),
            centroid_longitude=-3.0,
            centroid_latitude=51.6,
            boundary={"type": "Point", "coordinates": [-3.0, 51.6]},
        )
    _run("--seed", "7")
    team_of = dict(Lsoa.objects.values_list("code", "team_id"))
    rows = list(Incident.objects.values_list("lsoa21_code", "team_id"))
    assert {team for _code, team in rows} == {east.pk, west.pk, None}
    assert all(team == team_of.get(code) for code, team in rows)


def test_a_person_is_recorded_when_the_incident_was_reported(asb_points) -> None:
    _run("--seed", "7")
    party = IncidentParty.objects.select_related("incident", "person").first()
    assert party.person.created_at == party.incident.reported_at


def test_running_again_replaces_rather_than_adds(asb_points) -> None:
    _run("--seed", "7")
    first = list(Incident.objects.order_by("reference").values_list("reference", "narrative"))
    people = Person.objects.count()
    truths = PlantedTruth.objects.count()
    _run("--seed", "7")
    assert (
        list(Incident.objects.order_by("reference").values_list("reference", "narrative")) == first
    )
    assert Person.objects.count() == people
    assert PlantedTruth.objects.count() == truths
    count = Incident.objects.count()
    _run("--seed", "8")
    assert Incident.objects.count() == count
    assert (
        list(Incident.objects.order_by("reference").values_list("reference", "narrative")) != first
    )


def test_truth_is_exported_as_json_lines_naming_database_records(asb_points, tmp_path) -> None:
    path = tmp_path / "truth.jsonl"
    output = _run("--seed", "7", "--export-truth", str(path))
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == PlantedTruth.objects.count()
    assert f"Wrote {len(lines):,} planted truths" in output
    assert {line["seed"] for line in lines} == {7}
    incident_ids = set(Incident.objects.values_list("pk", flat=True))
    person_ids = set(Person.objects.values_list("pk", flat=True))
    for line in lines:
        ids = incident_ids if line["record_type"] == "incidents.incident" else person_ids
        assert line["record_id"] in ids
        assert set(line.get("value", {}).get("incident_ids", [])) <= incident_ids
    kinds = {line["kind"] for line in lines}
    assert {"narrative_offences", "same_person"} <= kinds


def test_fewer_incidents_and_fewer_months_can_be_asked_for(asb_points) -> None:
    _run("--seed", "7", "--incidents", "10")
    assert Incident.objects.count() == 10
    _run("--seed", "7", "--months", "1", "--live", "0")
    march = sum(1 for r in asb_points if r.area == AreaStatus.IN_FORCE and r.month.month == 3)
    march -= 1  # the criminal damage record
    assert Incident.objects.count() == march
    assert {i.reported_at.month for i in Incident.objects.all()} <= {2, 3}


def test_each_run_writes_one_access_log_line(asb_points) -> None:
    _run("--seed", "7")
    _run("--seed", "7")
    entries = AccessLogEntry.objects.filter(record_type="demo.demorun")
    assert entries.count() == 2
    assert AccessLogEntry.objects.count() == 2
    entry = entries.first()
    assert entry.username == "system"
    assert "seed 7" in entry.purpose
    run = DemoRun.objects.get(pk=entry.record_id)
    assert run.summary["incidents"] == 60 + run.summary["live"]


def test_it_refuses_without_police_uk_points(db) -> None:
    with pytest.raises(CommandError, match="import"):
        _run("--seed", "7")
    assert not DemoRun.objects.exists()


def test_a_failed_run_leaves_the_previous_data(asb_points, monkeypatch) -> None:
    _run("--seed", "7")
    before = list(Incident.objects.values_list("reference", flat=True))

    def broken(*args: object, **kwargs: object) -> dict[str, int]:
        raise RuntimeError("disk full")

    monkeypatch.setattr("asbhub.demo.services._save_truths", broken)
    with pytest.raises(RuntimeError):
        generate_demo(8)
    assert list(Incident.objects.values_list("reference", flat=True)) == before


def test_incidents_named_by_truth_include_those_inside_values(asb_points) -> None:
    _run("--seed", "7")
    named = incidents_in_planted_truth()
    records = set(
        PlantedTruth.objects.filter(record_type="incidents.incident").values_list(
            "record_id", flat=True
        )
    )
    inside = {
        pk
        for value in PlantedTruth.objects.values_list("value", flat=True)
        for pk in value.get("incident_ids", [])
    }
    assert inside - records, "a repeat victim's later incidents are named only in values"
    assert records | inside == named
    assert named < set(Incident.objects.values_list("pk", flat=True))


def test_progress_is_reported_through_the_stages(asb_points) -> None:
    stages: list[str] = []
    generate_demo(7, progress=lambda stage, done, total: stages.append(stage))
    assert len(set(stages)) >= 4
    assert "Saving planted truth" in stages


def test_a_bad_option_is_refused(asb_points) -> None:
    with pytest.raises(CommandError):
        _run("--seed", "7", "--incidents", "0")


def test_setup_can_call_it_with_only_a_seed(asb_points) -> None:
    call_command("demo", seed=3, stdout=StringIO(), stderr=StringIO())
    assert Incident.objects.filter(reported_at__year=2024).count() == 60
    assert DemoRun.objects.get().seed == 3


def test_an_unwritable_truth_file_is_reported(asb_points, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot write"):
        _run("--seed", "7", "--export-truth", str(tmp_path / "missing" / "truth.jsonl"))
    assert Incident.objects.exists()  # the demo data was saved before the export failed


def test_a_live_intake_arrives_in_the_30_hours_before_now(asb_points) -> None:
    output = _run("--seed", "7", "--live", "12")
    now = timezone.now()
    live = Incident.objects.filter(reported_at__gt=now - timedelta(hours=30))
    assert live.count() == 12
    assert Incident.objects.count() == 72
    assert "Live intake: 12 incidents reported in the 30 hours up to" in output
    assert output.count("\n") == 1
    assert DemoRun.objects.get().summary["live"] == 12
    truths = PlantedTruth.objects.filter(record_type="incidents.incident")
    assert truths.filter(record_id__in=live.values("pk")).exists()
    assert {
        party.person.created_at
        for party in IncidentParty.objects.filter(incident__in=live).select_related("person")
    } <= set(live.values_list("reported_at", flat=True))


def test_live_0_makes_none(asb_points) -> None:
    output = _run("--seed", "7", "--live", "0")
    assert not Incident.objects.exclude(reported_at__year=2024).exists()
    assert "Live intake" not in output
    assert DemoRun.objects.get().summary["live"] == 0
    with pytest.raises(CommandError):
        _run("--seed", "7", "--live", "-1")


def test_the_default_live_intake_follows_the_data_s_rate(asb_points) -> None:
    _run("--seed", "7")
    # 60 incidents in the 91 days of January to March: one in 30 hours.
    assert Incident.objects.exclude(reported_at__year=2024).count() == 1
