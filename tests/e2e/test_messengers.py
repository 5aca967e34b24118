"""The messenger channels for pupils (Telegram, WhatsApp through Twilio), end to end.

The session's bot runs with both messengers switched on (tests/conftest.py); their outgoing
calls go to local stand-ins of the Telegram and Twilio APIs (tests/messenger_stub.py). Here
the tests play Telegram and Twilio: they POST real-format webhook requests (a Telegram Update
as JSON, a signed form-encoded WhatsApp message) to the running Rasa server, and read what the
pupil would receive from the stand-ins.
"""
from __future__ import annotations

import itertools
import json
import sqlite3
import urllib.error
import urllib.parse
import urllib.request

import pytest
from twilio.request_validator import RequestValidator

from hulpwijzer.core import concepts

_ids = itertools.count(1)


def _post(url: str, body: bytes, headers: dict) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _split_like_a_messenger(rest_messages) -> list:
    """What the REST channel answers, as the messenger connectors send it (a message per paragraph)."""
    return [part for m in rest_messages for part in m.get("text", "").strip().split("\n\n")]


def _stored(bot) -> list:
    with sqlite3.connect(bot.tracker_db) as db:
        return db.execute("SELECT sender_id, data FROM events").fetchall()


# --- Telegram ---------------------------------------------------------------------------

class TelegramPupil:
    """A pupil's Telegram chat, seen from the bot: Telegram posts Updates to the webhook."""

    def __init__(self, bot, stub, secret: str):
        self.url = f"{bot.url}/webhooks/telegram/webhook"
        self.stub = stub
        self.secret = secret
        self.chat_id = 500_000_000 + next(_ids)
        self.user = {"id": self.chat_id, "is_bot": False, "first_name": "Sam", "language_code": "nl"}
        self.chat = {"id": self.chat_id, "first_name": "Sam", "type": "private"}

    def post(self, update: dict, secret=None) -> int:
        headers = {"Content-Type": "application/json"}
        if (secret or self.secret) is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret or self.secret
        return _post(self.url, json.dumps({"update_id": next(_ids), **update}).encode(), headers)

    def _message(self, **content) -> dict:
        return {"message": {"message_id": next(_ids), "from": self.user, "chat": self.chat, "date": 1763900000, **content}}

    def received(self) -> list:
        return self.stub.telegram_messages(self.chat_id)

    def say(self, text: str) -> list:
        """Send a text message; returns the messages the bot sent back."""
        before = len(self.received())
        entities = [{"offset": 0, "length": len(text.split()[0]), "type": "bot_command"}] if text.startswith("/") else []
        assert self.post(self._message(text=text, **({"entities": entities} if entities else {}))) == 200
        return self.received()[before:]

    def press(self, message: dict, title: str) -> list:
        """Press a button of an inline keyboard the bot sent."""
        data = next(d for row in message["buttons"] for t, d in row if t == title)
        before = len(self.received())
        bot_message = {"message_id": next(_ids), "chat": self.chat, "date": 1763900000, "text": message["text"],
                       "from": {"id": 7000001, "is_bot": True, "first_name": "Hulpwijzer"}}
        query = {"id": str(next(_ids)), "from": self.user, "message": bot_message, "chat_instance": "-4711", "data": data}
        assert self.post({"callback_query": query}) == 200
        return self.received()[before:]


@pytest.fixture(scope="module")
def telegram_secret(bot, messenger_api) -> str:
    """The secret the bot registered with Telegram at start-up (Telegram sends it with every update)."""
    registrations = messenger_api.wait_for("telegram", "setWebhook")
    assert registrations, "the bot did not register its webhook with Telegram"
    return registrations[-1].fields["secret_token"]


@pytest.fixture
def pupil(bot, messenger_api, telegram_secret) -> TelegramPupil:
    return TelegramPupil(bot, messenger_api, telegram_secret)


def test_the_webhook_is_registered_with_telegram_at_start_up(messenger_api, telegram_secret):
    registration = messenger_api.accepted("telegram", "setWebhook")[-1].fields
    assert registration["url"] == messenger_api.env()["TELEGRAM_WEBHOOK_URL"]
    assert json.loads(registration["allowed_updates"]) == ["message", "edited_message", "callback_query"]


def test_a_pupil_on_telegram_is_greeted_and_gets_the_same_help_as_on_the_web(bot, sender, pupil):
    greeting = pupil.say("/start")  # the first message of every new Telegram chat
    assert [m["text"] for m in greeting] == _split_like_a_messenger(bot.send(sender, "hoi"))

    question = "ik word gepest op school in Oss"
    answer = [m["text"] for m in pupil.say(question)]
    assert answer == _split_like_a_messenger(bot.send(sender, question))
    assert "Centrum voor Jeugd & Gezin Oss" in "\n".join(answer) and "0800-0432" in "\n".join(answer)


def test_a_pupil_chooses_a_topic_with_a_telegram_button(messenger_api, pupil):
    question = pupil.say("ik heb hulp nodig")[-1]
    titles = [row[0][0] for row in question["buttons"]]
    assert all(len(row) == 1 for row in question["buttons"]), "one button per row: readable on a phone"
    assert titles and set(titles) <= {t.label for t in concepts.topics()}
    answered_before = len(messenger_api.accepted("telegram", "answerCallbackQuery"))

    asked = pupil.press(question, "Pesten")
    assert "plaats" in asked[-1]["text"].lower()
    assert len(messenger_api.accepted("telegram", "answerCallbackQuery")) == answered_before + 1
    assert "https://www.cjgrijswijk.nl" in "\n".join(m["text"] for m in pupil.say("Rijswijk"))


def test_a_crisis_message_on_telegram_gets_the_crisis_lines_first(bot, sender, pupil):
    crisis = "ik wil niet meer leven"
    expected = _split_like_a_messenger(bot.send(sender, crisis))
    received = [m["text"] for m in pupil.say(crisis)]
    assert received[: len(expected)] == expected
    first_lines = "\n".join(expected)
    assert "113" in first_lines and "0800-0432" in first_lines and "112" in first_lines


def test_a_sticker_or_voice_note_gets_an_answer_not_silence(pupil):
    before = len(pupil.received())
    sticker = {"file_id": "CAACAgIAAxkBAAEB", "file_unique_id": "AgADxQ", "width": 512, "height": 512,
               "is_animated": False, "is_video": False, "type": "regular"}
    assert pupil.post(pupil._message(sticker=sticker)) == 200
    assert pupil.post(pupil._message(voice={"file_id": "AwACAgQAAxkBAAEC", "file_unique_id": "AgADyQ",
                                            "duration": 3, "mime_type": "audio/ogg"})) == 200
    answers = [m["text"] for m in pupil.received()[before:]]
    assert len(answers) == 2 and all("alleen tekst" in a and "112" in a for a in answers)


def test_an_update_that_is_no_message_is_acknowledged_without_an_answer(pupil):
    before = len(pupil.received())
    blocked = {"my_chat_member": {"chat": pupil.chat, "from": pupil.user, "date": 1763900000,
                                  "old_chat_member": {"user": {"id": 7000001, "is_bot": True, "first_name": "Hulpwijzer"}, "status": "member"},
                                  "new_chat_member": {"user": {"id": 7000001, "is_bot": True, "first_name": "Hulpwijzer"}, "status": "kicked"}}}
    assert pupil.post(blocked) == 200  # otherwise Telegram sends it again and again
    assert pupil.received()[before:] == []


@pytest.mark.parametrize("secret", ["", "not-the-secret"])
def test_updates_not_from_telegram_are_refused(pupil, secret):
    update = pupil._message(text="hoi")
    headers = {"Content-Type": "application/json"}
    if secret:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    assert _post(pupil.url, json.dumps({"update_id": 1, **update}).encode(), headers) == 403
    assert pupil.received() == []


def test_telegram_chat_ids_and_personal_data_are_not_stored(bot_stack, pupil):
    bot = bot_stack[0]
    pupil.say("mijn nummer is 06-12345678, ik word gepest")
    stored = _stored(bot)
    mine = [data for sender_id, data in stored if "06-12345678" in data or str(pupil.chat_id) in data
            or str(pupil.chat_id) in sender_id]
    assert mine == []
    assert any(sender_id.startswith("telegram-") and "mijn nummer is [telefoonnummer]" in data for sender_id, data in stored)
    rasa_log = bot_stack[1].services[-1].log_path.read_text(errors="replace")
    assert str(pupil.chat_id) not in rasa_log and "06-12345678" not in rasa_log


# --- WhatsApp (Twilio) ------------------------------------------------------------------

class WhatsAppPupil:
    """A pupil on WhatsApp, seen from the bot: Twilio posts each message as a signed form."""

    def __init__(self, bot, stub):
        self.url = f"{bot.url}/webhooks/twilio/webhook"
        self.signed_url = stub.env()["TWILIO_WEBHOOK_URL"]  # the public URL Twilio signs
        self.stub = stub
        self.number = f"+3161{next(_ids):07d}"
        self.address = f"whatsapp:{self.number}"

    def form(self, body: str, **extra) -> dict:
        sid = f"SM{next(_ids):032d}"
        return {"SmsMessageSid": sid, "NumMedia": "0", "ProfileName": "Sam", "MessageType": "text",
                "SmsSid": sid, "WaId": self.number.lstrip("+"), "SmsStatus": "received", "Body": body,
                "To": self.stub.env()["TWILIO_WHATSAPP_NUMBER"], "NumSegments": "1", "ReferralNumMedia": "0",
                "MessageSid": sid, "AccountSid": self.stub.twilio_sid, "From": self.address, "ApiVersion": "2010-04-01",
                **extra}

    def post(self, form: dict, signature=None) -> int:
        if signature is None:
            signature = RequestValidator(self.stub.twilio_token).compute_signature(self.signed_url, form)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature}
        return _post(self.url, urllib.parse.urlencode(form).encode(), headers)

    def received(self) -> list:
        return self.stub.whatsapp_messages(self.address)

    def say(self, text: str, **extra) -> list:
        before = len(self.received())
        assert self.post(self.form(text, **extra)) == 204
        return self.received()[before:]


@pytest.fixture
def whatsapp(bot, messenger_api) -> WhatsAppPupil:
    return WhatsAppPupil(bot, messenger_api)


def test_a_pupil_on_whatsapp_gets_the_same_help_as_on_the_web(bot, sender, whatsapp):
    assert whatsapp.say("hoi") == _split_like_a_messenger(bot.send(sender, "hoi"))
    question = "ik word gepest, ik woon in Den Haag"
    answer = whatsapp.say(question)
    assert answer == _split_like_a_messenger(bot.send(sender, question))
    assert "https://www.cjgdenhaag.nl" in "\n".join(answer) and "0800-0432" in "\n".join(answer)


def test_whatsapp_shows_choices_as_a_numbered_list_and_a_typed_number_chooses(whatsapp):
    question = whatsapp.say("ik heb hulp nodig")[-1]
    lines = question.splitlines()
    numbered = [line for line in lines if line[:1].isdigit()]
    labels = [t.label for t in concepts.topics()]
    assert numbered and all(line.split(". ", 1)[1] in labels for line in numbered)
    assert "/hulp_" not in question, "the pupil never sees a payload"
    pesten = next(line for line in numbered if line.endswith(". Pesten")).split(".")[0]

    asked = whatsapp.say(pesten)
    assert "plaats" in "\n".join(asked).lower()
    assert "https://www.cjgrijswijk.nl" in "\n".join(whatsapp.say("Rijswijk"))


def test_a_choice_can_also_be_typed_in_words(whatsapp):
    whatsapp.say("ik heb hulp nodig")
    asked = whatsapp.say("scheiding")
    assert "plaats" in "\n".join(asked).lower()


def test_a_crisis_message_on_whatsapp_gets_the_crisis_lines_first(bot, sender, whatsapp):
    crisis = "mijn vader slaat me"
    expected = _split_like_a_messenger(bot.send(sender, crisis))
    assert whatsapp.say(crisis)[: len(expected)] == expected
    assert "0800-2000" in "\n".join(expected) and "0800-0432" in "\n".join(expected)


def test_a_photo_on_whatsapp_gets_an_answer_not_silence(whatsapp):
    answer = whatsapp.say("", NumMedia="1", MessageType="image", MediaContentType0="image/jpeg",
                          MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME")
    assert len(answer) == 1 and "alleen tekst" in answer[0]


@pytest.mark.parametrize("signature", ["", "c2lnbmVkIGJ5IHNvbWVvbmUgZWxzZQ=="])
def test_whatsapp_requests_not_signed_by_twilio_are_refused(whatsapp, signature):
    assert whatsapp.post(whatsapp.form("hoi"), signature=signature) == 403
    assert whatsapp.received() == []


def test_whatsapp_numbers_and_personal_data_are_not_stored(bot_stack, whatsapp):
    bot = bot_stack[0]
    whatsapp.say("mail me op sam@example.nl, ik word gepest")
    stored = _stored(bot)
    assert [d for s, d in stored if whatsapp.number in s or whatsapp.number in d or "sam@example.nl" in d] == []
    assert any(s.startswith("whatsapp-") and "mail me op [e-mailadres]" in d for s, d in stored)
    rasa_log = bot_stack[1].services[-1].log_path.read_text(errors="replace")
    assert whatsapp.number not in rasa_log and "sam@example.nl" not in rasa_log
