"""Core pages: the home page suited to each role."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from asbhub.core.roles import Role, role_of


@dataclass(frozen=True)
class Tile:
    """A link on the home page to something this role can use now."""

    title: str | Promise
    description: str | Promise
    url: str


def tiles_for(role: Role) -> list[Tile]:
    """What exists for this role now: the force overview for all, administration for
    administrators only."""
    tiles = [
        Tile(
            _("Force overview"),
            _(
                "Anti-social behaviour and all crime per month in Gwent and each partnership, "
                "from police.uk open data."
            ),
            reverse("opendata:overview"),
        )
    ]
    if role.slug == "administrator":
        tiles.append(
            Tile(
                _("Administration"),
                _("Manage users, roles and reference data."),
                reverse("admin:index"),
            )
        )
    return tiles


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Show the signed-in user what their role does and the pages open to it."""
    role = role_of(request.user)
    return render(
        request,
        "core/home.html",
        {"role": role, "tiles": tiles_for(role) if role else []},
    )
