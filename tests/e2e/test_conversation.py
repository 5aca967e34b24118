"""Whole conversations through the REST channel, as a parent or pupil would have them."""
from __future__ import annotations


def _all_text(messages):
    return "\n".join(m.get("text", "") for m in messages)


def _buttons(messages):
    return [b for m in messages for b in m.get("buttons", [])]


def test_greet_ask_for_help_in_oss_and_say_goodbye(bot, sender):
    assert "Hulpwijzer" in bot.texts(sender, "hoi")
    answer = bot.texts(sender, "waar kan ik opvoedondersteuning krijgen in Oss?")
    assert "Centrum voor Jeugd & Gezin Oss" in answer
    assert "gratis" in answer.lower() and "school" in answer
    assert bot.slots(sender)["gemeente"] == "Oss"
    assert "Dag" in bot.texts(sender, "doei")


def test_one_message_with_topic_and_place_fills_both_slots(bot, sender):
    answer = bot.texts(sender, "ik zoek hulp bij opvoeden in Veghel")
    slots = bot.slots(sender)
    assert slots["gemeente"] == "Meierijstad"
    assert "Meierijstad" in answer


def test_place_comes_in_a_later_message(bot, sender):
    question = bot.texts(sender, "mijn zoon wordt gepest")
    assert "plaats" in question.lower()
    answer = bot.texts(sender, "Rijswijk")
    assert "https://www.cjgrijswijk.nl" in answer
    slots = bot.slots(sender)
    assert slots["gemeente"] == "Rijswijk" and slots["doelgroep"] == "ouder"


def test_topic_comes_in_a_later_message_with_a_button(bot, sender):
    question = bot.send(sender, "ik heb hulp nodig")
    buttons = _buttons(question)
    assert buttons, "the topic question has buttons"
    pesten = next(b for b in buttons if b["payload"] == "/hulp_pesten")
    assert "plaats" in bot.texts(sender, pesten["payload"]).lower()
    answer = bot.texts(sender, "ik woon in Scheveningen")
    assert "https://www.cjgdenhaag.nl" in answer


def test_a_pupil_gets_a_line_for_young_people(bot, sender):
    answer = bot.texts(sender, "ik word gepest op school in Uden")
    assert "0800-0432" in answer  # De Kindertelefoon
    assert bot.slots(sender)["doelgroep"] == "jongere"


def test_a_place_outside_the_region_gets_an_honest_answer(bot, sender):
    bot.texts(sender, "ik zoek hulp bij opvoeden")
    answer = bot.texts(sender, "ik woon in Amsterdam")
    assert "buiten mijn gebied" in answer and "0800-2000" in answer and "Leidschendam-Voorburg" in answer
    assert bot.slots(sender)["gemeente"] is None


def test_a_gemeente_from_the_web_page_is_not_asked_again(bot, sender):
    answer = bot.texts(sender, "ik heb vragen over de opvoeding van mijn dochter", metadata={"gemeente": "Den Haag"})
    assert "https://www.cjgdenhaag.nl" in answer
    assert bot.slots(sender)["gemeente"] == "Den Haag"


def test_an_unknown_gemeente_in_metadata_is_ignored(bot, sender):
    bot.send(sender, "hoi", metadata={"gemeente": "Atlantis"})
    assert bot.slots(sender)["gemeente"] is None


def test_frequent_question_is_answered(bot, sender):
    answer = bot.texts(sender, "moet de school het weten?")
    assert "school hoeft het niet te weten" in answer


def test_two_misses_offer_a_person_instead_of_looping(bot, sender):
    # Messages without words always miss (the classifier cannot make anything of them).
    first = bot.send(sender, "🙈🙈🙈")
    assert "begreep ik niet" in _all_text(first) and _buttons(first)
    second = bot.texts(sender, "???")
    assert "met een mens" in second and "0800-0432" in second


def test_after_the_answer_the_bot_asks_if_there_is_more_and_can_end(bot, sender):
    answer = bot.texts(sender, "mijn kind spijbelt, we wonen in Oss")
    assert "nog ergens anders mee helpen" in answer
    assert "Dag" in bot.texts(sender, "nee")
