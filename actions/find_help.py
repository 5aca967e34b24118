"""action_zoek_hulp: answers with the best help for the topic, gemeente and asker.

Each organisation is one message: the text (messengers, REST) and, for the web chat, a card
(`custom` payload, type "hulpkaart") with tel: and web links and short labels."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from hulpwijzer.core import concepts, replies
from hulpwijzer.core.asker_question import ASKED_SLOT, CHOSE_ASKER_INTENT, LAST_TOPIC_SLOT, should_ask
from hulpwijzer.core.directory.lookup import compose, national_lines
from hulpwijzer.core.directory.store import get_store

# Load and check the directory when the action server imports this module: a broken file
# stops the server at start-up with a clear error, instead of failing in a conversation.
get_store()


# Only the web chat draws cards; messengers (Telegram, WhatsApp) would send a custom payload as
# an empty or broken message, so they get the text alone (numbers written out: phones link them).
CARD_CHANNELS = ("socketio",)


def send_card(dispatcher: CollectingDispatcher, card: replies.Card, channel: str = "") -> None:
    if channel in CARD_CHANNELS:
        # Rasa's socket.io channel emits the custom payload's "data" as the bot message.
        dispatcher.utter_message(text=card.text, json_message={"data": {"hulpkaart": {**card.data, "tekst": card.text}}})
    else:
        dispatcher.utter_message(text=card.text)


def _latest_intent(tracker: Tracker):
    return (tracker.latest_message.get("intent") or {}).get("name")


class ActionZoekHulp(Action):
    def name(self) -> Text:
        return "action_zoek_hulp"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List:
        topic_id = tracker.get_slot("topic")
        if not topic_id and _latest_intent(tracker) == CHOSE_ASKER_INTENT:
            topic_id = tracker.get_slot(LAST_TOPIC_SLOT)  # the answer again, now for this person
        gemeente = tracker.get_slot("gemeente")
        doelgroep = tracker.get_slot("doelgroep")
        services = get_store().services
        channel = tracker.get_latest_input_channel() or ""
        outside = tracker.get_slot("plaats_buiten_regio")
        if outside and not gemeente:
            dispatcher.utter_message(text=replies.outside_region_message(outside, list(concepts.gemeente_names())))
            for service in national_lines(services, doelgroep):
                send_card(dispatcher, replies.service_card(service), channel)
            return [SlotSet("plaats_buiten_regio", None)]
        if topic_id not in concepts.topic_ids():
            dispatcher.utter_message(response="utter_ask_topic")
            return []
        dispatcher.utter_message(text=replies.intro_message(concepts.topic(topic_id).label, gemeente, doelgroep))
        for card in compose(services, topic_id, gemeente, doelgroep):
            send_card(dispatcher, card, channel)
        # A next question starts fresh on the topic; the place stays.
        events = [SlotSet("topic", None), SlotSet(LAST_TOPIC_SLOT, topic_id)]
        if should_ask(services, topic_id, gemeente, doelgroep, bool(tracker.get_slot(ASKED_SLOT))):
            # Help for both came first (nobody waits for help); one question makes it fit,
            # in place of "anything else?". A click answers again for that person.
            dispatcher.utter_message(response="utter_ask_doelgroep")
            events += [SlotSet(ASKED_SLOT, True), FollowupAction("action_listen")]
        return events
