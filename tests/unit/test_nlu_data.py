"""The NLU training data: every intent of the contract is there with enough varied examples,
the place lookup table is made from the concepts file, and the held-out test set stays held out.
These checks read files only; they do not need a trained model."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from hulpwijzer.core import concepts, places
from tools.model import generate_nlu_places

ROOT = Path(__file__).resolve().parents[2]
NLU_DIR = ROOT / "data" / "nlu"
HELD_OUT_DIR = ROOT / "tests" / "nlu"
DOMAIN_DIR = ROOT / "bot" / "domain"
MIN_EXAMPLES = 25
# Set by our own NLU components (hulpwijzer/rasa_server/nlu/language.py), never by the classifier.
INTENTS_WITHOUT_EXAMPLES = {"engels", "andere_taal", "zorg",  # set by our NLU components
                            "doelgroep_kiezen"}  # only from the ouder / jongere buttons (bot/domain/asking.yml)
ENTITY = re.compile(r"\[([^\]]+)\]\((\w+)\)")


def _blocks(directory: Path):
    for file in sorted(directory.glob("*.yml")):
        for block in yaml.safe_load(file.read_text(encoding="utf-8")).get("nlu", []):
            yield file, block


def _examples(block) -> list:
    return [line.strip()[2:].strip() for line in block["examples"].splitlines() if line.strip().startswith("- ")]


def _examples_by_intent(directory: Path) -> dict:
    found = {}
    for _, block in _blocks(directory):
        if "intent" in block:
            found.setdefault(block["intent"], []).extend(_examples(block))
    return found


def _plain(example: str) -> str:
    """Text as the user typed it: entity marks removed, case and spaces folded."""
    return " ".join(ENTITY.sub(r"\1", example).lower().split())


TRAINING = _examples_by_intent(NLU_DIR)
HELD_OUT = _examples_by_intent(HELD_OUT_DIR)


def _domain_intents() -> set:
    intents = set()
    for file in DOMAIN_DIR.glob("*.yml"):
        for intent in yaml.safe_load(file.read_text(encoding="utf-8")).get("intents") or []:
            intents.add(intent if isinstance(intent, str) else next(iter(intent)))
    return intents


def _domain_responses() -> set:
    names = set()
    for file in DOMAIN_DIR.glob("*.yml"):
        names.update((yaml.safe_load(file.read_text(encoding="utf-8")).get("responses") or {}).keys())
    return names


CONTRACT_INTENTS = [
    "begroeten", "afscheid", "bedanken", "bevestigen", "ontkennen", "plaats_noemen", "hulp_vragen",
    *concepts.topic_intents(), "bot_vraag", "out_of_scope", "crisis",
]


@pytest.mark.parametrize("intent", CONTRACT_INTENTS)
def test_every_contract_intent_has_enough_examples(intent):
    assert len(set(TRAINING.get(intent, []))) >= MIN_EXAMPLES, f"{intent}: too few examples"


def test_every_topic_id_has_its_intent_in_the_domain():
    assert set(concepts.topic_intents()) <= _domain_intents()


def test_every_trained_intent_is_in_the_domain_and_every_domain_intent_is_trained():
    trained = {name.split("/")[0] for name in TRAINING}
    assert trained <= _domain_intents()
    assert _domain_intents() - INTENTS_WITHOUT_EXAMPLES <= trained


FAQ_KEYS = sorted(name.split("/", 1)[1] for name in TRAINING if name.startswith("faq/"))


def test_the_frequent_questions_of_the_issue_are_all_there():
    assert {"wat_is_cjg", "wat_is_jeugdverpleegkundige", "wat_is_leerplichtambtenaar", "is_het_gratis",
            "school_hoeft_niet", "anoniem", "ouders_weten", "privacy"} <= set(FAQ_KEYS)


@pytest.mark.parametrize("key", FAQ_KEYS)
def test_every_frequent_question_has_examples_and_one_answer(key):
    assert len(set(TRAINING[f"faq/{key}"])) >= MIN_EXAMPLES
    assert f"utter_faq/{key}" in _domain_responses()


def test_examples_are_informal_like_real_chat():
    """Not only tidy sentences: chat spelling, lower case place names and long messages too."""
    everything = [e for examples in TRAINING.values() for e in examples]
    chat_words = {"ff", "mn", "k", "wrm", "kheb", "nie", "t", "zn", "aub", "pls", "thx", "tnx"}
    with_chat_words = [e for e in everything if chat_words & set(_plain(e).replace(",", " ").split())]
    lower_case_places = [v for e in everything for v, _ in ENTITY.findall(e) if v == v.lower()]
    long_messages = [e for e in everything if len(e.split()) >= 12]
    assert len(with_chat_words) >= 40 and len(lower_case_places) >= 25 and len(long_messages) >= 5


def test_no_example_is_trained_under_two_intents():
    owners = Counter()
    for intent, examples in TRAINING.items():
        for example in set(map(_plain, examples)):
            owners[example] += 1
    assert [e for e, n in owners.items() if n > 1] == []


def test_annotated_places_are_known_to_the_place_table():
    """Every [place](plaats) in the data resolves: to a gemeente, or to 'outside the region'."""
    for intent, examples in {**TRAINING, **HELD_OUT}.items():
        for example in examples:
            for value, entity in ENTITY.findall(example):
                assert entity == "plaats", example
                assert places.resolve(value) is not None, f"{value!r} in {example!r}"


def test_place_lookup_table_is_in_sync_with_the_concepts_file():
    committed = (NLU_DIR / "places.yml").read_text(encoding="utf-8")
    assert committed == generate_nlu_places.render(), "run `make nlu-places` and commit data/nlu/places.yml"


def test_place_lookup_table_holds_every_unambiguous_place():
    table = yaml.safe_load((NLU_DIR / "places.yml").read_text(encoding="utf-8"))["nlu"][0]
    listed = set(_examples(table))
    for gemeente in concepts.gemeenten():
        for name in gemeente.all_names:
            if places.normalise(name) not in places.AMBIGUOUS and len(name) > 2:
                assert name in listed, name


def test_held_out_examples_are_never_training_examples():
    training = {_plain(e) for examples in TRAINING.values() for e in examples}
    leaked = [e for examples in HELD_OUT.values() for e in examples if _plain(e) in training]
    assert leaked == []


def test_held_out_set_covers_every_trained_intent():
    assert set(TRAINING) - set(HELD_OUT) == set()


def test_held_out_set_has_enough_one_message_requests_with_topic_and_place():
    requests = [
        e for intent, examples in HELD_OUT.items() if concepts.topic_from_intent(intent)
        for e in examples if ENTITY.search(e)
    ]
    assert len(requests) >= 40


def test_the_pipeline_in_bot_config_is_the_measured_choice():
    """`make eval` writes docs/nlu-evaluation.md with the measured choice; bot/config.yml holds it."""
    from tools.model.evaluate_nlu import REPORT, configured_candidate

    choice = re.search(r"Measured choice: \*\*(\w+)\*\*", REPORT.read_text(encoding="utf-8"))
    assert choice, "run `make eval` and commit docs/nlu-evaluation.md"
    assert configured_candidate() == choice.group(1)
