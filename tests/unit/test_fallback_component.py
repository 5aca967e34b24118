"""The unknown-words step: nonsense gets `nlu_fallback`, Dutch as people type it does not.
Trained and loaded the way Rasa does it, on the real training data."""
from __future__ import annotations

from pathlib import Path

import pytest

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.importers.rasa import RasaFileImporter
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from hulpwijzer.rasa_server.nlu.unknown_words import UnknownWordsFallback
from tests.unit.test_nlu_data import HELD_OUT, _plain

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gate(tmp_path_factory):
    training_data = RasaFileImporter(training_data_paths=[str(ROOT / "data" / "nlu")]).get_nlu_data()
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    resource = Resource("unknown_words")
    context = ExecutionContext(GraphSchema({}), "test")
    UnknownWordsFallback.create({}, storage, resource, context).train(training_data)
    return UnknownWordsFallback.load({}, storage, resource, context)


def _intent_after(gate, text, classifier_said="hulp_geweld"):
    message = Message({TEXT: text})
    message.set(INTENT, {"name": classifier_said, "confidence": 0.83})
    return gate.process([message])[0].get(INTENT)["name"]


@pytest.mark.parametrize("text", ["krakel snurf", "blorp flap zweem", "qwrtz plof", "zzzz brrr", "xyxyxy"])
def test_nonsense_gets_the_fallback(gate, text):
    assert _intent_after(gate, text) == "nlu_fallback"


@pytest.mark.parametrize("text", [
    "opvoedng in veghl", "mn zoon blowt", "hoi", "ik woon in Zwolle", "Nistelroode", "ik wil niet meer",
    "mijn schoonmoeder bemoeit zich met de opvoeding", "/hulp_pesten", "😀", "12345",
])
def test_dutch_with_typos_places_and_buttons_is_left_alone(gate, text):
    assert _intent_after(gate, text) == "hulp_geweld"


def test_no_held_out_dutch_example_is_taken_for_nonsense(gate):
    taken = [e for examples in HELD_OUT.values() for e in examples if _intent_after(gate, _plain(e)) == "nlu_fallback"]
    assert taken == []


def test_the_gate_runs_after_the_fallback_classifier_and_before_language_and_crisis():
    import yaml

    names = [s["name"] for s in yaml.safe_load((ROOT / "bot" / "config.yml").read_text())["pipeline"]]
    gate_at = names.index("hulpwijzer.rasa_server.nlu.unknown_words.UnknownWordsFallback")
    assert names.index("FallbackClassifier") < gate_at < names.index("hulpwijzer.rasa_server.nlu.language.LanguageDetector")
    assert gate_at < names.index("hulpwijzer.rasa_server.nlu.crisis.CrisisDetector")
