"""Synthetic, seeded, realistic ASB incidents and people over real police.uk ASB points.

Pure: plain point records and a seed in, plain dataclasses out; no ORM, no clock, no global
randomness. The same points and seed always give the same data.

Every incident sits on one real police.uk ASB point (month, coordinates, street, LSOA, CSP).
The generator invents everything else: when in the month it was reported (evening and
weekend peaks, Halloween, bonfire night and New Year for fireworks), how, its subtype, a
narrative, and the people. It also plants truth for later features to be measured against:

- the offence groups each narrative describes (`narrative_offences`);
- which person records are the same human (`same_person`): repeat victims report 3-10
  times, each time as a new record with realistic differences (Bob for Robert, Dafydd for
  David, a surname in capitals, a transposed date of birth, "2/14 heol pant" for
  "Flat 2, 14 Heol Pant"), and their neighbours and local youths turn up as suspects again;
- victims who meet the ASB Case Review threshold (`case_review_eligible`);
- the places those repeat victims report again and again (`repeat_location`).

`live_intake` makes a small batch the same way and moves it into the hours before a given
moment, so the demo has incidents arriving as it runs, with their 24-hour reviews running.

Names come from `data/names.csv`, towns and postcode districts from `data/towns.csv`; phone
numbers only from Ofcom's drama range 07700 900000-900999.
"""

from __future__ import annotations

import calendar
import csv
import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from asbhub.demo import narratives
from asbhub.incidents.choices import asb_subtypes

DATA_DIR = Path(__file__).resolve().parent / "data"
LONDON = ZoneInfo("Europe/London")
ON_OR_NEAR = "On or near "

GENERIC_PLACES = frozenset(
    {
        "",
        "Parking Area",
        "Supermarket",
        "Shopping Area",
        "Sports/Recreation Area",
        "Petrol Station",
        "Police Station",
        "Bus/Coach Station",
        "Park/Open Space",
        "Nightclub",
        "Theatre/Concert Hall",
        "Hospital",
        "No Location",
        "Motorway Service Area",
        "Further/Higher Educational Building",
        "Conference/Exhibition Centre",
        "Airport/Airfield",
        "Prison",
        "Pedestrian Subway",
    }
)

TRUTH_NARRATIVE_OFFENCES = "narrative_offences"
TRUTH_SAME_PERSON = "same_person"
TRUTH_CASE_REVIEW = "case_review_eligible"
TRUTH_REPEAT_LOCATION = "repeat_location"

PERSON = "incidents.person"
INCIDENT = "incidents.incident"


# --------------------------------------------------------------------------------------
# Inputs and outputs
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One police.uk ASB record: the month and the anonymised place it was published at."""

    month: date
    longitude: float
    latitude: float
    location: str
    lsoa21_code: str = ""
    csp_code: str = ""

    @property
    def place(self) -> str:
        """The location without police.uk's "On or near " prefix."""
        text = self.location.strip()
        prefix = ON_OR_NEAR.strip()
        return text[len(prefix) :].strip() if text.startswith(prefix) else text

    @property
    def is_street(self) -> bool:
        """True when the place is a street people can live on (not a car park, not a road)."""
        place = self.place
        if place in GENERIC_PLACES or "/" in place or place.endswith("Station"):
            return False
        return not (len(place) >= 2 and place[0] in "ABM" and place[1:].isdigit())


def as_point(record: Point | Mapping[str, Any]) -> Point:
    """Accept a Point or a plain dict with the same keys (month may be an ISO string)."""
    if isinstance(record, Point):
        return record
    month = record["month"]
    if isinstance(month, str):
        month = date.fromisoformat(month[:7] + "-01")
    elif isinstance(month, datetime):
        month = month.date()
    return Point(
        month=month.replace(day=1),
        longitude=float(record["longitude"]),
        latitude=float(record["latitude"]),
        location=str(record.get("location") or ""),
        lsoa21_code=str(record.get("lsoa21_code") or ""),
        csp_code=str(record.get("csp_code") or ""),
    )


@dataclass(frozen=True)
class Address:
    """An address as parts: flat, house number or name, street, town, postcode."""

    flat: str
    house: str
    street: str
    town: str
    postcode: str


@dataclass(frozen=True)
class DemoPerson:
    """One person record, as a call handler typed it on one incident."""

    key: int
    human: int
    given_name: str
    family_name: str
    gender: str
    date_of_birth: date | None
    flat: str
    house: str
    street: str
    town: str
    postcode: str
    phone: str
    vulnerable: bool
    vulnerability_factors: tuple[str, ...]
    vulnerability_notes: str
    recorded_at: datetime


@dataclass(frozen=True)
class DemoIncident:
    """One synthetic ASB incident on a real police.uk point."""

    key: int
    reference: str
    reported_at: datetime
    occurred_at: datetime | None
    channel: str
    category: str
    subtype: str
    narrative: str
    location: str
    longitude: float
    latitude: float
    lsoa21_code: str
    csp_code: str
    status: str
    offences: frozenset[str]
    traps: tuple[str, ...]
    course_of_conduct: bool


@dataclass(frozen=True)
class DemoParty:
    """A person record's part in an incident."""

    incident_key: int
    person_key: int
    role: str


@dataclass(frozen=True)
class DemoTruth:
    """A planted fact: its kind, the record it is about (model label and key), a value.

    Keys inside `value` that end in `_keys` list incident or person keys; the service turns
    them into database ids.
    """

    kind: str
    model: str
    key: int
    value: dict[str, Any]


@dataclass(frozen=True)
class DemoData:
    """Everything one run generates."""

    seed: int
    people: tuple[DemoPerson, ...]
    incidents: tuple[DemoIncident, ...]
    parties: tuple[DemoParty, ...]
    truths: tuple[DemoTruth, ...]

    def summary(self) -> dict[str, int]:
        """Counts by kind of record and of truth."""
        kinds = Counter(t.kind for t in self.truths)
        return {
            "incidents": len(self.incidents),
            "people": len(self.people),
            "parties": len(self.parties),
            "humans": len({p.human for p in self.people}),
            "narratives_with_offences": sum(1 for i in self.incidents if i.offences),
            **{f"truth_{kind}": count for kind, count in sorted(kinds.items())},
        }


# --------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Names:
    given: dict[tuple[str, str, str], tuple[str, ...]]
    family: dict[str, tuple[tuple[str, ...], tuple[int, ...]]]
    family_gender: dict[str, str]
    variants: dict[str, dict[str, tuple[str, ...]]]


@cache
def _names() -> _Names:
    given: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    family: dict[str, list[tuple[str, int]]] = defaultdict(list)
    family_gender: dict[str, str] = {}
    with (DATA_DIR / "names.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["kind"] == "given":
                given[(row["gender"], row["era"], row["origin"])].append(row["name"])
            else:
                family[row["origin"]].append((row["name"], int(row["weight"])))
                if row["gender"]:
                    family_gender[row["name"]] = row["gender"]
    variants: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    with (DATA_DIR / "name_variants.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            variants[row["name"]][row["kind"]].append(row["variant"])
    return _Names(
        given={k: tuple(v) for k, v in given.items()},
        family={k: (tuple(n for n, _ in v), tuple(w for _, w in v)) for k, v in family.items()},
        family_gender=family_gender,
        variants={n: {k: tuple(v) for k, v in kinds.items()} for n, kinds in variants.items()},
    )


@dataclass(frozen=True)
class _Town:
    name: str
    latitude: float
    longitude: float
    district: str


@cache
def _towns() -> tuple[_Town, ...]:
    with (DATA_DIR / "towns.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            _Town(r["town"], float(r["latitude"]), float(r["longitude"]), r["postcode_district"])
            for r in csv.DictReader(handle)
        )


def nearest_town(latitude: float, longitude: float) -> tuple[str, str]:
    """The nearest Gwent town to a point, and its postcode district."""
    scale = math.cos(math.radians(latitude))
    town = min(
        _towns(),
        key=lambda t: (t.latitude - latitude) ** 2 + ((t.longitude - longitude) * scale) ** 2,
    )
    return town.name, town.district


# --------------------------------------------------------------------------------------
# Small pure helpers: phones, postcodes, months, the case review rule
# --------------------------------------------------------------------------------------

DRAMA_PHONE_PREFIX = "07700 900"
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def drama_phone(rng: random.Random) -> str:
    """A mobile number from Ofcom's drama range, 07700 900000 to 07700 900999."""
    return f"{DRAMA_PHONE_PREFIX}{rng.randrange(1000):03d}"


def is_drama_phone(text: str) -> bool:
    """True when a phone number, however formatted, is in the drama range."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    return len(digits) == 11 and digits.startswith("07700900")


def _postcode(rng: random.Random, district: str) -> str:
    letters = "".join(rng.choice(_INWARD_LETTERS) for _ in range(2))
    return f"{district} {rng.randint(1, 9)}{letters}"


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months later (clamped to the month's end)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def case_review_eligible(
    reports: Iterable[tuple[datetime | None, datetime]],
    *,
    threshold: int = 3,
    window_months: int = 6,
    reported_within_months: int = 1,
) -> datetime | None:
    """When a victim first met the ASB Case Review threshold, or None.

    `reports` are (occurred_at, reported_at) pairs, one per report the victim made. A report
    counts when its incident time is known and it was made within `reported_within_months`
    calendar months of the incident; the threshold is met when `threshold` counting reports
    fall within `window_months` calendar months. The defaults are the statutory minimum
    (ASB, Crime and Policing Act 2014 s.104 guidance: three reports in six months); each
    area may set its own.
    """
    counted = sorted(
        reported
        for occurred, reported in reports
        if occurred is not None and reported <= add_months(occurred, reported_within_months)
    )
    for first in range(len(counted) - threshold + 1):
        last = counted[first + threshold - 1]
        if last <= add_months(counted[first], window_months):
            return last
    return None


# --------------------------------------------------------------------------------------
# When things happen
# --------------------------------------------------------------------------------------

HOUR_WEIGHTS = (
    3.0,
    2.2,
    1.6,
    1.1,
    0.7,
    0.5,
    0.6,
    1.0,
    1.5,
    2.0,
    2.5,
    3.0,
    3.3,
    3.5,
    3.8,
    4.3,
    5.0,
    6.0,
    7.0,
    7.6,
    7.8,
    7.2,
    6.0,
    4.5,
)
PERSONAL_HOUR_WEIGHTS = (
    2.0,
    1.4,
    1.0,
    0.7,
    0.5,
    0.4,
    0.6,
    1.2,
    2.5,
    3.5,
    4.0,
    4.2,
    4.3,
    4.3,
    4.4,
    4.6,
    5.0,
    5.5,
    5.8,
    5.8,
    5.4,
    4.6,
    3.8,
    2.8,
)
WEEKDAY_WEIGHTS = (0.88, 0.86, 0.88, 0.93, 1.12, 1.25, 1.08)  # Monday first


def _day_weight(day: date, subtype: str) -> float:
    weight = WEEKDAY_WEIGHTS[day.weekday()]
    special = {(10, 31): (4.0, 1.8), (11, 5): (10.0, 1.5), (12, 31): (8.0, 1.5), (1, 1): (5.0, 1.3)}
    fireworks_week = {(11, 1), (11, 2), (11, 3), (11, 4), (11, 6)}
    key = (day.month, day.day)
    if key in special:
        weight *= special[key][0 if subtype == "fireworks" else 1]
    elif subtype == "fireworks" and key in fireworks_week:
        weight *= 3.0
    return weight


def _local_time(rng: random.Random, month: date, subtype: str, personal: bool) -> datetime:
    length = calendar.monthrange(month.year, month.month)[1]
    days = [month.replace(day=d) for d in range(1, length + 1)]
    day = rng.choices(days, weights=[_day_weight(d, subtype) for d in days])[0]
    hours = PERSONAL_HOUR_WEIGHTS if personal else HOUR_WEIGHTS
    hour = rng.choices(range(24), weights=hours)[0]
    return datetime(
        day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=LONDON
    )


# --------------------------------------------------------------------------------------
# Which subtype, by place and month
# --------------------------------------------------------------------------------------

SUBTYPE_WEIGHTS: dict[str, float] = {
    "neighbour_dispute": 16,
    "targeted_abuse": 10,
    "nuisance_communications": 5,
    "vulnerable_targeted": 3,
    "noise": 12,
    "rowdy_behaviour": 12,
    "youths_gathering": 13,
    "vehicle_nuisance": 9,
    "street_drinking": 3,
    "drug_nuisance": 5,
    "begging": 1.5,
    "fireworks": 2,
    "animal_problems": 2,
    "trespass": 2,
    "littering": 2,
    "fly_tipping": 2,
    "abandoned_vehicle": 1.5,
}

_PLACE_MULTIPLIERS: dict[str, dict[str, float]] = {
    "Parking Area": {
        "vehicle_nuisance": 4,
        "rowdy_behaviour": 1.5,
        "youths_gathering": 1.5,
        "drug_nuisance": 1.5,
        "littering": 2,
        "abandoned_vehicle": 3,
    },
    "Supermarket": {
        "begging": 6,
        "street_drinking": 4,
        "rowdy_behaviour": 2,
        "youths_gathering": 2,
    },
    "Shopping Area": {
        "begging": 6,
        "street_drinking": 4,
        "rowdy_behaviour": 2,
        "youths_gathering": 2,
    },
    "Sports/Recreation Area": {
        "youths_gathering": 3,
        "vehicle_nuisance": 2.5,
        "littering": 2,
        "drug_nuisance": 1.5,
        "trespass": 2,
    },
    "Park/Open Space": {
        "youths_gathering": 3,
        "vehicle_nuisance": 2.5,
        "littering": 2,
        "street_drinking": 2,
        "fly_tipping": 2,
    },
    "Nightclub": {"rowdy_behaviour": 6},
    "Petrol Station": {"vehicle_nuisance": 3, "rowdy_behaviour": 2, "begging": 2},
    "Bus/Coach Station": {
        "street_drinking": 3,
        "youths_gathering": 2,
        "rowdy_behaviour": 2,
        "begging": 3,
    },
}
_NOT_HOME = {
    "neighbour_dispute": 0.05,
    "noise": 0.3,
    "nuisance_communications": 0.3,
    "vulnerable_targeted": 0.3,
    "animal_problems": 0.5,
    "targeted_abuse": 0.6,
}
_MONTH_MULTIPLIERS: dict[str, dict[int, float]] = {
    "fireworks": {
        1: 2,
        2: 0.2,
        3: 0.2,
        4: 0.2,
        5: 0.2,
        6: 0.3,
        7: 0.4,
        8: 0.3,
        9: 0.5,
        10: 6,
        11: 12,
        12: 2.5,
    },
    "youths_gathering": {6: 1.3, 7: 1.5, 8: 1.5, 12: 0.8, 1: 0.8, 2: 0.8},
    "vehicle_nuisance": {4: 1.2, 5: 1.4, 6: 1.4, 7: 1.4, 8: 1.4, 9: 1.2},
    "noise": {6: 1.3, 7: 1.4, 8: 1.4, 12: 1.3},
    "street_drinking": {5: 1.3, 6: 1.4, 7: 1.5, 8: 1.5},
}


def _subtype_for(rng: random.Random, point: Point) -> str:
    weights = dict(SUBTYPE_WEIGHTS)
    if not point.is_street:
        for code, factor in _NOT_HOME.items():
            weights[code] *= factor
        for code, factor in _PLACE_MULTIPLIERS.get(point.place, {}).items():
            weights[code] *= factor
    for code, by_month in _MONTH_MULTIPLIERS.items():
        weights[code] *= by_month.get(point.month.month, 1.0)
    codes = list(weights)
    return rng.choices(codes, weights=[weights[c] for c in codes])[0]


CRIME_RATE = {"personal": 0.26, "nuisance": 0.04, "environmental": 0.03}
TRAP_RATE = 0.25


# --------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------

_FACTOR_NOTES: dict[str, tuple[str, ...]] = {
    "older_person": ("Elderly, hard of hearing", "In her 80s, frail", "Elderly and lives alone"),
    "disability": ("Uses a wheelchair", "Limited mobility, uses a stick", "Registered blind"),
    "learning_disability": ("Has learning difficulties", "Autistic", "Has a learning disability"),
    "mental_health": ("Anxiety and depression", "Struggling with mental health", "PTSD"),
    "physical_health": ("Has COPD", "Recovering from cancer treatment", "Heart condition"),
    "isolated": ("Lives alone, no family nearby", "Very isolated", "Lives alone"),
    "language": ("English is a second language", "Needs an interpreter", "Polish speaker"),
    "dependency": ("Alcohol dependent", "In recovery", "Known drug user"),
    "domestic_abuse": ("Previous DA victim", "Fled DA last year", "DA history with ex"),
}
_FACTOR_WEIGHTS = {
    "mental_health": 30,
    "physical_health": 15,
    "disability": 14,
    "isolated": 14,
    "learning_disability": 9,
    "language": 5,
    "dependency": 5,
    "domestic_abuse": 8,
}
_STREET_ABBREVIATIONS = {
    "Road": "Rd",
    "Street": "St",
    "Avenue": "Ave",
    "Close": "Cl",
    "Drive": "Dr",
    "Crescent": "Cres",
    "Terrace": "Terr",
    "Gardens": "Gdns",
    "Place": "Pl",
    "Court": "Ct",
    "Lane": "Ln",
}


@dataclass
class _Human:
    id: int
    given: str
    family: str
    gender: str
    birth: date | None
    address: Address | None
    phone: str
    factors: tuple[str, ...] = ()
    notes: str = ""
    records: list[int] = field(default_factory=list)


def _era(birth_year: int) -> str:
    return "old" if birth_year < 1966 else ("mid" if birth_year < 1996 else "young")


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.randrange(3)
    if op == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == 1:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


class _People:
    """Creates humans and writes their person records, with realistic differences."""

    def __init__(self, rng: random.Random, reference_day: date) -> None:
        self.rng = rng
        self.reference_day = reference_day
        self.names = _names()
        self.humans: list[_Human] = []
        self.records: list[DemoPerson] = []

    def new_human(
        self,
        address: Address | None,
        *,
        ages: tuple[int, int] = (18, 90),
        male_share: float = 0.48,
        origin_other: float = 0.08,
        vulnerable_share: float = 0.15,
        family: str | None = None,
    ) -> _Human:
        rng = self.rng
        gender = "male" if rng.random() < male_share else "female"
        low, high = ages
        if (low, high) == (18, 90):
            band = rng.choices(((18, 29), (30, 44), (45, 64), (65, 90)), weights=(18, 26, 32, 24))
            low, high = band[0]
        age = rng.randint(low, high)
        birth = self.reference_day - timedelta(days=age * 365 + rng.randrange(365))
        origin = "other" if rng.random() < origin_other else rng.choice(("welsh", "english"))
        era = _era(birth.year)
        letter = gender[0]
        given_names = self.names.given
        pool = given_names.get((letter, era, origin)) or given_names[(letter, era, "english")]
        given = rng.choice(pool)
        if family is None:
            family = self._family(origin, letter)
        factors: list[str] = []
        if age < 18:
            factors.append("child")
        if age >= 75 and rng.random() < 0.7:
            factors.append("older_person")
        if rng.random() < vulnerable_share:
            keys = list(_FACTOR_WEIGHTS)
            chosen = rng.choices(keys, weights=[_FACTOR_WEIGHTS[k] for k in keys])[0]
            factors.append(chosen)
            if rng.random() < 0.25:
                factors.append("isolated" if chosen != "isolated" else "mental_health")
        factors = list(dict.fromkeys(factors))
        notes = "; ".join(rng.choice(_FACTOR_NOTES[f]) for f in factors if f in _FACTOR_NOTES)
        human = _Human(
            id=len(self.humans) + 1,
            given=given,
            family=family,
            gender=gender,
            birth=birth,
            address=address,
            phone=drama_phone(rng) if rng.random() < 0.9 else "",
            factors=tuple(factors),
            notes=notes,
        )
        self.humans.append(human)
        return human

    def _family(self, origin: str, letter: str) -> str:
        rng = self.rng
        if origin == "other":
            names, weights = self.names.family["other"]
        else:
            welsh, english = self.names.family["welsh"], self.names.family["english"]
            names, weights = welsh[0] + english[0], welsh[1] + english[1]
        while True:
            family = rng.choices(names, weights=weights)[0]
            if self.names.family_gender.get(family, letter) == letter:
                return family

    def _variant(self, name: str, kinds: Sequence[str]) -> str:
        options = [v for kind in kinds for v in self.names.variants.get(name, {}).get(kind, ())]
        return self.rng.choice(options) if options else name

    def record(
        self, human: _Human, at: datetime, *, care: float, suspect: bool = False
    ) -> DemoPerson:
        """Write a new person record for a human as one call handler might have typed it.

        `care` runs from 0 (typed carefully) to 1 (as variable as real records get).
        """
        rng = self.rng
        given, family = human.given, human.family
        if rng.random() < 0.25 * care:
            given = self._variant(given, ("nickname", "other_language", "spelling"))
        if rng.random() < 0.12 * care:
            family = self._variant(family, ("spelling",))
        if rng.random() < 0.05 * care:
            given = _typo(rng, given)
        if rng.random() < 0.04 * care:
            family = _typo(rng, family)
        if rng.random() < 0.15:
            family = family.upper()
        if rng.random() < 0.06 * care:
            given, family = given.lower(), family.lower()
        if rng.random() < 0.03 * care:
            given, family = family, given
        birth = human.birth
        if birth is not None:
            roll = rng.random()
            if roll < 0.12 * care:
                birth = None
            elif roll < 0.2 * care and birth.day <= 12 and birth.day != birth.month:
                birth = birth.replace(day=birth.month, month=birth.day)
            elif roll < 0.23 * care:
                year = birth.year + rng.choice((-1, 1))
                birth = birth.replace(year=year, day=min(birth.day, 28 if birth.month == 2 else 31))
            elif roll < 0.25 * care:
                birth = birth + timedelta(days=rng.choice((-1, 1)))
        phone = human.phone
        if phone and rng.random() < 0.2:
            phone = ""
        elif phone:
            digits = phone.replace(" ", "")
            phone = rng.choices(
                (phone, digits, "+44" + digits[1:], digits[:5] + "-" + digits[5:]),
                weights=(50, 30, 10, 10),
            )[0]
        address = human.address
        parts = self._address(address, care) if address is not None else ("", "", "", "", "")
        vulnerable_factors = tuple(f for f in human.factors if rng.random() < 0.75)
        notes = human.notes if vulnerable_factors and rng.random() < 0.7 else ""
        if suspect:
            if rng.random() < 0.35:
                family = ""
            if rng.random() < 0.6:
                birth = None
            if rng.random() < 0.5:
                parts = ("", "", "", "", "")
            if rng.random() < 0.85:
                phone = ""
            vulnerable_factors, notes = (), ""
        flat, house, street, town, postcode = parts
        record = DemoPerson(
            key=len(self.records) + 1,
            human=human.id,
            given_name=given,
            family_name=family,
            gender=human.gender if rng.random() < 0.95 else "not_known",
            date_of_birth=birth,
            flat=flat,
            house=house,
            street=street,
            town=town,
            postcode=postcode,
            phone=phone,
            vulnerable=bool(vulnerable_factors) and rng.random() < 0.9,
            vulnerability_factors=vulnerable_factors,
            vulnerability_notes=notes,
            recorded_at=at,
        )
        self.records.append(record)
        human.records.append(record.key)
        return record

    def _address(self, address: Address, care: float) -> tuple[str, str, str, str, str]:
        rng = self.rng
        flat, house, street = address.flat, address.house, address.street
        town, postcode = address.town, address.postcode
        if rng.random() < 0.5 * care:
            words = street.split()
            if words and words[-1] in _STREET_ABBREVIATIONS and rng.random() < 0.6:
                words[-1] = _STREET_ABBREVIATIONS[words[-1]]
            street = " ".join(words)
            street = rng.choice((street, street.lower(), street.upper(), street))
        if rng.random() < 0.04 * care:
            street = _typo(rng, street)
        if flat and rng.random() < 0.6 * care:
            number = flat.split()[-1]
            style = rng.randrange(3)
            if style == 0:
                flat, house = "", f"{number}/{house}"
            elif style == 1:
                flat = number
            else:
                flat = f"flat {number}"
        if rng.random() < 0.08 * care:
            one_line = ", ".join(p for p in (flat, f"{house} {street}".strip()) if p)
            flat, house, street = "", "", one_line
        if rng.random() < 0.3 * care:
            town = ""
        if rng.random() < 0.2 * care:
            postcode = ""
        elif rng.random() < 0.15 * care:
            postcode = postcode.replace(" ", "")
        elif rng.random() < 0.1 * care:
            postcode = postcode.lower()
        return flat, house, street, town, postcode


# --------------------------------------------------------------------------------------
# Where people live
# --------------------------------------------------------------------------------------


class _Streets:
    """The real street names of the points, each with a town and a stable postcode."""

    def __init__(self, points: Sequence[Point], seed: int) -> None:
        self.seed = seed
        self.first_point: dict[str, Point] = {}
        self.by_lsoa: dict[str, list[str]] = defaultdict(list)
        for point in points:
            if point.is_street:
                street = point.place
                if street not in self.first_point:
                    self.first_point[street] = point
                if street not in self.by_lsoa[point.lsoa21_code]:
                    self.by_lsoa[point.lsoa21_code].append(street)
        self.all = sorted(self.first_point)
        self._postcodes: dict[str, tuple[str, str]] = {}

    def home_street(self, rng: random.Random, point: Point) -> str | None:
        """The point's street, or another street in the same LSOA, or any street."""
        if point.is_street:
            return point.place
        nearby = self.by_lsoa.get(point.lsoa21_code)
        if nearby:
            return rng.choice(nearby)
        return rng.choice(self.all) if self.all else None

    def town_and_postcode(self, street: str) -> tuple[str, str]:
        """The street's town (the nearest to its first point) and its one postcode."""
        if street not in self._postcodes:
            point = self.first_point[street]
            town, district = nearest_town(point.latitude, point.longitude)
            postcode = _postcode(random.Random(f"{self.seed}|{street}"), district)
            self._postcodes[street] = (town, postcode)
        return self._postcodes[street]

    def address(self, rng: random.Random, street: str, house: int | None = None) -> Address:
        """An address on the street: a house number (given or random), sometimes a flat."""
        town, postcode = self.town_and_postcode(street)
        number = house if house is not None else rng.randint(1, 120)
        flat = f"Flat {rng.randint(1, 12)}" if rng.random() < 0.15 else ""
        return Address(flat, str(number), street, town, postcode)


# --------------------------------------------------------------------------------------
# Incidents
# --------------------------------------------------------------------------------------

REPEAT_SIZES = (3, 4, 5, 6, 7, 8, 9, 10)
REPEAT_SIZE_WEIGHTS = (30, 22, 15, 10, 8, 6, 5, 4)
REPEAT_INCIDENT_SHARE = 0.09


@dataclass
class _Draft:
    index: int
    point: Point
    subtype: str = ""
    victim: _Human | None = None
    suspect: _Human | None = None
    repeat: bool = False
    previous: int = 0
    late: bool = False
    course: bool = False
    reported_at: datetime | None = None


def _select(points: Sequence[Point], rng: random.Random, incidents: int | None) -> list[Point]:
    if incidents is None or incidents == len(points):
        return list(points)
    if incidents < 0:
        raise ValueError("incidents must not be negative")
    if incidents <= len(points):
        chosen = rng.sample(range(len(points)), incidents)
        return [points[i] for i in sorted(chosen)]
    extra = rng.choices(range(len(points)), k=incidents - len(points))
    return [points[i] for i in sorted([*range(len(points)), *extra])]


def _point_order(point: Point) -> tuple:
    return (point.month, point.lsoa21_code, point.location, point.longitude, point.latitude)


def _channel(rng: random.Random, category: str, offences: frozenset[str]) -> str:
    urgent = offences & {"assault", "weapons", "threats_to_kill", "robbery", "arson", "burglary"}
    if urgent and rng.random() < 0.5:
        return "999"
    if category == "environmental":
        weights = {"101": 45, "online": 35, "partner": 15, "in_person": 5}
    elif category == "personal":
        weights = {"101": 55, "online": 18, "999": 12, "partner": 10, "in_person": 5}
    else:
        weights = {"101": 58, "online": 22, "999": 12, "partner": 4, "in_person": 4}
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _occurred(rng: random.Random, reported: datetime, channel: str, late: bool) -> datetime:
    if late:
        return reported - timedelta(days=rng.randint(35, 80), minutes=rng.randrange(600))
    if channel in ("999", "101"):
        return reported - timedelta(minutes=rng.randint(1, 90))
    if channel == "partner":
        return reported - timedelta(days=rng.randint(1, 14), minutes=rng.randrange(600))
    return reported - timedelta(minutes=rng.randint(30, 3 * 24 * 60))


def _status(rng: random.Random, reported: datetime, end: datetime) -> str:
    age = (end - reported).days
    if age < 3:
        return rng.choice(("open", "open", "allocated", "attended"))
    if age < 21:
        return rng.choices(("allocated", "attended", "resolved", "closed"), (2, 3, 3, 4))[0]
    return rng.choices(("attended", "resolved", "closed"), (1, 4, 20))[0]


def _location_text(point: Point, town: str) -> str:
    place = point.place or "Unknown location"
    return f"{place}, {town}" if town else place


def generate(
    points: Iterable[Point | Mapping[str, Any]],
    seed: int,
    *,
    incidents: int | None = None,
    force_prefix: str = "GW",
    progress: Callable[[int, int], None] | None = None,
) -> DemoData:
    """Generate synthetic incidents, people, parties and planted truth over real points.

    One incident per point by default; `incidents` samples fewer (without replacement) or
    more (repeating points). The output depends only on the points (in any order) and the
    seed. `progress(done, total)` is called as incidents are written.
    """
    rng = random.Random(seed)
    ordered = sorted((as_point(p) for p in points), key=_point_order)
    chosen = _select(ordered, rng, incidents)
    if not chosen:
        return DemoData(seed, (), (), (), ())
    last_month = max(p.month for p in chosen)
    end = datetime(
        last_month.year,
        last_month.month,
        calendar.monthrange(last_month.year, last_month.month)[1],
        23,
        59,
        59,
        tzinfo=LONDON,
    ).astimezone(UTC)
    streets = _Streets(ordered, seed)
    people = _People(rng, last_month)
    drafts = [_Draft(i, p) for i, p in enumerate(chosen)]
    subtypes = {s.code: s for s in asb_subtypes()}

    repeat_victims = _plant_repeat_victims(rng, drafts, streets, people)
    for draft in drafts:
        if not draft.subtype:
            draft.subtype = _subtype_for(rng, draft.point)
        personal = subtypes[draft.subtype].category == "personal"
        local = _local_time(rng, draft.point.month, draft.subtype, personal)
        draft.reported_at = local.astimezone(UTC)
    by_victim: dict[int, list[_Draft]] = defaultdict(list)
    for draft in drafts:
        if draft.repeat and draft.victim is not None:
            by_victim[draft.victim.id].append(draft)
    for human in repeat_victims:
        mine = sorted(by_victim[human.id], key=lambda d: (d.reported_at, d.index))
        for rank, draft in enumerate(mine):
            draft.previous = rank
            draft.late = rng.random() < 0.12
            draft.course = draft.suspect is not None and rank >= 2 and rng.random() < 0.45

    prolific: dict[str, list[_Human]] = defaultdict(list)
    regulars: dict[str, _Human] = {}
    built: list[tuple[_Draft, DemoIncident]] = []
    parties: list[DemoParty] = []
    for count, draft in enumerate(drafts, start=1):
        incident, draft_parties = _build_incident(
            rng,
            draft,
            subtypes[draft.subtype].category,
            streets,
            people,
            prolific,
            regulars,
            end,
        )
        built.append((draft, incident))
        parties.extend(draft_parties)
        if progress is not None and (count % 250 == 0 or count == len(drafts)):
            progress(count, len(drafts))

    incidents_out = _numbered([incident for _draft, incident in built], force_prefix)
    truths = _truths(incidents_out, people, parties)
    return DemoData(seed, tuple(people.records), incidents_out, tuple(parties), truths)


def _numbered(
    incidents: Iterable[DemoIncident],
    force_prefix: str,
    numbered_after: Mapping[int, int] | None = None,
) -> tuple[DemoIncident, ...]:
    """Give references in the order of reporting, numbered in each year after
    `numbered_after[year]` (from 1 by default); return the incidents in key order."""
    per_year: Counter[int] = Counter(numbered_after or {})
    final: dict[int, DemoIncident] = {}
    for incident in sorted(incidents, key=lambda i: (i.reported_at, i.key)):
        year = incident.reported_at.astimezone(LONDON).year
        per_year[year] += 1
        reference = f"{force_prefix}-{year}-{per_year[year]:06d}"
        final[incident.key] = replace(incident, reference=reference)
    return tuple(final[k] for k in sorted(final))


def _plant_repeat_victims(
    rng: random.Random, drafts: list[_Draft], streets: _Streets, people: _People
) -> list[_Human]:
    """Choose streets with several incidents and make one victim report them all."""
    groups: dict[tuple[str, str], list[_Draft]] = defaultdict(list)
    for draft in drafts:
        if draft.point.is_street:
            groups[(draft.point.lsoa21_code, draft.point.place)].append(draft)
    candidates = sorted(key for key, members in groups.items() if len(members) >= 3)
    rng.shuffle(candidates)
    target = max(1, round(len(drafts) * REPEAT_INCIDENT_SHARE / 4.5))
    victims: list[_Human] = []
    for key in candidates:
        if len(victims) >= target:
            break
        members = sorted(groups[key], key=lambda d: (d.point.month, d.index))
        size = min(len(members), rng.choices(REPEAT_SIZES, weights=REPEAT_SIZE_WEIGHTS)[0])
        if rng.random() < 0.6:
            start = rng.randrange(len(members) - size + 1)
            mine = members[start : start + size]
        else:
            mine = sorted(rng.sample(members, size), key=lambda d: (d.point.month, d.index))
        street = key[1]
        number = rng.randint(1, 80)
        victim = people.new_human(
            streets.address(rng, street, number), vulnerable_share=0.45, ages=(18, 90)
        )
        neighbour = None
        if rng.random() < 0.55:
            neighbour = people.new_human(
                streets.address(rng, street, max(1, number + rng.choice((-2, -1, 1, 2)))),
                ages=(22, 70),
                male_share=0.65,
                vulnerable_share=0.05,
            )
        for draft in mine:
            draft.victim = victim
            draft.repeat = True
            if neighbour is not None:
                draft.suspect = neighbour if rng.random() < 0.85 else None
                draft.subtype = rng.choices(
                    ("neighbour_dispute", "noise", "targeted_abuse"), weights=(60, 25, 15)
                )[0]
            else:
                options = [
                    "targeted_abuse",
                    "youths_gathering",
                    "vehicle_nuisance",
                    "nuisance_communications",
                ]
                weights = [45, 25, 10, 10]
                if victim.factors:
                    options.append("vulnerable_targeted")
                    weights.append(15)
                draft.subtype = rng.choices(options, weights=weights)[0]
        victims.append(victim)
    return victims


def _build_incident(
    rng: random.Random,
    draft: _Draft,
    category: str,
    streets: _Streets,
    people: _People,
    prolific: dict[str, list[_Human]],
    regulars: dict[str, _Human],
    end: datetime,
) -> tuple[DemoIncident, list[DemoParty]]:
    """Decide channel, people and narrative for one drafted incident."""
    point = draft.point
    reported_at = draft.reported_at or datetime(point.month.year, point.month.month, 1, tzinfo=UTC)
    crime_rate = CRIME_RATE[category] + (0.06 if draft.repeat and category == "personal" else 0)
    plan = narratives.plan_narrative(
        rng,
        draft.subtype,
        crime_rate=crime_rate,
        trap_rate=TRAP_RATE,
        course_of_conduct=draft.course,
    )
    labels_hint = plan.offences | ({"harassment"} if draft.course else frozenset())
    channel = _channel(rng, category, labels_hint)
    occurred = _occurred(rng, reported_at, channel, draft.late)
    if not draft.repeat and rng.random() < 0.04:
        occurred = None

    key = draft.index + 1
    parties: list[DemoParty] = []
    at = reported_at

    def add(human: _Human, role: str, *, suspect: bool = False) -> DemoPerson:
        care = 1.0 if len(human.records) or draft.repeat else 0.5
        record = people.record(human, at, care=care, suspect=suspect)
        parties.append(DemoParty(key, record.key, role))
        return record

    home_street = streets.home_street(rng, point)
    victim = draft.victim
    if category == "personal" and victim is None:
        address = streets.address(rng, home_street) if home_street else None
        victim = people.new_human(address, vulnerable_share=0.18)
    reporter: _Human | None = None
    if channel != "partner":
        if victim is not None and rng.random() < 0.88:
            reporter = victim
        elif victim is not None:
            reporter = people.new_human(
                victim.address, ages=(25, 70), family=victim.family if rng.random() < 0.6 else None
            )
        elif rng.random() > 0.08 and home_street:
            reporter = regulars.get(home_street) if rng.random() < 0.3 else None
            if reporter is None:
                reporter = people.new_human(
                    streets.address(rng, home_street), vulnerable_share=0.08
                )
                if home_street not in regulars and rng.random() < 0.3:
                    regulars[home_street] = reporter
    suspect = draft.suspect
    if suspect is None:
        chance = {"personal": 0.45, "nuisance": 0.1, "environmental": 0.04}[category]
        if rng.random() < chance:
            youthful = draft.subtype in (
                "youths_gathering",
                "rowdy_behaviour",
                "vehicle_nuisance",
                "targeted_abuse",
                "fireworks",
            )
            pool = prolific[point.lsoa21_code]
            if youthful and pool and rng.random() < 0.4:
                suspect = rng.choice(pool)
            else:
                ages = (13, 19) if youthful and rng.random() < 0.7 else (20, 60)
                suspect_street = streets.home_street(rng, point)
                address = streets.address(rng, suspect_street) if suspect_street else None
                suspect = people.new_human(
                    address, ages=ages, male_share=0.8, vulnerable_share=0.05
                )
                if youthful and len(pool) < 3:
                    pool.append(suspect)

    if reporter is not None:
        add(reporter, "reporter")
    if victim is not None:
        if reporter is victim:
            parties.append(DemoParty(key, parties[-1].person_key, "victim"))
        else:
            add(victim, "victim")
    suspect_record = add(suspect, "suspect", suspect=True) if suspect is not None else None
    if rng.random() < 0.05 and home_street:
        add(people.new_human(streets.address(rng, home_street)), "witness")

    suspect_name = ""
    if suspect_record is not None and rng.random() < 0.5:
        suspect_name = suspect_record.given_name.title()
    neighbour_number = ""
    suspect_home = suspect.address if suspect is not None else None
    if suspect_home is not None and suspect_home.street == home_street:
        neighbour_number = suspect_home.house
    teller = victim or reporter
    context = narratives.NarrativeContext(
        street=home_street or "",
        place="" if point.is_street else point.place,
        neighbour_number=neighbour_number,
        victim_gender=teller.gender if teller else "not_known",
        victim_family_name=teller.family if teller else "",
        suspect_name=suspect_name,
        suspect_gender=suspect.gender if suspect is not None else "male",
        channel=channel,
        previous_reports=draft.previous,
    )
    text, labels = narratives.write_narrative(rng, draft.subtype, plan, context)
    town = streets.town_and_postcode(home_street)[0] if home_street else ""
    incident = DemoIncident(
        key=key,
        reference="",
        reported_at=reported_at,
        occurred_at=occurred,
        channel=channel,
        category=category,
        subtype=draft.subtype,
        narrative=text,
        location=_location_text(point, town),
        longitude=point.longitude,
        latitude=point.latitude,
        lsoa21_code=point.lsoa21_code,
        csp_code=point.csp_code,
        status=_status(rng, reported_at, end),
        offences=labels,
        traps=plan.traps,
        course_of_conduct=plan.course_of_conduct,
    )
    return incident, parties


def _truths(
    incidents: Sequence[DemoIncident], people: _People, parties: Sequence[DemoParty]
) -> tuple[DemoTruth, ...]:
    """Everything planted, as truth rows.

    Narrative truth is written only for narratives with something planted in them (offences,
    hard negatives or a course of conduct): every other narrative describes no crime.
    """
    truths: list[DemoTruth] = []
    for incident in incidents:
        if not (incident.offences or incident.traps or incident.course_of_conduct):
            continue
        truths.append(
            DemoTruth(
                TRUTH_NARRATIVE_OFFENCES,
                INCIDENT,
                incident.key,
                {
                    "offences": sorted(incident.offences),
                    "traps": list(incident.traps),
                    "course_of_conduct": incident.course_of_conduct,
                    "subtype": incident.subtype,
                },
            )
        )
    for human in people.humans:
        for record in human.records:
            truths.append(
                DemoTruth(
                    TRUTH_SAME_PERSON,
                    PERSON,
                    record,
                    {"human": human.id, "records": len(human.records)},
                )
            )

    by_key = {i.key: i for i in incidents}
    human_of = {p.key: p.human for p in people.records}
    victim_reports: dict[int, list[tuple[DemoIncident, int]]] = defaultdict(list)
    for party in parties:
        if party.role == "victim":
            victim_reports[human_of[party.person_key]].append(
                (by_key[party.incident_key], party.person_key)
            )
    for human_id in sorted(victim_reports):
        reports = sorted(victim_reports[human_id], key=lambda r: r[0].reported_at)
        if len(reports) < 3:
            continue
        eligible_at = case_review_eligible((i.occurred_at, i.reported_at) for i, _ in reports)
        if eligible_at is None:
            continue
        incident, person_key = next(r for r in reports if r[0].reported_at == eligible_at)
        truths.append(
            DemoTruth(
                TRUTH_CASE_REVIEW,
                PERSON,
                person_key,
                {
                    "human": human_id,
                    "eligible_at": eligible_at.isoformat(),
                    "incident_keys": [i.key for i, _ in reports],
                    "rule": "3 reports within 6 months, each within 1 month of the incident",
                },
            )
        )

    # The repeat victims' homes: the same street, reported again and again by the same victim.
    for human_id in sorted(victim_reports):
        reports = sorted(victim_reports[human_id], key=lambda r: r[0].reported_at)
        if len(reports) < 3:
            continue
        first = reports[0][0]
        truths.append(
            DemoTruth(
                TRUTH_REPEAT_LOCATION,
                INCIDENT,
                first.key,
                {
                    "human": human_id,
                    "location": first.location,
                    "lsoa21_code": first.lsoa21_code,
                    "incident_keys": [i.key for i, _ in reports],
                },
            )
        )
    return tuple(truths)


# --------------------------------------------------------------------------------------
# The live intake: the incidents received in the hours before the demo runs
# --------------------------------------------------------------------------------------

LIVE_HOURS = 30
LIVE_OVERDUE_SHARE = 0.05
REVIEW_HOURS = 24  # the crime data integrity review is due 24 hours after the report
LIVE_NEWEST = timedelta(minutes=5)


def live_count(incidents: int, days: int, hours: float = LIVE_HOURS) -> int:
    """How many incidents arrive in `hours` at the rate of `incidents` in `days`.

    About 40 for a year of Gwent's ASB (11,700 incidents in 366 days, over 30 hours).
    """
    return round(incidents * hours / (24 * days)) if days > 0 else 0


def live_offsets(seed: int, count: int, hours: float = LIVE_HOURS) -> tuple[timedelta, ...]:
    """How long before the demo's present each of `count` live incidents was reported,
    the longest first.

    About 5% (at least one, when there are two or more and `hours` is over 24) were
    reported more than 24 hours before, so their reviews are overdue; the rest spread
    evenly over the last 24 hours (the newest five minutes before), so a few are nearly
    due. Depends only on the seed, the count and the hours.
    """
    if count < 0 or hours <= 0:
        raise ValueError("count must not be negative and hours must be above 0")
    rng = random.Random(f"{seed}|live")
    overdue = 0
    if count > 1 and hours > REVIEW_HOURS:
        overdue = max(1, round(count * LIVE_OVERDUE_SHARE))
    late, window = REVIEW_HOURS * 3600 + 60, min(hours, REVIEW_HOURS) * 3600
    seconds = [rng.uniform(late, max(late, hours * 3600)) for _ in range(overdue)]
    seconds += [rng.uniform(LIVE_NEWEST.total_seconds(), window) for _ in range(count - overdue)]
    return tuple(timedelta(seconds=round(s)) for s in sorted(seconds, reverse=True))


def live_intake(
    points: Iterable[Point | Mapping[str, Any]],
    seed: int,
    now: datetime,
    *,
    incidents: int,
    hours: float = LIVE_HOURS,
    numbered_after: Mapping[int, int] | None = None,
    force_prefix: str = "GW",
) -> DemoData:
    """The demo's live intake: `incidents` incidents reported in the `hours` before `now`.

    They are made as `generate` makes them, over the points of the latest month (so their
    narratives, people, places and planted truth are as realistic as the rest), then moved
    to just before `now` by `live_offsets`, in their order of reporting: each incident's
    occurred time moves with its report, and its people are recorded when it was reported.
    They are fresh (open, allocated or attended), their references follow each year's
    numbering after `numbered_after[year]`, and ASB Case Review truth is dated again. The
    same points and seed give the same incidents at the same offsets before `now`.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    chosen = [as_point(p) for p in points]
    if not chosen or incidents < 1:
        return DemoData(seed, (), (), (), ())
    latest = max(p.month for p in chosen)
    data = generate(
        [p for p in chosen if p.month == latest],
        seed,
        incidents=incidents,
        force_prefix=force_prefix,
    )
    by_time = sorted(data.incidents, key=lambda i: (i.reported_at, i.key))
    offsets = live_offsets(seed, len(by_time), hours)
    moved = {
        incident.key: (now - offset).astimezone(UTC) - incident.reported_at
        for incident, offset in zip(by_time, offsets, strict=True)
    }
    rng = random.Random(f"{seed}|live status")
    fresh = []
    for incident in data.incidents:
        shift = moved[incident.key]
        reported = incident.reported_at + shift
        occurred = incident.occurred_at + shift if incident.occurred_at else None
        status = _status(rng, reported, now)
        fresh.append(replace(incident, reported_at=reported, occurred_at=occurred, status=status))
    recorded_on: dict[int, int] = {}
    for party in data.parties:
        recorded_on.setdefault(party.person_key, party.incident_key)
    people = tuple(
        replace(person, recorded_at=person.recorded_at + moved[recorded_on[person.key]])
        for person in data.people
    )
    incidents_out = _numbered(fresh, force_prefix, numbered_after)
    truths = _redated(data.truths, incidents_out)
    return DemoData(seed, people, incidents_out, data.parties, truths)


def _redated(
    truths: Iterable[DemoTruth], incidents: Sequence[DemoIncident]
) -> tuple[DemoTruth, ...]:
    """The truths, each ASB Case Review eligibility dated by the moved reports.

    Moving keeps every report's delay, so the same reports count; a truth whose threshold
    would no longer be met is left out rather than kept wrong.
    """
    by_key = {incident.key: incident for incident in incidents}
    kept = []
    for truth in truths:
        if truth.kind == TRUTH_CASE_REVIEW:
            reports = [by_key[key] for key in truth.value["incident_keys"]]
            eligible_at = case_review_eligible((i.occurred_at, i.reported_at) for i in reports)
            if eligible_at is None:
                continue
            truth = replace(truth, value={**truth.value, "eligible_at": eligible_at.isoformat()})
        kept.append(truth)
    return tuple(kept)
