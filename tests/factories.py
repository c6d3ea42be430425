"""Small factories with realistic defaults for tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from asbhub.core.models import CommunitySafetyPartnership
from asbhub.incidents.choices import AsbCategory, Channel, PartyRole
from asbhub.incidents.models import Incident, IncidentParty, Person

_references = itertools.count(1)

GWENT_CSPS = (
    ("W14000018", "Caerphilly", "Caerffili", "caerphilly", "W06000018"),
    ("W14000019", "Blaenau Gwent", "Blaenau Gwent", "blaenau-gwent", "W06000019"),
    ("W14000020", "Torfaen", "Torfaen", "torfaen", "W06000020"),
    ("W14000021", "Monmouthshire", "Sir Fynwy", "monmouthshire", "W06000021"),
    ("W14000022", "Newport", "Casnewydd", "newport", "W06000022"),
)


def make_csps() -> dict[str, CommunitySafetyPartnership]:
    """The five Gwent community safety partnerships, keyed by slug."""
    csps = {}
    for code, name, name_cy, slug, la_code in GWENT_CSPS:
        csps[slug], _ = CommunitySafetyPartnership.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_cy": name_cy,
                "slug": slug,
                "local_authority_code": la_code,
                "force_code": "W15000002",
            },
        )
    return csps


def make_person(**overrides: Any) -> Person:
    """A synthetic person."""
    fields = {
        "given_name": "Sian",
        "family_name": "Prosser",
        "date_of_birth": datetime(1961, 3, 14, tzinfo=UTC).date(),
        "house": "14",
        "street": "Heol Pant",
        "town": "Newport",
    }
    fields.update(overrides)
    return Person.objects.create(**fields)


def make_incident(victim: Person | None = None, **overrides: Any) -> Incident:
    """A personal ASB incident in Newport, with a victim."""
    fields = {
        "reference": f"GW-2024-{next(_references):06d}",
        "reported_at": datetime(2024, 11, 2, 21, 40, tzinfo=UTC),
        "channel": Channel.NON_EMERGENCY,
        "category": AsbCategory.PERSONAL,
        "narrative": "IP reports youths kicking a football against her door again, shouting abuse.",
        "location": "On or near Heol Pant",
        "csp": make_csps()["newport"],
    }
    fields.update(overrides)
    incident = Incident.objects.create(**fields)
    IncidentParty.objects.create(
        incident=incident, person=victim or make_person(), role=PartyRole.VICTIM
    )
    return incident
