"""The crisis safety net without Rasa: patterns first, then a classifier of its own.

Two layers, cheapest first:
1. patterns (data/safety/crisis.yml): fast, explainable, readable for staff; a hit is a crisis;
2. a classifier trained on data/safety/corpus/ (many voices, many kinds, and harmless
   messages on the same themes): it gives each message a level and a kind.

Levels:
- "crisis":  the fitting help lines come first;
- "concern": worrying but not acute: the normal answer plus one line with the fitting help line;
- "none".
The thresholds between the levels are chosen by `make eval` (tools/model/evaluate_safety.py) and
set in bot/config.yml. When unsure between concern and none, the thresholds choose concern.

hulpwijzer/rasa_server/nlu/crisis.py wraps this in a Rasa graph component; tools/model/evaluate_safety.py
measures it without Rasa.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import yaml

from hulpwijzer.config import ROOT
DEFAULT_PATTERNS_FILE = ROOT / "data" / "safety" / "crisis.yml"
DEFAULT_CORPUS_DIR = ROOT / "data" / "safety" / "corpus"

CRISIS, CONCERN, NONE = "crisis", "concern", "none"
LEVELS = (NONE, CONCERN, CRISIS)
# The kinds of risk; each has its own fitting lines (bot/domain/safety.yml).
KINDS = ("suicide", "self_harm", "abuse_home", "sexual", "danger", "neglect", "eating_disorder", "other_at_risk")

# Chat spelling -> the word the patterns use, so "k wil nie meer" reads as "ik wil niet meer".
CHAT_WORDS = {"nie": "niet", "nt": "niet", "mn": "mijn", "m'n": "mijn", "zn": "zijn", "z'n": "zijn",
              "kwil": "ik wil", "kzie": "ik zie", "kben": "ik ben", "kan't": "kan niet",
              "mezelluf": "mezelf", "mzelf": "mezelf", "dd": "dood"}


def normalise(text: str) -> str:
    """Lower case, no accents, "meeeer" -> "meer", chat spelling ("'t", "nie", "mn") in full."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    text = re.sub(r"(.)\1{2,}", r"\1\1", text)
    text = re.sub(r"(^|\s)'?t(?=\s|$)", r"\1het", text)
    text = re.sub(r"\bme\s+zelf\b", "mezelf", text)
    words = [CHAT_WORDS.get(word, word) for word in text.split()]
    return " ".join(words)


@dataclass
class CrisisMatcher:
    """Layer 1: the patterns of data/safety/crisis.yml."""

    harmless: List[re.Pattern]
    patterns: Dict[str, List[re.Pattern]]

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "CrisisMatcher":
        unknown = set(data["patterns"]) - set(KINDS)
        if unknown:
            raise ValueError(f"crisis.yml: unknown kinds {sorted(unknown)}; known: {list(KINDS)}")
        return cls(
            harmless=[re.compile(p) for p in data.get("harmless", [])],
            patterns={kind: [re.compile(p) for p in items] for kind, items in data["patterns"].items()},
        )

    @classmethod
    def from_file(cls, path: Path = DEFAULT_PATTERNS_FILE) -> "CrisisMatcher":
        return cls.from_dict(yaml.safe_load(Path(path).read_text(encoding="utf-8")))

    def without_idioms(self, text: str) -> str:
        """The normalised text with harmless idioms ("dood van het lachen") taken out."""
        cleaned = normalise(text)
        for harmless in self.harmless:
            cleaned = harmless.sub(" ", cleaned)
        return cleaned

    def is_harmless_idiom(self, text: str) -> bool:
        """True for "ik ga dood van het lachen" and the like (and no crisis pattern)."""
        cleaned = normalise(text)
        return any(h.search(cleaned) for h in self.harmless) and self.kind_of(text) is None

    def kind_of(self, text: str) -> Optional[str]:
        """The kind of crisis (one of KINDS) or None."""
        return self.kind_of_cleaned(self.without_idioms(text))

    def kind_of_cleaned(self, cleaned: str) -> Optional[str]:
        for kind, patterns in self.patterns.items():
            if any(p.search(cleaned) for p in patterns):
                return kind
        return None


# ---------------------------------------------------------------------------------------------
# Layer 2: the classifier.

@dataclass(frozen=True)
class Example:
    text: str
    level: str
    kind: Optional[str]


_ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")


def nlu_examples(folder: Path, intents: Sequence[str]) -> List[str]:
    """The example questions of these intents in Rasa NLU files (annotations taken out)."""
    wanted = set(intents)
    texts: List[str] = []
    for path in sorted(Path(folder).glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            intent = str(block.get("intent", ""))
            if intent in wanted or intent.split("/")[0] in wanted:
                for line in str(block.get("examples", "")).splitlines():
                    line = line.strip()
                    if line.startswith("- "):
                        texts.append(_ANNOTATION.sub(lambda m: m.group(1) or m.group(2), line[2:]))
    return texts


def load_corpus(folder: Path = DEFAULT_CORPUS_DIR) -> List[Example]:
    """Every message of data/safety/corpus/*.yml; a file names its kind, each message its level.

    A file with `from_nlu` borrows the example questions of the topic classifier (data/nlu/)
    for the intents it names, as harmless messages: what people ask this bot every day.
    """
    examples: List[Example] = []
    for path in sorted(Path(folder).glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if data.get("from_nlu"):
            source = (Path(folder) / data["from_nlu"]["folder"]).resolve()
            examples += [Example(t, NONE, None) for t in nlu_examples(source, data["from_nlu"]["intents"])]
            continue
        kind = data.get("kind")
        for number, item in enumerate(data.get("messages") or [], start=1):
            level = item.get("level")
            if level not in LEVELS:
                raise ValueError(f"{path.name}, message {number}: level must be one of {LEVELS}, not {level!r}")
            if level != NONE and kind not in KINDS:
                raise ValueError(f"{path.name}: kind must be one of {KINDS}, not {kind!r}")
            examples.append(Example(str(item["text"]), level, kind if level != NONE else None))
    return examples


def _vectorizers():
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    # Character n-grams carry chat spelling and typos ("zelfmoort", "wil nie meer"); words and
    # word pairs (as lemmas) carry meaning ("beter af zonder", "tot last"). float32: the weights
    # are kept in float32 (half the model size) and the product must not convert them per call.
    return (TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, dtype=np.float32),
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b", sublinear_tf=True,
                            dtype=np.float32))


def _logistic_regression(c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", max_iter=3000)


def _complement_naive_bayes(alpha: float):
    from sklearn.naive_bayes import ComplementNB

    return ComplementNB(alpha=alpha)


def _binary_logistic_regression(c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", solver="liblinear")


@dataclass
class Thresholds:
    crisis: float   # P(crisis) at or above this: crisis
    concern: float  # else P(crisis) + P(concern) at or above this: concern


class CrisisClassifier:
    """Two scores over the same n-gram features, each the average of two models:
    - per kind of risk, a binary logistic regression (this kind's crisis messages against
      everything else), of which the highest over the kinds counts: per kind, a model learns
      what that kind sounds like without sharing one boundary with seven others;
    - a complement naive Bayes (all crisis messages against the rest): cruder, but it does not
      lean on a few phrasings of one writer as hard as a logistic regression with little
      regularisation does.
    The crisis score uses the crisis messages, the risk score the crisis-or-concern messages
    (and is at least the crisis score). Cross-validated by writer on the corpus, this caught more
    crisis messages of writers it never saw than one model did (docs/safety.md). A third
    logistic regression names the kind.

    The words go in as chat spelling written out ("k wil dd" -> "ik wil dood",
    crisis_features.chat_text) and as lemmas ("sneed" -> "snijden"): the features only, the
    patterns keep their own text.

    After training only the vectorisers, the lemma table they need and the weights are kept,
    and a message is scored with one sparse product per score: scikit-learn's own
    predict_proba checks its input on every call, which cost more than the scoring itself."""

    def __init__(self, chars, words, lemmas, heads, kind_classes, kind_weights, kind_bias):
        self.chars, self.words, self.lemmas = chars, words, lemmas
        # "crisis" and "risk": (weights, bias); the last column is the naive Bayes, the others
        # the logistic regressions per kind.
        self.heads = heads
        self.kind_classes = list(kind_classes)
        self.kind_weights, self.kind_bias = kind_weights, kind_bias

    @classmethod
    def train(cls, examples: Sequence[Example], c: float = 30.0, alpha: float = 0.3) -> "CrisisClassifier":
        import numpy as np

        from hulpwijzer.rasa_server.nlu.crisis_features import chat_text, lemma_text, lemmas_for

        chat = [chat_text(normalise(e.text)) for e in examples]
        lemmas = lemmas_for(chat)
        chars, words = _vectorizers()
        matrix = _stack(chars.fit_transform(chat), words.fit_transform([lemma_text(t, lemmas) for t in chat]))
        levels = np.array([e.level for e in examples])
        kinds = np.array([e.kind or "" for e in examples])
        heads = {}
        for head, wanted in (("crisis", levels == CRISIS), ("risk", levels != NONE)):
            weights, bias = [], []
            for kind in KINDS:
                target = wanted & (kinds == kind)
                if target.any() and not target.all():
                    model = _binary_logistic_regression(c).fit(matrix, target)
                    weights.append(model.coef_[0])
                    bias.append(model.intercept_[0])
            if wanted.any() and not wanted.all():
                # Binary naive Bayes: P(yes) = sigmoid(x . (log p(yes) - log p(no))), no bias.
                bayes = _complement_naive_bayes(alpha).fit(matrix, wanted)
                weights.append(bayes.feature_log_prob_[1] - bayes.feature_log_prob_[0])
                bias.append(0.0)
            heads[head] = (np.array(weights, dtype=np.float32).reshape(-1, matrix.shape[1]).T.copy(),
                           np.array(bias, dtype=np.float32))
        risky = [i for i, e in enumerate(examples) if e.level != NONE]
        kind_model = _logistic_regression(c).fit(matrix[risky], [examples[i].kind for i in risky])
        return cls(chars, words, lemmas, heads, kind_model.classes_,
                   kind_model.coef_.T.astype(np.float32), kind_model.intercept_.astype(np.float32))

    def _matrix(self, cleaned_texts: Sequence[str]):
        """The features, and per text whether it holds a word the classifier learned."""
        from hulpwijzer.rasa_server.nlu.crisis_features import chat_text, lemma_text

        chat = [chat_text(t) for t in cleaned_texts]
        words = self.words.transform([lemma_text(t, self.lemmas) for t in chat])
        return _stack(self.chars.transform(chat), words), words.getnnz(axis=1) > 0

    def scores_and_kinds(self, cleaned_texts: Sequence[str]) -> List[Tuple[float, float, str]]:
        """(crisis score, risk score, kind) per text; texts already normalised."""
        import numpy as np

        matrix, known_words = self._matrix(list(cleaned_texts))

        def score(head):
            weights, bias = self.heads[head]
            if weights.shape[1] < 2:  # a corpus without crisis messages, or without harmless ones
                return np.zeros(matrix.shape[0])
            logits = np.asarray(matrix @ weights + bias, dtype=np.float64)
            per_kind, bayes = logits[:, :-1].max(axis=1), logits[:, -1]
            return (_sigmoid(per_kind) + _sigmoid(bayes)) / 2

        # A text without one word the classifier learned ("krakel snurf") carries no evidence:
        # only its letter groups are left, and on those the naive Bayes half says "half and
        # half", which is above the concern threshold. Such a text gets no signal from here
        # (the patterns still run first); the bot's fallback then helps.
        crisis, risk = score("crisis") * known_words, score("risk") * known_words
        kinds = np.asarray(matrix @ self.kind_weights + self.kind_bias)
        if len(self.kind_classes) == 2:  # scikit-learn keeps one column for two classes
            kinds = np.hstack([-kinds, kinds])
        return [(float(c), float(max(r, c)), str(self.kind_classes[k]))
                for c, r, k in zip(crisis, risk, kinds.argmax(axis=1))]

    def risk_scores(self, cleaned_texts: Sequence[str]) -> List[Tuple[float, float]]:
        return [(crisis, risk) for crisis, risk, _ in self.scores_and_kinds(cleaned_texts)]

    def kinds(self, cleaned_texts: Sequence[str]) -> List[str]:
        return [kind for _, _, kind in self.scores_and_kinds(cleaned_texts)]


def _sigmoid(x):
    import numpy as np

    return 1.0 / (1.0 + np.exp(-x))


def _stack(*parts):
    from scipy.sparse import hstack

    return hstack(parts, format="csr")


@dataclass(frozen=True)
class Assessment:
    level: str             # crisis / concern / none
    kind: Optional[str]    # one of KINDS when level is not none
    layer: str             # "pattern", "classifier" or "none": which layer decided
    crisis_score: float = 0.0
    risk_score: float = 0.0


NO_RISK = Assessment(NONE, None, "none")
_HAS_LETTERS = re.compile(r"[a-z]{2}")


class CrisisNet:
    """Both layers together: `assess(text)` says crisis, concern or none, and the kind."""

    def __init__(self, matcher: CrisisMatcher, classifier: Optional[CrisisClassifier], thresholds: Thresholds):
        self.matcher = matcher
        self.classifier = classifier
        self.thresholds = thresholds

    def assess(self, text: str) -> Assessment:
        return self.assess_many([text])[0]

    def assess_many(self, texts: Iterable[str]) -> List[Assessment]:
        texts = list(texts)
        cleaned = [self.matcher.without_idioms(t) for t in texts]
        results: List[Optional[Assessment]] = []
        to_classify: List[int] = []
        for index, text in enumerate(cleaned):
            kind = self.matcher.kind_of_cleaned(text)
            if kind is not None:
                results.append(Assessment(CRISIS, kind, "pattern", 1.0, 1.0))
            elif self.classifier is None or not _HAS_LETTERS.search(text) or self._only_an_idiom(texts[index], text):
                results.append(NO_RISK)
            else:
                results.append(None)
                to_classify.append(index)
        if to_classify:
            batch = [cleaned[i] for i in to_classify]
            for index, (crisis, risk, kind) in zip(to_classify, self.classifier.scores_and_kinds(batch)):
                results[index] = self._decide(crisis, risk, kind)
        return results  # type: ignore[return-value]

    @staticmethod
    def _only_an_idiom(text: str, cleaned: str) -> bool:
        """"ik ga dood van het lachen": with the idiom taken out, next to nothing is left."""
        return len(cleaned.split()) < 3 and len(cleaned.split()) < len(normalise(text).split())

    def kind_of(self, text: str) -> Optional[str]:
        """The most likely kind of risk in a text, even when the level is none."""
        cleaned = self.matcher.without_idioms(text)
        kind = self.matcher.kind_of_cleaned(cleaned)
        if kind is None and self.classifier is not None:
            kind = self.classifier.kinds([cleaned])[0]
        return kind

    def _decide(self, crisis: float, risk: float, kind: str) -> Assessment:
        if crisis >= self.thresholds.crisis:
            return Assessment(CRISIS, kind, "classifier", crisis, risk)
        if risk >= self.thresholds.concern:
            return Assessment(CONCERN, kind, "classifier", crisis, risk)
        return Assessment(NONE, None, "none", crisis, risk)
