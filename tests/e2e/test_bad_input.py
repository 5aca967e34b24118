"""Bad input gets a clear, kind answer through the REST channel: never a crash, never
silence, never our own HTML, and the bot stays healthy.

What counts as an answer: HTTP 200 with at least one bot text. The one exception is a body
that is not JSON at all: that is a broken client, not a person, and gets a clear 400 that
says what to send (docs/production.md). Invalid UTF-8 inside JSON is read with replacement
characters, so binary junk still reaches the bot as text and gets an answer.
"""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest

from hulpwijzer.core.texts import channel_text

# Any HTML tag or comment in a reply (the bot answers in plain text only).
HTML_TAG = re.compile(r"<\s*[a-zA-Z!/?]")

BAD_INPUT = {
    "empty": "",
    "spaces": "   ",
    "only new lines": "\n\n\n",
    "100 kB": "ik heb een vraag over mijn zoon " * 3200,
    "one 5000-letter word": "a" * 5000,
    "binary as text": bytes(range(256)).decode("latin-1"),
    "lone surrogate": "hoi \ud800 daar",
    "control characters": "hoi\x00\x07\x1b[31m",
    "zero-width and bidi controls": "\u200b\u200d\u202ehoi\u202c",
    "emoji only": "😢😢😢",
    "html and script": "<script>alert('x')</script><b>hoi</b>",
    "html in a place": "ik woon in <img src=x onerror=alert(1)> en zoek hulp bij pesten",
    "sql-looking": "'; DROP TABLE events; --",
    "sql in a sentence": "hulp bij pesten in Oss' OR '1'='1",
    "right-to-left arabic": "مرحبا، أحتاج مساعدة",
    "right-to-left hebrew": "שלום, אני צריך עזרה",
    "typos": "hulp bij opvoedn in veghl",
    "unknown place": "ik zoek hulp bij pesten in Timboektoe",
}

# "I need help" (or close to it), as people write it, in 24 languages.
I_NEED_HELP = {
    "English": "I need help",
    "German": "Ich brauche Hilfe",
    "French": "J'ai besoin d'aide",
    "Spanish": "Necesito ayuda",
    "Portuguese": "Preciso de ajuda",
    "Italian": "Ho bisogno di aiuto",
    "Polish": "Potrzebuję pomocy",
    "Turkish": "Yardıma ihtiyacım var",
    "Arabic": "أحتاج إلى مساعدة",
    "Ukrainian": "Мені потрібна допомога",
    "Russian": "Мне нужна помощь",
    "Romanian": "Am nevoie de ajutor",
    "Bulgarian": "Имам нужда от помощ",
    "Somali": "Waxaan u baahanahay caawimaad",
    "Persian": "به کمک نیاز دارم",
    "Chinese": "我需要帮助",
    "Japanese": "助けが必要です",
    "Korean": "도움이 필요해요",
    "Hindi": "मुझे मदद चाहिए",
    "Indonesian": "Saya butuh bantuan",
    "Vietnamese": "Tôi cần giúp đỡ",
    "Greek": "Χρειάζομαι βοήθεια",
    "Hungarian": "Segítségre van szükségem",
    "Swedish": "Jag behöver hjälp",
}


def post_raw(bot, body: bytes, content_type: str = "application/json"):
    """Status and parsed (or raw) body of one POST to the REST channel."""
    request = urllib.request.Request(f"{bot.url}/webhooks/rest/webhook", data=body,
                                     headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read().decode())
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def assert_kind_answer(messages) -> str:
    texts = [m.get("text", "") for m in messages]
    joined = "\n".join(texts)
    assert any(t.strip() for t in texts), "no answer"
    assert not HTML_TAG.search(joined), f"HTML in the reply: {joined!r}"
    assert "Traceback" not in joined and "Exception" not in joined
    assert channel_text("te_veel_berichten") not in joined
    # The bot answered itself: not the guard's stand-in for a failure or for silence.
    assert channel_text("storing", "intro") not in joined
    return joined


def assert_still_healthy(bot, sender) -> None:
    assert "Hulpwijzer" in bot.texts(bot.new_sender(), "hoi")
    assert bot.send(sender, "hoi"), "the same conversation goes on"


@pytest.mark.parametrize("name", list(BAD_INPUT))
def test_bad_input_gets_a_kind_answer(bot, sender, name):
    assert_kind_answer(bot.send(sender, BAD_INPUT[name]))
    assert_still_healthy(bot, sender)


def test_what_is_stored_is_bounded_and_clean(bot, sender):
    bot.send(sender, "hoi\x00\x07 \ud800" + "x" * 50_000)
    stored = [e["text"] for e in bot.tracker(sender)["events"] if e["event"] == "user"][-1]
    assert "\x00" not in stored and "\x07" not in stored and "\ud800" not in stored
    assert len(stored) <= 2000


@pytest.mark.parametrize("language", list(I_NEED_HELP))
def test_help_asked_in_another_language_gets_an_answer(bot, sender, language):
    # Which answer (English, the Dutch + English note, or "zeg het anders") depends on the
    # language check (hulpwijzer/rasa_server/nlu/language.py, tests/e2e/test_language.py); here: never
    # silence, never an error, and the conversation goes on.
    assert_kind_answer(bot.send(sender, I_NEED_HELP[language]))
    assert_still_healthy(bot, sender)


# --- the request itself is malformed ---------------------------------------------------------

def test_a_body_that_is_not_json_gets_a_clear_400(bot):
    status, body = post_raw(bot, b"hallo, ik heb een vraag", content_type="text/plain")
    assert status == 400
    assert "JSON" in body and "sender" in body and "message" in body
    status, _ = post_raw(bot, b"\x89PNG\r\n\x1a\n\x00\x00binary", content_type="application/octet-stream")
    assert status == 400


def test_invalid_utf8_inside_json_is_answered(bot, sender):
    body = b'{"sender": "' + sender.encode() + b'", "message": "hulp bij pesten \xff\xfe\xc3 in Oss"}'
    status, messages = post_raw(bot, body)
    assert status == 200
    assert "Oss" in assert_kind_answer(messages)


@pytest.mark.parametrize("payload", [
    {"message": 12345},
    {"message": ["hoi", "daar"]},
    {"message": {"text": "hoi"}},
    {"message": None},
    {"message": True},
    {},
])
def test_json_with_wrong_types_is_answered(bot, sender, payload):
    status, messages = post_raw(bot, json.dumps({"sender": sender, **payload}).encode())
    assert status == 200
    assert_kind_answer(messages)


@pytest.mark.parametrize("body", [b"[1, 2, 3]", b"null", b'"hoi"', b"42", b'{"message": "hoi"}',
                                  b'{"sender": null, "message": "hoi"}', b'{"sender": ["a"], "message": "hoi"}'])
def test_json_without_a_usable_sender_is_answered_on_its_own(bot, body):
    status, messages = post_raw(bot, body)
    assert status == 200
    assert_kind_answer(messages)
    # No shared "default" conversation: people without a sender id never see each other's context.
    assert all(m.get("recipient_id") not in (None, "", "default") for m in messages)


def test_the_server_is_healthy_after_all_of_this(bot):
    with urllib.request.urlopen(f"{bot.url}/status?token={bot.token}", timeout=30) as response:
        assert response.status == 200
    assert "Hulpwijzer" in bot.texts(bot.new_sender(), "hoi")
