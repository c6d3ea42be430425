"""Headless Chromium for the browser journeys: Debian's /usr/bin/chromium, never a download.

Playwright's sync API runs an event loop in the test thread, so Django must be told that
database calls from it are safe (they are: the live server runs in its own thread).
Without Chromium the journeys are skipped on a developer's machine and fail under CI.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
# Data migrations whose `seed(apps, schema_editor)` loads reference data.
SEEDING_MIGRATIONS = ("asbhub.problem_solving.migrations.0002_seed_outcome_codes",)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the session."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A fresh browser page (own cookies) for one test."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _reference_data_from_migrations(transactional_db) -> None:
    """Put back the reference data that migrations seed (e.g. OSARA outcome codes).

    Live-server journeys run in transactional tests, which empty every table after each
    test; Django's serialized rollback does not survive the live server's thread on an
    in-memory SQLite database, so the seeding migrations are simply run again (they are
    idempotent).
    """
    from django.apps import apps

    for migration in SEEDING_MIGRATIONS:
        importlib.import_module(migration).seed(apps, None)
