"""The crisis net's classifier without Rasa: its fast scoring gives what scikit-learn gives."""
from __future__ import annotations

import numpy as np
from scipy.sparse import hstack

from hulpwijzer.rasa_server.nlu.crisis_features import chat_text, lemma_text, lemmas_for
from hulpwijzer.rasa_server.nlu.crisis_net import (
    CONCERN, CRISIS, KINDS, NONE, CrisisClassifier, CrisisMatcher, CrisisNet, Example, Thresholds,
    _binary_logistic_regression, _complement_naive_bayes, _logistic_regression, _vectorizers, load_corpus, normalise,
)

SAMPLE = load_corpus()[::7]
PROBES = ["ik wil er niet meer zijn", "hoi", "mijn vader sloeg mijn moeder gisteren", "die toets was zwaar",
          "waar is het cjg in oss", "my friend posted goodbye on insta"]


def test_fast_scores_equal_scikit_learns_predict_proba_and_predict():
    """The crisis score is the average of the highest P(crisis of this kind) over the kinds and
    the naive Bayes' P(crisis); the risk score likewise with crisis-or-concern (and at least the
    crisis score): as scikit-learn's predict_proba gives them."""
    classifier = CrisisClassifier.train(SAMPLE, c=30)
    chat = [chat_text(normalise(e.text)) for e in SAMPLE]
    lemmas = lemmas_for(chat)
    chars, words = _vectorizers()
    features = hstack([chars.fit_transform(chat), words.fit_transform([lemma_text(t, lemmas) for t in chat])]).tocsr()
    probes_chat = [chat_text(normalise(p)) for p in PROBES]
    probes = hstack([chars.transform(probes_chat), words.transform([lemma_text(t, lemmas) for t in probes_chat])]).tocsr()
    levels = np.array([e.level for e in SAMPLE])
    kinds = np.array([e.kind or "" for e in SAMPLE])

    def highest(wanted):
        per_kind = np.max([_binary_logistic_regression(30).fit(features, wanted & (kinds == k)).predict_proba(probes)[:, 1]
                           for k in KINDS], axis=0)
        return (per_kind + _complement_naive_bayes(0.3).fit(features, wanted).predict_proba(probes)[:, 1]) / 2

    crisis, risk = highest(levels == CRISIS), highest(levels != NONE)
    risky = [i for i, e in enumerate(SAMPLE) if e.level != NONE]
    kind = _logistic_regression(30).fit(features[risky], [SAMPLE[i].kind for i in risky]).predict(probes)
    for (fast_crisis, fast_risk, fast_kind), c, r, k in zip(classifier.scores_and_kinds([normalise(p) for p in PROBES]),
                                                            crisis, risk, kind):
        assert np.isclose(fast_crisis, c, atol=1e-5)
        assert np.isclose(fast_risk, max(r, c), atol=1e-5)
        assert fast_kind == k


def test_the_levels_follow_the_thresholds():
    net = CrisisNet(CrisisMatcher([], {}), CrisisClassifier.train(SAMPLE, c=30),
                    Thresholds(crisis=0.5, concern=0.2))
    for text in PROBES:
        assessment = net.assess(text)
        if assessment.crisis_score >= 0.5:
            assert assessment.level == CRISIS
        elif assessment.risk_score >= 0.2:
            assert assessment.level == CONCERN
        else:
            assert assessment.level == NONE and assessment.kind is None


def test_a_text_without_one_known_word_gets_no_signal_from_the_classifier():
    """Letter groups alone are no evidence: before this rule the naive Bayes half scored such a
    text "half and half", over the concern threshold, so typed noise lost the bot's fallback."""
    classifier = CrisisClassifier.train(SAMPLE, c=30)
    noise = ["krakel snurf", "qwrtz plof", "blorp flap zweem"]
    assert [(c, r) for c, r, _ in classifier.scores_and_kinds(noise)] == [(0.0, 0.0)] * 3
    crisis, risk, _ = classifier.scores_and_kinds([normalise("ik wil er niet meer zijn")])[0]
    assert crisis > 0.5 and risk >= crisis


def test_a_pattern_decides_before_the_classifier():
    net = CrisisNet(CrisisMatcher.from_file(), None, Thresholds(crisis=0.5, concern=0.2))
    assert net.assess("ik wil niet meer leven").level == CRISIS
    assert net.assess("ik wil niet meer leven").layer == "pattern"
    assert net.assess("ik ga dood van het lachen").level == NONE


def test_training_reads_every_corpus_file_with_its_kind(tmp_path):
    (tmp_path / "a.yml").write_text('kind: danger\nmessages:\n  - {text: "er staat iemand voor de deur", level: crisis}\n')
    (tmp_path / "b.yml").write_text('kind: none\nmessages:\n  - {text: "fijne dag", level: none}\n')
    assert load_corpus(tmp_path) == [Example("er staat iemand voor de deur", CRISIS, "danger"), Example("fijne dag", NONE, None)]
