"""The frequent-question selector runs only on frequent questions (its answer is used nowhere else).

That every frequent question still gets its own answer is tested through the REST channel in
tests/e2e/test_understanding.py.
"""
from __future__ import annotations

from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.training_data.message import Message

from hulpwijzer.rasa_server.nlu.faq_selector import FaqResponseSelector


def _message(text: str, intent: str) -> Message:
    return Message(data={"text": text, "intent": {"name": intent, "confidence": 0.9}})


def test_only_messages_with_the_faq_intent_reach_the_response_selector(monkeypatch):
    seen = []
    monkeypatch.setattr(ResponseSelector, "process", lambda self, messages: seen.extend(messages) or messages)
    selector = FaqResponseSelector.__new__(FaqResponseSelector)
    selector.retrieval_intent = "faq"
    faq = _message("wat is het cjg", "faq")
    other = _message("mijn zoon wordt gepest", "hulp_pesten")
    no_intent = Message(data={"text": "hoi"})

    assert selector.process([faq, other, no_intent]) == [faq, other, no_intent]
    assert seen == [faq]
