"""Choices for the crime data integrity review, with translated labels.

The reasons a reviewer may give for "no crime" are reference data: they live in
`data/no_crime_reasons.csv` with their English and Welsh labels and the source of each.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

REASONS_FILE = Path(__file__).resolve().parent / "data" / "no_crime_reasons.csv"


class ReviewStatus(models.TextChoices):
    """Where an incident is in the 24-hour review."""

    PENDING = "pending", _("To review")
    QUERIED = "queried", _("Query with the officer")
    DECIDED = "decided", _("Decided")


class SetAside(models.TextChoices):
    """Why the screening set words aside (the `kind` of its discounted evidence)."""

    NEGATED = "negated", _("denied (for example “no one was hurt”)")
    GUARDED = "guarded", _("part of a place or street name")
    NOT_AN_ACT = "not_an_act", _("a threat or a wish, not an act")
    RETRACTED = (
        "retracted",
        _("the report was taken back (for example “please ignore my earlier report”)"),
    )
    SPEECH = "speech", _("in someone’s quoted words, not the report’s")
    TAKEN_BACK = (
        "taken_back",
        _("the report says otherwise (for example “it was clearly a joke”, “nothing happened”)"),
    )
    EXPLAINED = "explained", _("explained by the rest of the sentence")


def set_aside_reason(kind: str) -> str:
    """The reviewer's words for why the screening set a piece of evidence aside."""
    try:
        return str(SetAside(kind).label)
    except ValueError:
        return str(SetAside.EXPLAINED.label)


class Decision(models.TextChoices):
    """The reviewer's decision on an incident."""

    NO_CRIME = "no_crime", _("No crime")
    CRIME_RECORDED = "crime_recorded", _("Crime recorded")


class QueryStatus(models.TextChoices):
    """Whether the officer has answered a reviewer's query."""

    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")


class AuditAction(models.TextChoices):
    """What happened in the review, for the audit trail."""

    SCREENED = "screened", _("Screened")
    DECIDED = "decided", _("Decision recorded")
    QUERIED = "queried", _("Query raised")
    ANSWERED = "answered", _("Query answered")
    SAMPLED = "sampled", _("Drawn for the dip sample")
    CHECKED = "checked", _("Dip sample checked")


class OffenceGroup(models.TextChoices):
    """The offence groups of the screening (see integrity/screening.py)."""

    PUBLIC_ORDER = "public_order", _("Public fear, alarm or distress")
    HARASSMENT = "harassment", _("Harassment")
    STALKING = "stalking", _("Stalking")
    MALICIOUS_COMMUNICATIONS = "malicious_communications", _("Malicious communications")
    CRIMINAL_DAMAGE = "criminal_damage", _("Criminal damage")
    ARSON = "arson", _("Arson")
    ASSAULT = "assault", _("Assault")
    THREATS_TO_KILL = "threats_to_kill", _("Threats to kill")
    HATE_AGGRAVATED = "hate_aggravated", _("Racially or religiously aggravated (hate)")
    THEFT = "theft", _("Theft")
    BURGLARY = "burglary", _("Burglary")
    ROBBERY = "robbery", _("Robbery")
    DRUGS = "drugs", _("Drugs")
    WEAPONS = "weapons", _("Weapons")
    SEXUAL_OFFENCE = "sexual_offence", _("Sexual offence")
    OTHER_CRIME = "other_crime", _("Other crime")


@dataclass(frozen=True)
class NoCrimeReason:
    """A reason for a "no crime" decision, with its labels and source."""

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
def no_crime_reasons() -> tuple[NoCrimeReason, ...]:
    """Read the reasons from the reference data file, in file order."""
    with REASONS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = tuple(NoCrimeReason(**row) for row in csv.DictReader(handle))
    if len({row.code for row in rows}) != len(rows):
        raise ValueError(f"{REASONS_FILE.name}: reason codes must be unique")
    return rows


def reason_choices() -> list[tuple[str, str]]:
    """The reasons as form choices in the active language."""
    language = translation.get_language()
    return [(reason.code, reason.label(language)) for reason in no_crime_reasons()]


def reason_label(code: str) -> str:
    """One reason's label in the active language (the code when unknown)."""
    language = translation.get_language()
    for reason in no_crime_reasons():
        if reason.code == code:
            return reason.label(language)
    return code
