"""A demo operation with a known effect, so the evaluation can be shown to recover it.

The demo generator calls `plant_demo_operation(seed=…)` once its synthetic incidents are
saved (`asbhub hotspots plant-demo --seed N` does the same). It creates "Operation Lumley
(demo)" in Newport, July to December 2024, with the six months before as the comparison
period, target hotspots from the real police.uk ASB points, proposed control areas and
patrol logs, and then changes the synthetic incidents: during the first
`PLANTED_MONTHS` months of the operation it removes `PLANTED_REDUCTION` of the incidents in
the targets, and moves `PLANTED_DISPLACED` of those removed into the buffer around them.
Incidents that the generator's planted truth refers to are left alone.
`plant_effect` is the pure part, usable on any frame of events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import shapely
from django.db import transaction
from django.utils import timezone

from asbhub.core.geography import to_bng, to_wgs84
from asbhub.core.models import CommunitySafetyPartnership
from asbhub.hotspots import services
from asbhub.hotspots.choices import Activity, Agency, AreaKind, DataSource
from asbhub.hotspots.models import Operation, PatrolLog

PLANTED_REDUCTION = 0.30
PLANTED_DISPLACED = 0.30
PLANTED_MONTHS = 6
DEMO_OPERATION = "Operation Lumley (demo)"
DEMO_START = dt.date(2024, 7, 1)
DEMO_END = dt.date(2024, 12, 31)
DEMO_PRE_MONTHS = 6
DEMO_TARGETS = 4


@dataclass(frozen=True)
class PlantedEffect:
    """What was planted: the true reduction and displacement, and how many events moved."""

    reduction: float
    displaced_share: float
    first_month: int
    months: int
    in_target: int
    removed: int
    moved: int


def plant_effect(
    events: pd.DataFrame,
    in_target: np.ndarray,
    buffer_points: np.ndarray,
    *,
    first_month: int,
    months: int = PLANTED_MONTHS,
    reduction: float = PLANTED_REDUCTION,
    displaced_share: float = PLANTED_DISPLACED,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, PlantedEffect]:
    """Choose which target events to remove and which of those to move into the buffer.

    Parameters
    ----------
    events : DataFrame
        Column `month_index`, one row per event.
    in_target : numpy.ndarray of bool
        Whether each event lies in a target hotspot.
    buffer_points : numpy.ndarray
        (k, 2) BNG points in the buffer to move displaced events to (chosen at random).
    first_month, months : int
        The months affected (`first_month` to `first_month + months - 1`).
    reduction : float
        Share of target events removed in those months.
    displaced_share : float
        Share of the removed events that reappear in the buffer.

    Returns
    -------
    drop : numpy.ndarray of bool
        Events to delete (removed and not displaced).
    moves : numpy.ndarray
        (m, 3): row index of each displaced event, and its new easting and northing.
    effect : PlantedEffect
    """
    rng = np.random.default_rng(seed)
    month = events["month_index"].to_numpy(np.int64)
    affected = np.flatnonzero(
        np.asarray(in_target, dtype=bool) & (month >= first_month) & (month < first_month + months)
    )
    removed = affected[rng.random(affected.size) < reduction]
    displaced = removed[rng.random(removed.size) < displaced_share]
    if len(buffer_points) == 0:
        displaced = displaced[:0]
    drop = np.zeros(len(events), dtype=bool)
    drop[np.setdiff1d(removed, displaced)] = True
    picks = rng.integers(0, max(len(buffer_points), 1), displaced.size)
    moves = np.column_stack(
        [displaced, np.asarray(buffer_points, dtype=float).reshape(-1, 2)[picks]]
        if displaced.size
        else [np.zeros((0, 1)), np.zeros((0, 2))]
    )
    effect = PlantedEffect(
        reduction,
        displaced_share,
        first_month,
        months,
        int(affected.size),
        int(removed.size),
        int(displaced.size),
    )
    return drop, moves, effect


@transaction.atomic
def plant_demo_operation(*, seed: int = 0) -> tuple[Operation, PlantedEffect]:
    """Create the demo operation in Newport and plant its effect in the synthetic incidents.

    Idempotent per database: an existing demo operation is replaced, but incidents already
    changed stay changed, so run it once per freshly generated demo data set.
    """
    from asbhub.incidents.models import Incident

    csp = CommunitySafetyPartnership.objects.get(code="W14000022")
    PatrolLog.objects.filter(operation__name=DEMO_OPERATION).delete()
    Operation.objects.filter(name=DEMO_OPERATION).delete()
    operation = Operation.objects.create(
        name=DEMO_OPERATION,
        aim="Reduce ASB in Newport's busiest hotspots with high-visibility patrols of 10 to 15 "
        "minutes by officers and council wardens.",
        start_date=DEMO_START,
        end_date=DEMO_END,
        pre_months=DEMO_PRE_MONTHS,
        funding="Home Office ASB hotspot response fund (demo)",
        csp=csp,
        data_source=DataSource.INCIDENTS,
    )
    services.add_top_hotspots(operation, DEMO_TARGETS)
    targets = list(operation.areas.filter(kind=AreaKind.TARGET))
    union = shapely.union_all([services.geometry_to_bng(t.boundary) for t in targets])
    ring = shapely.difference(union.buffer(operation.buffer_metres), union)

    incidents = list(
        Incident.objects.filter(longitude__isnull=False, latitude__isnull=False)
        .exclude(pk__in=_incidents_in_planted_truth())
        .values_list("pk", "longitude", "latitude", "occurred_at", "reported_at")
    )
    frame = pd.DataFrame(incidents, columns=["pk", "longitude", "latitude", "occ", "rep"])
    effect = PlantedEffect(PLANTED_REDUCTION, PLANTED_DISPLACED, 0, PLANTED_MONTHS, 0, 0, 0)
    if not frame.empty:
        when = [
            timezone.localtime(r if pd.isna(o) else o)
            for o, r in zip(frame["occ"], frame["rep"], strict=True)
        ]
        frame["month_index"] = [services.month_index(w.date()) for w in when]
        e, n = to_bng(frame["longitude"].to_numpy(float), frame["latitude"].to_numpy(float))
        in_target = shapely.contains_xy(union, e, n)
        in_ring = shapely.contains_xy(ring, e, n)
        buffer_points = np.column_stack([e[in_ring], n[in_ring]])
        drop, moves, effect = plant_effect(
            frame,
            in_target,
            buffer_points,
            first_month=services.month_index(DEMO_START),
            seed=seed,
        )
        Incident.objects.filter(pk__in=frame.loc[drop, "pk"].tolist()).delete()
        if len(moves):
            lons, lats = to_wgs84(moves[:, 1], moves[:, 2])
            for row, lon, lat in zip(moves[:, 0].astype(int), lons, lats, strict=True):
                Incident.objects.filter(pk=int(frame.loc[row, "pk"])).update(
                    longitude=round(float(lon), 6), latitude=round(float(lat), 6)
                )
    services.propose_control_areas(operation)
    _demo_patrols(operation, targets, seed)
    return operation, effect


def _incidents_in_planted_truth() -> set[int]:
    """Incidents the demo generator's planted truth refers to: never removed or moved."""
    from django.apps import apps

    if not apps.is_installed("asbhub.demo"):
        return set()
    from asbhub.demo.services import incidents_in_planted_truth

    return incidents_in_planted_truth()


def _demo_patrols(operation: Operation, targets: list[Any], seed: int) -> None:
    """Three or four patrols a week per target, mostly 10 to 20 minutes, at random times."""
    rng = np.random.default_rng(seed + 1)
    days = (operation.end_date - operation.start_date).days + 1
    patrols = []
    for target in targets:
        for _visit in range(int(days / 7 * 3.5)):
            day = operation.start_date + dt.timedelta(days=int(rng.integers(0, days)))
            start = timezone.make_aware(
                dt.datetime.combine(
                    day, dt.time(int(rng.integers(15, 23)), int(rng.integers(0, 60)))
                )
            )
            minutes = float(np.clip(rng.normal(14, 4), 5, 40))
            agency = Agency.WARDEN if rng.random() < 0.4 else Agency.POLICE
            prefix = "W" if agency == Agency.WARDEN else "PC"
            patrols.append(
                PatrolLog(
                    operation=operation,
                    area=target,
                    patroller=f"{prefix} {int(rng.integers(100, 999))}",
                    agency=agency,
                    started_at=start,
                    ended_at=start + dt.timedelta(minutes=round(minutes)),
                    activity=str(
                        rng.choice(
                            [
                                Activity.PRESENCE,
                                Activity.ENGAGEMENT,
                                Activity.ENGAGEMENT,
                                Activity.STOP,
                                Activity.DISPERSAL,
                            ]
                        )
                    ),
                )
            )
    PatrolLog.objects.bulk_create(patrols, ignore_conflicts=True)
