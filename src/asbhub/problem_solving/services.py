"""Use cases for problem-solving plans: the only door to them, and to the people they name.

Every read of a plan (it names victims, offenders and the people in its incidents) and
every change is written to the access log. Who may do what:

- officers and supervisors (`add_osaraplan`, `change_osaraplan`) write plans; a plan is
  changed only by its owner or its supervisor, and not once finalised;
- the POP officer (`review_osaraplan`) reviews every live plan with a RAG rating;
- force staff with `view_osaraplan` read every plan; anyone else gets a 404;
- analysts and PCC scrutiny (`view_dashboard`) see only the dashboard's aggregates.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from asbhub.core.audit import log_access
from asbhub.core.choices import AccessAction, AreaStatus
from asbhub.core.models import CommunitySafetyPartnership, Lsoa
from asbhub.incidents.choices import PartyRole
from asbhub.incidents.models import Incident, IncidentParty, Person
from asbhub.incidents.services import incidents_visible_to, latest_incident_month
from asbhub.opendata.choices import ASB_CRIME_TYPE
from asbhub.opendata.models import StreetRecord
from asbhub.problem_solving import analysis, rubric, schedule
from asbhub.problem_solving.choices import (
    EDITABLE_STATUSES,
    LIVE_STATUSES,
    Agency,
    Direction,
    MeasureSource,
    PlanStatus,
    Rag,
    ReviewKind,
)
from asbhub.problem_solving.models import (
    OsaraPlan,
    OutcomeCode,
    PlanReview,
    ResponseAction,
    ReviewReminder,
    SuccessMeasure,
)

logger = logging.getLogger(__name__)
User = AbstractBaseUser | AnonymousUser
DEFAULT_SCAN_MONTHS = 12


class PlanError(Exception):
    """A plan cannot do what was asked in its present state; the message says why."""


# ---------------------------------------------------------------------------------------
# Scope and permission


def plans_visible_to(user: User) -> QuerySet[OsaraPlan]:
    """The scope function for plans: active force staff with `view_osaraplan` see all.

    Partner users and roles without the permission see none.
    """
    if not user.is_active or not user.has_perm("problem_solving.view_osaraplan"):
        return OsaraPlan.objects.none()
    return OsaraPlan.objects.all()


def _plan_queryset(user: User) -> QuerySet[OsaraPlan]:
    return plans_visible_to(user).select_related(
        "owner", "supervisor", "csp", "hotspot__operation", "outcome"
    )


def get_plan(user: User, pk: int) -> OsaraPlan:
    """The plan if the user may see it, without logging (callers log what they do).

    Raises Http404 for a plan outside the user's scope: its existence is not revealed.
    """
    try:
        return _plan_queryset(user).get(pk=pk)
    except OsaraPlan.DoesNotExist:
        raise Http404 from None


@transaction.atomic
def open_plan(user: User, pk: int, purpose: str, request: HttpRequest | None = None) -> OsaraPlan:
    """Return a plan for reading, logging the view of the plan and of each person it names.

    Raises Http404 outside the user's scope.
    """
    plan = get_plan(user, pk)
    log_access(user, AccessAction.VIEW, plan, purpose, request)
    for person in plan.people.all():
        log_access(user, AccessAction.VIEW, person, purpose, request)
    return plan


def can_edit(user: User, plan: OsaraPlan) -> bool:
    """The owner or supervisor may change a plan that is not finalised."""
    return (
        user.is_active
        and user.has_perm("problem_solving.change_osaraplan")
        and plan.status in EDITABLE_STATUSES
        and user.pk in (plan.owner_id, plan.supervisor_id)
    )


def can_review(user: User, plan: OsaraPlan) -> bool:
    """The POP officer may review a live plan (submitted, under review or open)."""
    return (
        user.is_active
        and user.has_perm("problem_solving.review_osaraplan")
        and plan.status in LIVE_STATUSES
    )


def can_finalise(user: User, plan: OsaraPlan) -> bool:
    """The owner or supervisor may finalise an open plan."""
    return can_edit(user, plan) and plan.status == PlanStatus.OPEN


def _require_edit(user: User, plan: OsaraPlan) -> None:
    if not can_edit(user, plan):
        raise PermissionDenied(_("Only the plan's owner or supervisor may change it."))


def supervisors() -> QuerySet[Any]:
    """Active users who may supervise a plan (the supervisor role)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name="supervisor")
        .order_by("last_name", "first_name", "username")
    )


def person_name(user: AbstractBaseUser | None) -> str:
    """A user's full name, or their username when they have none."""
    if user is None:
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()


# ---------------------------------------------------------------------------------------
# Writing a plan


def _next_reference(year: int) -> str:
    """The next PS-YYYY-NNNN reference for the year."""
    prefix = f"PS-{year}-"
    last = (
        OsaraPlan.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def create_plan(
    user: User, fields: Mapping[str, Any], request: HttpRequest | None = None
) -> OsaraPlan:
    """Start a draft plan owned by the user; log its creation.

    Needs `add_osaraplan`. `fields` holds the model's simple fields (title, supervisor,
    team, csp, overview, …). Retries the reference once if another plan took it.
    """
    if not user.is_active or not user.has_perm("problem_solving.add_osaraplan"):
        raise PermissionDenied(_("Your role may not write problem-solving plans."))
    for attempt in range(3):
        try:
            with transaction.atomic():
                plan = OsaraPlan(owner=user, **fields)
                plan.reference = _next_reference(timezone.localdate().year)
                if plan.scan_first_month is None or plan.scan_last_month is None:
                    plan.scan_first_month, plan.scan_last_month = default_scan_period()
                plan.save()
                log_access(
                    user, AccessAction.CREATE, plan, "Started a problem-solving plan", request
                )
                return plan
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def update_plan(
    user: User,
    plan: OsaraPlan,
    fields: Mapping[str, Any],
    *,
    part: str,
    many: Mapping[str, Iterable[Any]] | None = None,
    request: HttpRequest | None = None,
) -> OsaraPlan:
    """Change part of a plan (simple fields and, optionally, its links); log the change.

    Checks that the user is the owner or supervisor and the plan is not finalised.
    `part` names what changed, for the access log (e.g. "analysis").
    """
    _require_edit(user, plan)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    for name, values in (many or {}).items():
        getattr(plan, name).set(list(values))
    log_access(user, AccessAction.CHANGE, plan, f"Changed the plan's {part}", request)
    return plan


@transaction.atomic
def save_measure(
    user: User,
    plan: OsaraPlan,
    measure: SuccessMeasure,
    request: HttpRequest | None = None,
) -> SuccessMeasure:
    """Add or change a success measure of the plan; log the change to the plan."""
    _require_edit(user, plan)
    measure.plan = plan
    measure.save()
    log_access(user, AccessAction.CHANGE, plan, "Changed the plan's success measures", request)
    return measure


@transaction.atomic
def remove_measure(
    user: User, plan: OsaraPlan, measure_pk: int, request: HttpRequest | None = None
) -> None:
    """Remove a success measure from the plan; log the change."""
    _require_edit(user, plan)
    deleted, _rows = plan.measures.filter(pk=measure_pk).delete()
    if not deleted:
        raise Http404
    log_access(user, AccessAction.CHANGE, plan, "Removed a success measure", request)


@transaction.atomic
def save_action(
    user: User, plan: OsaraPlan, action: ResponseAction, request: HttpRequest | None = None
) -> ResponseAction:
    """Add or change a response action of the plan; log the change to the plan."""
    _require_edit(user, plan)
    action.plan = plan
    action.save()
    log_access(user, AccessAction.CHANGE, plan, "Changed the plan's response actions", request)
    return action


@transaction.atomic
def remove_action(
    user: User, plan: OsaraPlan, action_pk: int, request: HttpRequest | None = None
) -> None:
    """Remove a response action from the plan; log the change."""
    _require_edit(user, plan)
    deleted, _rows = plan.actions.filter(pk=action_pk).delete()
    if not deleted:
        raise Http404
    log_access(user, AccessAction.CHANGE, plan, "Removed a response action", request)


def people_in_linked_incidents(plan: OsaraPlan) -> QuerySet[Person]:
    """The people recorded on the plan's linked incidents, who may be linked to the plan."""
    return (
        Person.objects.filter(parties__incident__in=plan.incidents.all())
        .distinct()
        .order_by("family_name", "given_name", "pk")
    )


def parts_in_incidents(plan: OsaraPlan) -> dict[int, tuple[str, ...]]:
    """Each person's parts (victim, suspect, …) across the plan's linked incidents."""
    parts: dict[int, set[str]] = defaultdict(set)
    rows = IncidentParty.objects.filter(incident__in=plan.incidents.all()).values_list(
        "person_id", "role"
    )
    for person_id, role in rows:
        parts[person_id].add(role)
    order = list(PartyRole.values)
    return {pk: tuple(sorted(roles, key=order.index)) for pk, roles in parts.items()}


def describe_person(person: Person, parts: Sequence[str] = ()) -> str:
    """A person's name, year of birth and parts, e.g. "Sian Prosser (born 1961; victim)"."""
    name = " ".join(p for p in (person.given_name, person.family_name) if p) or str(person)
    details = []
    if person.date_of_birth:
        details.append(_("born %(year)s") % {"year": person.date_of_birth.year})
    labels = dict(PartyRole.choices)
    if parts:
        details.append(", ".join(str(labels.get(part, part)) for part in parts))
    return f"{name} ({'; '.join(details)})" if details else name


def incidents_by_reference(
    user: User, references: Sequence[str]
) -> tuple[list[Incident], list[str]]:
    """The incidents in the user's scope with these references, and the references not found.

    References are matched in capitals, as the force writes them (GW-2024-000123).
    """
    wanted = list(dict.fromkeys(ref.strip().upper() for ref in references if ref.strip()))
    found = {i.reference: i for i in incidents_visible_to(user).filter(reference__in=wanted)}
    return [found[ref] for ref in wanted if ref in found], [r for r in wanted if r not in found]


# ---------------------------------------------------------------------------------------
# Lifecycle: submit, review, finalise


def _today() -> dt.date:
    return timezone.localdate()


@transaction.atomic
def submit_plan(user: User, plan: OsaraPlan, request: HttpRequest | None = None) -> OsaraPlan:
    """Send a draft plan to the POP officer for review; log the change.

    Needs an objective and a problem statement at least. The first review falls due a
    month after submission. Raises PlanError when the plan is not a draft or is too thin.
    """
    _require_edit(user, plan)
    if plan.status != PlanStatus.DRAFT:
        raise PlanError(_("Only a draft plan can be submitted."))
    if not plan.objective.strip() or not plan.problem_statement.strip():
        raise PlanError(
            _("Write the objective and the problem statement before submitting the plan.")
        )
    now = timezone.now()
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = now
    plan.next_review_due = schedule.next_review_due(timezone.localdate(now), None)
    plan.save(update_fields=["status", "submitted_at", "next_review_due", "updated_at"])
    log_access(user, AccessAction.CHANGE, plan, "Submitted the plan for review", request)
    return plan


@transaction.atomic
def start_review(user: User, plan: OsaraPlan, request: HttpRequest | None = None) -> OsaraPlan:
    """Mark a submitted plan as under review by the POP officer; log the change."""
    if not can_review(user, plan):
        raise PermissionDenied(_("Only the POP officer may review plans."))
    if plan.status != PlanStatus.SUBMITTED:
        raise PlanError(_("Only a submitted plan can be taken for review."))
    plan.status = PlanStatus.UNDER_REVIEW
    plan.save(update_fields=["status", "updated_at"])
    log_access(user, AccessAction.CHANGE, plan, "Started the review of a new plan", request)
    return plan


def plan_facts(plan: OsaraPlan, *, finalising: bool = False) -> rubric.PlanFacts:
    """The plan as the rubric sees it: plain values."""

    def number(value: Decimal | None) -> float | None:
        return float(value) if value is not None else None

    return rubric.PlanFacts(
        objective=plan.objective,
        problem_statement=plan.problem_statement,
        has_area=not area_of(plan).is_empty,
        has_period=plan.scan_first_month is not None and plan.scan_last_month is not None,
        victim=plan.victim,
        offender=plan.offender,
        location=plan.location,
        guardians=plan.guardians,
        handlers=plan.handlers,
        place_managers=plan.place_managers,
        evidence=plan.evidence,
        measures=tuple(
            rubric.MeasureFacts(
                m.name,
                number(m.baseline_value),
                m.baseline_period,
                number(m.target_value),
                m.how_measured,
                number(m.result_value),
            )
            for m in plan.measures.all()
        ),
        actions=tuple(
            rubric.ActionFacts(a.description, a.owner, a.agency, a.due_date)
            for a in plan.actions.exclude(status="cancelled")
        ),
        assessment=plan.assessment,
        finalising=finalising,
    )


def propose_review(plan: OsaraPlan, *, finalising: bool = False) -> rubric.Proposal:
    """The rubric's proposed scores and rating for the plan, with the checks behind them."""
    return rubric.propose(plan_facts(plan, finalising=finalising))


@transaction.atomic
def record_review(
    user: User,
    plan: OsaraPlan,
    *,
    rag: str,
    feedback: str,
    scores: Mapping[str, int | None],
    request: HttpRequest | None = None,
) -> PlanReview:
    """Record the POP officer's RAG rating, rubric scores and feedback; open the plan.

    The first review of a new plan opens it (it is then reviewed monthly); later reviews
    are monthly ones. The next review falls due a month from today. The proposed scores
    are stored beside the reviewer's. The owner and supervisor are e-mailed the feedback.
    Logs the change.
    """
    if not can_review(user, plan):
        raise PermissionDenied(_("Only the POP officer may review plans."))
    if rag not in Rag.values:
        raise PlanError(_("Choose red, amber or green."))
    if not feedback.strip():
        raise PlanError(_("Write feedback for the owner and supervisor."))
    proposal = propose_review(plan)
    kind = ReviewKind.MONTHLY if plan.status == PlanStatus.OPEN else ReviewKind.INITIAL
    review = PlanReview.objects.create(
        plan=plan,
        reviewer=user,
        kind=kind,
        rag=rag,
        feedback=feedback.strip(),
        scores={k: v for k, v in scores.items() if k in rubric.CRITERIA},
        proposed_scores=proposal.as_dict(),
        proposed_rag=proposal.rag,
    )
    today = _today()
    plan.rag = rag
    plan.next_review_due = schedule.next_review_due(None, today)
    if plan.status != PlanStatus.OPEN:
        plan.status = PlanStatus.OPEN
        plan.opened_at = plan.opened_at or timezone.now()
    plan.save(update_fields=["rag", "next_review_due", "status", "opened_at", "updated_at"])
    log_access(user, AccessAction.CHANGE, plan, f"Reviewed the plan: {rag}", request)
    transaction.on_commit(lambda: _send_feedback(review))
    return review


def active_outcome_codes() -> QuerySet[OutcomeCode]:
    """The outcome codes offered at finalisation."""
    return OutcomeCode.objects.filter(active=True)


@transaction.atomic
def finalise_plan(
    user: User,
    plan: OsaraPlan,
    *,
    outcome: OutcomeCode,
    outcome_note: str = "",
    request: HttpRequest | None = None,
) -> OsaraPlan:
    """Close an open plan with an outcome code; log the change.

    Needs the owner or supervisor, an open plan, an outcome code in use and a written
    assessment (the rubric's assessment check must not score 0). Monthly reviews stop.
    """
    _require_edit(user, plan)
    if plan.status != PlanStatus.OPEN:
        raise PlanError(_("Only an open plan can be finalised."))
    if not outcome.active:
        raise PlanError(_("That outcome code is no longer in use."))
    if rubric.score_assessment(plan_facts(plan, finalising=True)).score == rubric.MISSING:
        raise PlanError(_("Write the assessment before finalising the plan."))
    plan.status = PlanStatus.FINALISED
    plan.outcome = outcome
    plan.outcome_note = outcome_note.strip()
    plan.finalised_at = timezone.now()
    plan.next_review_due = None
    plan.save(
        update_fields=[
            "status",
            "outcome",
            "outcome_note",
            "finalised_at",
            "next_review_due",
            "updated_at",
        ]
    )
    log_access(user, AccessAction.CHANGE, plan, f"Finalised the plan: {outcome.code}", request)
    return plan


# ---------------------------------------------------------------------------------------
# The data for the plan's area


def area_of(plan: OsaraPlan) -> analysis.Area:
    """The plan's area: its LSOAs, streets, drawn polygon and hotspot boundary."""
    polygons = [g for g in (plan.polygon, plan.hotspot.boundary if plan.hotspot else None) if g]
    if plan.pk is None:
        codes: frozenset[str] = frozenset()
    else:
        codes = frozenset(plan.lsoas.values_list("code", flat=True))
    return analysis.Area(codes, tuple(plan.street_list), tuple(polygons))


def _prefilter(area: analysis.Area, lsoa_field: str, location_field: str) -> Q:
    """A database filter that keeps every record that might be in the area (and some not)."""
    query = Q(pk__in=[])
    if area.lsoa_codes:
        query |= Q(**{f"{lsoa_field}__in": sorted(area.lsoa_codes)})
    for street in area.streets:
        key = analysis.street_key(street)
        if key:
            query |= Q(**{f"{location_field}__icontains": key})
    shape = analysis.geometry_of(area.polygons)
    if shape is not None:
        west, south, east, north = shape.bounds
        query |= Q(
            longitude__gte=west, longitude__lte=east, latitude__gte=south, latitude__lte=north
        )
    return query


def latest_policeuk_month() -> dt.date | None:
    """The latest month with police.uk ASB records loaded."""
    return StreetRecord.objects.filter(crime_type=ASB_CRIME_TYPE).aggregate(m=Max("month"))["m"]


def default_scan_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """Twelve months ending with the latest month of data (or the month before today)."""
    today = today or _today()
    last_full = analysis.add_months(analysis.first_of_month(today), -1)
    latest = max((m for m in (latest_policeuk_month(), latest_incident_month()) if m), default=None)
    last = min(latest, last_full) if latest else last_full
    return analysis.add_months(last, -(DEFAULT_SCAN_MONTHS - 1)), last


def policeuk_records(area: analysis.Area, first: dt.date, last: dt.date) -> list[analysis.Record]:
    """police.uk ASB records that may be in the area, as plain records (open data)."""
    if area.is_empty:
        return []
    rows = (
        StreetRecord.objects.filter(
            crime_type=ASB_CRIME_TYPE,
            month__gte=first,
            month__lte=last,
        )
        .exclude(area=AreaStatus.OUTSIDE_FORCE)
        .filter(_prefilter(area, "lsoa21_code", "location"))
        .values_list("month", "lsoa21_code", "longitude", "latitude", "location")
    )
    return [analysis.Record(*row) for row in rows]


def incident_records(area: analysis.Area, first: dt.date, last: dt.date) -> list[analysis.Record]:
    """The force's ASB incidents that may be in the area, as plain records (no people)."""
    if area.is_empty:
        return []
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(analysis.add_months(last, 1), dt.time.min, tzinfo=zone)
    rows = (
        Incident.objects.filter(reported_at__gte=start, reported_at__lt=end)
        .filter(_prefilter(area, "lsoa21_code", "location"))
        .values_list("reported_at", "lsoa21_code", "longitude", "latitude", "location")
    )
    return [
        analysis.Record(timezone.localtime(at, zone).date(), lsoa, lon, lat, location)
        for at, lsoa, lon, lat, location in rows
    ]


@dataclass(frozen=True)
class SourceSeries:
    """One source's monthly counts in the plan's area (None for months not loaded)."""

    source: str
    counts: tuple[int | None, ...]
    trend: analysis.Trend
    latest: dt.date | None


@dataclass(frozen=True)
class AreaData:
    """The data pulled in for the plan's area over a span of months."""

    months: tuple[dt.date, ...]
    series: tuple[SourceSeries, ...]
    empty_area: bool

    def series_for(self, source: str) -> SourceSeries:
        """One source's series."""
        return next(s for s in self.series if s.source == source)


def _series(
    source: str,
    records: Sequence[analysis.Record],
    area: analysis.Area,
    months: Sequence[dt.date],
    latest: dt.date | None,
) -> SourceSeries:
    counts = analysis.monthly_counts(records, area, months[0], months[-1]) if months else []
    shown = tuple(
        c if latest and m <= latest else None for m, c in zip(months, counts, strict=True)
    )
    known = [c for c in shown if c is not None]
    return SourceSeries(source, shown, analysis.trend(known), latest)


def area_data(plan: OsaraPlan, first: dt.date, last: dt.date) -> AreaData:
    """Incidents and police.uk ASB records per month in the plan's area, with trends.

    Months after a source's latest loaded month count as unknown (None), not zero.
    """
    area = area_of(plan)
    months = tuple(analysis.months_between(first, last))
    if not months:
        return AreaData((), (), area.is_empty)
    incidents = _series(
        MeasureSource.INCIDENTS,
        incident_records(area, first, last),
        area,
        months,
        latest_incident_month(),
    )
    policeuk = _series(
        MeasureSource.POLICEUK,
        policeuk_records(area, first, last),
        area,
        months,
        latest_policeuk_month(),
    )
    return AreaData(months, (incidents, policeuk), area.is_empty)


def scanning_data(plan: OsaraPlan) -> AreaData | None:
    """The data for the plan's scanning period, or None before the period is set."""
    if plan.scan_first_month is None or plan.scan_last_month is None:
        return None
    return area_data(plan, plan.scan_first_month, plan.scan_last_month)


@dataclass(frozen=True)
class SourceComparison:
    """One source's baseline against the months since the response began."""

    source: str
    result: analysis.BeforeAfter


@dataclass(frozen=True)
class AssessmentData:
    """Before and after the response began, from the data for the plan's area."""

    data: AreaData
    split_at: int
    comparisons: tuple[SourceComparison, ...]
    after_first: dt.date
    after_last: dt.date
    baseline_last: dt.date


def assessment_data(plan: OsaraPlan, today: dt.date | None = None) -> AssessmentData | None:
    """Compare the scanning period (the baseline) with the months since the response began.

    The after-period runs from the month the response began to the last complete month
    (or the month the plan was finalised), and no further than the latest month of data;
    a source with less data shows its missing months as unknown. None until the scanning
    period and the start of the response are set, or when no month of data follows it.
    """
    if plan.scan_first_month is None or plan.scan_last_month is None or not plan.response_started:
        return None
    today = today or _today()
    after_first = max(
        analysis.first_of_month(plan.response_started), analysis.add_months(plan.scan_last_month, 1)
    )
    last_full = analysis.add_months(analysis.first_of_month(today), -1)
    end = timezone.localtime(plan.finalised_at).date() if plan.finalised_at else today
    latest = max((m for m in (latest_policeuk_month(), latest_incident_month()) if m), default=None)
    if latest is None:
        return None
    after_last = min(last_full, analysis.first_of_month(end), latest)
    if after_last < after_first:
        return None
    data = area_data(plan, plan.scan_first_month, after_last)
    split_at = data.months.index(after_first)
    baseline_months = len(analysis.months_between(plan.scan_first_month, plan.scan_last_month))
    comparisons = []
    for series in data.series:
        before = [c for c in series.counts[:baseline_months] if c is not None]
        after = [c for c in series.counts[split_at:] if c is not None]
        comparisons.append(SourceComparison(series.source, analysis.before_after(before, after)))
    return AssessmentData(
        data, split_at, tuple(comparisons), after_first, after_last, plan.scan_last_month
    )


@dataclass(frozen=True)
class MeasureReading:
    """A success measure beside its progress, and the figures the data gives for it."""

    measure: SuccessMeasure
    progress: analysis.Progress
    data_baseline: float | None
    data_result: float | None


def measure_readings(plan: OsaraPlan, assessment: AssessmentData | None) -> list[MeasureReading]:
    """Each measure's progress; for measures drawn from the data, the data's monthly means."""
    by_source = {c.source: c.result for c in assessment.comparisons} if assessment else {}
    readings = []
    for measure in plan.measures.all():

        def number(value: Decimal | None) -> float | None:
            return float(value) if value is not None else None

        progress = analysis.measure_progress(
            number(measure.baseline_value),
            number(measure.target_value),
            number(measure.result_value),
            lower_is_better=measure.direction == Direction.DECREASE,
        )
        comparison = by_source.get(measure.source)
        readings.append(
            MeasureReading(
                measure,
                progress,
                comparison.before_mean if comparison and comparison.before_months else None,
                comparison.after_mean if comparison and comparison.after_months else None,
            )
        )
    return readings


# ---------------------------------------------------------------------------------------
# Monthly reviews and reminders


@dataclass(frozen=True)
class ReviewItem:
    """A live plan and where its review stands today."""

    plan: OsaraPlan
    due: dt.date | None
    state: str
    days_overdue: int


def review_items(plans: Iterable[OsaraPlan], today: dt.date) -> list[ReviewItem]:
    """Each live plan with its review state, the most overdue first."""
    items = [
        ReviewItem(
            plan,
            plan.next_review_due,
            schedule.review_state(plan.next_review_due, today),
            schedule.days_overdue(plan.next_review_due, today),
        )
        for plan in plans
    ]
    return sorted(items, key=lambda i: (i.due or dt.date.max, i.plan.reference))


def reviews_due(user: User, today: dt.date | None = None) -> list[ReviewItem]:
    """Live plans whose review is due this month or overdue, for this user.

    The POP officer sees every such plan; owners and supervisors see their own.
    """
    today = today or _today()
    plans = _plan_queryset(user).filter(status__in=LIVE_STATUSES)
    if not user.has_perm("problem_solving.review_osaraplan"):
        plans = plans.filter(Q(owner=user) | Q(supervisor=user))
    items = review_items(plans, today)
    return [i for i in items if i.state in (schedule.DUE, schedule.OVERDUE)]


@dataclass(frozen=True)
class Reminder:
    """A line on the home page: what needs doing, and where."""

    text: str
    url: str
    overdue: bool


def reminders_for(user: User, today: dt.date | None = None) -> list[Reminder]:
    """The home page's problem-solving reminders for this user, the most urgent first.

    The POP officer: every new plan waiting for its first review, then monthly reviews
    due or overdue. Owners and supervisors: their plans' reviews due or overdue, then
    their plans rated red or amber in the last fortnight (read the feedback). Shows plan
    references and titles only, never people.
    """
    today = today or _today()
    if not user.is_active or not user.has_perm("problem_solving.view_osaraplan"):
        return []
    reminders: list[Reminder] = []
    shown: set[int] = set()

    def add(plan: OsaraPlan, text: str, overdue: bool, anchor: str = "") -> None:
        url = reverse("problem_solving:detail", args=[plan.pk]) + anchor
        reminders.append(Reminder(text, url, overdue))
        shown.add(plan.pk)

    reviewer = user.has_perm("problem_solving.review_osaraplan")
    if reviewer:
        waiting = (
            _plan_queryset(user)
            .filter(status__in=(PlanStatus.SUBMITTED, PlanStatus.UNDER_REVIEW))
            .order_by("submitted_at", "pk")
        )
        for plan in waiting:
            names = {"reference": plan.reference, "title": plan.title}
            add(
                plan,
                _("%(reference)s %(title)s: new plan waiting for its first review") % names,
                schedule.review_state(plan.next_review_due, today) == schedule.OVERDUE,
            )
    for item in reviews_due(user, today):
        plan = item.plan
        if plan.pk in shown:
            continue
        names = {"reference": plan.reference, "title": plan.title}
        if plan.status != PlanStatus.OPEN:
            text = _("%(reference)s %(title)s: waiting for its first review") % names
        elif item.state == schedule.OVERDUE:
            text = ngettext(
                "%(reference)s %(title)s: monthly review overdue by %(days)s day",
                "%(reference)s %(title)s: monthly review overdue by %(days)s days",
                item.days_overdue,
            ) % {**names, "days": item.days_overdue}
        else:
            text = _("%(reference)s %(title)s: monthly review due by %(date)s") % {
                **names,
                "date": date_format(item.due, "j F Y"),
            }
        add(plan, text, item.state == schedule.OVERDUE)
    if not reviewer:
        rated = (
            _plan_queryset(user)
            .filter(
                Q(owner=user) | Q(supervisor=user),
                status=PlanStatus.OPEN,
                rag__in=(Rag.RED, Rag.AMBER),
            )
            .annotate(last_review=Max("reviews__reviewed_at"))
            .filter(last_review__gt=timezone.now() - dt.timedelta(days=14))
            .exclude(pk__in=shown)
        )
        for plan in rated:
            names = {
                "reference": plan.reference,
                "title": plan.title,
                "rag": plan.get_rag_display(),
            }
            add(
                plan,
                _("%(reference)s %(title)s: rated %(rag)s, read the POP officer's feedback")
                % names,
                False,
                "#reviews",
            )
    return reminders


@dataclass(frozen=True)
class ReminderRun:
    """What one run of the e-mail reminders did."""

    month: dt.date
    sent: int
    already_sent: int
    no_address: int

    def line(self) -> str:
        """One summary line for the command."""
        return _(
            "Review reminders for %(month)s: %(sent)s sent, %(already)s already sent this "
            "month, %(none)s with no e-mail address."
        ) % {
            "month": f"{self.month:%Y-%m}",
            "sent": self.sent,
            "already": self.already_sent,
            "none": self.no_address,
        }


def _addresses(plan: OsaraPlan) -> list[str]:
    people = [plan.owner, plan.supervisor]
    return sorted({u.email for u in people if u is not None and u.is_active and u.email})


def send_review_reminders(today: dt.date | None = None) -> ReminderRun:
    """E-mail the owner and supervisor of every live plan whose review is due or overdue.

    Idempotent per plan and month: a `ReviewReminder` row records each e-mail sent, so a
    second run in the same month sends nothing again. A plan whose owner and supervisor
    have no e-mail address is counted and skipped (and tried again next run). Each
    e-mail is sent and recorded in its own transaction, so a failure part-way keeps
    what was sent. E-mails carry the plan's reference and title, never people's details.
    """
    today = today or _today()
    month = schedule.reminder_month(today)
    sent = already = no_address = 0
    plans = OsaraPlan.objects.filter(status__in=LIVE_STATUSES).select_related("owner", "supervisor")
    connection = get_connection()
    for item in review_items(plans, today):
        if item.state not in (schedule.DUE, schedule.OVERDUE):
            continue
        plan = item.plan
        if ReviewReminder.objects.filter(plan=plan, month=month).exists():
            already += 1
            continue
        recipients = _addresses(plan)
        if not recipients:
            no_address += 1
            continue
        with transaction.atomic():
            _record, created = ReviewReminder.objects.get_or_create(
                plan=plan, month=month, defaults={"recipients": len(recipients)}
            )
            if not created:
                already += 1
                continue
            _mail(
                "problem_solving/email/review_reminder",
                {
                    "plan": plan,
                    "item": item,
                    "url": _absolute(reverse("problem_solving:detail", args=[plan.pk])),
                },
                recipients,
                connection,
            )
            sent += 1
    return ReminderRun(month, sent, already, no_address)


def _absolute(path: str) -> str:
    """A link for an e-mail: ASBHUB_SITE_URL (when set) before the path."""
    base = getattr(settings, "ASBHUB_SITE_URL", "") or ""
    return base.rstrip("/") + path


def _mail(template: str, context: dict[str, Any], to: list[str], connection: Any = None) -> None:
    """Send a plain-text e-mail from `<template>_subject.txt` and `<template>.txt`."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to, connection=connection).send()


def _send_feedback(review: PlanReview) -> None:
    """E-mail a review's rating and feedback to the plan's owner and supervisor."""
    plan = review.plan
    recipients = _addresses(plan)
    if not recipients:
        return
    try:
        _mail(
            "problem_solving/email/review_feedback",
            {
                "plan": plan,
                "review": review,
                "url": _absolute(reverse("problem_solving:detail", args=[plan.pk])),
            },
            recipients,
        )
    except OSError:
        logger.exception("Could not e-mail the review of plan %s", plan.pk)


# ---------------------------------------------------------------------------------------
# The dashboard: aggregates only


@dataclass(frozen=True)
class Dashboard:
    """Plans counted by status, partnership, rating and outcome; reviews overdue; durations."""

    total: int
    by_status: tuple[tuple[str, int], ...]
    by_csp: tuple[tuple[CommunitySafetyPartnership, dict[str, int]], ...]
    by_rag: tuple[tuple[str, int], ...]
    overdue_by_csp: tuple[tuple[CommunitySafetyPartnership, int, int], ...]
    overdue: int
    outcomes: tuple[tuple[OutcomeCode, int], ...]
    time_to_finalise: analysis.DurationSummary
    time_by_csp: tuple[tuple[CommunitySafetyPartnership, analysis.DurationSummary], ...]
    rag_history: tuple[tuple[dt.date, dict[str, int]], ...]


def dashboard(user: User, today: dt.date | None = None) -> Dashboard:
    """Counts for the problem-solving dashboard: no plan content and no people.

    Needs `view_dashboard`. Time to finalise runs from submission (or creation, for a
    plan never submitted) to finalisation.
    """
    if not user.is_active or not user.has_perm("problem_solving.view_dashboard"):
        raise PermissionDenied
    today = today or _today()
    plans = OsaraPlan.objects.all()
    status_counts = Counter(dict(plans.values_list("status").annotate(n=Count("id"))))
    by_status = tuple((status, status_counts.get(status, 0)) for status in PlanStatus.values)
    csps = list(CommunitySafetyPartnership.objects.order_by("name"))
    matrix: dict[int, dict[str, int]] = defaultdict(dict)
    for csp_id, status, n in plans.values_list("csp", "status").annotate(n=Count("id")):
        matrix[csp_id][status] = n
    by_csp = tuple((csp, dict(matrix.get(csp.pk, {}))) for csp in csps)
    live = plans.filter(status__in=LIVE_STATUSES)
    rag_counts = Counter(dict(live.exclude(rag="").values_list("rag").annotate(n=Count("id"))))
    unrated = live.filter(rag="").count()
    by_rag = tuple((rag, rag_counts.get(rag, 0)) for rag in Rag.values) + (("", unrated),)
    overdue_csp: Counter[int] = Counter()
    live_csp: Counter[int] = Counter()
    for csp_id, due in live.values_list("csp", "next_review_due"):
        live_csp[csp_id] += 1
        if schedule.review_state(due, today) == schedule.OVERDUE:
            overdue_csp[csp_id] += 1
    overdue_by_csp = tuple((csp, live_csp[csp.pk], overdue_csp[csp.pk]) for csp in csps)
    outcome_counts = Counter(
        dict(
            plans.filter(status=PlanStatus.FINALISED, outcome__isnull=False)
            .values_list("outcome")
            .annotate(n=Count("id"))
        )
    )
    outcomes = tuple(
        (code, outcome_counts.get(code.pk, 0))
        for code in OutcomeCode.objects.all()
        if outcome_counts.get(code.pk, 0) or code.active
    )
    days_by_csp: dict[int, list[int]] = defaultdict(list)
    for csp_id, created, submitted, finalised in plans.filter(
        status=PlanStatus.FINALISED, finalised_at__isnull=False
    ).values_list("csp", "created_at", "submitted_at", "finalised_at"):
        start = submitted or created
        days_by_csp[csp_id].append(max((finalised - start).days, 0))
    all_days = [d for days in days_by_csp.values() for d in days]
    time_by_csp = tuple(
        (csp, analysis.duration_summary(days_by_csp.get(csp.pk, []))) for csp in csps
    )
    return Dashboard(
        total=sum(status_counts.values()),
        by_status=by_status,
        by_csp=by_csp,
        by_rag=by_rag,
        overdue_by_csp=overdue_by_csp,
        overdue=sum(overdue_csp.values()),
        outcomes=outcomes,
        time_to_finalise=analysis.duration_summary(all_days),
        time_by_csp=time_by_csp,
        rag_history=_rag_history(today),
    )


def _rag_history(today: dt.date, months: int = 12) -> tuple[tuple[dt.date, dict[str, int]], ...]:
    """Reviews given per month by rating, for the last `months` months."""
    first = analysis.add_months(analysis.first_of_month(today), -(months - 1))
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    counts: dict[dt.date, Counter[str]] = defaultdict(Counter)
    for at, rag in PlanReview.objects.filter(reviewed_at__gte=start).values_list(
        "reviewed_at", "rag"
    ):
        counts[analysis.first_of_month(timezone.localtime(at, zone).date())][rag] += 1
    return tuple(
        (month, dict(counts.get(month, Counter())))
        for month in analysis.months_between(first, analysis.first_of_month(today))
    )


def overdue_plans(user: User, today: dt.date | None = None) -> list[ReviewItem]:
    """Live plans whose review is overdue, for users who may read plans (else none)."""
    today = today or _today()
    items = review_items(_plan_queryset(user).filter(status__in=LIVE_STATUSES), today)
    return [i for i in items if i.state == schedule.OVERDUE]


def partner_agencies(plan: OsaraPlan) -> list[str]:
    """The partner agencies with actions in the plan (not the police), in display order."""
    used = set(plan.actions.exclude(agency=Agency.POLICE).values_list("agency", flat=True))
    return [label for value, label in Agency.choices if value in used]


def lsoas_by_code(codes: Iterable[str]) -> tuple[list[Lsoa], list[str]]:
    """The LSOAs with these codes and the codes not found."""
    wanted = list(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))
    found = {lsoa.code: lsoa for lsoa in Lsoa.objects.filter(code__in=wanted)}
    return [found[c] for c in wanted if c in found], [c for c in wanted if c not in found]
