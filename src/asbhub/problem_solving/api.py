"""The problem-solving API: plans, their measures and actions, reviews and finalising.

Clients sign in with an API token (`Authorization: Bearer …`, see `asbhub token`) or a
session. The token's user's role decides what it may do, exactly as on the pages; every
read of a plan and every change is written to the access log by the services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from asbhub.api.auth import TokenAuth
from asbhub.core.models import CommunitySafetyPartnership
from asbhub.problem_solving import rubric, services
from asbhub.problem_solving.choices import (
    ActionStatus,
    Agency,
    Direction,
    MeasureSource,
    PlanStatus,
    Rag,
)
from asbhub.problem_solving.models import (
    OsaraPlan,
    OutcomeCode,
    PlanReview,
    ResponseAction,
    SuccessMeasure,
)

router = Router(tags=["problem solving"], auth=[TokenAuth(), django_auth])

_TEXT_FIELDS = (
    "title",
    "team",
    "overview",
    "objective",
    "problem_statement",
    "victim",
    "offender",
    "location",
    "guardians",
    "handlers",
    "place_managers",
    "evidence",
    "assessment",
)


@contextmanager
def _answers() -> Iterator[None]:
    """Turn refusals into API errors: 403 for permission, 409 for the plan's state."""
    try:
        yield
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Your role may not do this.") from exc
    except services.PlanError as exc:
        raise HttpError(409, str(exc)) from exc


class MeasureOut(Schema):
    id: int
    name: str
    source: MeasureSource
    direction: Direction
    baseline_value: Decimal | None
    baseline_period: str
    target_value: Decimal | None
    how_measured: str
    result_value: Decimal | None


class MeasureIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    source: MeasureSource = MeasureSource.OTHER
    direction: Direction = Direction.DECREASE
    baseline_value: Decimal | None = None
    baseline_period: str = Field("", max_length=100)
    target_value: Decimal | None = None
    how_measured: str = ""
    result_value: Decimal | None = None


class ActionOut(Schema):
    id: int
    description: str
    owner: str
    agency: Agency
    due_date: dt.date | None
    status: ActionStatus


class ActionIn(Schema):
    description: str = Field(..., min_length=1)
    owner: str = Field("", max_length=150)
    agency: Agency = Agency.POLICE
    due_date: dt.date | None = None
    status: ActionStatus = ActionStatus.NOT_STARTED


class ActionPatch(Schema):
    description: str | None = None
    owner: str | None = Field(None, max_length=150)
    agency: Agency | None = None
    due_date: dt.date | None = None
    status: ActionStatus | None = None


class PlanSummary(Schema):
    id: int
    reference: str
    title: str
    status: PlanStatus
    rag: str
    owner: str
    csp: str
    next_review_due: dt.date | None


class PlanOut(PlanSummary):
    supervisor: str | None
    team: str
    overview: str
    lsoas: list[str]
    streets: list[str]
    polygon: dict[str, Any] | None
    hotspot: int | None
    incidents: list[str]
    people: list[int]
    locations: list[str]
    objective: str
    problem_statement: str
    scan_first_month: dt.date | None
    scan_last_month: dt.date | None
    victim: str
    offender: str
    location: str
    guardians: str
    handlers: str
    place_managers: str
    evidence: str
    response_started: dt.date | None
    assessment: str
    outcome: str | None
    outcome_note: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    opened_at: dt.datetime | None
    finalised_at: dt.datetime | None
    measures: list[MeasureOut]
    actions: list[ActionOut]


class PlanIn(Schema):
    title: str = Field(..., min_length=1, max_length=150)
    csp: str = Field(..., description="The partnership's ONS code or short name")
    supervisor: str | None = Field(None, description="The supervisor's username")
    team: str = Field("", max_length=100)
    overview: str = ""


class PlanPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=150)
    supervisor: str | None = None
    team: str | None = Field(None, max_length=100)
    overview: str | None = None
    lsoas: list[str] | None = Field(None, description="2021 LSOA codes")
    streets: list[str] | None = None
    polygon: dict[str, Any] | None = None
    incidents: list[str] | None = Field(None, description="Incident references")
    locations: list[str] | None = None
    objective: str | None = None
    problem_statement: str | None = None
    scan_first_month: dt.date | None = None
    scan_last_month: dt.date | None = None
    victim: str | None = None
    offender: str | None = None
    location: str | None = None
    guardians: str | None = None
    handlers: str | None = None
    place_managers: str | None = None
    evidence: str | None = None
    response_started: dt.date | None = None
    assessment: str | None = None


class ReviewOut(Schema):
    id: int
    kind: str
    reviewer: str
    rag: Rag
    feedback: str
    scores: dict[str, int | None]
    proposed_scores: dict[str, int | None]
    proposed_rag: str
    reviewed_at: dt.datetime


class ReviewIn(Schema):
    rag: Rag
    feedback: str = Field(..., min_length=1)
    scores: dict[str, int | None] | None = Field(
        None, description="Rubric scores 0-2 by criterion; the proposal when left out"
    )


class FinaliseIn(Schema):
    outcome: str = Field(..., description="An outcome code in use")
    outcome_note: str = ""


def _measure_out(measure: SuccessMeasure) -> dict[str, Any]:
    return {name: getattr(measure, name) for name in MeasureOut.model_fields}


def _action_out(action: ResponseAction) -> dict[str, Any]:
    return {name: getattr(action, name) for name in ActionOut.model_fields}


def _summary_out(plan: OsaraPlan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "reference": plan.reference,
        "title": plan.title,
        "status": plan.status,
        "rag": plan.rag,
        "owner": plan.owner.get_username(),
        "csp": plan.csp.code,
        "next_review_due": plan.next_review_due,
    }


def _plan_out(plan: OsaraPlan) -> dict[str, Any]:
    out = _summary_out(plan)
    out.update({name: getattr(plan, name) for name in _TEXT_FIELDS})
    out.update(
        {
            "supervisor": plan.supervisor.get_username() if plan.supervisor else None,
            "lsoas": list(plan.lsoas.values_list("code", flat=True)),
            "streets": plan.street_list,
            "polygon": plan.polygon,
            "hotspot": plan.hotspot_id,
            "incidents": list(plan.incidents.values_list("reference", flat=True)),
            "people": list(plan.people.values_list("pk", flat=True)),
            "locations": plan.location_list,
            "scan_first_month": plan.scan_first_month,
            "scan_last_month": plan.scan_last_month,
            "response_started": plan.response_started,
            "outcome": plan.outcome.code if plan.outcome else None,
            "outcome_note": plan.outcome_note,
            "created_at": plan.created_at,
            "submitted_at": plan.submitted_at,
            "opened_at": plan.opened_at,
            "finalised_at": plan.finalised_at,
            "measures": [_measure_out(m) for m in plan.measures.all()],
            "actions": [_action_out(a) for a in plan.actions.all()],
        }
    )
    return out


def _review_out(review: PlanReview) -> dict[str, Any]:
    return {
        "id": review.pk,
        "kind": review.kind,
        "reviewer": review.reviewer.get_username(),
        "rag": review.rag,
        "feedback": review.feedback,
        "scores": review.scores,
        "proposed_scores": review.proposed_scores,
        "proposed_rag": review.proposed_rag,
        "reviewed_at": review.reviewed_at,
    }


def _supervisor(username: str | None) -> Any:
    if username is None:
        return None
    user = services.supervisors().filter(username=username).first()
    if user is None:
        raise HttpError(422, "No active supervisor has that username.")
    return user


def _csp(value: str) -> CommunitySafetyPartnership:
    csp = (
        CommunitySafetyPartnership.objects.filter(code=value).first()
        or CommunitySafetyPartnership.objects.filter(slug=value).first()
    )
    if csp is None:
        raise HttpError(422, "No community safety partnership has that code or short name.")
    return csp


def _need(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise HttpError(403, "Your role may not do this.")


@router.get("/plans", response=list[PlanSummary], summary="Plans you may see")
def list_plans(request: HttpRequest, status: PlanStatus | None = None) -> list[dict[str, Any]]:
    """Every plan in the user's scope, newest first (references and titles, no people)."""
    _need(request, "problem_solving.view_osaraplan")
    plans = services.plans_visible_to(request.user).select_related("owner", "csp")
    if status:
        plans = plans.filter(status=status)
    return [_summary_out(plan) for plan in plans]


@router.get("/plans/{pk}", response=PlanOut, summary="One plan, in full")
def get_plan(request: HttpRequest, pk: int) -> dict[str, Any]:
    """The whole plan; reading it is written to the access log (it names people)."""
    plan = services.open_plan(request.user, pk, "Read a problem-solving plan via the API", request)
    return _plan_out(plan)


@router.post("/plans", response={201: PlanOut}, summary="Start a plan")
def create_plan(request: HttpRequest, payload: PlanIn) -> Status:
    """Start a draft plan owned by the token's user (officers and supervisors)."""
    _need(request, "problem_solving.add_osaraplan")
    with _answers():
        plan = services.create_plan(
            request.user,
            {
                "title": payload.title,
                "csp": _csp(payload.csp),
                "supervisor": _supervisor(payload.supervisor),
                "team": payload.team,
                "overview": payload.overview,
            },
            request,
        )
    return Status(201, _plan_out(plan))


@router.patch("/plans/{pk}", response=PlanOut, summary="Change a plan")
def update_plan(request: HttpRequest, pk: int, payload: PlanPatch) -> dict[str, Any]:
    """Change any part of a plan (its owner or supervisor, until it is finalised)."""
    plan = services.get_plan(request.user, pk)
    data = payload.model_dump(exclude_unset=True)
    fields: dict[str, Any] = {k: data[k] for k in _TEXT_FIELDS if k in data and data[k] is not None}
    for name in ("scan_first_month", "scan_last_month"):
        if name in data:
            fields[name] = data[name].replace(day=1) if data[name] else None
    for name in ("response_started", "polygon"):
        if name in data:
            fields[name] = data[name]
    if "supervisor" in data:
        fields["supervisor"] = _supervisor(data["supervisor"])
    for name in ("streets", "locations"):
        if name in data:
            fields[name] = "\n".join(s.strip() for s in data[name] or [] if s.strip())
    many: dict[str, Any] = {}
    if "lsoas" in data:
        lsoas, missing = services.lsoas_by_code(data["lsoas"] or [])
        if missing:
            raise HttpError(422, f"Unknown LSOA codes: {', '.join(missing)}")
        many["lsoas"] = lsoas
    if "incidents" in data:
        incidents, missing = services.incidents_by_reference(request.user, data["incidents"] or [])
        if missing:
            raise HttpError(
                422, f"No incident you may see has the references: {', '.join(missing)}"
            )
        many["incidents"] = incidents
    with _answers():
        services.update_plan(
            request.user, plan, fields, part="fields via the API", many=many, request=request
        )
    return _plan_out(plan)


@router.post("/plans/{pk}/measures", response={201: MeasureOut}, summary="Add a measure")
def add_measure(request: HttpRequest, pk: int, payload: MeasureIn) -> Status:
    """Add a success measure to a plan."""
    plan = services.get_plan(request.user, pk)
    with _answers():
        measure = services.save_measure(
            request.user, plan, SuccessMeasure(**payload.model_dump()), request
        )
    return Status(201, _measure_out(measure))


@router.post("/plans/{pk}/actions", response={201: ActionOut}, summary="Add an action")
def add_action(request: HttpRequest, pk: int, payload: ActionIn) -> Status:
    """Add a response action to a plan."""
    plan = services.get_plan(request.user, pk)
    with _answers():
        action = services.save_action(
            request.user, plan, ResponseAction(**payload.model_dump()), request
        )
    return Status(201, _action_out(action))


@router.patch("/plans/{pk}/actions/{action_pk}", response=ActionOut, summary="Change an action")
def update_action(request: HttpRequest, pk: int, action_pk: int, payload: ActionPatch) -> dict:
    """Change a response action, e.g. its status."""
    plan = services.get_plan(request.user, pk)
    action = plan.actions.filter(pk=action_pk).first()
    if action is None:
        raise HttpError(404, "There is no such action on this plan.")
    for name, value in payload.model_dump(exclude_unset=True).items():
        if value is not None or name == "due_date":
            setattr(action, name, value)
    with _answers():
        services.save_action(request.user, plan, action, request)
    return _action_out(action)


@router.post("/plans/{pk}/submit", response=PlanOut, summary="Submit a plan for review")
def submit_plan(request: HttpRequest, pk: int) -> dict[str, Any]:
    """Send a draft plan to the POP officer."""
    plan = services.get_plan(request.user, pk)
    with _answers():
        services.submit_plan(request.user, plan, request)
    return _plan_out(plan)


@router.get("/plans/{pk}/reviews", response=list[ReviewOut], summary="A plan's reviews")
def list_reviews(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    """The plan's RAG reviews, newest first."""
    _need(request, "problem_solving.view_planreview")
    plan = services.get_plan(request.user, pk)
    return [_review_out(r) for r in plan.reviews.select_related("reviewer")]


@router.post("/plans/{pk}/reviews", response={201: ReviewOut}, summary="Review a plan")
def add_review(request: HttpRequest, pk: int, payload: ReviewIn) -> Status:
    """Record the POP officer's RAG rating and feedback; scores default to the proposal."""
    plan = services.get_plan(request.user, pk)
    scores = payload.scores
    if scores is None:
        scores = services.propose_review(plan).as_dict()
    unknown = sorted(set(scores) - set(rubric.CRITERIA))
    if unknown or any(v not in (None, 0, 1, 2) for v in scores.values()):
        raise HttpError(422, f"Scores are 0, 1 or 2 for the criteria {', '.join(rubric.CRITERIA)}")
    with _answers():
        review = services.record_review(
            request.user,
            plan,
            rag=payload.rag,
            feedback=payload.feedback,
            scores=scores,
            request=request,
        )
    return Status(201, _review_out(review))


@router.post("/plans/{pk}/finalise", response=PlanOut, summary="Finalise a plan")
def finalise_plan(request: HttpRequest, pk: int, payload: FinaliseIn) -> dict[str, Any]:
    """Close an open plan with an outcome code (its owner or supervisor)."""
    plan = services.get_plan(request.user, pk)
    outcome = OutcomeCode.objects.filter(code=payload.outcome).first()
    if outcome is None:
        raise HttpError(422, "There is no such outcome code.")
    with _answers():
        services.finalise_plan(
            request.user, plan, outcome=outcome, outcome_note=payload.outcome_note, request=request
        )
    return _plan_out(plan)


@router.get("/outcome-codes", response=list[dict[str, Any]], summary="The outcome codes")
def outcome_codes(request: HttpRequest) -> list[dict[str, Any]]:
    """The outcome codes in use (ASB Hub's documented default unless a force changed them)."""
    return [
        {
            "code": c.code,
            "label": c.label,
            "label_cy": c.label_cy,
            "meaning": c.meaning,
            "source": c.source,
        }
        for c in services.active_outcome_codes()
    ]
