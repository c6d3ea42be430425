"""The demo data generator: determinism, realism and the truth it plants."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta

from asbhub.demo import generator as demo_generator
from asbhub.demo.generator import (
    INCIDENT,
    PERSON,
    TRUTH_CASE_REVIEW,
    TRUTH_NARRATIVE_OFFENCES,
    TRUTH_REPEAT_LOCATION,
    TRUTH_SAME_PERSON,
    DemoData,
    Point,
    add_months,
    case_review_eligible,
    drama_phone,
    generate,
    is_drama_phone,
)
from asbhub.incidents.choices import AsbCategory, PartyRole, VulnerabilityFactor, subtypes_by_code
from tests.demo.conftest import STREETS, make_points

LONDON = ZoneInfo("Europe/London")
SEED = 20240


@pytest.fixture(scope="module")
def data(points: list[Point]) -> DemoData:
    return generate(points, SEED)


@pytest.fixture(scope="module")
def bigger() -> DemoData:
    """More points, for the rarer things: fireworks, weekdays, name variants."""
    return generate(make_points(3000, seed=9), 9)


def _victim_reports(data: DemoData) -> dict[int, list]:
    """Each human's incidents as a victim, in order of reporting."""
    human_of = {p.key: p.human for p in data.people}
    by_key = {i.key: i for i in data.incidents}
    reports = defaultdict(list)
    for party in data.parties:
        if party.role == PartyRole.VICTIM:
            reports[human_of[party.person_key]].append(by_key[party.incident_key])
    return {h: sorted(r, key=lambda i: i.reported_at) for h, r in reports.items()}


def _eligible_by_the_rule(reports: list) -> bool:
    """The ASB Case Review rule, written independently with dateutil."""
    counted = sorted(
        i.reported_at
        for i in reports
        if i.occurred_at is not None and i.reported_at <= i.occurred_at + relativedelta(months=1)
    )
    return any(
        counted[k + 2] <= counted[k] + relativedelta(months=6) for k in range(len(counted) - 2)
    )


def test_the_same_seed_gives_the_same_data(points: list[Point], data: DemoData) -> None:
    assert generate(points, SEED) == data


def test_the_order_of_the_points_does_not_matter(points: list[Point], data: DemoData) -> None:
    shuffled = list(points)
    random.Random(5).shuffle(shuffled)
    assert generate(shuffled, SEED) == data


def test_another_seed_gives_other_data(points: list[Point], data: DemoData) -> None:
    other = generate(points, SEED + 1)
    assert [i.narrative for i in other.incidents] != [i.narrative for i in data.incidents]


def test_points_may_be_plain_dicts() -> None:
    rows = [
        {
            "month": "2024-03",
            "longitude": "-3.0",
            "latitude": "51.6",
            "location": "On or near Frost Road",
            "lsoa21_code": "W01001440",
            "csp_code": "W14000022",
        }
    ] * 4
    result = generate(rows, 1)
    assert len(result.incidents) == 4
    assert {i.reported_at.astimezone(LONDON).month for i in result.incidents} == {3}


def test_one_incident_per_point_each_in_its_month_and_place(
    points: list[Point], data: DemoData
) -> None:
    assert len(data.incidents) == len(points)
    placed = Counter((p.month, p.longitude, p.latitude) for p in points)
    made = Counter(
        (i.reported_at.astimezone(LONDON).date().replace(day=1), i.longitude, i.latitude)
        for i in data.incidents
    )
    assert made == placed


def test_incidents_can_be_sampled_fewer_or_more(points: list[Point]) -> None:
    assert len(generate(points, 3, incidents=50).incidents) == 50
    more = generate(points[:100], 3, incidents=130)
    assert len(more.incidents) == 130
    assert {(i.longitude, i.latitude) for i in more.incidents} <= {
        (p.longitude, p.latitude) for p in points[:100]
    }


def test_no_points_give_no_data() -> None:
    assert generate([], 1).incidents == ()


def test_references_are_unique_and_follow_the_order_of_reporting(data: DemoData) -> None:
    references = [i.reference for i in sorted(data.incidents, key=lambda i: i.reported_at)]
    assert all(re.fullmatch(r"GW-2024-\d{6}", r) for r in references)
    assert references == sorted(references)
    assert len(set(references)) == len(references)
    assert references[0] == "GW-2024-000001"


def test_subtypes_come_from_the_reference_data_with_their_category(data: DemoData) -> None:
    subtypes = subtypes_by_code()
    for incident in data.incidents:
        assert subtypes[incident.subtype].category == incident.category


def test_proportions_are_realistic(data: DemoData) -> None:
    categories = Counter(i.category for i in data.incidents)
    total = len(data.incidents)
    assert categories[AsbCategory.NUISANCE] > categories[AsbCategory.PERSONAL]
    assert 0.22 < categories[AsbCategory.PERSONAL] / total < 0.40
    assert 0.02 < categories[AsbCategory.ENVIRONMENTAL] / total < 0.12
    personal = [i for i in data.incidents if i.category == AsbCategory.PERSONAL]
    others = [i for i in data.incidents if i.category != AsbCategory.PERSONAL]
    assert 0.18 < sum(1 for i in personal if i.offences) / len(personal) < 0.42
    assert sum(1 for i in others if i.offences) / len(others) < 0.09


def test_reports_peak_in_the_evening(data: DemoData) -> None:
    hours = Counter(i.reported_at.astimezone(LONDON).hour for i in data.incidents)
    evening = sum(hours[h] for h in range(17, 23))
    morning = sum(hours[h] for h in range(5, 11))
    assert evening > 2.5 * morning
    assert hours.most_common(1)[0][0] in range(16, 23)


def test_reports_peak_at_the_weekend(bigger: DemoData) -> None:
    data = bigger
    days = Counter(i.reported_at.astimezone(LONDON).weekday() for i in data.incidents)
    assert days[5] > days[1] * 1.2  # Saturdays beat Tuesdays


def test_fireworks_peak_around_bonfire_night(bigger: DemoData) -> None:
    data = bigger
    fireworks = Counter(
        i.reported_at.astimezone(LONDON).month for i in data.incidents if i.subtype == "fireworks"
    )
    assert fireworks[11] > 3 * max(fireworks[3], 1)
    november = [
        i.reported_at.astimezone(LONDON).day
        for i in data.incidents
        if i.subtype == "fireworks" and i.reported_at.astimezone(LONDON).month == 11
    ]
    assert Counter(november).most_common(1)[0][0] == 5


def test_phones_are_only_ever_in_the_drama_range(data: DemoData) -> None:
    phones = [p.phone for p in data.people if p.phone]
    assert phones
    for phone in phones:
        digits = re.sub(r"\D", "", phone)
        digits = "0" + digits[2:] if digits.startswith("44") else digits
        assert re.fullmatch(r"07700900\d{3}", digits), phone
        assert is_drama_phone(phone)
    rng = random.Random(1)
    assert all(is_drama_phone(drama_phone(rng)) for _ in range(2000))
    assert not is_drama_phone("07700 901000")


def test_people_live_on_the_real_streets_with_gwent_postcodes(data: DemoData) -> None:
    streets = {s.lower() for s in STREETS}
    with_street = [p for p in data.people if p.street and p.house]
    assert len(with_street) > len(data.people) * 0.5
    on_real = sum(1 for p in with_street if _street_root(p.street) in {_root(s) for s in streets})
    assert on_real > len(with_street) * 0.9
    for person in data.people:
        if person.postcode:
            assert re.fullmatch(r"(NP|CF)\d{1,2} ?\d[A-Z]{2}", person.postcode.upper())


def _root(street: str) -> str:
    return street.lower().split()[0]


def _street_root(street: str) -> str:
    return street.lower().replace(",", " ").split()[-2 if "/" in street else 0]


def test_every_person_record_has_its_human_in_the_truth(data: DemoData) -> None:
    same = {t.key: t.value["human"] for t in data.truths if t.kind == TRUTH_SAME_PERSON}
    assert set(same) == {p.key for p in data.people}
    assert all(same[p.key] == p.human for p in data.people)
    assert all(t.model == PERSON for t in data.truths if t.kind == TRUTH_SAME_PERSON)


def test_repeat_victims_are_recorded_anew_each_time_with_differences(data: DemoData) -> None:
    reports = _victim_reports(data)
    repeat = {h: r for h, r in reports.items() if len(r) >= 3}
    assert len(repeat) >= 8
    assert max(len(r) for r in repeat.values()) <= 12
    records_of = defaultdict(list)
    for person in data.people:
        records_of[person.human].append(person)
    differing = 0
    for human in repeat:
        records = records_of[human]
        assert len({r.key for r in records}) == len(records) >= 3
        shown = {
            (r.given_name, r.family_name, r.date_of_birth, r.flat, r.house, r.street, r.postcode)
            for r in records
        }
        differing += len(shown) > 1
    assert differing >= 0.8 * len(repeat)


def test_variations_include_nicknames_transposed_dates_and_address_formats(
    bigger: DemoData,
) -> None:
    data = bigger
    records_of = defaultdict(list)
    for person in data.people:
        records_of[person.human].append(person)
    nicknames = transposed = flats = capitals = 0
    for records in records_of.values():
        if len(records) < 2:
            continue
        given = {r.given_name.lower() for r in records if r.given_name}
        nicknames += len(given) > 1
        births = {r.date_of_birth for r in records if r.date_of_birth}
        transposed += any(
            (a.day, a.month) == (b.month, b.day) and a.year == b.year and a != b
            for a in births
            for b in births
        )
        flats += any("/" in r.house for r in records)
        capitals += any(r.family_name.isupper() for r in records)
    assert nicknames and transposed and flats and capitals


def test_case_review_truth_is_eligible_by_the_rule(data: DemoData) -> None:
    reports = _victim_reports(data)
    truths = [t for t in data.truths if t.kind == TRUTH_CASE_REVIEW]
    assert truths
    flagged = set()
    records = {p.key: p for p in data.people}
    for truth in truths:
        human = truth.value["human"]
        flagged.add(human)
        assert truth.model == PERSON
        assert records[truth.key].human == human
        assert _eligible_by_the_rule(reports[human])
        assert truth.value["incident_keys"] == [i.key for i in reports[human]]
    for human, mine in reports.items():
        if human not in flagged:
            assert not _eligible_by_the_rule(mine), human


def test_some_repeat_victims_fall_short_of_the_threshold(bigger: DemoData) -> None:
    data = bigger
    reports = _victim_reports(data)
    repeat = [h for h, r in reports.items() if len(r) >= 3]
    eligible = {t.value["human"] for t in data.truths if t.kind == TRUTH_CASE_REVIEW}
    assert eligible and set(repeat) - eligible


def test_narrative_truth_covers_every_narrative_with_something_planted(data: DemoData) -> None:
    truths = {t.key: t.value for t in data.truths if t.kind == TRUTH_NARRATIVE_OFFENCES}
    planted = {i.key for i in data.incidents if i.offences or i.traps or i.course_of_conduct}
    assert set(truths) == planted
    assert 0.2 * len(data.incidents) < len(planted) < 0.6 * len(data.incidents)
    for incident in data.incidents:
        if incident.key in truths:
            assert truths[incident.key]["offences"] == sorted(incident.offences)
            assert truths[incident.key]["subtype"] == incident.subtype
    assert any(t["traps"] and not t["offences"] for t in truths.values())
    assert any(t["course_of_conduct"] for t in truths.values())


def test_repeat_locations_are_the_repeat_victims_homes(data: DemoData) -> None:
    reports = _victim_reports(data)
    truths = [t for t in data.truths if t.kind == TRUTH_REPEAT_LOCATION]
    assert {t.value["human"] for t in truths} == {h for h, r in reports.items() if len(r) >= 3}
    by_key = {i.key: i for i in data.incidents}
    for truth in truths:
        assert truth.model == INCIDENT
        mine = [by_key[k] for k in truth.value["incident_keys"]]
        assert len(mine) >= 3 and mine[0].key == truth.key
        assert {(i.lsoa21_code, i.location) for i in mine} == {
            (truth.value["lsoa21_code"], truth.value["location"])
        }


def test_every_incident_has_consistent_parties(data: DemoData) -> None:
    roles = defaultdict(list)
    for party in data.parties:
        roles[party.incident_key].append(party.role)
    for incident in data.incidents:
        mine = roles[incident.key]
        if incident.category == AsbCategory.PERSONAL:
            assert mine.count(PartyRole.VICTIM) == 1
        else:  # only a repeat victim's nuisance reports name a victim
            assert mine.count(PartyRole.VICTIM) <= 1
        assert mine.count(PartyRole.SUSPECT) <= 1
        assert mine.count(PartyRole.REPORTER) <= 1
    assert len({(p.incident_key, p.person_key, p.role) for p in data.parties}) == len(data.parties)


def test_people_are_plausible(data: DemoData) -> None:
    factors = set(VulnerabilityFactor.values)
    for person in data.people:
        assert set(person.vulnerability_factors) <= factors
        assert person.vulnerable <= bool(person.vulnerability_factors)
        if person.date_of_birth:
            age = (person.recorded_at.date() - person.date_of_birth).days / 365.25
            assert 11 < age < 93
    assert any(p.vulnerable for p in data.people)


def test_incidents_happen_before_they_are_reported(data: DemoData) -> None:
    for incident in data.incidents:
        assert incident.reported_at.tzinfo is not None
        if incident.occurred_at is not None:
            assert incident.occurred_at <= incident.reported_at


def test_the_case_review_rule_counts_three_timely_reports_in_six_months() -> None:
    start = datetime(2024, 1, 10, 20, tzinfo=UTC)

    def report(days: int, late: int = 0) -> tuple[datetime, datetime]:
        reported = start + timedelta(days=days)
        return reported - timedelta(days=late), reported

    assert case_review_eligible([report(0), report(60), report(150)]) == start + timedelta(150)
    assert case_review_eligible([report(0), report(60), report(200)]) is None
    assert case_review_eligible([report(0), report(60), report(150, late=40)]) is None
    assert case_review_eligible([report(0), report(1)]) is None
    assert case_review_eligible([(None, start), report(1), report(2)]) is None
    assert case_review_eligible([report(0), report(1), report(2)], threshold=4) is None


def test_add_months_keeps_to_the_end_of_short_months() -> None:
    assert add_months(datetime(2024, 1, 31, 12), 1) == datetime(2024, 2, 29, 12)
    assert add_months(datetime(2024, 8, 31), 6) == datetime(2025, 2, 28)
    assert add_months(datetime(2024, 12, 1), 1) == datetime(2025, 1, 1)


def test_non_street_places_are_recognised() -> None:
    def point(location: str) -> Point:
        return Point(date(2024, 1, 1), -3.0, 51.6, location)

    assert point("On or near Frost Road").is_street
    assert not point("On or near Parking Area").is_street
    assert not point("On or near Sports/Recreation Area").is_street
    assert not point("On or near B4257").is_street
    assert not point("On or near ").is_street
    assert point("On or near Heol Y Groes").place == "Heol Y Groes"


def test_a_birthday_on_29_february_survives_every_variation() -> None:
    people = demo_generator._People(random.Random(1), date(2024, 12, 1))
    human = people.new_human(None)
    human.birth = date(2000, 2, 29)
    births = {
        people.record(human, datetime(2024, 6, 1, tzinfo=UTC), care=1.0).date_of_birth
        for _ in range(400)
    }
    assert date(2000, 2, 29) in births
    assert {date(1999, 2, 28), date(2001, 2, 28)} & births


_DIGEST = """
import dataclasses, hashlib
from asbhub.demo.generator import generate
from tests.demo.conftest import STREETS, make_points

def plain(x):
    if isinstance(x, (set, frozenset)):
        return sorted(x)
    if dataclasses.is_dataclass(x):
        return plain(dataclasses.asdict(x))
    if isinstance(x, dict):
        return {k: plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [plain(v) for v in x]
    return x

print(hashlib.sha256(repr(plain(generate(make_points(300, seed=3), 11))).encode()).hexdigest())
"""


def test_the_same_seed_gives_the_same_data_in_another_process() -> None:
    root = Path(__file__).resolve().parents[2]
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(root)}
        result = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", _DIGEST], env=env, capture_output=True, text=True, check=True
        )
        digests.add(result.stdout.strip())
    assert len(digests) == 1
