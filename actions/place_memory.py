"""action_plaats_onthouden: a place named in any message is kept, whatever the intent
("hoi, wij wonen in Uden" is a greeting, and still the bot knows the gemeente), and a
correction ("nee, ik bedoel Uden", "niet Veghel maar Uden") replaces it.

Rasa runs it after every user message: it is the custom slot mapping of `gemeente`
(bot/domain/core.yml). The help form reads the place the same way (actions/help_form.py).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.help_form import caught_by_crisis_net
from hulpwijzer.core.place_mentions import meant_place


def place_slots(tracker: Tracker) -> List[SlotSet]:
    """The slot events for the place the latest message means (none when it names none)."""
    if caught_by_crisis_net(tracker):
        # A crisis stops the help form (data/rules/understanding.yml). Filling the form's slot
        # here would let Rasa finish the form with a help answer instead of the crisis lines.
        return []
    match = meant_place(tracker.latest_message.get("text") or "", tracker.get_latest_entity_values("plaats"))
    if match is None:
        return []
    if match.in_region:
        return [SlotSet("gemeente", match.gemeente), SlotSet("plaats_buiten_regio", None)]
    # Outside the region: an honest answer later, not the wrong gemeente's help.
    return [SlotSet("gemeente", None), SlotSet("plaats_buiten_regio", match.place)]


class ActionPlaatsOnthouden(Action):
    def name(self) -> Text:
        return "action_plaats_onthouden"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List:
        return place_slots(tracker)
