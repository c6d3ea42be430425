"""The models and the migrations agree: no change is left without its migration."""

from __future__ import annotations

import pytest
from django.core.management import call_command


def test_no_model_change_lacks_a_migration(db):
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit as exit_:
        pytest.fail(f"makemigrations found changes without migrations (exit {exit_.code})")
