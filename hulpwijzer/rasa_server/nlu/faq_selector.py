"""The ResponseSelector for frequent questions, run only on messages that are one.

Rasa runs every pipeline step on every message. The ResponseSelector picks which frequent
question (`faq/...`) was asked; its answer is only used when the intent is `faq`, yet it cost
14% of the Rasa server's time on every message (make bench --profile, docs/performance.md).
On a message with any other intent it is now skipped, and nothing else changes.
"""
from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class FaqResponseSelector(ResponseSelector):
    def process(self, messages: List[Message]) -> List[Message]:
        asked = [m for m in messages if (m.get(INTENT) or {}).get(INTENT_NAME_KEY) == self.retrieval_intent]
        if asked:
            super().process(asked)
        return messages
