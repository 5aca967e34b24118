"""Which crisis classifier generalises best to other writers? Cross-validation on the TRAINING
corpus only (data/safety/corpus/), never on the held-out sets.

The folds are grouped by writer (the "helper X" in each corpus file's header; the quoted public
pages are one group, the borrowed topic-classifier questions another), so every fold scores
messages by writers the model never saw: the nearest thing in the corpus to the held-out sets.

Per candidate, on the out-of-fold scores (thresholds pooled over the folds, as evaluate_safety
does):
- recall@1%: crisis messages with the crisis answer when the crisis threshold lets 1 % of the
  harmless messages through (the rule bot/config.yml's threshold is chosen by), and @2 %;
- concern on harmless: harmless messages that get the concern line when the concern threshold
  keeps 99.5 % of the crisis messages at concern-or-crisis;
- the same recall with the patterns (data/safety/crisis.yml) in front, and the worst writer.

    python -m tools.model.compare_crisis_models                      # every candidate (~30 min)
    python -m tools.model.compare_crisis_models --only current,shipped # some ("shipped": the bot's own class)
    python -m tools.model.compare_crisis_models --cv stratified       # the old, ungrouped folds
    python -m tools.model.compare_crisis_models --time                # the net's cost per message
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable, Dict, List, Sequence, Tuple

import numpy as np
import yaml

from hulpwijzer.config import ROOT
from hulpwijzer.rasa_server.nlu.crisis_net import (
    CONCERN, CRISIS, DEFAULT_CORPUS_DIR, KINDS, NONE, CrisisClassifier, CrisisMatcher, Example, load_corpus, normalise,
)
from hulpwijzer.rasa_server.nlu.crisis_features import chat_text, lemma_table, lemma_text

OUT = ROOT / "var" / "model-comparison" / "crisis-models.json"
FA_RATES = (0.01, 0.02)
CONCERN_RECALL = 0.995


# --- corpus with writers -------------------------------------------------------------------------

def writer_of(path: Path) -> str:
    head = "".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:3])
    if "from_nlu" in path.read_text(encoding="utf-8"):
        return "topic classifier questions"
    found = re.search(r"helper (\w+)", head)
    return "public pages" if found and found.group(1) == "12d" else (found.group(1) if found else path.stem)


def corpus_with_writers(folder: Path = DEFAULT_CORPUS_DIR) -> Tuple[List[Example], List[str]]:
    examples, writers = [], []
    for path in sorted(folder.glob("*.yml")):
        one = load_corpus_file(path)
        examples += one
        writers += [writer_of(path)] * len(one)
    return examples, writers


def load_corpus_file(path: Path) -> List[Example]:
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:  # load_corpus reads folders; from_nlu is relative
        copy = Path(tmp) / path.name
        shutil.copy(path, copy)
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if data.get("from_nlu"):
            data["from_nlu"]["folder"] = str((path.parent / data["from_nlu"]["folder"]).resolve())
            copy.write_text(yaml.safe_dump(data), encoding="utf-8")
        return load_corpus(Path(tmp))


# --- features ------------------------------------------------------------------------------------

def _tfidf(**kw):
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(**kw)


WORD_TOKENS = r"(?u)\b\w+\b"


class Features:
    """Named feature sets: a text preparation plus vectorisers, refit on every training fold."""

    def __init__(self, prepare: Callable[[str], str], parts: Sequence[Tuple[str, Callable[[], object], Callable[[str], str]]],
                 sentences: bool = False):
        self.prepare, self.parts, self.sentences = prepare, parts, sentences

    def fit_transform(self, train: Sequence[str], test: Sequence[str]):
        """Training and test matrices, and for each test row the message it belongs to: with
        `sentences`, a message is scored whole and sentence by sentence, and its score is the
        highest (one worrying sentence in a long letter)."""
        from scipy.sparse import hstack

        rows, owner = [], []
        for index, text in enumerate(test):
            pieces = [text] + (split_sentences(text) if self.sentences else [])
            rows += pieces
            owner += [index] * len(pieces)
        train_p, test_p = [self.prepare(t) for t in train], [self.prepare(t) for t in rows]
        a, b = [], []
        for _, make, view in self.parts:
            v = make()
            a.append(v.fit_transform([view(t) for t in train_p]))
            b.append(v.transform([view(t) for t in test_p]))
        return hstack(a, format="csr"), hstack(b, format="csr"), np.array(owner)


def split_sentences(text: str) -> List[str]:
    pieces = [p for p in re.split(r"(?<=[.!?])\s+|\n+", text) if len(p.split()) >= 3]
    return pieces if len(pieces) > 1 else []


def _chat(t: str) -> str:
    return chat_text(normalise(t))


def _same(t: str) -> str:
    return t


def chars(lo=2, hi=5, min_df=2, sub=True, analyzer="char_wb"):
    return ("chars", lambda: _tfidf(analyzer=analyzer, ngram_range=(lo, hi), min_df=min_df, sublinear_tf=sub), _same)


def words(min_df=1, sub=True, view=_same, hi=2):
    return ("words", lambda: _tfidf(analyzer="word", ngram_range=(1, hi), token_pattern=WORD_TOKENS,
                                    min_df=min_df, sublinear_tf=sub), view)


FEATURES: Dict[str, Features] = {
    "current": Features(normalise, [chars(), words()]),
    "words": Features(normalise, [words()]),
    "words_mindf2": Features(normalise, [words(min_df=2)]),
    "chars": Features(normalise, [chars()]),
    "chars_3_5": Features(normalise, [chars(3, 5)]),
    "both_mindf2": Features(normalise, [chars(min_df=3), words(min_df=2)]),
    "both_raw_tf": Features(normalise, [chars(sub=False), words(sub=False)]),
    "both_lemma": Features(normalise, [chars(), words(view=lambda t: lemma_text(t, lemma_table()))]),
    "both_chat": Features(_chat, [chars(), words()]),
    "both_chat_lemma": Features(_chat, [chars(), words(view=lambda t: lemma_text(t, lemma_table()))]),
    "both_chat_lemma_mindf2": Features(_chat, [chars(min_df=3), words(min_df=2, view=lambda t: lemma_text(t, lemma_table()))]),
    "current_sentences": Features(normalise, [chars(), words()], sentences=True),
}


# --- classifiers ---------------------------------------------------------------------------------
# Each returns (crisis score, risk score) for the test rows; higher is worse.

def _binary_targets(examples):
    levels = np.array([e.level for e in examples])
    return levels == CRISIS, levels != NONE


def lr_multinomial(c):
    def run(Xtr, Xte, examples):
        from sklearn.linear_model import LogisticRegression

        m = LogisticRegression(C=c, class_weight="balanced", max_iter=3000).fit(Xtr, [e.level for e in examples])
        p = m.predict_proba(Xte)
        classes = list(m.classes_)
        return p[:, classes.index(CRISIS)], 1 - p[:, classes.index(NONE)]
    return run


def _lr(c):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", solver="liblinear")


def _svm(c):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.svm import LinearSVC

    return CalibratedClassifierCV(LinearSVC(C=c, class_weight="balanced"), cv=3, method="sigmoid")


def _cnb(alpha):
    from sklearn.naive_bayes import ComplementNB

    return ComplementNB(alpha=alpha)


def binary(make):
    """Two binary models: crisis vs the rest, and crisis-or-concern vs harmless."""
    def run(Xtr, Xte, examples):
        crisis, risky = _binary_targets(examples)
        return (make().fit(Xtr, crisis).predict_proba(Xte)[:, 1],
                make().fit(Xtr, risky).predict_proba(Xte)[:, 1])
    return run


def average(*runs):
    def run(Xtr, Xte, examples):
        scores = [r(Xtr, Xte, examples) for r in runs]
        return np.mean([s[0] for s in scores], axis=0), np.mean([s[1] for s in scores], axis=0)
    return run


def per_kind(make):
    """One binary model per kind (this kind's crisis messages vs everything else); the score is
    the highest over the kinds. Risk likewise with the kind's crisis-or-concern messages."""
    def run(Xtr, Xte, examples):
        levels = np.array([e.level for e in examples])
        kinds = np.array([e.kind or "" for e in examples])
        crisis = np.zeros(Xte.shape[0])
        risk = np.zeros(Xte.shape[0])
        for kind in KINDS:
            crisis = np.maximum(crisis, make().fit(Xtr, (kinds == kind) & (levels == CRISIS)).predict_proba(Xte)[:, 1])
            risk = np.maximum(risk, make().fit(Xtr, (kinds == kind) & (levels != NONE)).predict_proba(Xte)[:, 1])
        return crisis, risk
    return run


# name -> (features, classifier)
CANDIDATES: Dict[str, Tuple[str, Callable]] = {
    "current": ("current", lr_multinomial(30)),
    # features, with one fast classifier (two binary logistic regressions, C 30)
    "f_current": ("current", binary(lambda: _lr(30))),
    "f_words": ("words", binary(lambda: _lr(30))),
    "f_words_mindf2": ("words_mindf2", binary(lambda: _lr(30))),
    "f_chars": ("chars", binary(lambda: _lr(30))),
    "f_chars_3_5": ("chars_3_5", binary(lambda: _lr(30))),
    "f_both_mindf2": ("both_mindf2", binary(lambda: _lr(30))),
    "f_both_raw_tf": ("both_raw_tf", binary(lambda: _lr(30))),
    "f_both_lemma": ("both_lemma", binary(lambda: _lr(30))),
    "f_both_chat": ("both_chat", binary(lambda: _lr(30))),
    "f_both_chat_lemma": ("both_chat_lemma", binary(lambda: _lr(30))),
    # classifiers, on the current features
    "lr3": ("current", binary(lambda: _lr(3))),
    "lr10": ("current", binary(lambda: _lr(10))),
    "lr100": ("current", binary(lambda: _lr(100))),
    "svm0.3": ("current", binary(lambda: _svm(0.3))),
    "svm1": ("current", binary(lambda: _svm(1.0))),
    "cnb0.1": ("current", binary(lambda: _cnb(0.1))),
    "cnb0.3": ("current", binary(lambda: _cnb(0.3))),
    "lr30+svm1": ("current", average(binary(lambda: _lr(30)), binary(lambda: _svm(1.0)))),
    "lr30+cnb0.3": ("current", average(binary(lambda: _lr(30)), binary(lambda: _cnb(0.3)))),
    "per_kind_lr30": ("current", per_kind(lambda: _lr(30))),
    "per_kind_lr30+cnb0.3": ("current", average(per_kind(lambda: _lr(30)), binary(lambda: _cnb(0.3)))),
    # the best features with the best classifier
    "pk_chat_lemma": ("both_chat_lemma", per_kind(lambda: _lr(30))),
    "pk_chat_lemma_mindf2": ("both_chat_lemma_mindf2", per_kind(lambda: _lr(30))),
    "pk_chat_lemma+cnb0.3": ("both_chat_lemma", average(per_kind(lambda: _lr(30)), binary(lambda: _cnb(0.3)))),
    "f_sentences": ("current_sentences", binary(lambda: _lr(30))),
    "per_kind_lr30_sentences": ("current_sentences", per_kind(lambda: _lr(30))),
}


# --- cross-validation and figures ------------------------------------------------------------------

def folds_of(examples, writers, how: str, k: int = 5):
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    levels = [e.level for e in examples]
    if how == "stratified":
        return list(StratifiedKFold(k, shuffle=True, random_state=42).split(levels, levels))
    return list(GroupKFold(k).split(levels, levels, groups=writers))


def figures(examples, writers, scores, pattern_hits) -> Dict:
    from sklearn.metrics import roc_auc_score

    levels = np.array([e.level for e in examples])
    writers = np.array(writers)
    crisis_s, risk_s = scores
    is_crisis, is_none = levels == CRISIS, levels == NONE
    out: Dict = {"auc": float(roc_auc_score(is_crisis[is_crisis | is_none], crisis_s[is_crisis | is_none]))}
    for rate in FA_RATES:
        threshold = np.quantile(crisis_s[is_none], 1 - rate)
        caught = crisis_s >= threshold
        out[f"recall@{rate:.0%}"] = float(caught[is_crisis].mean())
        with_patterns = caught | pattern_hits
        out[f"recall+patterns@{rate:.0%}"] = float(with_patterns[is_crisis].mean())
        out[f"false alarms+patterns@{rate:.0%}"] = float(with_patterns[is_none].mean())
        per_writer = {w: float(caught[is_crisis & (writers == w)].mean()) for w in sorted(set(writers[is_crisis]))}
        out[f"worst writer@{rate:.0%}"] = min(per_writer.items(), key=lambda kv: kv[1])
        if rate == FA_RATES[0]:
            out["per_writer@1%"] = per_writer
            kinds = np.array([e.kind or "" for e in examples])
            out["per_kind@1%"] = {k: float(caught[is_crisis & (kinds == k)].mean()) for k in KINDS}
    concern = np.quantile(risk_s[is_crisis], 1 - CONCERN_RECALL)
    out["concern on harmless"] = float((risk_s[is_none] >= concern).mean())
    out["concern-or-crisis on concern"] = float((risk_s[levels == CONCERN] >= concern).mean())
    return out


def run(names: Sequence[str], how: str) -> Dict[str, Dict]:
    examples, writers = corpus_with_writers()
    texts = [e.text for e in examples]
    folds = folds_of(examples, writers, how)
    matcher = CrisisMatcher.from_file()
    pattern_hits = np.array([matcher.kind_of(t) is not None for t in texts])
    print(f"{len(examples)} messages, {len(set(writers))} writers, {how} folds: "
          + "; ".join(", ".join(sorted(set(np.array(writers)[test]))) for _, test in folds), flush=True)
    results: Dict[str, Dict] = {}
    by_features = defaultdict(list)
    if "shipped" in names:
        names = [n for n in names if n != "shipped"]
        results["shipped"] = report("shipped", figures(examples, writers, shipped_scores(examples, folds), pattern_hits))
    for name in names:
        by_features[CANDIDATES[name][0]].append(name)
    for feature_name, candidate_names in by_features.items():
        started = time.time()
        matrices = [FEATURES[feature_name].fit_transform([texts[i] for i in train], [texts[i] for i in test])
                    for train, test in folds]
        print(f"features {feature_name}: {time.time() - started:.0f} s", flush=True)
        for name in candidate_names:
            started = time.time()
            scores = np.zeros((2, len(examples)))
            for (train, test), (Xtr, Xte, owner) in zip(folds, matrices):
                crisis, risk = CANDIDATES[name][1](Xtr, Xte, [examples[i] for i in train])
                best = np.full((2, len(test)), -np.inf)
                np.maximum.at(best[0], owner, crisis)
                np.maximum.at(best[1], owner, risk)
                scores[0, test], scores[1, test] = best
            results[name] = report(name, figures(examples, writers, scores, pattern_hits), started)
    return results


def shipped_scores(examples, folds) -> np.ndarray:
    """The classifier as the bot trains it (crisis_net.CrisisClassifier), fold by fold."""
    scores = np.zeros((2, len(examples)))
    for train, test in folds:
        model = CrisisClassifier.train([examples[i] for i in train])
        scores[:, test] = np.array(model.risk_scores([normalise(examples[i].text) for i in test])).T
    return scores


def report(name: str, r: Dict, started: float = None) -> Dict:
    r["seconds"] = round(time.time() - started) if started else None
    print(f"{name:20} recall@1% {r['recall@1%']:.3f}  @2% {r['recall@2%']:.3f}  +patterns@1% "
                  f"{r['recall+patterns@1%']:.3f} (fa {r['false alarms+patterns@1%']:.3f})  concern on harmless "
                  f"{r['concern on harmless']:.3f}  auc {r['auc']:.4f}  worst {r['worst writer@1%']}  "
                  f"{r['seconds']} s", flush=True)
    return r


def time_the_net(every: int = 10) -> None:
    """Milliseconds per message for the net as the bot calls it (one message at a time), on
    every 10th corpus message (the held-out sets stay out of this): train once, then time."""
    import statistics

    from hulpwijzer.rasa_server.nlu.crisis_net import CrisisNet, Thresholds

    examples = load_corpus()
    started = time.time()
    net = CrisisNet(CrisisMatcher.from_file(), CrisisClassifier.train(examples), Thresholds(0.5, 0.1))
    print(f"trained in {time.time() - started:.0f} s", flush=True)
    for label, matcher in (("patterns + classifier", net.matcher), ("classifier alone", CrisisMatcher(net.matcher.harmless, {}))):
        timed = CrisisNet(matcher, net.classifier, net.thresholds)
        timings = []
        for example in examples[::every]:
            begin = time.perf_counter()
            timed.assess(example.text)
            timings.append((time.perf_counter() - begin) * 1000)
        timings.sort()
        print(f"{label}: {len(timings)} messages, median {statistics.median(timings):.2f} ms, "
              f"p95 {timings[int(0.95 * (len(timings) - 1))]:.2f} ms, max {timings[-1]:.2f} ms")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated candidate names")
    parser.add_argument("--cv", choices=("writer", "stratified"), default="writer")
    parser.add_argument("--time", action="store_true", help="only time the net per message")
    args = parser.parse_args(argv)
    if args.time:
        time_the_net()
        return 0
    names = args.only.split(",") if args.only else list(CANDIDATES)
    results = run(names, args.cv)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(OUT.read_text()) if OUT.exists() else {}
    previous.setdefault(args.cv, {}).update(results)
    OUT.write_text(json.dumps(previous, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
