"""Who is asking, from the weaker signals (hulpwijzer/core/asker_signals.py), and measured on the real
questions' askers (tests/heldout/questions/public_questions.yml)."""
from __future__ import annotations

import pytest

from hulpwijzer.core.audience import PARENT, YOUNG_PERSON, infer_audience
from tools.model.evaluate_questions import ASKERS, load_questions


@pytest.mark.parametrize("text", [
    "Vader: ons jongste meisje van 8 plast weer in bed, wat kunnen we doen?",
    "Ik heb twee pubers in huis en die ruziën de hele dag.",
    "Onze 13-jarige zoon zit alleen nog op zijn kamer.",
    "hij gamet tot diep in de nacht en wij krijgen hem niet meer naar bed",
])
def test_parents_without_mijn_zoon(text):
    assert infer_audience(text) == PARENT


@pytest.mark.parametrize("text", [
    "ben 16 en heb echt geen zin meer in school",
    "Mag ik zelf naar de huisarts zonder dat iemand het weet?",
    "mijn cijfers zijn heel slecht dit jaar en ik weet niet hoe ik moet leren",
    "Ik vind het heel moeilijk om nieuwe vrienden te maken op de nieuwe school.",
])
def test_young_people_without_ik_word_gepest(text):
    assert infer_audience(text) == YOUNG_PERSON


@pytest.mark.parametrize("text", [
    "ben pas dertien, is dit normaal?",
    "ik zit in de 2e en snap de stof niet meer",
    "k zit in vwo 5 en ben op",
    "ik heb een halt straf gekregen, wat nu",
    "ik ben betrapt in de supermarkt",
    "mn bestie praat niet meer met me",
    "kweet echt nie meer wat ik moet doen",
    "ik heb zo veel druk op school",
])
def test_young_people_in_their_own_words(text):
    assert infer_audience(text) == YOUNG_PERSON


@pytest.mark.parametrize("text", [
    "hij zit in de derde klas en wil niet meer naar school",
    "ze is geschorst en zit nu thuis, hoe gaat het verder",
])
def test_a_child_in_the_third_person_is_not_read_as_the_writer(text):
    assert infer_audience(text) != YOUNG_PERSON


@pytest.mark.parametrize("text", ["ik voel me rot", "hulp bij pesten", "wat kost het", "Uden"])
def test_short_messages_without_a_signal_stay_unknown(text):
    assert infer_audience(text) is None


# Measured with make eval (docs/nlu-evaluation.md); a change that loses askers fails here.
MIN_RIGHT, MAX_WRONG = 0.65, 0.03


def test_the_askers_of_the_real_questions():
    labelled = [(q.text, ASKERS[q.asker]) for q in load_questions() if q.asker in ASKERS]
    read = [infer_audience(text) for text, _ in labelled]
    right = sum(got == label for got, (_, label) in zip(read, labelled)) / len(labelled)
    wrong = sum(got not in (None, label) for got, (_, label) in zip(read, labelled)) / len(labelled)
    assert right >= MIN_RIGHT and wrong <= MAX_WRONG, (right, wrong)
