"""A repeat victim with two earlier reports in Newport, for the contact script's tests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from asbhub.incidents import services
from asbhub.incidents.choices import AsbCategory, PartyRole
from asbhub.incidents.models import IncidentParty
from tests.factories import make_csps, make_incident, make_person

# A point in Newport city centre (inside LSOA W01001620's neighbourhood, Newport CSP).
NEWPORT_LON, NEWPORT_LAT = -2.99774, 51.58852


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Cached LSOA facts must not leak between tests with different geography."""
    services.clear_caches()
    yield
    services.clear_caches()


@pytest.fixture
def repeat_victim(db) -> dict:
    """Robert Jones of Flat 2, 14 Heol Pant: two personal ASB reports in the last 40 days."""
    make_csps()
    now = timezone.now()
    incidents = []
    for days, name in ((40, "Robert"), (10, "Bob")):
        person = make_person(
            given_name=name,
            family_name="Jones",
            date_of_birth=date(1961, 3, 4),
            flat="Flat 2",
            house="14",
            street="Heol Pant",
            town="Newport",
            postcode="NP20 4AB",
            vulnerable=True,
        )
        incident = make_incident(
            victim=person,
            reported_at=now - timedelta(days=days),
            occurred_at=now - timedelta(days=days, hours=2),
            category=AsbCategory.PERSONAL,
            location="14 Heol Pant, Newport",
            longitude=NEWPORT_LON,
            latitude=NEWPORT_LAT,
        )
        IncidentParty.objects.create(incident=incident, person=person, role=PartyRole.REPORTER)
        incidents.append(incident)
    return {"incidents": incidents, "now": now}


def script_answers(**overrides: str) -> dict[str, str]:
    """POST data for the contact script: a personal ASB report by a misspelt repeat victim."""
    data = {
        "channel": "101",
        "occurred_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "location": "14 Heol Pant, Newport",
        "longitude": str(NEWPORT_LON),
        "latitude": str(NEWPORT_LAT),
        "narrative": "The lads from number 16 were shouting abuse at my door again tonight.",
        "category": "personal",
        "subtype": "targeted_abuse",
        "victim-given_name": "Rob",
        "victim-family_name": "Jonse",
        "victim-date_of_birth": "03/04/1961",
        "victim-house": "2/14",
        "victim-street": "heol pant",
        "victim_reported": "on",
        "victim_targeted": "yes",
        "happened_before": "yes",
        "victim_vulnerable": "no",
        "hate_motivated": "no",
        "children_involved": "no",
        "risk_now": "no",
    }
    data.update(overrides)
    return data
