"""Signing in and out: GOV.UK error summary on failure, argon2 password hashes."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.conftest import PASSWORD, make_user


def test_sign_in_page_has_labels_hints_and_a_plain_title(client, db):
    page = client.get(reverse("login")).content.decode()
    assert "<title>Sign in – ASB Hub</title>" in page
    assert '<label class="govuk-label" for="id_username">Username</label>' in page
    assert 'id="id_username-hint"' in page
    assert 'aria-describedby="id_username-hint"' in page
    assert 'autocomplete="current-password"' in page
    assert "There is a problem" not in page


def test_good_credentials_sign_in_and_go_home(client, cast):
    response = client.post(reverse("login"), {"username": "demo-analyst", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200


def test_bad_credentials_show_the_error_summary(client, cast):
    response = client.post(
        reverse("login"), {"username": "demo-analyst", "password": "not the password"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in – ASB Hub</title>" in page
    assert 'class="govuk-error-summary"' in page
    assert "There is a problem" in page
    assert '<a href="#id_username">Please enter a correct username and password.' in page
    assert "_auth_user_id" not in client.session


def test_empty_fields_are_each_linked_from_the_summary_and_marked(client, db):
    page = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert '<a href="#id_username">This field is required.</a>' in page
    assert '<a href="#id_password">This field is required.</a>' in page
    assert 'id="id_password-error"' in page
    assert 'aria-describedby="id_password-hint id_password-error"' in page
    assert "govuk-input--error" in page


def test_the_typed_password_is_never_sent_back(client, cast):
    page = client.post(
        reverse("login"), {"username": "demo-analyst", "password": "secret-typed-here"}
    ).content.decode()
    assert "secret-typed-here" not in page
    assert 'value="demo-analyst"' in page


def test_passwords_are_hashed_with_argon2(db):
    user = make_user("hashed-user")
    stored = get_user_model().objects.get(pk=user.pk).password
    assert stored.startswith("argon2$argon2id$")
    assert PASSWORD not in stored
    assert user.check_password(PASSWORD)


def test_sign_out_is_a_post_and_returns_to_sign_in(client, cast):
    client.force_login(cast["officer"])
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("core:home")).status_code == 302
