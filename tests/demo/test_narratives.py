"""The synthetic narrative writer: labels, hard negatives, determinism and variety."""

from __future__ import annotations

import random
import re

import pytest

from asbhub.demo import narratives
from asbhub.demo.narratives import (
    BASE,
    OFFENCE_GROUPS,
    PLANTS,
    TRAP_CONFLICTS,
    TRAPS,
    NarrativeContext,
    NarrativePlan,
    plan_narrative,
    render,
    sample_narratives,
    write_narrative,
)
from asbhub.incidents.choices import asb_subtypes

SUBTYPES = sorted(BASE)


def _expansions(nodes: tuple) -> int:
    """How many texts a parsed template can produce, counting each slot as one."""
    total = 1
    for node in nodes:
        if isinstance(node, tuple) and node[0] == "choice":
            total *= sum(_expansions(alternative) for alternative in node[1])
    return total


def test_every_subtype_in_the_reference_data_has_templates() -> None:
    codes = {subtype.code for subtype in asb_subtypes()}
    assert codes == set(BASE) == set(narratives.TERSE) == set(narratives.PLAUSIBLE_OFFENCES)


def test_plants_cover_every_offence_group_and_carry_their_own_group() -> None:
    assert set(PLANTS) == set(OFFENCE_GROUPS)
    for group, plants in PLANTS.items():
        assert plants, group
        for plant in plants:
            assert group in plant.labels
            assert plant.labels <= set(OFFENCE_GROUPS)


@pytest.mark.parametrize("group", OFFENCE_GROUPS)
def test_planting_an_offence_labels_the_narrative_with_its_group(group: str) -> None:
    allowed = set().union(*(plant.labels for plant in PLANTS[group]))
    for seed in range(40):
        rng = random.Random(seed)
        subtype = rng.choice(SUBTYPES)
        text, labels = write_narrative(rng, subtype, NarrativePlan(frozenset({group})))
        assert group in labels, text
        assert labels <= allowed, (labels, text)


@pytest.mark.parametrize("subtype", SUBTYPES)
def test_narratives_without_plants_carry_no_label(subtype: str) -> None:
    for seed in range(60):
        context = NarrativeContext(street="Frost Road", previous_reports=seed % 4)
        text, labels = write_narrative(random.Random(seed), subtype, NarrativePlan(), context)
        assert labels == frozenset(), text
        assert text.strip()


@pytest.mark.parametrize("trap", sorted(TRAPS))
def test_hard_negatives_carry_no_label(trap: str) -> None:
    for seed in range(40):
        rng = random.Random(seed)
        plan = NarrativePlan(traps=(trap,))
        text, labels = write_narrative(rng, rng.choice(SUBTYPES), plan)
        assert labels == frozenset(), text


def test_hard_negatives_use_the_words_a_naive_screener_would_fire_on() -> None:
    rng = random.Random(7)
    slots = narratives._slots(rng, NarrativeContext(street="Frost Road"), _third_person(rng))
    rendered = {
        group: " ".join(render(t, rng, slots) for t in templates for _ in range(30)).lower()
        for group, templates in TRAPS.items()
    }
    assert "kill" in rendered["threats_to_kill"]
    assert "smash" in rendered["criminal_damage"]
    assert "hurt" in rendered["assault"] or "assault" in rendered["assault"]
    assert "heol spitfire" in rendered["arson"] or "burnt barn road" in rendered["arson"]
    assert "robb" in rendered["robbery"]
    assert "no damage" in rendered["criminal_damage"]
    assert "threatened to call the council" in rendered["threats_to_kill"]


def _third_person(rng: random.Random) -> narratives._Voice:
    return narratives._voice(rng, NarrativeContext(victim_gender="female"), "handler")


def test_a_trap_never_contradicts_a_planted_offence() -> None:
    rng = random.Random(3)
    for _ in range(3000):
        subtype = rng.choice(SUBTYPES)
        plan = plan_narrative(rng, subtype, crime_rate=0.6, trap_rate=0.9)
        for trap in plan.traps:
            assert not TRAP_CONFLICTS[trap] & plan.offences, plan


def test_a_course_of_conduct_is_labelled_harassment() -> None:
    for seed in range(30):
        plan = NarrativePlan(course_of_conduct=True)
        context = NarrativeContext(suspect_name="Kyle", previous_reports=3)
        text, labels = write_narrative(random.Random(seed), "neighbour_dispute", plan, context)
        assert labels == frozenset({"harassment"}), text


def test_several_offences_in_one_narrative_are_all_labelled() -> None:
    plan = NarrativePlan(frozenset({"criminal_damage", "assault", "drugs"}))
    for seed in range(20):
        _text, labels = write_narrative(random.Random(seed), "youths_gathering", plan)
        assert {"criminal_damage", "assault", "drugs"} <= labels


def test_the_same_seed_writes_the_same_narratives() -> None:
    assert sample_narratives(11, 300) == sample_narratives(11, 300)
    assert sample_narratives(11, 300) != sample_narratives(12, 300)


def test_two_thousand_narratives_are_nearly_all_distinct() -> None:
    texts = [text for text, _labels in sample_narratives(2026, 2000)]
    assert len(set(texts)) > 1500
    skeletons = {re.sub(r"[^a-z]+", " ", text.lower()).strip() for text in texts}
    assert len(skeletons) > 1500


def test_the_template_space_is_large_for_every_subtype_and_offence() -> None:
    for subtype, templates in BASE.items():
        phrasings = sum(_expansions(narratives._parse(t)) for t in templates)
        assert phrasings >= 200, subtype
    for group, plants in PLANTS.items():
        phrasings = sum(_expansions(narratives._parse(p.template)) for p in plants)
        assert phrasings >= 40, group


def test_narratives_read_like_call_logs() -> None:
    texts = " ".join(text for text, _labels in sample_narratives(5, 2000))
    for marker in ("IP", "approx", "w/", "yths", "susp", "PCSO", "RP"):
        assert marker in texts, marker
    assert re.search(r"\bI (am|have|think|want)\b", texts), "first-person reports"
    assert re.search(r"\b(told|said to) (IP|her|him|me|the caller)\b", texts), "hearsay"
    assert re.search(r"\b(not sure|unsure|poss|possibly|maybe)\b", texts), "uncertainty"
    lengths = sorted(len(text) for text, _labels in sample_narratives(6, 500))
    assert lengths[25] < 90 < 300 < lengths[-25]


def test_about_the_planted_share_of_narratives_describe_a_crime() -> None:
    labelled = [labels for _text, labels in sample_narratives(8, 2000, crime_rate=0.3)]
    share = sum(1 for labels in labelled if labels) / len(labelled)
    assert 0.25 < share < 0.35
    assert set().union(*labelled) <= set(OFFENCE_GROUPS)


def test_the_context_puts_real_street_names_and_suspects_in_the_text() -> None:
    context = NarrativeContext(street="Heol Pant", suspect_name="Kyle", channel="101")
    texts = [
        write_narrative(random.Random(seed), "neighbour_dispute", None, context)[0]
        for seed in range(200)
    ]
    assert any("heol pant" in t.lower() for t in texts)
    assert any("kyle" in t.lower() for t in texts)


def test_template_characters_in_a_street_name_do_no_harm() -> None:
    context = NarrativeContext(street="Odd [Road|Lane] {x}", place="")
    text, labels = write_narrative(random.Random(1), "noise", NarrativePlan(), context)
    assert labels == frozenset()
    assert "{" not in text


def test_an_unknown_subtype_or_offence_group_is_refused() -> None:
    with pytest.raises(ValueError, match="subtype"):
        write_narrative(random.Random(1), "joyriding")
    with pytest.raises(ValueError, match="offence groups"):
        write_narrative(random.Random(1), "noise", NarrativePlan(frozenset({"treason"})))
