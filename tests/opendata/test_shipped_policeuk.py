"""The shipped police.uk archive: its layout, and one month imported in full."""

from __future__ import annotations

import csv
import io
import zipfile
from importlib import resources
from pathlib import Path

import pytest
from django.conf import settings

from asbhub.opendata.choices import ASB_CRIME_TYPE
from asbhub.opendata.models import OutcomeRecord, StreetRecord
from asbhub.opendata.services import import_policeuk

SHIPPED = Path(
    str(resources.files("asbhub.opendata") / "data" / "policeuk-gwent-2022-07-to-2024-12.zip")
)


def months() -> list[str]:
    result, year, month = [], 2022, 7
    while (year, month) <= (2024, 12):
        result.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def test_the_archive_has_both_files_for_all_30_months_in_police_uk_layout() -> None:
    with zipfile.ZipFile(SHIPPED) as archive:
        names = archive.namelist()
    assert len(months()) == 30
    assert names == [
        f"{m}/{m}-gwent-{kind}.csv" for m in months() for kind in ("street", "outcomes")
    ]
    assert (SHIPPED.parent / "ATTRIBUTION.md").read_text().count("Open Government Licence v3.0")


def test_the_archive_holds_the_published_files_byte_for_byte() -> None:
    source = Path(settings.ASBHUB_SHARED_DATA) / "policeuk" / "gwent"
    if not source.is_dir():
        pytest.skip("shared/data is not on this machine")
    with zipfile.ZipFile(SHIPPED) as archive:
        for name in archive.namelist():
            assert archive.read(name) == (source / Path(name).name).read_bytes(), name


def test_one_shipped_month_imports_with_the_published_counts(gwent, tmp_path: Path) -> None:
    with zipfile.ZipFile(SHIPPED) as archive:
        archive.extract("2022-07/2022-07-gwent-street.csv", tmp_path)
        archive.extract("2022-07/2022-07-gwent-outcomes.csv", tmp_path)
        street_rows = list(
            csv.reader(io.StringIO(archive.read("2022-07/2022-07-gwent-street.csv").decode()))
        )
    summary = import_policeuk([tmp_path / "2022-07"])
    assert summary.imported == 2
    assert len(street_rows) - 1 == StreetRecord.objects.count() == 5388
    assert StreetRecord.objects.filter(crime_type=ASB_CRIME_TYPE).count() == 933
    assert StreetRecord.objects.filter(longitude=None).count() == 28
    assert OutcomeRecord.objects.count() == 1223
