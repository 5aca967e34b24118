"""The crisis safety net: it catches direct and indirect phrasings and misspellings, and stays
quiet on harmless idioms. Unit level on the matcher, and through the running bot."""
from __future__ import annotations

import pytest

from hulpwijzer.rasa_server.nlu.crisis_net import CrisisMatcher
from tests.safety_answers import crisis_answer_first, texts_of

MATCHER = CrisisMatcher.from_file()

POSITIVE = [
    # suicide, direct and indirect
    "ik wil niet meer", "ik wil dood", "ik zie het niet meer zitten", "ik zie t niet meer zitten",
    "ik denk aan zelfmoord", "ik denk aan zelfmoort", "zelmoord", "gedachten over suicide",
    "ik wil een eind aan mijn leven maken", "ik wil niet meer leven", "k wil niet meer",
    "ik wil er niet meer zijn", "alles heeft geen zin meer", "mijn leven heeft geen zin",
    "niemand zou me missen", "iedereen is beter af zonder mij", "ik wil mezelf van kant maken",
    "ik wil mezelf iets aandoen", "ik wil van een brug springen", "ik ga voor de trein springen",
    "ik heb pillen genomen om dood te gaan", "ik kan niet meer", "IK WIL DOOD",
    "ik wil niet meeeer", "ik wil gewoon dood zijn", "i want to kill myself", "ik ben suïcidaal",
    # self-harm
    "ik snij mezelf", "ik snijd mezelf soms", "ik kras in mijn armen", "ik doe mezelf pijn",
    "ik wil mezelf snijden", "zelfbeschadiging", "ik doe aan automutilatie",
    # abuse and violence at home
    "mijn vader slaat me", "mn stiefvader slaat mij", "mijn moeder schopt me", "ik word thuis geslagen",
    "ik word misbruikt", "mijn oom zit aan me", "ik ben verkracht", "ik ben aangerand",
    "mijn broer mishandelt mij", "ik voel me niet veilig thuis",
    # acute danger
    "hij heeft een mes", "mijn vader wil ons vermoorden", "ik ben in gevaar", "help hij slaat!!",
    # chat spelling, typos and other indirect ways of saying it
    "k wil nie meer", "ik zie t nie meer zitten", "kwil dood", "ik wil doodgaan", "zelfmort", "suicde",
    "ik wil er een eind aan maken", "ik ben bang dat ik mezelf iets aandoe", "het hoeft voor mij niet meer",
    "ik wil slapen en nooit meer wakker worden", "ik neem een overdosis", "ik ga mezelf ophangen",
    "ik sta op het dak en ik wil springen", "ik heb mezelf gesneden", "ik heb me zelf pijn gedaan",
    "mijn stiefvader komt 's nachts aan me", "ik word gedwongen tot seks", "papa slaat mij",
    "hij bedreigt mijn moeder met een mes", "mijn vader heeft een pistool",
    # once missed by the net
    "ik wil mezelf doden", "ik heb me gesneden", "ik wil me ophangen", "ik wil mijn polsen doorsnijden",
    "ik zie het nie meer zitte", "ik wil ermee stoppen met leven", "mijn moeder wordt geslagen door mijn vader",
    "ik wil me dood drinken", "ik ga mezelf wat aandoen", "ik zie geen uitweg meer",
    "ik heb geen zin meer in het leven", "mn moeder wordt steeds geslagen door haar vriend",
]

NEGATIVE = [
    "ik ga dood van het lachen", "deze les is moord", "de toets was moordend", "ik lach me dood",
    "ik ben doodmoe", "ik ga dood van de honger", "ik wil niet meer naar school",
    "ik wil niet meer voetballen", "ik kan niet meer wachten op de vakantie", "wiskunde is echt moord",
    "ik schiet me dood van het lachen", "mijn zoon wordt gepest", "hulp bij opvoeden in Oss",
    "ik spijbel vaak", "mijn ouders gaan scheiden", "ik snap de som niet", "dat was een killer feestje",
    "hoi", "waar is het cjg", "ik verveel me dood", "deze film is dodelijk saai", "ik wil niet meer met hem praten",
    "ik snij de groente met een mes", "ik snij mijn brood", "mijn telefoon is dood", "de batterij is dood",
    "mijn moeder slaat de eieren", "ik wil springen op de trampoline", "nee het hoeft niet meer",
    "ik zit aan mijn huiswerk", "ik heb een mes gekocht", "ik wil niet meer gepest worden",
    "ik ga dood van de verveling", "ik lach me kapot",
    "ik heb me gesneden aan papier", "ik hang mijn jas op", "mijn moeder wordt gek van mij", "ik heb me verslapen",
    "ik wil stoppen met roken", "mijn vader slaat de bal weg", "ik snij mijn haar", "mijn opa is dood",
    "ik heb zin in het leven", "mijn zoon wil niet meer eten",
    # school work about a theme is not a crisis (issue 12)
    "ik doe een spreekbeurt over zelfmoordpreventie", "ons werkstuk gaat over kindermishandeling",
    "mijn opa is bang om dood te gaan", "dat klimrek is levensgevaarlijk",
]


def test_enough_phrasings_are_tested():
    assert len(POSITIVE) >= 40 and len(NEGATIVE) >= 20


@pytest.mark.parametrize("text", POSITIVE)
def test_crisis_phrasings_are_caught(text):
    assert MATCHER.kind_of(text) is not None


@pytest.mark.parametrize("text", NEGATIVE)
def test_harmless_text_is_left_alone(text):
    assert MATCHER.kind_of(text) is None


def _is_crisis_answer(messages):
    """The crisis answer (one of its variations in bot/domain/safety.yml) comes first."""
    texts = texts_of(messages)
    return crisis_answer_first(texts) is not None, "\n".join(texts)


@pytest.mark.parametrize("text", [
    "ik wil niet meer", "ik zie het niet meer zitten", "mijn vader slaat me", "ik snij mezelf",
    "ik denk aan zelfmoort", "ik wil dood, ik woon in Oss",
])
def test_the_bot_answers_crisis_first(bot, sender, text):
    ok, reply = _is_crisis_answer(bot.send(sender, text))
    assert ok, reply


@pytest.mark.parametrize("text", ["ik ga dood van het lachen", "deze les is moord"])
def test_the_bot_does_not_answer_harmless_idioms_with_the_crisis_answer(bot, sender, text):
    reply = "\n".join(m.get("text", "") for m in bot.send(sender, text))
    assert "0800-0113" not in reply


def test_crisis_in_the_middle_of_the_help_form_comes_first_and_stops_the_form(bot, sender):
    first = bot.texts(sender, "ik word gepest")
    assert "plaats" in first.lower()  # the form asks where
    ok, reply = _is_crisis_answer(bot.send(sender, "ik wil niet meer, ik woon in Uden"))
    assert ok, reply
    tracker = bot.tracker(sender)
    assert tracker["active_loop"] in ({}, None) or not tracker["active_loop"].get("name")
