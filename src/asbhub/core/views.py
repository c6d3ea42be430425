"""Core pages: the home page suited to each role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Show the signed-in user the home page for their role."""
    return render(request, "core/home.html")
