"""The incidents API: record an ASB report and get its warnings; list, read and update incidents.

Authentication: `Authorization: Bearer <token>` (`asbhub token create USERNAME`) or a signed-in
session. The token's user's role decides what the client may do, as on the web pages. Every
read of an incident's personal data (the detail) is written to the access log; lists carry no
names, addresses or narratives.
"""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import django_auth

from asbhub.api.auth import TokenAuth
from asbhub.incidents import services, thrive
from asbhub.incidents.choices import (
    AsbCategory,
    Channel,
    Gender,
    IncidentStatus,
    PartyRole,
    ThriveLevel,
    VulnerabilityFactor,
)
from asbhub.incidents.models import Incident

router = Router(tags=["incidents"], auth=[TokenAuth(), django_auth])

READ_PURPOSE = "Read an ASB incident via the API"


class PersonIn(Schema):
    role: PartyRole
    given_name: str = Field("", max_length=100)
    family_name: str = Field("", max_length=100)
    date_of_birth: dt.date | None = None
    flat: str = Field("", max_length=50)
    house: str = Field("", max_length=100)
    street: str = Field("", max_length=150)
    town: str = Field("", max_length=100)
    postcode: str = Field("", max_length=10)
    phone: str = Field("", max_length=30)
    gender: Gender = Gender.NOT_KNOWN
    vulnerability_factors: list[VulnerabilityFactor] = []
    vulnerability_notes: str = ""


class ThriveIn(Schema):
    level: ThriveLevel | None = None
    reason: str = Field("", max_length=500)


class IncidentIn(Schema):
    """An ASB report as the contact script captures it; the six questions are required."""

    channel: Channel
    category: AsbCategory
    subtype: str = ""
    narrative: str = Field(..., min_length=1)
    reported_at: dt.datetime | None = None
    occurred_at: dt.datetime
    location: str = Field("", max_length=255)
    longitude: float | None = Field(None, ge=-8.7, le=2.0)
    latitude: float | None = Field(None, ge=49.8, le=61.0)
    victim_targeted: bool
    happened_before: bool
    victim_vulnerable: bool
    hate_motivated: bool
    children_involved: bool
    risk_now: bool
    victim_reported: bool = True
    people: list[PersonIn] = []
    thrive: dict[str, ThriveIn] = {}
    grade: int | None = Field(None, ge=1, le=4)


class WarningOut(Schema):
    code: str
    detail: str


class ThriveOut(Schema):
    level: str
    reason: str
    proposed: str


class PersonOut(Schema):
    id: int
    role: str
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    address: str
    vulnerable: bool


class EventOut(Schema):
    at: dt.datetime
    who: str
    what: str
    changes: dict[str, Any]
    note: str


class IncidentSummary(Schema):
    id: int
    reference: str
    reported_at: dt.datetime
    occurred_at: dt.datetime | None
    channel: str
    category: str
    subtype: str
    status: str
    grade: int | None
    respond_by: dt.datetime | None
    csp: str | None
    team: str | None = Field(None, description="Neighbourhood policing team's short name")
    lsoa21_code: str
    allocated_to: str | None

    @staticmethod
    def resolve_csp(obj: Any) -> str | None:
        if isinstance(obj, dict):
            return obj["csp"]
        return obj.csp.code if obj.csp_id else None

    @staticmethod
    def resolve_team(obj: Any) -> str | None:
        if isinstance(obj, dict):
            return obj["team"]
        return obj.team.code if obj.team_id else None

    @staticmethod
    def resolve_allocated_to(obj: Any) -> str | None:
        if isinstance(obj, dict):
            return obj["allocated_to"]
        return obj.allocated_to.get_username() if obj.allocated_to_id else None


class IncidentOut(IncidentSummary):
    narrative: str
    location: str
    longitude: float | None
    latitude: float | None
    answers: dict[str, bool | None]
    thrive: dict[str, ThriveOut]
    warnings: list[WarningOut]
    people: list[PersonOut]
    history: list[EventOut]


class IncidentPatch(Schema):
    """Change the status, allocation or grade, or add an update (only what is sent changes)."""

    status: IncidentStatus | None = None
    allocated_to: str | None = Field(
        None, description="An officer's username; an empty string removes the allocation"
    )
    grade: int | None = Field(None, ge=1, le=4)
    note: str = ""


class IncidentFilters(Schema):
    reported_from: dt.date | None = None
    reported_to: dt.date | None = None
    csp: str = Field("", description="ONS code or short name, e.g. W14000022 or newport")
    category: AsbCategory | None = None
    grade: int | None = Field(None, ge=1, le=4)
    status: IncidentStatus | None = None


SCRIPT_ANSWERS = (
    "victim_targeted",
    "happened_before",
    "victim_vulnerable",
    "hate_motivated",
    "children_involved",
    "risk_now",
)


def _summary(incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.pk,
        "reference": incident.reference,
        "reported_at": incident.reported_at,
        "occurred_at": incident.occurred_at,
        "channel": incident.channel,
        "category": incident.category,
        "subtype": incident.subtype,
        "status": incident.status,
        "grade": incident.grade,
        "respond_by": incident.respond_by,
        "csp": incident.csp.code if incident.csp_id else None,
        "team": incident.team.code if incident.team_id else None,
        "lsoa21_code": incident.lsoa21_code,
        "allocated_to": incident.allocated_to.get_username() if incident.allocated_to_id else None,
    }


def _detail(incident: Incident, warnings: list[dict[str, str]] | None = None) -> dict[str, Any]:
    assessment = getattr(incident, "thrive", None)
    thrive_out: dict[str, dict[str, str]] = {}
    if assessment is not None:
        proposed = (assessment.proposal or {}).get("levels", {})
        for dimension in thrive.DIMENSIONS:
            thrive_out[dimension] = {
                "level": getattr(assessment, dimension),
                "reason": getattr(assessment, f"{dimension}_reason"),
                "proposed": (proposed.get(dimension) or {}).get("level", ""),
            }
        if warnings is None:
            warnings = (assessment.proposal or {}).get("warnings", [])
    return {
        **_summary(incident),
        "narrative": incident.narrative,
        "location": incident.location,
        "longitude": incident.longitude,
        "latitude": incident.latitude,
        "answers": {name: getattr(incident, name) for name in SCRIPT_ANSWERS},
        "thrive": thrive_out,
        "warnings": warnings or [],
        "people": [
            {
                "id": party.person_id,
                "role": party.role,
                "given_name": party.person.given_name,
                "family_name": party.person.family_name,
                "date_of_birth": party.person.date_of_birth,
                "address": party.person.address,
                "vulnerable": party.person.vulnerable,
            }
            for party in incident.parties.all()
        ],
        "history": [
            {
                "at": event.at,
                "who": event.username,
                "what": event.kind,
                "changes": event.changes,
                "note": event.note,
            }
            for event in incident.events.all()
        ],
    }


def _report(payload: IncidentIn) -> services.ReportInput:
    unknown = sorted(set(payload.thrive) - set(thrive.DIMENSIONS))
    if unknown:
        raise HttpError(422, f"Unknown THRIVE dimensions: {', '.join(unknown)}")
    people = tuple(
        services.PersonInput(
            role=person.role,
            given_name=person.given_name.strip(),
            family_name=person.family_name.strip(),
            date_of_birth=person.date_of_birth,
            flat=person.flat.strip(),
            house=person.house.strip(),
            street=person.street.strip(),
            town=person.town.strip(),
            postcode=person.postcode.strip().upper(),
            phone=person.phone.strip(),
            gender=person.gender,
            vulnerable=bool(person.vulnerability_factors),
            vulnerability_factors=tuple(person.vulnerability_factors),
            vulnerability_notes=person.vulnerability_notes.strip(),
        )
        for person in payload.people
    )
    return services.ReportInput(
        channel=payload.channel,
        category=payload.category,
        subtype=payload.subtype,
        narrative=payload.narrative,
        reported_at=payload.reported_at,
        occurred_at=payload.occurred_at,
        location=payload.location.strip(),
        longitude=payload.longitude,
        latitude=payload.latitude,
        people=people,
        thrive={
            name: services.ThriveDecision(value.level or "", value.reason)
            for name, value in payload.thrive.items()
        },
        grade=payload.grade,
        victim_reported=payload.victim_reported,
        **{name: getattr(payload, name) for name in SCRIPT_ANSWERS},
    )


@router.post(
    "",
    response={201: IncidentOut},
    summary="Record an ASB report",
    description="Records the incident with its people and THRIVE judgement (blank levels take "
    "the proposal) and answers with it, including `warnings`: repeat_victim, repeat_location, "
    "case_review_threshold, vulnerable_victim and likely_crime.",
)
def create_incident(request: HttpRequest, payload: IncidentIn) -> Status:
    """Record an ASB report (call handlers and supervisors)."""
    if not services.may_record(request.user):
        raise HttpError(403, "Your role may not record ASB reports.")
    from asbhub.incidents.choices import subtypes_by_code

    subtype = subtypes_by_code().get(payload.subtype) if payload.subtype else None
    if payload.subtype and (subtype is None or subtype.category != payload.category):
        raise HttpError(422, "The subtype does not belong to the chosen ASB category.")
    try:
        incident, assessment = services.record_report(
            request.user, _report(payload), request=request
        )
    except ValueError as error:
        raise HttpError(422, str(error)) from error
    incident = services.open_incident(
        request.user,
        incident.pk,
        purpose="Read back the ASB report just recorded via the API",
        request=request,
    )
    return Status(201, _detail(incident, [w.as_dict() for w in assessment.warnings]))


@router.get("", response=list[IncidentSummary], summary="List incidents (no personal data)")
@paginate(PageNumberPagination, page_size=50)
def list_incidents(request: HttpRequest, filters: Query[IncidentFilters]) -> Any:
    """Incidents in your scope, newest first; filter by dates, CSP, category, grade, status."""
    if not request.user.has_perm("incidents.view_incident"):
        raise HttpError(403, "Your role may not see incidents.")
    found = services.filter_incidents(
        request.user,
        reported_from=filters.reported_from,
        reported_to=filters.reported_to,
        csp=filters.csp,
        category=filters.category or "",
        grade=filters.grade,
        status=filters.status or "",
    )
    return found.select_related("team", "allocated_to")


@router.get("/{pk}", response=IncidentOut, summary="One incident, with its people")
def get_incident(request: HttpRequest, pk: int) -> dict[str, Any]:
    """The incident with its people, THRIVE, warnings and history; the read is logged."""
    incident = services.open_incident(request.user, pk, purpose=READ_PURPOSE, request=request)
    return _detail(incident)


@router.patch("/{pk}", response=IncidentOut, summary="Update an incident")
def patch_incident(request: HttpRequest, pk: int, payload: IncidentPatch) -> dict[str, Any]:
    """Allocate (supervisors), change status or grade, or add an update; the change is logged."""
    sent = payload.model_dump(exclude_unset=True)
    extra: dict[str, Any] = {}
    if "allocated_to" in sent:
        username = sent["allocated_to"] or ""
        officer = None
        if username:
            officer = get_user_model().objects.filter(username=username, is_active=True).first()
            if officer is None:
                raise HttpError(422, "There is no active user with that username.")
        extra["allocated_to"] = officer
    try:
        services.update_incident(
            request.user,
            pk,
            status=sent.get("status"),
            grade=sent.get("grade"),
            note=sent.get("note", ""),
            request=request,
            **extra,
        )
    except PermissionDenied as error:
        raise HttpError(403, str(error) or "Your role may not do this.") from error
    except services.InvalidChange as error:
        raise HttpError(409, str(error)) from error
    incident = services.open_incident(
        request.user,
        pk,
        purpose="Read back an ASB incident after updating it via the API",
        request=request,
    )
    return _detail(incident)
