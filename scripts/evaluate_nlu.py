"""`make eval`: compare NLU pipelines and write docs/nlu-evaluation.md.

For each candidate pipeline:
  1. k-fold cross-validation on the training data (data/nlu): intent macro-F1;
  2. train on all of data/nlu, test on the held-out files in tests/nlu/ (never
     used for training): intent macro-F1, place entity F1, and the share of one-message
     requests ("hulp bij opvoeden in Veghel") where both the topic and the gemeente come
     out right (topic from the intent, gemeente through the place table).

    python -m scripts.evaluate_nlu [--folds 3] [--only NAME]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
TRAIN_NLU = ROOT / "data" / "nlu"
TEST_NLU = ROOT / "tests" / "nlu"  # every file in it is held out
REPORT = ROOT / "docs" / "nlu-evaluation.md"
TARGETS = {"intent_f1": 0.92, "place_f1": 0.95, "slots": 0.90}


def _config_without_spacy(config: dict) -> dict:
    pipeline = []
    for step in config["pipeline"]:
        name = step["name"]
        if name == "SpacyNLP":
            continue
        if name == "SpacyTokenizer":
            pipeline.append({"name": "WhitespaceTokenizer"})
            continue
        step = dict(step)
        step.pop("use_lemma", None)
        pipeline.append(step)
    return {**config, "pipeline": pipeline}


def _config_without_char_ngrams(config: dict) -> dict:
    pipeline = [s for s in config["pipeline"] if s.get("analyzer") != "char_wb"]
    return {**config, "pipeline": pipeline}


def candidates() -> Dict[str, Tuple[dict, bool]]:
    """name -> (config, cross-validate?). CV trains once per fold, so the training time of
    `make eval` grows fast; the two main candidates get it, the extra ones the held-out test."""
    chosen = yaml.safe_load((ROOT / "bot" / "config.yml").read_text())
    return {
        "A. spaCy nl tokens + lemmas, word + char_wb 2-4 counts (chosen: bot/config.yml)": (chosen, True),
        "B. whitespace tokens, no spaCy, word + char_wb 2-4 counts": (_config_without_spacy(chosen), True),
        "C. spaCy nl tokens + lemmas, word counts only (no char n-grams)": (_config_without_char_ngrams(chosen), False),
    }


@dataclass
class Example:
    text: str
    intent: str
    places: List[str]


def read_examples(path: Path) -> List[Example]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    examples = []
    for message in data.intent_examples:
        intent = message.get_full_intent()  # "faq/anoniem" for frequent questions
        places = [e["value"] for e in message.get("entities") or [] if e["entity"] == "plaats"]
        examples.append(Example(message.get("text"), intent, places))
    return examples


def train_nlu(config: dict, nlu_path: Path, workdir: Path) -> Path:
    config_file = workdir / "config.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True))
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    subprocess.run(
        [str(Path(sys.executable).with_name("rasa")), "train", "nlu", "--config", str(config_file), "--domain", str(ROOT / "bot" / "domain"),
         "--nlu", str(nlu_path), "--out", str(workdir), "--fixed-model-name", "nlu", "--quiet"],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
    )
    return workdir / "nlu.tar.gz"


def predict(model: Path, texts: List[str]) -> List[dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))

    async def run():
        return [await agent.parse_message(t) for t in texts]

    return asyncio.run(run())


def full_intent(parse: dict) -> str:
    name = parse["intent"]["name"]
    selector = (parse.get("response_selector") or {}).get(name)
    if selector:
        return selector["response"]["intent_response_key"]
    return name


def macro_f1(gold: List[str], predicted: List[str]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(gold, predicted, labels=sorted(set(gold)), average="macro", zero_division=0))


def place_f1(examples: List[Example], parses: List[dict]) -> float:
    tp = fp = fn = 0
    for example, parse in zip(examples, parses):
        gold = [p.lower() for p in example.places]
        found = [e["value"].lower() for e in parse.get("entities", []) if e["entity"] == "plaats"]
        for value in found:
            if value in gold:
                gold.remove(value)
                tp += 1
            else:
                fp += 1
        fn += len(gold)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def slot_score(examples: List[Example], parses: List[dict]) -> Tuple[float, int]:
    """One-message requests with a topic and a place: both slots right?"""
    from actions import concepts, places

    right = total = 0
    for example, parse in zip(examples, parses):
        gold_topic = concepts.topic_from_intent(example.intent)
        if not gold_topic or not example.places:
            continue
        total += 1
        gold_gemeente = places.resolve(example.places[0]).gemeente
        topic = concepts.topic_from_intent(parse["intent"]["name"])
        entity_places = [e["value"] for e in parse.get("entities", []) if e["entity"] == "plaats"]
        match = next((m for m in (places.resolve(v, allow_ambiguous=False) for v in entity_places) if m), None)
        match = match or places.resolve(example.text)
        gemeente = match.gemeente if match else None
        right += topic == gold_topic and gemeente == gold_gemeente
    return (right / total if total else 0.0), total


def write_nlu_file(examples: List[Example], path: Path) -> None:
    """Training data for one fold (places annotated again as entities)."""
    by_intent: Dict[str, List[str]] = {}
    for e in examples:
        text = e.text
        for place in e.places:
            text = text.replace(place, f"[{place}](plaats)", 1)
        by_intent.setdefault(e.intent, []).append(text)
    lookup = yaml.safe_load((TRAIN_NLU / "places.yml").read_text())["nlu"]
    nlu = [{"intent": i, "examples": "".join(f"- {t}\n" for t in texts)} for i, texts in by_intent.items()]
    path.write_text(yaml.safe_dump({"version": "3.1", "nlu": nlu + lookup}, allow_unicode=True))


def cross_validate(config: dict, folds: int, workdir: Path) -> float:
    examples = read_examples(TRAIN_NLU)
    random.Random(42).shuffle(examples)
    scores = []
    for fold in range(folds):
        test = examples[fold::folds]
        train = [e for i, e in enumerate(examples) if i % folds != fold]
        fold_dir = workdir / f"fold{fold}"
        fold_dir.mkdir()
        write_nlu_file(train, fold_dir / "nlu.yml")
        model = train_nlu(config, fold_dir / "nlu.yml", fold_dir)
        parses = predict(model, [e.text for e in test])
        scores.append(macro_f1([e.intent for e in test], [full_intent(p) for p in parses]))
    return sum(scores) / len(scores)


def evaluate(name: str, config: dict, folds: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        started = time.monotonic()
        model = train_nlu(config, TRAIN_NLU, workdir)
        train_seconds = time.monotonic() - started
        examples = read_examples(TEST_NLU)
        parses = predict(model, [e.text for e in examples])
        slots, slot_total = slot_score(examples, parses)
        result = {
            "name": name,
            "intent_f1": macro_f1([e.intent for e in examples], [full_intent(p) for p in parses]),
            "place_f1": place_f1(examples, parses),
            "slots": slots,
            "slot_total": slot_total,
            "train_seconds": train_seconds,
            "misses": [
                (e.text, e.intent, full_intent(p)) for e, p in zip(examples, parses) if full_intent(p) != e.intent
            ],
            "cv_f1": cross_validate(config, folds, workdir) if folds > 1 else None,
        }
    return result


def render(results: List[dict], folds: int, test_size: int) -> str:
    lines = [
        "# NLU evaluation",
        "",
        "Made by `make eval` (`python -m scripts.evaluate_nlu`). Held-out test file:",
        f"`tests/nlu/*.yml` ({test_size} examples, never used for training; tests/test_nlu_data.py",
        "checks that no held-out sentence is in `data/nlu`).",
        f"Cross-validation: {folds} folds on `data/nlu`, intent macro-F1." if folds > 1 else "Cross-validation: not run.",
        "",
        "",
        "Candidates (all share RegexFeaturizer with the place lookup table, LexicalSyntacticFeaturizer,",
        "DIET (1 transformer layer of 128, 60 epochs), EntitySynonymMapper, the FAQ ResponseSelector,",
        "FallbackClassifier (0.45), the unknown-words step, the language check and the crisis net):",
        "A uses the Dutch spaCy pipeline (tokens + lookup lemmas, models/spacy/nl) with word and",
        "char_wb 2-4 count vectors; B is A with a whitespace tokenizer and no spaCy (no lemmas);",
        "C is A without the character n-grams. CV intent F1 is the mean macro-F1 over the folds",
        "(the FAQ counted per question, e.g. `faq/anoniem`); `-` means not cross-validated.",
        "",
        "| pipeline | CV intent F1 | held-out intent macro-F1 | place entity F1 | topic+gemeente right | NLU training time |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        cv = f"{r['cv_f1']:.3f}" if r["cv_f1"] is not None else "-"
        lines.append(
            f"| {r['name']} | {cv} | {r['intent_f1']:.3f} | {r['place_f1']:.3f} | "
            f"{r['slots']:.1%} of {r['slot_total']} | {r['train_seconds']:.0f} s |"
        )
    lines += [
        "",
        f"Targets: intent macro-F1 >= {TARGETS['intent_f1']}, place entity F1 >= {TARGETS['place_f1']}, "
        f"topic and gemeente right in >= {TARGETS['slots']:.0%} of one-message requests.",
        "The topic+gemeente figure resolves the place through the place table (actions/places.py),",
        "as the bot does; the crisis net, the language check and the fallback threshold are part of",
        "every candidate. Training time is for NLU only on this machine (2 cores, shared).",
        "",
    ]
    cross_validated = [r for r in results if r["cv_f1"] is not None]
    if cross_validated:
        best = max(cross_validated, key=lambda r: (r["cv_f1"], r["intent_f1"]))
        lines += [f"Best cross-validated intent F1: {best['name']} ({best['cv_f1']:.3f}).", ""]
    for r in results:
        met = [r["intent_f1"] >= TARGETS["intent_f1"], r["place_f1"] >= TARGETS["place_f1"], r["slots"] >= TARGETS["slots"]]
        lines.append(f"- {r['name']}: {'meets all three targets' if all(met) else 'misses a target'} on the held-out set.")
    lines += ["", "Reproduce: `make eval` (about 10 NLU trainings; 30-40 minutes on 2 shared cores).", ""]
    for r in results:
        lines += [f"## Held-out misses: {r['name']}", ""]
        lines += [f"- \"{text}\": expected `{gold}`, got `{got}`" for text, gold, got in r["misses"]] or ["- none"]
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--only", default=None, help="evaluate only the candidate whose name contains this")
    args = parser.parse_args()
    results = []
    for name, (config, with_cv) in candidates().items():
        if args.only and args.only not in name:
            continue
        print(f"Evaluating: {name} ...", flush=True)
        results.append(evaluate(name, config, args.folds if with_cv else 1))
        print(results[-1], flush=True)
    report = render(results, args.folds, len(read_examples(TEST_NLU)))
    REPORT.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
