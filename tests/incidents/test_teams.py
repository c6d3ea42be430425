"""Incidents and neighbourhood policing teams: set on recording, shown, followed on reload,
backfilled by the migration."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from asbhub.core.models import Lsoa, Team
from asbhub.core.services import load_geography, load_teams
from asbhub.incidents import services
from asbhub.incidents.models import Incident
from tests.factories import make_incident
from tests.incidents.conftest import NEWPORT_LAT, NEWPORT_LON, script_answers
from tests.incidents.test_api import api_client, post, report


@pytest.fixture
def geography(db) -> None:
    """The shipped Gwent geography, with its illustrative teams."""
    load_geography("gwent")


def _team_of(lsoa_code: str) -> Team:
    return Lsoa.objects.select_related("team").get(code=lsoa_code).team


def test_the_place_of_a_report_carries_its_lsoas_team(geography) -> None:
    place = services.resolve_place(NEWPORT_LON, NEWPORT_LAT, "")
    assert place.team is not None
    assert place.team == _team_of(place.lsoa21_code)
    assert place.team.csp == place.csp


def test_recording_a_report_sets_the_team_and_the_page_shows_it(client, cast, geography):
    client.force_login(cast["call_handler"])
    data = script_answers(action="record", risk_level="high", risk_reason="Escalating threats")
    response = client.post(reverse("incidents:new"), data)
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.team is not None
    assert incident.team == _team_of(incident.lsoa21_code)
    page = client.get(response["Location"]).content.decode()
    assert f'<span id="incident-team">{incident.team.name} team</span>' in page
    try:
        translation.activate("cy")
        client.cookies["django_language"] = "cy"
        welsh = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    finally:
        translation.activate("en")
    assert f"Tîm {incident.team.name_cy}" in welsh


def test_the_panel_names_the_team(client, cast, geography) -> None:
    client.force_login(cast["call_handler"])
    response = client.post(reverse("incidents:check"), script_answers())
    team = _team_of(services.resolve_place(NEWPORT_LON, NEWPORT_LAT, "").lsoa21_code)
    assert f'<span id="panel-team">{team.name} team.</span>' in response.content.decode()


def test_the_api_records_the_team_and_lists_it(cast, geography) -> None:
    response = post(api_client(cast["call_handler"]), report())
    assert response.status_code == 201, response.content
    body = response.json()
    incident = Incident.objects.get(pk=body["id"])
    assert body["team"] == incident.team.code
    listed = api_client(cast["supervisor"]).get("/api/incidents").json()
    assert listed["items"][0]["team"] == incident.team.code


def test_an_incident_without_a_place_has_no_team(cast, geography) -> None:
    response = post(
        api_client(cast["call_handler"]), report(longitude=None, latitude=None, location="")
    )
    assert response.status_code == 201, response.content
    assert response.json()["team"] is None


def test_incidents_follow_their_lsoa_when_a_force_loads_its_own_teams(geography) -> None:
    newport = make_incident(lsoa21_code="W01002035", team=_team_of("W01002035"))
    nowhere = make_incident(lsoa21_code="", team=None)
    load_teams("code,name,csp,areas\nnewport-city,Newport City,newport,Newport 019\n", "ours.csv")
    newport.refresh_from_db()
    nowhere.refresh_from_db()
    assert newport.team.code == "newport-city"
    assert nowhere.team is None
    load_teams("code,name,csp,areas\nnewport-city,Newport City,newport,Newport 001\n", "ours")
    newport.refresh_from_db()
    assert newport.team is None  # its LSOA is in no team now


def test_assign_teams_puts_back_a_team_and_reports_the_changes(geography) -> None:
    incident = make_incident(lsoa21_code="W01002035")
    assert services.assign_teams() == 1
    incident.refresh_from_db()
    assert incident.team == _team_of("W01002035")
    assert services.assign_teams() == 0


@pytest.mark.django_db(transaction=True)
def test_the_migration_backfills_the_team_from_the_lsoa() -> None:
    load_geography("gwent")
    team = _team_of("W01002035")
    executor = MigrationExecutor(connection)
    executor.migrate([("incidents", "0004_work_incident_and_reindex")])
    old_apps = executor.loader.project_state([("incidents", "0004_work_incident_and_reindex")]).apps
    OldIncident = old_apps.get_model("incidents", "Incident")
    fields = {
        "reported_at": "2024-11-02T21:40:00Z",
        "channel": "101",
        "category": "personal",
        "narrative": "Shouting in the street.",
    }
    OldIncident.objects.create(reference="GW-1", lsoa21_code="W01002035", **fields)
    OldIncident.objects.create(reference="GW-2", lsoa21_code="", **fields)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    teams = dict(Incident.objects.values_list("reference", "team_id"))
    assert teams == {"GW-1": team.pk, "GW-2": None}
