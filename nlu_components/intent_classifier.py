"""Rasa's logistic regression intent classifier, made safe for a message without words.

Rasa 3.6's LogisticRegressionClassifier fails on a message with no features (empty text, only
spaces): scikit-learn refuses an empty row, and the whole message is lost. Such a message now
gets no intent, as DIET gave it, so the FallbackClassifier after it turns it into
`nlu_fallback` and the bot asks what the person means.
"""
from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message


def _has_features(message: Message) -> bool:
    sparse_sentence, dense_sentence = message.get_sparse_features(TEXT)[1], message.get_dense_features(TEXT)[1]
    return sparse_sentence is not None or dense_sentence is not None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class IntentClassifier(LogisticRegressionClassifier):
    def process(self, messages: List[Message]) -> List[Message]:
        readable = []
        for message in messages:
            if _has_features(message):
                readable.append(message)
            else:
                message.set(INTENT, {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
        if readable:
            super().process(readable)
        return messages
