"""The intent classifier answers a message without words instead of failing on it.

Empty text through the REST channel is tested in tests/e2e/test_bad_input.py.
"""
from __future__ import annotations

import scipy.sparse
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

from hulpwijzer.rasa_server.nlu.intent_classifier import IntentClassifier, sentence_row


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


def _message_with_all_feature_kinds(text: str) -> Message:
    """Sentence and sequence features from three featurizers, sparse and dense, as in a pipeline."""
    import numpy as np

    message = Message(data={TEXT: text})
    tokens = len(text.split())
    for origin, width in (("regex", 3), ("words", 5), ("chars", 7)):
        sequence = scipy.sparse.random(tokens, width, density=0.5, format="coo", random_state=width)
        message.add_features(Features(sequence, FEATURE_TYPE_SEQUENCE, TEXT, origin))
        sentence = scipy.sparse.coo_matrix(sequence.sum(axis=0))
        message.add_features(Features(sentence, FEATURE_TYPE_SENTENCE, TEXT, origin))
    message.add_features(Features(np.array([[0.25, 0.5]]), FEATURE_TYPE_SENTENCE, TEXT, "dense"))
    return message


def test_the_input_row_is_the_matrix_rasa_builds():
    """Our row (sentence features only, built once) equals Rasa's own _create_X, column by column."""
    messages = [_message_with_all_feature_kinds("mijn zoon wordt gepest"), _message_with_all_feature_kinds("hoi")]
    classifier = IntentClassifier.__new__(IntentClassifier)
    rasa_matrix = LogisticRegressionClassifier._create_X(classifier, messages)
    classifier._rows = [sentence_row(m) for m in messages]
    ours = classifier._create_X(messages)
    assert ours.shape == rasa_matrix.shape == (2, 3 + 5 + 7 + 2)
    assert (ours != rasa_matrix).nnz == 0


def test_the_trained_model_classifies_as_before(trained_model):
    """The same intents and confidences as Rasa's own classifier, on the real model."""
    from rasa.core.agent import load_agent
    import asyncio

    agent = asyncio.run(load_agent(model_path=str(trained_model)))
    texts = ["hoi", "mijn zoon wordt gepest", "we wonen in Oss", "is het gratis?", "krakel snurf", ""]
    ours = [asyncio.run(agent.parse_message(t))["intent_ranking"][:3] for t in texts]
    original = IntentClassifier.input_matrix
    try:
        IntentClassifier.input_matrix = lambda self, messages: LogisticRegressionClassifier._create_X(self, messages)
        rasa = [asyncio.run(agent.parse_message(t))["intent_ranking"][:3] for t in texts]
    finally:
        IntentClassifier.input_matrix = original
    assert ours == rasa
