"""Django admin for incidents and people: every record opened or changed is logged."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import models
from django.http import HttpRequest, HttpResponse

from asbhub.core.audit import log_access
from asbhub.core.choices import AccessAction
from asbhub.incidents.models import Incident, IncidentEvent, IncidentParty, Person, ThriveAssessment

ADMIN_PURPOSE = "Administration (Django admin)"


class AccessLoggedAdmin(admin.ModelAdmin):
    """Write the access log when a record is opened, added, changed or deleted.

    Lists show no names, addresses or narratives, so browsing a list reads no personal data.
    """

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "GET":
            record = self.get_object(request, unquote(object_id))
            if record is not None and self.has_view_or_change_permission(request, record):
                log_access(request.user, AccessAction.VIEW, record, ADMIN_PURPOSE, request)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        action = AccessAction.CHANGE if change else AccessAction.CREATE
        log_access(request.user, action, obj, ADMIN_PURPOSE, request)

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        log_access(request.user, AccessAction.DELETE, obj, ADMIN_PURPOSE, request)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        for obj in queryset:
            log_access(request.user, AccessAction.DELETE, obj, ADMIN_PURPOSE, request)
        super().delete_queryset(request, queryset)


class IncidentPartyInline(admin.TabularInline):
    model = IncidentParty
    extra = 0
    raw_id_fields = ["person"]


class ThriveInline(admin.StackedInline):
    model = ThriveAssessment
    extra = 0
    can_delete = False
    raw_id_fields = ["assessed_by"]


class EventInline(admin.TabularInline):
    """The incident's history is read-only: changes are made through the service."""

    model = IncidentEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "username", "kind", "changes", "note"]
    exclude = ["user"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Incident)
class IncidentAdmin(AccessLoggedAdmin):
    list_display = [
        "reference",
        "reported_at",
        "category",
        "subtype",
        "channel",
        "grade",
        "status",
        "csp",
    ]
    list_filter = ["category", "subtype", "channel", "grade", "status", "csp"]
    search_fields = ["reference"]
    date_hierarchy = "reported_at"
    inlines = [IncidentPartyInline, ThriveInline, EventInline]
    raw_id_fields = ["recorded_by", "allocated_to"]


@admin.register(Person)
class PersonAdmin(AccessLoggedAdmin):
    list_display = ["id", "created_at", "vulnerable"]
    list_filter = ["vulnerable", "gender"]
    date_hierarchy = "created_at"
