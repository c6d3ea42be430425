"""Reviewing one incident: the evidence highlighted, the decision, the audit trail and the
access log."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from asbhub.core.models import AccessLogEntry
from asbhub.integrity import services
from asbhub.integrity.choices import ReviewStatus
from asbhub.integrity.models import CdiAuditEntry, CdiReview
from tests.conftest import PASSWORD
from tests.factories import make_incident
from tests.integrity.conftest import NOW


def test_the_review_page_highlights_the_evidence_and_logs_the_read(
    client, cast, abuse_incident
) -> None:
    client.login(username=cast["cdi_reviewer"].username, password=PASSWORD)
    response = client.get(reverse("integrity:review", args=[abuse_incident.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<mark class="asbhub-evidence" data-groups="public_order"' in page
    assert ">shouting abuse at IP<" in page
    assert "9A" in page
    entry = AccessLogEntry.objects.get(record_id=str(abuse_incident.pk), action="view")
    assert entry.user == cast["cdi_reviewer"]
    assert entry.purpose == services.REVIEW_PURPOSE


def test_the_review_page_says_why_words_were_set_aside(client, cast) -> None:
    incident = make_incident(
        narrative="Neighbour said he'd punch her if she parked there. They were both laughing."
    )
    client.login(username=cast["cdi_reviewer"].username, password=PASSWORD)
    page = client.get(reverse("integrity:review", args=[incident.pk])).content.decode()
    assert "Words the screening set aside" in page
    assert "the report says otherwise" in page
    client.cookies["django_language"] = "cy"
    page = client.get(reverse("integrity:review", args=[incident.pk])).content.decode()
    assert "mae’r adroddiad yn dweud yn wahanol" in page


def test_recording_a_crime_writes_the_decision_and_the_screening_shown(
    cast, abuse_incident
) -> None:
    review = services.record_decision(
        cast["cdi_reviewer"],
        abuse_incident.pk,
        decision="crime_recorded",
        crime_reference="GW/24/000123",
        classification="9A",
        offence_group="public_order",
        now=NOW,
    )
    assert review.status == ReviewStatus.DECIDED
    assert review.within_24h is True
    assert review.reviewer == cast["cdi_reviewer"]
    entry = CdiAuditEntry.objects.get(incident=abuse_incident)
    assert entry.details["crime_reference"] == "GW/24/000123"
    assert entry.screening["groups"] == ["public_order"]
    assert "shouting abuse at IP" in entry.screening["offences"][0]["evidence"]
    assert AccessLogEntry.objects.filter(record_id=str(abuse_incident.pk), action="change").exists()


def test_a_late_decision_is_not_within_24_hours(cast, quiet_incident) -> None:
    review = services.record_decision(
        cast["supervisor"],
        quiet_incident.pk,
        decision="no_crime",
        no_crime_reason="no_offence_disclosed",
        now=NOW,
    )
    assert review.within_24h is False


def test_no_crime_needs_a_reason_and_a_crime_needs_its_reference(cast, abuse_incident) -> None:
    with pytest.raises(ValidationError):
        services.record_decision(
            cast["cdi_reviewer"], abuse_incident.pk, decision="no_crime", now=NOW
        )
    with pytest.raises(ValidationError):
        services.record_decision(
            cast["cdi_reviewer"],
            abuse_incident.pk,
            decision="crime_recorded",
            classification="9A",
            now=NOW,
        )
    assert not CdiAuditEntry.objects.exists()


@pytest.mark.parametrize("role", ["officer", "call_handler", "pop_officer"])
def test_other_roles_may_not_decide(cast, abuse_incident, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.record_decision(
            cast[role],
            abuse_incident.pk,
            decision="no_crime",
            no_crime_reason="no_offence_disclosed",
            now=NOW,
        )


def test_the_decision_form_records_a_crime(client, cast, abuse_incident) -> None:
    client.login(username=cast["cdi_reviewer"].username, password=PASSWORD)
    response = client.post(
        reverse("integrity:review", args=[abuse_incident.pk]),
        {
            "decision": "crime_recorded",
            "crime_reference": "GW/24/9",
            "classification": "9A",
            "offence_group": "public_order",
            "no_crime_reason": "",
            "notes": "",
        },
    )
    assert response.status_code == 302
    review = CdiReview.objects.get(incident=abuse_incident)
    assert (review.decision, review.crime_reference) == ("crime_recorded", "GW/24/9")


def test_the_decision_form_shows_errors(client, cast, abuse_incident) -> None:
    client.login(username=cast["cdi_reviewer"].username, password=PASSWORD)
    response = client.post(
        reverse("integrity:review", args=[abuse_incident.pk]), {"decision": "crime_recorded"}
    )
    assert response.status_code == 400
    assert "Enter the crime reference." in response.content.decode()
    assert CdiReview.objects.get(incident=abuse_incident).status == ReviewStatus.PENDING


def test_an_officer_gets_403_and_a_missing_incident_404(client, cast, abuse_incident) -> None:
    client.login(username=cast["officer"].username, password=PASSWORD)
    assert client.get(reverse("integrity:review", args=[abuse_incident.pk])).status_code == 403
    client.login(username=cast["cdi_reviewer"].username, password=PASSWORD)
    assert client.get(reverse("integrity:review", args=[999999])).status_code == 404


def test_the_audit_trail_refuses_changes(cast, abuse_incident) -> None:
    services.record_decision(
        cast["cdi_reviewer"],
        abuse_incident.pk,
        decision="no_crime",
        no_crime_reason="no_offence_disclosed",
        now=NOW,
    )
    entry = CdiAuditEntry.objects.get()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        CdiAuditEntry.objects.all().delete()
