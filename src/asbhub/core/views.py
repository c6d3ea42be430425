"""Core pages: the home page suited to each role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from asbhub.core.navigation import pages_for
from asbhub.core.roles import role_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Show the signed-in user what their role does and the pages open to it."""
    role = role_of(request.user)
    return render(request, "core/home.html", {"role": role, "pages": pages_for(request.user)})
