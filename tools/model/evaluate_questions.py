"""Scores on messages nobody on the team wrote (tests/heldout/questions/), for `make eval`.

Two sets:
  - public_questions.yml: real questions quoted from public pages (parents' letters, young
    people's questions), each with its acceptable topics, the asker and crisis yes/no;
  - chat_requests.yml: short chat-style requests with a place, by an independent writer,
    each with its topic(s) and gemeente.

Scores follow what the bot does with a parse (topic from the intent, gemeente through the
place table, asker from the words: actions/). The misses go to var/eval/ (not committed),
so people who write training data never read held-out sentences.

    python -m tools.model.evaluate_questions [--model models/hulpwijzer.tar.gz]
"""
from __future__ import annotations

import argparse
import json
import logging
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from hulpwijzer.config import HELDOUT_CHAT as CHAT_REQUESTS, MODEL_FILE, ROOT
# Loading the questions, reading a parse and the targets are shared with the beheer's summary
# after a model job (hulpwijzer/staff/heldout.py); the groups, chat requests and report are here.
from hulpwijzer.staff.heldout import (CRISIS_INTENT, LONG_SENTENCES, TARGETS, Question, load_questions,  # noqa: F401
                                      read, sentence_count, topic_right)

MISSES_DIR = ROOT / "var" / "eval"
NO_TOPIC = "(geen)"
# The writers' asker labels -> the bot's `doelgroep` values (hulpwijzer/core/audience.py).
ASKERS = {"parent": "ouder", "young": "jongere"}
# The chat writer's gemeente ids -> names in data/concepts/gemeenten.yml.
GEMEENTE_IDS = {"oss": "Oss", "maashorst": "Maashorst", "meierijstad": "Meierijstad", "bernheze": "Bernheze",
                "den_haag": "Den Haag", "rijswijk": "Rijswijk", "leidschendam_voorburg": "Leidschendam-Voorburg"}


@dataclass
class ChatRequest:
    text: str
    topics: List[str]
    gemeente: str  # a name from data/concepts/gemeenten.yml
    asker: str


def load_chat_requests(path: Path = CHAT_REQUESTS) -> List[ChatRequest]:
    if not path.exists():
        return []
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = raw.get("messages") or raw.get("requests") or [] if isinstance(raw, dict) else raw
    requests = []
    for i in items:
        topics = i.get("topics") or [i.get("topic")]
        gemeente = GEMEENTE_IDS.get(str(i["gemeente"]).lower(), i["gemeente"])
        requests.append(ChatRequest(i["text"], [t for t in topics if t], gemeente, i.get("asker", "unknown")))
    return requests


# --- scores ----------------------------------------------------------------------------------------

def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass
class Group:
    """Figures for one group of questions (all, short, long, young, parents)."""
    total: int = 0
    topic_right: int = 0      # the topic it answers about is acceptable (or crisis answer for crisis)
    topic_in_choice: int = 0  # right, or an acceptable topic among the two offered buttons
    no_topic: int = 0         # no topic and no crisis answer: the bot has to ask what it is about
    asker_total: int = 0      # askers the writer could tell
    asker_right: int = 0
    asker_wrong: int = 0      # told, but the other one

    def figures(self) -> Dict[str, float]:
        return {
            "n": self.total,
            "topic": _share(self.topic_right, self.total),
            "topic_or_choice": _share(self.topic_in_choice, self.total),
            "no_topic": _share(self.no_topic, self.total),
            "asker": _share(self.asker_right, self.asker_total),
            "asker_wrong": _share(self.asker_wrong, self.asker_total),
        }


@dataclass
class QuestionScores:
    groups: Dict[str, Dict[str, float]] = field(default_factory=dict)
    confusions: List[Tuple[str, str, int]] = field(default_factory=list)  # expected, got, times
    misses: List[dict] = field(default_factory=list)

    @property
    def all(self) -> Dict[str, float]:
        return self.groups.get("all", {})


def score_questions(questions: List[Question], parses: List[dict]) -> QuestionScores:
    groups = {name: Group() for name in ("all", "short", "long", "young", "parent")}
    confusion: Counter = Counter()
    misses = []
    for question, parse in zip(questions, parses):
        reading = read(parse)
        right = topic_right(question, reading)
        in_choice = right or bool(set(reading.choices) & set(question.topics))
        none = reading.no_topic
        label = ASKERS.get(question.asker)
        names = ["all", "long" if question.long else "short"] + ([question.asker] if question.asker in groups else [])
        for name in names:
            g = groups[name]
            g.total += 1
            g.topic_right += right
            g.topic_in_choice += in_choice
            g.no_topic += none
            if label:
                g.asker_total += 1
                g.asker_right += reading.asker == label
                g.asker_wrong += reading.asker not in (None, label)
        if not right:
            got = (reading.intent if reading.intent == CRISIS_INTENT
                   else "buttons " + " / ".join(reading.choices) if reading.choices else (reading.topic or NO_TOPIC))
            confusion[(question.topics[0], got)] += 1
        if not right or (label and reading.asker != label):
            misses.append({"text": question.text, "topics": question.topics, "asker": question.asker,
                           "intent": reading.intent, "topic": reading.topic, "choices": list(reading.choices),
                           "asker_read": reading.asker})
    return QuestionScores(
        {name: g.figures() for name, g in groups.items()},
        [(gold, got, n) for (gold, got), n in confusion.most_common()],
        misses,
    )


@dataclass
class ChatScores:
    total: int = 0
    both: float = 0.0     # topic and gemeente right
    topic: float = 0.0
    gemeente: float = 0.0
    asker: float = 0.0    # where the writer labelled one
    misses: List[dict] = field(default_factory=list)


def score_chat(requests: List[ChatRequest], parses: List[dict]) -> ChatScores:
    topic = gemeente = both = asker = asker_total = 0
    misses = []
    for request, parse in zip(requests, parses):
        reading = read(parse)
        t, g = reading.topic in request.topics, reading.gemeente == request.gemeente
        topic, gemeente, both = topic + t, gemeente + g, both + (t and g)
        label = ASKERS.get(request.asker)
        if label:
            asker_total += 1
            asker += reading.asker == label
        if not (t and g):
            misses.append({"text": request.text, "topics": request.topics, "gemeente": request.gemeente,
                           "intent": reading.intent, "topic": reading.topic, "gemeente_read": reading.gemeente})
    n = len(requests)
    return ChatScores(n, _share(both, n), _share(topic, n), _share(gemeente, n), _share(asker, asker_total), misses)


@dataclass
class HeldOutScores:
    questions: QuestionScores
    chat: ChatScores

    def summary(self) -> dict:
        """The figures without the miss lists (for docs and the raw results file)."""
        return {"questions": {"groups": self.questions.groups, "confusions": self.questions.confusions},
                "chat": {k: v for k, v in asdict(self.chat).items() if k != "misses"}}

    def meets_targets(self) -> bool:
        a = self.questions.all
        return (a.get("topic", 0) >= TARGETS["topic"] and a.get("asker", 0) >= TARGETS["asker"]
                and a.get("no_topic", 1) <= TARGETS["no_topic"]
                and (self.chat.total == 0 or self.chat.both >= TARGETS["chat"]))


def evaluate_parses(parse_texts) -> HeldOutScores:
    """`parse_texts(texts) -> parses` reads with one model; both sets are scored."""
    questions, chat = load_questions(), load_chat_requests()
    question_scores = score_questions(questions, parse_texts([q.text for q in questions]))
    chat_scores = score_chat(chat, parse_texts([c.text for c in chat])) if chat else ChatScores()
    return HeldOutScores(question_scores, chat_scores)


def write_misses(name: str, scores: HeldOutScores) -> Path:
    MISSES_DIR.mkdir(parents=True, exist_ok=True)
    path = MISSES_DIR / f"heldout-misses-{name}.json"
    path.write_text(json.dumps({"questions": scores.questions.misses, "chat": scores.chat.misses},
                               ensure_ascii=False, indent=1), encoding="utf-8")
    return path


# --- report ----------------------------------------------------------------------------------------

GROUP_NAMES = {"all": "all", "short": "short (1-2 sentences)", "long": "long (3+ sentences)",
               "young": "young people", "parent": "parents"}


def render(results: Dict[str, dict], confusions_of: Optional[str] = None) -> List[str]:
    """Markdown lines: one table row per candidate and group, the chat requests, the confusions
    of one candidate (default the first). `results` maps a candidate key to HeldOutScores.summary()."""
    questions = load_questions()
    chat_n = len(load_chat_requests())
    lines = [
        "## Real questions and chat requests (tests/heldout/questions/)",
        "",
        f"- `public_questions.yml`: {len(questions)} real questions quoted from public pages "
        f"({sum(q.asker == 'young' for q in questions)} young people, {sum(q.asker == 'parent' for q in questions)} parents, "
        f"{sum(q.long for q in questions)} long = {LONG_SENTENCES}+ sentences), none of whose pages gave training data.",
        "- Topic right: the bot answers at once about one of the acceptable topics (for a crisis question,",
        "  the crisis answer counts as right). \"or a button\": right, or the bot asks \"Gaat het vooral over",
        "  ..., of over ...?\" and an acceptable topic is one of the two buttons. No topic: no topic, no two",
        "  buttons and no crisis answer (the bot has to ask what it is about, with all topic buttons).",
        "- Asker: the bot's `doelgroep` from the words (hulpwijzer/core/audience.py) against the writer's label,",
        "  over the questions whose asker the writer could tell; \"wrong\" is the other one (not unknown).",
        f"- `chat_requests.yml`: {chat_n} short chat-style requests with a place by an independent writer;"
        if chat_n else "- `chat_requests.yml`: not there yet, so no chat figures.",
        "  right when the bot answers at once with a right topic and the gemeente (place table, as the bot",
        "  does it) is right; two topic buttons count as not right here.",
        "- Misses are written to `var/eval/` (not committed): training-data writers must not read them.",
        "",
        f"Targets: topic >= {TARGETS['topic']:.0%}, asker >= {TARGETS['asker']:.0%}, no topic <= "
        f"{TARGETS['no_topic']:.0%}, chat requests topic + gemeente >= {TARGETS['chat']:.0%}.",
        "",
        "| candidate | group | n | topic right | topic or a button | no topic | asker right | asker wrong |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, summary in results.items():
        for name, label in GROUP_NAMES.items():
            g = summary["questions"]["groups"].get(name)
            if not g:
                continue
            lines.append(f"| {key} | {label} | {g['n']} | {g['topic']:.1%} | {g['topic_or_choice']:.1%} | "
                         f"{g['no_topic']:.1%} | {g['asker']:.1%} | {g['asker_wrong']:.1%} |")
    if chat_n:
        lines += ["", "| candidate | chat requests | topic + gemeente | topic | gemeente | asker |", "|---|---|---|---|---|---|"]
        for key, summary in results.items():
            c = summary["chat"]
            lines.append(f"| {key} | {c['total']} | {c['both']:.1%} | {c['topic']:.1%} | {c['gemeente']:.1%} | {c['asker']:.1%} |")
    key = confusions_of if confusions_of in results else next(iter(results))
    for summary in [results[key]]:
        lines += ["", f"Most frequent topic confusions on the real questions: {key} (first acceptable topic -> what the bot did)",
                  "", "| expected | got | times |", "|---|---|---|"]
        lines += [f"| {gold} | {got} | {n} |" for gold, got, n in summary["questions"]["confusions"][:15]]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=str(MODEL_FILE), help="a trained model")
    parser.add_argument("--name", default="model", help="name in the output and the misses file")
    args = parser.parse_args()
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    from tools.model.evaluate_nlu import predict

    configure_logging_and_warnings(logging.ERROR)
    configure_structlog(logging.ERROR)  # else every parsed message is logged
    scores = evaluate_parses(lambda texts: predict(Path(args.model), texts)[0])
    print("\n".join(render({args.name: scores.summary()})))
    print(f"\nMisses: {write_misses(args.name, scores).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
