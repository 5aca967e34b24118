"""Fallback that helps: a first miss asks again with topic buttons; a second miss in a row
offers a person (the gemeente's youth help, or De Kindertelefoon) instead of looping.
Through the REST channel with the trained bot."""
from __future__ import annotations

from hulpwijzer.core import concepts, replies

MISSES = ["blorp flap zweem", "krakel snurf", "qwrtz plof", "zzzz brrr"]


def _text(messages):
    return "\n".join(m.get("text", "") for m in messages)


def _payloads(messages):
    return [b["payload"] for m in messages for b in m.get("buttons", [])]


def _answers_topic(answer: str, topic_id: str) -> bool:
    """The help answer opens with the topic it is about (action_zoek_hulp then clears the
    topic slot, so a next question starts fresh): check what the user reads."""
    # The answer's first line (data/concepts/hulpteksten.yml, 'intro') names the topic.
    opening = replies.texts()["intro"].split("{waar}")[0].format(onderwerp=concepts.topic(topic_id).label.lower())
    return opening in answer


def test_a_first_miss_asks_again_with_a_button_for_every_topic(bot, sender):
    reply = bot.send(sender, MISSES[0])
    assert "begreep ik niet" in _text(reply)
    assert sorted(_payloads(reply)) == sorted(f"/{intent}" for intent in concepts.topic_intents())
    assert "met een mens" not in _text(reply)


def test_a_second_miss_in_a_row_offers_a_person_not_the_same_question(bot, sender):
    bot.send(sender, MISSES[0])
    second = bot.send(sender, MISSES[1])
    text = _text(second)
    assert "met een mens" in text
    assert "0800-0432" in text and "kindertelefoon.nl" in text  # De Kindertelefoon: call or chat
    assert "In welke plaats" in text or "plaats je woont" in text  # so we can name the gemeente's help
    assert "begreep ik niet" not in text


def test_with_a_known_gemeente_the_person_offered_is_the_gemeente_youth_help(bot, sender):
    bot.send(sender, MISSES[0], metadata={"gemeente": "Oss"})
    text = _text(bot.send(sender, MISSES[1]))
    assert "met een mens" in text and "Centrum voor Jeugd & Gezin Oss" in text


def test_a_third_miss_still_offers_a_person(bot, sender):
    for miss in MISSES[:2]:
        bot.send(sender, miss)
    assert "met een mens" in _text(bot.send(sender, MISSES[2]))


def test_an_understood_message_in_between_starts_counting_again(bot, sender):
    bot.send(sender, MISSES[0])
    assert "Hulpwijzer" in bot.texts(sender, "hoi")
    again = bot.send(sender, MISSES[1])
    assert "begreep ik niet" in _text(again) and "met een mens" not in _text(again)


def test_a_button_after_a_miss_goes_on_with_the_help_form(bot, sender):
    bot.send(sender, MISSES[0])
    question = bot.texts(sender, "/hulp_pesten")
    assert "plaats" in question.lower()
    answer = bot.texts(sender, "Den Haag")
    assert "https://www.cjgdenhaag.nl" in answer
    assert _answers_topic(answer, "pesten")


def test_a_miss_while_the_bot_asks_for_the_place_says_so_and_asks_the_place_again(bot, sender):
    bot.send(sender, "mijn zoon wordt gepest")
    reply = bot.send(sender, MISSES[0])
    assert "begreep ik niet" in _text(reply) and "In welke plaats" in _text(reply)
    assert _payloads(reply) == []  # no topic buttons: the topic is known already
    answer = bot.texts(sender, "ik woon in Schijndel")
    assert _answers_topic(answer, "pesten")
    assert bot.slots(sender)["gemeente"] == "Meierijstad" and "Meierijstad" in answer


def test_two_misses_while_the_bot_asks_for_the_place_offer_a_person_and_keep_the_topic(bot, sender):
    bot.send(sender, "ik word gepest")
    bot.send(sender, MISSES[0])
    second = bot.texts(sender, MISSES[1])
    assert "met een mens" in second and "0800-0432" in second
    answer = bot.texts(sender, "Oss")
    assert "Oss" in answer and _answers_topic(answer, "pesten")
