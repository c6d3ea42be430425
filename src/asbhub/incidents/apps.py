"""The contact app: ASB reports, THRIVE, graded response and the incident record."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def follow_lsoa_teams(sender: type, **kwargs: Any) -> None:
    """Move incidents to their LSOA's new neighbourhood policing team."""
    from asbhub.incidents.services import assign_teams

    assign_teams()


class IncidentsConfig(AppConfig):
    name = "asbhub.incidents"
    verbose_name = _("Contact: ASB incidents")

    def ready(self) -> None:
        from asbhub.core.signals import lsoa_teams_changed

        lsoa_teams_changed.connect(follow_lsoa_teams, dispatch_uid="incidents-follow-lsoa-teams")
