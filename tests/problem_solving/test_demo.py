"""Demo plans: every stage, good and poor, seeded and repeatable."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from asbhub.problem_solving import services
from asbhub.problem_solving.demo import generate_plans
from asbhub.problem_solving.models import OsaraPlan, PlanReview

from .conftest import add_incidents, add_street_records

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 3, 15, 12, tzinfo=dt.UTC)


@pytest.fixture
def data(newport, roles):
    for month in range(1, 13):
        add_street_records(newport, dt.date(2024, month, 1), 3 + month % 4)
    add_incidents(newport, dt.date(2024, 3, 1), 4)
    return newport


def test_the_demo_holds_plans_at_every_stage_good_and_poor(data):
    summary = generate_plans(seed=7, plans=12, now=NOW)
    assert summary.plans == 12 == OsaraPlan.objects.count()
    assert set(summary.by_status) == {"draft", "submitted", "under_review", "open", "finalised"}
    live = OsaraPlan.objects.filter(status="open")
    assert {"red", "amber", "green"} <= set(OsaraPlan.objects.values_list("rag", flat=True))
    assert all(p.reviews.exists() and p.next_review_due for p in live)
    finalised = OsaraPlan.objects.filter(status="finalised")
    assert all(p.outcome and p.finalised_at and p.assessment for p in finalised)
    assert PlanReview.objects.count() == summary.reviews > 0
    proposals = {services.propose_review(p).rag for p in OsaraPlan.objects.all()}
    assert {"red", "green"} <= proposals


def test_the_same_seed_gives_the_same_plans_and_replaces_the_old_ones(data):
    generate_plans(seed=7, plans=6, now=NOW)
    first = list(
        OsaraPlan.objects.order_by("reference").values_list("reference", "title", "status", "rag")
    )
    generate_plans(seed=7, plans=6, now=NOW)
    again = list(
        OsaraPlan.objects.order_by("reference").values_list("reference", "title", "status", "rag")
    )
    assert again == first and OsaraPlan.objects.count() == 6


def test_open_demo_plans_have_reviews_due_overdue_and_not_yet_due(data):
    generate_plans(seed=3, plans=24, now=timezone.now())
    states = {
        item.state
        for item in services.review_items(
            OsaraPlan.objects.filter(status="open"), timezone.localdate()
        )
    }
    assert "overdue" in states and len(states) >= 2


def test_the_command_makes_the_plans(data, capsys):
    call_command("demo_plans", "--seed", "5", "--plans", "5")
    assert "5 plans" in capsys.readouterr().out
    assert OsaraPlan.objects.count() == 5


def test_without_partnerships_the_command_says_what_to_run(db, capsys):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="asbhub setup"):
        call_command("demo_plans")
