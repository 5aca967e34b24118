"""Rasa's Telegram channel for pupils, behind the messenger guard (hulpwijzer/rasa_server/channels/messenger.py).

Added to Rasa's connector (rasa.core.channels.telegram), nothing else changed:
- TELEGRAM_API_BASE chooses the Bot API server (default https://api.telegram.org; the tests
  use a local stand-in);
- the webhook is registered after the server has started, in the background: start-up never
  waits for Telegram and an offline start only logs a warning (GET /webhooks/telegram/set_webhook
  tries again). It is registered with a secret that Telegram sends back with every update;
  an update without it is refused (403), so nobody else can make the bot send messages;
- choices are shown one per row (Rasa's default puts them all on one row, unreadable on a phone),
  and a pressed button stops spinning (answerCallbackQuery);
- updates that are no message (a pupil blocks the bot, ...) are acknowledged and ignored;
  a message without text is passed on empty, and answered (hulpwijzer/rasa_server/channels/messenger.py);
- the bot's own name (getMe) is asked once, not for every message.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from typing import Any, Dict, List, Optional, Text

from aiogram.bot import api
from aiogram.types import User
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from sanic import Blueprint, response
from sanic.request import Request

from hulpwijzer import config
from hulpwijzer.rasa_server.channels.messenger import Handler, messenger_handler

logger = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://api.telegram.org"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
UPDATES_WE_READ = ("message", "edited_message", "callback_query")
WEBHOOK_TIMEOUT_SECONDS = 30


def webhook_secret(access_token: str) -> str:
    """Derived from the bot token, so there is nothing extra to set up (Telegram allows [0-9a-f])."""
    return hmac.new(access_token.encode(), b"hulpwijzer telegram webhook", hashlib.sha256).hexdigest()


class HulpwijzerTelegramOutput(TelegramOutput):
    def __init__(self, access_token: Optional[Text], secret: str, api_base: Optional[str] = None) -> None:
        super().__init__(access_token)
        self.server = api.TelegramAPIServer.from_base(api_base or config.setting("TELEGRAM_API_BASE") or DEFAULT_API_BASE)
        self.secret = secret
        self._me: Optional[User] = None

    async def get_me(self) -> User:
        if self._me is None:
            self._me = await super().get_me()
        return self._me

    async def set_webhook(self, url: Text, *args: Any, **kwargs: Any) -> bool:
        """aiogram 2.15 predates secret_token, so the request is made here."""
        payload = {"url": url, "secret_token": self.secret, "allowed_updates": json.dumps(UPDATES_WE_READ)}
        return await self.request(api.Methods.SET_WEBHOOK, payload)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     button_type: Optional[Text] = None, **kwargs: Any) -> None:
        await super().send_text_with_buttons(recipient_id, text, buttons, button_type=button_type or "vertical", **kwargs)


class GuardedTelegramInput(TelegramInput):
    """POST /webhooks/telegram/webhook, guarded."""

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    def __init__(self, access_token: Optional[Text], verify: Optional[Text], webhook_url: Optional[Text],
                 debug_mode: bool = True) -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode)
        self.secret = webhook_secret(access_token or "")
        self._output: Optional[HulpwijzerTelegramOutput] = None

    def get_output_channel(self) -> HulpwijzerTelegramOutput:
        # Rasa's version also registers the webhook here, blocking start-up: see register_webhook.
        if self._output is None:
            self._output = HulpwijzerTelegramOutput(self.access_token, self.secret)
        return self._output

    async def register_webhook(self) -> None:
        output = self.get_output_channel()
        try:
            await asyncio.wait_for(output.set_webhook(self.webhook_url), WEBHOOK_TIMEOUT_SECONDS)
            logger.info("Telegram webhook registered.")
            # Rasa drops every update silently when this does not match: say so once, now.
            if (await asyncio.wait_for(output.get_me(), WEBHOOK_TIMEOUT_SECONDS)).username != self.verify:
                logger.error("TELEGRAM_BOT_NAME is not the username of the bot of TELEGRAM_TOKEN: "
                             "no message will be answered.")
        except Exception as error:  # offline, or Telegram said no: the server runs on regardless
            logger.warning("Could not register the Telegram webhook (%s); GET /webhooks/telegram/set_webhook "
                           "tries again.", type(error).__name__)

    async def _answer_button(self, callback_query: Dict[str, Any]) -> None:
        try:
            await self.get_output_channel().answer_callback_query(str(callback_query.get("id", "")))
        except Exception as error:  # only the spinner on the button: never worth losing the message
            logger.warning("Could not answer a Telegram button press (%s).", type(error).__name__)

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        blueprint = super().blueprint(messenger_handler(on_new_message, self.access_token or "", "telegram"))

        @blueprint.listener("after_server_start")
        async def start_webhook_registration(app, _loop) -> None:
            app.add_task(self.register_webhook())

        @blueprint.middleware("request")
        async def only_updates_from_telegram(request: Request):
            if request.method != "POST" or not request.path.rstrip("/").endswith("/webhook"):
                return None
            if not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), self.secret.encode()):
                return response.text("forbidden", status=403)
            update = request.json  # not JSON at all: Sanic answers 400 Bad Request
            if not isinstance(update, dict) or not any(isinstance(update.get(k), dict) for k in UPDATES_WE_READ):
                return response.text("success")
            message = update.get("message") or update.get("edited_message")
            if isinstance(message, dict) and message.get("text") is None and message.get("location") is None:
                message["text"] = ""  # a photo, voice note or sticker: answered by hulpwijzer/rasa_server/channels/messenger.py
            if isinstance(update.get("callback_query"), dict):
                await self._answer_button(update["callback_query"])
            return None

        return blueprint
