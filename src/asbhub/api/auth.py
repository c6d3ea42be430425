"""Bearer-token authentication for the JSON API, shared by every router.

A client sends `Authorization: Bearer <token>`. Tokens are made with
`asbhub token create USERNAME`; the database stores only the SHA-256 digest of each,
so a token is looked up by its digest and never compared as text. A token acts as its
user: the user's role and permissions decide what the client may do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from asbhub.api.models import ApiToken

TOKEN_PREFIX = "asbh_"  # noqa: S105 - not a secret: lets scanners spot leaked tokens
SHOWN_CHARACTERS = 12
# Recording every use would write on every request: once a minute is enough to audit.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def digest_of(token: str) -> str:
    """The SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def issue_token(user: AbstractBaseUser, name: str = "") -> tuple[ApiToken, str]:
    """Create a token for the user; return the stored record and the token, shown once.

    The token is 32 random bytes (URL-safe base64) after a fixed prefix that lets
    secret scanners recognise it. Raises ValueError for an inactive user.
    """
    if not user.is_active:
        raise ValueError("An inactive user cannot be given an API token.")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        prefix=token[:SHOWN_CHARACTERS],
        digest=digest_of(token),
    )
    return record, token


def revoke_token(record: ApiToken) -> bool:
    """Revoke the token now; return False when it was already revoked."""
    if record.revoked_at is not None:
        return False
    record.revoked_at = timezone.now()
    record.save(update_fields=["revoked_at"])
    return True


def user_for_token(token: str) -> AbstractBaseUser | None:
    """The active user an unrevoked token belongs to, or None; notes when it was used."""
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    record = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest_of(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if record is None:
        return None
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user


class TokenAuth(HttpBearer):
    """Django Ninja authentication by API token; sets `request.user` to the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> AbstractBaseUser | None:
        user = user_for_token(token.strip())
        if user is not None:
            request.user = user
        return user
