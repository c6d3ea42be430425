"""Template context every page needs: the user's role and the navigation it may use."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from asbhub.core.roles import Role, role_of


@dataclass(frozen=True)
class NavItem:
    """A link in the service navigation; `current` marks the page being shown."""

    label: str | Promise
    url: str
    current: bool


def navigation(request: HttpRequest, role: Role | None) -> list[NavItem]:
    """The links this role may follow: home for all, the force overview for every role,
    and administration for administrators only."""
    if role is None:
        return []
    match = getattr(request, "resolver_match", None)
    here = match.view_name if match else ""
    items = [
        ("core:home", _("Home")),
        ("opendata:overview", _("Force overview")),
    ]
    if role.slug == "administrator":
        items.append(("admin:index", _("Administration")))
    return [NavItem(label, reverse(name), name == here) for name, label in items]


def site(request: HttpRequest) -> dict[str, object]:
    """Add `role` (or None) and `nav`, the navigation links for that role."""
    role = role_of(request.user) if hasattr(request, "user") else None
    return {"role": role, "nav": navigation(request, role)}
