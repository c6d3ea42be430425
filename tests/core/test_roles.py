"""Roles are groups with permissions; demo users are made once per role."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from asbhub.core.accounts import ensure_demo_users
from asbhub.core.roles import ROLES, has_role, role_of, sync_roles

EXPECTED_DEMO_USERS = {
    "demo-call-handler",
    "demo-officer",
    "demo-supervisor",
    "demo-cdi-reviewer",
    "demo-pop-officer",
    "demo-analyst",
    "demo-partner",
    "demo-pcc",
    "demo-admin",
}


def test_every_role_is_a_group_with_its_permissions(db):
    sync_roles()
    for role in ROLES:
        group = Group.objects.get(name=role.group_name)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == set(role.permissions)


def test_sync_roles_is_idempotent(db):
    sync_roles()
    sync_roles()
    assert Group.objects.count() == len(ROLES)


def test_partner_cannot_view_incidents_but_call_handler_can(cast):
    assert not cast["partner"].has_perm("incidents.view_incident")
    assert cast["call_handler"].has_perm("incidents.add_incident")


def test_role_of_reads_the_group(cast, outsider):
    assert role_of(cast["pop_officer"]).slug == "pop_officer"
    assert role_of(outsider) is None
    assert has_role(cast["analyst"], "analyst", "pcc_scrutiny")
    assert not has_role(cast["analyst"], "administrator")


def test_demo_users_get_a_password_shown_once(db):
    sync_roles()
    first = ensure_demo_users()
    assert {account.username for account in first} == EXPECTED_DEMO_USERS
    users = get_user_model().objects.filter(username__in=EXPECTED_DEMO_USERS)
    assert all(user.password.startswith("argon2") for user in users)
    assert all(
        user.check_password(a.password)
        for user, a in zip(
            sorted(users, key=lambda u: u.username),
            sorted(first, key=lambda a: a.username),
            strict=True,
        )
    )
    assert ensure_demo_users() == []
    reset = ensure_demo_users(reset_passwords=True)
    assert len(reset) == len(ROLES)
    assert not users.filter(is_superuser=True).exists()
    assert list(users.filter(is_staff=True).values_list("username", flat=True)) == ["demo-admin"]
