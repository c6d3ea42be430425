"""`asbhub check` runs Django's deployment checks under production settings."""

from __future__ import annotations

import os
import subprocess
import sys

from asbhub.cli import _translate

PRODUCTION_ENV = {
    "ASBHUB_SECRET_KEY": "k3N9vQ2xR7mT4pW8zL1sY6cB0fH5jD3gA9uE2iO7nK4qX8wV1-Zp6",
    "ASBHUB_ALLOWED_HOSTS": "asbhub.example.org",
}


def run_asbhub(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the asbhub command in a clean environment plus the given variables."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ASBHUB_", "DJANGO_"))}
    return subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "asbhub.cli", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_passes_with_production_settings():
    result = run_asbhub("check", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_fails_on_a_warning():
    result = run_asbhub("check", **PRODUCTION_ENV, ASBHUB_SECURE="False")
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_asbhub("check", ASBHUB_ALLOWED_HOSTS="asbhub.example.org")
    assert result.returncode != 0
    assert "ASBHUB_SECRET_KEY" in result.stderr


def test_hyphenated_commands_map_to_management_commands():
    assert _translate(["asbhub", "import-policeuk", "x.zip"]) == [
        "asbhub",
        "import_policeuk",
        "x.zip",
    ]
    assert _translate(["asbhub", "--help"]) == ["asbhub", "--help"]
