"""Use cases of the crime data integrity review: screening incidents, the 24-hour queue,
decisions, queries to officers, the dip sample and the dashboard.

Every read of an incident goes through `incidents.services.open_incident` (scope check and
access log); every decision, query, answer and dip check is written to the review's audit
trail with the screening the reviewer saw.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from asbhub.core.audit import log_access
from asbhub.core.choices import AccessAction
from asbhub.core.models import Team
from asbhub.core.roles import role_of
from asbhub.incidents.models import Incident
from asbhub.incidents.services import (
    incidents_visible_to,
    latest_incident_month,
    officers,
    open_incident,
)
from asbhub.integrity import review, screening
from asbhub.integrity.choices import AuditAction, Decision, QueryStatus, ReviewStatus
from asbhub.integrity.models import (
    CdiAuditEntry,
    CdiQuery,
    CdiReview,
    DipSampleCheck,
    IncidentScreening,
)

REVIEW_PURPOSE = "Crime data integrity review"
SCREENING_FIELDS = [
    "screened_at",
    "rules_version",
    "describes_crime",
    "top_confidence",
    "groups",
    "result",
]


# --------------------------------------------------------------------------------------
# Who may do what
# --------------------------------------------------------------------------------------


def may_view_reviews(user: AbstractBaseUser) -> bool:
    """CDI reviewers and supervisors see the queue, the reviews and the dashboard."""
    return user.is_active and user.has_perm("integrity.view_cdireview")


def may_review(user: AbstractBaseUser) -> bool:
    """CDI reviewers and supervisors record decisions and raise queries."""
    return user.is_active and user.has_perm("integrity.change_cdireview")


def may_answer(user: AbstractBaseUser) -> bool:
    """Officers answer the queries put to them."""
    return user.is_active and user.has_perm("integrity.change_cdiquery")


def may_draw_sample(user: AbstractBaseUser) -> bool:
    """Supervisors draw the dip sample."""
    return user.is_active and user.has_perm("integrity.draw_dip_sample")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --------------------------------------------------------------------------------------
# Screening
# --------------------------------------------------------------------------------------


def answers_of(incident: Incident) -> dict[str, bool]:
    """The contact script's structured answers that the screening reads."""
    return {
        "hate_motivated": bool(getattr(incident, "hate_motivated", False)),
        "happened_before": bool(getattr(incident, "happened_before", False)),
        "victim_targeted": bool(getattr(incident, "victim_targeted", False)),
    }


def _screening_fields(incident: Incident, now: datetime) -> dict[str, Any]:
    result = screening.screen(incident.narrative, answers_of(incident))
    return {
        "screened_at": now,
        "rules_version": result.rules_version,
        "describes_crime": result.describes_crime,
        "top_confidence": result.top_confidence,
        "groups": list(result.groups),
        "result": result.as_dict(),
    }


def screen_incident(incident: Incident, now: datetime | None = None) -> IncidentScreening:
    """Screen one incident's narrative, store the result and open its 24-hour review.

    Called when an incident is saved (see apps.py), by the demo generator and by
    `asbhub screen-incidents`. A system action: nobody reads personal data, so nothing is
    written to the access log.
    """
    now = now or timezone.now()
    stored, _created = IncidentScreening.objects.update_or_create(
        incident=incident, defaults=_screening_fields(incident, now)
    )
    CdiReview.objects.get_or_create(
        incident=incident, defaults={"due_at": review.due_at(incident.reported_at)}
    )
    return stored


def incidents_to_screen(rescreen: bool = False) -> QuerySet[Incident]:
    """Incidents never screened (or all of them, to screen again after a rules change)."""
    incidents = Incident.objects.order_by("pk")
    return incidents if rescreen else incidents.filter(screening__isnull=True)


def screen_incidents(
    incidents: QuerySet[Incident],
    now: datetime | None = None,
    batch: int = 500,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Screen many incidents in batches (one transaction each); returns how many."""
    now = now or timezone.now()
    done = 0
    ids = list(incidents.values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = list(Incident.objects.filter(pk__in=ids[start : start + batch]))
        with transaction.atomic():
            existing = {
                s.incident_id: s for s in IncidentScreening.objects.filter(incident__in=chunk)
            }
            create, update = [], []
            for incident in chunk:
                fields = _screening_fields(incident, now)
                if incident.pk in existing:
                    stored = existing[incident.pk]
                    for name, value in fields.items():
                        setattr(stored, name, value)
                    update.append(stored)
                else:
                    create.append(IncidentScreening(incident=incident, **fields))
            IncidentScreening.objects.bulk_create(create)
            IncidentScreening.objects.bulk_update(update, SCREENING_FIELDS)
            reviewed = set(
                CdiReview.objects.filter(incident__in=chunk).values_list("incident_id", flat=True)
            )
            CdiReview.objects.bulk_create(
                CdiReview(incident=incident, due_at=review.due_at(incident.reported_at))
                for incident in chunk
                if incident.pk not in reviewed
            )
        done += len(chunk)
        if progress is not None:
            progress(len(chunk))
    return done


# --------------------------------------------------------------------------------------
# The queue
# --------------------------------------------------------------------------------------

SHOW_OPEN = "open"
SHOW_RECENT = "recent"


@dataclass(frozen=True)
class QueueItem:
    """One incident in the review queue (no names, no narrative)."""

    incident: Incident
    due: datetime
    clock: review.Clock
    groups: tuple[str, ...]
    confidence: float
    status: str
    open_queries: int
    screened: bool


def review_queue(
    user: AbstractBaseUser,
    now: datetime,
    show: str = SHOW_OPEN,
    page: int | str = 1,
    per_page: int = 50,
) -> tuple[Page, list[QueueItem]]:
    """The review queue: every incident not yet decided (or, with `show="recent"`, every
    incident received in the last 24 hours), ordered by the review clock and the screening.

    Overdue first, then those due within four hours, then the rest; within each band the
    likeliest crimes first, then the least time left. Raises PermissionDenied for roles that
    do not review.
    """
    _require(may_view_reviews(user))
    due = Coalesce(
        F("cdi_review__due_at"),
        ExpressionWrapper(F("reported_at") + review.REVIEW_WINDOW, output_field=DateTimeField()),
        output_field=DateTimeField(),
    )
    incidents = (
        incidents_visible_to(user)
        .select_related("csp", "screening", "cdi_review")
        .annotate(
            due=due,
            confidence=Coalesce(F("screening__top_confidence"), Value(0.0)),
            open_queries=Count("cdi_queries", filter=Q(cdi_queries__status=QueryStatus.OPEN)),
        )
    )
    if show == SHOW_RECENT:
        incidents = incidents.filter(reported_at__gte=now - review.REVIEW_WINDOW)
    else:
        incidents = incidents.exclude(cdi_review__status=ReviewStatus.DECIDED)
    incidents = incidents.annotate(
        band=Case(
            When(cdi_review__status=ReviewStatus.DECIDED, then=Value(3)),
            When(due__lt=now, then=Value(0)),
            When(due__lte=now + review.DUE_SOON, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("band", "-confidence", "due", "pk")
    paginator = Paginator(incidents, per_page)
    current = paginator.get_page(page)
    items = []
    for incident in current:
        stored = getattr(incident, "screening", None)
        status = getattr(getattr(incident, "cdi_review", None), "status", ReviewStatus.PENDING)
        items.append(
            QueueItem(
                incident=incident,
                due=incident.due,
                clock=review.clock(incident.due, now, decided=status == ReviewStatus.DECIDED),
                groups=tuple(stored.groups) if stored else (),
                confidence=float(incident.confidence or 0.0),
                status=status,
                open_queries=incident.open_queries,
                screened=stored is not None,
            )
        )
    return current, items


# --------------------------------------------------------------------------------------
# Reviewing one incident
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewFile:
    """Everything the review page shows for one incident."""

    incident: Incident
    screening: IncidentScreening
    review: CdiReview
    queries: list[CdiQuery]
    trail: list[CdiAuditEntry]


def open_for_review(
    user: AbstractBaseUser, pk: int, now: datetime, request: HttpRequest | None = None
) -> ReviewFile:
    """Open an incident for the review, screening it first if it never was.

    Checks the role (PermissionDenied) and the incident scope (Http404); the read is written
    to the access log by `open_incident`.
    """
    _require(may_view_reviews(user))
    incident = open_incident(user, pk, purpose=REVIEW_PURPOSE, request=request)
    stored = IncidentScreening.objects.filter(incident=incident).first()
    if stored is None:
        stored = screen_incident(incident, now)
    cdi_review, _created = CdiReview.objects.get_or_create(
        incident=incident, defaults={"due_at": review.due_at(incident.reported_at)}
    )
    return ReviewFile(
        incident=incident,
        screening=stored,
        review=cdi_review,
        queries=list(
            CdiQuery.objects.filter(incident=incident).select_related(
                "officer", "asked_by", "answered_by"
            )
        ),
        trail=list(CdiAuditEntry.objects.filter(incident=incident)),
    )


def _visible_incident(user: AbstractBaseUser, pk: int) -> Incident:
    try:
        return incidents_visible_to(user).get(pk=pk)
    except Incident.DoesNotExist:
        raise Http404 from None


def _screening_shown(incident: Incident, now: datetime) -> dict[str, Any]:
    """The stored screening as the reviewer saw it (screening it now if it never was)."""
    stored = IncidentScreening.objects.filter(incident=incident).first() or screen_incident(
        incident, now
    )
    return {
        "screened_at": stored.screened_at.isoformat(),
        "rules_version": stored.rules_version,
        "groups": list(stored.groups),
        "offences": [
            {
                "group": offence.get("group"),
                "classification": offence.get("classification"),
                "confidence": offence.get("confidence"),
                "evidence": [item.get("text") for item in offence.get("evidence", [])],
            }
            for offence in stored.offences
        ],
    }


def _audit(
    user: AbstractBaseUser,
    incident: Incident,
    action: str,
    details: dict[str, Any],
    shown: dict[str, Any],
    now: datetime,
) -> CdiAuditEntry:
    role = role_of(user)
    return CdiAuditEntry.objects.create(
        at=now,
        incident=incident,
        user=user,
        username=user.get_username(),
        role=role.slug if role else "",
        action=action,
        details=details,
        screening=shown,
    )


@transaction.atomic
def record_decision(
    user: AbstractBaseUser,
    pk: int,
    *,
    decision: str,
    now: datetime,
    no_crime_reason: str = "",
    crime_reference: str = "",
    classification: str = "",
    offence_group: str = "",
    notes: str = "",
    request: HttpRequest | None = None,
) -> CdiReview:
    """Record the review's decision: no crime (with a reason) or crime recorded (with the
    crime reference and classification).

    Checks the role (PermissionDenied) and scope (Http404). Writes the decision and the
    screening shown at the time to the review's audit trail, and the change to the access
    log. A decision may be recorded again (for example after an officer's answer); the
    trail keeps every one.
    """
    _require(may_review(user))
    if decision not in Decision.values:
        raise ValidationError(_("Choose a decision."))
    if decision == Decision.NO_CRIME and not no_crime_reason:
        raise ValidationError(_("Give the reason there is no crime."))
    if decision == Decision.CRIME_RECORDED and not (crime_reference and classification):
        raise ValidationError(_("Give the crime reference and the classification."))
    incident = _visible_incident(user, pk)
    cdi_review, _created = CdiReview.objects.select_for_update().get_or_create(
        incident=incident, defaults={"due_at": review.due_at(incident.reported_at)}
    )
    shown = _screening_shown(incident, now)
    crime = decision == Decision.CRIME_RECORDED
    cdi_review.status = ReviewStatus.DECIDED
    cdi_review.decision = decision
    cdi_review.no_crime_reason = "" if crime else no_crime_reason
    cdi_review.crime_reference = crime_reference.strip() if crime else ""
    cdi_review.classification = classification if crime else ""
    cdi_review.offence_group = offence_group if crime else ""
    cdi_review.notes = notes
    cdi_review.reviewer = user
    cdi_review.decided_at = now
    cdi_review.within_24h = now <= cdi_review.due_at
    cdi_review.screening_shown = shown
    cdi_review.save()
    _audit(
        user,
        incident,
        AuditAction.DECIDED,
        {
            "decision": decision,
            "no_crime_reason": cdi_review.no_crime_reason,
            "crime_reference": cdi_review.crime_reference,
            "classification": cdi_review.classification,
            "offence_group": cdi_review.offence_group,
            "within_24h": cdi_review.within_24h,
            "notes": notes,
        },
        shown,
        now,
    )
    log_access(
        user, AccessAction.CHANGE, incident, "Recorded the crime data integrity decision", request
    )
    return cdi_review


def query_officers() -> QuerySet:
    """The officers a reviewer may put a query to."""
    return officers()


@transaction.atomic
def raise_query(
    user: AbstractBaseUser,
    pk: int,
    *,
    officer: AbstractBaseUser,
    question: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> CdiQuery:
    """Put a question to an officer about an incident; the review waits for the answer.

    Checks the role (PermissionDenied), scope (Http404) and that the addressee answers
    queries (ValidationError). Writes the trail and the access log.
    """
    _require(may_review(user))
    if not question.strip():
        raise ValidationError(_("Write the question for the officer."))
    if not may_answer(officer):
        raise ValidationError(_("Choose an officer who can answer queries."))
    incident = _visible_incident(user, pk)
    query = CdiQuery.objects.create(
        incident=incident, officer=officer, question=question.strip(), asked_by=user, asked_at=now
    )
    cdi_review, _created = CdiReview.objects.get_or_create(
        incident=incident, defaults={"due_at": review.due_at(incident.reported_at)}
    )
    if cdi_review.status != ReviewStatus.DECIDED:
        cdi_review.status = ReviewStatus.QUERIED
        cdi_review.save(update_fields=["status"])
    _audit(
        user,
        incident,
        AuditAction.QUERIED,
        {"query": query.pk, "officer": officer.get_username(), "question": query.question},
        _screening_shown(incident, now),
        now,
    )
    log_access(user, AccessAction.CHANGE, incident, "Raised a crime data integrity query", request)
    return query


def open_queries_for(user: AbstractBaseUser) -> QuerySet[CdiQuery]:
    """The open queries put to this officer, oldest first (references only, no names)."""
    _require(may_answer(user))
    return (
        CdiQuery.objects.filter(officer=user, status=QueryStatus.OPEN)
        .select_related("incident", "incident__csp", "asked_by")
        .order_by("asked_at")
    )


def open_query(
    user: AbstractBaseUser, query_pk: int, request: HttpRequest | None = None
) -> CdiQuery:
    """Open a query put to this officer, with its incident (the read is logged).

    Only the officer it was put to may open it; anyone else gets Http404.
    """
    _require(may_answer(user))
    try:
        query = CdiQuery.objects.select_related("incident", "asked_by").get(
            pk=query_pk, officer=user
        )
    except CdiQuery.DoesNotExist:
        raise Http404 from None
    query.incident = open_incident(
        user, query.incident_id, purpose="Answering a crime data integrity query", request=request
    )
    return query


@transaction.atomic
def answer_query(
    user: AbstractBaseUser,
    query_pk: int,
    *,
    answer: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> CdiQuery:
    """Record the officer's answer; the incident goes back to the reviewer's queue."""
    _require(may_answer(user))
    if not answer.strip():
        raise ValidationError(_("Write your answer."))
    try:
        query = CdiQuery.objects.select_for_update().get(pk=query_pk, officer=user)
    except CdiQuery.DoesNotExist:
        raise Http404 from None
    if query.status == QueryStatus.ANSWERED:
        raise ValidationError(_("This query has been answered already."))
    query.answer = answer.strip()
    query.answered_by = user
    query.answered_at = now
    query.status = QueryStatus.ANSWERED
    query.save()
    incident = query.incident
    if not CdiQuery.objects.filter(incident=incident, status=QueryStatus.OPEN).exists():
        CdiReview.objects.filter(incident=incident, status=ReviewStatus.QUERIED).update(
            status=ReviewStatus.PENDING
        )
    _audit(
        user,
        incident,
        AuditAction.ANSWERED,
        {"query": query.pk, "answer": query.answer},
        _screening_shown(incident, now),
        now,
    )
    log_access(
        user, AccessAction.CHANGE, incident, "Answered a crime data integrity query", request
    )
    return query


# --------------------------------------------------------------------------------------
# The dip sample
# --------------------------------------------------------------------------------------


@transaction.atomic
def draw_dip_sample(
    user: AbstractBaseUser,
    *,
    since: datetime,
    until: datetime,
    seed: int,
    now: datetime,
    rate: float = review.DIP_SAMPLE_RATE,
) -> list[DipSampleCheck]:
    """Draw a random share (5%) of the "no crime" decisions made between `since` and
    `until` that were never drawn, for a second reviewer to re-check."""
    _require(may_draw_sample(user))
    pool = list(
        CdiReview.objects.filter(
            decision=Decision.NO_CRIME,
            decided_at__gte=since,
            decided_at__lt=until,
            dip_check__isnull=True,
        ).values_list("pk", flat=True)
    )
    chosen = review.draw_sample(pool, seed=seed, rate=rate)
    checks = []
    for cdi_review in CdiReview.objects.filter(pk__in=chosen).select_related("incident"):
        checks.append(
            DipSampleCheck.objects.create(review=cdi_review, drawn_at=now, drawn_by=user, seed=seed)
        )
        _audit(
            user,
            cdi_review.incident,
            AuditAction.SAMPLED,
            {"seed": seed, "rate": rate, "pool": len(pool)},
            cdi_review.screening_shown,
            now,
        )
    return checks


def dip_sample(user: AbstractBaseUser) -> QuerySet[DipSampleCheck]:
    """The dip sample checks, those waiting first (references only, no names)."""
    _require(may_view_reviews(user))
    return DipSampleCheck.objects.select_related(
        "review", "review__incident", "review__reviewer", "checker"
    ).order_by(F("checked_at").asc(nulls_first=True), "drawn_at", "pk")


@transaction.atomic
def record_dip_check(
    user: AbstractBaseUser,
    check_pk: int,
    *,
    agrees: bool,
    notes: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> DipSampleCheck:
    """Record the second reviewer's view of a "no crime" decision.

    The reviewer who made the decision may not check it (ValidationError).
    """
    _require(may_review(user))
    try:
        check = DipSampleCheck.objects.select_for_update().select_related("review").get(pk=check_pk)
    except DipSampleCheck.DoesNotExist:
        raise Http404 from None
    if check.review.reviewer_id == user.pk:
        raise ValidationError(_("A second reviewer must check this decision, not its author."))
    if check.checked_at is not None:
        raise ValidationError(_("This decision has been checked already."))
    incident = _visible_incident(user, check.review.incident_id)
    check.checker = user
    check.checked_at = now
    check.agrees = agrees
    check.notes = notes
    check.save()
    _audit(
        user,
        incident,
        AuditAction.CHECKED,
        {"agrees": agrees, "notes": notes, "check": check.pk},
        check.review.screening_shown,
        now,
    )
    log_access(
        user, AccessAction.CHANGE, incident, "Dip sample check of a no crime decision", request
    )
    return check


# --------------------------------------------------------------------------------------
# The dashboard
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardFigures:
    """The dashboard's figures, the period they cover, and the partnership of each team."""

    since: datetime
    until: datetime
    figures: review.Dashboard
    agreement: review.Agreement
    team_csps: dict[str, str] = field(default_factory=dict)


def review_dashboard(
    user: AbstractBaseUser, now: datetime, weeks: int = 12, until: datetime | None = None
) -> DashboardFigures:
    """The review's figures for the incidents reported in the `weeks` weeks up to `until`.

    `until` defaults to now, or to the latest report when the incident data ends before the
    weeks begin (see `_data_end`). The clock for "within 24 hours" is always `now`.
    """
    _require(may_view_reviews(user))
    if until is None:
        until = _data_end(user, now, weeks)
    since = until - timedelta(weeks=weeks)
    rows = (
        incidents_visible_to(user)
        .filter(reported_at__gte=since, reported_at__lte=until)
        .annotate(
            review_due=F("cdi_review__due_at"),
            decided=F("cdi_review__decided_at"),
            decision=Coalesce(F("cdi_review__decision"), Value("")),
            group=Coalesce(F("cdi_review__offence_group"), Value("")),
            flagged=F("screening__groups"),
            csp_name=Coalesce(F("csp__name"), Value("")),
            team_name=Coalesce(F("team__name"), Value("")),
        )
        .values_list(
            "reported_at",
            "review_due",
            "decided",
            "decision",
            "group",
            "flagged",
            "csp_name",
            "team_name",
        )
    )
    figures = review.dashboard(_rows(rows), now)
    outcomes = DipSampleCheck.objects.filter(
        review__incident__in=incidents_visible_to(user)
    ).values_list("agrees", flat=True)
    team_csps = dict(Team.objects.filter(name__in=figures.by_team).values_list("name", "csp__name"))
    return DashboardFigures(since, until, figures, review.agreement(outcomes), team_csps)


def _data_end(user: AbstractBaseUser, now: datetime, weeks: int) -> datetime:
    """Now, or the latest report when the incident data ends before the `weeks` weeks to now.

    Demo data and archives end in the past; a trickle since (the demo's live intake) does
    not count as data (see `latest_incident_month`), so the dashboard shows the weeks that
    have reviews to count rather than weeks of nothing but today's intake.
    """
    month = latest_incident_month()
    if month is None:
        return now
    after = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    end = datetime.combine(after, time.min, tzinfo=timezone.get_current_timezone())
    if end > now - timedelta(weeks=weeks):
        return now
    visible = incidents_visible_to(user).filter(reported_at__lt=end)
    latest = visible.aggregate(latest=Max("reported_at"))["latest"]
    return min(now, latest) if latest is not None else now


def _rows(values: Iterable[tuple]) -> Iterable[review.ReviewRow]:
    for reported, due, decided, decision, group, flagged, csp_name, team_name in values:
        local = timezone.localtime(reported)
        yield review.ReviewRow(
            reported_at=reported,
            due_at=due or review.due_at(reported),
            decided_at=decided,
            decision=decision or "",
            csp=csp_name or _("Not known"),
            week=review.week_of(local),
            offence_group=group or "",
            flagged_groups=tuple(flagged or ()),
            team=team_name or _("Not known"),
        )
