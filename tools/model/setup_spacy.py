"""Put a Dutch spaCy 3.4 pipeline at models/spacy/nl, where bot/config.yml expects it.

Preferred: the official ``nl_core_news_sm`` 3.4 (POS tags, lemmas, word vectors) when it is
installed. It lives on GitHub, which these machines cannot reach, so the fallback is built
from PyPI packages alone: ``spacy.blank("nl")`` (Dutch tokenizer) plus a lookup lemmatizer
whose tables come from ``spacy-lookups-data``. The tables are copied into the saved
pipeline, so nothing is downloaded at run time. This script never fails for lack of network.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import spacy

TARGET = Path(__file__).resolve().parents[2] / "models" / "spacy" / "nl"
OFFICIAL = "nl_core_news_sm"
FALLBACK = "nl_blank_lookup_lemma"


def _spacy_minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def installed_pipeline_name() -> str | None:
    meta = TARGET / "meta.json"
    if not meta.exists():
        return None
    return json.loads(meta.read_text(encoding="utf-8")).get("name")


def try_official():
    """The official pipeline, if installed and built for this spaCy minor version."""
    try:
        nlp = spacy.load(OFFICIAL)
    except (OSError, ImportError):
        return None
    wanted = _spacy_minor(spacy.__version__)
    if _spacy_minor(nlp.meta.get("version", "")) != wanted and not nlp.meta.get(
        "spacy_version", ""
    ).startswith(f">={wanted}"):
        print(f"{OFFICIAL} is installed but not for spaCy {wanted}; not used.")
        return None
    return nlp


def build_fallback():
    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    # Loads nl_lemma_lookup from spacy-lookups-data (a local package, no network).
    nlp.initialize()
    nlp.meta["name"] = FALLBACK
    nlp.meta["description"] = (
        "Blank Dutch tokenizer with the lookup lemmatizer of spacy-lookups-data; "
        "built by tools/model/setup_spacy.py because nl_core_news_sm was not available."
    )
    return nlp


def main() -> int:
    official = try_official()
    wanted = "core_news_sm" if official is not None else FALLBACK
    current = installed_pipeline_name()
    if current and wanted in current:
        print(f"Dutch spaCy pipeline in use: {current} (models/spacy/nl)")
        return 0
    if official is not None:
        nlp = official
        print(f"Using the official {OFFICIAL} {nlp.meta.get('version')}.")
    else:
        print(
            f"{OFFICIAL} 3.4 is not installed (it is only on GitHub); "
            "building a Dutch pipeline from PyPI packages instead."
        )
        try:
            nlp = build_fallback()
        except Exception as error:  # missing lookups package: still give a usable tokenizer
            print(f"Lemma tables not available ({error}); using the blank Dutch tokenizer.")
            nlp = spacy.blank("nl")
            nlp.meta["name"] = FALLBACK
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(TARGET)
    print(f"Dutch spaCy pipeline in use: {installed_pipeline_name()} (models/spacy/nl)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
