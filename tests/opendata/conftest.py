"""Fixtures for the police.uk open data tests: real excerpts and the Gwent geography."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from asbhub.core.services import load_geography

DATA = Path(__file__).resolve().parent.parent / "data"
EXCERPTS = DATA / "policeuk"
API_ANSWERS = DATA / "policeuk_api"


def raw_rows(path: Path) -> list[list[str]]:
    """A CSV's data rows read with the csv module alone (the expected values in tests)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))[1:]


@pytest.fixture
def gwent(db) -> None:
    """Gwent's CSPs and LSOAs in the database."""
    load_geography("gwent")


@pytest.fixture
def excerpts(tmp_path: Path) -> Path:
    """A writable folder holding copies of the real police.uk excerpts."""
    folder = tmp_path / "policeuk"
    folder.mkdir()
    for path in EXCERPTS.glob("*.csv"):
        shutil.copy(path, folder / path.name)
    return folder
