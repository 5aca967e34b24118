"""Nonsense gets the fallback: a Rasa NLU component that runs right after FallbackClassifier.

An intent classifier over character n-grams can be sure of itself even on text it has never
seen anything like (DIET said "krakel snurf" -> hulp_geweld, 0.83), so the confidence threshold alone lets nonsense through
and the bot answers a question nobody asked. This step knows every word of the training data
(and every place name); when most words of a message are unknown, even allowing for a typo,
the intent becomes `nlu_fallback` and the bot asks kindly what the user means.
Later steps (language check, crisis net) can still overrule it.
"""
from __future__ import annotations

import difflib
import json
import re
import unicodedata
from typing import Any, Dict, Iterable, List, Optional, Set, Text

FALLBACK_INTENT = "nlu_fallback"
MIN_KNOWN_SHARE = 0.5  # at least half of the words must be known (or a typo of a known word)
TYPO_CUTOFF = 0.8      # difflib ratio: "opvoedng" ~ "opvoeding", "veghl" ~ "veghel"
_WORD = re.compile(r"[a-z]+")


def words(text: str) -> List[str]:
    """Lower case letter words without accents; numbers and emoji are no words."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return _WORD.findall(plain)


class Vocabulary:
    def __init__(self, known: Iterable[str]):
        self.known: Set[str] = set(known)
        self._by_first_letter: Dict[str, List[str]] = {}
        for word in self.known:
            self._by_first_letter.setdefault(word[0], []).append(word)

    def knows(self, word: str) -> bool:
        if word in self.known or len(word) <= 2:
            return word in self.known
        # A typo mostly keeps the first letter; comparing within it keeps this fast.
        candidates = self._by_first_letter.get(word[0], [])
        return bool(difflib.get_close_matches(word, candidates, n=1, cutoff=TYPO_CUTOFF))

    def known_share(self, text: str) -> Optional[float]:
        found = words(text)
        if not found:
            return None
        return sum(self.knows(w) for w in found) / len(found)

    def is_nonsense(self, text: str) -> bool:
        share = self.known_share(text)
        return share is not None and share < MIN_KNOWN_SHARE


def _place_words() -> Set[str]:
    """Place names the place table knows (in and outside the region), as words."""
    from hulpwijzer.core import concepts, places

    names = [n for g in concepts.gemeenten() for n in g.all_names] + list(places.OUTSIDE_REGION)
    return {w for name in names for w in words(name)}


try:  # Rasa is only needed when the component runs inside Rasa.
    from rasa.engine.graph import ExecutionContext, GraphComponent
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe
    from rasa.engine.storage.resource import Resource
    from rasa.engine.storage.storage import ModelStorage
    from rasa.shared.constants import INTENT_MESSAGE_PREFIX
    from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData
except ImportError:  # pragma: no cover
    GraphComponent = object  # type: ignore
    DefaultV1Recipe = None


if DefaultV1Recipe is not None:

    @DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
    class UnknownWordsFallback(GraphComponent):
        """Sets `nlu_fallback` when most words of a message are unknown to the training data."""

        def __init__(self, model_storage: ModelStorage, resource: Resource, vocabulary: Optional[Vocabulary] = None):
            self._model_storage = model_storage
            self._resource = resource
            self._vocabulary = vocabulary

        @classmethod
        def create(cls, config, model_storage, resource, execution_context: ExecutionContext):
            return cls(model_storage, resource)

        def train(self, training_data: TrainingData) -> Resource:
            known = {w for message in training_data.training_examples for w in words(message.get(TEXT) or "")}
            for table in training_data.lookup_tables:
                for element in table.get("elements", []):
                    known.update(words(element))
            known |= _place_words()
            self._vocabulary = Vocabulary(known)
            with self._model_storage.write_to(self._resource) as directory:
                (directory / "vocabulary.json").write_text(json.dumps(sorted(known)), encoding="utf-8")
            return self._resource

        @classmethod
        def load(cls, config, model_storage, resource, execution_context, **kwargs):
            with model_storage.read_from(resource) as directory:
                known = json.loads((directory / "vocabulary.json").read_text(encoding="utf-8"))
            return cls(model_storage, resource, Vocabulary(known))

        def process_training_data(self, training_data: TrainingData) -> TrainingData:
            return training_data

        def process(self, messages: List[Message]) -> List[Message]:
            if self._vocabulary is None:
                return messages
            for message in messages:
                text = message.get(TEXT) or ""
                if text.startswith(INTENT_MESSAGE_PREFIX) or not self._vocabulary.is_nonsense(text):
                    continue  # "/hulp_pesten" is a button payload, not typed text
                fallback = {"name": FALLBACK_INTENT, "confidence": 1.0}
                ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != FALLBACK_INTENT]
                message.set(INTENT, fallback, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [fallback, *ranking], add_to_output=True)
            return messages
