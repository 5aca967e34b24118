"""Second miss in a row: offer a person instead of asking again."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from hulpwijzer.core.directory.lookup import compose
from hulpwijzer.core.directory.store import get_store

GENERAL_TOPIC = "jeugdhulp"


class ActionPersoonAanbieden(Action):
    def name(self) -> Text:
        return "action_persoon_aanbieden"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List:
        gemeente = tracker.get_slot("gemeente")
        dispatcher.utter_message(response="utter_mens_aanbieden")
        if not gemeente:
            dispatcher.utter_message(response="utter_plaats_voor_mens")
        for card in compose(get_store().services, GENERAL_TOPIC, gemeente, tracker.get_slot("doelgroep")):
            dispatcher.utter_message(text=card.text)
        return []
