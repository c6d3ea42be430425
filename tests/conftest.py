"""The standing cast of users, one per role, and shared fixtures.

Every feature is tested for who may and who may not: ask for `cast` and use
`cast["call_handler"]`, `cast["partner"]`, … (see asbhub.core.roles.ROLES), or
`outsider` for a signed-in user with no role at all.
"""

from __future__ import annotations

from functools import cache

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import translation

from asbhub.core.roles import ROLES, sync_roles

PASSWORD = "correct horse battery staple"


@cache
def _password_hash() -> str:
    """PASSWORD hashed once (argon2 is slow on purpose), shared by every test user."""
    return make_password(PASSWORD)


def make_user(username: str, role_slug: str | None = None, **extra: object):
    """A user with a known password, in the role's group when one is named."""
    user = get_user_model().objects.create(username=username, password=_password_hash(), **extra)
    if role_slug:
        user.groups.add(Group.objects.get(name=role_slug))
    return user


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """Reset the language after each test: a Welsh request must not leak into the next."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def roles(db) -> None:
    """The role groups with their permissions."""
    sync_roles()


@pytest.fixture
def cast(roles) -> dict:
    """One user per role, keyed by role slug; usernames are the role's demo name."""
    users = {}
    for role in ROLES:
        extra = {"is_staff": True} if role.slug == "administrator" else {}
        users[role.slug] = make_user(role.demo_username, role.slug, **extra)
    return users


@pytest.fixture
def outsider(roles):
    """Signed in, but holding no role."""
    return make_user("no-role")
