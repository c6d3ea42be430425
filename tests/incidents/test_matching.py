"""Person matching: the variants call handlers type, and the records that must stay apart."""

from __future__ import annotations

from datetime import date

import pytest

from asbhub.incidents import matching
from asbhub.incidents.matching import PersonRecord

ROBERT = PersonRecord(
    "Robert", "Jones", date(1961, 3, 14), "Flat 2", "14", "Heol Pant", "Newport", "NP20 4AB"
)

SAME_HUMAN = [
    ("nickname", PersonRecord("Bob", "Jones", date(1961, 3, 14))),
    (
        "capitals and no spaces",
        PersonRecord("ROBERT", "JONES", date(1961, 3, 14), postcode="np204ab"),
    ),
    (
        "swapped names",
        PersonRecord("Jones", "Robert", date(1961, 3, 14), house="14", street="Heol Pant"),
    ),
    (
        "date of birth one day out",
        PersonRecord("Robert", "Jones", date(1961, 3, 13), house="14", street="heol pant"),
    ),
    (
        "one digit of the date of birth",
        PersonRecord("Robert", "Jones", date(1961, 3, 17), house="14", street="Heol Pant"),
    ),
    ("a slip in the family name", PersonRecord("Robert", "Jnoes", date(1961, 3, 14))),
    ("address written as 2/14", PersonRecord("Rob", "Jones", None, "", "2/14", "heol pant")),
    (
        "year of birth one out",
        PersonRecord("Robert", "Jones", date(1960, 3, 14), house="14", street="Heol Pant"),
    ),
]


@pytest.mark.parametrize(("case", "record"), SAME_HUMAN, ids=[c for c, _r in SAME_HUMAN])
def test_variants_of_the_same_person_match(case, record):
    comparison = matching.compare(ROBERT, record)
    assert comparison.is_match, (case, comparison)


def test_a_day_and_month_swap_is_tolerated_and_explained():
    typed = PersonRecord("Siân", "Prosser", date(1961, 4, 3), house="14", street="Heol Pant")
    recorded = PersonRecord("Sian", "Prosser", date(1961, 3, 4), house="14", street="Heol Pant")
    comparison = matching.compare(typed, recorded)
    assert comparison.is_match
    assert "dob_day_month_swapped" in comparison.reasons
    assert "given_exact" in comparison.reasons  # the circumflex is folded


def test_welsh_forms_of_a_given_name_are_the_same_name():
    assert matching.are_name_variants("Dai", "David")
    assert matching.are_name_variants("Dafydd", "Dave")
    assert matching.are_name_variants("Siân", "Jane")
    assert not matching.are_name_variants("Christopher", "Christine")
    assert matching.are_name_variants("Chris", "Christine")


DIFFERENT_HUMANS = [
    (
        "spouse at the same address",
        PersonRecord("Susan", "Jones", date(1963, 7, 2), "Flat 2", "14", "Heol Pant"),
    ),
    (
        "neighbour on the same street",
        PersonRecord("Robert", "Jones", date(1985, 11, 30), "", "16", "Heol Pant"),
    ),
    (
        "namesake born another year",
        PersonRecord("Robert", "Jones", date(1990, 8, 21), postcode="NP44 1AA"),
    ),
    ("different person entirely", PersonRecord("Gareth", "Price", date(1961, 3, 14))),
]


@pytest.mark.parametrize(
    ("case", "record"), DIFFERENT_HUMANS, ids=[c for c, _r in DIFFERENT_HUMANS]
)
def test_different_people_do_not_match(case, record):
    assert not matching.compare(ROBERT, record).is_match, case


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Davies", "Davis"),
        ("Rhys", "Rees"),
        ("Jenkins", "Jenkin"),
        ("Stephens", "Stevens"),
        ("Pritchard", "Prichard"),
        ("Llewellyn", "Llywelyn"),
        ("Protheroe", "Prothero"),
    ],
)
def test_the_phonetic_key_joins_welsh_and_english_spellings(left, right):
    assert matching.phonetic_key(left) == matching.phonetic_key(right)


def test_the_phonetic_key_keeps_different_names_apart():
    assert matching.phonetic_key("Jones") != matching.phonetic_key("James")
    assert matching.phonetic_key("Price") != matching.phonetic_key("Powell")


@pytest.mark.parametrize(
    ("parts", "key"),
    [
        (("Flat 2", "14", "Heol Pant", ""), "2/14 heol pant"),
        (("", "2/14", "heol pant", ""), "2/14 heol pant"),
        (("", "", "Flat 2, 14 Heol Pant", ""), "2/14 heol pant"),
        (("flat 2", "14", "HEOL PANT", ""), "2/14 heol pant"),
        (("", "14", "Frost Rd", ""), "14 frost road"),
        (("", "", "14 Frost Road", ""), "14 frost road"),
        (("", "", "Frost Road", ""), ""),
    ],
)
def test_addresses_reduce_to_one_key_however_typed(parts, key):
    assert matching.parse_address(*parts).key == key


def test_postcodes_and_phones_are_normalised():
    assert matching.normalise_postcode(" np20 4ab") == "NP204AB"
    assert matching.postcode_district("NP20 4AB") == "NP20"
    assert matching.normalise_phone("+44 7700 900123") == "07700900123"


def test_query_keys_reach_the_stored_keys_of_tolerated_variants():
    stored = PersonRecord("Jones", "Robert", date(1961, 3, 4), postcode="NP20 4AB")
    typed = PersonRecord("Robert", "Jones", date(1961, 4, 3), postcode="NP20 4AB")
    assert matching.query_keys(typed) & matching.block_keys(stored)


def test_candidate_pairs_compare_only_records_sharing_a_key():
    records = [
        ROBERT,
        PersonRecord("Bob", "Jones", date(1961, 3, 14), postcode="NP20 1ZZ"),
        PersonRecord("Gareth", "Price", date(1975, 1, 9), postcode="NP44 2AB"),
    ]
    assert matching.candidate_pairs(records) == {(0, 1)}


def test_best_matches_are_sorted_and_carry_the_callers_key():
    candidates = [
        PersonRecord("Gareth", "Price", date(1975, 1, 9), key="a"),
        PersonRecord("Bob", "Jones", date(1961, 3, 14), key="b"),
        PersonRecord("Robert", "Jones", date(1961, 3, 14), "Flat 2", "14", "Heol Pant", key="c"),
    ]
    found = matching.best_matches(ROBERT, candidates)
    assert [m.key for m in found] == ["c", "b"]


def test_jaro_winkler_matches_published_values():
    assert matching.jaro_winkler("MARTHA", "MARHTA") == pytest.approx(0.9611, abs=1e-4)
    assert matching.jaro_winkler("DWAYNE", "DUANE") == pytest.approx(0.84, abs=1e-4)
    assert matching.jaro_winkler("", "X") == 0.0


def test_a_misspelt_nickname_still_points_to_the_full_name():
    typed = PersonRecord("Magie", "PRICHARD", date(1948, 9, 6), house="2/14", street="heol pant")
    recorded = PersonRecord("Margaret", "Pritchard", date(1948, 6, 9), "Flat 2", "14", "Heol Pant")
    comparison = matching.compare(typed, recorded)
    assert comparison.is_match and "given_similar" in comparison.reasons
    assert not matching.is_misspelt_variant("Magie", "Gareth")
