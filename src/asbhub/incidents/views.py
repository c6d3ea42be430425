"""Incident pages: the ASB contact script with its live panel, an incident, my incidents."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from asbhub.incidents import forms, services
from asbhub.incidents.choices import THRIVE_DIMENSIONS, IncidentStatus, ResponseGrade, ThriveLevel
from asbhub.integrity import screening


def _need_recorder(request: HttpRequest) -> None:
    if not services.may_record(request.user):
        raise PermissionDenied


SCRIPT_QUESTIONS = (
    "victim_targeted",
    "happened_before",
    "victim_vulnerable",
    "hate_motivated",
    "children_involved",
    "risk_now",
)
LEVEL_COLOURS = {"high": "red", "medium": "orange", "low": "green"}


def _panel_context(request: HttpRequest, form: forms.IntakeForm) -> dict[str, Any]:
    """Assess whatever is valid so far, for the live panel (nothing until something is typed)."""
    form.is_valid()
    report = form.as_report()
    if not (report.narrative or report.victim or report.location or report.longitude):
        return {"assessment": None}
    assessment = services.assess_report(request.user, report, request=request)
    segments = (
        screening.segments(report.narrative, assessment.screening) if assessment.screening else []
    )
    language = translation.get_language()
    labels = dict(THRIVE_DIMENSIONS)
    thrive_levels = [
        {
            "dimension": item.dimension,
            "label": labels[item.dimension],
            "level": item.level,
            "level_label": ThriveLevel(item.level).label,
            "colour": LEVEL_COLOURS[item.level],
            "reasons": [reason.text(language) for reason in item.reasons],
        }
        for item in assessment.proposal.levels
    ]
    return {"assessment": assessment, "segments": segments, "thrive_levels": thrive_levels}


@login_required
def new(request: HttpRequest) -> HttpResponse:
    """The ASB contact script: one page, recorded on "Record the report".

    "Check history and THRIVE" (the no-JavaScript path) re-shows the page with the panel
    worked out; HTMX refreshes the same panel as the handler types.
    """
    _need_recorder(request)
    context: dict[str, Any] = {}
    if request.method == "POST":
        form = forms.IntakeForm(request.POST)
        if request.POST.get("action") == "check":
            context.update(_panel_context(request, form))
        elif form.is_valid():
            try:
                incident, _assessment = services.record_report(
                    request.user, form.as_report(), request=request
                )
            except ValueError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Report recorded as %(reference)s.") % {"reference": incident.reference},
                )
                return redirect("incidents:detail", pk=incident.pk)
        else:
            context.update(_panel_context(request, form))
    else:
        form = forms.IntakeForm()
    context["form"] = form
    return render(request, "incidents/new.html", context)


@login_required
@require_POST
def check(request: HttpRequest) -> HttpResponse:
    """The live panel fragment for the contact script (HTMX posts the whole form here)."""
    _need_recorder(request)
    form = forms.IntakeForm(request.POST)
    return render(request, "incidents/_panel.html", _panel_context(request, form))


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one incident, its THRIVE, its people and its history (the view is logged)."""
    incident = services.open_incident(
        request.user, pk, purpose="Opened the incident record", request=request
    )
    may_update = services.may_update(request.user, incident)
    form = None
    if may_update:
        form = forms.UpdateForm(incident=incident, may_allocate=services.may_allocate(request.user))
    return render(
        request,
        "incidents/detail.html",
        _detail_context(request, incident, form),
    )


def _detail_context(
    request: HttpRequest, incident: Any, form: forms.UpdateForm | None
) -> dict[str, Any]:
    thrive_rows = []
    assessment = getattr(incident, "thrive", None)
    if assessment is not None:
        proposed = (assessment.proposal or {}).get("levels", {})
        for dimension, label in THRIVE_DIMENSIONS:
            level = getattr(assessment, dimension)
            thrive_rows.append(
                {
                    "label": label,
                    "level": level,
                    "level_label": ThriveLevel(level).label,
                    "reason": getattr(assessment, f"{dimension}_reason"),
                    "proposed": (proposed.get(dimension) or {}).get("level", ""),
                }
            )
    answers = [
        (capfirst(incident._meta.get_field(name).verbose_name), getattr(incident, name))
        for name in SCRIPT_QUESTIONS
    ]
    labels = {
        name: capfirst(incident._meta.get_field(name).verbose_name)
        for name in ("status", "grade", "respond_by", "allocated_to")
    }
    history = [
        {
            "event": event,
            "changes": [
                (labels.get(name, name), _change_value(name, pair[0]), _change_value(name, pair[1]))
                for name, pair in event.changes.items()
            ],
        }
        for event in incident.events.all()
    ]
    return {
        "incident": incident,
        "history": history,
        "answers": answers,
        "form": form,
        "thrive_rows": thrive_rows,
        "team_name": (
            incident.team.display_name(translation.get_language()) if incident.team else ""
        ),
        "overdue": bool(
            incident.respond_by
            and incident.respond_by < timezone.now()
            and incident.status in (IncidentStatus.OPEN, IncidentStatus.ALLOCATED)
        ),
    }


def _change_value(name: str, value: Any) -> str:
    """A value in the history as a person reads it: a status label, a local time, a grade."""
    if value in (None, ""):
        return "—"
    if name == "status":
        return str(IncidentStatus(value).label)
    if name == "grade":
        return str(ResponseGrade(value).label)
    if name == "respond_by":
        moment = timezone.localtime(datetime.fromisoformat(value))
        return date_format(moment, "j F Y H:i")
    return str(value)


@login_required
@require_POST
def update(request: HttpRequest, pk: int) -> HttpResponse:
    """Allocate, change status or grade, or add an update; then back to the incident."""
    incident = services.open_incident(
        request.user, pk, purpose="Opened the incident record to update it", request=request
    )
    if not services.may_update(request.user, incident):
        raise PermissionDenied
    may_allocate = services.may_allocate(request.user)
    form = forms.UpdateForm(request.POST, incident=incident, may_allocate=may_allocate)
    if form.is_valid():
        data = form.cleaned_data
        extra: dict[str, Any] = {}
        if may_allocate:
            extra = {"allocated_to": data.get("allocated_to"), "grade": data.get("grade")}
        try:
            services.update_incident(
                request.user,
                pk,
                status=data.get("status") or None,
                note=data.get("note") or "",
                request=request,
                **extra,
            )
        except services.InvalidChange as error:
            form.add_error(None, str(error))
        except services.NotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Incident updated."))
            return redirect("incidents:detail", pk=pk)
    return render(
        request, "incidents/detail.html", _detail_context(request, incident, form), status=400
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The incidents allocated to me; for supervisors also those waiting for allocation."""
    if not request.user.has_perm("incidents.work_incident"):
        raise PermissionDenied
    waiting = None
    if services.may_allocate(request.user):
        waiting = (
            services.incidents_visible_to(request.user)
            .filter(status=IncidentStatus.OPEN, allocated_to__isnull=True)
            .select_related("csp")
            .order_by("respond_by", "reported_at")[:50]
        )
    return render(
        request,
        "incidents/mine.html",
        {
            "incidents": services.my_incidents(request.user),
            "waiting": waiting,
            "now": timezone.now(),
        },
    )


@login_required
@require_GET
def lsoas(request: HttpRequest) -> JsonResponse:
    """The force's LSOA outlines (public ONS boundaries) for the contact script's map."""
    _need_recorder(request)
    response = JsonResponse(services.lsoa_outlines())
    response["Cache-Control"] = "private, max-age=3600"
    return response
