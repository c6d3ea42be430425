"""The JSON API: health, the OpenAPI schema, and errors as problem+json."""

from __future__ import annotations

import json

from django.http import Http404
from django.test import RequestFactory

from asbhub.api.api import _not_found
from asbhub.api.problems import problem


def test_health_answers_without_authentication(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_openapi_schema_and_docs_are_published(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "ASB Hub API"
    assert "/api/health" in schema["paths"]
    assert client.get("/api/docs").status_code == 200


def test_problem_responses_follow_rfc_9457():
    response = problem(409, "Conflict", "It changed meanwhile.", errors=["x"])
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body == {
        "type": "about:blank",
        "title": "Conflict",
        "status": 409,
        "detail": "It changed meanwhile.",
        "errors": ["x"],
    }


def test_not_found_does_not_say_whether_the_record_exists():
    response = _not_found(RequestFactory().get("/api/x"), Http404())
    assert response.status_code == 404
    assert json.loads(response.content)["detail"].startswith("There is no such record")
