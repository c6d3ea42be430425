"""The review queue: who may see it, what it holds and in what order."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from asbhub.integrity import services
from tests.conftest import PASSWORD
from tests.factories import make_incident
from tests.integrity.conftest import NOW


def test_reviewers_see_overdue_first_then_likely_crimes(
    cast, abuse_incident, quiet_incident
) -> None:
    soon = make_incident(reported_at=NOW - timedelta(hours=22), narrative="Dog barking all day")
    later_crime = make_incident(
        reported_at=NOW - timedelta(hours=1), narrative="He punched IP in the face"
    )
    _page, items = services.review_queue(cast["cdi_reviewer"], NOW)
    assert [item.incident for item in items] == [quiet_incident, soon, abuse_incident, later_crime]
    assert items[0].clock.overdue
    assert items[1].clock.band == "due_soon"
    assert items[2].confidence > items[3].confidence > 0
    assert items[3].groups == ("assault",)


def test_decided_incidents_leave_the_open_queue_but_stay_in_the_last_24_hours(
    cast, abuse_incident, quiet_incident
) -> None:
    services.record_decision(
        cast["cdi_reviewer"],
        abuse_incident.pk,
        decision="no_crime",
        no_crime_reason="no_victim_distress",
        now=NOW,
    )
    _page, open_items = services.review_queue(cast["cdi_reviewer"], NOW)
    assert [item.incident for item in open_items] == [quiet_incident]
    _page, recent = services.review_queue(cast["cdi_reviewer"], NOW, show=services.SHOW_RECENT)
    assert [item.incident for item in recent] == [abuse_incident]
    assert recent[0].clock.band == "done"


@pytest.mark.parametrize("role", ["call_handler", "officer", "analyst", "partner", "pcc_scrutiny"])
def test_other_roles_may_not_see_the_queue(cast, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.review_queue(cast[role], NOW)


def test_the_queue_page_shows_the_clock_and_the_likely_offences(client, cast) -> None:
    incident = make_incident(
        reported_at=timezone.now() - timedelta(hours=21),
        narrative="Male shouting abuse at IP outside the shop",
    )
    client.login(username=cast["cdi_reviewer"].username, password=PASSWORD)
    response = client.get(reverse("integrity:queue"))
    assert response.status_code == 200
    page = response.content.decode()
    assert incident.reference in page
    assert "Public fear, alarm or distress" in page
    assert "min left" in page


def test_the_queue_answers_htmx_with_the_table_only(client, cast, abuse_incident) -> None:
    client.login(username=cast["supervisor"].username, password=PASSWORD)
    response = client.get(reverse("integrity:queue"), {"show": "open"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"queue-table" in response.content


def test_an_officer_is_refused_the_queue_page(client, cast) -> None:
    client.login(username=cast["officer"].username, password=PASSWORD)
    assert client.get(reverse("integrity:queue")).status_code == 403


def test_signed_out_users_are_sent_to_sign_in(client) -> None:
    response = client.get(reverse("integrity:queue"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
