"""The hotspot map, its exports and the patrol briefing: who may, who may not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

MAP = reverse("hotspots:map")
QUERY = {"csp": "newport", "crime": "asb", "first": "2022-07", "last": "2023-01", "cell": "500"}


def _sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.mark.parametrize("role", ["analyst", "officer", "supervisor"])
def test_analysts_officers_and_supervisors_see_the_map(client, cast, gwent, role):
    _sign_in(client, cast[role])
    response = client.get(MAP, QUERY)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Anti-social behaviour hotspots in Newport" in body
    assert 'id="hotspot-map"' in body and "vendor/leaflet/leaflet.js" in body
    assert "Getis-Ord Gi*" in body


@pytest.mark.parametrize("role", ["call_handler", "partner", "pcc_scrutiny", "cdi_reviewer"])
def test_other_roles_may_not_see_the_map(client, cast, role):
    _sign_in(client, cast[role])
    assert client.get(MAP, QUERY).status_code == 403


def test_signed_out_users_are_sent_to_sign_in(client):
    response = client.get(MAP)
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_the_map_defaults_to_newport_over_the_last_three_months(client, cast, gwent):
    _sign_in(client, cast["analyst"])
    response = client.get(MAP)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.cleaned_data["csp"].slug == "newport"
    assert form.cleaned_data["last"].isoformat() == "2023-01-01"


def test_a_bad_period_shows_an_error_summary(client, cast, gwent):
    _sign_in(client, cast["analyst"])
    response = client.get(MAP, {**QUERY, "first": "2023-05", "last": "2023-01"})
    body = response.content.decode()
    assert "There is a problem" in body and "The last month must not be before the first" in body
    assert body.count("<title>Error:") == 1


def test_geojson_export_carries_cells_and_method(client, cast, gwent):
    _sign_in(client, cast["analyst"])
    response = client.get(MAP, {**QUERY, "format": "geojson"})
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert data["properties"]["method"].startswith("Getis-Ord Gi*")
    assert data["properties"]["permutations"] == 999
    assert "attachment" in response["Content-Disposition"]


def test_csv_export_has_one_row_per_hot_cell(client, cast, gwent):
    _sign_in(client, cast["officer"])
    response = client.get(MAP, {**QUERY, "format": "csv"})
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("hotspot,easting,northing,cell_size,count,gi_z")
    assert response["Content-Type"].startswith("text/csv")


def test_patrol_briefing_is_a_pdf(client, cast, gwent):
    _sign_in(client, cast["supervisor"])
    response = client.get(reverse("hotspots:briefing"), QUERY)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_map_is_in_welsh_when_asked(client, cast, gwent):
    _sign_in(client, cast["analyst"])
    response = client.get(MAP, QUERY, HTTP_ACCEPT_LANGUAGE="cy")
    body = response.content.decode()
    assert 'lang="cy"' in body
    assert "Map mannau problemus" in body
