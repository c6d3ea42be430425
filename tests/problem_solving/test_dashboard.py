"""The dashboard: counts by status, partnership and rating; overdue reviews; outcomes; time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from asbhub.problem_solving import services
from asbhub.problem_solving.models import OsaraPlan, OutcomeCode

from .conftest import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(cast, newport):
    """A draft, two open plans (one overdue, rated red and green) and a finalised plan."""
    now = timezone.now()
    make_plan(cast["officer"], newport, title="Draft plan")
    for title, rag, due in (
        ("Overdue plan", "red", dt.date(2020, 1, 1)),
        ("On time plan", "green", dt.date(2099, 1, 1)),
    ):
        plan = make_plan(cast["officer"], newport, title=title)
        OsaraPlan.objects.filter(pk=plan.pk).update(status="open", rag=rag, next_review_due=due)
    done = make_plan(cast["officer"], newport, title="Done plan")
    OsaraPlan.objects.filter(pk=done.pk).update(
        status="finalised",
        submitted_at=now - dt.timedelta(days=90),
        finalised_at=now,
        outcome=OutcomeCode.objects.get(code="reduced"),
        rag="green",
    )
    return newport


def test_the_dashboard_counts_plans_by_status_rating_and_partnership(cast, spread):
    data = services.dashboard(cast["analyst"])
    assert data.total == 4
    assert dict(data.by_status) == {
        "draft": 1,
        "submitted": 0,
        "under_review": 0,
        "open": 2,
        "finalised": 1,
    }
    assert dict(data.by_rag) == {"red": 1, "amber": 0, "green": 1, "": 0}
    assert data.overdue == 1
    newport = next(counts for csp, counts in data.by_csp if csp.slug == "newport")
    assert newport == {"draft": 1, "open": 2, "finalised": 1}
    assert dict((c.code, n) for c, n in data.outcomes)["reduced"] == 1
    assert data.time_to_finalise.count == 1 and data.time_to_finalise.median == 90


@pytest.mark.parametrize(
    "role", ["analyst", "pcc_scrutiny", "officer", "supervisor", "pop_officer"]
)
def test_these_roles_read_the_dashboard(client, cast, spread, role):
    client.force_login(cast[role])
    page = client.get("/problem-solving/dashboard/").content.decode()
    assert "Plans by status" in page and 'id="status-chart-title"' in page
    assert ("Overdue plan" in page) is (role in ("officer", "supervisor", "pop_officer"))


@pytest.mark.parametrize("role", ["partner", "call_handler", "cdi_reviewer"])
def test_other_roles_may_not_read_the_dashboard(client, cast, role):
    client.force_login(cast[role])
    assert client.get("/problem-solving/dashboard/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.dashboard(cast[role])
