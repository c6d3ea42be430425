"""The problem-solving API: plans and reviews, read and written by clients with the right role."""

from __future__ import annotations

import pytest

from asbhub.api.auth import issue_token
from asbhub.core.models import AccessLogEntry
from asbhub.problem_solving.models import OsaraPlan

from .conftest import GOOD_TEXT, make_plan

pytestmark = pytest.mark.django_db
BASE = "/api/problem-solving"


@pytest.fixture
def as_user(client):
    """Call the API with a fresh token for a user."""

    def call(user, method, path, payload=None):
        _record, token = issue_token(user)
        kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        if payload is not None:
            kwargs.update(data=payload, content_type="application/json")
        return getattr(client, method)(BASE + path, **kwargs)

    return call


def test_an_officer_writes_a_plan_through_the_api(as_user, cast, newport):
    created = as_user(
        cast["officer"],
        "post",
        "/plans",
        {"title": "Off-road bikes", "csp": "newport", "supervisor": "demo-supervisor"},
    )
    assert created.status_code == 201
    plan = created.json()
    assert plan["owner"] == "demo-officer" and plan["status"] == "draft"
    changed = as_user(
        cast["officer"],
        "patch",
        f"/plans/{plan['id']}",
        {
            **GOOD_TEXT,
            "lsoas": ["W01001600"],
            "streets": ["Heol Pant"],
            "scan_first_month": "2024-01-15",
            "scan_last_month": "2024-06-01",
        },
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["lsoas"] == ["W01001600"]
    assert changed.json()["scan_first_month"] == "2024-01-01"
    action = as_user(
        cast["officer"],
        "post",
        f"/plans/{plan['id']}/actions",
        {
            "description": "Fit CCTV",
            "owner": "Council",
            "agency": "council_other",
            "due_date": "2025-01-31",
        },
    )
    assert action.status_code == 201
    done = as_user(
        cast["officer"],
        "patch",
        f"/plans/{plan['id']}/actions/{action.json()['id']}",
        {"status": "done"},
    )
    assert done.json()["status"] == "done"
    measure = as_user(
        cast["officer"],
        "post",
        f"/plans/{plan['id']}/measures",
        {
            "name": "Reports a month",
            "baseline_value": "12",
            "baseline_period": "H1 2024",
            "target_value": "8",
            "how_measured": "Monthly count",
        },
    )
    assert measure.status_code == 201
    submitted = as_user(cast["officer"], "post", f"/plans/{plan['id']}/submit")
    assert submitted.json()["status"] == "submitted"


def test_the_pop_officer_reviews_through_the_api_with_the_proposal_as_default(
    as_user, cast, newport
):
    plan = make_plan(cast["officer"], newport, **GOOD_TEXT)
    as_user(cast["officer"], "post", f"/plans/{plan.pk}/submit")
    refused = as_user(
        cast["officer"], "post", f"/plans/{plan.pk}/reviews", {"rag": "green", "feedback": "Fine"}
    )
    assert refused.status_code == 403
    review = as_user(
        cast["pop_officer"],
        "post",
        f"/plans/{plan.pk}/reviews",
        {"rag": "amber", "feedback": "Add a partner."},
    )
    assert review.status_code == 201
    body = review.json()
    assert body["rag"] == "amber" and body["scores"] == body["proposed_scores"]
    bad = as_user(
        cast["pop_officer"],
        "post",
        f"/plans/{plan.pk}/reviews",
        {"rag": "green", "feedback": "x", "scores": {"objective": 5}},
    )
    assert bad.status_code == 422
    listed = as_user(cast["officer"], "get", f"/plans/{plan.pk}/reviews").json()
    assert [r["rag"] for r in listed] == ["amber"]


def test_finalising_through_the_api_checks_the_state(as_user, cast, newport):
    plan = make_plan(cast["officer"], newport, **GOOD_TEXT)
    early = as_user(cast["officer"], "post", f"/plans/{plan.pk}/finalise", {"outcome": "resolved"})
    assert early.status_code == 409
    assert early["Content-Type"] == "application/problem+json"
    OsaraPlan.objects.filter(pk=plan.pk).update(
        status="open", assessment=" ".join(["It worked."] * 8)
    )
    unknown = as_user(cast["officer"], "post", f"/plans/{plan.pk}/finalise", {"outcome": "x"})
    assert unknown.status_code == 422
    done = as_user(
        cast["officer"],
        "post",
        f"/plans/{plan.pk}/finalise",
        {"outcome": "resolved", "outcome_note": "Quiet since May"},
    )
    assert done.status_code == 200 and done.json()["outcome"] == "resolved"


def test_reading_a_plan_through_the_api_is_logged(as_user, cast, newport):
    plan = make_plan(cast["officer"], newport)
    assert as_user(cast["supervisor"], "get", f"/plans/{plan.pk}").status_code == 200
    entry = AccessLogEntry.objects.filter(username="demo-supervisor").get()
    assert entry.action == "view" and entry.purpose == "Read a problem-solving plan via the API"


@pytest.mark.parametrize("role", ["analyst", "partner", "pcc_scrutiny", "call_handler"])
def test_roles_without_plans_get_403_for_the_list_and_404_for_a_plan(as_user, cast, newport, role):
    plan = make_plan(cast["officer"], newport)
    assert as_user(cast[role], "get", "/plans").status_code == 403
    assert as_user(cast[role], "get", f"/plans/{plan.pk}").status_code == 404
    assert (
        as_user(cast[role], "post", "/plans", {"title": "x", "csp": "newport"}).status_code == 403
    )


def test_only_the_owner_or_supervisor_changes_a_plan_through_the_api(as_user, cast, newport):
    plan = make_plan(cast["officer"], newport)
    response = as_user(cast["pop_officer"], "patch", f"/plans/{plan.pk}", {"title": "Mine"})
    assert response.status_code == 403
    assert (
        as_user(cast["officer"], "patch", f"/plans/{plan.pk}", {"incidents": ["GW-0"]}).status_code
        == 422
    )


def test_the_outcome_codes_are_listed_with_their_source(as_user, cast, db):
    codes = as_user(cast["analyst"], "get", "/outcome-codes").json()
    assert codes[0]["code"] == "resolved"
    assert "national list not available" in codes[0]["source"]
