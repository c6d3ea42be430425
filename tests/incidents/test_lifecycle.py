"""The incident lifecycle: allocation, updates, closing, history, and who may do each."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse

from asbhub.incidents import services
from asbhub.incidents.models import IncidentEvent
from tests.factories import make_incident


@pytest.fixture
def incident(cast):
    return make_incident()


def test_a_supervisor_allocates_to_an_officer_and_the_history_says_so(cast, incident):
    services.update_incident(cast["supervisor"], incident.pk, allocated_to=cast["officer"])
    incident.refresh_from_db()
    assert incident.status == "allocated" and incident.allocated_to == cast["officer"]
    event = IncidentEvent.objects.get(incident=incident)
    assert event.kind == "allocated" and event.username == cast["supervisor"].username
    assert event.changes["status"] == ["open", "allocated"]


def test_the_allocated_officer_updates_their_incident(cast, incident):
    services.update_incident(cast["supervisor"], incident.pk, allocated_to=cast["officer"])
    services.update_incident(cast["officer"], incident.pk, status="attended", note="Spoke to IP.")
    incident.refresh_from_db()
    assert incident.status == "attended"
    kinds = list(incident.events.values_list("kind", flat=True))
    assert kinds == ["allocated", "status", "note"]


def test_an_officer_may_not_update_an_incident_not_theirs(cast, incident):
    with pytest.raises(services.NotAllowed):
        services.update_incident(cast["officer"], incident.pk, note="Not mine")


def test_a_call_handler_records_but_does_not_update(cast, incident):
    with pytest.raises(services.NotAllowed):
        services.update_incident(cast["call_handler"], incident.pk, status="resolved")


def test_only_a_supervisor_allocates_and_closes(cast, incident):
    services.update_incident(cast["supervisor"], incident.pk, allocated_to=cast["officer"])
    with pytest.raises(services.NotAllowed):
        services.update_incident(cast["officer"], incident.pk, allocated_to=None)
    services.update_incident(cast["officer"], incident.pk, status="resolved")
    with pytest.raises(services.NotAllowed):
        services.update_incident(cast["officer"], incident.pk, status="closed")
    services.update_incident(cast["supervisor"], incident.pk, status="closed")
    incident.refresh_from_db()
    assert incident.status == "closed"


def test_the_lifecycle_refuses_a_jump(cast, incident):
    with pytest.raises(services.InvalidChange):
        services.update_incident(cast["supervisor"], incident.pk, status="closed")
    with pytest.raises(services.InvalidChange):
        services.update_incident(cast["supervisor"], incident.pk, status="allocated")


def test_incidents_are_allocated_to_officers_only(cast, incident):
    with pytest.raises(services.InvalidChange):
        services.update_incident(cast["supervisor"], incident.pk, allocated_to=cast["analyst"])


def test_a_partner_cannot_see_that_the_incident_exists(cast, incident):
    with pytest.raises(Http404):
        services.update_incident(cast["partner"], incident.pk, note="hello")


def test_regrading_moves_the_deadline(cast, incident):
    services.update_incident(cast["supervisor"], incident.pk, grade=2)
    incident.refresh_from_db()
    assert (incident.respond_by - incident.reported_at).total_seconds() == 3600


def test_my_incidents_lists_only_mine(client, cast, incident):
    other = make_incident()
    services.update_incident(cast["supervisor"], incident.pk, allocated_to=cast["officer"])
    client.force_login(cast["officer"])
    html = client.get(reverse("incidents:mine")).content.decode()
    assert incident.reference in html and other.reference not in html


def test_supervisors_see_what_waits_for_allocation(client, cast, incident):
    client.force_login(cast["supervisor"])
    html = client.get(reverse("incidents:mine")).content.decode()
    assert 'id="waiting-incidents"' in html and incident.reference in html


def test_the_update_form_works_as_a_plain_post(client, cast, incident):
    client.force_login(cast["supervisor"])
    url = reverse("incidents:update", args=[incident.pk])
    response = client.post(url, {"allocated_to": cast["officer"].pk, "status": "open", "note": ""})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.allocated_to == cast["officer"]
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert 'id="incident-history"' in page and "Allocated" in page


def test_the_update_form_is_refused_to_a_call_handler(client, cast, incident):
    client.force_login(cast["call_handler"])
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "Update this incident" not in page
    url = reverse("incidents:update", args=[incident.pk])
    assert client.post(url, {"status": "resolved"}).status_code == 403
