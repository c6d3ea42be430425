"""Every page in the navigation opens for each user it is shown to, and no one else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from asbhub.core.navigation import PAGES, pages_for
from asbhub.core.roles import ROLES


@pytest.mark.parametrize("role", [role.slug for role in ROLES])
def test_every_page_shown_to_a_role_opens_for_it(client, cast, role):
    client.force_login(cast[role])
    shown = pages_for(cast[role])
    assert shown, "every role sees at least one page"
    home = client.get(reverse("core:home")).text
    for page in shown:
        url = reverse(page.url_name)
        assert f'href="{url}"' in home
        response = client.get(url)
        assert response.status_code == 200, (role, page.url_name)


@pytest.mark.parametrize("role", [role.slug for role in ROLES])
def test_pages_not_shown_to_a_role_refuse_it(client, cast, role):
    client.force_login(cast[role])
    shown = {page.url_name for page in pages_for(cast[role])}
    for page in PAGES:
        if page.url_name in shown:
            continue
        response = client.get(reverse(page.url_name))
        assert response.status_code in (302, 403, 404), (role, page.url_name)
        if response.status_code == 302:
            assert "login" in response.url


def test_a_user_without_a_role_sees_no_pages(outsider):
    assert pages_for(outsider) == []
