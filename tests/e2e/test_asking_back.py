"""Issue 14: who is asking (one question, two buttons, then an answer for that person), two
close topics as two buttons, a place kept from any message and a corrected place replacing
it. Through the REST channel with the trained bot; every sentence here is new (not in data/nlu
nor in tests/heldout)."""
from __future__ import annotations

import pytest

from hulpwijzer.core import concepts
from hulpwijzer.core.directory.lookup import compose
from hulpwijzer.core.directory.store import get_store

ASK_ASKER = "Ben je een ouder of een jongere"
ASK_TWO = "Gaat het vooral over"
ASK_PLACE = "In welke plaats"


def _text(messages) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def _payloads(messages):
    return [b["payload"] for m in messages for b in m.get("buttons", [])]


def _card_heads(topic: str, gemeente: str, doelgroep):
    """The first line of every card the answer should hold, from the directory itself."""
    return [card.text.splitlines()[0] for card in compose(get_store().services, topic, gemeente, doelgroep)]


# --- who is asking ------------------------------------------------------------------------------

def test_unknown_asker_gets_help_and_then_one_question_with_two_buttons(bot, sender):
    reply = bot.send(sender, "is er een jongerenwerker in Schijndel")
    text = _text(reply)
    assert "Hulp bij 'jongerenwerk en vrije tijd' in Meierijstad" in text  # help for both first
    assert ASK_ASKER in text
    assert _payloads(reply) == ['/doelgroep_kiezen{"doelgroep": "ouder"}', '/doelgroep_kiezen{"doelgroep": "jongere"}']


@pytest.mark.parametrize("doelgroep, line", [
    ("jongere", "Dit is hulp voor jou. Je mag zelf bellen of chatten."),
    ("ouder", "Dit is hulp voor jou als ouder, en voor je kind."),
])
def test_a_click_on_the_asker_button_answers_again_for_that_person(bot, sender, doelgroep, line):
    bot.send(sender, "is er een jongerenwerker in Schijndel")
    answer = bot.texts(sender, f'/doelgroep_kiezen{{"doelgroep": "{doelgroep}"}}')
    assert line in answer
    assert bot.slots(sender)["doelgroep"] == doelgroep
    heads = _card_heads("jongerenwerk", "Meierijstad", doelgroep)
    assert heads and all(head in answer for head in heads)
    assert "nog ergens anders mee helpen" in answer


def test_parent_and_pupil_get_different_help_for_the_same_question(bot, sender):
    assert _card_heads("jongerenwerk", "Meierijstad", "ouder") != _card_heads("jongerenwerk", "Meierijstad", "jongere")


def test_the_asker_is_asked_only_once(bot, sender):
    assert ASK_ASKER in bot.texts(sender, "is er een jongerenwerker in Schijndel")
    # No click: the next question is answered without asking again.
    second = bot.texts(sender, "en is er ook hulp bij opvoeden daar")
    assert "Hulp bij 'opvoeden'" in second and ASK_ASKER not in second


def test_a_clear_asker_is_not_asked(bot, sender):
    answer = bot.texts(sender, "onze dochter wordt elke training uitgelachen door haar teamgenoten, wij wonen in Berghem")
    assert ASK_ASKER not in answer and "Dit is hulp voor jou als ouder" in answer
    other = sender + "-jong"
    answer = bot.texts(other, "ben 13 en ze lachen me elke dag uit in de klas, ik woon in Ravenstein")
    assert ASK_ASKER not in answer and "Dit is hulp voor jou. Je mag zelf" in answer


# --- places -------------------------------------------------------------------------------------

def test_a_place_in_a_greeting_is_kept_and_not_asked_again(bot, sender):
    bot.send(sender, "goedemorgen, wij komen uit Heesch")
    assert bot.slots(sender)["gemeente"] == "Bernheze"
    answer = bot.texts(sender, "onze oudste snuift lachgas")
    assert ASK_PLACE not in answer and "in Bernheze" in answer


def test_a_place_in_a_message_the_bot_did_not_understand_is_kept(bot, sender):
    bot.send(sender, "flurp gnarf in Nistelrode")
    assert bot.slots(sender)["gemeente"] == "Bernheze"


@pytest.mark.parametrize("correction", ["nee, ik bedoel Uden", "niet Veghel maar Uden", "oeps, ik woon niet in Veghel maar in Uden"])
def test_a_corrected_place_replaces_the_gemeente(bot, sender, correction):
    bot.send(sender, "wij wonen in Veghel")
    assert bot.slots(sender)["gemeente"] == "Meierijstad"
    bot.send(sender, correction)
    assert bot.slots(sender)["gemeente"] == "Maashorst"


def test_a_correction_while_the_bot_asks_the_place_gives_help_for_the_corrected_gemeente(bot, sender):
    assert ASK_PLACE in bot.texts(sender, "mijn zoon van 12 durft niet meer naar gym omdat ze hem uitlachen")
    assert "in Meierijstad" in bot.texts(sender, "Veghel")
    bot.send(sender, "sorry, ik bedoel Rijswijk")
    assert bot.slots(sender)["gemeente"] == "Rijswijk"


# --- two close topics ---------------------------------------------------------------------------
# Which sentence lands between two topics depends on the trained model: this one did with the
# model of bot/config.yml when the test was written (make eval: candidate G).
TWO_TOPICS = "ik zit niet lekker in mijn vel en ik spijbel soms"


def test_two_close_topics_are_named_as_two_buttons(bot, sender):
    reply = bot.send(sender, TWO_TOPICS)
    text = _text(reply)
    verzuim, psychisch = concepts.topic("verzuim").label.lower(), concepts.topic("psychisch").label.lower()
    assert f"{ASK_TWO} {verzuim}, of over {psychisch}?" in text
    assert _payloads(reply) == ["/hulp_verzuim", "/hulp_psychisch"]
    # A click chooses; the bot then asks only what is still missing, and answers.
    assert ASK_PLACE in bot.texts(sender, "/hulp_psychisch")
    answer = bot.texts(sender, "Ypenburg")
    assert "Hulp bij 'somber, angstig of gestrest' in Den Haag" in answer


def test_one_clear_topic_is_answered_at_once(bot, sender):
    answer = bot.texts(sender, "mijn zoon gamet veel en heeft slechte cijfers, wij wonen in Oss")
    assert ASK_TWO not in answer
    assert "Hulp bij 'alcohol, drugs of gamen' in Oss" in answer
