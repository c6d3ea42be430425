"""Rules of the 24-hour crime data integrity review: deadlines, the queue's order, the dip
sample and the dashboard's figures.

Pure: plain values in, plain values out. The time comes in as `now=` and randomness as
`seed=`, so an analyst can rerun any figure and tests need no database.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import attrgetter
from typing import TypeVar

REVIEW_WINDOW = timedelta(hours=24)
DUE_SOON = timedelta(hours=4)
DIP_SAMPLE_RATE = 0.05

OVERDUE = "overdue"
DUE_SOON_BAND = "due_soon"
IN_TIME = "in_time"
DONE = "done"
_BAND_ORDER = {OVERDUE: 0, DUE_SOON_BAND: 1, IN_TIME: 2, DONE: 3}


def due_at(reported_at: datetime) -> datetime:
    """When the review of an incident reported at `reported_at` is due (24 hours later)."""
    return reported_at + REVIEW_WINDOW


@dataclass(frozen=True)
class Clock:
    """Time left to review one incident: negative when overdue."""

    seconds_left: int
    band: str

    @property
    def overdue(self) -> bool:
        return self.band == OVERDUE

    @property
    def hours(self) -> int:
        """Whole hours left (or overdue by)."""
        return abs(self.seconds_left) // 3600

    @property
    def minutes(self) -> int:
        """Minutes beyond the whole hours."""
        return abs(self.seconds_left) % 3600 // 60


def clock(due: datetime, now: datetime, decided: bool = False) -> Clock:
    """The review clock: overdue, due within four hours, in time, or done."""
    seconds = int((due - now).total_seconds())
    if decided:
        band = DONE
    elif seconds < 0:
        band = OVERDUE
    elif seconds <= DUE_SOON.total_seconds():
        band = DUE_SOON_BAND
    else:
        band = IN_TIME
    return Clock(seconds, band)


def queue_key(due: datetime, confidence: float, now: datetime) -> tuple[int, float, datetime]:
    """Sort key for the review queue: overdue first, then due soon, then the rest; within
    each, the likeliest crimes first, then the least time left."""
    return (_BAND_ORDER[clock(due, now).band], -confidence, due)


def draw_sample(ids: Sequence[int], seed: int, rate: float = DIP_SAMPLE_RATE) -> list[int]:
    """A random `rate` share of the ids (at least one when there are any), sorted.

    Parameters
    ----------
    ids : sequence of int
        The "no crime" decisions that may be drawn.
    seed : int
        The random seed, stored with the sample so the draw can be repeated.
    rate : float, optional
        The share to draw (5% by default); rounded up.
    """
    if not 0 < rate <= 1:
        raise ValueError("The dip sample rate must be above 0 and at most 1.")
    pool = sorted(set(ids))
    if not pool:
        return []
    size = max(1, math.ceil(len(pool) * rate))
    return sorted(random.Random(seed).sample(pool, size))


@dataclass(frozen=True)
class Agreement:
    """How often the second reviewer agreed with the "no crime" decision."""

    checked: int
    agreed: int

    @property
    def rate(self) -> float | None:
        return self.agreed / self.checked if self.checked else None


def agreement(outcomes: Iterable[bool | None]) -> Agreement:
    """Agreement over the dip sample checks done (None means not yet checked)."""
    done = [outcome for outcome in outcomes if outcome is not None]
    return Agreement(len(done), sum(1 for outcome in done if outcome))


@dataclass(frozen=True)
class ReviewRow:
    """One incident as the dashboard needs it (no personal data)."""

    reported_at: datetime
    due_at: datetime
    decided_at: datetime | None
    decision: str
    csp: str
    week: date
    offence_group: str = ""
    flagged_groups: tuple[str, ...] = ()
    team: str = ""


@dataclass
class Tally:
    """Counts for one slice of the dashboard, and the figures from them."""

    incidents: int = 0
    due: int = 0
    decided: int = 0
    within_24h: int = 0
    crimes: int = 0
    flagged: int = 0

    def add(self, row: ReviewRow, now: datetime) -> None:
        self.incidents += 1
        decided = row.decided_at is not None
        if decided or row.due_at <= now:
            self.due += 1
        if decided:
            self.decided += 1
            if row.decided_at <= row.due_at:
                self.within_24h += 1
            if row.decision == "crime_recorded":
                self.crimes += 1
        if row.flagged_groups:
            self.flagged += 1

    @property
    def share_within_24h(self) -> float | None:
        """Reviewed within 24 hours, of the incidents whose review is due or done."""
        return self.within_24h / self.due if self.due else None

    @property
    def crimes_per_100(self) -> float | None:
        """Crimes recorded per 100 incidents reviewed."""
        return 100 * self.crimes / self.decided if self.decided else None


@dataclass
class Dashboard:
    """The review's figures overall and by partnership, team, offence group and week."""

    total: Tally = field(default_factory=Tally)
    by_csp: dict[str, Tally] = field(default_factory=dict)
    by_team: dict[str, Tally] = field(default_factory=dict)
    by_week: dict[date, Tally] = field(default_factory=dict)
    crimes_by_group: dict[str, int] = field(default_factory=dict)
    flagged_by_group: dict[str, int] = field(default_factory=dict)


def week_of(moment: datetime) -> date:
    """The Monday of the week holding `moment` (in the moment's own time zone)."""
    day = moment.date()
    return day - timedelta(days=day.weekday())


K = TypeVar("K", bound=Hashable)


def tally_by(
    rows: Iterable[ReviewRow], key: Callable[[ReviewRow], K], now: datetime
) -> dict[K, Tally]:
    """A Tally per value of `key` (a partnership, a team, a week), in that value's order."""
    tallies: dict[K, Tally] = defaultdict(Tally)
    for row in rows:
        tallies[key(row)].add(row, now)
    return dict(sorted(tallies.items()))


def dashboard(rows: Iterable[ReviewRow], now: datetime) -> Dashboard:
    """Tally the review's figures.

    Notes
    -----
    "Within 24 hours" counts a decision recorded no later than 24 hours after the report,
    out of the incidents whose 24 hours have passed or that are decided (an incident still
    in time is not counted against the team). "Crimes per 100" counts crimes recorded per
    100 incidents decided. "Flagged" counts incidents the screening marked as likely crimes.
    """
    rows = list(rows)
    result = Dashboard(
        by_csp=tally_by(rows, attrgetter("csp"), now),
        by_team=tally_by(rows, attrgetter("team"), now),
        by_week=tally_by(rows, attrgetter("week"), now),
    )
    crimes: dict[str, int] = defaultdict(int)
    flagged: dict[str, int] = defaultdict(int)
    for row in rows:
        result.total.add(row, now)
        if row.decision == "crime_recorded":
            crimes[row.offence_group or "other_crime"] += 1
        for group in row.flagged_groups:
            flagged[group] += 1
    result.crimes_by_group = dict(crimes)
    result.flagged_by_group = dict(flagged)
    return result
