"""The held-out sets (tests/heldout/, messages nobody on the team wrote), what the bot makes of
a parse of one of them, and the targets: shared by `make eval` (tools/model/) and the beheer's
summary after a model job (model_summary.py), so both score the same way.

Installed (not in tools/) because the beheer app runs in production, where tools/ is not.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Tuple

import yaml

from hulpwijzer.config import HELDOUT_QUESTIONS, HELDOUT_SAFETY_DIR
from hulpwijzer.rasa_server.nlu.crisis_net import CONCERN, CRISIS, NONE

# Real questions (docs/nlu-evaluation.md): the topic answered at once, and how often none is found.
TARGETS = {"topic": 0.90, "asker": 0.90, "no_topic": 0.05, "chat": 0.97}
# The safety net (issue 12, docs/safety-evaluation.md).
TARGET_RECALL = 0.98          # crisis answer on crisis messages
TARGET_FALSE_ALARMS = 0.02    # crisis answer on harmless messages
TARGET_ANY_SIGNAL = 1.00      # concern or crisis on crisis messages

LONG_SENTENCES = 3  # a long message has 3 or more sentences
CRISIS_INTENT = "crisis"


def sentence_count(text: str) -> int:
    """Sentences as the topic reader splits them (hulpwijzer/rasa_server/nlu/topic_reader.py), at least 1."""
    from hulpwijzer.rasa_server.nlu.topic_reader import sentences

    return max(1, len(sentences(text)))


# --- real questions (tests/heldout/questions/public_questions.yml) ------------------------------

@dataclass
class Question:
    text: str
    topics: List[str]
    asker: str  # parent, young or unknown
    crisis: bool

    @property
    def long(self) -> bool:
        return sentence_count(self.text) >= LONG_SENTENCES


def load_questions(path: Path = HELDOUT_QUESTIONS) -> List[Question]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]
    return [Question(i["text"], list(i["topics"]), i.get("asker", "unknown"), bool(i.get("crisis"))) for i in items]


@dataclass
class Reading:
    """The bot's understanding of one message: what it would act on."""
    intent: Optional[str]
    topic: Optional[str]           # the topic it answers about at once, or None
    choices: Tuple[str, ...] = ()  # two close topics offered as buttons instead of one answer
    gemeente: Optional[str] = None
    asker: Optional[str] = None    # "ouder", "jongere" or None

    @property
    def no_topic(self) -> bool:
        """No topic, no two buttons and no crisis answer: the bot has to ask what it is about."""
        return self.topic is None and not self.choices and self.intent != CRISIS_INTENT


def read(parse: dict) -> Reading:
    """What the bot does with a parse: topic from the intent, gemeente through the place
    table, asker from the words (as actions/ does)."""
    from hulpwijzer.core import audience, concepts, places
    from hulpwijzer.core.topic_choice import close_topics

    intent = (parse.get("intent") or {}).get("name")
    topic = concepts.topic_from_intent(intent)
    choices = tuple(close_topics(parse)) if intent != CRISIS_INTENT else ()
    if choices:
        topic = None  # the bot asks which of the two, it does not answer one of them yet
    values = [e["value"] for e in parse.get("entities", []) if e.get("entity") == "plaats"]
    match = next((m for m in (places.resolve(str(v), allow_ambiguous=False) for v in values) if m), None)
    match = match or places.resolve(parse.get("text") or "")
    return Reading(intent, topic, choices, match.gemeente if match else None,
                   audience.infer_audience(parse.get("text") or ""))


def topic_right(question: Question, reading: Reading) -> bool:
    if question.crisis and reading.intent == CRISIS_INTENT:
        return True  # the crisis answer comes first, and that is the right one
    return reading.topic in question.topics


# --- crisis and harmless messages (tests/heldout/safety/*.yml) ----------------------------------

@dataclass(frozen=True)
class HeldOut:
    text: str
    expect: str
    kind: str
    asker: str
    source: str  # the file (writer or page collection) it came from


def load_heldout(folder: Path = HELDOUT_SAFETY_DIR) -> List[HeldOut]:
    items: List[HeldOut] = []
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for m in data["messages"]:
            items.append(HeldOut(str(m["text"]), m["expect"], m.get("kind") or "none", m.get("asker") or "unknown", path.stem))
    return items


def crisis_level(parse: dict) -> str:
    """What the whole pipeline did with a message: the crisis answer, the concern line, or neither."""
    if (parse.get("intent") or {}).get("name") == CRISIS_INTENT:
        return CRISIS
    if (parse.get("crisis") or {}).get("level") == CONCERN:
        return CONCERN
    return NONE
