"""Django admin for demo data runs and planted truth: read only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from asbhub.demo.models import DemoRun, PlantedTruth


class ReadOnlyAdmin(admin.ModelAdmin):
    """Browse only: demo data is made and replaced by `asbhub demo`."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DemoRun)
class DemoRunAdmin(ReadOnlyAdmin):
    list_display = ["generated_at", "seed", "months", "requested_incidents"]


@admin.register(PlantedTruth)
class PlantedTruthAdmin(ReadOnlyAdmin):
    list_display = ["kind", "record_type", "record_id", "seed"]
    list_filter = ["kind", "record_type"]
    search_fields = ["=record_id"]
