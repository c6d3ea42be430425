"""Incidents are screened when saved, and by `asbhub screen-incidents` when made in bulk."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core.management import call_command

from asbhub.incidents.models import Incident
from asbhub.integrity.choices import ReviewStatus
from asbhub.integrity.models import CdiReview, IncidentScreening
from tests.factories import make_csps, make_incident
from tests.integrity.conftest import NOW


def test_a_new_incident_is_screened_and_its_review_opened(abuse_incident) -> None:
    stored = IncidentScreening.objects.get(incident=abuse_incident)
    assert stored.describes_crime
    assert "public_order" in stored.groups
    assert stored.result["offences"][0]["evidence"]
    review = CdiReview.objects.get(incident=abuse_incident)
    assert review.status == ReviewStatus.PENDING
    assert review.due_at == abuse_incident.reported_at + timedelta(hours=24)


def test_changing_the_narrative_screens_again(abuse_incident) -> None:
    abuse_incident.narrative = "Loud music next door, no threats, nothing damaged."
    abuse_incident.save()
    assert not IncidentScreening.objects.get(incident=abuse_incident).describes_crime


def test_a_status_change_does_not_screen_again(abuse_incident) -> None:
    stored = IncidentScreening.objects.get(incident=abuse_incident)
    abuse_incident.status = "closed"
    abuse_incident.save(update_fields=["status"])
    assert IncidentScreening.objects.get(incident=abuse_incident).screened_at == stored.screened_at


def test_the_structured_answers_are_read(db) -> None:
    incident = make_incident(
        narrative="Youths shouting outside her house again, IP frightened",
        victim_targeted=True,
        happened_before=True,
    )
    assert "harassment" in IncidentScreening.objects.get(incident=incident).groups


def _bulk_incidents(count: int) -> None:
    csp = make_csps()["newport"]
    Incident.objects.bulk_create(
        Incident(
            reference=f"GW-BULK-{number:04d}",
            reported_at=NOW - timedelta(hours=number),
            channel="101",
            category="personal",
            narrative="Neighbour punched IP in the face" if number % 2 else "Dog barking",
            csp=csp,
        )
        for number in range(count)
    )


def test_the_command_screens_incidents_made_in_bulk(db) -> None:
    _bulk_incidents(6)
    assert IncidentScreening.objects.count() == 0
    out = StringIO()
    call_command("screen_incidents", stdout=out, stderr=StringIO())
    assert "Done: 6 incidents screened" in out.getvalue()
    assert IncidentScreening.objects.filter(describes_crime=True).count() == 3
    assert CdiReview.objects.count() == 6
    out = StringIO()
    call_command("screen_incidents", stdout=out, stderr=StringIO())
    assert "Done: 0 incidents screened" in out.getvalue()


def test_the_command_screens_everything_again_with_all(db) -> None:
    _bulk_incidents(4)
    call_command("screen_incidents", stdout=StringIO(), stderr=StringIO())
    IncidentScreening.objects.update(groups=[], describes_crime=False)
    out = StringIO()
    call_command("screen_incidents", "--all", stdout=out, stderr=StringIO())
    assert "Done: 4 incidents screened" in out.getvalue()
    assert IncidentScreening.objects.filter(describes_crime=True).count() == 2
    assert CdiReview.objects.count() == 4
