"""Every intent of the contract, understood from a message the bot was never trained on, gives
the answer a user should read. Through the REST channel with the trained bot.
(Crisis, other languages and the fallback have their own test files.)"""
from __future__ import annotations

import pytest

from hulpwijzer.core import concepts, replies
from tests.unit.test_nlu_data import HELD_OUT, TRAINING, _plain


def _answers_topic(answer: str, topic_id: str) -> bool:
    # The answer's first line (data/concepts/hulpteksten.yml, 'intro') names the topic.
    opening = replies.texts()["intro"].split("{waar}")[0].format(onderwerp=concepts.topic(topic_id).label.lower())
    return opening in answer


# One-message requests: the topic and the place in one go, so the bot answers at once.
TOPIC_REQUESTS = {
    "opvoeding": "hulp nodig bij het opvoeden van mijn dochter, wij wonen in Oss",
    "jeugdhulp": "ik wil jeugdhulp aanvragen in Uden",
    "gezondheid": "ik wil met de jeugdverpleegkundige praten, ik woon in Veghel",
    "psychisch": "ik voel me heel somber de laatste weken, ik woon in Den Haag",
    "verzuim": "mijn dochter gaat niet meer naar school, we wonen in Rijswijk",
    "middelen": "mn zoon blowt heel veel, wij wonen in Heesch",
    "halt": "mijn zoon moet naar halt, we wonen in Oss",
    "pesten": "mijn dochter wordt gepest op school, we wonen in Voorburg",
    "scheiding": "mijn ouders gaan uit elkaar, ik woon in Leidschendam",
    "geweld": "bij ons thuis wordt veel geschreeuwd en geduwd, ik woon in Uden",
    "jongerenwerk": "is er jongerenwerk in Erp",
    "onderwijs": "mijn zoon heeft dyslexie en loopt vast op school, we wonen in Nistelrode",
}

# Frequent questions (the ResponseSelector): a piece of the one right answer.
FAQ_QUESTIONS = {
    "wat_is_cjg": ("wat is dat cjg nou eigenlijk", "Centrum voor Jeugd en Gezin"),
    "wat_is_jeugdverpleegkundige": ("wat doet een jeugdverpleegkundige op school", "werken bij de GGD"),
    "wat_is_leerplichtambtenaar": ("wat is eigenlijk een leerplichtambtenaar", "leerplichtambtenaar werkt bij de gemeente"),
    "is_het_gratis": ("kost dit allemaal geld", "De gemeente betaalt het"),
    "school_hoeft_niet": ("moet mijn school dit weten", "school hoeft het niet te weten"),
    "anoniem": ("kan ik anoniem hulp vragen", "Je blijft anoniem"),
    "ouders_weten": ("komen mijn ouders hier achter", "Ik vertel niets aan je ouders"),
    "privacy": ("wat bewaren jullie van mij", "Dit bewaar ik"),
}

SMALL_TALK = {
    "begroeten": ("hallo goedemorgen", "Ik ben de Hulpwijzer"),
    "afscheid": ("oke ik ga nu doei", "Fijn dat je er was"),
    "bedanken": ("dankjewel voor alles", "Graag gedaan"),
    "bot_vraag": ("ben jij een echte mens?", "Ik ben een computer"),
    "out_of_scope": ("wat is de hoofdstad van duitsland", "Daar kan ik je niet mee helpen"),
}

ANSWER = "hulp nodig bij het opvoeden, we wonen in Schijndel"


def test_every_topic_and_frequent_question_is_here():
    assert set(TOPIC_REQUESTS) == set(concepts.topic_ids())
    assert set(FAQ_QUESTIONS) == {name.split("/", 1)[1] for name in TRAINING if name.startswith("faq/")}


def test_none_of_these_messages_is_a_training_or_held_out_example():
    known = {_plain(e) for source in (TRAINING, HELD_OUT) for examples in source.values() for e in examples}
    messages = [*TOPIC_REQUESTS.values(), *(q for q, _ in FAQ_QUESTIONS.values()),
                *(m for m, _ in SMALL_TALK.values()), ANSWER, "wij wonen in Vinkel", "ik zoek wat hulp",
                "ja hoor, nog een vraag", "nee hoor, dat was alles"]
    assert [m for m in messages if _plain(m) in known] == []


@pytest.mark.parametrize("topic_id", sorted(TOPIC_REQUESTS))
def test_a_request_with_topic_and_place_gets_the_help_for_that_topic(bot, sender, topic_id):
    answer = bot.texts(sender, TOPIC_REQUESTS[topic_id])
    assert _answers_topic(answer, topic_id), answer


@pytest.mark.parametrize("key", sorted(FAQ_QUESTIONS))
def test_a_frequent_question_gets_its_own_answer(bot, sender, key):
    question, expected = FAQ_QUESTIONS[key]
    assert expected in bot.texts(sender, question)


@pytest.mark.parametrize("intent", sorted(SMALL_TALK))
def test_small_talk(bot, sender, intent):
    message, expected = SMALL_TALK[intent]
    assert expected in bot.texts(sender, message)


def test_naming_only_a_place_asks_the_topic(bot, sender):
    assert "Waar gaat je vraag over" in bot.texts(sender, "wij wonen in Vinkel")
    assert bot.slots(sender)["gemeente"] == "Bernheze"


def test_asking_for_help_without_a_topic_asks_the_topic(bot, sender):
    reply = bot.send(sender, "ik zoek wat hulp")
    assert "Waar gaat je vraag over" in "\n".join(m.get("text", "") for m in reply)
    assert any(b["payload"] == "/hulp_pesten" for m in reply for b in m.get("buttons", []))


def test_yes_after_an_answer_asks_the_next_topic_and_no_says_goodbye(bot, sender):
    assert "nog ergens anders mee helpen" in bot.texts(sender, ANSWER)
    assert "Waar gaat je vraag over" in bot.texts(sender, "ja hoor, nog een vraag")
    bot.texts(sender, "mn dochter wordt gepest, we wonen in Oss")
    assert "Fijn dat je er was" in bot.texts(sender, "nee hoor, dat was alles")


def test_another_name_of_a_gemeente_is_mapped_to_its_name(bot, sender):
    """Synonyms (data/nlu/places.yml, from the aliases in data/concepts/gemeenten.yml)."""
    bot.send(sender, "mijn zoon wordt gepest, we wonen in Rooi")
    entities = bot.tracker(sender)["latest_message"]["entities"]
    assert [e["value"] for e in entities if e["entity"] == "plaats"] == ["Meierijstad"]
