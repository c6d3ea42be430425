"""The crime data integrity dashboard: figures, who may see it, and Welsh."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from asbhub.integrity import services
from tests.conftest import PASSWORD
from tests.factories import make_incident
from tests.integrity.conftest import NOW


def test_the_figures_follow_the_decisions(cast, abuse_incident, quiet_incident) -> None:
    services.record_decision(
        cast["cdi_reviewer"],
        abuse_incident.pk,
        decision="crime_recorded",
        crime_reference="GW/1",
        classification="9A",
        offence_group="public_order",
        now=NOW,
    )
    figures = services.review_dashboard(cast["supervisor"], NOW, weeks=2).figures
    assert figures.total.incidents == 2
    assert figures.total.decided == 1
    assert figures.total.crimes_per_100 == pytest.approx(100.0)
    assert figures.total.share_within_24h == pytest.approx(0.5)
    assert figures.crimes_by_group == {"public_order": 1}
    assert figures.flagged_by_group["public_order"] == 1
    assert figures.by_csp["Newport"].crimes == 1


@pytest.mark.parametrize("role", ["officer", "analyst", "partner"])
def test_other_roles_may_not_see_the_dashboard(cast, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.review_dashboard(cast[role], NOW)


def test_the_dashboard_page(client, cast) -> None:
    incident = make_incident(
        reported_at=timezone.now() - timedelta(hours=3), narrative="He punched IP"
    )
    services.record_decision(
        cast["cdi_reviewer"],
        incident.pk,
        decision="crime_recorded",
        crime_reference="GW/2",
        classification="105A",
        offence_group="assault",
        now=timezone.now(),
    )
    client.login(username=cast["cdi_reviewer"].username, password=PASSWORD)
    page = client.get(reverse("integrity:dashboard")).content.decode()
    assert 'id="crimes-per-100">100.0<' in page
    assert "Assault" in page


def test_the_pages_are_in_welsh(client, cast, abuse_incident) -> None:
    client.login(username=cast["cdi_reviewer"].username, password=PASSWORD)
    client.cookies["django_language"] = "cy"
    try:
        queue = client.get(reverse("integrity:queue"), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
        dashboard = client.get(
            reverse("integrity:dashboard"), HTTP_ACCEPT_LANGUAGE="cy"
        ).content.decode()
    finally:
        translation.activate("en")
    assert "Ciw adolygu" in queue
    assert "Dangosfwrdd" in dashboard
