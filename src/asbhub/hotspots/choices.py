"""Choices for hotspots, operations and patrols, with translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CrimeType(models.TextChoices):
    """police.uk crime types as short names for commands and URLs (value: the short name)."""

    ASB = "asb", _("Anti-social behaviour")
    ALL = "all", _("All crime and ASB")
    VIOLENCE = "violence-and-sexual-offences", _("Violence and sexual offences")
    PUBLIC_ORDER = "public-order", _("Public order")
    CRIMINAL_DAMAGE = "criminal-damage-and-arson", _("Criminal damage and arson")
    SHOPLIFTING = "shoplifting", _("Shoplifting")
    OTHER_THEFT = "other-theft", _("Other theft")
    VEHICLE = "vehicle-crime", _("Vehicle crime")
    BURGLARY = "burglary", _("Burglary")
    DRUGS = "drugs", _("Drugs")
    WEAPONS = "possession-of-weapons", _("Possession of weapons")
    ROBBERY = "robbery", _("Robbery")
    BICYCLE = "bicycle-theft", _("Bicycle theft")
    THEFT_PERSON = "theft-from-the-person", _("Theft from the person")
    OTHER = "other-crime", _("Other crime")


# The police.uk "Crime type" text for each short name ("all" has none: every type).
POLICEUK_CRIME_TYPES: dict[str, str] = {
    "asb": "Anti-social behaviour",
    "violence-and-sexual-offences": "Violence and sexual offences",
    "public-order": "Public order",
    "criminal-damage-and-arson": "Criminal damage and arson",
    "shoplifting": "Shoplifting",
    "other-theft": "Other theft",
    "vehicle-crime": "Vehicle crime",
    "burglary": "Burglary",
    "drugs": "Drugs",
    "possession-of-weapons": "Possession of weapons",
    "robbery": "Robbery",
    "bicycle-theft": "Bicycle theft",
    "theft-from-the-person": "Theft from the person",
    "other-crime": "Other crime",
}


class DataSource(models.TextChoices):
    """Which records an operation is evaluated on."""

    POLICEUK = "policeuk", _("police.uk open data (month and snapped location only)")
    INCIDENTS = "incidents", _("ASB incidents recorded in ASB Hub")


class AreaKind(models.TextChoices):
    """The part an area plays in an operation's evaluation."""

    TARGET = "target", _("Target hotspot")
    CONTROL = "control", _("Control area")


class Agency(models.TextChoices):
    """Who patrolled."""

    POLICE = "police", _("Police officer")
    PCSO = "pcso", _("Police community support officer")
    WARDEN = "warden", _("Council community safety warden")
    OTHER = "other", pgettext_lazy("agency", "Other")


class Activity(models.TextChoices):
    """The main thing done on a patrol visit."""

    PRESENCE = "presence", _("High-visibility presence only")
    ENGAGEMENT = "engagement", _("Engagement with the public")
    STOP = "stop", _("Stop or stop and search")
    DISPERSAL = "dispersal", _("Dispersal direction")
    ARREST = "arrest", _("Arrest")
    OTHER = "other", pgettext_lazy("activity", "Other")
