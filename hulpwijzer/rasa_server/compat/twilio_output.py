"""Rasa's Twilio output channel, with the sending done by a public method.

Rasa 3.6.21's TwilioOutput (rasa.core.channels.twilio) sends every text, image and custom
message through the private `_send_message(message_data)`. It is overridden here, once,
handing the message to `send_to_twilio`, which a subclass may implement and which sends as
Rasa does until it does. Checked against the versions in compat/versions.py.
"""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa.core.channels.twilio import TwilioOutput


class TwilioOutputWithPublicSend(TwilioOutput):
    async def send_to_twilio(self, message_data: Dict[Text, Any]) -> Any:
        """Send one message (Rasa's own: Twilio's synchronous client, with retries, on the event loop)."""
        return await TwilioOutput._send_message(self, message_data)

    async def _send_message(self, message_data: Dict[Text, Any]) -> Any:
        return await self.send_to_twilio(message_data)
