"""Rasa's logistic regression intent classifier, with its input matrix built by a public method.

Rasa 3.6.21's LogisticRegressionClassifier (rasa.nlu.classifiers.logistic_regression_classifier)
builds the matrix it trains and predicts on in the private `_create_X(messages)`. It is
overridden here, once, handing the messages to `input_matrix`, which a subclass may
implement and which builds Rasa's own matrix until it does. Checked against the versions in
compat/versions.py.
"""
from __future__ import annotations

from typing import List

import scipy.sparse
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.training_data.message import Message


class LogisticRegressionClassifierWithPublicInput(LogisticRegressionClassifier):
    def input_matrix(self, messages: List[Message]) -> scipy.sparse.csr_matrix:
        """One row per message (Rasa's own: from Message.get_sparse_features and get_dense_features)."""
        return LogisticRegressionClassifier._create_X(self, messages)

    def _create_X(self, messages: List[Message]) -> scipy.sparse.csr_matrix:
        return self.input_matrix(messages)
