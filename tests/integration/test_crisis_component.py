"""The crisis net as a Rasa graph component: it overrules whatever the classifier and the
fallback said, it is the last step of the pipeline, and the trained model carries its patterns."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from hulpwijzer.rasa_server.nlu.crisis import CrisisDetector
from hulpwijzer.rasa_server.nlu.crisis_net import DEFAULT_PATTERNS_FILE

CONFIG = Path(__file__).resolve().parents[2] / "bot" / "config.yml"


@pytest.fixture(scope="module")
def trained_detector(tmp_path_factory):
    """Trained once (the classifier takes about a minute) and loaded again, the way Rasa does
    it, so the patterns and the classifier live in the model."""
    storage = LocalModelStorage(tmp_path_factory.mktemp("crisis"))
    resource = Resource("crisis_detector")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**CrisisDetector.get_default_config()}
    trained = CrisisDetector.create(config, storage, resource, context)
    trained.train(TrainingData())
    return CrisisDetector.load(config, storage, resource, context), storage


@pytest.fixture
def detector(trained_detector):
    return trained_detector[0]


def _message(text, intent, confidence=0.9):
    message = Message({TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": confidence})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": confidence}])
    return message


@pytest.mark.parametrize("text,classifier_said", [
    ("ik wil niet meer", "ontkennen"),
    ("ik zie het niet meer zitten", "nlu_fallback"),
    ("mijn vader slaat me", "hulp_geweld"),
    ("ik snij mezelf", "hulp_psychisch"),
    ("ik wil dood, ik woon in Oss", "plaats_noemen"),
    ("k wil nie meer", "out_of_scope"),
])
def test_a_crisis_message_gets_intent_crisis_whatever_the_classifier_said(detector, text, classifier_said):
    [message] = detector.process([_message(text, classifier_said, 0.99)])
    assert message.get(INTENT) == {"name": "crisis", "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == "crisis"


@pytest.mark.parametrize("text,classifier_said", [
    ("ik word gepest", "hulp_pesten"), ("hoi", "begroeten"), ("Veghel", "plaats_noemen"),
])
def test_other_messages_keep_the_classifier_intent(detector, text, classifier_said):
    [message] = detector.process([_message(text, classifier_said)])
    assert message.get(INTENT)["name"] == classifier_said


def test_a_harmless_idiom_the_classifier_took_for_crisis_is_overruled(detector):
    message = _message("ik ga dood van het lachen", "crisis", 0.8)
    message.set(INTENT_RANKING_KEY, [{"name": "crisis", "confidence": 0.8}, {"name": "out_of_scope", "confidence": 0.1}])
    [message] = detector.process([message])
    assert message.get(INTENT)["name"] == "out_of_scope"


def test_the_model_keeps_its_own_copy_of_the_patterns(trained_detector):
    """The running bot does not read data/safety at run time: the patterns are in the model."""
    _, storage = trained_detector
    with storage.read_from(Resource("crisis_detector")) as directory:
        stored = yaml.safe_load((directory / "crisis.yml").read_text(encoding="utf-8"))
        assert (directory / "classifier.pkl").exists()
    assert stored == yaml.safe_load(DEFAULT_PATTERNS_FILE.read_text(encoding="utf-8"))


def test_the_crisis_net_is_the_last_step_after_the_fallback_classifier():
    names = [step["name"] for step in yaml.safe_load(CONFIG.read_text())["pipeline"]]
    assert names[-1] == "hulpwijzer.rasa_server.nlu.crisis.CrisisDetector"
    assert names.index("FallbackClassifier") < names.index("hulpwijzer.rasa_server.nlu.crisis.CrisisDetector")


def test_a_corpus_change_makes_rasa_train_the_net_again(tmp_path):
    """Rasa reuses cached training results; the corpus is not Rasa training data, so the
    component's fingerprint must change with it (else an edited corpus would be ignored)."""
    import shutil

    from hulpwijzer.rasa_server.nlu.crisis_net import DEFAULT_CORPUS_DIR

    corpus = tmp_path / "corpus"
    shutil.copytree(DEFAULT_CORPUS_DIR, corpus)
    config = {**CrisisDetector.get_default_config(), "corpus_dir": str(corpus)}
    before = CrisisDetector.fingerprint_addon(config)
    with (corpus / "danger.yml").open("a", encoding="utf-8") as file:
        file.write('  - {text: "er loopt al een uur iemand achter me aan", level: crisis, voice: teen}\n')
    assert CrisisDetector.fingerprint_addon(config) != before
