"""Strict readers for settings taken from the environment.

A bad value stops start-up with a message that names the variable, rather than
silently falling back to a default (the habit of healthchecks' settings).
"""

from __future__ import annotations

import os
from pathlib import Path


class ImproperlyConfiguredEnv(ValueError):
    """An environment variable holds a value we cannot use."""


def env_str(name: str, default: str = "") -> str:
    """Return the variable, or its `_FILE` variant's contents, or the default."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """Return True or False; anything but "True"/"False" (any case) is an error."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() == "true":
        return True
    if raw.lower() == "false":
        return False
    raise ImproperlyConfiguredEnv(f"{name} must be True or False, not {raw!r}")


def env_int(name: str, default: int) -> int:
    """Return a whole number; anything else is an error."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfiguredEnv(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated list, blanks dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """Return one of the allowed values; anything else is an error."""
    raw = os.environ.get(name) or default
    if raw not in choices:
        raise ImproperlyConfiguredEnv(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return raw
