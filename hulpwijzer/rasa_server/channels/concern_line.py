"""The one extra line after the normal answer to a worrying (not acute) message.

The crisis net (hulpwijzer/rasa_server/nlu/crisis.py) marks such a message `crisis: {level: concern,
kind: ...}` in its parse result and fills the slots crisis_kind and crisis_asker. After the
bot has given its normal answer, the guard (hulpwijzer/rasa_server/channels/guarded.py) asks this module for the
fitting line: the response `utter_zorg_<kind>` of bot/domain/safety.yml, with the variation
for the asker picked by Rasa's own response generator. The line is sent, not stored.
"""
from __future__ import annotations

from typing import Any, Dict, Optional

CONCERN = "concern"
CONCERN_RESPONSE_PREFIX = "utter_zorg_"  # + a kind of hulpwijzer/rasa_server/nlu/crisis_net.py KINDS


def concern_of(parse_data: Optional[Dict[str, Any]]) -> Optional[str]:
    """The kind of worry when the crisis net marked this parse result as concern, else None."""
    crisis = (parse_data or {}).get("crisis") or {}
    return crisis.get("kind") if crisis.get("level") == CONCERN else None


async def concern_line(agent, sender_id: str, channel_name: str) -> Optional[Dict[str, Any]]:
    """The response to send after the answer, or None when the latest message was not a concern."""
    if agent is None or agent.tracker_store is None:
        return None
    tracker = await agent.tracker_store.retrieve(sender_id)
    if tracker is None or tracker.latest_message is None:
        return None
    kind = concern_of(tracker.latest_message.parse_data)
    if kind is None:
        return None
    return await agent.nlg.generate(f"{CONCERN_RESPONSE_PREFIX}{kind}", tracker, channel_name)
