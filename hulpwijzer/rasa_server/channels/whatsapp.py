"""Rasa's Twilio channel, used for WhatsApp, behind the messenger guard (hulpwijzer/rasa_server/channels/messenger.py).

Added to Rasa's connector (rasa.core.channels.twilio), nothing else changed:
- only requests signed by Twilio (X-Twilio-Signature over TWILIO_WEBHOOK_URL, the public URL
  set in the Twilio console) are handled; others get 403, so nobody else can make the bot send
  WhatsApp messages;
- a message without text (a photo, a voice note) comes with an empty Body, which Sanic would
  drop: it is kept, so the pupil is told we read text only (hulpwijzer/rasa_server/channels/messenger.py);
- WhatsApp has no buttons here: the choices come as a numbered list in the same message, and
  a typed number or title counts as the choice (hulpwijzer/rasa_server/channels/typed_choices.py);
- TWILIO_API_BASE chooses the API server (default https://api.twilio.com; the tests use a local
  stand-in); sending does not block the server (Twilio's client is synchronous) and gives up
  after SEND_TIMEOUT_SECONDS; errors are logged by code only (they can contain the number).
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List, Optional, Text

from rasa.core.channels.twilio import TwilioInput
from sanic import Blueprint, response
from sanic.request import Request
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator

from hulpwijzer import config
from hulpwijzer.rasa_server.channels.messenger import Handler, messenger_handler
from hulpwijzer.rasa_server.channels.typed_choices import as_numbered_text
from hulpwijzer.rasa_server.compat.sanic_form import keep_blank_form_fields
from hulpwijzer.rasa_server.compat.twilio_output import TwilioOutputWithPublicSend

logger = logging.getLogger(__name__)
# Twilio's client logs every request's headers at INFO: noise in the Rasa log, and no help.
logging.getLogger("twilio.http_client").setLevel(logging.WARNING)

SEND_TIMEOUT_SECONDS = 15
SIGNATURE_HEADER = "X-Twilio-Signature"


class WhatsAppOutput(TwilioOutputWithPublicSend):
    def __init__(self, account_sid: Optional[Text], auth_token: Optional[Text], twilio_number: Optional[Text],
                 api_base: Optional[str] = None) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.http_client = TwilioHttpClient(timeout=SEND_TIMEOUT_SECONDS)
        api_base = api_base or config.setting("TWILIO_API_BASE")
        if api_base:
            self.api.base_url = api_base  # the Api domain builds every Messages URL from this

    async def send_to_twilio(self, message_data: Dict[Text, Any]) -> Any:
        try:
            return await asyncio.to_thread(self.messages.create, **message_data)
        except TwilioRestException as error:
            logger.error("Twilio did not send a message (status %s, code %s).", error.status, error.code)
            return None

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, as_numbered_text(text, buttons))


class GuardedWhatsAppInput(TwilioInput):
    """POST /webhooks/twilio/webhook, guarded."""

    @classmethod
    def name(cls) -> Text:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "GuardedWhatsAppInput":
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(credentials.get("account_sid"), credentials.get("auth_token"),
                   credentials.get("twilio_number"), credentials.get("webhook_url"))

    def __init__(self, account_sid: Optional[Text], auth_token: Optional[Text], twilio_number: Optional[Text],
                 webhook_url: Optional[Text] = None, debug_mode: bool = True) -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode)
        self.webhook_url = webhook_url
        self.validator = RequestValidator(auth_token or "")

    def get_output_channel(self) -> WhatsAppOutput:
        return WhatsAppOutput(self.account_sid, self.auth_token, self.twilio_number)

    def signed_by_twilio(self, request: Request) -> bool:
        signature = request.headers.get(SIGNATURE_HEADER, "")
        return bool(signature and self.webhook_url) and self.validator.validate(self.webhook_url, request.form, signature)

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        blueprint = super().blueprint(messenger_handler(on_new_message, self.auth_token or "", "whatsapp"))

        @blueprint.middleware("request")
        async def only_requests_from_twilio(request: Request):
            if request.method != "POST" or not request.path.rstrip("/").endswith("/webhook"):
                return None
            if request.content_type.startswith("application/x-www-form-urlencoded"):
                # Keep empty fields: a photo comes with an empty Body, and Twilio signs that too.
                keep_blank_form_fields(request)
            if not self.signed_by_twilio(request):
                return response.text("forbidden", status=403)
            return None

        return blueprint
