"""The home page: each role sees what it does and what it can use now."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from asbhub.core.roles import ROLES


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/"


@pytest.mark.parametrize("role", ROLES, ids=[r.slug for r in ROLES])
def test_each_role_sees_its_own_home(client, cast, role):
    client.force_login(cast[role.slug])
    page = client.get(reverse("core:home")).content.decode()
    assert "<title>Home – ASB Hub</title>" in page
    assert f'<h1 class="govuk-heading-l">{role.label}</h1>' in page
    assert escape(str(role.summary)) in page
    others = [r for r in ROLES if r.slug != role.slug]
    assert not any(escape(str(other.summary)) in page for other in others)


@pytest.mark.parametrize("role", ROLES, ids=[r.slug for r in ROLES])
def test_every_role_gets_a_tile_for_the_force_overview(client, cast, role):
    client.force_login(cast[role.slug])
    page = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("opendata:overview")}">Force overview</a>' in page


@pytest.mark.parametrize("role", ROLES, ids=[r.slug for r in ROLES])
def test_only_administrators_get_administration(client, cast, role):
    client.force_login(cast[role.slug])
    page = client.get(reverse("core:home")).content.decode()
    has_admin = f'href="{reverse("admin:index")}"' in page
    assert has_admin == (role.slug == "administrator")


def test_user_without_a_role_is_told_an_administrator_must_give_one(client, outsider):
    client.force_login(outsider)
    page = client.get(reverse("core:home")).content.decode()
    assert "You do not have a role yet" in page
    assert "An administrator must give you a role" in page
    assert "Force overview</a>" not in page
    assert "What you can use now" not in page


def test_the_header_names_the_user_and_signs_out_by_post(client, cast):
    client.force_login(cast["analyst"])
    page = client.get(reverse("core:home")).content.decode()
    assert "Signed in as demo-analyst (Analyst)" in page
    assert f'<form method="post" action="{reverse("logout")}"' in page


def test_navigation_marks_the_current_page(client, cast):
    client.force_login(cast["officer"])
    page = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("core:home")}" aria-current="page"' in page
    assert f'href="{reverse("opendata:overview")}" aria-current="page"' not in page


def test_every_page_has_skip_link_phase_banner_and_licence(client, cast):
    client.force_login(cast["partner"])
    page = client.get(reverse("core:home")).content.decode()
    assert 'href="#main-content"' in page
    assert 'id="main-content"' in page
    assert "Demo data: people and incidents are synthetic" in page
    assert "Open Government Licence v3.0" in page
    assert f'href="{reverse("opendata:overview")}#data-sources"' in page
