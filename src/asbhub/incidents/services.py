"""Use cases for ASB incidents: every read of personal data goes through here and is logged.

- `assess_report`: what the call handler sees while typing: the history of this victim,
  address and location, repeat and case review flags, likely crimes, the THRIVE proposal and
  the graded response deadline, and the warnings that follow.
- `record_report`: record the incident, its people, the THRIVE judgement and its history.
- `update_incident`: allocate, change status, add an update; every change in the history.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cache
from typing import Any

import shapely
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from asbhub.core import geography
from asbhub.core.audit import log_access
from asbhub.core.choices import AccessAction, AreaStatus
from asbhub.core.models import CommunitySafetyPartnership, Lsoa, Team
from asbhub.incidents import matching, repeats, thrive
from asbhub.incidents.choices import (
    MATCH_REASON_LABELS,
    NEXT_STATUSES,
    THRIVE_DIMENSIONS,
    EventKind,
    IncidentStatus,
    PartyRole,
)
from asbhub.incidents.models import (
    Incident,
    IncidentEvent,
    IncidentParty,
    Person,
    ThriveAssessment,
)

HISTORY_PURPOSE = "Contact script: history of the victim, address and location"
HISTORY_LIMIT = 25
CANDIDATE_LIMIT = 3000
WARNING_CODES = (
    "repeat_victim",
    "repeat_location",
    "case_review_threshold",
    "vulnerable_victim",
    "likely_crime",
)


# --------------------------------------------------------------------------------------
# Scope
# --------------------------------------------------------------------------------------


def incidents_visible_to(user: AbstractBaseUser) -> QuerySet[Incident]:
    """The scope function for incidents: force staff with the view permission see all.

    Partner users see none until a data sharing agreement gives their agency a scope.
    """
    if not user.is_active or not user.has_perm("incidents.view_incident"):
        return Incident.objects.none()
    return Incident.objects.all()


def may_record(user: AbstractBaseUser) -> bool:
    """True for roles that record ASB reports (call handlers and supervisors)."""
    return user.is_active and user.has_perm("incidents.add_incident")


def may_allocate(user: AbstractBaseUser) -> bool:
    """True for roles that allocate incidents (supervisors)."""
    return user.is_active and user.has_perm("incidents.allocate_incident")


def may_update(user: AbstractBaseUser, incident: Incident) -> bool:
    """Supervisors update any incident; officers only those allocated to them."""
    if not user.is_active or not user.has_perm("incidents.change_incident"):
        return False
    return may_allocate(user) or incident.allocated_to_id == user.pk


@transaction.atomic
def open_incident(
    user: AbstractBaseUser, pk: int, purpose: str, request: HttpRequest | None = None
) -> Incident:
    """Return one incident with its parties, THRIVE and history, logging the view.

    Checks the user's scope; an incident outside it raises Http404 (its existence is
    not revealed). Writes exactly one access log entry for the incident.
    """
    try:
        incident = (
            incidents_visible_to(user)
            .select_related("csp", "team", "allocated_to", "recorded_by", "thrive")
            .prefetch_related("parties__person", "events__user")
            .get(pk=pk)
        )
    except Incident.DoesNotExist:
        raise Http404 from None
    log_access(user, AccessAction.VIEW, incident, purpose, request)
    return incident


def my_incidents(user: AbstractBaseUser) -> QuerySet[Incident]:
    """The incidents allocated to the user that are not closed, due soonest first.

    The list shows references, categories, places and deadlines, not names or narratives.
    """
    return (
        incidents_visible_to(user)
        .filter(allocated_to=user)
        .exclude(status=IncidentStatus.CLOSED)
        .select_related("csp")
        .order_by("respond_by", "reported_at")
    )


def officers() -> QuerySet:
    """Active users whose role works allocated incidents (officers, supervisors)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__permissions__codename="work_incident",
            groups__permissions__content_type__app_label="incidents",
        )
        .order_by("username")
        .distinct()
    )


# --------------------------------------------------------------------------------------
# What the handler typed
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonInput:
    """A person as the handler typed them, with their part in the incident."""

    role: str
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    flat: str = ""
    house: str = ""
    street: str = ""
    town: str = ""
    postcode: str = ""
    phone: str = ""
    gender: str = "not_known"
    vulnerable: bool = False
    vulnerability_factors: tuple[str, ...] = ()
    vulnerability_notes: str = ""

    @property
    def is_empty(self) -> bool:
        """True when nothing identifying was typed."""
        return not any(
            (
                self.given_name,
                self.family_name,
                self.date_of_birth,
                self.house,
                self.street,
                self.postcode,
                self.phone,
            )
        )

    def as_match_record(self) -> matching.PersonRecord:
        """The fields the matcher reads."""
        return matching.PersonRecord(
            given_name=self.given_name,
            family_name=self.family_name,
            date_of_birth=self.date_of_birth,
            flat=self.flat,
            house=self.house,
            street=self.street,
            town=self.town,
            postcode=self.postcode,
            phone=self.phone,
        )


@dataclass(frozen=True)
class ThriveDecision:
    """The handler's level and reason for one dimension (blank: accept the proposal)."""

    level: str = ""
    reason: str = ""


@dataclass(frozen=True)
class ReportInput:
    """An ASB report as captured by the contact script."""

    channel: str
    category: str
    narrative: str
    subtype: str = ""
    reported_at: datetime | None = None
    occurred_at: datetime | None = None
    location: str = ""
    longitude: float | None = None
    latitude: float | None = None
    victim_targeted: bool | None = None
    happened_before: bool | None = None
    victim_vulnerable: bool | None = None
    hate_motivated: bool | None = None
    children_involved: bool | None = None
    risk_now: bool | None = None
    people: tuple[PersonInput, ...] = ()
    thrive: dict[str, ThriveDecision] = field(default_factory=dict)
    grade: int | None = None
    victim_reported: bool = False  # the victim is also the person reporting

    @property
    def victim(self) -> PersonInput | None:
        """The victim, else the reporter, else None."""
        for role in (PartyRole.VICTIM, PartyRole.REPORTER):
            for person in self.people:
                if person.role == role and not person.is_empty:
                    return person
        return None


# --------------------------------------------------------------------------------------
# Where
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where the incident happened, resolved to a 2021 LSOA, a CSP and a neighbourhood team."""

    longitude: float | None
    latitude: float | None
    lsoa21_code: str
    lsoa_name: str
    csp: CommunitySafetyPartnership | None
    in_force: bool
    located_by: str  # "point", "street" or ""
    rural: bool = False
    team: Team | None = None


@cache
def _force_code() -> str:
    return geography.lookup_force(settings.ASBHUB_FORCE).pfa_code


def _street_of(location: str) -> str:
    """The street part of a typed location: "Flat 2, 14 Heol Pant, Newport" → "Heol Pant"."""
    first = [part.strip() for part in location.split(",") if part.strip()]
    for part in first:
        words = [w for w in part.split() if not any(ch.isdigit() for ch in w)]
        if words and words[0].lower() not in ("flat", "apartment", "unit"):
            return " ".join(words)
    return ""


def locate_street(location: str) -> tuple[float, float] | None:
    """A point for a typed address from the police.uk points "On or near" its street.

    The median of the street's published points: police.uk snaps locations to a few
    anonymous points per street, so this places the street, not the house.
    """
    from asbhub.opendata.models import StreetRecord

    street = _street_of(location)
    if len(street) < 4:
        return None
    rows = list(
        StreetRecord.objects.filter(
            location__iexact=f"On or near {street}", longitude__isnull=False
        ).values_list("longitude", "latitude")[:500]
    )
    if not rows:
        return None
    return (
        statistics.median(lon for lon, _lat in rows),
        statistics.median(lat for _lon, lat in rows),
    )


@cache
def _lsoa_facts(code: str) -> tuple[str, float | None, float | None]:
    """An LSOA's name, residents and area in km² (area from its boundary in BNG metres)."""
    lsoa = Lsoa.objects.filter(code=code).only("name", "population", "boundary").first()
    if lsoa is None:
        return "", None, None
    shape = shapely.geometry.shape(lsoa.boundary)
    projected = shapely.transform(shape, lambda xy: _to_bng_array(xy))
    return lsoa.name, lsoa.population, projected.area / 1_000_000


def _to_bng_array(xy: Any) -> Any:
    import numpy as np

    eastings, northings = geography.to_bng(xy[:, 0], xy[:, 1])
    return np.column_stack([eastings, northings])


def resolve_place(longitude: float | None, latitude: float | None, location: str) -> Place:
    """Resolve a point (or, without one, the typed street) to an LSOA and a CSP."""
    located_by = "point" if longitude is not None and latitude is not None else ""
    if not located_by and location:
        found = locate_street(location)
        if found is not None:
            longitude, latitude = found
            located_by = "street"
    if not located_by:
        return Place(None, None, "", "", None, False, "")
    resolver = geography.AreaResolver.from_shipped(_force_code())
    area = resolver.resolve("", longitude, latitude)
    csp = (
        CommunitySafetyPartnership.objects.filter(code=area.csp_code).first()
        if area.csp_code
        else None
    )
    name, residents, area_km2 = (
        _lsoa_facts(area.lsoa21_code) if area.lsoa21_code else ("", None, None)
    )
    team = (
        Team.objects.filter(lsoas__code=area.lsoa21_code).select_related("csp").first()
        if area.lsoa21_code
        else None
    )
    table = thrive.shipped_response_table(settings.ASBHUB_FORCE)
    return Place(
        longitude,
        latitude,
        area.lsoa21_code,
        name,
        csp,
        area.area == AreaStatus.IN_FORCE,
        located_by,
        thrive.is_rural(residents, area_km2, table),
        team,
    )


def assign_teams() -> int:
    """Give every incident the neighbourhood policing team whose area covers its LSOA.

    Called when LSOAs change team (core's `lsoa_teams_changed`), so counts by team follow
    the teams as the force now draws them. Touches only the team link, which is no personal
    data, so it writes no access log. Returns how many incidents changed team.
    """
    codes_by_team: dict[int | None, list[str]] = {}
    for code, team_id in Lsoa.objects.values_list("code", "team_id"):
        codes_by_team.setdefault(team_id, []).append(code)
    changed = 0
    for team_id, codes in codes_by_team.items():
        if team_id is not None:
            changed += (
                Incident.objects.filter(lsoa21_code__in=codes)
                .exclude(team_id=team_id)
                .update(team_id=team_id)
            )
    covered = [code for team_id, codes in codes_by_team.items() if team_id for code in codes]
    changed += (
        Incident.objects.filter(team__isnull=False)
        .exclude(lsoa21_code__in=covered)
        .update(team=None)
    )
    return changed


# --------------------------------------------------------------------------------------
# History, repeats and warnings
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PastIncident:
    """An earlier incident in the history panel: no narrative, the names as recorded."""

    pk: int
    reference: str
    reported_at: datetime
    occurred_at: datetime | None
    category: str
    category_label: str
    status_label: str
    location: str
    role_label: str = ""
    name: str = ""
    score: float | None = None
    reasons: tuple[str, ...] = ()
    distance_metres: float | None = None

    @property
    def reason_labels(self) -> list[str]:
        """Why the record matched, in words (strongest evidence first)."""
        return [str(MATCH_REASON_LABELS.get(code, code)) for code in self.reasons]


@dataclass(frozen=True)
class Warning:
    """A warning for the handler (and the API): a stable code and a sentence."""

    code: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "detail": self.detail}


@dataclass(frozen=True)
class Assessment:
    """Everything the live panel shows about a report as it is typed."""

    reported_at: datetime
    place: Place
    victim_history: tuple[PastIncident, ...]
    address_history: tuple[PastIncident, ...]
    location_history: tuple[PastIncident, ...]
    matched_people: int
    repeat_victim: repeats.RepeatCount
    repeat_location: repeats.RepeatCount
    case_review: repeats.CaseReview
    screening: Any  # asbhub.integrity.screening.Screening, or None without a narrative
    answers: thrive.Answers
    proposal: thrive.Proposal
    grade: int
    grade_reason: str
    respond_by: datetime
    response: thrive.ResponseGrade
    warnings: tuple[Warning, ...]
    vulnerable_before: bool = False

    @property
    def warning_codes(self) -> tuple[str, ...]:
        return tuple(w.code for w in self.warnings)


def _window_start(moment: datetime, months: int) -> datetime:
    return repeats.add_months(moment, -months)


def _past(
    incident: Incident,
    *,
    role: str = "",
    name: str = "",
    score: float | None = None,
    reasons: tuple[str, ...] = (),
    distance: float | None = None,
) -> PastIncident:
    return PastIncident(
        pk=incident.pk,
        reference=incident.reference,
        reported_at=incident.reported_at,
        occurred_at=incident.occurred_at,
        category=incident.category,
        category_label=str(incident.get_category_display()),
        status_label=str(incident.get_status_display()),
        location=incident.location,
        role_label=str(PartyRole(role).label) if role else "",
        name=name,
        score=score,
        reasons=reasons,
        distance_metres=distance,
    )


def _parties_in_scope(user: AbstractBaseUser) -> QuerySet[IncidentParty]:
    """Parties to incidents in the user's scope.

    The scope is all incidents or none today, so the filter is a check, not a join (a join
    on the scope's subquery makes SQLite scan); a partial scope would filter here.
    """
    if incidents_visible_to(user).query.is_empty():
        return IncidentParty.objects.none()
    return IncidentParty.objects.all()


def _one_row_per_incident(
    parties: list[tuple[IncidentParty, dict[str, Any]]],
) -> tuple[PastIncident, ...]:
    """One history row per incident (newest first), its parts joined: "Reporter, Victim"."""
    rows: dict[int, tuple[IncidentParty, dict[str, Any], list[str]]] = {}
    for party, extra in parties:
        if party.incident_id not in rows:
            if len(rows) >= HISTORY_LIMIT:
                continue
            rows[party.incident_id] = (party, extra, [])
        roles = rows[party.incident_id][2]
        label = str(PartyRole(party.role).label)
        if label not in roles:
            roles.append(label)
    return tuple(
        replace(_past(party.incident, **extra), role_label=", ".join(roles))
        for party, extra, roles in rows.values()
    )


def find_people(query: matching.PersonRecord) -> list[tuple[Person, matching.Comparison]]:
    """Recorded people who may be the person typed, best first (matches and possibles)."""
    keys = matching.query_keys(query)
    if not keys:
        return []
    candidates = list(Person.objects.filter(match_keys__key__in=keys).distinct()[:CANDIDATE_LIMIT])
    by_id = {p.pk: p for p in candidates}
    found = matching.best_matches(query, (p.as_match_record() for p in candidates))
    return [(by_id[m.key], m.comparison) for m in found]  # type: ignore[index]


def _victim_history(
    user: AbstractBaseUser, victim: PersonInput | None, since: datetime, until: datetime
) -> tuple[list[tuple[IncidentParty, matching.Comparison]], bool]:
    """Parties of matched people in incidents reported in the window, and any vulnerability."""
    if victim is None or not (victim.family_name or victim.given_name):
        return [], False
    matches = find_people(victim.as_match_record())
    if not matches:
        return [], False
    by_person = {person.pk: comparison for person, comparison in matches}
    parties = list(
        _parties_in_scope(user)
        .filter(
            person_id__in=by_person,
            incident__reported_at__gte=since,
            incident__reported_at__lte=until,
        )
        .select_related("incident", "person")
        .order_by("-incident__reported_at")
    )
    vulnerable = any(
        party.person.vulnerable and by_person[party.person_id].is_match for party in parties
    )
    return [(party, by_person[party.person_id]) for party in parties], vulnerable


def _address_history(
    user: AbstractBaseUser, victim: PersonInput | None, since: datetime, until: datetime
) -> list[IncidentParty]:
    """Parties at the typed address (same house and street) in incidents in the window."""
    if victim is None:
        return []
    address = matching.parse_address(victim.flat, victim.house, victim.street, victim.postcode)
    keys = {f"a:{address.key}"} if address.key else set()
    if address.flat and address.house and address.street:
        keys.add(f"a:{address.house} {address.street}")
    if not keys:
        return []
    return list(
        _parties_in_scope(user)
        .filter(
            person__match_keys__key__in=keys,
            incident__reported_at__gte=since,
            incident__reported_at__lte=until,
        )
        .select_related("incident", "person")
        .order_by("-incident__reported_at")
        .distinct()[:200]
    )


def _location_history(
    user: AbstractBaseUser, place: Place, radius: float, since: datetime, until: datetime
) -> list[tuple[Incident, float]]:
    """Incidents within `radius` metres of the point, reported in the window, nearest first."""
    if place.longitude is None or place.latitude is None or radius <= 0:
        return []
    min_lon, max_lon, min_lat, max_lat = repeats.bounding_box(
        place.longitude, place.latitude, radius
    )
    nearby = incidents_visible_to(user).filter(
        latitude__range=(min_lat, max_lat),
        longitude__range=(min_lon, max_lon),
        reported_at__gte=since,
        reported_at__lte=until,
    )[:500]
    found = []
    for incident in nearby:
        distance = repeats.distance_metres(
            place.longitude, place.latitude, incident.longitude, incident.latitude
        )
        if distance <= radius:
            found.append((incident, distance))
    found.sort(key=lambda pair: (pair[1], -pair[0].reported_at.timestamp()))
    return found


def _screen(narrative: str, report: ReportInput) -> Any:
    """The integrity screening of the narrative (likely crimes with evidence), or None."""
    if not narrative.strip():
        return None
    from asbhub.integrity import screening

    answers = {
        "hate_motivated": bool(report.hate_motivated),
        "happened_before": bool(report.happened_before),
        "victim_targeted": bool(report.victim_targeted),
    }
    return screening.screen(narrative, answers)


def _vulnerable(report: ReportInput) -> bool:
    victim = report.victim
    return bool(report.victim_vulnerable) or bool(
        victim is not None and (victim.vulnerable or victim.vulnerability_factors)
    )


def assess_report(
    user: AbstractBaseUser,
    report: ReportInput,
    *,
    now: datetime | None = None,
    request: HttpRequest | None = None,
    log: bool = True,
) -> Assessment:
    """Work out the history, repeats, likely crimes, THRIVE proposal and deadline of a report.

    The time windows end at the report's time (`report.reported_at`, else `now`). Reads
    only incidents in the user's scope. Writes one access log entry (a search) for each
    person shown as a possible match, when `log` is true.
    """
    now = now or timezone.now()
    reported_at = report.reported_at or now
    rules = repeats.shipped_rules()
    place = resolve_place(report.longitude, report.latitude, report.location)
    victim = report.victim

    victim_months = max(rules.repeat_victim.months, 12)
    since = _window_start(reported_at, victim_months)
    victim_parties, vulnerable_before = _victim_history(user, victim, since, reported_at)
    address_parties = _address_history(user, victim, _window_start(reported_at, 12), reported_at)
    location_rule = rules.repeat_location
    nearby = _location_history(
        user,
        place,
        location_rule.radius_metres,
        _window_start(reported_at, max(location_rule.months, 12)),
        reported_at,
    )

    # Repeat victim: this report plus the earlier ones where a matched person was the victim.
    victim_incidents = {
        party.incident_id: party.incident
        for party, comparison in victim_parties
        if comparison.is_match and party.role == PartyRole.VICTIM
    }
    times = [i.reported_at for i in victim_incidents.values()] + [reported_at]
    repeat_victim = repeats.count_recent(times, rules.repeat_victim, now=reported_at)
    case_rule = rules.case_review_for(place.csp.code if place.csp else None)
    reports = [(i.occurred_at, i.reported_at) for i in victim_incidents.values()]
    reports.append((report.occurred_at or reported_at, reported_at))
    case = repeats.case_review(reports, case_rule, now=reported_at)
    location_times = [incident.reported_at for incident, _d in nearby] + [reported_at]
    repeat_location = repeats.count_recent(location_times, location_rule, now=reported_at)

    screening_result = _screen(report.narrative, report)
    crime_groups = tuple(screening_result.groups) if screening_result else ()
    suspect_known = any(p.role == PartyRole.SUSPECT and not p.is_empty for p in report.people)
    vulnerable = _vulnerable(report) or vulnerable_before
    answers = thrive.Answers(
        category=report.category,
        channel=report.channel,
        targeted=bool(report.victim_targeted),
        happened_before=bool(report.happened_before),
        vulnerable=vulnerable,
        hate_motivated=bool(report.hate_motivated),
        children_involved=bool(report.children_involved),
        risk_now=bool(report.risk_now),
        suspect_known=suspect_known,
        repeat_victim=repeat_victim.met,
        repeat_location=repeat_location.met,
        case_review_threshold=case.met,
        crime_groups=crime_groups,
    )
    proposal = thrive.propose(answers)
    decided = decided_levels(proposal, report.thrive)
    grade_proposal = thrive.propose_grade(answers, decided)
    grade = report.grade or grade_proposal.grade
    table = thrive.shipped_response_table(settings.ASBHUB_FORCE)
    due = thrive.deadline(grade, reported_at, table, rural=place.rural)
    language = translation.get_language()

    warnings = _warnings(
        repeat_victim, repeat_location, case, vulnerable, screening_result, report, place
    )
    victim_history = _one_row_per_incident(
        [
            (party, dict(name=party.person.full_name, score=c.score, reasons=c.reasons))
            for party, c in victim_parties
        ]
    )
    address_history = _one_row_per_incident([(party, {}) for party in address_parties])
    location_history = tuple(
        _past(incident, distance=round(distance)) for incident, distance in nearby[:HISTORY_LIMIT]
    )
    shown_ids = {row.pk for row in victim_history}
    shown_people = {party.person for party, _c in victim_parties if party.incident_id in shown_ids}
    if log:
        for person in sorted(shown_people, key=lambda p: p.pk):
            log_access(user, AccessAction.SEARCH, person, HISTORY_PURPOSE, request)
    return Assessment(
        reported_at=reported_at,
        place=place,
        victim_history=victim_history,
        address_history=address_history,
        location_history=location_history,
        matched_people=len({party.person_id for party, _c in victim_parties}),
        repeat_victim=repeat_victim,
        repeat_location=repeat_location,
        case_review=case,
        screening=screening_result,
        answers=answers,
        proposal=proposal,
        grade=grade,
        grade_reason=(
            grade_proposal.reason.text(language)
            if not report.grade or report.grade == grade_proposal.grade
            else _("Decided by the call handler.")
        ),
        respond_by=due,
        response=table.grade(grade),
        warnings=warnings,
        vulnerable_before=vulnerable_before,
    )


def decided_levels(
    proposal: thrive.Proposal, decisions: dict[str, ThriveDecision]
) -> dict[str, str]:
    """The handler's level where they chose one, else the proposed level."""
    return {
        item.dimension: (decisions.get(item.dimension) or ThriveDecision()).level or item.level
        for item in proposal.levels
    }


def _warnings(
    repeat_victim: repeats.RepeatCount,
    repeat_location: repeats.RepeatCount,
    case: repeats.CaseReview,
    vulnerable: bool,
    screening_result: Any,
    report: ReportInput,
    place: Place,
) -> tuple[Warning, ...]:
    found = []
    if repeat_victim.met:
        found.append(
            Warning(
                "repeat_victim",
                _(
                    "Repeat victim: %(count)d reports as victim in the last %(months)d months, "
                    "this one included."
                )
                % {"count": repeat_victim.count, "months": repeat_victim.months},
            )
        )
    if case.met:
        found.append(
            Warning(
                "case_review_threshold",
                _(
                    "The ASB Case Review threshold is met: %(counted)d reports in %(months)d "
                    "months, each made within %(within)d month(s) of the incident. Tell the "
                    "victim they can ask for a case review."
                )
                % {
                    "counted": case.counted,
                    "months": case.rule.window_months,
                    "within": case.rule.reported_within_months,
                },
            )
        )
    if vulnerable:
        found.append(
            Warning(
                "vulnerable_victim",
                _("The victim is vulnerable, or was recorded as vulnerable before."),
            )
        )
    if repeat_location.met:
        found.append(
            Warning(
                "repeat_location",
                _(
                    "Repeat location: %(count)d incidents within %(radius)d metres in the "
                    "last %(months)d months, this one included."
                )
                % {
                    "count": repeat_location.count,
                    "radius": round(repeats.shipped_rules().repeat_location.radius_metres),
                    "months": repeat_location.months,
                },
            )
        )
    if screening_result:
        labels = ", ".join(offence.label for offence in screening_result)
        found.append(
            Warning(
                "likely_crime",
                _(
                    "The account may describe a crime (%(offences)s): decide whether to "
                    "record it within 24 hours."
                )
                % {"offences": labels},
            )
        )
    return tuple(found)


# --------------------------------------------------------------------------------------
# Recording
# --------------------------------------------------------------------------------------


class NotAllowed(PermissionDenied):
    """The user's role may not do this."""


def _next_reference(year: int) -> str:
    prefix = f"{settings.ASBHUB_FORCE[:2].upper()}-{year}-"
    last = (
        Incident.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:06d}"


def _thrive_fields(
    proposal: thrive.Proposal, decisions: dict[str, ThriveDecision]
) -> dict[str, str]:
    language = translation.get_language()
    fields = {}
    for item in proposal.levels:
        decision = decisions.get(item.dimension) or ThriveDecision()
        if decision.level:
            level, reason = decision.level, decision.reason.strip()
            if not reason and decision.level == item.level:
                reason = " ".join(r.text(language) for r in item.reasons)
        else:
            level, reason = item.level, " ".join(r.text(language) for r in item.reasons)
        fields[item.dimension] = level
        fields[f"{item.dimension}_reason"] = reason
    return fields


def record_report(
    user: AbstractBaseUser,
    report: ReportInput,
    *,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> tuple[Incident, Assessment]:
    """Record an ASB report: the incident, its people, the THRIVE judgement and a history entry.

    Checks the user may record (call handler or supervisor): NotAllowed otherwise. Where the
    handler left a THRIVE level blank the proposal is recorded with its reasons; a level
    they changed needs their reason (ValueError without one). One transaction; writes an
    access log entry for the incident and for each person created.
    """
    if not may_record(user):
        raise NotAllowed(_("Your role may not record ASB reports."))
    now = now or timezone.now()
    for dimension, decision in report.thrive.items():
        if dimension not in thrive.DIMENSIONS:
            raise ValueError(f"Unknown THRIVE dimension {dimension!r}")
        if decision.level and decision.level not in thrive.LEVELS:
            raise ValueError(f"Unknown THRIVE level {decision.level!r}")
    assessment = assess_report(user, report, now=now, request=request, log=False)
    for item in assessment.proposal.levels:
        decision = report.thrive.get(item.dimension)
        if (
            decision
            and decision.level
            and decision.level != item.level
            and not decision.reason.strip()
        ):
            raise ValueError(
                _("Give a reason for the %(dimension)s level you chose.")
                % {"dimension": str(dict(THRIVE_DIMENSIONS)[item.dimension]).lower()}
            )
    reported_at = assessment.reported_at
    place = assessment.place
    for _attempt in range(5):
        try:
            with transaction.atomic():
                incident = _create(user, report, assessment, reported_at, place, now, request)
            break
        except IntegrityError:
            continue  # another handler took the reference: number again
    else:
        raise RuntimeError("Could not allocate an incident reference")
    return incident, assessment


def _create(
    user: AbstractBaseUser,
    report: ReportInput,
    assessment: Assessment,
    reported_at: datetime,
    place: Place,
    now: datetime,
    request: HttpRequest | None,
) -> Incident:
    local_year = timezone.localtime(reported_at).year
    incident = Incident.objects.create(
        reference=_next_reference(local_year),
        reported_at=reported_at,
        occurred_at=report.occurred_at,
        channel=report.channel,
        category=report.category,
        subtype=report.subtype,
        narrative=report.narrative,
        location=report.location,
        longitude=place.longitude,
        latitude=place.latitude,
        lsoa21_code=place.lsoa21_code,
        csp=place.csp,
        team=place.team,
        victim_targeted=report.victim_targeted,
        happened_before=report.happened_before,
        victim_vulnerable=report.victim_vulnerable,
        hate_motivated=report.hate_motivated,
        children_involved=report.children_involved,
        risk_now=report.risk_now,
        grade=assessment.grade,
        respond_by=assessment.respond_by,
        recorded_by=user if user.is_authenticated else None,
    )
    log_access(user, AccessAction.CREATE, incident, "Recorded an ASB report", request)
    for person_input in report.people:
        if person_input.is_empty:
            continue
        person = Person.objects.create(
            given_name=person_input.given_name,
            family_name=person_input.family_name,
            gender=person_input.gender or "not_known",
            date_of_birth=person_input.date_of_birth,
            flat=person_input.flat,
            house=person_input.house,
            street=person_input.street,
            town=person_input.town,
            postcode=person_input.postcode,
            phone=person_input.phone,
            vulnerable=person_input.vulnerable
            or (person_input.role == PartyRole.VICTIM and bool(report.victim_vulnerable)),
            vulnerability_factors=list(person_input.vulnerability_factors),
            vulnerability_notes=person_input.vulnerability_notes,
            created_at=now,
        )
        log_access(user, AccessAction.CREATE, person, "Recorded a person in an ASB report", request)
        IncidentParty.objects.create(incident=incident, person=person, role=person_input.role)
        if person_input.role == PartyRole.VICTIM and report.victim_reported:
            IncidentParty.objects.create(incident=incident, person=person, role=PartyRole.REPORTER)
    ThriveAssessment.objects.create(
        incident=incident,
        proposal={
            **assessment.proposal.as_dict(translation.get_language()),
            "warnings": [w.as_dict() for w in assessment.warnings],
        },
        assessed_by=user if user.is_authenticated else None,
        assessed_at=now,
        **_thrive_fields(assessment.proposal, report.thrive),
    )
    _event(
        incident,
        user,
        EventKind.RECORDED,
        {
            "status": [None, incident.status],
            "grade": [None, incident.grade],
            "respond_by": [None, incident.respond_by.isoformat()],
        },
        at=now,
    )
    return incident


def _event(
    incident: Incident,
    user: AbstractBaseUser | None,
    kind: str,
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
    *,
    at: datetime | None = None,
) -> IncidentEvent:
    known = user if user is not None and user.is_authenticated else None
    return IncidentEvent.objects.create(
        incident=incident,
        at=at or timezone.now(),
        user=known,
        username=known.get_username() if known else "system",
        kind=kind,
        changes=changes or {},
        note=note,
    )


# --------------------------------------------------------------------------------------
# Lifecycle
# --------------------------------------------------------------------------------------


class InvalidChange(ValueError):
    """The change is not allowed from the incident's current state."""


_UNSET: Any = object()


@transaction.atomic
def update_incident(
    user: AbstractBaseUser,
    pk: int,
    *,
    status: str | None = None,
    allocated_to: Any = _UNSET,
    grade: int | None = None,
    note: str = "",
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Incident:
    """Allocate, change the status or grade of, or add an update to an incident.

    Checks, in order: the incident is in the user's scope (Http404); the user may update it
    (supervisors any, officers those allocated to them: NotAllowed); allocating and closing
    need the supervisor's permissions (NotAllowed); the status change follows the lifecycle
    (InvalidChange). Writes one history entry per kind of change and one access log entry.
    """
    now = now or timezone.now()
    try:
        incident = incidents_visible_to(user).select_for_update().get(pk=pk)
    except Incident.DoesNotExist:
        raise Http404 from None
    if not may_update(user, incident):
        raise NotAllowed(_("Only a supervisor or the officer it is allocated to may update it."))
    changed_fields: list[str] = []

    if (
        allocated_to is not _UNSET
        and (allocated_to.pk if allocated_to else None) != incident.allocated_to_id
    ):
        if not may_allocate(user):
            raise NotAllowed(_("Only a supervisor may allocate incidents."))
        if allocated_to is not None and not allocated_to.has_perm("incidents.work_incident"):
            raise InvalidChange(_("Incidents are allocated to officers."))
        before = incident.allocated_to.get_username() if incident.allocated_to else None
        incident.allocated_to = allocated_to
        changed_fields.append("allocated_to")
        new_status = incident.status
        if allocated_to is not None and incident.status == IncidentStatus.OPEN:
            new_status = IncidentStatus.ALLOCATED
        elif allocated_to is None and incident.status == IncidentStatus.ALLOCATED:
            new_status = IncidentStatus.OPEN
        changes: dict[str, list[Any]] = {
            "allocated_to": [before, allocated_to.get_username() if allocated_to else None]
        }
        if new_status != incident.status:
            changes["status"] = [incident.status, new_status]
            incident.status = new_status
            changed_fields.append("status")
        _event(incident, user, EventKind.ALLOCATED, changes, at=now)

    if status and status != incident.status:
        if status not in NEXT_STATUSES.get(incident.status, ()):
            raise InvalidChange(
                _("An incident cannot go from %(before)s to %(after)s.")
                % {
                    "before": IncidentStatus(incident.status).label,
                    "after": IncidentStatus(status).label,
                }
            )
        if (
            status == IncidentStatus.CLOSED or incident.status == IncidentStatus.CLOSED
        ) and not user.has_perm("incidents.close_incident"):
            raise NotAllowed(_("Only a supervisor may close or reopen incidents."))
        if status == IncidentStatus.ALLOCATED and incident.allocated_to_id is None:
            raise InvalidChange(_("Allocate the incident to an officer first."))
        _event(incident, user, EventKind.STATUS, {"status": [incident.status, status]}, at=now)
        incident.status = status
        changed_fields.append("status")

    if grade and grade != incident.grade:
        if not may_allocate(user):
            raise NotAllowed(_("Only a supervisor may change the graded response."))
        table = thrive.shipped_response_table(settings.ASBHUB_FORCE)
        due = thrive.deadline(grade, incident.reported_at, table)
        _event(
            incident,
            user,
            EventKind.UPDATED,
            {
                "grade": [incident.grade, grade],
                "respond_by": [
                    incident.respond_by.isoformat() if incident.respond_by else None,
                    due.isoformat(),
                ],
            },
            at=now,
        )
        incident.grade, incident.respond_by = grade, due
        changed_fields += ["grade", "respond_by"]

    if note.strip():
        _event(incident, user, EventKind.NOTE, note=note.strip(), at=now)

    if changed_fields:
        incident.save(update_fields=sorted(set(changed_fields)))
    if changed_fields or note.strip():
        log_access(user, AccessAction.CHANGE, incident, "Updated an ASB incident", request)
    return incident


# --------------------------------------------------------------------------------------
# Lists (no personal data)
# --------------------------------------------------------------------------------------


def filter_incidents(
    user: AbstractBaseUser,
    *,
    reported_from: date | None = None,
    reported_to: date | None = None,
    csp: str = "",
    category: str = "",
    grade: int | None = None,
    status: str = "",
) -> QuerySet[Incident]:
    """Incidents in the user's scope, filtered; newest first. Lists carry no personal data."""
    found = incidents_visible_to(user).select_related("csp")
    if reported_from:
        found = found.filter(reported_at__date__gte=reported_from)
    if reported_to:
        found = found.filter(reported_at__date__lte=reported_to)
    if csp:
        found = found.filter(Q(csp__code__iexact=csp) | Q(csp__slug__iexact=csp))
    if category:
        found = found.filter(category=category)
    if grade:
        found = found.filter(grade=grade)
    if status:
        found = found.filter(status=status)
    return found.order_by("-reported_at", "-id")


TRICKLE = 0.1  # of the median month's incidents: fewer make a month a trickle, not data


def latest_incident_month() -> date | None:
    """The first day of the latest month of incident data (local time), or None.

    A month with fewer than a tenth of the median month's incidents is a trickle, not a
    month of data: the first days of the current month, or a few incidents recorded long
    after the rest (the demo's live intake, received months after its data ends). Analyses
    that end with "the latest month of data" stop before such a trickle, so their periods
    are not stretched over months with no data. Counts incidents; reads no personal data.
    """
    zone = timezone.get_current_timezone()
    rows = (
        Incident.objects.order_by()
        .annotate(month=TruncMonth("reported_at", tzinfo=zone))
        .values("month")
        .annotate(count=Count("pk"))
        .values_list("month", "count")
    )
    counts = {timezone.localtime(month, zone).date(): count for month, count in rows}
    if not counts:
        return None
    floor = TRICKLE * statistics.median(counts.values())
    return max(month for month, count in counts.items() if count >= floor)


def lsoa_outlines(csp_codes: Sequence[str] | None = None) -> dict[str, Any]:
    """The force's LSOA outlines as a simplified GeoJSON FeatureCollection for the map."""
    return _lsoa_outlines(tuple(csp_codes or ()))


@cache
def _lsoa_outlines(csp_codes: tuple[str, ...]) -> dict[str, Any]:
    rows = Lsoa.objects.select_related("csp").only("code", "name", "boundary", "csp__code")
    if csp_codes:
        rows = rows.filter(csp__code__in=csp_codes)
    features = []
    for lsoa in rows:
        shape = shapely.geometry.shape(lsoa.boundary).simplify(0.0004, preserve_topology=True)
        features.append(
            {
                "type": "Feature",
                "geometry": shapely.geometry.mapping(shape),
                "properties": {"code": lsoa.code, "name": lsoa.name},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def clear_caches() -> None:
    """Forget cached LSOA facts and outlines (after the geography is reloaded)."""
    _lsoa_facts.cache_clear()
    _lsoa_outlines.cache_clear()
    _force_code.cache_clear()
