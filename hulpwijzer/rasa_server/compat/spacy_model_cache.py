"""Load the Dutch spaCy pipeline once per process, not once per graph node.

Rasa 3.6.21 builds two graph nodes from the one `SpacyNLP` entry in the pipeline
(`provide_SpacyNLP0` hands the loaded pipeline to the tokenizer, `run_SpacyNLP0` processes
messages with it). Each node calls `SpacyNLP.load_model`, so the pipeline and its Dutch
lemma table (213,000 words) were loaded twice: measured, about 80 MB of the Rasa server's
memory for a copy nothing uses (see docs/performance.md). spaCy pipelines are only read
while processing text, so both nodes can share one.
"""
from __future__ import annotations

import functools
from typing import Text

from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP



_uncached_load_model = SpacyNLP.load_model


@functools.lru_cache(maxsize=4)
def load_model_once(spacy_model_name: Text) -> SpacyModel:
    return _uncached_load_model(spacy_model_name)


def install() -> None:
    SpacyNLP.load_model = staticmethod(load_model_once)
