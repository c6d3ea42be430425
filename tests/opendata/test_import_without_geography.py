"""Importing police.uk files before the force's partnerships are loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from asbhub.core.choices import AreaStatus
from asbhub.opendata.models import StreetRecord
from asbhub.opendata.services import import_policeuk


@pytest.mark.django_db
def test_importing_before_the_geography_says_rows_have_no_partnership(excerpts: Path) -> None:
    summary = import_policeuk([excerpts / "2022-07-gwent-street.csv"])
    assert any("load-geography" in note for note in summary.notes)
    assert not StreetRecord.objects.exclude(csp=None).exists()
    # The areas themselves come from the shipped lookups, not from the database.
    assert StreetRecord.objects.filter(area=AreaStatus.IN_FORCE).exists()
