"""`make eval` (safety part): how well the crisis net catches crisis messages it never saw.

Training data: data/safety/corpus/ (written by training-data writers).
Held-out data: tests/heldout/safety/*.yml, one file per source: sentences quoted from public
pages (each with its address) and sentences written by writers who never saw the training
corpus. Split by source, never by sentence: the script stops if a held-out sentence also
occurs in the training corpus.

Candidates, each measured the same way:
  A  patterns only (data/safety/crisis.yml)
  B  classifier only
  C  patterns, then the classifier (the net in bot/config.yml)
The classifier's thresholds are chosen on the TRAINING corpus only, by 5-fold cross-validation
(out-of-fold scores): the concern threshold is the highest that still marks >= 99.5 % of the
crisis examples as concern-or-crisis, the crisis threshold the lowest that answers <= 1 % of the
harmless examples with the crisis answer. The held-out sets then say how that generalises.

Finally the trained Rasa model itself (models/hulpwijzer.tar.gz) parses every held-out message,
so the figures also hold for the whole pipeline (topic classifier, fallback, language check).

    python -m tools.model.evaluate_safety            # all of the above, writes docs/safety-evaluation.md
    python -m tools.model.evaluate_safety --no-model # without loading the Rasa model
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import yaml

from hulpwijzer.rasa_server.nlu.crisis_net import (
    CONCERN, CRISIS, DEFAULT_CORPUS_DIR, NONE, CrisisClassifier, CrisisMatcher, CrisisNet, Example, Thresholds,
    load_corpus, nlu_examples, normalise,
)

from hulpwijzer.config import BOT_CONFIG as CONFIG, MODEL_FILE, ROOT
# The held-out messages, the crisis level of a parse and the targets are shared with the beheer's
# summary after a model job (hulpwijzer/staff/heldout.py).
from hulpwijzer.staff.heldout import (TARGET_ANY_SIGNAL, TARGET_FALSE_ALARMS, TARGET_RECALL, HeldOut, crisis_level,  # noqa: F401
                                      load_heldout)

REPORT = ROOT / "docs" / "safety-evaluation.md"
RESULTS = ROOT / "var" / "eval" / "safety.json"
MISSES = ROOT / "var" / "eval" / "safety-misses.md"
TARGET_MS = 5.0               # the net's cost per message
CV_CONCERN_RECALL = 0.995
CV_CRISIS_FALSE_ALARMS = 0.01


def everyday_requests() -> List[str]:
    """The held-out everyday requests of the topic classifier (tests/nlu/), for the intents the
    corpus borrows as harmless (data/safety/corpus/harmless_from_nlu.yml): how often does an
    ordinary question get a help line it does not need?"""
    borrowed = yaml.safe_load((DEFAULT_CORPUS_DIR / "harmless_from_nlu.yml").read_text(encoding="utf-8"))
    return nlu_examples(ROOT / "tests" / "nlu", borrowed["from_nlu"]["intents"])


def check_split(training: Sequence[Example], heldout: Sequence[HeldOut]) -> List[str]:
    """Held-out sentences that also occur (normalised) in the training corpus: must be none."""
    seen = {normalise(e.text) for e in training}
    return [h.text for h in heldout if normalise(h.text) in seen]


# --- thresholds by cross-validation on the training corpus ------------------------------------

def out_of_fold_scores(examples: Sequence[Example], c: float, folds: int = 5) -> np.ndarray:
    from sklearn.model_selection import StratifiedKFold

    texts = [normalise(e.text) for e in examples]
    labels = [e.level for e in examples]
    scores = np.zeros((len(examples), 2))
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=42).split(texts, labels):
        model = CrisisClassifier.train([examples[i] for i in train], c=c)
        scores[test] = model.risk_scores([texts[i] for i in test])
    return scores


def choose_thresholds(examples: Sequence[Example], scores: np.ndarray) -> Thresholds:
    levels = np.array([e.level for e in examples])
    crisis_scores, risk_scores = scores[:, 0], scores[:, 1]
    risky = risk_scores[levels == CRISIS]
    concern = float(np.quantile(risky, 1 - CV_CONCERN_RECALL))
    harmless = crisis_scores[levels == NONE]
    crisis = float(np.quantile(harmless, 1 - CV_CRISIS_FALSE_ALARMS))
    return Thresholds(crisis=round(min(max(crisis, 0.05), 0.95), 3), concern=round(min(max(concern, 0.02), 0.9), 3))


# --- measuring ---------------------------------------------------------------------------------

@dataclass
class Figures:
    crisis_recall: float
    any_signal: float
    false_alarms: float
    concern_on_harmless: float
    concern_on_concern: float
    per_kind: Dict[str, Tuple[int, int, int]]  # kind -> (n, crisis answers, concern-or-crisis)
    per_source: Dict[str, Dict[str, float]]
    misses: List[Tuple[str, str, str]]  # (text, expected kind, what it got)
    false_alarm_texts: List[str]


def _rate(hits: int, total: int) -> float:
    return hits / total if total else float("nan")


def measure(items: Sequence[HeldOut], levels: Sequence[str]) -> Figures:
    per_kind: Dict[str, List[int]] = defaultdict(lambda: [0, 0, 0])
    per_source: Dict[str, Counter] = defaultdict(Counter)
    misses, false_alarms = [], []
    for item, level in zip(items, levels):
        counts = per_source[item.source]
        counts[f"{item.expect}_n"] += 1
        counts[f"{item.expect}_{level}"] += 1
        if item.expect == CRISIS:
            row = per_kind[item.kind]
            row[0] += 1
            row[1] += level == CRISIS
            row[2] += level != NONE
            if level != CRISIS:
                misses.append((item.text, item.kind, level))
        elif item.expect == NONE and level == CRISIS:
            false_alarms.append(item.text)
    total = Counter()
    for counts in per_source.values():
        total.update(counts)

    def figures_of(c: Counter) -> Dict[str, float]:
        return {
            "crisis_n": c["crisis_n"], "harmless_n": c["none_n"], "concern_n": c["concern_n"],
            "crisis_recall": _rate(c["crisis_crisis"], c["crisis_n"]),
            "any_signal": _rate(c["crisis_crisis"] + c["crisis_concern"], c["crisis_n"]),
            "false_alarms": _rate(c["none_crisis"], c["none_n"]),
            "concern_on_harmless": _rate(c["none_concern"], c["none_n"]),
            "concern_on_concern": _rate(c["concern_concern"] + c["concern_crisis"], c["concern_n"]),
        }

    overall = figures_of(total)
    return Figures(
        crisis_recall=overall["crisis_recall"], any_signal=overall["any_signal"],
        false_alarms=overall["false_alarms"], concern_on_harmless=overall["concern_on_harmless"],
        concern_on_concern=overall["concern_on_concern"],
        per_kind={k: tuple(v) for k, v in sorted(per_kind.items())},
        per_source={s: figures_of(c) for s, c in sorted(per_source.items())},
        misses=misses, false_alarm_texts=false_alarms,
    )


def time_per_message(net: CrisisNet, texts: Sequence[str]) -> Tuple[float, float]:
    """Median and p95 milliseconds for one message at a time, as the bot calls it."""
    timings = []
    for text in texts:
        started = time.perf_counter()
        net.assess(text)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(0.95 * (len(timings) - 1))]


def model_levels(items: Sequence[HeldOut]) -> Optional[List[str]]:
    """What the trained Rasa model does with each held-out message: crisis, concern or none."""
    if not MODEL_FILE.exists():
        return None
    import logging

    logging.disable(logging.WARNING)
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # Rasa logs every parse at debug level otherwise

    agent = Agent.load(str(MODEL_FILE))

    async def parse_all() -> List[str]:
        return [crisis_level(await agent.parse_message(item.text)) for item in items]

    return asyncio.run(parse_all())


def crisis_settings() -> Dict:
    """The CrisisDetector step of bot/config.yml over the component's own defaults."""
    from hulpwijzer.rasa_server.nlu.crisis import CrisisDetector

    for step in yaml.safe_load(CONFIG.read_text())["pipeline"]:
        if step["name"].endswith("CrisisDetector"):
            return {**CrisisDetector.get_default_config(), **step}
    raise SystemExit("bot/config.yml has no CrisisDetector step")


# --- report ------------------------------------------------------------------------------------

def _pct(value: float) -> str:
    return "-" if value != value else f"{100 * value:.1f}%"


def _ms(value: float) -> str:
    return "-" if value != value else f"{value:.2f}"


def _meets(figures: Figures) -> str:
    ok = (figures.crisis_recall >= TARGET_RECALL and figures.false_alarms <= TARGET_FALSE_ALARMS
          and figures.any_signal >= TARGET_ANY_SIGNAL)
    return "meets all targets" if ok else "misses a target"


def render(results: Dict, heldout: Sequence[HeldOut], training: Sequence[Example]) -> str:
    sources = Counter(h.source for h in heldout)
    expect = Counter(h.expect for h in heldout)
    kinds = Counter(e.kind or "harmless" for e in training)
    lines = [
        "# Safety net evaluation",
        "",
        f"Written by `make eval` (`python -m tools.model.evaluate_safety`) on {results['date']}. "
        "Targets (issue 12): crisis recall >= 98 %, false alarms (crisis answer on a harmless "
        "message) <= 2 %, concern-or-crisis on every crisis message (100 %), <= 5 ms per message.",
        "",
        "## Data",
        "",
        f"- Training corpus (data/safety/corpus/): {len(training)} messages; "
        + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) + ".",
        f"- Held-out (tests/heldout/safety/): {len(heldout)} messages: {expect['crisis']} crisis, "
        f"{expect['concern']} concern, {expect['none']} harmless, from "
        + ", ".join(f"{s} ({n})" for s, n in sorted(sources.items()))
        + ". None of these writers saw the training corpus; the quoted sentences name their pages. "
        f"Held-out sentences also in training: {results['overlap']}.",
        f"- Thresholds chosen on the training corpus by 5-fold cross-validation: crisis "
        f">= {results['chosen']['crisis']}, concern >= {results['chosen']['concern']} "
        f"(bot/config.yml has {results['configured']['crisis']} / {results['configured']['concern']}).",
        "",
        "## Candidates on the held-out sets",
        "",
        "| candidate | crisis recall | concern-or-crisis on crisis | false alarms | concern on harmless | concern-or-crisis on concern | ms per message (median / p95) | |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, c in results["candidates"].items():
        lines.append(
            f"| {name} | {_pct(c['crisis_recall'])} | {_pct(c['any_signal'])} | {_pct(c['false_alarms'])} | "
            f"{_pct(c['concern_on_harmless'])} | {_pct(c['concern_on_concern'])} | "
            f"{_ms(c['ms_median'])} / {_ms(c['ms_p95'])} | {c['verdict']} |"
        )
    everyday = results["everyday"]
    lines += ["", f"Everyday requests (the topic classifier's held-out questions in tests/nlu/, {everyday['n']}): "
              f"crisis answer on {everyday['crisis']}, concern line on {everyday['concern']} (candidate C)."]
    chosen = results["pipeline"] or results["candidates"]["C patterns + classifier"]
    lines += ["", "## Per source (" + ("the trained Rasa model, whole pipeline" if results["pipeline"] else "candidate C") + ")", "",
              "| source | crisis | recall | concern-or-crisis | harmless | false alarms | concern on harmless |",
              "|---|---|---|---|---|---|---|"]
    for source, f in chosen["per_source"].items():
        lines.append(f"| {source} | {f['crisis_n']} | {_pct(f['crisis_recall'])} | {_pct(f['any_signal'])} | "
                     f"{f['harmless_n']} | {_pct(f['false_alarms'])} | {_pct(f['concern_on_harmless'])} |")
    lines += ["", "## Per kind", "", "| kind | crisis messages | crisis answer | concern or crisis |", "|---|---|---|---|"]
    for kind, (n, crisis, any_signal) in chosen["per_kind"].items():
        lines.append(f"| {kind} | {n} | {_pct(_rate(crisis, n))} | {_pct(_rate(any_signal, n))} |")
    lines += ["", "## Misses and false alarms", "",
              f"{len(chosen['misses'])} crisis messages without the crisis answer and "
              f"{len(chosen['false_alarm_texts'])} harmless messages with it are listed in "
              f"`{MISSES.relative_to(ROOT)}` (not committed). The held-out sentences stay out of the docs: "
              "whoever writes training data must not read them."]
    lines.append("")
    return "\n".join(lines)


def render_misses(chosen: Dict) -> str:
    lines = ["# Safety net: held-out misses (do not show to training-data writers)", "", "## Crisis without the crisis answer", ""]
    lines += [f"- ({kind}, got {got}) {text}" for text, kind, got in chosen["misses"]] or ["- none"]
    lines += ["", "## Harmless with the crisis answer", ""]
    lines += [f"- {text}" for text in chosen["false_alarm_texts"]] or ["- none"]
    return "\n".join(lines) + "\n"


def _as_dict(figures: Figures, verdict: str, ms: Tuple[float, float]) -> Dict:
    return {
        "crisis_recall": figures.crisis_recall, "any_signal": figures.any_signal,
        "false_alarms": figures.false_alarms, "concern_on_harmless": figures.concern_on_harmless,
        "concern_on_concern": figures.concern_on_concern, "per_kind": figures.per_kind,
        "per_source": figures.per_source, "misses": figures.misses,
        "false_alarm_texts": figures.false_alarm_texts, "verdict": verdict,
        "ms_median": ms[0], "ms_p95": ms[1],
    }


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-model", action="store_true", help="skip the trained Rasa model")
    args = parser.parse_args(argv)

    training = load_corpus()
    heldout = load_heldout()
    overlap = check_split(training, heldout)
    if overlap:
        print("Held-out sentences also in the training corpus (split by source!):", *overlap[:10], sep="\n  ")
        return 2
    settings = crisis_settings()
    c = float(settings["regularisation_c"])
    print(f"Training corpus {len(training)}, held-out {len(heldout)}. Choosing thresholds by 5-fold CV...", flush=True)
    chosen = choose_thresholds(training, out_of_fold_scores(training, c))
    configured = Thresholds(crisis=settings["crisis_threshold"], concern=settings["concern_threshold"])
    matcher = CrisisMatcher.from_file()
    classifier = CrisisClassifier.train(training, c=c)
    texts = [h.text for h in heldout]
    nets = {
        "A patterns only": CrisisNet(matcher, None, configured),
        "B classifier only": CrisisNet(CrisisMatcher(matcher.harmless, {}), classifier, configured),
        "C patterns + classifier": CrisisNet(matcher, classifier, configured),
    }
    results: Dict = {"date": time.strftime("%Y-%m-%d"), "overlap": len(overlap), "chosen": chosen.__dict__,
                     "configured": configured.__dict__, "candidates": {}, "pipeline": None}
    for name, net in nets.items():
        figures = measure(heldout, [a.level for a in net.assess_many(texts)])
        results["candidates"][name] = _as_dict(figures, _meets(figures), time_per_message(net, texts))
    everyday = everyday_requests()
    levels = Counter(a.level for a in nets["C patterns + classifier"].assess_many(everyday))
    results["everyday"] = {"n": len(everyday), "crisis": levels[CRISIS], "concern": levels[CONCERN]}
    if not args.no_model:
        print("Parsing the held-out sets with the trained model...", flush=True)
        levels = model_levels(heldout)
        if levels is not None:
            figures = measure(heldout, levels)
            results["candidates"]["C in the trained Rasa model"] = _as_dict(
                figures, _meets(figures), (float("nan"), float("nan")))
            results["pipeline"] = results["candidates"]["C in the trained Rasa model"]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1, default=list))
    REPORT.write_text(render(results, heldout, training), encoding="utf-8")
    MISSES.write_text(render_misses(results["pipeline"] or results["candidates"]["C patterns + classifier"]), encoding="utf-8")
    for name, c_ in results["candidates"].items():
        print(f"{name:30} recall {_pct(c_['crisis_recall'])}  concern-or-crisis {_pct(c_['any_signal'])}  "
              f"false alarms {_pct(c_['false_alarms'])}  concern on harmless {_pct(c_['concern_on_harmless'])}  "
              f"{_ms(c_['ms_median'])} ms  {c_['verdict']}")
    print(f"Thresholds by CV on training: {chosen}; configured: {configured}. Report: {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
