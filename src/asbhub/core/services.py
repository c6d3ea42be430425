"""Use cases for core data.

Geography: load the force's community safety partnerships (CSPs) and LSOAs from the shipped
reference files, and find a CSP by the names people type. Geography is public reference
data about places, not people, so these services need no permission check and write no
access log.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from asbhub.core import geography
from asbhub.core.models import CommunitySafetyPartnership, Lsoa

CSPS_FILE = "csps.csv"


@dataclass(frozen=True)
class GeographySummary:
    """What `load_geography` did: CSPs and LSOAs created, updated or already up to date."""

    force: geography.Force
    csps_created: int
    csps_updated: int
    csps_unchanged: int
    lsoas_created: int
    lsoas_updated: int
    lsoas_unchanged: int

    @property
    def changed(self) -> int:
        """How many rows were created or updated."""
        return self.csps_created + self.csps_updated + self.lsoas_created + self.lsoas_updated

    def __str__(self) -> str:
        return _(
            "Geography for %(force)s (%(code)s): "
            "%(csps)d CSPs (%(c_new)d created, %(c_upd)d updated, %(c_same)d unchanged), "
            "%(lsoas)d LSOAs (%(l_new)d created, %(l_upd)d updated, %(l_same)d unchanged)."
        ) % {
            "force": self.force.name,
            "code": self.force.pfa_code,
            "csps": self.csps_created + self.csps_updated + self.csps_unchanged,
            "c_new": self.csps_created,
            "c_upd": self.csps_updated,
            "c_same": self.csps_unchanged,
            "lsoas": self.lsoas_created + self.lsoas_updated + self.lsoas_unchanged,
            "l_new": self.lsoas_created,
            "l_upd": self.lsoas_updated,
            "l_same": self.lsoas_unchanged,
        }


class UnknownCsp(LookupError):
    """No community safety partnership matches the value given."""


def csp_reference(force_code: str | None = None) -> list[dict[str, str]]:
    """Rows of the shipped CSP reference file (core/data/csps.csv), optionally for one force."""
    path = resources.files("asbhub.core").joinpath("data", CSPS_FILE)
    with path.open("r", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [row for row in rows if force_code is None or row["force_code"] == force_code]


def load_geography(force: str = "gwent") -> GeographySummary:
    """Create or update the force's CSPs and every 2021 LSOA of its area, in one transaction.

    `force` is a police.uk force identifier (e.g. `gwent`) or a PFA code. Idempotent: a row
    already matching the shipped data is left alone, so a second run changes nothing.
    Raises LookupError for an unknown force or one with no shipped CSPs or LSOA boundaries.
    """
    found = geography.lookup_force(force)
    csp_rows = csp_reference(found.pfa_code)
    if not csp_rows:
        raise LookupError(
            _("No community safety partnerships are shipped for %(force)s.") % {"force": found.name}
        )
    features = geography.read_force_lsoas(found.pfa_code)["features"]

    with transaction.atomic():
        csp_counts, csps_by_la = _load_csps(csp_rows)
        lsoa_counts = _load_lsoas(features, csps_by_la)
    return GeographySummary(found, *csp_counts, *lsoa_counts)


def _load_csps(
    rows: list[dict[str, str]],
) -> tuple[tuple[int, int, int], dict[str, CommunitySafetyPartnership]]:
    """Create or update CSPs; return (created, updated, unchanged) and CSPs by LA code."""
    existing = {csp.code: csp for csp in CommunitySafetyPartnership.objects.all()}
    created = updated = unchanged = 0
    by_la: dict[str, CommunitySafetyPartnership] = {}
    for row in rows:
        values = {
            "name": row["name"],
            "name_cy": row["name_cy"],
            "slug": row["slug"],
            "local_authority_code": row["local_authority_code"],
            "force_code": row["force_code"],
        }
        csp = existing.get(row["code"])
        if csp is not None and _matches(csp, values):
            unchanged += 1
        else:
            csp, was_created = CommunitySafetyPartnership.objects.update_or_create(
                code=row["code"], defaults=values
            )
            created += was_created
            updated += not was_created
        by_la[csp.local_authority_code] = csp
    return (created, updated, unchanged), by_la


def _load_lsoas(
    features: list[dict[str, Any]], csps_by_la: dict[str, CommunitySafetyPartnership]
) -> tuple[int, int, int]:
    """Create or update LSOAs from shipped GeoJSON features; return the counts."""
    existing = {lsoa.code: lsoa for lsoa in Lsoa.objects.all()}
    created = updated = unchanged = 0
    for feature in features:
        props = feature["properties"]
        values = {
            "name": props["lsoa21_name"],
            "csp_id": csps_by_la[props["local_authority_code"]].pk,
            "population": props["population"],
            "wimd_decile": props["wimd_decile"],
            "centroid_longitude": props["centroid_longitude"],
            "centroid_latitude": props["centroid_latitude"],
            "boundary": feature["geometry"],
        }
        lsoa = existing.get(props["lsoa21_code"])
        if lsoa is not None and _matches(lsoa, values):
            unchanged += 1
            continue
        _, was_created = Lsoa.objects.update_or_create(code=props["lsoa21_code"], defaults=values)
        created += was_created
        updated += not was_created
    return created, updated, unchanged


def _matches(instance: Any, values: dict[str, Any]) -> bool:
    """Whether every field of the instance already has the given value."""
    return all(getattr(instance, field) == value for field, value in values.items())


def csp_by_slug_or_code(value: str) -> CommunitySafetyPartnership:
    """The CSP named by a slug, an ONS CSP code or a local authority code (any letter case).

    Raises UnknownCsp, whose message lists the valid values, when none matches.
    """
    text = (value or "").strip()
    csp = CommunitySafetyPartnership.objects.filter(
        Q(slug__iexact=text) | Q(code__iexact=text) | Q(local_authority_code__iexact=text)
    ).first()
    if csp is None:
        choices = "; ".join(
            f"{c.slug} ({c.code}, {c.local_authority_code})"
            for c in CommunitySafetyPartnership.objects.order_by("slug")
        )
        if not choices:
            raise UnknownCsp(
                _("No community safety partnerships are loaded: run `asbhub load-geography`.")
            )
        raise UnknownCsp(
            _("No community safety partnership matches “%(value)s”. Use one of: %(choices)s.")
            % {"value": value, "choices": choices}
        )
    return csp
