"""The demo's history of 24-hour reviews: seeded, realistic, and read by the dashboard; and
its live intake, open in the queue with the clocks running."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import Count, Max, QuerySet
from django.urls import reverse

from asbhub.core.choices import AreaStatus
from asbhub.core.models import CommunitySafetyPartnership
from asbhub.demo.generator import LIVE_HOURS
from asbhub.demo.models import DemoRun, PlantedTruth
from asbhub.demo.services import generate_demo
from asbhub.incidents.models import Incident
from asbhub.integrity.choices import AuditAction, Decision, QueryStatus, ReviewStatus
from asbhub.integrity.demo import RECENT, plant_review_history
from asbhub.integrity.models import (
    CdiAuditEntry,
    CdiQuery,
    CdiReview,
    DipSampleCheck,
    IncidentScreening,
)
from asbhub.integrity.services import (
    SHOW_RECENT,
    open_queries_for,
    review_dashboard,
    review_queue,
)
from asbhub.opendata.choices import ASB_CRIME_TYPE, FileKind
from asbhub.opendata.models import SourceFile, StreetRecord
from tests.conftest import PASSWORD
from tests.demo.conftest import make_points

POINTS = 700
NOW = datetime(2026, 3, 15, 9, 30, tzinfo=UTC)  # when the demo is made


@pytest.fixture
def demo_points(cast) -> dict:
    """700 police.uk ASB points in three months of 2024, and the cast."""
    csp = CommunitySafetyPartnership.objects.create(
        code="W14000022",
        name="Newport",
        slug="newport",
        local_authority_code="W06000022",
        force_code="W15000002",
    )
    points = make_points(POINTS, seed=5, months=3)
    records = []
    for number, month in enumerate(sorted({p.month for p in points}), start=1):
        source = SourceFile.objects.create(
            force="gwent",
            month=month,
            kind=FileKind.STREET,
            name=f"{month:%Y-%m}-gwent-street.csv",
            sha256=f"{number:064d}",
            rows=0,
        )
        records += [
            StreetRecord(
                source=source,
                line=line,
                month=p.month,
                reported_by="Gwent Police",
                falls_within="Gwent Police",
                longitude=p.longitude,
                latitude=p.latitude,
                location=p.location,
                lsoa_code=p.lsoa21_code,
                lsoa21_code=p.lsoa21_code,
                csp=csp,
                area=AreaStatus.IN_FORCE,
                crime_type=ASB_CRIME_TYPE,
            )
            for line, p in enumerate((p for p in points if p.month == month), start=2)
        ]
    StreetRecord.objects.bulk_create(records)
    return cast


@pytest.fixture
def demo(demo_points) -> dict:
    """Seeded demo data over the points, made at NOW (with its live intake)."""
    generate_demo(11, now=NOW)
    return demo_points


def _live() -> QuerySet[Incident]:
    return Incident.objects.filter(reported_at__gt=NOW - timedelta(hours=LIVE_HOURS))


def _decisions() -> list[tuple]:
    return list(
        CdiReview.objects.order_by("incident__reference").values_list(
            "incident__reference",
            "status",
            "decision",
            "no_crime_reason",
            "crime_reference",
            "classification",
            "reviewer__username",
            "decided_at",
        )
    )


def _true_crimes() -> set[int]:
    return {
        record_id
        for record_id, value in PlantedTruth.objects.filter(kind="narrative_offences").values_list(
            "record_id", "value"
        )
        if value["offences"]
    }


def test_the_same_seed_gives_the_same_decisions(demo) -> None:
    first = _decisions()
    assert any(row[2] == Decision.CRIME_RECORDED for row in first)
    generate_demo(11, now=NOW)  # replaces everything, the review trail included
    assert _decisions() == first
    generate_demo(12, now=NOW)
    assert _decisions() != first


def test_most_reviews_are_decided_within_24_hours_and_the_rest_late(demo) -> None:
    decided = CdiReview.objects.filter(status=ReviewStatus.DECIDED)
    within = decided.filter(within_24h=True).count()
    assert 0.85 <= within / decided.count() <= 0.97
    late = decided.filter(within_24h=False)
    assert late.exists()
    for cdi_review in decided.select_related("incident"):
        assert cdi_review.decided_at > cdi_review.incident.reported_at
        assert cdi_review.within_24h == (cdi_review.decided_at <= cdi_review.due_at)


def test_recorded_crimes_are_mostly_true_crimes_and_some_are_missed(demo) -> None:
    true = _true_crimes()
    decided = CdiReview.objects.filter(status=ReviewStatus.DECIDED)
    recorded = decided.filter(decision=Decision.CRIME_RECORDED)
    assert recorded.count() > 20
    assert (
        sum(1 for pk in recorded.values_list("incident_id", flat=True) if pk in true)
        / (recorded.count())
        >= 0.9
    )
    assert all(
        ref.startswith("GW/24/") for ref in recorded.values_list("crime_reference", flat=True)
    )
    assert not recorded.filter(classification="").exists()
    missed = decided.filter(incident_id__in=true, decision=Decision.NO_CRIME).exclude(
        no_crime_reason="already_recorded"
    )
    true_decided = decided.filter(incident_id__in=true).count()
    assert 0.03 <= missed.count() / true_decided <= 0.3
    assert not missed.filter(no_crime_reason="").exists()


def test_without_a_live_intake_the_last_two_days_stay_open_in_the_queue(demo_points) -> None:
    generate_demo(11, live=0, now=NOW)
    latest = Incident.objects.aggregate(latest=Max("reported_at"))["latest"]
    recent = CdiReview.objects.filter(incident__reported_at__gt=latest - RECENT)
    assert recent.exists()
    assert not recent.filter(status=ReviewStatus.DECIDED).exists()
    assert not recent.exclude(decision="").exists()
    older = CdiReview.objects.filter(
        incident__reported_at__lte=latest - RECENT - timedelta(days=14)
    )
    assert not older.exclude(status=ReviewStatus.DECIDED).exists()


def test_the_dashboard_reads_the_history(demo) -> None:
    latest = Incident.objects.aggregate(latest=Max("reported_at"))["latest"]
    for now in (latest, NOW + timedelta(days=20)):  # the live intake, made at NOW, and later
        figures = review_dashboard(demo["supervisor"], now=now)
        assert figures.until < NOW - timedelta(days=365)
        assert figures.figures.total.decided > 0
        assert figures.figures.total.share_within_24h > 0.8
        assert figures.figures.total.crimes > 0
        assert figures.agreement.checked > 0
        assert 0.6 <= figures.agreement.rate <= 1


def test_the_audit_trail_has_one_decision_entry_per_decision(demo) -> None:
    decided = CdiReview.objects.filter(status=ReviewStatus.DECIDED)
    entries = CdiAuditEntry.objects.filter(action=AuditAction.DECIDED)
    assert entries.count() == decided.count()
    by_incident = {e.incident_id: e for e in entries}
    for cdi_review in decided:
        entry = by_incident[cdi_review.incident_id]
        assert entry.at == cdi_review.decided_at
        assert entry.user_id == cdi_review.reviewer_id
        assert entry.role == "cdi_reviewer"
        assert entry.details["decision"] == cdi_review.decision
        assert entry.details["crime_reference"] == cdi_review.crime_reference
        assert entry.screening == cdi_review.screening_shown
    queries = CdiQuery.objects.all()
    assert CdiAuditEntry.objects.filter(action=AuditAction.QUERIED).count() == queries.count()
    answered = queries.filter(status=QueryStatus.ANSWERED).count()
    assert CdiAuditEntry.objects.filter(action=AuditAction.ANSWERED).count() == answered


def test_the_dip_sample_is_rechecked_by_a_second_reviewer(demo) -> None:
    checks = DipSampleCheck.objects.select_related("review")
    assert checks.exists()
    assert not checks.exclude(review__decision=Decision.NO_CRIME).exists()
    for check in checks.exclude(checked_at=None):
        assert check.checker_id != check.review.reviewer_id
        assert check.checked_at >= check.drawn_at >= check.review.decided_at
    no_crime = CdiReview.objects.filter(decision=Decision.NO_CRIME).count()
    assert 0.03 <= checks.count() / no_crime <= 0.07


def test_queries_are_answered_except_a_few_recent_ones(demo) -> None:
    queries = CdiQuery.objects.all()
    assert queries.filter(status=QueryStatus.ANSWERED).exists()
    for query in queries.filter(status=QueryStatus.OPEN).select_related("incident"):
        assert query.incident.cdi_review.status == ReviewStatus.QUERIED
    assert (
        open_queries_for(demo["officer"]).count()
        == queries.filter(officer=demo["officer"], status=QueryStatus.OPEN).count()
    )


def test_planting_again_changes_nothing(demo) -> None:
    before = _decisions()
    trail = CdiAuditEntry.objects.count()
    summary = plant_review_history(99)
    assert summary.decided == 0
    assert _decisions() == before
    assert CdiAuditEntry.objects.count() == trail


def test_the_live_intake_is_screened_and_open_with_its_clock_running(demo) -> None:
    live = _live()
    assert live.count() == DemoRun.objects.get().summary["live"] >= 5
    assert all(NOW - timedelta(hours=LIVE_HOURS) <= i.reported_at < NOW for i in live)
    assert IncidentScreening.objects.filter(incident__in=live).count() == live.count()
    reviews = CdiReview.objects.filter(incident__in=live)
    assert reviews.count() == live.count()
    assert set(reviews.values_list("status", "decision")) <= {
        (ReviewStatus.PENDING, ""),
        (ReviewStatus.QUERIED, ""),  # a few wait on an officer's answer
    }
    queried = set(CdiQuery.objects.filter(incident__in=live).values_list("incident", flat=True))
    assert set(reviews.filter(status=ReviewStatus.QUERIED).values_list("incident", flat=True)) == (
        queried
    )
    trail = CdiAuditEntry.objects.filter(incident__in=live)
    assert set(trail.values_list("action", flat=True)) <= {AuditAction.QUERIED}

    _page, items = review_queue(demo["cdi_reviewer"], NOW, per_page=1000)
    live_ids = set(live.values_list("pk", flat=True))
    clocks = {item.incident.pk: item.clock for item in items if item.incident.pk in live_ids}
    assert len(clocks) == live.count()
    for incident in live:
        clock = clocks[incident.pk]
        assert clock.seconds_left == int(
            (incident.reported_at + timedelta(hours=24) - NOW).total_seconds()
        )
        assert clock.overdue == (NOW - incident.reported_at > timedelta(hours=24))
    bands = [clock.band for clock in clocks.values()]
    assert 1 <= bands.count("overdue") <= 2
    assert bands.count("in_time") > len(bands) / 2
    _page, recent = review_queue(demo["cdi_reviewer"], NOW, show=SHOW_RECENT)
    assert {item.incident.pk for item in recent} == {
        pk for pk, clock in clocks.items() if not clock.overdue
    }


def test_the_queue_page_shows_the_time_left_on_the_live_intake(client, demo_points) -> None:
    generate_demo(11, live=20)  # made now, on the real clock the page reads
    client.login(username=demo_points["cdi_reviewer"].username, password=PASSWORD)
    page = client.get(reverse("integrity:queue"), {"show": "recent"}).content.decode()
    live = Incident.objects.exclude(reported_at__year=2024)
    assert live.count() == 20
    shown = [incident.reference for incident in live if incident.reference in page]
    assert len(shown) >= 15  # all but the one or two overdue, on the first page
    assert page.count("min left") >= 15


def _history() -> dict[str, object]:
    """The planted history, and the 2024 reviews left open, in counts and decisions."""
    decided = CdiReview.objects.filter(status=ReviewStatus.DECIDED)
    return {
        "decisions": _decisions_of(decided),
        "by_status": dict(
            CdiReview.objects.filter(incident__reported_at__year=2024)
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        ),
        "queries": CdiQuery.objects.count(),
        "open_queries": CdiQuery.objects.filter(status=QueryStatus.OPEN).count(),
        "dip_checks": DipSampleCheck.objects.count(),
        "trail": CdiAuditEntry.objects.count(),
    }


def _decisions_of(reviews: QuerySet[CdiReview]) -> list[tuple]:
    return list(
        reviews.order_by("incident__reference").values_list(
            "incident__reference", "decision", "crime_reference", "decided_at"
        )
    )


def test_with_a_live_intake_the_queue_holds_only_the_live_intake(demo) -> None:
    open_reviews = CdiReview.objects.exclude(status=ReviewStatus.DECIDED)
    assert set(open_reviews.values_list("incident", flat=True)) == set(
        _live().values_list("pk", flat=True)
    )
    open_queries = CdiQuery.objects.filter(status=QueryStatus.OPEN)
    assert set(open_queries.values_list("incident", flat=True)) <= set(
        _live().values_list("pk", flat=True)
    )


def test_officers_have_open_queries_about_the_live_intake(demo) -> None:
    queries = CdiQuery.objects.filter(status=QueryStatus.OPEN, incident__in=_live())
    assert 1 <= queries.count() <= 3
    for query in queries.select_related("incident", "incident__cdi_review"):
        assert query.incident.reported_at < query.asked_at < NOW
        assert query.incident.cdi_review.status == ReviewStatus.QUERIED
        assert query.incident.screening.describes_crime
        assert CdiAuditEntry.objects.filter(incident=query.incident, action="queried").exists()
    assert open_queries_for(demo["officer"]).exists()


def test_the_older_history_is_the_same_with_and_without_the_live_intake(demo_points) -> None:
    generate_demo(11, live=0, now=NOW)
    latest = Incident.objects.aggregate(latest=Max("reported_at"))["latest"]

    def older() -> list[tuple]:  # crime references are numbered over all, so left out
        reviews = CdiReview.objects.filter(incident__reported_at__lte=latest - RECENT)
        return list(
            reviews.order_by("incident__reference").values_list(
                "incident__reference", "status", "decision", "decided_at"
            )
        )

    without = older()
    assert without and not _live().exists()
    generate_demo(11, live=30, now=NOW)
    assert _live().count() == 30
    with_live = older()
    assert [row[0] for row in with_live] == [row[0] for row in without]
    # The same, except a review whose decision would come after the present: without a live
    # intake nothing is dated after it, so that one review is left open (and no other moves).
    changed = [(a, b) for a, b in zip(without, with_live, strict=True) if a != b]
    assert len(changed) <= len(without) // 100
    for (_ref, status, decision, decided_at), (_, _, _, live_decided_at) in changed:
        assert (status, decision, decided_at) == (ReviewStatus.PENDING, "", None)
        assert live_decided_at > latest


def test_the_same_seed_gives_the_same_live_intake_at_the_same_offsets(demo) -> None:
    def intake(now: datetime) -> list[tuple]:
        live = Incident.objects.filter(reported_at__gt=now - timedelta(hours=LIVE_HOURS))
        return [(i.reference, i.narrative, now - i.reported_at) for i in live.order_by("pk")]

    first = intake(NOW)
    later = NOW + timedelta(days=3, hours=5)
    generate_demo(11, now=later)
    assert intake(later) == first
