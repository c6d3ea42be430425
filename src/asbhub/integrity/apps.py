"""The crime data integrity app: screening every ASB incident and the 24-hour review."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

SCREENED_FIELDS = {
    "narrative",
    "hate_motivated",
    "happened_before",
    "victim_targeted",
    "reported_at",
}


def screen_saved_incident(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """Screen an incident whenever it is saved (new, or its narrative or answers changed).

    Fixtures loaded raw are skipped; `asbhub screen-incidents` screens them (and incidents
    made with bulk_create, which sends no signal).
    """
    if raw:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not set(update_fields) & SCREENED_FIELDS:
        return
    from asbhub.integrity.services import screen_incident

    screen_incident(instance)


class IntegrityConfig(AppConfig):
    name = "asbhub.integrity"
    label = "integrity"
    verbose_name = _("Crime data integrity")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from asbhub.incidents.models import Incident

        post_save.connect(
            screen_saved_incident, sender=Incident, dispatch_uid="integrity-screen-incident"
        )
