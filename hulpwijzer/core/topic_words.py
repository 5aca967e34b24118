"""The staff-edited topic word list (data/concepts/topic_words.yml): words and compounds per
topic ("gameverslaving", "vapen", "blowen"), and words shared by two topics under 'gedeeld'.

Read here once, for the NLU (hulpwijzer/rasa_server/nlu/topic_reader.py uses the hits as features) and tests.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional, Pattern, Tuple

import yaml

from hulpwijzer.core import concepts
from hulpwijzer.core.places import normalise

WORDS_FILE = concepts.CONCEPTS_DIR / "topic_words.yml"


@lru_cache(maxsize=None)
def topic_words(path: Optional[str] = None) -> Dict[str, Tuple[str, ...]]:
    """topic id -> its words (normalised), shared words under each of their topics; {} when
    the file is missing."""
    file = Path(path) if path else WORDS_FILE
    if not file.exists():
        return {}
    raw = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    words: Dict[str, list] = {t: [normalise(str(w)) for w in raw.get("topics", {}).get(t) or []] for t in concepts.topic_ids()}
    for entry in raw.get("gedeeld") or []:
        for topic in entry.get("onderwerpen") or []:
            if topic in words:
                words[topic].append(normalise(str(entry["woord"])))
    return {t: tuple(w for w in ws if w) for t, ws in words.items()}


def patterns(words: Dict[str, Tuple[str, ...]]) -> Dict[str, Pattern]:
    """One pattern per topic. Whole words only: "pest" must not fire inside "pesticide"."""
    return {
        topic: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True)) + r")\b")
        for topic, ws in words.items() if ws
    }


def hits(text: str, topic_patterns: Dict[str, Pattern]) -> Dict[str, int]:
    """How often each topic's words occur in `text` (case, accents and punctuation ignored)."""
    normalised = normalise(text or "")
    return {topic: len(pattern.findall(normalised)) for topic, pattern in topic_patterns.items()}
