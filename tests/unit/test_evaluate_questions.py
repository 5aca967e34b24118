"""How make eval scores the real questions and chat requests (tools/model/evaluate_questions.py)."""
from __future__ import annotations

from tools.model.evaluate_questions import ChatRequest, Question, load_chat_requests, load_questions, score_chat, \
    score_questions, sentence_count


def _parse(text, ranking, entities=()):
    """A parse as Rasa gives it: the first of the ranking is the intent."""
    ranked = [{"name": name, "confidence": c} for name, c in ranking]
    return {"text": text, "intent": dict(ranked[0]), "intent_ranking": ranked, "entities": list(entities)}


def test_topic_no_topic_buttons_and_crisis_are_told_apart():
    questions = [
        Question("Mijn zoon gamet. Hij is 15. Wat nu?", ["middelen"], "parent", False),
        Question("ik word uitgescholden", ["pesten"], "young", False),
        Question("hij rookt en spijbelt", ["middelen", "verzuim"], "unknown", False),
        Question("ik wil er niet meer zijn", ["psychisch"], "young", True),
    ]
    parses = [
        _parse(questions[0].text, [("hulp_middelen", 0.9), ("hulp_opvoeding", 0.1)]),
        _parse(questions[1].text, [("nlu_fallback", 0.35), ("out_of_scope", 0.2)]),
        _parse(questions[2].text, [("hulp_verzuim", 0.45), ("hulp_middelen", 0.44)]),  # two buttons
        _parse(questions[3].text, [("crisis", 1.0)]),
    ]
    scores = score_questions(questions, parses)
    everyone = scores.groups["all"]
    assert everyone["topic"] == 2 / 4           # direct answer on 1, crisis answer on 4
    assert everyone["topic_or_choice"] == 3 / 4  # the buttons hold the right topic on 3
    assert everyone["no_topic"] == 1 / 4
    assert scores.groups["long"]["n"] == 1 and scores.groups["short"]["n"] == 3
    assert everyone["asker"] == 2 / 3            # parent (mijn zoon) and young (ik word ...), 'ik wil' unknown
    assert ("pesten", "(geen)", 1) in scores.confusions


def test_chat_requests_need_topic_and_gemeente():
    requests = [ChatRequest("mn zoon blowt, wonen in Heesch", ["middelen"], "Bernheze", "parent"),
                ChatRequest("pesten in Uden", ["pesten"], "Oss", "unknown")]
    parses = [_parse(r.text, [("hulp_middelen" if i == 0 else "hulp_pesten", 0.9)]) for i, r in enumerate(requests)]
    chat = score_chat(requests, parses)
    assert chat.both == 0.5 and chat.topic == 1.0 and chat.gemeente == 0.5


def test_sentences_are_counted_as_a_reader_would():
    assert sentence_count("Hoi. Mijn dochter is 12! Wat nu?") == 3
    assert sentence_count("mn zoon blowt") == 1


def test_the_held_out_sets_are_read_with_their_labels():
    questions, chat = load_questions(), load_chat_requests()
    assert len(questions) >= 250 and all(q.topics for q in questions)
    assert len(chat) >= 320 and all(c.gemeente in {"Oss", "Maashorst", "Meierijstad", "Bernheze", "Den Haag", "Rijswijk",
                                                   "Leidschendam-Voorburg"} for c in chat)
