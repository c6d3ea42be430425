"""Administration of the crime data integrity review: read-only views of the records."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from asbhub.integrity.models import (
    CdiAuditEntry,
    CdiQuery,
    CdiReview,
    DipSampleCheck,
    IncidentScreening,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by the review's services: viewable, never edited here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IncidentScreening)
class IncidentScreeningAdmin(ReadOnlyAdmin):
    list_display = ("incident", "describes_crime", "top_confidence", "rules_version", "screened_at")
    list_filter = ("describes_crime", "rules_version")


@admin.register(CdiReview)
class CdiReviewAdmin(ReadOnlyAdmin):
    list_display = (
        "incident",
        "status",
        "decision",
        "classification",
        "due_at",
        "decided_at",
        "within_24h",
    )
    list_filter = ("status", "decision", "within_24h")


@admin.register(CdiQuery)
class CdiQueryAdmin(ReadOnlyAdmin):
    list_display = ("incident", "officer", "status", "asked_at", "answered_at")
    list_filter = ("status",)


@admin.register(DipSampleCheck)
class DipSampleCheckAdmin(ReadOnlyAdmin):
    list_display = ("review", "drawn_at", "checker", "agrees", "checked_at")


@admin.register(CdiAuditEntry)
class CdiAuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "username", "role", "action", "incident")
    list_filter = ("action",)
