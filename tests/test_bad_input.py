"""Bad input gets a clear, kind answer: never a crash, never silence."""
from __future__ import annotations

import pytest

BAD_INPUT = {
    "empty": "",
    "spaces": "   ",
    "very long": "ik heb een vraag over mijn zoon " * 400,
    "emoji only": "😢😢😢",
    "html and script": "<script>alert('x')</script><b>hoi</b>",
    "sql-looking": "'; DROP TABLE events; --",
    "right-to-left": "مرحبا، أحتاج مساعدة",
    "typos": "hulp bij opvoedn in veghl",
    "unknown place": "ik zoek hulp bij pesten in Timboektoe",
    "control characters": "hoi\x00\x07\x1b[31m",
}


@pytest.mark.parametrize("name", list(BAD_INPUT))
def test_bad_input_gets_a_kind_answer(bot, sender, name):
    reply = bot.send(sender, BAD_INPUT[name])
    texts = [m.get("text", "") for m in reply]
    assert any(t.strip() for t in texts), f"no answer to {name}"
    joined = "\n".join(texts)
    assert "<script>" not in joined and "Traceback" not in joined
    # the bot is still healthy afterwards
    assert bot.send(sender, "hoi")
