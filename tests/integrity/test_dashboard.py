"""The crime data integrity dashboard: figures, who may see it, and Welsh."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from asbhub.core.models import Team
from asbhub.integrity import services
from tests.conftest import PASSWORD
from tests.factories import make_csps, make_incident
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


def _teams() -> dict[str, Team]:
    csps = make_csps()
    return {
        code: Team.objects.create(code=code, name=name, csp=csps[csp])
        for code, name, csp in (
            ("newport-east", "Newport East", "newport"),
            ("newport-west", "Newport West", "newport"),
            ("torfaen-north", "Torfaen North", "torfaen"),
        )
    }


def test_the_figures_by_team_name_each_teams_partnership(cast) -> None:
    teams = _teams()
    east = make_incident(reported_at=NOW - timedelta(hours=30), team=teams["newport-east"])
    make_incident(reported_at=NOW - timedelta(hours=2), team=teams["newport-east"])
    make_incident(reported_at=NOW - timedelta(hours=3), team=teams["torfaen-north"])
    make_incident(reported_at=NOW - timedelta(hours=4))  # no team
    services.record_decision(
        cast["cdi_reviewer"],
        east.pk,
        decision="crime_recorded",
        crime_reference="GW/3",
        classification="9A",
        offence_group="public_order",
        now=NOW,
    )
    result = services.review_dashboard(cast["supervisor"], NOW, weeks=2)
    by_team = result.figures.by_team
    assert list(by_team) == ["Newport East", "Not known", "Torfaen North"]
    assert (by_team["Newport East"].incidents, by_team["Newport East"].crimes) == (2, 1)
    assert by_team["Newport East"].share_within_24h == 0.0  # decided after 24 hours
    assert result.team_csps == {"Newport East": "Newport", "Torfaen North": "Torfaen"}


def test_the_dashboard_page_has_a_table_by_team(client, cast) -> None:
    teams = _teams()
    make_incident(reported_at=timezone.now() - timedelta(hours=3), team=teams["torfaen-north"])
    make_incident(reported_at=timezone.now() - timedelta(hours=2), team=teams["newport-west"])
    client.login(username=cast["cdi_reviewer"].username, password=PASSWORD)
    page = client.get(reverse("integrity:dashboard")).content.decode()
    table = page[page.index('<table class="govuk-table" id="by-team">') :]
    table = table[: table.index("</table>")]
    assert "By neighbourhood policing team</caption>" in table
    assert '<th scope="col" class="govuk-table__header">Team</th>' in table
    assert (
        '<th scope="row" class="govuk-table__header">Newport West</th>'
        '<td class="govuk-table__cell">Newport</td>' in table
    )
    assert (
        '<th scope="row" class="govuk-table__header">Torfaen North</th>'
        '<td class="govuk-table__cell">Torfaen</td>' in table
    )
    assert table.index("Newport West") < table.index("Torfaen North")
    assert "Newport East" not in table  # no incidents, no row


@pytest.mark.parametrize("role", ["partner", "officer"])
def test_the_dashboard_page_shows_other_roles_nothing(client, cast, role: str) -> None:
    teams = _teams()
    make_incident(reported_at=timezone.now() - timedelta(hours=3), team=teams["newport-east"])
    client.force_login(cast[role])
    response = client.get(reverse("integrity:dashboard"))
    assert response.status_code in (403, 404)
    assert "Newport East" not in response.content.decode()


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
