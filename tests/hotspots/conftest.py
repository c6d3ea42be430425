"""Shared fixtures for the hotspot tests: fresh caches, and geography plus a real excerpt."""

from __future__ import annotations

from pathlib import Path

import pytest

from asbhub.hotspots import services

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Area, grid and hotspot caches are keyed by data version; clear them per test."""
    services.clear_caches()
    yield
    services.clear_caches()


@pytest.fixture
def gwent(db):
    """The Gwent partnerships and LSOAs, and the real police.uk street excerpts."""
    from asbhub.core.services import load_geography
    from asbhub.opendata.services import import_policeuk

    load_geography("gwent")
    import_policeuk(sorted((DATA / "policeuk").glob("*-street.csv")))
