"""Choices for ASB incidents, with translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AsbCategory(models.TextChoices):
    """The National Standard for Incident Recording ASB categories."""

    PERSONAL = "personal", _("Personal")
    NUISANCE = "nuisance", _("Nuisance")
    ENVIRONMENTAL = "environmental", _("Environmental")


class Channel(models.TextChoices):
    """How the report reached the force."""

    EMERGENCY = "999", _("999 call")
    NON_EMERGENCY = "101", _("101 call")
    ONLINE = "online", _("Online report")
    IN_PERSON = "in_person", _("In person")
    PARTNER = "partner", _("Partner referral")


class IncidentStatus(models.TextChoices):
    """Where the incident is in its life."""

    OPEN = "open", _("Open")
    ALLOCATED = "allocated", _("Allocated")
    ATTENDED = "attended", _("Attended")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


class PartyRole(models.TextChoices):
    """A person's part in an incident."""

    REPORTER = "reporter", _("Reporter")
    VICTIM = "victim", _("Victim")
    SUSPECT = "suspect", _("Suspect")
    WITNESS = "witness", _("Witness")
