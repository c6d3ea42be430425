"""Template context every page needs: the user's role and the site's name."""

from __future__ import annotations

from django.http import HttpRequest

from asbhub.core.roles import role_of


def site(request: HttpRequest) -> dict[str, object]:
    return {"role": role_of(request.user) if hasattr(request, "user") else None}
