"""Choices used across the core app, with translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    """What was done with personal data (Data Protection Act 2018 s.62 logging)."""

    VIEW = "view", _("Viewed")
    SEARCH = "search", _("Searched")
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    DISCLOSE = "disclose", _("Disclosed to a partner")
    EXPORT = "export", _("Exported")
    COMBINE = "combine", _("Combined with other data")
    DELETE = "delete", _("Deleted")


class AreaStatus(models.TextChoices):
    """Where a record falls relative to the force area."""

    IN_FORCE = "in_force", _("In the force area")
    OUTSIDE_FORCE = "outside_force", _("Outside the force area")
    NO_LOCATION = "no_location", _("No location")
