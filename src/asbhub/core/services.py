"""Use cases for core data.

Geography: load the force's community safety partnerships (CSPs), LSOAs and neighbourhood
policing teams from the shipped reference files, load a force's own team file, and find a
CSP by the names people type. Geography is public reference data about places, not people,
so these services need no permission check and write no access log.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from asbhub.core import geography, teams
from asbhub.core.models import CommunitySafetyPartnership, Lsoa, Team
from asbhub.core.signals import lsoa_teams_changed

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
    teams_created: int = 0
    teams_kept: int = 0

    @property
    def changed(self) -> int:
        """How many rows were created or updated."""
        return (
            self.csps_created
            + self.csps_updated
            + self.lsoas_created
            + self.lsoas_updated
            + self.teams_created
        )

    def __str__(self) -> str:
        return _(
            "Geography for %(force)s (%(code)s): "
            "%(csps)d CSPs (%(c_new)d created, %(c_upd)d updated, %(c_same)d unchanged), "
            "%(lsoas)d LSOAs (%(l_new)d created, %(l_upd)d updated, %(l_same)d unchanged), "
            "%(teams)d neighbourhood policing teams (%(t_new)d created, %(t_kept)d kept as "
            "loaded)."
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
            "teams": self.teams_created + self.teams_kept,
            "t_new": self.teams_created,
            "t_kept": self.teams_kept,
        }


@dataclass(frozen=True)
class TeamSummary:
    """What `load_teams` did to the teams and to which team covers each LSOA."""

    source: str
    created: int
    updated: int
    unchanged: int
    lsoas_moved: int
    lsoas_without_team: int
    teams_not_in_file: int

    def __str__(self) -> str:
        return _(
            "Teams from %(source)s: %(teams)d (%(new)d created, %(upd)d updated, %(same)d "
            "unchanged); %(moved)d LSOAs changed team, %(none)d LSOAs are in no team, "
            "%(other)d teams not in the file now cover no LSOA."
        ) % {
            "source": self.source,
            "teams": self.created + self.updated + self.unchanged,
            "new": self.created,
            "upd": self.updated,
            "same": self.unchanged,
            "moved": self.lsoas_moved,
            "none": self.lsoas_without_team,
            "other": self.teams_not_in_file,
        }


class UnknownCsp(LookupError):
    """No community safety partnership matches the value given."""


def csp_reference(force_code: str | None = None) -> list[dict[str, str]]:
    """Rows of the shipped CSP reference file (core/data/csps.csv), optionally for one force."""
    path = resources.files("asbhub.core").joinpath("data", CSPS_FILE)
    with path.open("r", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [row for row in rows if force_code is None or row["force_code"] == force_code]


def shipped_teams_file(pfa_code: str) -> str:
    """The name of the shipped (illustrative) teams file of a police force area."""
    return f"teams_{pfa_code}.csv"


def load_geography(force: str = "gwent") -> GeographySummary:
    """Create or update the force's CSPs and every 2021 LSOA of its area, in one transaction;
    the first time, also its neighbourhood policing teams.

    `force` is a police.uk force identifier (e.g. `gwent`) or a PFA code. Idempotent: a row
    already matching the shipped data is left alone, so a second run changes nothing. Teams
    come from the shipped illustrative file only while none are loaded: once a force has
    teams (its own, from `load_teams`, or edited in the admin) they are kept as they are.
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
        team_counts = _load_shipped_teams(found.pfa_code)
    return GeographySummary(found, *csp_counts, *lsoa_counts, *team_counts)


def _load_shipped_teams(pfa_code: str) -> tuple[int, int]:
    """Load the shipped teams when none are loaded; return (created, kept as loaded)."""
    kept = Team.objects.count()
    path = resources.files("asbhub.core").joinpath("data", shipped_teams_file(pfa_code))
    if kept or not path.is_file():
        return 0, kept
    rows = teams.read_teams(path.read_text(encoding="utf-8"), shipped_teams_file(pfa_code))
    summary = _apply_teams(rows, shipped_teams_file(pfa_code))
    return summary.created, 0


def load_teams(text: str, source: str) -> TeamSummary:
    """Create or update the neighbourhood policing teams of a team file, and give every
    LSOA the team whose areas cover it, in one transaction.

    The file's format is described in `asbhub.core.teams`; `source` names it in messages.
    Idempotent: a second run changes nothing. LSOAs the file does not cover lose their team;
    teams missing from the file are kept (an administrator may delete them) but cover no
    LSOA. Incidents follow their LSOA's new team (`lsoa_teams_changed`).
    Raises TeamFileError, naming the line and the reason, and changes nothing, when a row
    is wrong; LookupError when no LSOAs are loaded yet.
    """
    rows = teams.read_teams(text, source)
    if not Lsoa.objects.exists():
        raise LookupError(_("No LSOAs are loaded: run `asbhub load-geography` first."))
    with transaction.atomic():
        return _apply_teams(rows, source)


def _apply_teams(rows: list[teams.TeamRow], source: str) -> TeamSummary:
    """Check the rows against the loaded geography, then write the teams and LSOA links."""
    lsoas = list(Lsoa.objects.select_related("csp").only("code", "name", "team", "csp__code"))
    plan = teams.plan_teams(
        rows, [teams.LsoaRef(x.code, x.name, x.csp.code) for x in lsoas], _csp_codes(), source
    )
    csp_ids = dict(CommunitySafetyPartnership.objects.values_list("code", "pk"))
    existing = {team.code: team for team in Team.objects.all()}
    listed = {row.code for row in plan.teams}
    names_kept = {t.name.casefold(): t for t in existing.values() if t.code not in listed}
    for row in plan.teams:
        other = names_kept.get(row.name.casefold())
        if other is not None:
            raise teams.TeamFileError(
                source,
                row.line,
                gettext_noop(
                    "“%(name)s” is the name of the team %(code)s, which the file leaves out."
                ),
                name=row.name,
                code=other.code,
            )
    created = updated = unchanged = 0
    team_ids: dict[str, int] = {}
    for row in plan.teams:
        values = {
            "name": row.name,
            "name_cy": row.name_cy,
            "csp_id": csp_ids[plan.csp_of_team[row.code]],
            "description": row.description,
        }
        team = existing.get(row.code)
        if team is not None and _matches(team, values):
            unchanged += 1
        else:
            team, was_created = Team.objects.update_or_create(code=row.code, defaults=values)
            created += was_created
            updated += not was_created
        team_ids[row.code] = team.pk
    moves: dict[int | None, list[str]] = {}
    for lsoa in lsoas:
        wanted = team_ids.get(plan.team_of_lsoa.get(lsoa.code, ""))
        if lsoa.team_id != wanted:
            moves.setdefault(wanted, []).append(lsoa.code)
    for team_id, codes in moves.items():
        Lsoa.objects.filter(code__in=codes).update(team_id=team_id)
    if moves:
        lsoa_teams_changed.send(sender=Team)
    return TeamSummary(
        source=source,
        created=created,
        updated=updated,
        unchanged=unchanged,
        lsoas_moved=sum(len(codes) for codes in moves.values()),
        lsoas_without_team=len(plan.uncovered),
        teams_not_in_file=len(set(existing) - set(team_ids)),
    )


def _csp_codes() -> dict[str, str]:
    """CSP codes keyed by every name a team file may use: code, LA code, short name."""
    codes: dict[str, str] = {}
    for code, la_code, slug in CommunitySafetyPartnership.objects.values_list(
        "code", "local_authority_code", "slug"
    ):
        for name in (code, la_code, slug):
            codes[name.casefold()] = code
    return codes


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
