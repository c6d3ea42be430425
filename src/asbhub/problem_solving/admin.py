"""Django admin for the outcome codes: the configurable list plans are finalised with.

Plans themselves are not in the admin: they name people, and are read and changed only
through the problem-solving pages, which write the access log.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from asbhub.problem_solving.models import OutcomeCode


@admin.register(OutcomeCode)
class OutcomeCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "label_cy", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["active"]
    search_fields = ["code", "label", "label_cy"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        """Retire a code (untick "in use") rather than delete it: plans keep their outcome."""
        return False
