"""The ASB contact script page: who may use it, the live panel, recording, errors, Welsh."""

from __future__ import annotations

import pytest
from django.urls import reverse

from asbhub.core.models import AccessLogEntry
from asbhub.incidents.models import Incident, IncidentEvent, ThriveAssessment
from tests.incidents.conftest import script_answers

NEW = reverse("incidents:new")
CHECK = reverse("incidents:check")


@pytest.mark.parametrize("role", ["call_handler", "supervisor"])
def test_call_handlers_and_supervisors_open_the_script(client, cast, role):
    client.force_login(cast[role])
    response = client.get(NEW)
    assert response.status_code == 200
    assert b"Ask on every ASB call" in response.content
    assert b"Is anyone at risk now?" in response.content


@pytest.mark.parametrize("role", ["officer", "partner", "analyst", "cdi_reviewer"])
def test_other_roles_may_not_record_reports(client, cast, role):
    client.force_login(cast[role])
    assert client.get(NEW).status_code == 403
    assert client.post(CHECK, script_answers()).status_code == 403


def test_signed_out_users_are_sent_to_sign_in(client):
    response = client.get(NEW)
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_the_navigation_offers_the_script_to_call_handlers_only(client, cast):
    client.force_login(cast["call_handler"])
    assert NEW.encode() in client.get(reverse("core:home")).content
    client.force_login(cast["officer"])
    home = client.get(reverse("core:home")).content
    assert NEW.encode() not in home
    assert reverse("incidents:mine").encode() in home


def test_the_panel_warns_of_a_misspelt_repeat_victim(client, cast, repeat_victim):
    client.force_login(cast["call_handler"])
    response = client.post(CHECK, script_answers(), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    for code in ("repeat_victim", "case_review_threshold", "vulnerable_victim", "repeat_location"):
        assert f'id="warning-{code}"' in html, code
    assert "Respond by" in html and 'id="panel-thrive"' in html
    for incident in repeat_victim["incidents"]:
        assert incident.reference in html
    assert "another form of the first name" in html  # why "Rob" matched "Robert"
    searches = AccessLogEntry.objects.filter(action="search", record_type="incidents.person")
    assert searches.count() == 2


def test_the_panel_stays_quiet_until_something_is_typed(client, cast, repeat_victim):
    client.force_login(cast["call_handler"])
    response = client.post(CHECK, {"channel": "101"})
    assert b"Start typing" in response.content
    assert not AccessLogEntry.objects.filter(action="search").exists()


def test_recording_saves_the_incident_thrive_history_and_access_log(client, cast, repeat_victim):
    client.force_login(cast["call_handler"])
    data = script_answers(action="record", risk_level="high", risk_reason="Escalating threats")
    response = client.post(NEW, data)
    incident = Incident.objects.exclude(pk__in=[i.pk for i in repeat_victim["incidents"]]).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:detail", args=[incident.pk])
    assert incident.csp.slug == "newport" and incident.lsoa21_code.startswith("W01")
    assert incident.grade in (1, 2, 3) and incident.respond_by > incident.reported_at
    assert incident.victim_targeted is True and incident.risk_now is False
    assessment = ThriveAssessment.objects.get(incident=incident)
    assert assessment.risk == "high" and assessment.risk_reason == "Escalating threats"
    assert assessment.engagement == "high" and assessment.engagement_reason  # the proposal
    codes = {w["code"] for w in assessment.proposal["warnings"]}
    assert {"repeat_victim", "case_review_threshold"} <= codes
    assert set(incident.parties.values_list("role", flat=True)) == {"victim", "reporter"}
    assert IncidentEvent.objects.get(incident=incident).kind == "recorded"
    assert AccessLogEntry.objects.filter(
        action="create", record_type="incidents.incident", record_id=str(incident.pk)
    ).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Respond by" in page and "Escalating threats" in page


def test_a_missing_answer_shows_the_error_summary_and_title(client, cast, db):
    client.force_login(cast["call_handler"])
    data = script_answers(action="record")
    del data["risk_now"]
    response = client.post(NEW, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert 'class="govuk-error-summary"' in html
    assert 'href="#id_risk_now_0"' in html
    assert not Incident.objects.exists()


def test_a_changed_thrive_level_needs_a_reason(client, cast, db):
    client.force_login(cast["call_handler"])
    response = client.post(NEW, script_answers(action="record", threat_level="high"))
    assert b"Say why you chose this level." in response.content
    assert not Incident.objects.exists()


def test_personal_asb_needs_a_victim(client, cast, db):
    client.force_login(cast["call_handler"])
    data = script_answers(action="record", **{"victim-given_name": "", "victim-family_name": ""})
    response = client.post(NEW, data)
    assert b"Personal ASB needs a victim" in response.content
    assert b'href="#id_victim-family_name"' in response.content


def test_check_without_javascript_shows_the_panel_in_the_page(client, cast, repeat_victim):
    client.force_login(cast["call_handler"])
    response = client.post(NEW, script_answers(action="check"))
    assert response.status_code == 200
    assert b'id="warning-repeat_victim"' in response.content
    assert Incident.objects.count() == 2


def test_the_script_speaks_welsh(client, cast, db):
    client.force_login(cast["call_handler"])
    client.cookies["django_language"] = "cy"
    response = client.get(NEW, HTTP_ACCEPT_LANGUAGE="cy")
    html = response.content.decode()
    assert "Cofnodi adroddiad YG" in html
    assert "Oes unrhyw un mewn perygl nawr?" in html
    assert "Sillafwch ef yn ôl i’r galwr" in html


def test_the_panel_speaks_welsh_with_welsh_thrive_reasons(client, cast, repeat_victim):
    client.force_login(cast["call_handler"])
    client.cookies["django_language"] = "cy"
    html = client.post(CHECK, script_answers(), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert "Dioddefwr mynych" in html
    assert "Dywedwch wrth y dioddefwr y gall ofyn am Adolygiad Achos YG." in html


def test_the_map_gets_lsoa_outlines_without_personal_data(client, cast, db):
    client.force_login(cast["call_handler"])
    data = client.get(reverse("incidents:lsoas")).json()
    assert data["type"] == "FeatureCollection"
