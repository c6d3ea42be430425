"""Scanning and assessment data: incidents and police.uk records counted in the plan's area."""

from __future__ import annotations

import datetime as dt

import pytest

from asbhub.core.models import Lsoa
from asbhub.problem_solving import services
from asbhub.problem_solving.choices import MeasureSource

from .conftest import OUTSIDE, SQUARE, add_incidents, add_street_records, make_plan

pytestmark = pytest.mark.django_db
JAN, FEB, MAR, APR = (dt.date(2024, m, 1) for m in (1, 2, 3, 4))


@pytest.fixture
def records(newport):
    """police.uk: Jan 3, Feb 5, Mar 4 in the LSOA, 7 outside; incidents: Jan 2, Feb 1."""
    add_street_records(newport, JAN, 3)
    add_street_records(newport, FEB, 5)
    add_street_records(newport, MAR, 4)
    add_street_records(
        newport, FEB, 7, lsoa="W01009999", location="On or near Elsewhere", at=OUTSIDE
    )
    add_incidents(newport, JAN, 2)
    add_incidents(newport, FEB, 1)
    add_incidents(newport, FEB, 3, lsoa="W01009999", at=OUTSIDE)
    return newport


def test_scanning_counts_each_source_per_month_in_the_area(cast, records):
    plan = make_plan(
        cast["officer"],
        records,
        lsoas=[Lsoa.objects.get(code="W01001600")],
        scan_first_month=JAN,
        scan_last_month=MAR,
    )
    data = services.scanning_data(plan)
    assert data.months == (JAN, FEB, MAR)
    assert data.series_for(MeasureSource.POLICEUK).counts == (3, 5, 4)
    # Incidents were loaded up to February only: March is unknown, not zero.
    assert data.series_for(MeasureSource.INCIDENTS).counts == (2, 1, None)


@pytest.mark.parametrize(
    "area",
    [{"streets": "Heol Pant"}, {"polygon": SQUARE}],
)
def test_a_street_or_drawn_area_finds_the_same_records(cast, records, area):
    plan = make_plan(cast["officer"], records, scan_first_month=JAN, scan_last_month=MAR, **area)
    data = services.scanning_data(plan)
    assert data.series_for(MeasureSource.POLICEUK).counts == (3, 5, 4)
    if "polygon" in area:
        assert data.series_for(MeasureSource.INCIDENTS).counts[:2] == (2, 1)


def test_a_plan_with_no_area_pulls_in_nothing(cast, records):
    plan = make_plan(cast["officer"], records, scan_first_month=JAN, scan_last_month=MAR)
    data = services.scanning_data(plan)
    assert data.empty_area
    assert data.series_for(MeasureSource.POLICEUK).counts == (0, 0, 0)


def test_the_assessment_compares_the_baseline_with_the_months_since_the_response(cast, records):
    add_street_records(records, APR, 1)
    plan = make_plan(
        cast["officer"],
        records,
        streets="Heol Pant",
        scan_first_month=JAN,
        scan_last_month=FEB,
        response_started=dt.date(2024, 3, 12),
    )
    result = services.assessment_data(plan, today=dt.date(2025, 1, 15))
    assert result.after_first == MAR and result.after_last == APR
    assert result.data.months[result.split_at] == MAR
    policeuk = next(c.result for c in result.comparisons if c.source == MeasureSource.POLICEUK)
    assert (policeuk.before_total, policeuk.after_total) == (8, 5)
    assert policeuk.before_mean == 4 and policeuk.after_mean == 2.5


def test_no_assessment_data_before_the_response_has_begun(cast, records):
    plan = make_plan(
        cast["officer"], records, streets="Heol Pant", scan_first_month=JAN, scan_last_month=FEB
    )
    assert services.assessment_data(plan) is None


def test_a_trickle_long_after_the_data_does_not_stretch_the_periods(cast, newport):
    add_incidents(newport, JAN, 20)
    add_incidents(newport, FEB, 20)
    add_incidents(newport, dt.date(2026, 3, 1), 1)  # the demo's live intake
    today = dt.date(2026, 3, 15)
    assert services.default_scan_period(today) == (dt.date(2023, 3, 1), FEB)
    plan = make_plan(
        cast["officer"],
        newport,
        streets="Heol Pant",
        scan_first_month=JAN,
        scan_last_month=JAN,
        response_started=dt.date(2024, 2, 5),
    )
    result = services.assessment_data(plan, today=today)
    assert (result.after_first, result.after_last) == (FEB, FEB)
    incidents = next(c.result for c in result.comparisons if c.source == MeasureSource.INCIDENTS)
    assert (incidents.before_total, incidents.after_total) == (20, 20)
