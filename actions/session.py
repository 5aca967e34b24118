"""Session start: a web page for one gemeente (data-gemeente="Oss") tells us where the user
lives, so parents on oss.nl are never asked for their place."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from hulpwijzer.core import concepts


def gemeente_from_metadata(metadata: Any):
    if isinstance(metadata, dict):
        value = metadata.get("gemeente")
        if isinstance(value, str) and value in concepts.gemeente_names():
            return value
    return None


class ActionSessionStart(Action):
    def name(self) -> Text:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        events: List[EventType] = [SessionStarted()]
        gemeente = gemeente_from_metadata(tracker.get_slot("session_started_metadata"))
        if gemeente:
            events.append(SlotSet("gemeente", gemeente))
        events.append(ActionExecuted("action_listen"))
        return events
