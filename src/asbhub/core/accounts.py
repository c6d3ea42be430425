"""Demo accounts: one user per role, named after the role (`demo-call-handler`, …)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from asbhub.core.roles import ROLES


@dataclass(frozen=True)
class NewAccount:
    """A demo account created or reset just now, with its one-time password."""

    username: str
    role_label: str
    password: str


def _new_password() -> str:
    """A random password of four short words' strength (about 100 bits)."""
    return secrets.token_urlsafe(16)


@transaction.atomic
def ensure_demo_users(reset_passwords: bool = False) -> list[NewAccount]:
    """Create the missing demo users (and reset passwords when asked).

    Returns only the accounts whose password was set now, so each password is
    shown once and stored nowhere but as its argon2 hash. Administrators get
    `is_staff` so they may use the Django admin; no one is a superuser.
    """
    user_model = get_user_model()
    shown = []
    for role in ROLES:
        user, created = user_model.objects.get_or_create(
            username=role.demo_username,
            defaults={"first_name": "Demo", "last_name": str(role.label)},
        )
        user.groups.add(Group.objects.get(name=role.group_name))
        if role.slug == "administrator" and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        if created or reset_passwords:
            password = _new_password()
            user.set_password(password)
            user.save(update_fields=["password"])
            shown.append(NewAccount(user.username, str(role.label), password))
    return shown
