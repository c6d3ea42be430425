"""The hotspots API: operations, their patrol logs and evaluations (session sign-in)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from asbhub.core.audit import log_access
from asbhub.core.choices import AccessAction
from asbhub.hotspots import services
from asbhub.hotspots.choices import Activity, Agency, AreaKind

router = Router(tags=["hotspots"], auth=django_auth)


class OperationOut(Schema):
    id: int
    name: str
    aim: str
    start_date: dt.date
    end_date: dt.date
    csp: str
    targets: list[str]


class PatrolIn(Schema):
    hotspot: str
    patrolled_by: str
    agency: Agency
    start: dt.datetime
    end: dt.datetime
    activity: Activity
    notes: str = ""


class PatrolOut(Schema):
    id: int
    hotspot: str
    patrolled_by: str
    agency: str
    start: dt.datetime
    end: dt.datetime
    activity: str
    notes: str


class EvaluationOut(Schema):
    operation: int
    model: str | None
    rate_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    pre_trend_p: float | None
    wdq: float | None
    wdq_reading: str | None
    method: str | None
    conclusion: list[str]


def _need(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise HttpError(403, "Your role may not do this.")


def _operation_out(operation: services.Operation) -> dict:
    return {
        "id": operation.pk,
        "name": operation.name,
        "aim": operation.aim,
        "start_date": operation.start_date,
        "end_date": operation.end_date,
        "csp": operation.csp.code,
        "targets": list(
            operation.areas.filter(kind=AreaKind.TARGET).values_list("name", flat=True)
        ),
    }


def _patrol_out(patrol: services.PatrolLog) -> dict:
    return {
        "id": patrol.pk,
        "hotspot": patrol.area.name,
        "patrolled_by": patrol.patroller,
        "agency": patrol.agency,
        "start": patrol.started_at,
        "end": patrol.ended_at,
        "activity": patrol.activity,
        "notes": patrol.notes,
    }


@router.get("/operations", response=list[OperationOut], summary="Operations you may see")
def list_operations(request: HttpRequest) -> list[dict]:
    """Every operation in the user's scope, newest first."""
    return [_operation_out(o) for o in services.operations_visible_to(request.user)]


@router.get("/operations/{pk}/patrols", response=list[PatrolOut], summary="An operation's patrols")
def list_patrols(request: HttpRequest, pk: int) -> list[dict]:
    """The operation's patrol log; reading it is written to the access log (it names staff)."""
    operation = services.get_operation(request.user, pk)
    _need(request, "hotspots.view_patrollog")
    log_access(request.user, AccessAction.VIEW, operation, "Read a patrol log via the API", request)
    return [_patrol_out(p) for p in services.patrols_visible_to(request.user, operation)]


@router.post("/operations/{pk}/patrols", response={201: PatrolOut}, summary="Log a patrol")
def create_patrol(request: HttpRequest, pk: int, payload: PatrolIn) -> Status:
    """Log one patrol visit to a target hotspot (officers and supervisors)."""
    operation = services.get_operation(request.user, pk)
    _need(request, "hotspots.add_patrollog")
    area = operation.areas.filter(kind=AreaKind.TARGET, name=payload.hotspot).first()
    if area is None:
        raise HttpError(422, "No target hotspot of this operation has that name.")
    if payload.end <= payload.start:
        raise HttpError(422, "The end must be after the start.")
    if operation.patrols.filter(
        area=area, patroller=payload.patrolled_by, started_at=payload.start
    ).exists():
        raise HttpError(409, "That patrol is already logged.")
    patrol = services.record_patrol(
        request.user,
        operation,
        {
            "area": area,
            "patroller": payload.patrolled_by,
            "agency": payload.agency,
            "started_at": payload.start,
            "ended_at": payload.end,
            "activity": payload.activity,
            "notes": payload.notes,
        },
        request,
    )
    return Status(201, _patrol_out(patrol))


@router.get("/operations/{pk}/evaluation", response=EvaluationOut, summary="Did it work?")
def operation_evaluation(request: HttpRequest, pk: int) -> dict:
    """Difference in differences, pre-trend check and WDQ for the operation."""
    operation = services.get_operation(request.user, pk)
    _need(request, "hotspots.view_evaluation")
    result = services.evaluate_operation(operation)
    did, wdq = result.did, result.wdq
    return {
        "operation": operation.pk,
        "model": did.model if did else None,
        "rate_ratio": did.rate_ratio if did else None,
        "ci_low": did.ci_low if did else None,
        "ci_high": did.ci_high if did else None,
        "p_value": did.p_value if did else None,
        "pre_trend_p": did.pre_trend_p if did else None,
        "wdq": wdq.value if wdq else None,
        "wdq_reading": wdq.reading if wdq else None,
        "method": did.method if did else None,
        "conclusion": services.conclusion(result),
    }
