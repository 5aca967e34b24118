"""The crisis net's classifier without Rasa: its fast scoring gives what scikit-learn gives."""
from __future__ import annotations

import numpy as np

from hulpwijzer.rasa_server.nlu.crisis_net import (
    CONCERN, CRISIS, NONE, CrisisClassifier, CrisisMatcher, CrisisNet, Example, Thresholds, _features,
    _logistic_regression, load_corpus, normalise,
)

SAMPLE = load_corpus()[::7]
PROBES = ["ik wil er niet meer zijn", "hoi", "mijn vader sloeg mijn moeder gisteren", "die toets was zwaar",
          "waar is het cjg in oss", "my friend posted goodbye on insta"]


def test_fast_scores_equal_scikit_learns_predict_proba_and_predict():
    classifier = CrisisClassifier.train(SAMPLE, c=30)
    texts = [normalise(e.text) for e in SAMPLE]
    features = _features().fit(texts)
    level = _logistic_regression(30).fit(features.transform(texts), [e.level for e in SAMPLE])
    risky = [i for i, e in enumerate(SAMPLE) if e.level != NONE]
    kind = _logistic_regression(30).fit(features.transform(texts)[risky], [SAMPLE[i].kind for i in risky])
    probes = [normalise(p) for p in PROBES]
    expected = level.predict_proba(features.transform(probes))
    classes = list(level.classes_)
    for (crisis, risk, predicted_kind), row, sk_kind in zip(
            classifier.scores_and_kinds(probes), expected, kind.predict(features.transform(probes))):
        assert np.isclose(crisis, row[classes.index(CRISIS)])
        assert np.isclose(risk, 1 - row[classes.index(NONE)])
        assert predicted_kind == sk_kind


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


def test_a_pattern_decides_before_the_classifier():
    net = CrisisNet(CrisisMatcher.from_file(), None, Thresholds(crisis=0.5, concern=0.2))
    assert net.assess("ik wil niet meer leven").level == CRISIS
    assert net.assess("ik wil niet meer leven").layer == "pattern"
    assert net.assess("ik ga dood van het lachen").level == NONE


def test_training_reads_every_corpus_file_with_its_kind(tmp_path):
    (tmp_path / "a.yml").write_text('kind: danger\nmessages:\n  - {text: "er staat iemand voor de deur", level: crisis}\n')
    (tmp_path / "b.yml").write_text('kind: none\nmessages:\n  - {text: "fijne dag", level: none}\n')
    assert load_corpus(tmp_path) == [Example("er staat iemand voor de deur", CRISIS, "danger"), Example("fijne dag", NONE, None)]
