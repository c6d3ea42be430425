"""The access log: every view of personal data writes one entry, and nobody can change it."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from asbhub.core.audit import log_access
from asbhub.core.models import AccessLogEntry
from tests.factories import make_incident


@pytest.fixture
def incident(db):
    return make_incident()


def test_viewing_an_incident_writes_exactly_one_entry(client, cast, incident):
    client.force_login(cast["call_handler"])
    response = client.get(reverse("incidents:detail", args=[incident.pk]), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert "Sian" in response.text
    entry = AccessLogEntry.objects.get()
    assert entry.user == cast["call_handler"]
    assert entry.username == "demo-call-handler"
    assert entry.role == "call_handler"
    assert entry.action == "view"
    assert entry.record_type == "incidents.incident"
    assert entry.record_id == str(incident.pk)
    assert entry.purpose
    assert entry.client_ip == "10.1.2.3"


def test_partner_without_agreement_gets_404_and_no_entry(client, cast, incident):
    client.force_login(cast["partner"])
    response = client.get(reverse("incidents:detail", args=[incident.pk]))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_user_without_role_gets_404(client, outsider, incident):
    client.force_login(outsider)
    assert client.get(reverse("incidents:detail", args=[incident.pk])).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, incident):
    response = client.get(reverse("incidents:detail", args=[incident.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_purpose_is_required(cast, incident):
    with pytest.raises(ValueError, match="purpose"):
        log_access(cast["supervisor"], "view", incident, purpose="  ")


def test_an_entry_cannot_be_changed_or_deleted_through_the_application(cast, incident):
    entry = log_access(cast["supervisor"], "view", incident, purpose="Supervision")
    entry.purpose = "something else"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(purpose="changed")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get().purpose == "Supervision"


def test_the_database_refuses_an_update_behind_the_applications_back(cast, incident):
    entry = log_access(cast["supervisor"], "view", incident, purpose="Supervision")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_accesslogentry SET purpose = %s WHERE id = %s", ["forged", entry.pk]
        )
    assert AccessLogEntry.objects.get().purpose == "Supervision"


def test_the_admin_shows_the_log_read_only(client, cast, incident):
    entry = log_access(cast["supervisor"], "view", incident, purpose="Supervision")
    client.force_login(cast["administrator"])
    url = reverse("admin:core_accesslogentry_change", args=[entry.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="_save"' not in response.text
    response = client.post(url, {"purpose": "forged"})
    assert response.status_code == 403
    delete_url = reverse("admin:core_accesslogentry_delete", args=[entry.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert AccessLogEntry.objects.get().purpose == "Supervision"


def test_the_log_never_stores_the_personal_data_itself(client, cast, incident):
    client.force_login(cast["supervisor"])
    client.get(reverse("incidents:detail", args=[incident.pk]))
    entry = AccessLogEntry.objects.get()
    stored = " ".join(str(value) for value in entry.__dict__.values())
    assert "Sian" not in stored and "Prosser" not in stored
