"""Fetching from the police.uk API: replayed answers, splitting, politeness, files that import."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Mapping
from datetime import date
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import shapely
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from asbhub.core.choices import AreaStatus
from asbhub.opendata import fetch, policeuk
from asbhub.opendata.fetch import HttpResponse, PoliceUkApi, PoliceUkApiError, TooManyCrimes
from asbhub.opendata.models import OutcomeRecord, StreetRecord
from asbhub.opendata.services import (
    fetch_policeuk,
    import_policeuk,
    outcomes_matching_street_crimes,
)

from .conftest import API_ANSWERS, raw_rows


class FakeClock:
    """A monotonic clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class ReplayTransport:
    """Answer like the police.uk API from the recorded answers in tests/data/policeuk_api.

    Area queries get the recorded records whose point lies in the POSTed polygon, or a
    503 when more than `limit` would come back (the API's answer over 10,000 crimes).
    `failures` are statuses to answer first, in order, whatever the request.
    """

    def __init__(self, *, limit: int | None = None, failures: list[HttpResponse] | None = None):
        self.limit = limit
        self.failures = list(failures or [])
        self.requests: list[tuple[str, str, dict[str, str], Mapping[str, str]]] = []

    def __call__(
        self,
        method: str,
        url: str,
        *,
        data: bytes | None,
        headers: Mapping[str, str],
        timeout: float,
    ) -> HttpResponse:
        form = dict(parse_qsl(data.decode("ascii"))) if data else {}
        self.requests.append((method, url, form, headers))
        if self.failures:
            return self.failures.pop(0)
        parts = urlsplit(url)
        path = parts.path.removeprefix("/api/")
        query = dict(parse_qsl(parts.query))
        if method == "GET" and path == "forces/gwent":
            return self.answer("forces-gwent.json")
        if method == "GET" and path == "crimes-street-dates":
            return self.answer("crimes-street-dates.json")
        if method == "GET" and path == "crime-categories":
            return self.answer(f"crime-categories-{query['date']}.json")
        if method == "GET" and path == "crimes-no-location":
            assert query["category"] == "all-crime"
            return self.answer(f"crimes-no-location-{query['force']}-{query['date']}.json")
        if method == "POST" and path == "crimes-street/all-crime":
            return self.area(f"crimes-street-all-crime-{form['date']}.json", form, lambda r: r)
        if method == "POST" and path == "outcomes-at-location":
            return self.area(
                f"outcomes-at-location-{form['date']}.json", form, lambda r: r["crime"]
            )
        return HttpResponse(404, b"", {})

    def answer(self, name: str) -> HttpResponse:
        path = API_ANSWERS / name
        if not path.is_file():
            return HttpResponse(404, b"", {})
        return HttpResponse(200, path.read_bytes(), {"content-type": "application/json"})

    def area(self, name: str, form: dict[str, str], crime_of) -> HttpResponse:
        points = [tuple(map(float, pair.split(","))) for pair in form["poly"].split(":")]
        polygon = shapely.Polygon([(lng, lat) for lat, lng in points])
        records = json.loads((API_ANSWERS / name).read_text())
        inside = [
            r
            for r in records
            if polygon.covers(
                shapely.Point(
                    float(crime_of(r)["location"]["longitude"]),
                    float(crime_of(r)["location"]["latitude"]),
                )
            )
        ]
        if self.limit is not None and len(inside) > self.limit:
            return HttpResponse(503, b"", {})
        return HttpResponse(200, json.dumps(inside).encode(), {"content-type": "application/json"})

    def count(self, path: str) -> int:
        return sum(1 for _method, url, _form, _headers in self.requests if path in url)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that would reach the real network."""

    def refuse(*args, **kwargs):
        raise AssertionError("tests must not touch the network")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


@pytest.fixture(autouse=True)
def english():
    """Command output in English, whatever an earlier test left active."""
    with translation.override("en"):
        yield


def api(transport: ReplayTransport, clock: FakeClock | None = None) -> PoliceUkApi:
    clock = clock or FakeClock()
    return PoliceUkApi(transport, clock=clock, sleep=clock.sleep)


def recorded(name: str) -> list[dict]:
    return json.loads((API_ANSWERS / name).read_text())


def test_fetch_writes_police_uk_files_for_each_available_month(tmp_path: Path) -> None:
    transport = ReplayTransport()
    summary = fetch_policeuk(
        "gwent", date(2024, 1, 1), date(2024, 2, 1), tmp_path, api=api(transport)
    )
    street_path = tmp_path / "2024-01" / "2024-01-gwent-street.csv"
    outcomes_path = tmp_path / "2024-01" / "2024-01-gwent-outcomes.csv"
    assert summary.files == [street_path, outcomes_path]
    assert summary.unavailable_months == ["2024-02"]
    assert summary.requests == len(transport.requests)

    street = raw_rows(street_path)
    assert street_path.read_text().splitlines()[0] == ",".join(policeuk.STREET_HEADER)
    crimes = recorded("crimes-street-all-crime-2024-01.json")
    # Two recorded crimes lie in Cardiff (outside the polygon) and one is BTP.
    assert len(street) == len(crimes) - 3 + 2
    assert not any(
        row[0] == next(c for c in crimes if c["location_type"] == "BTP")["persistent_id"]
        for row in street
    )
    asb = [row for row in street if row[9] == "Anti-social behaviour"]
    assert asb[0] == asb[1]  # identical ASB incidents both kept
    assert asb[0][:7] == [
        "",
        "2024-01",
        "Gwent Police",
        "Gwent Police",
        "-3.225811",
        "51.801793",
        "On or near Phillips Close",
    ]
    assert asb[0][7:] == ["", "", "Anti-social behaviour", "", ""]
    unplaced = [row for row in street if row[6] == "No location"]
    assert [row[4:9] for row in unplaced] == [["", "", "No location", "", ""]] * 2
    assert {row[9] for row in street} >= {"Violence and sexual offences", "Burglary"}
    outcomes = raw_rows(outcomes_path)
    # One recorded outcome is for one of the Cardiff crimes, outside the polygon.
    assert len(outcomes) == len(recorded("outcomes-at-location-2024-01.json")) - 1 == 6
    assert {row[9] for row in outcomes} <= {
        "Investigation complete; no suspect identified",
        "Unable to prosecute suspect",
    }


def test_fetched_files_import_and_their_areas_come_from_the_points(gwent, tmp_path: Path) -> None:
    fetch_policeuk(
        "gwent", date(2024, 1, 1), date(2024, 1, 1), tmp_path, api=api(ReplayTransport())
    )
    summary = import_policeuk([tmp_path])
    assert summary.imported == 2
    located = StreetRecord.objects.exclude(area=AreaStatus.NO_LOCATION)
    assert located.count() == StreetRecord.objects.count() - 2
    assert not located.exclude(area=AreaStatus.IN_FORCE).exists()
    assert not located.filter(lsoa21_code="").exists()
    assert not located.filter(csp=None).exists()
    assert set(StreetRecord.objects.values_list("lsoa_code", flat=True)) == {""}
    assert OutcomeRecord.objects.count() == outcomes_matching_street_crimes().count() == 6


def test_an_area_with_too_many_crimes_is_split_and_asked_again(tmp_path: Path) -> None:
    whole = ReplayTransport()
    fetch_policeuk("gwent", date(2024, 1, 1), date(2024, 1, 1), tmp_path / "a", api=api(whole))
    split = ReplayTransport(limit=8)
    fetch_policeuk("gwent", date(2024, 1, 1), date(2024, 1, 1), tmp_path / "b", api=api(split))
    assert whole.count("crimes-street/all-crime") == 1
    assert split.count("crimes-street/all-crime") > 3
    for name in ("2024-01-gwent-street.csv", "2024-01-gwent-outcomes.csv"):
        a = sorted(raw_rows(tmp_path / "a" / "2024-01" / name))
        b = sorted(raw_rows(tmp_path / "b" / "2024-01" / name))
        assert a == b


def test_requests_name_asb_hub_and_post_the_polygon(tmp_path: Path) -> None:
    transport = ReplayTransport()
    fetch_policeuk("gwent", date(2024, 1, 1), date(2024, 1, 1), tmp_path, api=api(transport))
    assert all(h["User-Agent"].startswith("ASB Hub") for _m, _u, _f, h in transport.requests)
    method, url, form, _headers = next(r for r in transport.requests if "crimes-street/" in r[1])
    assert (method, url) == ("POST", "https://data.police.uk/api/crimes-street/all-crime")
    assert form["date"] == "2024-01"
    first = form["poly"].split(":")[0].split(",")
    assert 51.4 < float(first[0]) < 52.0 and -3.4 < float(first[1]) < -2.6  # lat,lng order


def test_the_client_keeps_to_15_requests_a_second() -> None:
    clock = FakeClock()
    client = api(ReplayTransport(), clock)
    starts = []
    original = client.transport

    def timed(*args, **kwargs):
        starts.append(clock.now)
        return original(*args, **kwargs)

    client.transport = timed
    for _ in range(5):
        client.available_months()
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert gaps == pytest.approx([1 / 15] * 4)


def test_the_client_retries_429_and_5xx_with_backoff() -> None:
    clock = FakeClock()
    transport = ReplayTransport(
        failures=[
            HttpResponse(429, b"", {"retry-after": "3"}),
            HttpResponse(502, b"", {}),
            HttpResponse(500, b"", {}),
        ]
    )
    months = api(transport, clock).available_months()
    assert "2024-01" in months
    assert len(transport.requests) == 4
    assert [s for s in clock.sleeps if s > 0.5] == [3.0, 2.0, 4.0]


def test_the_client_gives_up_after_its_retries() -> None:
    transport = ReplayTransport(failures=[HttpResponse(500, b"", {})] * 10)
    with pytest.raises(PoliceUkApiError, match="answered 500 after 5 retries"):
        api(transport).available_months()
    assert len(transport.requests) == 6


def test_the_client_does_not_retry_a_refusal() -> None:
    transport = ReplayTransport()
    with pytest.raises(PoliceUkApiError, match="answered 404"):
        api(transport).force("gotham")
    assert len(transport.requests) == 1


def test_a_503_on_an_area_asks_for_a_split() -> None:
    transport = ReplayTransport(failures=[HttpResponse(503, b"", {})])
    with pytest.raises(TooManyCrimes):
        api(transport).street_crimes("51.6,-3.0:51.7,-3.0:51.7,-2.9", "2024-01")


def test_records_on_a_tile_edge_come_once_but_repeats_in_one_answer_stay() -> None:
    square = shapely.box(0, 0, 2, 1)
    asked = []

    def call(poly: str) -> list[dict]:
        west = min(float(pair.split(",")[1]) for pair in poly.split(":"))
        east = max(float(pair.split(",")[1]) for pair in poly.split(":"))
        asked.append((west, east))
        if (west, east) == (0, 2):
            raise TooManyCrimes("split me")
        edge = {"id": 1}  # on the line between the two halves
        return [edge, {"id": 2}, {"id": 2}] if west == 0 else [edge, {"id": 3}]

    records = fetch.fetch_by_area(call, [square], fetch.crime_key)
    assert asked == [(0, 2), (0, 1), (1, 2)]
    assert [r["id"] for r in records] == [1, 2, 2, 3]


def test_area_polygons_drop_holes_and_keep_to_the_point_limit() -> None:
    ring = shapely.Point(0, 0).buffer(1, quad_segs=500)
    holed = shapely.Polygon(ring.exterior, [shapely.Point(0, 0).buffer(0.2).exterior.coords])
    [polygon] = fetch.area_polygons(holed, max_points=200)
    assert not polygon.interiors
    assert shapely.get_num_coordinates(polygon) <= 200
    assert polygon.area == pytest.approx(ring.area, rel=0.01)


def test_the_fetch_command_writes_and_imports(
    gwent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    transport = ReplayTransport()
    monkeypatch.setattr(fetch, "urllib_transport", transport)
    out = StringIO()
    call_command(
        "fetch_policeuk",
        "--force",
        "gwent",
        "--from",
        "2024-01",
        "--to",
        "2024-02",
        "--out",
        str(tmp_path),
        "--import",
        stdout=out,
        stderr=StringIO(),
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == "2024-02: not available from the police.uk API."
    assert lines[1].startswith("Wrote 2 files (")
    assert lines[-1].startswith("police.uk files: 2 imported, 0 replaced, 0 unchanged;")
    assert StreetRecord.objects.filter(month="2024-01-01").exists()


def test_the_fetch_command_reports_an_api_that_keeps_failing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        fetch, "urllib_transport", ReplayTransport(failures=[HttpResponse(403, b"", {})])
    )
    with pytest.raises(CommandError, match="answered 403"):
        call_command(
            "fetch_policeuk",
            "--from",
            "2024-01",
            "--to",
            "2024-01",
            "--out",
            str(tmp_path),
            stdout=StringIO(),
            stderr=StringIO(),
        )
    with pytest.raises(CommandError, match="--to must not be before --from"):
        call_command(
            "fetch_policeuk",
            "--from",
            "2024-02",
            "--to",
            "2024-01",
            stdout=StringIO(),
            stderr=StringIO(),
        )
