"""The learned second opinion: its arithmetic, its evidence and how the screening uses it."""

from __future__ import annotations

import importlib.util
import math
import sys
from collections import Counter
from pathlib import Path

import pytest

from asbhub.core.offences import OFFENCE_GROUPS
from asbhub.integrity import evaluation, learned, screening

PROJECT_DIR = Path(__file__).resolve().parents[2]
OUTCOMES = (learned.CRIME, *OFFENCE_GROUPS)


def tiny_model(threshold: float = 0.6, **weights: dict[str, float]) -> learned.Model:
    """A model over a few words: `weights` maps a feature to {outcome: weight}."""
    rows = {
        feature: tuple(per_outcome.get(outcome, 0.0) for outcome in OUTCOMES)
        for feature, per_outcome in weights.items()
    }
    return learned.Model(
        version="m-test",
        threshold=threshold,
        outcomes=OUTCOMES,
        bias={outcome: -2.0 for outcome in OUTCOMES},
        idf=dict.fromkeys(rows, 1.0),
        weights=rows,
        meta={},
    )


def test_features_are_words_and_pairs_with_their_spans() -> None:
    text = "Lads KICKED the door, kicked it twice"
    found = learned.features(text)
    assert [text[s:e] for s, e in found["kicked"]] == ["KICKED", "kicked"]
    assert [text[s:e] for s, e in found["kicked the"]] == ["KICKED the"]
    assert "door kicked" not in found  # a pair never crosses a clause break
    assert "the" not in found and "kicked the" in found  # function words only in pairs


def test_plain_words_for_people_are_features_only_in_a_pair() -> None:
    found = learned.features("The youths smashed the kids' bikes")
    assert "youths" not in found and "kids" not in found
    assert "youths smashed" in found


def test_words_after_a_denial_are_marked() -> None:
    found = learned.features("They did not smash anything. Then smashed a window")
    assert "not_smash" in found and "not_anything" in found
    assert "smashed" in found and "not_smashed" not in found  # the clause ended


def test_the_probability_is_the_logistic_of_the_weighted_unit_vector() -> None:
    model = tiny_model(kicked={learned.CRIME: 3.0}, door={learned.CRIME: 1.0})
    # two known features, one count each, idf 1: unit vector (1/sqrt2, 1/sqrt2)
    expected = 1.0 / (1.0 + math.exp(-(-2.0 + (3.0 + 1.0) / math.sqrt(2))))
    assert model.probability("he kicked the door") == pytest.approx(expected)
    assert model.probability("nothing known here") == pytest.approx(1 / (1 + math.exp(2.0)))


def test_assess_names_the_group_and_the_words_that_weighed_most() -> None:
    model = tiny_model(
        threshold=0.5,
        kicked={learned.CRIME: 6.0, "assault": 4.0},
        door={learned.CRIME: 0.5, "criminal_damage": 1.0},
        calm={learned.CRIME: -1.0},
    )
    text = "He kicked her by the door, calm now"
    view = model.assess(text)
    assert view.probability >= 0.5
    assert view.group == "assault"
    assert [text[s:e] for s, e in view.evidence] == ["kicked", "door"]  # not "calm"


def test_a_narrative_read_once_is_assessed_as_its_text_is() -> None:
    """The screening reads a narrative once for its probability and hands that reading on
    to `assess` (the words, known features and probability are not worked out again)."""
    model = tiny_model(threshold=0.5, kicked={learned.CRIME: 6.0, "assault": 4.0})
    for text in ("He kicked her. He kicked her again", "he did not kick her", ""):
        reading = model.read(text)
        assert reading.probability == model.probability(text)
        assert model.assess(reading) == model.assess(text)


def test_below_the_threshold_no_group_and_no_evidence() -> None:
    model = tiny_model(threshold=0.99, kicked={learned.CRIME: 1.0, "assault": 1.0})
    view = model.assess("he kicked it")
    assert (view.group, view.evidence) == ("", ())


def test_a_model_file_reads_back_as_written(tmp_path: Path) -> None:
    model = tiny_model(kicked={learned.CRIME: 2.5, "assault": 1.25})
    path = tmp_path / "model.tsv"
    learned.write_model(path, model)
    again = learned.read_model(path)
    assert again.outcomes == OUTCOMES
    assert again.threshold == model.threshold
    assert again.probability("he kicked me") == pytest.approx(model.probability("he kicked me"))


def test_the_screening_asks_the_model_only_when_the_rules_find_nothing() -> None:
    model = tiny_model(threshold=0.5, walloped={learned.CRIME: 9.0, "assault": 9.0})
    screener = screening.Screener.from_file(model=model)
    rules_only = screening.rules_only_screener()
    text = "Caller says a lad walloped her son outside the chippy"
    assert not rules_only.screen(text).describes_crime, "the rules should not know this word"
    result = screener.screen(text)
    (offence,) = result.offences
    assert offence.group == "assault"
    assert "learned" in offence.qualifiers
    assert offence.confidence <= screening.LEARNED_CEILING
    assert [(e.text, e.kind) for e in offence.evidence] == [("walloped", "learned")]
    assert result.rules_version.endswith("+m-test")
    # the rules found something: the model is not asked, so no "learned" offence is added
    ruled = screener.screen("He punched her in the face and walloped her son")
    assert all("learned" not in o.qualifiers for o in ruled)


def test_hostility_the_rules_saw_aggravates_what_the_model_found() -> None:
    model = tiny_model(threshold=0.5, walloped={learned.CRIME: 9.0, "assault": 9.0})
    screener = screening.Screener.from_file(model=model)
    text = "A lad walloped her son outside the chippy and made monkey noises at him"
    assault, hate = screener.screen(text).offences
    assert (assault.group, hate.group) == ("assault", "hate_aggravated")
    assert "hate" in assault.qualifiers and "learned" in hate.qualifiers
    assert "monkey noises" in [item.text for item in hate.evidence]
    assert hate.confidence <= screening.LEARNED_CEILING
    # without the hostility, the model's finding stands alone
    (alone,) = screener.screen("A lad walloped her son outside the chippy").offences
    assert alone.qualifiers == ("learned",)


def test_the_shipped_model_is_readable_and_trained_on_the_current_narratives() -> None:
    model = learned.default_model()
    assert model is not None
    assert model.outcomes == OUTCOMES
    assert 0.5 <= model.threshold < 1.0
    spec = importlib.util.spec_from_file_location(
        "train_screening_model", PROJECT_DIR / "scripts" / "train_screening_model.py"
    )
    trainer = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = trainer  # dataclasses look their module up while defining
    spec.loader.exec_module(trainer)
    data = trainer.training_rows()
    assert model.meta["fingerprint"] == learned.fingerprint(data.rows), (
        "the labelled narratives changed: run scripts/train_screening_model.py"
    )
    parts = evaluation.parts(evaluation.read_sets(PROJECT_DIR / "tests" / "data" / "screening"))
    kept_aside = {row["text"] for row in parts["held-out"] + parts["unseen"]}
    trained_on = {row["text"] for row in data.rows}
    assert not kept_aside & trained_on, "held-out and unseen narratives never train the model"
    assert {row["text"] for row in parts["tuning"]} <= trained_on


def test_the_model_does_not_overrule_words_the_rules_set_aside() -> None:
    model = tiny_model(threshold=0.5, hurt={learned.CRIME: 9.0, "assault": 9.0})
    screener = screening.Screener.from_file(model=model)
    result = screener.screen("No one was hurt, they just argued")
    assert result.discounted and not result.describes_crime


def test_the_model_is_not_asked_about_a_report_taken_back_and_defers_to_the_report() -> None:
    model = tiny_model(threshold=0.5, walloped={learned.CRIME: 9.0, "assault": 9.0})
    screener = screening.Screener.from_file(model=model)
    text = "A lad walloped her son outside the chippy"
    assert screener.screen(text).describes_crime
    assert not screener.screen(f"Please ignore my last report. {text}").describes_crime
    # A finding the report itself takes back is set aside, the model's as the rules' (a joke
    # takes back a threat, not a blow).
    assert screener.screen(f"{text}. They were both laughing about it.").describes_crime
    burnt = tiny_model(threshold=0.5, smouldering={learned.CRIME: 9.0, "arson": 9.0})
    fire = screening.Screener.from_file(model=burnt).screen(
        "Bins smouldering behind the flats. Cause accidental: hot ashes."
    )
    assert not fire.describes_crime
    assert {item.kind for item in fire.discounted} == {"taken_back"}


def test_a_hate_finding_of_the_model_is_listed_once() -> None:
    model = tiny_model(threshold=0.5, walloped={learned.CRIME: 9.0, "hate_aggravated": 9.0})
    screener = screening.Screener.from_file(model=model)
    result = screener.screen("A lad walloped her son and made monkey noises at him")
    assert [o.group for o in result].count("hate_aggravated") == 1


def test_the_model_never_finds_hate_aggravation_alone() -> None:
    """Hate aggravation is always with the offence it aggravates: when the model weighs
    hate above every offence, it names the likeliest offence and aggravates it."""
    weights = {learned.CRIME: 9.0, "hate_aggravated": 9.0, "assault": 4.0}
    screener = screening.Screener.from_file(model=tiny_model(threshold=0.5, zonked=weights))
    result = screener.screen("Some lad zonked her son outside the shop")
    assert result.groups == ("assault", "hate_aggravated")
    assert all("learned" in offence.qualifiers for offence in result)


def test_the_model_does_not_read_street_and_pub_names() -> None:
    model = tiny_model(threshold=0.5, zorbled={learned.CRIME: 9.0, "arson": 9.0})
    screener = screening.Screener.from_file(model=model)
    assert not screener.screen("Traffic on Zorbled Barn Road backed up again").describes_crime
    assert not screener.screen("Quiz night at the Zorbled Arms").describes_crime
    assert screener.screen("Someone zorbled the bins on Heol y Coed").groups == ("arson",)


@pytest.mark.parametrize(
    "text",
    [
        "Loud music from number 12 again until 3am, caller can't sleep",
        "Group of youths hanging around the shops drinking, no trouble caused",
        "Kids playing football against the garage door, caller fed up with the noise",
        "Fly-tipping in the lane behind Heol Fach, mattress and bags of rubbish",
        "Off road bikes on the mountain above Blaina again this evening",
        "Youths congregating in the park, swearing and being loud, no one approached",
        "Neighbour's car parked across caller's drive again, civil dispute advised",
        "Strong smell of cannabis from the flat below every evening",
        # people words alone are no evidence: "the youths" once weighed +4.3 towards a crime
        "The youths did not smash anything",
        "The kids and the lads from the estate were out again tonight",
    ],
)
def test_ordinary_nuisance_stays_unflagged_with_the_shipped_model(text: str) -> None:
    assert not screening.screen(text).describes_crime


def test_the_shipped_model_finds_what_the_rules_miss_and_shows_why() -> None:
    text = "lads kicked the bus shelter to bits on Commercial Road"
    assert not screening.rules_only_screener().screen(text).describes_crime
    (offence,) = screening.screen(text).offences
    assert offence.group == "criminal_damage" and "learned" in offence.qualifiers
    assert all(text[e.start : e.end] == e.text for e in offence.evidence)


def known_features(model: learned.Model, text: str) -> list[str]:
    """The known features of `text` as the quick path finds them."""
    return [model._feature_of[f.number] for f in model._known(learned._words(text.lower()))]


def test_the_quick_path_counts_what_the_full_path_counts_for_known_features() -> None:
    model = learned.default_model()
    for labelled in evaluation.read_sets(PROJECT_DIR / "tests" / "data" / "screening"):
        for row in labelled.rows:
            full = learned.features(row["text"])
            expected = {f: len(spans) for f, spans in full.items() if f in model.idf}
            assert dict(Counter(known_features(model, row["text"]))) == expected, row["id"]


def test_the_quick_probability_equals_the_plain_tf_idf_arithmetic() -> None:
    model = learned.default_model()
    for labelled in evaluation.read_sets(PROJECT_DIR / "tests" / "data" / "screening"):
        for row in labelled.rows:
            counts = Counter(known_features(model, row["text"]))
            vector = {  # tf-idf with sublinear term frequency: 1 + ln(count)
                feature: model.idf[feature] * (1.0 + math.log(count))
                if count > 1
                else model.idf[feature]
                for feature, count in counts.items()
            }
            norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
            crime = model.outcomes.index(learned.CRIME)
            logit = model.bias[learned.CRIME] + sum(
                model.weights[feature][crime] * value / norm for feature, value in vector.items()
            )
            expected = 1.0 / (1.0 + math.exp(-logit))
            assert model.probability(row["text"]) == pytest.approx(expected, abs=1e-9), row["id"]
