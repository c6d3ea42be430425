"""Template context every page needs: the user's role and the navigation it may use."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from asbhub.core.navigation import pages_for
from asbhub.core.roles import role_of


@dataclass(frozen=True)
class NavItem:
    """A link in the service navigation; `current` marks the page being shown."""

    label: str | Promise
    url: str
    current: bool


def site(request: HttpRequest) -> dict[str, object]:
    """Add `role` (or None) and `nav`: home, then the pages this role may use."""
    role = role_of(request.user) if hasattr(request, "user") else None
    if role is None:
        return {"role": None, "nav": []}
    match = getattr(request, "resolver_match", None)
    here = match.view_name if match else ""
    items = [("core:home", _("Home"))] + [
        (page.url_name, page.label) for page in pages_for(request.user)
    ]
    return {
        "role": role,
        "nav": [NavItem(label, reverse(name), name == here) for name, label in items],
    }
