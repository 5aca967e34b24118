"""Rasa's REST channel, with the reading of a request done by public methods of our own.

Rasa 3.6.21's RestInput reads every POST /webhooks/rest/webhook through three private methods,
`_extract_sender` (async), `_extract_message` and `_extract_input_channel`, which a channel
that reads the request its own way has to override. They are overridden here, once, each
handing the request to a public method (read_sender_id, read_message_text,
read_input_channel) that a subclass implements and that does Rasa's own reading until it does.
`get_metadata` is Rasa's public hook for the metadata and needs no such step. Checked against
the versions in compat/versions.py.
"""
from __future__ import annotations

from typing import Optional, Text

from rasa.core.channels.rest import RestInput
from sanic.request import Request


class RestInputWithPublicReaders(RestInput):
    async def read_sender_id(self, request: Request) -> Optional[Text]:
        """The conversation id of the message (Rasa's own: the JSON's `sender`)."""
        return await RestInput._extract_sender(self, request)

    def read_message_text(self, request: Request) -> Optional[Text]:
        """The text of the message (Rasa's own: the JSON's `message`)."""
        return RestInput._extract_message(self, request)

    def read_input_channel(self, request: Request) -> Text:
        """The channel name stored with the message (Rasa's own: the JSON's `input_channel` or the name)."""
        return RestInput._extract_input_channel(self, request)

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        return await self.read_sender_id(req)

    def _extract_message(self, req: Request) -> Optional[Text]:
        return self.read_message_text(req)

    def _extract_input_channel(self, req: Request) -> Text:
        return self.read_input_channel(req)
