"""The help form: which topic, which gemeente (one question at a time), and who asks.

Slots are read from the latest message: the topic from the intent (hulp_<topic>), the
gemeente from the `plaats` entity or the text (via the place table), the audience from
clear signals in the text. A message the crisis net caught fills nothing, so the form
steps aside and the crisis answer comes first.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from hulpwijzer.core import concepts, places
from hulpwijzer.core.audience import infer_audience
from hulpwijzer.core.place_mentions import meant_place
from hulpwijzer.core.topic_choice import close_topics

CRISIS_INTENT = "crisis"
OUTSIDE_MARK = "buiten-regio:"
TOPIC_BUTTONS = 6  # more buttons than this is hard to read on a phone


def caught_by_crisis_net(tracker: Tracker) -> bool:
    """The latest message is a crisis: the form must not take anything from it (the crisis rule
    in data/rules/understanding.yml stops the form instead)."""
    return _latest_intent(tracker) == CRISIS_INTENT


def _latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _place_in_message(tracker: Tracker) -> Optional[places.PlaceMatch]:
    # Corrections count: "niet Veghel maar Uden" is Uden (hulpwijzer/core/place_mentions.py).
    return meant_place(tracker.latest_message.get("text") or "", tracker.get_latest_entity_values("plaats"))


class ValidateHulpForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_hulp_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        # Someone outside the region gets an honest answer, not the same question again.
        if tracker.get_slot("plaats_buiten_regio"):
            return [slot for slot in domain_slots if slot != "gemeente"]
        return domain_slots

    async def extract_topic(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        if caught_by_crisis_net(tracker):
            return {}
        topic = concepts.topic_from_intent(_latest_intent(tracker))
        # Two topics close together: no guess; action_ask_topic names both as buttons.
        if topic and close_topics(tracker.latest_message):
            return {}
        return {"topic": topic} if topic else {}

    def validate_topic(self, value, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        # rasa-sdk keeps only form slots from extraction; other slots are set here.
        slots: Dict[Text, Any] = {"topic": value}
        audience = infer_audience(tracker.latest_message.get("text") or "")
        if audience:
            slots["doelgroep"] = audience
        return slots

    async def extract_gemeente(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        if caught_by_crisis_net(tracker):
            return {}
        match = _place_in_message(tracker)
        if match is None:
            return {}
        # A place outside the region travels as a marked value to validate_gemeente,
        # which turns it into the plaats_buiten_regio slot.
        return {"gemeente": match.gemeente if match.in_region else OUTSIDE_MARK + match.place}

    def validate_gemeente(self, value, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        # "ik ben 14, we wonen in Oss": who asks is often said with the place, not the topic.
        audience = infer_audience(tracker.latest_message.get("text") or "")
        who = {"doelgroep": audience} if audience else {}
        if isinstance(value, str) and value.startswith(OUTSIDE_MARK):
            return {"gemeente": None, "plaats_buiten_regio": value[len(OUTSIDE_MARK):], **who}
        if value in concepts.gemeente_names():
            return {"gemeente": value, "plaats_buiten_regio": None, **who}
        return {"gemeente": None, **who}


class ActionAskTopic(Action):
    """Asks for the topic with buttons made from data/concepts/topics.yml; when the message
    was close to two topics, with just those two ("Gaat het vooral over ..., of over ...?")."""

    def name(self) -> Text:
        return "action_ask_topic"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        close = close_topics(tracker.latest_message)
        if close:
            first, second = (concepts.topic(t) for t in close)
            buttons = [{"title": t.label, "payload": f"/{concepts.TOPIC_INTENT_PREFIX}{t.id}"} for t in (first, second)]
            dispatcher.utter_message(response="utter_ask_topic_twee", buttons=buttons,
                                     eerste=first.label.lower(), tweede=second.label.lower())
            return []
        buttons = [
            {"title": topic.label, "payload": f"/{concepts.TOPIC_INTENT_PREFIX}{topic.id}"}
            for topic in concepts.topics()
        ]
        dispatcher.utter_message(response="utter_ask_topic", buttons=buttons)
        return []
