"""The police.uk admin pages: browsable and searchable, never editable."""

from __future__ import annotations

from pathlib import Path

from django.test import Client
from django.urls import reverse

from asbhub.opendata.models import StreetRecord
from asbhub.opendata.services import import_policeuk


def test_a_superuser_can_browse_and_search_but_not_add(
    gwent, excerpts: Path, admin_client: Client
) -> None:
    import_policeuk([excerpts])
    crime = StreetRecord.objects.exclude(crime_id="").first()
    url = reverse("admin:opendata_streetrecord_changelist")
    listing = admin_client.get(url, {"q": crime.crime_id})
    assert listing.status_code == 200
    assert crime.location in listing.content.decode()
    assert admin_client.get(reverse("admin:opendata_sourcefile_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:opendata_outcomerecord_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:opendata_streetrecord_add")).status_code == 403
    change = reverse("admin:opendata_streetrecord_change", args=[crime.pk])
    assert admin_client.post(change, {"crime_type": "Drugs"}).status_code == 403


def test_someone_who_is_not_staff_cannot_open_it(django_user_model, client: Client) -> None:
    client.force_login(django_user_model.objects.create_user("someone", password="x" * 14))
    response = client.get(reverse("admin:opendata_streetrecord_changelist"))
    assert response.status_code == 302
