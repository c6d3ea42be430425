"""The dip sample: 5% of "no crime" decisions re-checked by a second reviewer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from asbhub.integrity import services
from asbhub.integrity.models import DipSampleCheck
from tests.conftest import PASSWORD, make_user
from tests.factories import make_incident
from tests.integrity.conftest import NOW


@pytest.fixture
def no_crime_decisions(cast) -> list:
    reviews = []
    for number in range(40):
        incident = make_incident(
            reported_at=NOW - timedelta(hours=30), narrative=f"Loud music, complaint {number}"
        )
        reviews.append(
            services.record_decision(
                cast["cdi_reviewer"],
                incident.pk,
                decision="no_crime",
                no_crime_reason="no_offence_disclosed",
                now=NOW - timedelta(hours=1),
            )
        )
    return reviews


def test_a_supervisor_draws_five_percent(cast, no_crime_decisions) -> None:
    checks = services.draw_dip_sample(
        cast["supervisor"], since=NOW - timedelta(days=7), until=NOW, seed=11, now=NOW
    )
    assert len(checks) == 2
    again = services.draw_dip_sample(
        cast["supervisor"], since=NOW - timedelta(days=7), until=NOW, seed=11, now=NOW
    )
    assert len(again) == 2
    assert not {c.pk for c in checks} & {c.pk for c in again}


def test_a_reviewer_may_not_draw(cast) -> None:
    with pytest.raises(PermissionDenied):
        services.draw_dip_sample(
            cast["cdi_reviewer"], since=NOW - timedelta(days=7), until=NOW, seed=1, now=NOW
        )


def test_a_second_reviewer_checks_and_the_author_may_not(cast, no_crime_decisions, roles) -> None:
    check = services.draw_dip_sample(
        cast["supervisor"], since=NOW - timedelta(days=7), until=NOW, seed=3, now=NOW
    )[0]
    with pytest.raises(ValidationError):
        services.record_dip_check(cast["cdi_reviewer"], check.pk, agrees=True, notes="", now=NOW)
    second = make_user("second-reviewer", "cdi_reviewer")
    services.record_dip_check(second, check.pk, agrees=False, notes="s.5 offence", now=NOW)
    check.refresh_from_db()
    assert (check.checker, check.agrees) == (second, False)


def test_the_agreement_rate_is_on_the_dashboard(client, cast, no_crime_decisions) -> None:
    checks = services.draw_dip_sample(
        cast["supervisor"], since=NOW - timedelta(days=7), until=NOW, seed=5, now=NOW
    )
    services.record_dip_check(cast["supervisor"], checks[0].pk, agrees=True, notes="", now=NOW)
    services.record_dip_check(cast["supervisor"], checks[1].pk, agrees=False, notes="", now=NOW)
    figures = services.review_dashboard(cast["cdi_reviewer"], NOW, weeks=4)
    assert (figures.agreement.checked, figures.agreement.agreed) == (2, 1)
    client.login(username=cast["supervisor"].username, password=PASSWORD)
    page = client.get(reverse("integrity:dip_sample")).content.decode()
    assert "agreed with 1 of 2 decisions checked (50%)" in page


def test_the_draw_and_check_forms(client, cast, roles) -> None:
    incident = make_incident(narrative="Loud music")
    from django.utils import timezone

    services.record_decision(
        cast["cdi_reviewer"],
        incident.pk,
        decision="no_crime",
        no_crime_reason="no_offence_disclosed",
        now=timezone.now(),
    )
    client.login(username=cast["supervisor"].username, password=PASSWORD)
    response = client.post(reverse("integrity:draw_dip_sample"), {"days": "7"})
    assert response.status_code == 302
    check = DipSampleCheck.objects.get()
    response = client.post(
        reverse("integrity:check_dip_sample", args=[check.pk]), {"agrees": "yes"}
    )
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.agrees is True
