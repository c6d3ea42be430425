"""Match person records that may be the same human: scored, explained, fast to block.

Pure: plain `PersonRecord` values in, frozen dataclasses out; no ORM, no settings, no clock.

Call handlers type names, dates of birth and addresses as they hear them, so the same victim
appears as "Robert JONES, 14/03/1961, Flat 2, 14 Heol Pant" and "Bob Jones, 03/14/1961,
2/14 heol pant". The matcher tolerates:

- spelling variants and typing slips (a phonetic key and Jaro-Winkler similarity);
- nicknames and Welsh or other-language forms of given names (Bob/Robert, Dai/David/Dafydd,
  Siân/Jane; `data/given_name_variants.csv`), even misspelt ("Magie" for Maggie, Margaret);
- given and family names swapped;
- dates of birth with day and month swapped, one digit wrong, or a year out by one;
- address formatting ("Flat 2, 14 Heol Pant" and "2/14 heol pant"; Rd/Road; postcode spacing).

How it works (Fellegi-Sunter in spirit, with hand-set weights rather than trained ones):

1. **Blocking.** `block_keys(record)` gives a few keys per record (phonetic family name with
   postcode district, with birth year, with given-name initial; the address; the date of
   birth). Only records that share a key are compared; `query_keys` adds the tolerated
   variants of a query record (neighbouring birth years, the day/month swap, swapped names).
2. **Comparison.** `compare(a, b)` scores each field as evidence for or against a match
   (`WEIGHTS`), and keeps the reasons so the panel can say *why* two records match.
3. **Decision.** A total of `MATCH_SCORE` or more is a match; `POSSIBLE_SCORE` or more is
   shown as a possible match for the handler to judge.

`bench/matching.py` measures precision and recall against the truth the demo generator plants.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

VARIANTS_FILE = Path(__file__).resolve().parent / "data" / "given_name_variants.csv"

# Evidence weights (log-odds-like points). Chosen by hand from how often each agreement
# happens by chance in a force's records: a shared date of birth is rare, a shared
# family name in Wales is not.
WEIGHTS: dict[str, float] = {
    "family_exact": 4.0,
    "family_similar": 3.0,
    "family_different": -4.0,
    "given_exact": 3.0,
    "given_variant": 2.5,
    "given_similar": 2.0,
    "given_initial": 0.5,
    "given_different": -3.0,
    "swapped_penalty": -0.5,
    "dob_exact": 5.0,
    "dob_day_month_swapped": 3.5,
    "dob_one_digit": 3.0,
    "dob_one_day": 3.0,
    "dob_year_off_by_one": 2.5,
    "dob_different": -5.0,
    "address_same": 3.0,
    "address_same_street_other_number": -1.5,
    "address_different": -2.0,
    "street_same": 0.5,
    "postcode_same": 1.5,
    "postcode_different": -1.0,
    "phone_same": 4.0,
}
MATCH_SCORE = 7.5  # a full name alone (7.0) is only a possible match
POSSIBLE_SCORE = 5.0
SIMILAR = 0.88  # Jaro-Winkler at or above this counts as a spelling variant

_STREET_WORDS = {
    "rd": "road",
    "st": "street",
    "str": "street",
    "ave": "avenue",
    "av": "avenue",
    "cl": "close",
    "dr": "drive",
    "cres": "crescent",
    "cresc": "crescent",
    "terr": "terrace",
    "ter": "terrace",
    "tce": "terrace",
    "gdns": "gardens",
    "pl": "place",
    "ct": "court",
    "ln": "lane",
    "sq": "square",
    "gr": "grove",
    "gro": "grove",
    "pk": "park",
    "wy": "way",
}
_FLAT_WORDS = {"flat", "apartment", "apt", "unit", "fflat"}


# --------------------------------------------------------------------------------------
# Records and normalisation
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRecord:
    """A person as recorded: the fields the matcher reads (all optional but one name)."""

    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    flat: str = ""
    house: str = ""
    street: str = ""
    town: str = ""
    postcode: str = ""
    phone: str = ""
    key: object = None  # the caller's id for the record, returned untouched


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case, strip accents (ŵ → w, ô → o) and keep only letters, digits and spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = re.sub(r"['’`]", "", plain)
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


@lru_cache(maxsize=200_000)
def name_word(text: str) -> str:
    """A name as one folded word: "O'Brien" → "obrien", "Lee-Anne" → "leeanne"."""
    return fold(text).replace(" ", "")


@lru_cache(maxsize=200_000)
def phonetic_key(name: str) -> str:
    """A phonetic key for a name, tuned for Welsh and English spellings.

    Keeps the first letter's sound, maps consonants that sound alike to one letter (c/k/q,
    ph/ff/v/f, s/z/c before e, i, y, dd/th/t), drops vowels, w, y and h after the first letter,
    folds doubled letters, and drops a final s on longer names (Jenkins/Jenkin).

    >>> phonetic_key("Davies") == phonetic_key("Davis")
    True
    >>> phonetic_key("Rhys") == phonetic_key("Rees")
    True
    """
    word = name_word(name)
    if not word:
        return ""
    for source, target in (
        ("tch", "ch"),
        ("ph", "f"),
        ("ff", "f"),
        ("dd", "t"),
        ("th", "t"),
        ("ck", "k"),
        ("gh", "g"),
        ("ll", "l"),
        ("sch", "sk"),
        ("wr", "r"),
        ("kn", "n"),
        ("x", "ks"),
        ("q", "k"),
        ("z", "s"),
        ("v", "f"),
        ("d", "t"),
        ("b", "p"),
        ("j", "g"),
    ):
        word = word.replace(source, target)
    word = re.sub(r"c(?=[eiy])", "s", word)
    word = word.replace("c", "k")
    first = word[0] if word[0] not in "aeiouyhw" else "a"
    rest = [ch for ch in word[1:] if ch not in "aeiouyhw"]
    out = [first]
    for ch in rest:
        if ch != out[-1]:
            out.append(ch)
    key = "".join(out)
    if len(key) > 3 and key.endswith("s"):
        key = key[:-1]
    return key


@lru_cache(maxsize=200_000)
def jaro_winkler(a: str, b: str) -> float:
    """The Jaro-Winkler similarity of two strings, 0 (nothing alike) to 1 (identical)."""
    if a == b:
        return 1.0 if a else 0.0
    if not a or not b:
        return 0.0
    window = max(len(a), len(b)) // 2 - 1
    a_hits = [False] * len(a)
    b_hits = [False] * len(b)
    matches = 0
    for i, ch in enumerate(a):
        low, high = max(0, i - window), min(i + window + 1, len(b))
        for j in range(low, high):
            if not b_hits[j] and b[j] == ch:
                a_hits[i] = b_hits[j] = True
                matches += 1
                break
    if not matches:
        return 0.0
    a_chars = [ch for ch, hit in zip(a, a_hits, strict=True) if hit]
    b_chars = [ch for ch, hit in zip(b, b_hits, strict=True) if hit]
    transpositions = sum(x != y for x, y in zip(a_chars, b_chars, strict=True)) / 2
    jaro = (matches / len(a) + matches / len(b) + (matches - transpositions) / matches) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


@cache
def _variant_groups() -> dict[str, frozenset[str]]:
    """Each known given name (folded) → the set of group ids it belongs to."""
    parent: dict[str, str] = {}

    def find(name: str) -> str:
        parent.setdefault(name, name)
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    pairs: list[tuple[str, str, str]] = []
    with VARIANTS_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            pairs.append((name_word(row["name"]), name_word(row["variant"]), row["kind"]))
    # Full names and their true equivalents join one group; a nickname shared by two names
    # (Chris: Christopher and Christine) belongs to both groups without merging them.
    for name, variant, kind in pairs:
        if kind != "nickname":
            parent[find(variant)] = find(name)
    groups: dict[str, set[str]] = defaultdict(set)
    for name, variant, kind in pairs:
        groups[name].add(find(name))
        if kind == "nickname":
            groups[variant].add(find(name))
        else:
            groups[variant].add(find(variant))
    return {name: frozenset(ids) for name, ids in groups.items()}


@lru_cache(maxsize=200_000)
def given_name_groups(name: str) -> frozenset[str]:
    """The variant groups a given name belongs to (empty when the name is not listed)."""
    return _variant_groups().get(name_word(name), frozenset())


def are_name_variants(a: str, b: str) -> bool:
    """True when two given names are listed as forms of one name (Bob and Robert)."""
    return bool(given_name_groups(a) & given_name_groups(b))


@cache
def _group_members() -> dict[str, tuple[str, ...]]:
    """Each variant group id → the names (folded) in it."""
    members: dict[str, list[str]] = defaultdict(list)
    for name, ids in _variant_groups().items():
        for group in ids:
            members[group].append(name)
    return {group: tuple(sorted(names)) for group, names in members.items()}


@lru_cache(maxsize=200_000)
def _variants_of(name: str) -> frozenset[str]:
    """The listed forms of a given name, itself included."""
    word = name_word(name)
    found = {word}
    for group in given_name_groups(word):
        found.update(_group_members().get(group, ()))
    return frozenset(found)


@lru_cache(maxsize=200_000)
def is_misspelt_variant(a: str, b: str) -> bool:
    """True when one name is a slip away from a listed form of the other ("Magie", "Margaret")."""
    x, y = name_word(a), name_word(b)
    if len(x) < 3 or len(y) < 3:
        return False
    return any(jaro_winkler(x, form) >= SIMILAR for form in _variants_of(y) - {y}) or any(
        jaro_winkler(y, form) >= SIMILAR for form in _variants_of(x) - {x}
    )


@dataclass(frozen=True)
class Address:
    """An address reduced to what identifies it: flat, house, street, postcode."""

    flat: str
    house: str
    street: str
    postcode: str

    @property
    def key(self) -> str:
        """ "flat/house street" when house and street are known, else ""."""
        if not (self.house and self.street):
            return ""
        return (
            f"{self.flat}/{self.house} {self.street}"
            if self.flat
            else f"{self.house} {self.street}"
        )


def normalise_postcode(postcode: str) -> str:
    """A postcode upper-cased without spaces: "np20 4ab" → "NP204AB"."""
    return re.sub(r"[^A-Z0-9]", "", (postcode or "").upper())


def postcode_district(postcode: str) -> str:
    """The outward code of a postcode ("NP20 4AB" → "NP20"), or "" when it cannot tell."""
    code = normalise_postcode(postcode)
    if len(code) >= 5:
        return code[:-3]
    return code if 2 <= len(code) <= 4 else ""


def _street_words(words: list[str]) -> str:
    return " ".join(_STREET_WORDS.get(word, word) for word in words)


@lru_cache(maxsize=200_000)
def parse_address(flat: str = "", house: str = "", street: str = "", postcode: str = "") -> Address:
    """Reduce address parts, however typed, to flat, house number, street and postcode.

    "Flat 2", "14", "Heol Pant" and "", "2/14", "heol pant" and "", "", "Flat 2, 14 Heol
    Pant" all become flat "2", house "14", street "heol pant".
    """
    text = " , ".join(part for part in (flat, house, street) if part)
    text = re.sub(r"(\d+)\s*/\s*(\d+\w?)", r"flat \1 , \2", text)
    words = fold(text.replace(",", " , ")).split()
    flat_no = house_no = ""
    rest: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in _FLAT_WORDS and i + 1 < len(words):
            flat_no = words[i + 1]
            i += 2
            continue
        if re.fullmatch(r"\d+[a-z]?", word) and not house_no and not rest:
            if flat_no == "" and flat and not house_no and word == fold(flat):
                flat_no = word
            else:
                house_no = word
            i += 1
            continue
        rest.append(word)
        i += 1
    if not flat_no and flat and fold(flat).isdigit():
        flat_no = fold(flat)
    if house_no == flat_no and house_no and not flat:
        flat_no = ""
    return Address(flat_no, house_no, _street_words(rest), normalise_postcode(postcode))


def address_of(record: PersonRecord) -> Address:
    """The record's address, parsed."""
    return parse_address(record.flat, record.house, record.street, record.postcode)


def normalise_phone(phone: str) -> str:
    """Digits only, with +44 read as 0: "+44 7700 900123" → "07700900123"."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits if len(digits) >= 10 else ""


# --------------------------------------------------------------------------------------
# Blocking
# --------------------------------------------------------------------------------------


def block_keys(record: PersonRecord) -> frozenset[str]:
    """The blocking keys stored for a record: records sharing a key are compared.

    - `fd:` phonetic family name and postcode district;
    - `fy:` phonetic family name and birth year;
    - `fg:` phonetic family name and the first letter of the given name;
    - `a:` the address (flat, house number and street);
    - `h:` the house number and the street's first five letters (a slip later in the street);
    - `d:` the date of birth.
    """
    keys: set[str] = set()
    family = phonetic_key(record.family_name)
    given = name_word(record.given_name)
    district = postcode_district(record.postcode)
    if family:
        if district:
            keys.add(f"fd:{family}|{district}")
        if record.date_of_birth is not None:
            keys.add(f"fy:{family}|{record.date_of_birth.year}")
        if given:
            keys.add(f"fg:{family}|{given[0]}")
    parsed = address_of(record)
    if parsed.key:
        keys.add(f"a:{parsed.key}")
        keys.add(f"h:{parsed.house}|{parsed.street.replace(' ', '')[:5]}")
    if record.date_of_birth is not None:
        keys.add(f"d:{record.date_of_birth.isoformat()}")
    return frozenset(keys)


def _dob_variants(dob: date) -> set[date]:
    variants = {dob}
    if dob.day <= 12 and dob.day != dob.month:
        variants.add(dob.replace(day=dob.month, month=dob.day))
    return variants


def query_keys(record: PersonRecord) -> frozenset[str]:
    """The keys to look up for a query record: its own and its tolerated variants.

    Adds the neighbouring birth years, the day/month swap of the date of birth, the
    names swapped, and the given-name initials of the name's listed variants.
    """
    keys = set(block_keys(record))
    if record.given_name and record.family_name:
        swapped = PersonRecord(
            given_name=record.family_name,
            family_name=record.given_name,
            date_of_birth=record.date_of_birth,
            postcode=record.postcode,
        )
        keys |= block_keys(swapped)
    family = phonetic_key(record.family_name)
    if family and record.date_of_birth is not None:
        year = record.date_of_birth.year
        keys |= {f"fy:{family}|{year - 1}", f"fy:{family}|{year + 1}"}
    if record.date_of_birth is not None:
        keys |= {f"d:{d.isoformat()}" for d in _dob_variants(record.date_of_birth)}
    if family:
        for other in _variant_initials(record.given_name):
            keys.add(f"fg:{family}|{other}")
    return frozenset(keys)


def _variant_initials(given: str) -> set[str]:
    groups = given_name_groups(given)
    if not groups:
        return set()
    return {name[0] for name, ids in _variant_groups().items() if ids & groups and name}


# --------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """One field's part in a comparison: a reason code, its weight and the values compared."""

    code: str
    weight: float
    left: str = ""
    right: str = ""


@dataclass(frozen=True)
class Comparison:
    """Two records compared: the total score, the decision and every reason."""

    score: float
    evidence: tuple[Evidence, ...]
    swapped: bool = False

    @property
    def is_match(self) -> bool:
        """True at or above MATCH_SCORE."""
        return self.score >= MATCH_SCORE

    @property
    def is_possible(self) -> bool:
        """True at or above POSSIBLE_SCORE."""
        return self.score >= POSSIBLE_SCORE

    @property
    def reasons(self) -> tuple[str, ...]:
        """The reason codes, strongest first."""
        return tuple(e.code for e in sorted(self.evidence, key=lambda e: -abs(e.weight)))


def _compare_family(a: str, b: str) -> Evidence | None:
    x, y = name_word(a), name_word(b)
    if not x or not y:
        return None
    if x == y:
        return Evidence("family_exact", WEIGHTS["family_exact"], a, b)
    if phonetic_key(x) == phonetic_key(y) or jaro_winkler(x, y) >= SIMILAR:
        return Evidence("family_similar", WEIGHTS["family_similar"], a, b)
    return Evidence("family_different", WEIGHTS["family_different"], a, b)


def _compare_given(a: str, b: str) -> Evidence | None:
    x, y = name_word(a), name_word(b)
    if not x or not y:
        return None
    if x == y:
        return Evidence("given_exact", WEIGHTS["given_exact"], a, b)
    if are_name_variants(x, y):
        return Evidence("given_variant", WEIGHTS["given_variant"], a, b)
    if (
        jaro_winkler(x, y) >= SIMILAR
        or (len(x) > 3 and len(y) > 3 and phonetic_key(x) == phonetic_key(y))
        or is_misspelt_variant(x, y)
    ):
        return Evidence("given_similar", WEIGHTS["given_similar"], a, b)
    if (len(x) == 1 or len(y) == 1) and x[0] == y[0]:
        return Evidence("given_initial", WEIGHTS["given_initial"], a, b)
    return Evidence("given_different", WEIGHTS["given_different"], a, b)


def _digits(day: date) -> str:
    return day.strftime("%d%m%Y")


def compare_dates_of_birth(a: date | None, b: date | None) -> Evidence | None:
    """Compare two dates of birth, tolerating the usual slips; None when either is missing."""
    if a is None or b is None:
        return None
    left, right = a.isoformat(), b.isoformat()
    if a == b:
        return Evidence("dob_exact", WEIGHTS["dob_exact"], left, right)
    if a.day == b.month and a.month == b.day and a.year == b.year:
        return Evidence("dob_day_month_swapped", WEIGHTS["dob_day_month_swapped"], left, right)
    if abs((a - b).days) == 1:
        return Evidence("dob_one_day", WEIGHTS["dob_one_day"], left, right)
    if sum(x != y for x, y in zip(_digits(a), _digits(b), strict=True)) == 1:
        return Evidence("dob_one_digit", WEIGHTS["dob_one_digit"], left, right)
    if abs(a.year - b.year) == 1 and (a.month, a.day) == (b.month, b.day):
        return Evidence("dob_year_off_by_one", WEIGHTS["dob_year_off_by_one"], left, right)
    return Evidence("dob_different", WEIGHTS["dob_different"], left, right)


def compare_addresses(a: Address, b: Address) -> list[Evidence]:
    """Compare two parsed addresses: the same home, the same street, the postcode."""
    found: list[Evidence] = []
    street_same = bool(a.street and b.street) and (
        a.street == b.street or jaro_winkler(a.street, b.street) >= 0.93
    )
    if street_same and a.house and b.house:
        if a.house == b.house and (a.flat == b.flat or not a.flat or not b.flat):
            found.append(Evidence("address_same", WEIGHTS["address_same"], a.key, b.key))
        else:
            weight = WEIGHTS["address_same_street_other_number"]
            found.append(Evidence("address_same_street_other_number", weight, a.key, b.key))
    elif street_same:
        found.append(Evidence("street_same", WEIGHTS["street_same"], a.street, b.street))
    elif a.key and b.key:
        found.append(Evidence("address_different", WEIGHTS["address_different"], a.key, b.key))
    if a.postcode and b.postcode:
        if a.postcode == b.postcode:
            found.append(
                Evidence("postcode_same", WEIGHTS["postcode_same"], a.postcode, b.postcode)
            )
        elif len(a.postcode) >= 5 and len(b.postcode) >= 5:
            weight = WEIGHTS["postcode_different"]
            found.append(Evidence("postcode_different", weight, a.postcode, b.postcode))
    return found


def _names(a: PersonRecord, b: PersonRecord, swap: bool) -> list[Evidence]:
    given_b, family_b = (b.family_name, b.given_name) if swap else (b.given_name, b.family_name)
    found = [
        item
        for item in (
            _compare_family(a.family_name, family_b),
            _compare_given(a.given_name, given_b),
        )
        if item is not None
    ]
    if swap:
        found.append(Evidence("swapped_penalty", WEIGHTS["swapped_penalty"]))
    return found


def compare(a: PersonRecord, b: PersonRecord) -> Comparison:
    """Compare two records field by field and total the evidence (names tried both ways)."""
    straight = _names(a, b, swap=False)
    swapped = _names(a, b, swap=True)
    use_swap = sum(e.weight for e in swapped) > sum(e.weight for e in straight) + 1.0
    evidence = list(swapped if use_swap else straight)
    dob = compare_dates_of_birth(a.date_of_birth, b.date_of_birth)
    if dob is not None:
        evidence.append(dob)
    evidence.extend(compare_addresses(address_of(a), address_of(b)))
    phone_a, phone_b = normalise_phone(a.phone), normalise_phone(b.phone)
    if phone_a and phone_a == phone_b:
        evidence.append(Evidence("phone_same", WEIGHTS["phone_same"], phone_a, phone_b))
    score = round(sum(e.weight for e in evidence), 2)
    return Comparison(score, tuple(evidence), swapped=use_swap)


@dataclass(frozen=True)
class Match:
    """A candidate that scored as a match or a possible match for the query record."""

    key: object
    comparison: Comparison

    @property
    def score(self) -> float:
        return self.comparison.score


def best_matches(
    query: PersonRecord, candidates: Iterable[PersonRecord], *, minimum: float = POSSIBLE_SCORE
) -> list[Match]:
    """Score every candidate against the query; keep those at or above `minimum`, best first."""
    found = []
    for candidate in candidates:
        comparison = compare(query, candidate)
        if comparison.score >= minimum:
            found.append(Match(candidate.key, comparison))
    found.sort(key=lambda m: (-m.score, str(m.key)))
    return found


def candidate_pairs(records: Sequence[PersonRecord]) -> set[tuple[int, int]]:
    """Index pairs (i < j) of records that share a blocking key (tolerated variants included).

    The in-memory twin of the database look-up, for linking a whole table at once.
    """
    by_key: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        for key in block_keys(record):
            by_key[key].append(index)
    pairs: set[tuple[int, int]] = set()
    for index, record in enumerate(records):
        for key in query_keys(record):
            for other in by_key.get(key, ()):
                if other > index:
                    pairs.add((index, other))
                elif other < index:
                    pairs.add((other, index))
    return pairs
