"""A messenger address (a phone number, a Telegram chat id) never reaches Rasa.

Rasa keys every conversation by its sender id, and stores and logs it. On WhatsApp that would
be the pupil's phone number. So the messenger channels give Rasa a pseudonym instead: a keyed
hash of the address (the same address gives the same pseudonym, so a conversation goes on),
and the answers go to the real address, which is only kept in memory while the message is
handled. The key is the channel's own secret token: a new token starts new conversations.
"""
from __future__ import annotations

import hashlib
import hmac
from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import OutputChannel, UserMessage

Handler = Callable[[UserMessage], Awaitable[Any]]


def pseudonym(address: str, key: str, prefix: str) -> str:
    digest = hmac.new(key.encode("utf-8"), address.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{prefix}-{digest[:32]}"


class ToAddress:
    """The channel's output, but every `send_*` goes to the real address, whatever id Rasa gives."""

    def __init__(self, inner: OutputChannel, address: str):
        self.inner = inner
        self.address = address

    def name(self) -> Text:
        return self.inner.name()

    def __getattr__(self, item: str) -> Any:
        attribute = getattr(self.inner, item)
        if not (item.startswith("send_") and callable(attribute)):
            return attribute

        async def to_address(recipient_id: Text, *args: Any, **kwargs: Any) -> Any:
            return await attribute(self.address, *args, **kwargs)

        return to_address


def pseudonymous(handler: Handler, key: str, prefix: str) -> Handler:
    async def handle(message: UserMessage) -> None:
        address = str(message.sender_id)
        message.output_channel = ToAddress(message.output_channel, address)
        message.sender_id = pseudonym(address, key, prefix)
        await handler(message)

    return handle
