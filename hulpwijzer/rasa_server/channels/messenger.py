"""What the messenger channels (Telegram, WhatsApp) do in front of Rasa, on top of the guard.

Per message, in this order:
- the pupil's address is replaced by a pseudonym (hulpwijzer/rasa_server/channels/pseudonym.py);
- the guard of the web channels (hulpwijzer/rasa_server/channels/guarded.py: size bound, redaction, flood limit,
  never silence);
- a message without text (a photo, voice note or sticker) gets a short answer that we read
  text only; Telegram's "/start" (the first message of every new chat) is a greeting;
- a typed number or choice title answers the choices the bot offered (hulpwijzer/rasa_server/channels/typed_choices.py).
"""
from __future__ import annotations

from rasa.core.channels.channel import UserMessage

from hulpwijzer.core.texts import channel_text
from hulpwijzer.rasa_server.channels.guarded import Guard, Handler, stored_tracker
from hulpwijzer.rasa_server.channels.pseudonym import pseudonymous
from hulpwijzer.rasa_server.channels.typed_choices import chosen_payload, offered_choices

START_COMMAND = "/start"
GREETING = "/begroeten"  # the greeting intent (bot/domain/core.yml)


def _understood(on_new_message: Handler) -> Handler:
    async def handle(message: UserMessage) -> None:
        text = (message.text or "").strip()
        if not text:
            await message.output_channel.send_response(message.sender_id, {"text": channel_text("alleen_tekst")})
            return
        if text.split(maxsplit=1)[0].lower() == START_COMMAND:
            message.text = GREETING
        else:
            choice = chosen_payload(text, offered_choices(await stored_tracker(message.sender_id)))
            if choice:
                message.text = choice
        await on_new_message(message)

    return handle


def messenger_handler(on_new_message: Handler, address_key: str, prefix: str) -> Handler:
    return pseudonymous(Guard().wrap(_understood(on_new_message)), address_key, prefix)
