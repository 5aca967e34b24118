"""The crisis safety net as a Rasa NLU component: the last step of the pipeline.

For every message it asks the net (hulpwijzer/rasa_server/nlu/crisis_net.py: patterns, then a classifier
of its own) for a level and a kind, and reads who is asking:
- crisis:  intent `crisis` (confidence 1.0), whatever the topic classifier or the fallback
           said, so the fitting lines come first (a rule answers with `utter_crisis`);
- concern: the intent stays, so the normal answer comes; the guard in front of the bot adds
           one line with the fitting help line (hulpwijzer/rasa_server/channels/guarded.py, `utter_zorg`). A concern
           message the classifier did not understand gets intent `zorg` instead of the
           fallback or "Daar kan ik je niet mee helpen";
- none:    nothing changes, except that a harmless idiom the classifier took for a crisis
           ("ik ga dood van het lachen") is overruled.
Kind and asker go out as entities `crisis_kind` and `crisis_asker`, which fill the slots that
pick the fitting variation of the answer (bot/domain/safety.yml). The parse result carries
`crisis: {level, kind, layer}` for the guard and `make report`.

Training copies the patterns and trains the classifier on data/safety/corpus/, so the running
bot never reads a file outside the model.
"""
from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from hulpwijzer.core.audience import PARENT, YOUNG_PERSON, infer_audience
from hulpwijzer.rasa_server.nlu import crisis_features, crisis_net
from hulpwijzer.rasa_server.nlu.crisis_net import (
    CRISIS, DEFAULT_CORPUS_DIR, NONE, DEFAULT_PATTERNS_FILE, Assessment, CrisisClassifier, CrisisMatcher,
    CrisisNet, Thresholds, load_corpus,
)

CRISIS_INTENT = "crisis"
CONCERN_INTENT = "zorg"
ENGLISH_INTENT = "engels"
# Intents that would leave a worried person with "I don't understand" or "I can't help".
NO_ANSWER_INTENTS = {"nlu_fallback", "out_of_scope"}
# Its answer already names every line in Dutch and English; the classifier knows no other language.
OTHER_LANGUAGE_INTENT = "andere_taal"
KIND_ENTITY, ASKER_ENTITY = "crisis_kind", "crisis_asker"
ASKER_UNKNOWN, ASKER_ENGLISH = "onbekend", "engels"
# A kind the net could not name matches no variation of the crisis answer: it names all lines.
KIND_UNKNOWN = "onbekend"
CRISIS_OUTPUT = "crisis"


def asker_of(text: str, intent_name: Optional[str]) -> str:
    """Who the answer speaks to: ouder, jongere, onbekend, or engels (answer in English)."""
    if intent_name == ENGLISH_INTENT:
        return ASKER_ENGLISH
    return infer_audience(text) or ASKER_UNKNOWN


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class CrisisDetector(GraphComponent):
    """Sets intent `crisis` on a crisis, marks a concern, and names the kind and the asker."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "patterns_file": str(DEFAULT_PATTERNS_FILE),
            "corpus_dir": str(DEFAULT_CORPUS_DIR),
            # Chosen by `make eval` (tools/model/evaluate_safety.py); bot/config.yml sets them.
            "crisis_threshold": 0.5,
            "concern_threshold": 0.25,
            "regularisation_c": 10.0,
        }

    def __init__(self, config, model_storage: ModelStorage, resource: Resource,
                 patterns: Optional[dict] = None, classifier: Optional[CrisisClassifier] = None):
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._net = None
        if patterns:
            thresholds = Thresholds(crisis=config["crisis_threshold"], concern=config["concern_threshold"])
            self._net = CrisisNet(CrisisMatcher.from_dict(patterns), classifier, thresholds)

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        """Rasa reuses a cached training result when the graph's inputs are unchanged; the
        patterns, the corpus and this code are inputs Rasa does not see, so they count here."""
        config = {**cls.get_default_config(), **config}  # Rasa may pass only what config.yml sets
        digest = hashlib.sha256()
        files = [Path(config["patterns_file"]), Path(crisis_net.__file__), Path(crisis_features.__file__), Path(__file__),
                 *sorted(Path(config["corpus_dir"]).glob("*.yml"))]
        for path in files:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
        # The corpus may borrow the topic classifier's examples (harmless_from_nlu.yml).
        for path in sorted(Path(DEFAULT_CORPUS_DIR.parent.parent / "nlu").glob("*.yml")):
            digest.update(path.read_bytes())
        return digest.hexdigest()

    @classmethod
    def create(cls, config, model_storage, resource, execution_context: ExecutionContext):
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        patterns = yaml.safe_load(Path(self._config["patterns_file"]).read_text(encoding="utf-8"))
        CrisisMatcher.from_dict(patterns)  # fails training on a bad pattern or kind
        examples = load_corpus(Path(self._config["corpus_dir"]))
        classifier = CrisisClassifier.train(examples, c=self._config["regularisation_c"]) if examples else None
        with self._model_storage.write_to(self._resource) as directory:
            (directory / "crisis.yml").write_text(yaml.safe_dump(patterns, allow_unicode=True), encoding="utf-8")
            if classifier is not None:
                (directory / "classifier.pkl").write_bytes(pickle.dumps(classifier))
        return self._resource

    @classmethod
    def load(cls, config, model_storage, resource, execution_context, **kwargs):
        with model_storage.read_from(resource) as directory:
            patterns = yaml.safe_load((directory / "crisis.yml").read_text(encoding="utf-8"))
            stored = directory / "classifier.pkl"
            # Our own model file, written by train() above.
            classifier = pickle.loads(stored.read_bytes()) if stored.exists() else None
        return cls(config, model_storage, resource, patterns, classifier)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        if self._net is None:
            return messages
        typed = [m for m in messages if not (m.get(TEXT) or "").startswith(INTENT_MESSAGE_PREFIX)]
        for message, assessment in zip(typed, self._net.assess_many([m.get(TEXT) or "" for m in typed])):
            language_intent = (message.get(INTENT) or {}).get("name")  # "engels" before we overrule it
            assessment = self._with_topic_classifier(message, assessment)
            if assessment.level == CRISIS:
                self._set_intent(message, CRISIS_INTENT)
            else:
                self._overrule_idiom(message)
                if assessment.level == NONE or language_intent == OTHER_LANGUAGE_INTENT:
                    continue
                if (message.get(INTENT) or {}).get("name") in NO_ANSWER_INTENTS:
                    self._set_intent(message, CONCERN_INTENT)
            self._mark(message, assessment, language_intent)
        return messages

    def _with_topic_classifier(self, message: Message, assessment: Assessment) -> Assessment:
        """The topic classifier also knows crisis examples (data/nlu/crisis.yml). When it says
        crisis, the answer is the crisis answer, unless the message is a harmless idiom; the
        net's kind is kept, so the fitting lines are named."""
        said_crisis = (message.get(INTENT) or {}).get("name") == CRISIS_INTENT
        if assessment.level == CRISIS or not said_crisis:
            return assessment
        if self._net.matcher.is_harmless_idiom(message.get(TEXT) or ""):
            return assessment
        kind = assessment.kind or self._net.kind_of(message.get(TEXT) or "")
        return Assessment(CRISIS, kind, "topic classifier", assessment.crisis_score, assessment.risk_score)

    @staticmethod
    def _set_intent(message: Message, name: str) -> None:
        chosen = {"name": name, "confidence": 1.0}
        ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != name]
        message.set(INTENT, chosen, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)

    @staticmethod
    def _mark(message: Message, assessment: Assessment, intent_before: Optional[str]) -> None:
        asker = asker_of(message.get(TEXT) or "", intent_before)
        entities = [e for e in (message.get(ENTITIES) or []) if e.get("entity") not in (KIND_ENTITY, ASKER_ENTITY)]
        for entity, value in ((KIND_ENTITY, assessment.kind or KIND_UNKNOWN), (ASKER_ENTITY, asker)):
            entities.append({"entity": entity, "value": value, "start": 0, "end": 0, "extractor": "CrisisDetector"})
        message.set(ENTITIES, entities, add_to_output=True)
        message.set(CRISIS_OUTPUT, {"level": assessment.level, "kind": assessment.kind, "layer": assessment.layer},
                    add_to_output=True)

    def _overrule_idiom(self, message: Message) -> None:
        """The classifier may read "ik ga dood van het lachen" as a crisis; an idiom is not."""
        intent = message.get(INTENT) or {}
        if intent.get("name") != CRISIS_INTENT:
            return
        ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != CRISIS_INTENT]
        message.set(INTENT, ranking[0] if ranking else {"name": "out_of_scope", "confidence": 1.0}, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
