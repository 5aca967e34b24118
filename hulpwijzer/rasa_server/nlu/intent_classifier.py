"""Rasa's logistic regression intent classifier, made safe for a message without words and
with its input built once per message.

Rasa 3.6's LogisticRegressionClassifier fails on a message with no features (empty text, only
spaces): scikit-learn refuses an empty row, and the whole message is lost. Such a message now
gets no intent, as DIET gave it, so the FallbackClassifier after it turns it into
`nlu_fallback` and the bot asks what the person means.

Its input row is the message's sentence features side by side (sparse ones first, then dense
ones, each in pipeline order), as Rasa builds it. Rasa builds it through
`Message.get_sparse_features`, which also copies and joins the per-word (sequence) features
the classifier never uses: that was 14% of the Rasa server's time under load
(docs/performance.md). Here the row is joined from the sentence features alone; it is the
same matrix (tests/integration/test_intent_classifier.py compares them).
"""
from __future__ import annotations

from typing import List, Optional

import scipy.sparse
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from hulpwijzer.rasa_server.compat.logistic_regression_input import LogisticRegressionClassifierWithPublicInput


def sentence_row(message: Message) -> Optional[scipy.sparse.csr_matrix]:
    """The classifier's input for one message (1 x n), or None when it has no features."""
    sentence = [f for f in message.features if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE]
    parts = [f.features for f in sentence if f.is_sparse()] + [f.features for f in sentence if f.is_dense()]
    if not parts:
        return None
    return scipy.sparse.hstack([scipy.sparse.csr_matrix(part) for part in parts], format="csr")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class IntentClassifier(LogisticRegressionClassifierWithPublicInput):
    def process(self, messages: List[Message]) -> List[Message]:
        readable, rows = [], []
        for message in messages:
            row = sentence_row(message)
            if row is not None:
                readable.append(message)
                rows.append(row)
            else:
                message.set(INTENT, {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
        if readable:
            self._rows = rows
            try:
                super().process(readable)
            finally:
                self._rows = None
        return messages

    def input_matrix(self, messages: List[Message]) -> scipy.sparse.csr_matrix:
        rows = getattr(self, "_rows", None)
        if rows is None or len(rows) != len(messages):  # training: Rasa's own way, unchanged
            return super().input_matrix(messages)
        return scipy.sparse.vstack(rows, format="csr")
