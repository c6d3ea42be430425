"""A polite client for the police.uk API, and its answers turned into police.uk CSV rows.

The API (https://data.police.uk/docs/) gives street-level crimes and outcomes within a
custom area (a polygon of lat,lng points, POSTed as `poly`), and the crimes a force could
not place (`crimes-no-location`). An area with more than 10,000 crimes in a month is
refused with a 503; `fetch_by_area` then splits the area in two and asks again.

The HTTP layer is one injectable callable (`Transport`), so tests replay recorded answers
and never touch the network. The client keeps to the API's limit of 15 requests a second,
retries 429 and 5xx answers with exponential backoff (honouring Retry-After), and names
ASB Hub in its User-Agent.

What the API cannot give, compared with police.uk's monthly archive: LSOA codes and names
(the importer finds the LSOA from the point), and outcomes of crimes without a location.
Crimes within the area are returned whichever force recorded them; British Transport
Police records (location_type "BTP") are left out, as in a force's archive file.
"""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import shapely
from shapely.geometry.base import BaseGeometry

API_ROOT = "https://data.police.uk/api"
USER_AGENT = "ASB Hub (police.uk open data import for a police force and its partners)"
REQUESTS_PER_SECOND = 15.0
RETRIES = 5
BACKOFF_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 60.0
TIMEOUT_SECONDS = 60.0
MAX_SPLIT_DEPTH = 8
MAX_POLYGON_POINTS = 1000
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
NO_LOCATION = "No location"


@dataclass(frozen=True)
class HttpResponse:
    """What a transport returns: status, body and headers (names lower-cased)."""

    status: int
    body: bytes
    headers: Mapping[str, str]


class Transport(Protocol):
    """Send one HTTP request and return the response (any status); raise OSError if none."""

    def __call__(
        self,
        method: str,
        url: str,
        *,
        data: bytes | None,
        headers: Mapping[str, str],
        timeout: float,
    ) -> HttpResponse: ...


class PoliceUkApiError(Exception):
    """The API refused a request, or kept failing after every retry."""


class TooManyCrimes(PoliceUkApiError):
    """The API answered 503 for an area: more than 10,000 crimes, so split the area."""


def urllib_transport(
    method: str,
    url: str,
    *,
    data: bytes | None,
    headers: Mapping[str, str],
    timeout: float,
) -> HttpResponse:
    """Send a request with the standard library."""
    request = urllib.request.Request(url, data=data, headers=dict(headers), method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return HttpResponse(
                response.status,
                response.read(),
                {k.lower(): v for k, v in response.headers.items()},
            )
    except urllib.error.HTTPError as error:
        return HttpResponse(
            error.code, error.read(), {k.lower(): v for k, v in error.headers.items()}
        )


class RateLimiter:
    """Space requests at least 1/rate seconds apart."""

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 1.0 / rate
        self._clock = clock
        self._sleep = sleep
        self._next = -float("inf")

    def wait(self) -> None:
        """Sleep until the next request may start."""
        now = self._clock()
        if now < self._next:
            self._sleep(self._next - now)
            now = self._next
        self._next = now + self.interval


class PoliceUkApi:
    """The police.uk API calls the fetch needs."""

    def __init__(
        self,
        transport: Transport | None = None,
        *,
        root: str = API_ROOT,
        rate: float = REQUESTS_PER_SECOND,
        retries: int = RETRIES,
        backoff: float = BACKOFF_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.transport = transport or urllib_transport
        self.root = root.rstrip("/")
        self.retries = retries
        self.backoff = backoff
        self.limiter = RateLimiter(rate, clock=clock, sleep=sleep)
        self._sleep = sleep
        self.requests = 0

    def force(self, force: str) -> dict[str, Any]:
        """The force's details, e.g. {"id": "gwent", "name": "Gwent Police", ...}."""
        return self._get(f"/forces/{urllib.parse.quote(force)}")

    def crime_categories(self, month: str) -> dict[str, str]:
        """Crime category names by their API code ("violent-crime": "Violence and ...")."""
        return {c["url"]: c["name"] for c in self._get("/crime-categories", {"date": month})}

    def available_months(self) -> set[str]:
        """The months (YYYY-MM) for which street-level crime data is available."""
        return {entry["date"] for entry in self._get("/crimes-street-dates")}

    def street_crimes(self, polygon: str, month: str) -> list[dict[str, Any]]:
        """Street-level crimes and ASB in an area; raises TooManyCrimes over 10,000."""
        return self._post("/crimes-street/all-crime", {"poly": polygon, "date": month})

    def outcomes_at_location(self, polygon: str, month: str) -> list[dict[str, Any]]:
        """Outcomes recorded in the month for crimes in an area; TooManyCrimes when too big."""
        return self._post("/outcomes-at-location", {"poly": polygon, "date": month})

    def crimes_no_location(self, force: str, month: str) -> list[dict[str, Any]]:
        """The force's crimes in the month that could not be placed on the map."""
        params = {"category": "all-crime", "force": force, "date": month}
        return self._get("/crimes-no-location", params)

    def _get(self, path: str, params: Mapping[str, str] | None = None) -> Any:
        """GET a JSON resource."""
        url = self.root + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        return self._request("GET", url, None, split_on_503=False)

    def _post(self, path: str, form: Mapping[str, str]) -> Any:
        """POST a form (an area query) and return the JSON answer."""
        body = urllib.parse.urlencode(form).encode("ascii")
        return self._request("POST", self.root + path, body, split_on_503=True)

    def _request(self, method: str, url: str, body: bytes | None, *, split_on_503: bool) -> Any:
        """Send with rate limiting and retries; raise TooManyCrimes on an area's 503."""
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        problem = ""
        retry_after: str | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self._delay(attempt, retry_after))
            self.limiter.wait()
            self.requests += 1
            retry_after = None
            try:
                response = self.transport(
                    method, url, data=body, headers=headers, timeout=TIMEOUT_SECONDS
                )
            except OSError as error:
                problem = f"no response ({error})"
                continue
            if response.status == 200:
                return json.loads(response.body)
            if response.status == 503 and split_on_503:
                raise TooManyCrimes(f"{url}: 503, more than 10,000 crimes in the area")
            if response.status not in RETRY_STATUSES:
                raise PoliceUkApiError(f"{method} {url} answered {response.status}")
            problem = f"answered {response.status}"
            retry_after = response.headers.get("retry-after")
        raise PoliceUkApiError(f"{method} {url} {problem} after {self.retries} retries")

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        """Seconds to wait before a retry: Retry-After if given, else exponential backoff."""
        if retry_after is not None and retry_after.isdigit():
            return min(float(retry_after), MAX_BACKOFF_SECONDS)
        return min(self.backoff * 2 ** (attempt - 1), MAX_BACKOFF_SECONDS)


# ---------------------------------------------------------------------------------------
# Areas


def area_polygons(
    geometry: BaseGeometry, *, max_points: int = MAX_POLYGON_POINTS
) -> list[shapely.Polygon]:
    """The force area as simple polygons for the API: holes dropped, simplified to fit.

    Each part of a multi-polygon becomes its own polygon (slivers under a millionth of
    the area are dropped); each is simplified, with a growing tolerance, until it has at
    most `max_points` points.
    """
    parts = [p for p in _polygons(geometry) if p.area > geometry.area * 1e-6]
    result = []
    for part in parts:
        polygon = shapely.Polygon(part.exterior)
        tolerance = 0.0001
        while shapely.get_num_coordinates(polygon) > max_points:
            polygon = shapely.Polygon(part.exterior).simplify(tolerance)
            tolerance *= 2
        result.append(polygon)
    return result


def split_polygon(polygon: shapely.Polygon) -> list[shapely.Polygon]:
    """Cut a polygon in two across the longer side of its bounding box."""
    west, south, east, north = polygon.bounds
    if east - west >= north - south:
        middle = (west + east) / 2
        halves = [shapely.box(west, south, middle, north), shapely.box(middle, south, east, north)]
    else:
        middle = (south + north) / 2
        halves = [shapely.box(west, south, east, middle), shapely.box(west, middle, east, north)]
    parts: list[shapely.Polygon] = []
    for half in halves:
        parts.extend(
            shapely.Polygon(p.exterior) for p in _polygons(polygon.intersection(half)) if p.area
        )
    return parts


def poly_parameter(polygon: shapely.Polygon) -> str:
    """The API's `poly` value: lat,lng pairs joined by colons (the ring is closed for us)."""
    points = list(polygon.exterior.coords)[:-1]
    return ":".join(f"{lat:.6f},{lng:.6f}" for lng, lat in points)


def _polygons(geometry: BaseGeometry) -> list[shapely.Polygon]:
    """The polygons in a geometry of any type."""
    if isinstance(geometry, shapely.Polygon):
        return [geometry] if not geometry.is_empty else []
    if hasattr(geometry, "geoms"):
        return [p for g in geometry.geoms for p in _polygons(g)]
    return []


def fetch_by_area(
    call: Callable[[str], list[dict[str, Any]]],
    polygons: Sequence[shapely.Polygon],
    key: Callable[[dict[str, Any]], Any],
    *,
    max_depth: int = MAX_SPLIT_DEPTH,
) -> list[dict[str, Any]]:
    """Every record in the areas, splitting any area the API finds too big.

    A record on the edge between two tiles can come back twice; one already returned by
    an earlier tile (same `key`) is dropped. Repeats within one answer are kept: they are
    the API's own.
    """
    records: list[dict[str, Any]] = []
    seen: set[Any] = set()
    pending = [(polygon, 0) for polygon in polygons]
    while pending:
        polygon, depth = pending.pop(0)
        try:
            answer = call(poly_parameter(polygon))
        except TooManyCrimes:
            if depth >= max_depth:
                raise
            pending[0:0] = [(part, depth + 1) for part in split_polygon(polygon)]
            continue
        keys = [key(record) for record in answer]
        records.extend(r for r, k in zip(answer, keys, strict=True) if k not in seen)
        seen.update(keys)
    return records


def crime_key(crime: dict[str, Any]) -> Any:
    """A crime's identity in the API (its `id`)."""
    return crime["id"]


def outcome_key(outcome: dict[str, Any]) -> Any:
    """An outcome's identity: its crime, category and date."""
    return (outcome["crime"]["id"], outcome["category"]["code"], outcome["date"])


# ---------------------------------------------------------------------------------------
# police.uk CSV rows


def street_rows(
    crimes: Iterable[dict[str, Any]], *, force_name: str, categories: Mapping[str, str]
) -> list[list[str]]:
    """Street-level CSV rows (STREET_HEADER order) for API crimes; BTP records left out."""
    rows = []
    for crime in crimes:
        if crime.get("location_type") == "BTP":
            continue
        longitude, latitude, location = _location(crime.get("location"))
        outcome = crime.get("outcome_status") or {}
        category = crime["category"]
        rows.append(
            [
                crime.get("persistent_id") or "",
                crime["month"],
                force_name,
                force_name,
                longitude,
                latitude,
                location,
                "",
                "",
                categories.get(category, category.replace("-", " ").capitalize()),
                outcome.get("category") or "",
                crime.get("context") or "",
            ]
        )
    return rows


def outcome_rows(outcomes: Iterable[dict[str, Any]], *, force_name: str) -> list[list[str]]:
    """Outcomes CSV rows (OUTCOMES_HEADER order) for API outcomes; BTP records left out."""
    rows = []
    for outcome in outcomes:
        crime = outcome["crime"]
        if crime.get("location_type") == "BTP":
            continue
        longitude, latitude, location = _location(crime.get("location"))
        rows.append(
            [
                crime.get("persistent_id") or "",
                outcome["date"],
                force_name,
                force_name,
                longitude,
                latitude,
                location,
                "",
                "",
                outcome["category"]["name"],
            ]
        )
    return rows


def _location(location: dict[str, Any] | None) -> tuple[str, str, str]:
    """Longitude, latitude and street name as police.uk writes them; blank when unplaced."""
    if not location:
        return "", "", NO_LOCATION
    street = location.get("street") or {}
    return location["longitude"], location["latitude"], street.get("name") or ""


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A police.uk-style CSV: header first, LF line endings, quoting only where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
