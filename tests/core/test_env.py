"""Settings from the environment are parsed strictly."""

from __future__ import annotations

import pytest

from asbhub.env import ImproperlyConfiguredEnv, env_bool, env_choice, env_int, env_list, env_str


@pytest.mark.parametrize(("raw", "expected"), [("True", True), ("false", False), ("", True)])
def test_env_bool_reads_true_and_false_only(monkeypatch, raw, expected):
    monkeypatch.setenv("ASBHUB_X", raw)
    assert env_bool("ASBHUB_X", True) is expected


@pytest.mark.parametrize("raw", ["1", "yes", "on", "Ture"])
def test_env_bool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("ASBHUB_X", raw)
    with pytest.raises(ImproperlyConfiguredEnv, match="ASBHUB_X"):
        env_bool("ASBHUB_X", False)


def test_env_int_refuses_words(monkeypatch):
    monkeypatch.setenv("ASBHUB_N", "ten")
    with pytest.raises(ImproperlyConfiguredEnv, match="whole number"):
        env_int("ASBHUB_N", 1)
    monkeypatch.setenv("ASBHUB_N", "10")
    assert env_int("ASBHUB_N", 1) == 10


def test_env_str_reads_the_file_variant(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("ASBHUB_KEY_FILE", str(secret))
    assert env_str("ASBHUB_KEY") == "s3cret"


def test_env_list_and_choice(monkeypatch):
    monkeypatch.setenv("ASBHUB_HOSTS", "a.example, b.example,,")
    assert env_list("ASBHUB_HOSTS", []) == ["a.example", "b.example"]
    monkeypatch.setenv("ASBHUB_MODE", "staging")
    with pytest.raises(ImproperlyConfiguredEnv, match="one of"):
        env_choice("ASBHUB_MODE", "development", ("development", "production"))
