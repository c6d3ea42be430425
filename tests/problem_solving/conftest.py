"""Fixtures for problem-solving: an area with incidents and police.uk records, and plans."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from asbhub.core.choices import AreaStatus
from asbhub.core.models import Lsoa
from asbhub.opendata.choices import ASB_CRIME_TYPE, FileKind
from asbhub.opendata.models import SourceFile, StreetRecord
from asbhub.problem_solving import services
from asbhub.problem_solving.models import OsaraPlan
from tests.factories import make_csps, make_incident

# A small square in Newport (WGS84) and a point inside it.
SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[-3.02, 51.58], [-2.98, 51.58], [-2.98, 51.60], [-3.02, 51.60], [-3.02, 51.58]]
    ],
}
INSIDE = (-3.0, 51.59)
OUTSIDE = (-3.1, 51.65)

GOOD_TEXT: dict[str, str] = {
    "objective": "Reduce ASB reports at the Bettws shops by 30% by 31 March 2025.",
    "problem_statement": (
        "Residents and shop staff report groups of ten to fifteen young people at the "
        "parade between 6pm and 10pm, mostly Thursday to Saturday, with abuse of staff."
    ),
    "victim": "Shop staff and older residents.",
    "offender": "A core group of five teenagers.",
    "location": "A covered walkway with broken lighting.",
    "guardians": "Shop staff and neighbours.",
    "handlers": "Parents and youth workers.",
    "place_managers": "The council and the parade's landlord.",
    "evidence": "Incident data, a survey of six shops and three evening visits.",
}


@pytest.fixture
def newport(db) -> Any:
    """The five partnerships; Newport, with one LSOA whose boundary is SQUARE."""
    csps = make_csps()
    Lsoa.objects.create(
        code="W01001600",
        name="Newport 012A",
        csp=csps["newport"],
        population=1500,
        centroid_longitude=INSIDE[0],
        centroid_latitude=INSIDE[1],
        boundary=SQUARE,
    )
    return csps["newport"]


def add_street_records(
    csp: Any,
    month: dt.date,
    count: int,
    *,
    lsoa: str = "W01001600",
    location: str = "On or near Heol Pant",
    at: tuple = INSIDE,
) -> None:
    """`count` police.uk ASB records in the month at one place."""
    source, _ = SourceFile.objects.get_or_create(
        force="gwent",
        month=month,
        kind=FileKind.STREET,
        defaults={"name": f"{month:%Y-%m}-gwent-street.csv", "sha256": "0" * 64, "rows": 0},
    )
    start = StreetRecord.objects.filter(source=source).count()
    StreetRecord.objects.bulk_create(
        StreetRecord(
            source=source,
            line=start + i + 2,
            month=month,
            reported_by="Gwent Police",
            falls_within="Gwent Police",
            crime_type=ASB_CRIME_TYPE,
            longitude=at[0],
            latitude=at[1],
            location=location,
            lsoa21_code=lsoa,
            csp=csp,
            area=AreaStatus.IN_FORCE,
        )
        for i in range(count)
    )


def add_incidents(
    csp: Any, month: dt.date, count: int, *, lsoa: str = "W01001600", at: tuple = INSIDE
) -> None:
    """`count` incidents reported on the 10th of the month at one place."""
    for _ in range(count):
        make_incident(
            reported_at=dt.datetime(month.year, month.month, 10, 12, tzinfo=dt.UTC),
            lsoa21_code=lsoa,
            longitude=at[0],
            latitude=at[1],
            csp=csp,
        )


def make_plan(owner: Any, csp: Any, **fields: Any) -> OsaraPlan:
    """A draft plan created through the service (so it is logged like a real one)."""
    base = {"title": "Youths at Bettws shops", "csp": csp, "team": "Newport West NPT"}
    many = {name: fields.pop(name) for name in ("lsoas", "incidents", "people") if name in fields}
    base.update(fields)
    plan = services.create_plan(owner, base)
    for name, values in many.items():
        getattr(plan, name).set(values)
    return plan


def make_good_plan(owner: Any, csp: Any, supervisor: Any = None, **fields: Any) -> OsaraPlan:
    """A plan that meets every part of the rubric but the assessment."""
    from asbhub.problem_solving.choices import Agency
    from asbhub.problem_solving.models import ResponseAction, SuccessMeasure

    lsoa = Lsoa.objects.get(code="W01001600")
    plan = make_plan(
        owner,
        csp,
        supervisor=supervisor,
        lsoas=[lsoa],
        scan_first_month=dt.date(2024, 1, 1),
        scan_last_month=dt.date(2024, 6, 1),
        **{**GOOD_TEXT, **fields},
    )
    SuccessMeasure.objects.create(
        plan=plan,
        name="ASB reports a month",
        baseline_value=12,
        baseline_period="Jan-Jun 2024",
        target_value=8,
        how_measured="Force incidents in the area, monthly.",
    )
    ResponseAction.objects.create(
        plan=plan,
        description="Fit CCTV",
        owner="Council CCTV team",
        agency=Agency.COUNCIL_OTHER,
        due_date=dt.date(2025, 1, 31),
    )
    return plan
