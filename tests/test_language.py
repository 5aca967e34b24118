"""Other languages: English gets a short English answer, others a Dutch + English note."""
from __future__ import annotations

import pytest

from nlu_components.language import detect_language


@pytest.mark.parametrize("text,language", [
    ("I need help with my son", "en"), ("my parents are fighting all the time", "en"),
    ("my son is being bullied at school", "en"), ("can someone help me", "en"), ("is it free", "en"),
    ("je suis perdu et j'ai besoin d'aide", "fr"), ("Potrzebuję pomocy z moim synem", "pl"),
    ("أحتاج مساعدة مع ابني في المدرسة", "ar"),
    ("Ich brauche Hilfe mit meinem Sohn", "de"), ("necesito ayuda con mi hijo", "es"),
    ("Benim oğlum okula gitmiyor", "tr"), ("I NEED HELP WITH MY SON", "en"),
    ("ICH BRAUCHE HILFE MIT MEINEM SOHN", "de"), ("I need help in Oss with my son", "en"),
])
def test_other_languages_are_recognised(text, language):
    assert detect_language(text) == language


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
    from tests.test_nlu_data import ENTITY, HELD_OUT, TRAINING

    typed = [ENTITY.sub(r"\1", e) for source in (TRAINING, HELD_OUT) for examples in source.values() for e in examples]
    assert len(typed) > 1000
    dutch = {variant for text in typed for variant in (text, text.lower(), text.capitalize(), text.upper())}
    assert [(text, detect_language(text)) for text in sorted(dutch) if detect_language(text)] == []
