"""Choices for the police.uk open data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FileKind(models.TextChoices):
    """The two monthly police.uk files we import."""

    STREET = "street", _("Street-level crime and ASB")
    OUTCOMES = "outcomes", _("Outcomes")


ASB_CRIME_TYPE = "Anti-social behaviour"
