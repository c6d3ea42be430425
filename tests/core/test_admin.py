"""The Django admin is for administrators only."""

from __future__ import annotations

import pytest
from django.urls import reverse


def test_administrator_can_open_the_admin(client, cast):
    client.force_login(cast["administrator"])
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize(
    "role", ["call_handler", "supervisor", "analyst", "partner", "pcc_scrutiny"]
)
def test_other_roles_are_refused_even_when_staff(client, cast, role):
    user = cast[role]
    user.is_staff = True
    user.save()
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response.url


def test_administrator_manages_users_and_reads_the_access_log(client, cast):
    client.force_login(cast["administrator"])
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_user_add")).status_code == 200
    assert client.get(reverse("admin:core_accesslogentry_changelist")).status_code == 200
    assert client.get(reverse("admin:core_lsoa_changelist")).status_code == 200
