"""The one door through which every access to personal data is logged."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.http import HttpRequest

from asbhub.core.choices import AccessAction
from asbhub.core.models import AccessLogEntry
from asbhub.core.roles import role_of


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as Django sees it (the proxy must set REMOTE_ADDR)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def log_access(
    user: AbstractBaseUser | AnonymousUser | None,
    action: AccessAction | str,
    record: models.Model,
    purpose: str,
    request: HttpRequest | None = None,
) -> AccessLogEntry:
    """Write one access log entry: who, in what role, did what, to which record, why.

    The purpose is required: an empty one raises ValueError, because the Data
    Protection Act 2018 Part 3 logs must say why personal data was consulted.
    Only record type and id are stored, never the personal data itself.
    """
    if not purpose or not purpose.strip():
        raise ValueError("A purpose is required to access personal data.")
    action = AccessAction(action)
    known_user = user if user is not None and user.is_authenticated else None
    role = role_of(known_user) if known_user is not None else None
    return AccessLogEntry.objects.create(
        user=known_user,
        username=known_user.get_username() if known_user is not None else "system",
        role=role.slug if role else ("" if known_user is not None else "system"),
        action=action,
        record_type=record._meta.label_lower,
        record_id=str(record.pk),
        purpose=purpose.strip()[:255],
        client_ip=client_ip(request),
    )
