"""Places in a message, found with the place table: a Rasa NLU entity extractor.

The place table (hulpwijzer/core/places.py, from data/concepts/gemeenten.yml) already knows every
woonplaats, village and district of the region, places outside it, spellings and typos; the
form uses it to turn a place into a gemeente. Finding the place with the same table keeps
one definition of "a place", and leaves the classifier intents only: DIET's entity recognition
(a CRF), used before, cost about 400 MB of the Rasa server's memory and did not find places better
(docs/nlu-evaluation.md, docs/performance.md).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.nlu.constants import (
    ENTITIES, ENTITY_ATTRIBUTE_CONFIDENCE, ENTITY_ATTRIBUTE_END, ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE, ENTITY_ATTRIBUTE_VALUE, TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from hulpwijzer.core import places

PLACE_ENTITY = "plaats"


def place_entities(text: str) -> List[Dict[Text, Any]]:
    """The `plaats` entity for the first place named in `text`, as Rasa writes entities."""
    if not text or text.startswith(INTENT_MESSAGE_PREFIX):
        return []  # "/hulp_pesten" is a button payload, not typed text
    mention = places.find(text)
    if mention is None:
        return []
    return [{
        ENTITY_ATTRIBUTE_TYPE: PLACE_ENTITY,
        ENTITY_ATTRIBUTE_START: mention.start,
        ENTITY_ATTRIBUTE_END: mention.end,
        ENTITY_ATTRIBUTE_VALUE: text[mention.start:mention.end],
        ENTITY_ATTRIBUTE_CONFIDENCE: 1.0,
    }]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class PlaceExtractor(GraphComponent, EntityExtractorMixin):
    """Adds the `plaats` entity when a message names a place the place table knows."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "PlaceExtractor":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            found = self.add_extractor_name(place_entities(message.get(TEXT) or ""))
            if found:
                message.set(ENTITIES, [*message.get(ENTITIES, []), *found], add_to_output=True)
        return messages
