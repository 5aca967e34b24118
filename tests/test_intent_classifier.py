"""The intent classifier answers a message without words instead of failing on it.

Empty text through the REST channel is tested in tests/test_bad_input.py.
"""
from __future__ import annotations

import scipy.sparse
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

from nlu_components.intent_classifier import IntentClassifier


def _with_words(text: str) -> Message:
    message = Message(data={TEXT: text})
    message.add_features(Features(scipy.sparse.coo_matrix([[1.0, 0.0]]), FEATURE_TYPE_SENTENCE, TEXT, "words"))
    return message


def test_a_message_without_features_gets_no_intent_and_the_rest_are_classified(monkeypatch):
    classified = []

    def classify(self, messages):
        for m in messages:
            classified.append(m)
            m.set("intent", {"name": "begroeten", "confidence": 0.9})
        return messages

    monkeypatch.setattr(LogisticRegressionClassifier, "process", classify)
    classifier = IntentClassifier.__new__(IntentClassifier)
    empty, hello = Message(data={TEXT: ""}), _with_words("hallo")

    assert classifier.process([empty, hello]) == [empty, hello]
    assert classified == [hello]
    assert empty.get("intent") == {"name": None, "confidence": 0.0}
    assert empty.get("intent_ranking") == []
    assert hello.get("intent")["name"] == "begroeten"
