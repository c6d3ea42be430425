"""The language switch: a POST to set_language, and the pages in Welsh."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    """Leave no language active: a request in Welsh keeps Welsh active in this thread."""
    yield
    translation.deactivate()


def test_the_switch_is_a_post_form_back_to_this_page(client, cast):
    client.force_login(cast["analyst"])
    page = client.get(reverse("opendata:overview")).content.decode()
    assert f'<form method="post" action="{reverse("set_language")}"' in page
    assert '<input type="hidden" name="next" value="/open-data/">' in page
    assert 'name="language" value="cy" lang="cy"' in page


def test_switching_to_welsh_shows_the_page_in_welsh(client, cast):
    client.force_login(cast["analyst"])
    response = client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    page = client.get("/").content.decode()
    assert '<html lang="cy"' in page
    assert "<title>Hafan – ASB Hub</title>" in page
    assert "Dadansoddwr" in page
    assert "Neidio i’r prif gynnwys" in page
    assert "Data demo: mae’r bobl a’r digwyddiadau yn synthetig" in page
    assert 'name="language" value="en" lang="en"' in page


def test_switching_back_to_english(client, cast):
    client.force_login(cast["analyst"])
    client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="en"' in page
    assert "<title>Home – ASB Hub</title>" in page


def test_sign_in_page_and_its_errors_in_welsh(client, db):
    client.post(reverse("set_language"), {"language": "cy", "next": "/sign-in/"})
    page = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert '<html lang="cy"' in page
    assert "<title>Gwall: Mewngofnodi – ASB Hub</title>" in page
    assert "Mae problem wedi codi" in page


def test_the_overview_is_in_welsh_too(client, cast):
    client.force_login(cast["partner"])
    client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    page = client.get(reverse("opendata:overview")).content.decode()
    assert '<h1 class="govuk-heading-xl">Trosolwg o’r heddlu</h1>' in page
