"""problem+json responses (RFC 9457)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse


def problem(status: int, title: str, detail: str, **extra: Any) -> HttpResponse:
    """An error response with a problem+json body."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return HttpResponse(
        json.dumps(body, default=str), status=status, content_type="application/problem+json"
    )
