"""Django admin: for administrators only; the access log is read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from asbhub.core.models import AccessLogEntry, CommunitySafetyPartnership, Lsoa, Team
from asbhub.core.signals import lsoa_teams_changed


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Search and read the access log; nobody may add, change or delete entries."""

    list_display = ["at", "username", "role", "action", "record_type", "record_id", "purpose"]
    list_filter = ["action", "role", "record_type"]
    search_fields = ["username", "record_id", "purpose"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(CommunitySafetyPartnership)
class CommunitySafetyPartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "name_cy", "code", "local_authority_code", "slug"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    """Neighbourhood policing teams; `asbhub load-teams FILE` loads a whole set at once."""

    list_display = ["name", "name_cy", "code", "csp"]
    list_filter = ["csp"]
    search_fields = ["code", "name", "name_cy"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Lsoa)
class LsoaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "csp", "team", "population", "wimd_decile"]
    list_filter = ["csp", "team", "wimd_decile"]
    search_fields = ["code", "name"]
    exclude = ["boundary"]

    def save_model(self, request: HttpRequest, obj: Lsoa, form: Any, change: bool) -> None:
        """Save, and let incidents in the LSOA follow it when its team changed."""
        super().save_model(request, obj, form, change)
        if "team" in form.changed_data:
            lsoa_teams_changed.send(sender=Team)
