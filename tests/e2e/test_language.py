"""Other languages: English gets a short English answer, others a Dutch + English note."""
from __future__ import annotations

import pytest

from hulpwijzer.rasa_server.nlu.language import detect_language


@pytest.mark.parametrize("text,language", [
    ("I need help with my son", "en"), ("my parents are fighting all the time", "en"),
    ("my son is being bullied at school", "en"), ("can someone help me", "en"), ("is it free", "en"),
    ("je suis perdu et j'ai besoin d'aide", "fr"), ("Potrzebuję pomocy z moim synem", "pl"),
    ("أحتاج مساعدة مع ابني في المدرسة", "ar"),
    ("Ich brauche Hilfe mit meinem Sohn", "de"), ("necesito ayuda con mi hijo", "es"),
    ("Benim oğlum okula gitmiyor", "tr"), ("I NEED HELP WITH MY SON", "en"),
    ("ICH BRAUCHE HILFE MIT MEINEM SOHN", "de"), ("I need help in Oss with my son", "en"),
    ("I need help", "en"), ("help my son", "en"), ("Mi serve aiuto", "it"),
])
def test_other_languages_are_recognised(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("text,language", [
    ("Necesito ayuda", "es"), ("Potrzebuję pomocy", "pl"), ("Tarvitsen apua", "fi"), ("Trebam pomoć", "hr"),
])
def test_two_words_the_classifier_did_not_understand_are_judged_too(text, language):
    assert detect_language(text, understood=False) == language
    assert detect_language(text, understood=True) is None


@pytest.mark.parametrize("text", ["dag dag", "tot morgen", "hallo daar", "ok prima"])
def test_two_dutch_words_the_classifier_understood_stay_dutch(text):
    assert detect_language(text, understood=True) is None


@pytest.mark.parametrize("text", [
    "Мне нужна помощь", "أحتاج مساعدة", "我需要帮助", "Χρειάζομαι βοήθεια", "मुझे मदद चाहिए", "도움이 필요해요",
    "עזרה בבקשה",
])
def test_text_in_another_alphabet_is_never_taken_for_dutch(text):
    assert detect_language(text) not in (None, "nl", "en")


@pytest.mark.parametrize("text", ["blorp flap zweem", "krakel snurf", "qwrtz plof", "zzzz brrr"])
def test_two_or_three_nonsense_words_are_no_language(text):
    """Nonsense gets the fallback question (tests/e2e/test_fallback.py), not the language note."""
    assert detect_language(text, understood=False) is None


@pytest.mark.parametrize("text", [
    "ik word gepest", "hoi", "help", "waar kan ik opvoedondersteuning krijgen in Oss",
    "mn zoon blowt", "kan iemand me helpen aub", "Oss", "", "😀😀😀",
    # Once read as German, Norwegian or Indonesian: a place name, capitals, "dank je".
    "gezinscoach nodig in Oss", "halt in Oss", "verslavingszorg in Oss", "Super, dank je",
    "HEEL ERG BEDANKT", "ZE PESTEN ME OP SCHOOL",
])
def test_dutch_and_short_messages_are_left_to_the_classifier(text):
    assert detect_language(text) is None


def test_english_gets_an_english_answer(bot, sender):
    answer = bot.texts(sender, "Hello, I need help with my daughter please")
    assert "I help in Dutch" in answer and "112" in answer and "0800-0432" in answer


def test_another_language_gets_a_dutch_and_english_note(bot, sender):
    answer = bot.texts(sender, "Ich brauche Hilfe mit meinem Sohn")
    assert "Ik begrijp alleen Nederlands" in answer and "I only understand Dutch" in answer
    assert "0800-2000" in answer


def test_no_dutch_sentence_of_the_nlu_data_is_taken_for_another_language():
    """Over a thousand real-looking Dutch chat messages, with typos and chat spelling, as typed,
    in lower case, with a capital first letter and in capitals (the detector is case-sensitive)."""
    from tests.unit.test_nlu_data import ENTITY, HELD_OUT, TRAINING

    typed = [ENTITY.sub(r"\1", e) for source in (TRAINING, HELD_OUT) for examples in source.values() for e in examples]
    assert len(typed) > 1000
    dutch = {variant for text in typed for variant in (text, text.lower(), text.capitalize(), text.upper())}
    assert [(text, detect_language(text)) for text in sorted(dutch) if detect_language(text)] == []


@pytest.mark.parametrize("text", ["I need help", "Necesito ayuda", "Мне нужна помощь", "أحتاج مساعدة"])
def test_short_messages_in_other_languages_get_the_language_answer(bot, sender, text):
    answer = bot.texts(sender, text)
    assert "I help in Dutch" in answer or "I only understand Dutch" in answer
    assert "0800-0432" in answer
