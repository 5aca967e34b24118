"""Reads the topic of a message the way people really write: long letters, several worries,
chat spelling. A Rasa NLU step after the intent classifier and its fallback.

The intent classifier knows every intent (greetings, frequent questions, topics...). On the
real questions of tests/heldout it put long messages in 'opvoeding' ("mijn zoon ...") and
left many without a topic. This step has a model of its own for the 12 topics only:
TF-IDF of words (1-2) and characters (3-5, for compounds and typos), optionally the hits of
the staff's topic word list (data/concepts/topic_words.yml) as features, and logistic
regression. A message of several sentences is read as a whole and sentence by sentence, and
the two are mixed, so one clear sentence ("hij gamet tot 3 uur 's nachts") is not drowned
by the rest ("mijn zoon van 15 ...").

It re-reads the topic where the intent classifier gave one without being very sure of it
(below `trust_confidence`), with a low bar (`min_confidence`); where it fell back, or was unsure (below `keep_confidence`) of another
intent such as help without a topic or out of scope, only a clear topic counts
(`open_confidence`): a correction like "niet Veghel maar Uden" must not become a topic, and a
sure "ik zoek hulp" stays a request without a topic. Crisis, frequent questions and sure greetings it leaves alone; below the
bar the message keeps what the classifier said. The intent ranking it writes
holds the topics in its own order, so two close topics can be offered as buttons
(hulpwijzer/core/topic_choice.py). Settings chosen by `make eval` (docs/nlu-evaluation.md).
"""
from __future__ import annotations

import hashlib
import pickle
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from hulpwijzer.core import concepts, topic_words

FALLBACK_INTENT = "nlu_fallback"
# Never overruled: the safety net's answer and the frequent questions have their own route.
NEVER_OVERRULED = {"crisis", "zorg", "faq"}
MODEL_FILE = "topic_reader.pkl"

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)]*\s+|\n+")


def sentences(text: str) -> List[str]:
    """The sentences of a message: split after . ! ? … and at line breaks; bits without a
    word of two letters ("…", "-") are dropped."""
    return [part.strip() for part in _SENTENCE_END.split(text or "") if re.search(r"\w{2}", part)]


class TopicModel:
    """TF-IDF words + characters (+ word-list hits) -> logistic regression over the topics."""

    def __init__(self, c: float, word_list: Optional[str], word_list_weight: float, seed: int):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.words = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), strip_accents="unicode")
        self.chars = TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(3, 5), strip_accents="unicode")
        self.classifier = LogisticRegression(C=c, max_iter=2000, class_weight="balanced", random_state=seed)
        # The words themselves go into the model: the running bot reads no file outside it.
        self.lexicon = topic_words.topic_words(word_list) if word_list else {}
        self.patterns = topic_words.patterns(self.lexicon)
        self.word_list_weight = word_list_weight
        self.topics: List[str] = []

    def _word_list_features(self, texts: List[str]) -> Optional[scipy.sparse.csr_matrix]:
        if not self.patterns:
            return None
        rows = []
        for text in texts:
            found = topic_words.hits(text, self.patterns)
            # log(1 + hits): the first hit counts most; scaled against the TF-IDF parts.
            rows.append([np.log1p(found.get(t, 0)) * self.word_list_weight for t in self.topics])
        return scipy.sparse.csr_matrix(np.array(rows, dtype=float))

    def _matrix(self, texts: List[str], fit: bool = False) -> scipy.sparse.csr_matrix:
        parts = [self.words.fit_transform(texts), self.chars.fit_transform(texts)] if fit else \
            [self.words.transform(texts), self.chars.transform(texts)]
        extra = self._word_list_features(texts)
        if extra is not None:
            parts.append(extra)
        return scipy.sparse.hstack(parts, format="csr")

    def fit(self, texts: List[str], labels: List[str]) -> "TopicModel":
        self.topics = sorted(set(labels))
        if self.lexicon:
            # Each listed word is also a tiny example of its topic ("gameverslaving" -> middelen).
            for topic, words in self.lexicon.items():
                if topic in self.topics:
                    texts, labels = texts + list(words), labels + [topic] * len(words)
        self.classifier.fit(self._matrix(texts, fit=True), labels)
        self.topics = list(self.classifier.classes_)
        return self

    def probabilities(self, texts: List[str]) -> np.ndarray:
        return self.classifier.predict_proba(self._matrix(texts))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class TopicReader(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "c": 20.0,                 # logistic regression: less regularisation fits rare words
            "sentence_weight": 0.5,    # share of the sentence-by-sentence reading (0: whole message only)
            "min_confidence": 0.15,    # to re-read a topic the classifier gave, or its fallback on one
            "open_confidence": 0.4,    # to replace help-without-topic, out of scope, or an unsure other intent
            "keep_confidence": 0.5,    # another intent this sure of itself stays
            "trust_confidence": 0.9,   # a topic the classifier is this sure of stays
            "word_list": "",           # e.g. data/concepts/topic_words.yml; "" = not used
            "word_list_weight": 1.0,
            "random_state": 42,
        }

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[TopicModel] = None):
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(cls, config, model_storage, resource, execution_context: ExecutionContext) -> "TopicReader":
        return cls(config, model_storage, resource)

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        """The word list is an input Rasa does not see: a change to it means training again."""
        path = {**cls.get_default_config(), **config}.get("word_list")
        digest = hashlib.sha256(Path(__file__).read_bytes())
        if path and Path(path).exists():
            digest.update(Path(path).read_bytes())
        return digest.hexdigest()

    def train(self, training_data: TrainingData) -> Resource:
        texts, labels = [], []
        for example in training_data.intent_examples:
            topic = concepts.topic_from_intent(example.get(INTENT))
            if topic and example.get(TEXT):
                texts.append(example.get(TEXT))
                labels.append(topic)
        if len(set(labels)) >= 2:
            c = self._config
            self._model = TopicModel(c["c"], c["word_list"], c["word_list_weight"], c["random_state"]).fit(texts, labels)
            with self._storage.write_to(self._resource) as directory:
                (directory / MODEL_FILE).write_bytes(pickle.dumps(self._model))
        return self._resource

    @classmethod
    def load(cls, config, model_storage, resource, execution_context, **kwargs) -> "TopicReader":
        try:
            with model_storage.read_from(resource) as directory:
                model = pickle.loads((directory / MODEL_FILE).read_bytes())
        except (ValueError, FileNotFoundError):
            model = None  # no topics in the training data: this step does nothing
        return cls(config, model_storage, resource, model)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    # --- reading ----------------------------------------------------------------------------------

    def topic_scores(self, text: str) -> Dict[str, float]:
        """topic id -> probability, the whole message mixed with its sentences."""
        whole = self._model.probabilities([text])[0]
        parts = sentences(text)
        weight = self._config["sentence_weight"]
        if len(parts) >= 2 and weight > 0:
            whole = (1 - weight) * whole + weight * self._model.probabilities(parts).mean(axis=0)
        return dict(zip(self._model.topics, (float(p) for p in whole)))

    def _needed_confidence(self, message: Message) -> Optional[float]:
        """How sure of a topic this step must be to replace what the classifier said; None
        when the message is not this step's to change."""
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if intent in NEVER_OVERRULED or intent is None:
            return None
        # Under a fallback, the classifier's own first guess is the next one in the ranking.
        said = next((r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != FALLBACK_INTENT), None)
        name = said.get(INTENT_NAME_KEY) if said else intent
        confidence = said.get(PREDICTED_CONFIDENCE_KEY, 0.0) if said else 0.0
        if name in NEVER_OVERRULED:
            return None
        if concepts.topic_from_intent(name) and intent != FALLBACK_INTENT:
            # A topic the classifier is very sure of stays: it knows the short, plain requests.
            return None if confidence >= self._config["trust_confidence"] else self._config["min_confidence"]
        # Not understood ("niet Veghel maar Uden"), or any other intent the classifier is unsure
        # of: only a clear topic counts. A sure "ik zoek hulp" or greeting stays what it is.
        if intent == FALLBACK_INTENT or confidence < self._config["keep_confidence"]:
            return self._config["open_confidence"]
        return None

    def process(self, messages: List[Message]) -> List[Message]:
        if self._model is None:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            needed = self._needed_confidence(message)
            if needed is None or not text.strip() or text.startswith(INTENT_MESSAGE_PREFIX):
                continue
            scores = self.topic_scores(text)
            best = max(scores, key=scores.get)
            if scores[best] < needed:
                continue
            topics = [{INTENT_NAME_KEY: concepts.TOPIC_INTENT_PREFIX + t, PREDICTED_CONFIDENCE_KEY: p}
                      for t, p in sorted(scores.items(), key=lambda item: -item[1])]
            others = [r for r in message.get(INTENT_RANKING_KEY) or []
                      if not concepts.topic_from_intent(r.get(INTENT_NAME_KEY)) and r.get(INTENT_NAME_KEY) != FALLBACK_INTENT]
            message.set(INTENT, dict(topics[0]), add_to_output=True)
            message.set(INTENT_RANKING_KEY, topics + others, add_to_output=True)
        return messages
