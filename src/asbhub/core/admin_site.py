"""The admin site, for administrators only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from asbhub.core.roles import has_role


class AdministratorsOnlySite(admin.AdminSite):
    """The admin site, open only to active staff who hold the administrator role."""

    site_header = _("ASB Hub administration")
    site_title = _("ASB Hub administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active
            and user.is_staff
            and (user.is_superuser or has_role(user, "administrator"))
        )
