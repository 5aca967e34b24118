"""The crisis classifier's text preparation: chat spelling written out, verb forms as lemmas."""
from __future__ import annotations

from hulpwijzer.rasa_server.nlu.crisis_features import chat_text, lemma_text, lemmas_for
from hulpwijzer.rasa_server.nlu.crisis_net import normalise


def test_chat_spelling_reads_as_the_full_words():
    assert chat_text(normalise("k wil dd")) == "ik wil dood"
    assert chat_text(normalise("kheb egt gwn geen zin meer")) == "ik heb echt gewoon geen zin meer"
    assert chat_text(normalise("ik wil echtt nie meerrrr")) == "ik wil echt niet meer"


def test_ordinary_words_stay_as_they_are():
    text = "mijn zoon is al weken ziek en de dokter weet het niet"
    assert chat_text(normalise(text)) == text
    assert chat_text("we gaan met de bus naar het bos") == "we gaan met de bus naar het bos"


def test_a_verb_form_never_seen_in_training_counts_through_its_lemma():
    lemmas = lemmas_for(["ik snijd in mijn arm"])
    assert lemma_text("ik sneed in mijn arm", lemmas) == lemma_text("ik snijd in mijn arm", lemmas)
    assert "geslagen" not in lemmas  # a lemma the training texts never had is left out
