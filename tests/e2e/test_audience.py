"""Audience (doelgroep) is inferred from how people write: "mijn zoon" is a parent, "ik word
gepest" a young person; when nothing tells, the bot does not guess."""
from __future__ import annotations

import pytest

from hulpwijzer.core.audience import PARENT, YOUNG_PERSON, infer_audience

PARENTS = [
    "mijn zoon wordt gepest", "mn dochter spijbelt steeds", "waar kan ik hulp krijgen bij opvoeden in Veghel",
    "ik ben moeder van drie kinderen", "onze puber blowt", "m'n kind slaapt slecht",
    "als vader weet ik het niet meer", "mijn peuter heeft driftbuien", "hulp bij de opvoeding van mijn tiener",
    "MIJN DOCHTER WIL NIET NAAR SCHOOL", "ik ben een papa en zoek hulp", "ons kind heeft adhd",
    # a parent writing about bullying or school is still a parent
    "mijn zoon wordt gepest en zit op de havo", "mn kind zegt: ik word gepest",
]

YOUNG_PEOPLE = [
    "ik word gepest", "k word gepest op school", "mijn ouders gaan scheiden", "mn vader drinkt te veel",
    "ik zit in de brugklas en word uitgescholden", "ik spijbel vaak", "ik blow elke dag",
    "ik ben 14 en zoek hulp", "mijn mentor luistert niet", "ik word buitengesloten door mijn klasgenoten",
    "mn moeder snapt me niet", "ik ben 9", "ik zit op het vmbo",
]

UNCLEAR = ["ik zoek hulp", "hoi", "is het gratis", "Oss", "ik voel me somber", "ik heb een vraag", ""]


@pytest.mark.parametrize("text", PARENTS)
def test_parents_are_recognised(text):
    assert infer_audience(text) == PARENT


@pytest.mark.parametrize("text", YOUNG_PEOPLE)
def test_young_people_are_recognised(text):
    assert infer_audience(text) == YOUNG_PERSON


@pytest.mark.parametrize("text", UNCLEAR)
def test_without_a_clear_signal_the_bot_does_not_guess(text):
    assert infer_audience(text) is None


def test_the_bot_sets_the_audience_slot_from_the_message(bot, sender):
    bot.send(sender, "mn dochter wordt gepest, wij wonen in Oss")
    assert bot.slots(sender)["doelgroep"] == PARENT
    other = sender + "-2"
    bot.send(other, "k word gepest, ik woon in Oss")
    assert bot.slots(other)["doelgroep"] == YOUNG_PERSON
