"""Django admin for the police.uk open data: read-only, since only the import writes it."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from asbhub.opendata.models import OutcomeRecord, SourceFile, StreetRecord


class ReadOnlyAdmin(admin.ModelAdmin):
    """Browse and search; changes come from `asbhub import-policeuk` only."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SourceFile)
class SourceFileAdmin(ReadOnlyAdmin):
    list_display = ["name", "force", "month", "kind", "rows", "imported_at"]
    list_filter = ["force", "kind"]
    date_hierarchy = "month"


@admin.register(StreetRecord)
class StreetRecordAdmin(ReadOnlyAdmin):
    list_display = ["month", "crime_type", "location", "lsoa21_code", "csp", "area", "crime_id"]
    list_filter = ["crime_type", "area", "csp"]
    search_fields = ["=crime_id", "location", "lsoa_code", "lsoa21_code"]
    date_hierarchy = "month"
    list_select_related = ["csp"]
    show_full_result_count = False


@admin.register(OutcomeRecord)
class OutcomeRecordAdmin(ReadOnlyAdmin):
    list_display = ["month", "outcome_type", "location", "lsoa21_code", "csp", "area", "crime_id"]
    list_filter = ["outcome_type", "area", "csp"]
    search_fields = ["=crime_id", "location", "lsoa_code", "lsoa21_code"]
    date_hierarchy = "month"
    list_select_related = ["csp"]
    show_full_result_count = False
