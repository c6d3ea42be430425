"""Choices for data packs, with translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PackStatus(models.TextChoices):
    """Where a data pack is in its making."""

    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class PackFormat(models.TextChoices):
    """The documents a pack can be written as."""

    HTML = "html", _("Web page (HTML)")
    PDF = "pdf", _("PDF")


class PackLanguage(models.TextChoices):
    """The language the whole pack is written in."""

    ENGLISH = "en", _("English")
    WELSH = "cy", _("Welsh (Cymraeg)")


class PackStage(models.TextChoices):
    """The step a pack is on, shown on its progress page."""

    QUEUED = "queued", _("Waiting for earlier packs to finish")
    LOADING = "loading", _("Reading police.uk records")
    HEADLINES = "headlines", _("Working out the headline figures")
    TRENDS = "trends", _("Drawing the monthly trends")
    MAPS = "maps", _("Drawing the maps")
    PLACES = "places", _("Ranking LSOAs and locations")
    OUTCOMES = "outcomes", _("Matching crimes to outcomes")
    COMPARISON = "comparison", _("Comparing partnerships")
    DEPRIVATION = "deprivation", _("Adding deprivation context")
    FORCE_DATA = "force_data", _("Counting the force's own incidents")
    HTML = "html", _("Writing the web page")
    PDF = "pdf", _("Writing the PDF")
    DONE = "done", _("Finished")


MONTH_CHOICES = {
    1: _("1 month"),
    3: _("3 months"),
    6: _("6 months"),
    12: _("12 months"),
}
"""How many months a pack may cover from the web: its comparison periods are as long."""
