"""API tokens: stored as a SHA-256 digest only, shown once, revocable, acting as their user."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from asbhub.api.auth import TOKEN_PREFIX, TokenAuth, issue_token, revoke_token, user_for_token
from asbhub.api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_only_as_its_sha256_digest(cast):
    record, token = issue_token(cast["officer"], "reporting client")
    assert token.startswith(TOKEN_PREFIX) and len(token) > 40
    stored = ApiToken.objects.get(pk=record.pk)
    assert stored.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {stored.digest, stored.prefix, stored.name}
    assert token.startswith(stored.prefix)
    assert issue_token(cast["officer"])[1] != token


def test_a_valid_token_authenticates_as_its_user_and_notes_its_use(cast):
    record, token = issue_token(cast["officer"])
    request = RequestFactory().get("/api/x", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert TokenAuth()(request) == cast["officer"]
    assert request.user == cast["officer"]
    record.refresh_from_db()
    assert record.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    ["", "Bearer ", "Bearer asbh_not-a-real-token", "Basic dXNlcjpwYXNz", "Bearer something-else"],
)
def test_a_missing_or_unknown_token_does_not_authenticate(cast, header):
    issue_token(cast["officer"])
    request = RequestFactory().get("/api/x", HTTP_AUTHORIZATION=header)
    assert TokenAuth()(request) is None


def test_a_revoked_token_or_an_inactive_user_does_not_authenticate(cast):
    record, token = issue_token(cast["officer"])
    assert revoke_token(record) is True
    assert revoke_token(record) is False
    assert user_for_token(token) is None
    _record, other = issue_token(cast["supervisor"])
    cast["supervisor"].is_active = False
    cast["supervisor"].save()
    assert user_for_token(other) is None
    with pytest.raises(ValueError):
        issue_token(cast["supervisor"])


def test_the_api_answers_401_without_a_token_and_serves_the_tokens_user(client, cast):
    assert client.get("/api/problem-solving/plans").status_code == 401
    _record, token = issue_token(cast["officer"])
    response = client.get("/api/problem-solving/plans", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json() == []


def test_the_token_command_creates_lists_and_revokes(cast, capsys):
    call_command("token", "create", "demo-officer", "--name", "reports")
    token = capsys.readouterr().out.strip()
    assert user_for_token(token) == cast["officer"]
    call_command("token", "list")
    listing = capsys.readouterr().out
    assert token[:12] in listing and "demo-officer" in listing and "active" in listing
    assert token not in listing
    record = ApiToken.objects.get()
    call_command("token", "revoke", str(record.pk))
    assert "revoked" in capsys.readouterr().out
    assert user_for_token(token) is None
    with pytest.raises(CommandError):
        call_command("token", "create", "nobody")
    with pytest.raises(CommandError):
        call_command("token", "revoke", "999")
