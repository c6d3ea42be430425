"""Incident pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from asbhub.incidents import services


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one incident and the people in it (the view is written to the access log)."""
    incident = services.open_incident(
        request.user, pk, purpose="Opened the incident record", request=request
    )
    return render(request, "incidents/detail.html", {"incident": incident})
