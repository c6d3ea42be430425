"""Repeat victims, repeat locations and the ASB Case Review threshold.

Pure: report times in, frozen dataclasses out; no ORM, no settings, the time as `now=`.
The thresholds live in `data/repeat_rules.toml` (with their sources): a default ASB Case
Review threshold and, per community safety partnership, its own.

A report *counts* towards the ASB Case Review when it was made within
`reported_within_months` calendar months of the incident; the threshold is met when at
least `reports` counting reports were made within the last `window_months` calendar
months (the report being recorded now included).
"""

from __future__ import annotations

import calendar
import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent / "data" / "repeat_rules.toml"


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months later (or earlier when negative).

    The day is clamped to the month's end: 31 March minus one month is 28 (or 29) February.
    """
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@dataclass(frozen=True)
class CountRule:
    """A repeat threshold: `reports` or more in the last `months` calendar months."""

    reports: int
    months: int
    source: str = ""
    radius_metres: float = 0.0


@dataclass(frozen=True)
class CaseReviewRule:
    """An area's ASB Case Review threshold."""

    reports: int = 3
    window_months: int = 6
    reported_within_months: int = 1
    source: str = ""


@dataclass(frozen=True)
class RepeatRules:
    """All the thresholds: repeat victim, repeat location, case review (default and per CSP)."""

    repeat_victim: CountRule
    repeat_location: CountRule
    case_review_default: CaseReviewRule
    case_review_by_csp: Mapping[str, CaseReviewRule] = field(default_factory=dict)

    def case_review_for(self, csp_code: str | None) -> CaseReviewRule:
        """The CSP's own threshold, else the default."""
        return self.case_review_by_csp.get(csp_code or "", self.case_review_default)


def _case_rule(row: Mapping[str, object]) -> CaseReviewRule:
    rule = CaseReviewRule(
        int(row["reports"]),  # type: ignore[arg-type]
        int(row["window_months"]),  # type: ignore[arg-type]
        int(row["reported_within_months"]),  # type: ignore[arg-type]
        str(row.get("source", "")),
    )
    if rule.reports < 1 or rule.window_months < 1 or rule.reported_within_months < 0:
        raise ValueError(f"Case review threshold out of range: {rule}")
    return rule


def parse_rules(data: Mapping[str, object]) -> RepeatRules:
    """Build RepeatRules from the parsed TOML; ValueError for out-of-range numbers."""

    def count(row: Mapping[str, object]) -> CountRule:
        rule = CountRule(
            int(row["reports"]),  # type: ignore[arg-type]
            int(row["months"]),  # type: ignore[arg-type]
            str(row.get("source", "")),
            float(row.get("radius_metres", 0.0)),  # type: ignore[arg-type]
        )
        if rule.reports < 1 or rule.months < 1:
            raise ValueError(f"Repeat threshold out of range: {rule}")
        return rule

    case = data["case_review"]
    return RepeatRules(
        repeat_victim=count(data["repeat_victim"]),  # type: ignore[arg-type]
        repeat_location=count(data["repeat_location"]),  # type: ignore[arg-type]
        case_review_default=_case_rule(case["default"]),  # type: ignore[index]
        case_review_by_csp={
            code: _case_rule(row)
            for code, row in case.get("csp", {}).items()  # type: ignore[union-attr]
        },
    )


@cache
def shipped_rules() -> RepeatRules:
    """The thresholds from the shipped file (read once per process)."""
    with RULES_FILE.open("rb") as handle:
        return parse_rules(tomllib.load(handle))


@dataclass(frozen=True)
class RepeatCount:
    """How many reports fall in the window, against the threshold."""

    count: int
    threshold: int
    months: int

    @property
    def met(self) -> bool:
        return self.count >= self.threshold


def count_recent(times: Iterable[datetime], rule: CountRule, *, now: datetime) -> RepeatCount:
    """Count the times within the last `rule.months` calendar months up to `now` (inclusive)."""
    since = add_months(now, -rule.months)
    count = sum(1 for moment in times if since <= moment <= now)
    return RepeatCount(count, rule.reports, rule.months)


@dataclass(frozen=True)
class CaseReview:
    """Whether the ASB Case Review threshold is met, and the reports that decide it."""

    met: bool
    counted: int
    rule: CaseReviewRule
    not_counted_late: int = 0

    @property
    def still_needed(self) -> int:
        """How many more counting reports would meet the threshold (0 when met)."""
        return max(0, self.rule.reports - self.counted)


def counts_for_case_review(
    occurred_at: datetime | None, reported_at: datetime, rule: CaseReviewRule
) -> bool:
    """True when a report counts: the incident time is known and it was reported in time."""
    if occurred_at is None:
        return False
    return reported_at <= add_months(occurred_at, rule.reported_within_months)


def case_review(
    reports: Iterable[tuple[datetime | None, datetime]],
    rule: CaseReviewRule,
    *,
    now: datetime,
) -> CaseReview:
    """Check the ASB Case Review threshold at `now` from (occurred_at, reported_at) pairs.

    Counts the reports made within the last `rule.window_months` calendar months up to now
    that were reported within `rule.reported_within_months` of the incident.

    >>> from datetime import UTC
    >>> t = lambda m, d: datetime(2024, m, d, 20, tzinfo=UTC)
    >>> case_review([(t(1, 2), t(1, 2)), (t(3, 1), t(3, 5)), (t(5, 9), t(5, 9))],
    ...             CaseReviewRule(), now=t(5, 9)).met
    True
    """
    since = add_months(now, -rule.window_months)
    counted = late = 0
    for occurred, reported in reports:
        if not since <= reported <= now:
            continue
        if counts_for_case_review(occurred, reported, rule):
            counted += 1
        else:
            late += 1
    return CaseReview(counted >= rule.reports, counted, rule, late)


def distance_metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres (haversine; ample for tens to hundreds of metres)."""
    radius = 6_371_000.0
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


def bounding_box(
    longitude: float, latitude: float, radius_metres: float
) -> tuple[float, float, float, float]:
    """(min_lon, max_lon, min_lat, max_lat) of a square around the point, for a fast filter."""
    dlat = radius_metres / 111_320.0
    dlon = radius_metres / (111_320.0 * max(0.01, math.cos(math.radians(latitude))))
    return longitude - dlon, longitude + dlon, latitude - dlat, latitude + dlat
