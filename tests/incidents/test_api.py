"""The incidents API: record with warnings, list with filters, read, update; roles and errors."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from asbhub.api.auth import issue_token
from asbhub.core.models import AccessLogEntry
from asbhub.incidents.models import Incident
from tests.factories import make_incident
from tests.incidents.conftest import NEWPORT_LAT, NEWPORT_LON


def api_client(user) -> Client:
    _record, token = issue_token(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def report(**overrides) -> dict:
    """A personal ASB report by the repeat victim, her name misspelt."""
    now = timezone.now()
    body = {
        "channel": "101",
        "category": "personal",
        "subtype": "targeted_abuse",
        "narrative": "Lads from number 16 kicking the door and shouting abuse again.",
        "occurred_at": (now - timedelta(hours=1)).isoformat(),
        "location": "14 Heol Pant, Newport",
        "longitude": NEWPORT_LON,
        "latitude": NEWPORT_LAT,
        "victim_targeted": True,
        "happened_before": True,
        "victim_vulnerable": False,
        "hate_motivated": False,
        "children_involved": False,
        "risk_now": False,
        "people": [
            {
                "role": "victim",
                "given_name": "Bobby",
                "family_name": "JONES",
                "date_of_birth": "1961-04-03",
                "house": "2/14",
                "street": "Heol Pant Rd",
            },
            {"role": "suspect", "given_name": "Kyle", "street": "Heol Pant", "house": "16"},
        ],
    }
    body.update(overrides)
    return body


def post(client: Client, body: dict):
    return client.post("/api/incidents", json.dumps(body), content_type="application/json")


def test_recording_answers_with_the_warnings(cast, repeat_victim):
    response = post(api_client(cast["call_handler"]), report())
    assert response.status_code == 201, response.content
    body = response.json()
    codes = {w["code"] for w in body["warnings"]}
    assert {
        "repeat_victim",
        "case_review_threshold",
        "vulnerable_victim",
        "repeat_location",
    } <= codes
    assert all(w["detail"] for w in body["warnings"])
    assert body["grade"] in (1, 2, 3) and body["respond_by"]
    assert body["csp"] == "W14000022"
    assert set(body["thrive"]) == {
        "threat",
        "harm",
        "risk",
        "investigation",
        "vulnerability",
        "engagement",
    }
    assert body["thrive"]["engagement"]["level"] == "high"
    assert {p["role"] for p in body["people"]} == {"victim", "reporter", "suspect"}
    incident = Incident.objects.get(pk=body["id"])
    assert incident.recorded_by == cast["call_handler"]


def test_a_handlers_thrive_level_is_kept_with_its_reason(cast, db):
    body = report(thrive={"threat": {"level": "high", "reason": "Threats escalating"}})
    response = post(api_client(cast["supervisor"]), body)
    assert response.status_code == 201
    assert response.json()["thrive"]["threat"] == {
        "level": "high",
        "reason": "Threats escalating",
        "proposed": "medium",
    }


def test_a_changed_level_without_a_reason_is_refused(cast, db):
    response = post(api_client(cast["call_handler"]), report(thrive={"harm": {"level": "low"}}))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_the_script_questions_are_required(cast, db):
    body = report()
    del body["risk_now"]
    response = post(api_client(cast["call_handler"]), body)
    assert response.status_code == 422
    assert response.json()["title"] == "The request is not valid"


def test_a_subtype_from_another_category_is_refused(cast, db):
    response = post(api_client(cast["call_handler"]), report(subtype="fly_tipping"))
    assert response.status_code == 422


@pytest.mark.parametrize("role", ["officer", "partner", "analyst"])
def test_other_roles_may_not_record(cast, db, role):
    response = post(api_client(cast[role]), report())
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_no_token_is_a_401_problem(db):
    response = post(Client(), report())
    assert response.status_code == 401
    assert response.json()["title"] == "Authentication required"


def test_the_list_filters_and_pages_without_personal_data(cast, db):
    now = timezone.now()
    for days in range(3):
        make_incident(reported_at=now - timedelta(days=days))
    make_incident(reported_at=now - timedelta(days=40), category="nuisance")
    client = api_client(cast["cdi_reviewer"])
    body = client.get("/api/incidents", {"category": "personal", "csp": "newport"}).json()
    assert body["count"] == 3
    assert "narrative" not in body["items"][0] and "people" not in body["items"][0]
    since = (now - timedelta(days=1)).date().isoformat()
    assert client.get("/api/incidents", {"reported_from": since}).json()["count"] == 2
    assert client.get("/api/incidents", {"status": "closed"}).json()["count"] == 0
    assert client.get("/api/incidents", {"page": 1}).json()["count"] == 4
    assert not AccessLogEntry.objects.filter(record_type="incidents.incident").exists()


def test_partners_may_not_list_incidents(cast, db):
    assert api_client(cast["partner"]).get("/api/incidents").status_code == 403


def test_reading_one_incident_is_logged(cast, db):
    incident = make_incident()
    response = api_client(cast["cdi_reviewer"]).get(f"/api/incidents/{incident.pk}")
    assert response.status_code == 200
    assert response.json()["people"][0]["family_name"] == "Prosser"
    entry = AccessLogEntry.objects.get(record_type="incidents.incident")
    assert entry.record_id == str(incident.pk) and entry.username == "demo-cdi-reviewer"


def test_a_partner_gets_404_for_an_incident(cast, db):
    incident = make_incident()
    response = api_client(cast["partner"]).get(f"/api/incidents/{incident.pk}")
    assert response.status_code == 404


def test_patch_allocates_and_records_the_change(cast, db):
    incident = make_incident()
    client = api_client(cast["supervisor"])
    response = client.patch(
        f"/api/incidents/{incident.pk}",
        json.dumps({"allocated_to": cast["officer"].username, "note": "Please visit today"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "allocated" and body["allocated_to"] == "demo-officer"
    assert [e["what"] for e in body["history"]] == ["allocated", "note"]
    assert AccessLogEntry.objects.filter(action="change", record_id=str(incident.pk)).exists()


def test_patch_refuses_what_the_role_may_not_do(cast, db):
    incident = make_incident()
    officer = api_client(cast["officer"])
    response = officer.patch(
        f"/api/incidents/{incident.pk}",
        json.dumps({"status": "resolved"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    supervisor = api_client(cast["supervisor"])
    response = supervisor.patch(
        f"/api/incidents/{incident.pk}",
        json.dumps({"status": "closed"}),
        content_type="application/json",
    )
    assert response.status_code == 409


def test_the_openapi_schema_documents_the_incidents_api(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"post", "get"} <= set(paths["/api/incidents"])
    assert {"get", "patch"} <= set(paths["/api/incidents/{pk}"])
