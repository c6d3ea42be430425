"""Operations, areas and patrols: forms, CSV import, API, evaluation; who may and may not."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest
from django.urls import reverse
from django.utils import timezone

from asbhub.core.models import AccessLogEntry
from asbhub.hotspots import demo, services
from asbhub.hotspots.choices import AreaKind, DataSource
from asbhub.hotspots.models import Operation, PatrolLog
from asbhub.incidents.models import Incident
from tests.conftest import PASSWORD
from tests.factories import make_csps

# A quiet corner of Newport, in BNG metres; squares of 450 m spaced 1 km apart.
ORIGIN = (331_000.0, 186_000.0)


def _sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def operation(db):
    csps = make_csps()
    op = Operation.objects.create(
        name="Operation Lumley",
        aim="Fewer ASB reports in the park",
        csp=csps["newport"],
        start_date=dt.date(2024, 7, 1),
        end_date=dt.date(2024, 12, 31),
        pre_months=6,
        data_source=DataSource.INCIDENTS,
    )
    for number in range(3):
        services.add_area(
            op,
            AreaKind.TARGET,
            f"Target {number}",
            services.square_boundary(ORIGIN[0] + 1000 * number, ORIGIN[1], 450),
        )
    for number in range(6):
        services.add_area(
            op,
            AreaKind.CONTROL,
            f"Control {number}",
            services.square_boundary(ORIGIN[0] + 1000 * number, ORIGIN[1] + 3000, 450),
        )
    return op


def _incidents_with_planted_effect(operation, seed=3):
    """Poisson incidents per area and month (2024), with the demo's effect planted."""
    rng = np.random.default_rng(seed)
    rows = []
    for area in operation.areas.all():
        shape = services.geometry_to_bng(area.boundary)
        x0, y0, x1, y1 = shape.bounds
        for month in range(1, 13):
            for _ in range(rng.poisson(rng.uniform(18, 22))):
                rows.append(
                    (
                        "t" if area.kind == AreaKind.TARGET else "c",
                        rng.uniform(x0 + 1, x1 - 1),
                        rng.uniform(y0 + 1, y1 - 1),
                        month,
                    )
                )
    for month in range(1, 13):  # the buffer ring just south of the targets
        for _ in range(rng.poisson(40)):
            rows.append(
                (
                    "b",
                    rng.uniform(ORIGIN[0] - 200, ORIGIN[0] + 2200),
                    ORIGIN[1] - 300 + rng.uniform(-20, 20),
                    month,
                )
            )
    frame = pd.DataFrame(rows, columns=["kind", "easting", "northing", "month"])
    frame["month_index"] = [services.month_index(dt.date(2024, m, 1)) for m in frame["month"]]
    buffer_points = frame.loc[frame["kind"] == "b", ["easting", "northing"]].to_numpy()
    drop, moves, effect = demo.plant_effect(
        frame,
        (frame["kind"] == "t").to_numpy(),
        buffer_points,
        first_month=services.month_index(dt.date(2024, 7, 1)),
        seed=seed,
    )
    frame.loc[moves[:, 0].astype(int), ["easting", "northing"]] = moves[:, 1:]
    frame = frame[~drop]
    from asbhub.core.geography import to_wgs84

    lons, lats = to_wgs84(frame["easting"].to_numpy(), frame["northing"].to_numpy())
    csp = operation.csp
    Incident.objects.bulk_create(
        Incident(
            reference=f"T-{i:06d}",
            reported_at=timezone.make_aware(dt.datetime(2024, int(month), 10, 20)),
            channel="101",
            category="nuisance",
            narrative="Synthetic",
            longitude=lon,
            latitude=lat,
            csp=csp,
        )
        for i, (month, lon, lat) in enumerate(zip(frame["month"], lons, lats, strict=True))
    )
    return effect


def test_the_evaluation_recovers_the_planted_effect_from_incidents(operation):
    effect = _incidents_with_planted_effect(operation)
    assert effect.removed > 0 and effect.moved > 0
    result = services.evaluate_operation(operation)
    assert result.did is not None
    assert result.did.ci_low < 1 - demo.PLANTED_REDUCTION < result.did.ci_high
    assert result.did.ci_high < 1
    assert result.wdq is not None and result.wdq.value < 0  # displaced into the buffer
    text = " ".join(services.conclusion(result))
    assert "fewer records" in text


@pytest.mark.parametrize("role", ["analyst", "supervisor", "officer", "pcc_scrutiny"])
def test_evaluation_report_and_pdf_for_those_allowed(client, cast, operation, role):
    _incidents_with_planted_effect(operation)
    _sign_in(client, cast[role])
    page = client.get(reverse("hotspots:evaluation", args=[operation.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Difference in differences" in body and "Caveats" in body
    assert "snaps each location" in body
    if role == "analyst":
        pdf = client.get(reverse("hotspots:evaluation_pdf", args=[operation.pk]))
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("role", ["partner", "call_handler", "cdi_reviewer"])
def test_other_roles_get_404_for_operations(client, cast, operation, role):
    _sign_in(client, cast[role])
    assert client.get(reverse("hotspots:operation", args=[operation.pk])).status_code == 404
    assert client.get(reverse("hotspots:evaluation", args=[operation.pk])).status_code == 404


def test_an_analyst_creates_an_operation(client, cast, db):
    make_csps()
    _sign_in(client, cast["analyst"])
    response = client.post(
        reverse("hotspots:operation_create"),
        {
            "name": "Operation Lumley",
            "aim": "Fewer ASB reports",
            "csp": Operation._meta.get_field("csp").related_model.objects.get(slug="newport").pk,
            "start_date": "2024-07-01",
            "end_date": "2024-12-31",
            "funding": "Home Office",
            "crime_type": "asb",
            "data_source": "policeuk",
            "pre_months": 12,
            "buffer_metres": 300,
        },
    )
    operation = Operation.objects.get()
    assert response.status_code == 302
    assert operation.created_by == cast["analyst"]


def test_an_operation_cannot_end_before_it_starts(client, cast, db):
    csp = make_csps()["newport"]
    _sign_in(client, cast["supervisor"])
    response = client.post(
        reverse("hotspots:operation_create"),
        {
            "name": "Backwards",
            "aim": "x",
            "csp": csp.pk,
            "start_date": "2024-07-01",
            "end_date": "2024-06-01",
            "crime_type": "asb",
            "data_source": "policeuk",
            "pre_months": 12,
            "buffer_metres": 300,
        },
    )
    assert response.status_code == 200
    assert "The end date must be on or after the start date" in response.content.decode()
    assert not Operation.objects.exists()


def test_pcc_scrutiny_may_see_but_not_create_operations(client, cast, operation):
    _sign_in(client, cast["pcc_scrutiny"])
    assert client.get(reverse("hotspots:operation", args=[operation.pk])).status_code == 200
    assert client.get(reverse("hotspots:operation_create")).status_code == 403


def test_an_area_is_added_from_a_grid_point_and_removed(client, cast, operation):
    _sign_in(client, cast["analyst"])
    client.post(
        reverse("hotspots:area_add", args=[operation.pk]),
        {
            "kind": "control",
            "name": "Park",
            "easting": 330_000,
            "northing": 188_000,
            "size": 150,
        },
    )
    area = operation.areas.get(name="Park")
    shape = services.geometry_to_bng(area.boundary)
    assert shape.area == pytest.approx(150 * 150, rel=1e-3)
    client.post(reverse("hotspots:area_delete", args=[operation.pk, area.pk]))
    assert not operation.areas.filter(name="Park").exists()


def test_controls_are_proposed_like_the_targets_and_clear_of_the_buffer(gwent, operation):
    _incidents_with_planted_effect(operation)
    operation.areas.filter(kind=AreaKind.CONTROL).delete()
    proposed = services.propose_control_areas(operation, how_many=4)
    assert len(proposed) == 4 and all(a.proposed for a in proposed)
    targets = [
        services.geometry_to_bng(a.boundary) for a in operation.areas.filter(kind=AreaKind.TARGET)
    ]
    for control in proposed:
        shape = services.geometry_to_bng(control.boundary)
        assert all(shape.distance(t) >= operation.buffer_metres for t in targets)
    again = services.propose_control_areas(operation, how_many=4)
    assert operation.areas.filter(kind=AreaKind.CONTROL).count() == len(again) == 4


def _patrol_form(area, start="2024-07-02T19:30", end="2024-07-02T19:44"):
    return {
        "area": area.pk,
        "patroller": "PC 123",
        "agency": "police",
        "started_at": start,
        "ended_at": end,
        "activity": "engagement",
        "notes": "",
    }


@pytest.mark.parametrize("role", ["officer", "supervisor"])
def test_officers_and_supervisors_log_patrols_and_it_is_logged(client, cast, operation, role):
    area = operation.areas.filter(kind=AreaKind.TARGET).first()
    _sign_in(client, cast[role])
    response = client.post(reverse("hotspots:patrol_add", args=[operation.pk]), _patrol_form(area))
    assert response.status_code == 302
    patrol = PatrolLog.objects.get()
    assert patrol.minutes == 14 and patrol.recorded_by == cast[role]
    entry = AccessLogEntry.objects.get(record_type="hotspots.patrollog")
    assert entry.action == "create" and entry.username == cast[role].username


@pytest.mark.parametrize("role", ["analyst", "partner", "pcc_scrutiny"])
def test_analysts_partners_and_pcc_may_not_log_patrols(client, cast, operation, role):
    _sign_in(client, cast[role])
    response = client.get(reverse("hotspots:patrol_add", args=[operation.pk]))
    assert response.status_code in (403, 404)


def test_a_patrol_must_end_after_it_starts(client, cast, operation):
    area = operation.areas.filter(kind=AreaKind.TARGET).first()
    _sign_in(client, cast["officer"])
    response = client.post(
        reverse("hotspots:patrol_add", args=[operation.pk]),
        _patrol_form(area, end="2024-07-02T19:00"),
    )
    assert "The end must be after the start" in response.content.decode()
    assert not PatrolLog.objects.exists()


CSV = (
    "hotspot,patrolled_by,agency,start,end,activity,notes\n"
    "Target 0,PC 123,police,2024-07-02T19:30,2024-07-02T19:42,engagement,\n"
    "Target 1,W 55,warden,2024-07-03T20:00,2024-07-03T20:15,presence,Quiet\n"
)


def test_csv_import_is_idempotent(cast, operation):
    first = services.import_patrols(cast["supervisor"], operation, CSV)
    again = services.import_patrols(cast["supervisor"], operation, CSV)
    assert (first.created, first.unchanged, first.errors) == (2, 0, [])
    assert (again.created, again.unchanged) == (0, 2)
    assert PatrolLog.objects.count() == 2


def test_csv_import_is_all_or_nothing(cast, operation):
    bad = CSV + "Nowhere,PC 9,police,2024-07-04T10:00,2024-07-04T10:10,stop,\n"
    bad += "Target 0,PC 9,police,2024-07-04T10:00,2024-07-04T09:10,stop,\n"
    result = services.import_patrols(cast["officer"], operation, bad)
    assert result.created == 0 and not PatrolLog.objects.exists()
    assert result.errors[0].startswith("Line 4:") and "Nowhere" in result.errors[0]
    assert result.errors[1].startswith("Line 5:")


def test_csv_import_page_reports_problems(client, cast, operation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _sign_in(client, cast["officer"])
    upload = SimpleUploadedFile("p.csv", b"hotspot,start\nx,y\n", content_type="text/csv")
    response = client.post(reverse("hotspots:patrol_import", args=[operation.pk]), {"file": upload})
    assert "The file needs the columns" in response.content.decode()


def test_dosage_and_the_koper_share_on_the_operation_page(client, cast, operation):
    services.import_patrols(cast["supervisor"], operation, CSV)
    dosage = {d.area: d for d in services.operation_dosage(operation)}
    assert dosage["Target 0"].visits == 1 and dosage["Target 0"].koper_share == 1.0
    assert dosage["Target 2"].visits == 0
    _sign_in(client, cast["supervisor"])
    body = client.get(reverse("hotspots:operation", args=[operation.pk])).content.decode()
    assert "Visits of 10 to 15 minutes" in body and "PC 123" in body


def test_patrol_export_is_logged(client, cast, operation):
    services.import_patrols(cast["supervisor"], operation, CSV)
    _sign_in(client, cast["analyst"])
    response = client.get(reverse("hotspots:patrol_export", args=[operation.pk]))
    assert response.content.decode().startswith("hotspot,patrolled_by")
    assert AccessLogEntry.objects.filter(action="export", username=cast["analyst"].username)


def test_api_lists_operations_and_logs_patrols(client, cast, operation):
    _sign_in(client, cast["officer"])
    listed = client.get("/api/hotspots/operations").json()
    assert [o["name"] for o in listed] == ["Operation Lumley"]
    payload = {
        "hotspot": "Target 0",
        "patrolled_by": "PC 7",
        "agency": "police",
        "start": "2024-07-05T19:00:00+01:00",
        "end": "2024-07-05T19:12:00+01:00",
        "activity": "stop",
    }
    created = client.post(
        f"/api/hotspots/operations/{operation.pk}/patrols",
        json.dumps(payload),
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["hotspot"] == "Target 0"
    again = client.post(
        f"/api/hotspots/operations/{operation.pk}/patrols",
        json.dumps(payload),
        content_type="application/json",
    )
    assert again.status_code == 409
    patrols = client.get(f"/api/hotspots/operations/{operation.pk}/patrols").json()
    assert len(patrols) == 1


def test_api_refuses_patrols_from_analysts_and_hides_operations_from_partners(
    client, cast, operation
):
    _sign_in(client, cast["analyst"])
    payload = {
        "hotspot": "Target 0",
        "patrolled_by": "PC 7",
        "agency": "police",
        "start": "2024-07-05T19:00:00Z",
        "end": "2024-07-05T19:12:00Z",
        "activity": "stop",
    }
    response = client.post(
        f"/api/hotspots/operations/{operation.pk}/patrols",
        json.dumps(payload),
        content_type="application/json",
    )
    assert response.status_code == 403
    client.logout()
    _sign_in(client, cast["partner"])
    assert client.get("/api/hotspots/operations").json() == []
    assert client.get(f"/api/hotspots/operations/{operation.pk}/patrols").status_code == 404


def test_api_needs_sign_in(client, operation):
    assert client.get("/api/hotspots/operations").status_code == 401


def test_api_evaluation_returns_the_effect(client, cast, operation):
    _incidents_with_planted_effect(operation)
    _sign_in(client, cast["pcc_scrutiny"])
    data = client.get(f"/api/hotspots/operations/{operation.pk}/evaluation").json()
    assert data["ci_low"] < 0.7 < data["ci_high"] and data["wdq"] < 0


def test_the_evaluation_report_is_in_welsh_when_asked(client, cast, operation):
    _incidents_with_planted_effect(operation)
    _sign_in(client, cast["analyst"])
    response = client.get(
        reverse("hotspots:evaluation", args=[operation.pk]), HTTP_ACCEPT_LANGUAGE="cy"
    )
    body = response.content.decode()
    assert "A weithiodd?" in body and "Cafeatau" in body
    assert "yn llai o gofnodion" in body  # the plain-English conclusion, in Welsh


def test_patrol_export_cannot_smuggle_spreadsheet_formulas(cast, operation):
    text = CSV + "Target 2,=HYPERLINK(1),police,2024-07-04T10:00,2024-07-04T10:12,stop,@x\n"
    services.import_patrols(cast["supervisor"], operation, text)
    exported = services.export_patrols_csv(cast["supervisor"], operation)
    assert "'=HYPERLINK(1)" in exported and ",'@x" in exported
