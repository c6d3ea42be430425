"""Choices for ASB incidents, with translated labels.

The ASB subtypes are reference data: they live in `data/asb_subtypes.csv` with their
English and Welsh labels and the source of each, and are read here once.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import models
from django.utils import translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

SUBTYPES_FILE = Path(__file__).resolve().parent / "data" / "asb_subtypes.csv"


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


class Gender(models.TextChoices):
    """A person's gender as given to the call handler."""

    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other or self-described")
    NOT_KNOWN = "not_known", _("Not known")


class VulnerabilityFactor(models.TextChoices):
    """Why a person may be vulnerable, asked on every ASB call."""

    OLDER_PERSON = "older_person", _("Older person")
    CHILD = "child", _("Child or young person")
    DISABILITY = "disability", _("Physical disability")
    LEARNING_DISABILITY = "learning_disability", _("Learning disability or difficulty")
    MENTAL_HEALTH = "mental_health", _("Mental ill health")
    PHYSICAL_HEALTH = "physical_health", _("Long-term physical illness")
    ISOLATED = "isolated", _("Lives alone or socially isolated")
    LANGUAGE = "language", _("Language or communication needs")
    DEPENDENCY = "dependency", _("Drug or alcohol dependency")
    DOMESTIC_ABUSE = "domestic_abuse", _("Experiencing domestic abuse")


@dataclass(frozen=True)
class AsbSubtype:
    """A local ASB subtype within one NSIR category, with its labels and source."""

    category: str
    code: str
    label_en: str
    label_cy: str
    source: str

    def label(self, language: str | None = None) -> str:
        """The label in the given language (Welsh when it starts with "cy"), else English."""
        if language and language.startswith("cy") and self.label_cy:
            return self.label_cy
        return self.label_en


@cache
def asb_subtypes() -> tuple[AsbSubtype, ...]:
    """Read the ASB subtypes from the reference data file, in file order."""
    with SUBTYPES_FILE.open(encoding="utf-8", newline="") as handle:
        rows = [AsbSubtype(**row) for row in csv.DictReader(handle)]
    categories = set(AsbCategory.values)
    for row in rows:
        if row.category not in categories:
            raise ValueError(f"{SUBTYPES_FILE.name}: unknown category {row.category!r}")
    if len({row.code for row in rows}) != len(rows):
        raise ValueError(f"{SUBTYPES_FILE.name}: subtype codes must be unique")
    return tuple(rows)


def subtypes_by_code() -> dict[str, AsbSubtype]:
    """The ASB subtypes keyed by code."""
    return {subtype.code: subtype for subtype in asb_subtypes()}


def _active_label(code: str) -> str:
    return subtypes_by_code()[code].label(translation.get_language())


_lazy_label = lazy(_active_label, str)


def subtype_label(code: str) -> Promise:
    """The subtype's label, resolved in the language active when it is shown."""
    return _lazy_label(code)


def subtype_choices() -> list[tuple[str, list[tuple[str, Promise]]]]:
    """Subtype choices grouped by category, for `Incident.subtype` and its forms."""
    groups: list[tuple[str, list[tuple[str, Promise]]]] = []
    for category in AsbCategory:
        codes = [s.code for s in asb_subtypes() if s.category == category]
        members = [(code, subtype_label(code)) for code in codes]
        if members:
            groups.append((category.label, members))
    return groups


class ResponseGrade(models.IntegerChoices):
    """The graded response: how soon and how the force responds."""

    EMERGENCY = 1, _("1 – Emergency")
    PRIORITY = 2, _("2 – Priority")
    SCHEDULED = 3, _("3 – Scheduled")
    NO_DEPLOYMENT = 4, _("4 – Resolution without deployment")


class ThriveLevel(models.TextChoices):
    """A THRIVE dimension's level."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


THRIVE_DIMENSIONS: tuple[tuple[str, Promise], ...] = (
    ("threat", _("Threat")),
    ("harm", _("Harm")),
    ("risk", _("Risk")),
    ("investigation", _("Investigation")),
    ("vulnerability", _("Vulnerability")),
    ("engagement", _("Engagement")),
)


class EventKind(models.TextChoices):
    """What happened to an incident, in its history."""

    RECORDED = "recorded", _("Recorded")
    ASSESSED = "assessed", _("THRIVE assessed")
    ALLOCATED = "allocated", _("Allocated")
    STATUS = "status", _("Status changed")
    UPDATED = "updated", _("Updated")
    NOTE = "note", _("Update added")


# The incident lifecycle: open → allocated → attended or resolved → closed. A status may
# also go back to open (reallocation) and a resolved incident may be reopened.
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    IncidentStatus.OPEN: (IncidentStatus.ALLOCATED, IncidentStatus.RESOLVED),
    IncidentStatus.ALLOCATED: (
        IncidentStatus.ATTENDED,
        IncidentStatus.RESOLVED,
        IncidentStatus.OPEN,
    ),
    IncidentStatus.ATTENDED: (IncidentStatus.RESOLVED, IncidentStatus.ALLOCATED),
    IncidentStatus.RESOLVED: (IncidentStatus.CLOSED, IncidentStatus.ALLOCATED),
    IncidentStatus.CLOSED: (IncidentStatus.OPEN,),
}


# Why two person records were matched (incidents.matching evidence codes), for the panel.
MATCH_REASON_LABELS: dict[str, Promise] = {
    "family_exact": _("same last name"),
    "family_similar": _("last name spelt differently"),
    "family_different": _("different last name"),
    "given_exact": _("same first name"),
    "given_variant": _("another form of the first name"),
    "given_similar": _("first name spelt differently"),
    "given_initial": _("same initial"),
    "given_different": _("different first name"),
    "swapped_penalty": _("first and last names swapped"),
    "dob_exact": _("same date of birth"),
    "dob_day_month_swapped": _("date of birth with day and month swapped"),
    "dob_one_digit": _("date of birth one digit out"),
    "dob_one_day": _("date of birth one day out"),
    "dob_year_off_by_one": _("birth year one out"),
    "dob_different": _("different date of birth"),
    "address_same": _("same address"),
    "address_same_street_other_number": _("same street, another number"),
    "address_different": _("different address"),
    "street_same": _("same street"),
    "postcode_same": _("same postcode"),
    "postcode_different": _("different postcode"),
    "phone_same": _("same phone number"),
}
