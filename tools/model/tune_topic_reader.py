"""Choose the topic reader's settings and word list by cross-validation on the training data only
(issue 14): the held-out real questions are for the final check, not for tuning.

Two measures:
  --quick   the topic model alone (seconds): trained on our own writing (help_topics.yml,
            topics_varied.yml, the word list), scored on the real phrasing quoted from public pages
            (data/nlu/real_phrasing.yml), which no one here wrote. Compares the word list on/off.
  default   the whole NLU pipeline without the topic reader, trained per fold (k-fold on data/nlu,
            the folds of tools/model/evaluate_nlu.py), then the topic reader's decision
            (hulpwijzer/rasa_server/nlu/topic_reader.py, its own code) replayed on each fold's parses
            for a grid of min/open/keep/trust confidences. Prints, per setting: topic right and no
            topic on the topic examples, and how many other messages (greetings, questions about the
            bot, out of scope) it turned into a topic.

    python -m tools.model.tune_topic_reader [--quick] [--folds 3]
"""
from __future__ import annotations

import argparse
import itertools
import tempfile
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from hulpwijzer.config import ROOT
from hulpwijzer.core import concepts

NLU_DIR = ROOT / "data" / "nlu"
REAL_PHRASING = NLU_DIR / "real_phrasing.yml"
OWN_WRITING = [NLU_DIR / "help_topics.yml", NLU_DIR / "topics_varied.yml"]
WORD_LIST = "data/concepts/topic_words.yml"
READER = "hulpwijzer.rasa_server.nlu.topic_reader.TopicReader"
GRID = {
    "min_confidence": [0.1, 0.15, 0.2, 0.3],
    "open_confidence": [0.3, 0.35, 0.4, 0.5],
    "keep_confidence": [0.5, 0.6, 0.7],
    "trust_confidence": [0.8, 0.9, 0.95, 1.01],
}


def topic_examples(paths: List[Path]) -> Tuple[List[str], List[str]]:
    texts, labels = [], []
    for path in paths:
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            topic = concepts.topic_from_intent(block.get("intent"))
            if not topic:
                continue
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    texts.append(_plain(line.strip()[2:]))
                    labels.append(topic)
    return texts, labels


def _plain(text: str) -> str:
    """'[Uden](plaats)' -> 'Uden', as Rasa gives the text to the pipeline."""
    import re

    return re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)


def _accuracy(model, texts: List[str], labels: List[str]) -> float:
    probabilities = model.probabilities(texts)
    return sum(model.topics[row.argmax()] == gold for row, gold in zip(probabilities, labels)) / len(labels)


def quick(c: float) -> None:
    """The topic model alone: on the real phrasing after training on our own writing, and by
    5-fold cross-validation over all topic examples; without the word list, with its hits as
    features (weight 1), and with its words as examples only (weight 0)."""
    from sklearn.model_selection import StratifiedKFold
    from hulpwijzer.rasa_server.nlu.topic_reader import TopicModel

    own_texts, own_labels = topic_examples(OWN_WRITING)
    real_texts, real_labels = topic_examples([REAL_PHRASING])
    texts, labels = own_texts + real_texts, own_labels + real_labels
    splits = list(StratifiedKFold(5, shuffle=True, random_state=42).split(texts, labels))
    for name, word_list, weight in (("no word list", None, 1.0), ("word list, weight 1", WORD_LIST, 1.0),
                                    ("word list, weight 0 (examples only)", WORD_LIST, 0.0)):
        real = _accuracy(TopicModel(c, word_list, weight, 42).fit(own_texts, own_labels), real_texts, real_labels)
        folds = [_accuracy(TopicModel(c, word_list, weight, 42).fit([texts[i] for i in train], [labels[i] for i in train]),
                           [texts[i] for i in test], [labels[i] for i in test]) for train, test in splits]
        print(f"{name}: real phrasing {real:.1%} of {len(real_labels)}; 5-fold CV {sum(folds) / len(folds):.1%} "
              f"of {len(labels)}")


def fold_parses(folds: int) -> List[Tuple[List, List[dict], object]]:
    """Per fold: the test examples, the pipeline's parses without the topic reader, and the
    topic model trained on that fold's topic examples."""
    from tools.model import evaluate_nlu as nlu
    from hulpwijzer.rasa_server.nlu.topic_reader import TopicModel

    config = yaml.safe_load(nlu.CONFIG.read_text(encoding="utf-8"))
    reader = next(step for step in config["pipeline"] if step["name"] == READER)
    without_reader = [step for step in config["pipeline"] if step["name"] != READER]
    data = nlu.load_training_data(NLU_DIR)
    out = []
    with tempfile.TemporaryDirectory() as workdir:
        for number, (train, test) in enumerate(nlu.folds(data, folds)):
            nlu_file = Path(workdir) / f"fold{number}.yml"
            nlu_file.write_text(train.nlu_as_yaml(), encoding="utf-8")
            trained = nlu.train(nlu.candidate_config(without_reader), nlu_file, Path(workdir), f"fold{number}")
            parses, _ = nlu.predict(trained.model, [e.text for e in test])
            texts, labels = [], []
            for m in train.intent_examples:
                topic = concepts.topic_from_intent(m.get("intent"))
                if topic:
                    texts.append(m.get("text"))
                    labels.append(topic)
            model = TopicModel(reader.get("c", 20.0), reader.get("word_list") or None, reader.get("word_list_weight", 1.0), 42).fit(texts, labels)
            # The topic scores do not depend on the confidences: read each message once.
            scores = dict(zip([e.text for e in test],
                              ({t: float(p) for t, p in zip(model.topics, row)} for row in model.probabilities([e.text for e in test]))))
            out.append((test, parses, model, scores))
            print(f"fold {number + 1}/{folds} trained", flush=True)
    return out


def replay(folds_data, settings: Dict[str, float]) -> Dict[str, float]:
    """The topic reader's own decision on stored parses: topic right / no topic on the topic
    examples, and other messages it turned into a topic."""
    from rasa.shared.nlu.training_data.message import Message
    from hulpwijzer.rasa_server.nlu.topic_reader import TopicReader

    right = none = topics = others = made_topic = 0
    for test, parses, model, scores in folds_data:
        reader = TopicReader({**settings, "sentence_weight": 0.0}, None, None, model)
        reader.topic_scores = scores.get  # the stored scores of this fold (sentence_weight 0: whole message)
        messages = [Message(data={"text": e.text, "intent": p["intent"], "intent_ranking": p.get("intent_ranking", [])})
                    for e, p in zip(test, parses)]
        reader.process(messages)
        for example, message in zip(test, messages):
            gold = concepts.topic_from_intent(example.intent)
            got = concepts.topic_from_intent(message.get("intent")["name"])
            if gold:
                topics += 1
                right += got == gold
                none += got is None
            else:
                others += 1
                made_topic += got is not None and example.intent != "hulp_vragen"
    return {"topic right": right / topics, "no topic": none / topics, "others made topic": made_topic / others}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the topic model alone, on real phrasing")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--c", type=float, default=20.0, help="the topic model's C (--quick)")
    args = parser.parse_args()
    if args.quick:
        quick(args.c)
        return 0
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog
    import logging

    configure_logging_and_warnings(logging.ERROR)
    configure_structlog(logging.ERROR)  # else every parsed message is logged
    data = fold_parses(args.folds)
    rows = []
    for values in itertools.product(*GRID.values()):
        settings = dict(zip(GRID, values))
        if settings["open_confidence"] < settings["min_confidence"]:
            continue
        rows.append((settings, replay(data, settings)))
    rows.sort(key=lambda r: (-(r[1]["topic right"] - r[1]["others made topic"]), r[1]["no topic"]))
    current = yaml.safe_load((ROOT / "bot" / "config.yml").read_text(encoding="utf-8"))
    reader = next(step for step in current["pipeline"] if step["name"] == READER)
    now = {k: reader[k] for k in GRID}
    print("setting | topic right | no topic | others made topic")
    for settings, score in [(now, replay(data, now))] + rows[:15]:
        print(f"{settings} | {score['topic right']:.1%} | {score['no topic']:.1%} | {score['others made topic']:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
