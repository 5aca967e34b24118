"""Rasa's REST and socket.io channels with a guard in front of the bot.

The guard, for every incoming message, before Rasa sees it:
- bounds the size (MAX_MESSAGE_CHARS; the start and the end are kept, so a cry for help at
  the end of a long story still reaches the crisis net) and drops control characters;
- redacts personal data (hulpwijzer/core/redaction.py), so logs, NLU and store never see it;
- limits each sender (hulpwijzer/rasa_server/channels/sender_guard.py): a flooding sender gets a short answer
  at once instead of a place in the queue, so others are not slowed down;
and after the bot has answered:
- a worrying (not acute) message gets one more line with the fitting help line
  (hulpwijzer/rasa_server/channels/concern_line.py);
- never silence: when handling failed, nothing was said, or the action server is down, the
  user gets the degraded answer (hulpwijzer/rasa_server/channels/degraded_answer.py) with checked contacts.
Errors are logged by type only: no message text, no sender id (AVG).

Configured in bot/credentials.yml under the module paths of the classes below; the URLs stay
the same (/webhooks/rest/webhook, /socket.io). The messengers (hulpwijzer/rasa_server/channels/telegram.py,
hulpwijzer/rasa_server/channels/whatsapp.py) use the same Guard.
"""
from __future__ import annotations

import json
import logging
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import aiohttp
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput
from rasa.shared.core.trackers import DialogueStateTracker
from sanic.exceptions import InvalidUsage as BadRequest  # Sanic 21.12 name of 400
from sanic.request import Request

import hulpwijzer.rasa_server.compat
from hulpwijzer import config
from hulpwijzer.rasa_server.channels.concern_line import concern_line
from hulpwijzer.rasa_server.channels.degraded_answer import degraded_answer, gemeente_in
from hulpwijzer.rasa_server.channels.sender_guard import SenderGuard
from hulpwijzer.rasa_server.compat.rest_input import RestInputWithPublicReaders
from hulpwijzer.rasa_server.compat.running_agent import running_agent
from hulpwijzer.core.redaction import redact
from hulpwijzer.core.texts import channel_text

logger = logging.getLogger(__name__)

# Every served bot loads this module, so this is where our fixes to Rasa itself go in.
hulpwijzer.rasa_server.compat.install()

MAX_MESSAGE_CHARS = int(config.number("MAX_MESSAGE_CHARS", 2000))
NOT_JSON_TEXT = 'Send JSON: {"sender": "<conversation id>", "message": "<text>"}.'
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ACTION_HEALTH_TIMEOUT_SECONDS = 2.0

Handler = Callable[[UserMessage], Awaitable[Any]]


def clean_text(text: Any) -> str:
    """The message as a bounded, printable string (a number counts as text; a list does not)."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        text = ""
    # Lone surrogates (JSON "\ud800") cannot be stored or sent as UTF-8.
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = CONTROL_CHARACTERS.sub(" ", text)
    if len(text) > MAX_MESSAGE_CHARS:
        half = (MAX_MESSAGE_CHARS - 3) // 2
        text = text[:half] + " … " + text[-half:]
    return redact(text)


class CountingOutput(OutputChannel):
    """Passes every bot message on to the real channel and counts them."""

    def __init__(self, inner: OutputChannel):
        self.inner = inner
        self.sent = 0

    def name(self) -> Text:  # the real channel's name: Rasa picks channel-specific responses by it
        return self.inner.name()

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)

    def __getattr__(self, item: str) -> Any:  # e.g. `messages` of the REST collector
        return getattr(self.inner, item)


class ActionServerProbe:
    """Is the action server up? Asked after every message (a loopback GET of a few ms).

    Rasa itself only logs a failed custom action and goes on, so the user might get half an
    answer; asking each time (no cache) means the message right after the action server
    stops already gets the degraded answer.
    """

    def __init__(self, webhook_url: Optional[str]):
        self.health_url = re.sub(r"/webhook/?$", "/health", webhook_url) if webhook_url else None

    async def healthy(self) -> bool:
        if not self.health_url:
            return True
        try:
            timeout = aiohttp.ClientTimeout(total=ACTION_HEALTH_TIMEOUT_SECONDS)
            async with aiohttp.ClientSession(timeout=timeout) as session:
                async with session.get(self.health_url) as response:
                    return response.status == 200
        except Exception:  # refused, timed out, reset: all mean "not available now"
            return False


async def stored_tracker(sender_id: str) -> Optional[DialogueStateTracker]:
    """The stored conversation of this sender, or None when there is none or the store fails."""
    try:
        agent = running_agent()
        return await agent.tracker_store.retrieve(sender_id) if agent else None
    except Exception:
        return None


class Guard:
    def __init__(self) -> None:
        self.senders = SenderGuard()
        # ACTION_SERVER_URL is the name Rasa's Helm chart gives the same URL.
        self.action_server = ActionServerProbe(config.setting("ACTION_ENDPOINT_URL") or config.setting("ACTION_SERVER_URL"))

    async def _known_gemeente(self, sender_id: str) -> Optional[str]:
        """The gemeente slot of this conversation, if the store can tell."""
        tracker = await stored_tracker(sender_id)
        return tracker.get_slot("gemeente") if tracker else None

    async def _send_degraded_answer(self, message: UserMessage, output: OutputChannel) -> None:
        gemeente = gemeente_in(message.text) or await self._known_gemeente(message.sender_id)
        for text in degraded_answer(gemeente):
            await output.send_text_message(message.sender_id, text)

    async def _add_concern_line(self, message: UserMessage, output: OutputChannel) -> None:
        """After the normal answer to a worrying message: the line with the fitting help line."""
        try:
            line = await concern_line(running_agent(), message.sender_id, output.name())
        except Exception as error:  # the normal answer has gone out; log the type only
            logger.error("Adding the concern line failed (%s).", type(error).__name__)
            return
        if line and line.get("text"):
            await output.send_response(message.sender_id, {"text": line["text"]})

    def wrap(self, on_new_message: Handler) -> Handler:
        async def guarded(message: UserMessage) -> None:
            sender = message.sender_id or ""
            if not self.senders.try_enter(sender):
                await message.output_channel.send_text_message(message.sender_id, channel_text("te_veel_berichten"))
                return
            real_output = message.output_channel
            counting = CountingOutput(real_output)
            message.output_channel = counting
            message.text = clean_text(message.text)
            failed = False
            try:
                await on_new_message(message)
            except Exception as error:  # logged by type only: the text may be personal
                failed = True
                logger.error("Handling a message failed (%s); sent the degraded answer.", type(error).__name__)
            finally:
                self.senders.leave(sender)
            if not failed and counting.sent:
                await self._add_concern_line(message, real_output)
            if failed or counting.sent == 0 or not await self.action_server.healthy():
                if not failed and counting.sent:
                    logger.warning("The action server is down; added the degraded answer.")
                await self._send_degraded_answer(message, real_output)

        return guarded


def allowed_origins() -> List[str]:
    """The web sites that may use the chat: CORS_ORIGINS, as `make run` passes to --cors."""
    from hulpwijzer.config import load

    return load().cors_origins


class GuardedRestInput(RestInputWithPublicReaders):
    """POST /webhooks/rest/webhook, guarded."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @staticmethod
    def _body(req: Request) -> Dict[Text, Any]:
        """The JSON object sent. Invalid UTF-8 is read with replacement characters; a body
        that is not JSON at all is a broken client: 400 with what to send instead."""
        if not hasattr(req.ctx, "guarded_body"):
            try:
                body = json.loads(req.body.decode("utf-8", "replace") or "null")
            except ValueError:
                raise BadRequest(NOT_JSON_TEXT) from None
            req.ctx.guarded_body = body if isinstance(body, dict) else {}
        return req.ctx.guarded_body

    def read_message_text(self, request: Request) -> Optional[Text]:
        return clean_text(self._body(request).get("message"))

    async def read_sender_id(self, request: Request) -> Optional[Text]:
        """The sender id; without a usable one, a new id for this message alone (never
        Rasa's shared "default" conversation, where strangers would share context)."""
        sender = self._body(request).get("sender")
        if isinstance(sender, (str, int)) and not isinstance(sender, bool) and str(sender).strip():
            return str(sender)[:255]
        return f"anonymous-{uuid.uuid4().hex}"

    def read_input_channel(self, request: Request) -> Text:
        return self.name()

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        metadata = self._body(request).get("metadata")
        return metadata if isinstance(metadata, dict) else None

    def blueprint(self, on_new_message: Handler):
        return super().blueprint(Guard().wrap(on_new_message))


class GuardedSocketIOInput(SocketIOInput):
    """The web chat's socket.io channel, guarded."""

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(self, on_new_message: Handler):
        blueprint = super().blueprint(Guard().wrap(on_new_message))
        # Rasa switches socket.io's own origin check off and relies on --cors, which browsers
        # do not apply to WebSockets: so check the Origin here, against the same list.
        self.sio.eio.cors_allowed_origins = allowed_origins()
        return blueprint
