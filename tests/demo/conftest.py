"""Synthetic police.uk-like ASB points for the demo generator tests.

The street names are real Gwent streets (as police.uk publishes them); the points are made
up, so the tests need no real data file.
"""

from __future__ import annotations

import random
from datetime import date

import pytest

from asbhub.demo.generator import Point

STREETS = (
    "Frost Road",
    "Heol Pant",
    "Commercial Street",
    "Blaina Road",
    "Cambrian Road",
    "Griffin Street",
    "Heol Y Groes",
    "Skinner Lane",
    "Jamaica Grove",
    "Itchen Close",
    "Radstock Court",
    "Marianwen Street",
    "Tredegar Street",
    "Somerset Terrace",
    "Baptist Place",
    "Commonwealth Road",
)
PLACES = ("Parking Area", "Supermarket", "Sports/Recreation Area", "Shopping Area")
CSPS = ("W14000022", "W14000018", "W14000019", "W14000020", "W14000021")


def make_points(count: int = 900, seed: int = 1, months: int = 12) -> list[Point]:
    """Points spread over `months` months of 2024 around Newport and the valleys."""
    rng = random.Random(seed)
    points = []
    for _ in range(count):
        month = date(2024, rng.randint(1, months), 1)
        if rng.random() < 0.8:
            street = rng.choice(STREETS)
            index = STREETS.index(street)
            location = f"On or near {street}"
        else:
            index = rng.randrange(len(PLACES))
            location = f"On or near {PLACES[index]}"
        points.append(
            Point(
                month=month,
                longitude=round(-3.2 + 0.03 * index + rng.uniform(-0.002, 0.002), 6),
                latitude=round(51.58 + 0.012 * index + rng.uniform(-0.002, 0.002), 6),
                location=location,
                lsoa21_code=f"W0100{1400 + index % 8}",
                csp_code=CSPS[index % len(CSPS)],
            )
        )
    return points


@pytest.fixture(scope="session")
def points() -> list[Point]:
    """About a year of ASB points on sixteen streets and four other places."""
    return make_points()
