"""Fixtures for the data pack tests: a small database built from a real police.uk excerpt."""

from __future__ import annotations

from pathlib import Path

import pytest

from asbhub.core.services import load_geography
from asbhub.opendata.services import import_policeuk

EXCERPT = Path(__file__).resolve().parent / "data" / "policeuk"


def _load(settings, tmp_path: Path) -> Path:
    """Load the geography and the excerpt; store packs under a temporary VAR_DIR."""
    settings.VAR_DIR = tmp_path / "var"
    load_geography("gwent")
    import_policeuk(sorted(EXCERPT.glob("*.csv")))
    return EXCERPT


@pytest.fixture
def excerpt_db(db, settings, tmp_path) -> Path:
    """Geography and the police.uk excerpt loaded; packs stored under a temporary VAR_DIR."""
    return _load(settings, tmp_path)


@pytest.fixture
def committed_excerpt_db(transactional_db, settings, tmp_path) -> Path:
    """The same, committed, so that another thread sees it."""
    return _load(settings, tmp_path)
