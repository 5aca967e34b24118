"""The crisis safety net: a Rasa NLU component that runs after the classifier.

A message about suicide, self-harm, abuse or acute danger gets the intent `crisis` with
confidence 1.0, whatever the intent classifier or the fallback said, so the crisis answer comes
first. The patterns live in data/safety/crisis.yml (readable for staff); training copies
them into the model, so the running bot never depends on a file outside the model.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml

CRISIS_INTENT = "crisis"
DEFAULT_PATTERNS_FILE = Path(__file__).resolve().parent.parent / "data" / "safety" / "crisis.yml"


# Chat spelling -> the word the patterns use, so "k wil nie meer" reads as "ik wil niet meer".
CHAT_WORDS = {"nie": "niet", "nt": "niet", "mn": "mijn", "m'n": "mijn", "zn": "zijn", "z'n": "zijn",
              "kwil": "ik wil", "kzie": "ik zie", "kben": "ik ben", "kan't": "kan niet",
              "mezelluf": "mezelf", "mzelf": "mezelf", "dd": "dood"}


def normalise(text: str) -> str:
    """Lower case, no accents, "meeeer" -> "meer", chat spelling ("'t", "nie", "mn") in full."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    text = re.sub(r"(.)\1{2,}", r"\1\1", text)
    text = re.sub(r"(^|\s)'?t(?=\s|$)", r"\1het", text)
    text = re.sub(r"\bme\s+zelf\b", "mezelf", text)
    words = [CHAT_WORDS.get(word, word) for word in text.split()]
    return " ".join(words)


@dataclass
class CrisisMatcher:
    harmless: List[re.Pattern]
    patterns: Dict[str, List[re.Pattern]]

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "CrisisMatcher":
        return cls(
            harmless=[re.compile(p) for p in data.get("harmless", [])],
            patterns={kind: [re.compile(p) for p in items] for kind, items in data["patterns"].items()},
        )

    @classmethod
    def from_file(cls, path: Path = DEFAULT_PATTERNS_FILE) -> "CrisisMatcher":
        return cls.from_dict(yaml.safe_load(Path(path).read_text(encoding="utf-8")))

    def is_harmless_idiom(self, text: str) -> bool:
        """True for "ik ga dood van het lachen" and the like (and no crisis pattern)."""
        cleaned = normalise(text)
        return any(h.search(cleaned) for h in self.harmless) and self.kind_of(text) is None

    def kind_of(self, text: str) -> Optional[str]:
        """The kind of crisis ("suicide", "self_harm", "abuse", "danger") or None."""
        cleaned = normalise(text)
        for harmless in self.harmless:
            cleaned = harmless.sub(" ", cleaned)
        for kind, patterns in self.patterns.items():
            if any(p.search(cleaned) for p in patterns):
                return kind
        return None


try:  # Rasa is only needed when the component runs inside Rasa, not for the matcher.
    from rasa.engine.graph import ExecutionContext, GraphComponent
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe
    from rasa.engine.storage.resource import Resource
    from rasa.engine.storage.storage import ModelStorage
    from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData
except ImportError:  # pragma: no cover
    GraphComponent = object  # type: ignore
    DefaultV1Recipe = None


if DefaultV1Recipe is not None:

    @DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
    class CrisisDetector(GraphComponent):
        """Sets intent `crisis` (confidence 1.0) when a crisis pattern matches."""

        @staticmethod
        def get_default_config() -> Dict[Text, Any]:
            return {"patterns_file": str(DEFAULT_PATTERNS_FILE)}

        def __init__(self, config, model_storage: ModelStorage, resource: Resource, data: Optional[dict] = None):
            self._config = config
            self._model_storage = model_storage
            self._resource = resource
            self._data = data
            self._matcher = CrisisMatcher.from_dict(data) if data else None

        @classmethod
        def create(cls, config, model_storage, resource, execution_context: ExecutionContext):
            return cls(config, model_storage, resource)

        def train(self, training_data: TrainingData) -> Resource:
            self._data = yaml.safe_load(Path(self._config["patterns_file"]).read_text(encoding="utf-8"))
            self._matcher = CrisisMatcher.from_dict(self._data)  # fails training on a bad pattern
            with self._model_storage.write_to(self._resource) as directory:
                (directory / "crisis.yml").write_text(yaml.safe_dump(self._data, allow_unicode=True), encoding="utf-8")
            return self._resource

        @classmethod
        def load(cls, config, model_storage, resource, execution_context, **kwargs):
            with model_storage.read_from(resource) as directory:
                data = yaml.safe_load((directory / "crisis.yml").read_text(encoding="utf-8"))
            return cls(config, model_storage, resource, data)

        def process_training_data(self, training_data: TrainingData) -> TrainingData:
            return training_data

        def process(self, messages: List[Message]) -> List[Message]:
            if self._matcher is None:
                return messages
            for message in messages:
                text = message.get(TEXT) or ""
                kind = self._matcher.kind_of(text)
                if kind is None:
                    self._overrule_idiom(message, text)
                    continue
                crisis = {"name": CRISIS_INTENT, "confidence": 1.0}
                ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != CRISIS_INTENT]
                message.set(INTENT, crisis, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [crisis, *ranking], add_to_output=True)
                message.set("crisis_kind", kind, add_to_output=True)
            return messages

        def _overrule_idiom(self, message: Message, text: str) -> None:
            """The classifier may read "ik ga dood van het lachen" as a crisis; an idiom is not."""
            intent = message.get(INTENT) or {}
            if intent.get("name") != CRISIS_INTENT or not self._matcher.is_harmless_idiom(text):
                return
            ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != CRISIS_INTENT]
            message.set(INTENT, ranking[0] if ranking else {"name": "out_of_scope", "confidence": 1.0}, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
