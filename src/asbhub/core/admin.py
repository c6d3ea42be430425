"""Django admin: for administrators only; the access log is read-only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from asbhub.core.models import AccessLogEntry, CommunitySafetyPartnership, Lsoa


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


@admin.register(Lsoa)
class LsoaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "csp", "population", "wimd_decile"]
    list_filter = ["csp", "wimd_decile"]
    search_fields = ["code", "name"]
    exclude = ["boundary"]
