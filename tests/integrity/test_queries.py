"""Queries to the officer: raised by a reviewer, listed for the officer, answered on the
incident, and back in the reviewer's queue."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from asbhub.integrity import services
from asbhub.integrity.choices import QueryStatus, ReviewStatus
from asbhub.integrity.models import CdiAuditEntry, CdiReview
from tests.conftest import PASSWORD, make_user
from tests.integrity.conftest import NOW


def test_a_reviewer_queries_the_officer_who_answers(cast, abuse_incident) -> None:
    officer = cast["officer"]
    query = services.raise_query(
        cast["cdi_reviewer"],
        abuse_incident.pk,
        officer=officer,
        question="Did the victim say she was alarmed?",
        now=NOW,
    )
    assert CdiReview.objects.get(incident=abuse_incident).status == ReviewStatus.QUERIED
    assert list(services.open_queries_for(officer)) == [query]
    services.answer_query(officer, query.pk, answer="Yes, she was frightened.", now=NOW)
    query.refresh_from_db()
    assert query.status == QueryStatus.ANSWERED
    assert CdiReview.objects.get(incident=abuse_incident).status == ReviewStatus.PENDING
    assert list(services.open_queries_for(officer)) == []
    actions = list(CdiAuditEntry.objects.values_list("action", flat=True))
    assert actions == ["queried", "answered"]


def test_only_the_officer_asked_may_answer(cast, abuse_incident, roles) -> None:
    query = services.raise_query(
        cast["cdi_reviewer"], abuse_incident.pk, officer=cast["officer"], question="Why?", now=NOW
    )
    other = make_user("other-officer", "officer")
    from django.http import Http404

    with pytest.raises(Http404):
        services.answer_query(other, query.pk, answer="Not mine", now=NOW)
    with pytest.raises(PermissionDenied):
        services.answer_query(cast["analyst"], query.pk, answer="No", now=NOW)


def test_a_query_goes_only_to_someone_who_answers_queries(cast, abuse_incident) -> None:
    with pytest.raises(ValidationError):
        services.raise_query(
            cast["cdi_reviewer"], abuse_incident.pk, officer=cast["analyst"], question="?", now=NOW
        )


def test_the_officer_answers_on_the_page(client, cast, abuse_incident) -> None:
    query = services.raise_query(
        cast["cdi_reviewer"],
        abuse_incident.pk,
        officer=cast["officer"],
        question="Was anyone hurt?",
        now=NOW,
    )
    client.login(username=cast["officer"].username, password=PASSWORD)
    listing = client.get(reverse("integrity:queries")).content.decode()
    assert abuse_incident.reference in listing
    page = client.get(reverse("integrity:answer", args=[query.pk])).content.decode()
    assert "Was anyone hurt?" in page
    assert "shouting abuse" in page
    response = client.post(reverse("integrity:answer", args=[query.pk]), {"answer": "No one hurt."})
    assert response.status_code == 302
    query.refresh_from_db()
    assert query.answer == "No one hurt."


def test_the_reviewer_sees_the_answer_on_the_review_page(client, cast, abuse_incident) -> None:
    query = services.raise_query(
        cast["cdi_reviewer"],
        abuse_incident.pk,
        officer=cast["officer"],
        question="Alarmed?",
        now=NOW,
    )
    services.answer_query(cast["officer"], query.pk, answer="She was terrified.", now=NOW)
    client.login(username=cast["cdi_reviewer"].username, password=PASSWORD)
    page = client.get(reverse("integrity:review", args=[abuse_incident.pk])).content.decode()
    assert "She was terrified." in page


def test_a_reviewer_has_no_query_list(client, cast) -> None:
    client.login(username=cast["cdi_reviewer"].username, password=PASSWORD)
    assert client.get(reverse("integrity:queries")).status_code == 403
