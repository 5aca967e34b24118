"""The safety net's answers as the user sees them (bot/domain/safety.yml), for the tests.

Rasa's channels send a response with a blank line in it as several messages, so an answer is
recognised by its parts, in order, at the start of the reply. White space is folded.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, List, Optional

import yaml

SAFETY_DOMAIN = Path(__file__).resolve().parents[1] / "bot" / "domain" / "safety.yml"
RESPONSES = yaml.safe_load(SAFETY_DOMAIN.read_text(encoding="utf-8"))["responses"]


def folded(text: str) -> str:
    return " ".join((text or "").split())


def _parts(text: str) -> List[str]:
    return [folded(p) for p in text.split("\n\n") if p.strip()]


CRISIS_VARIANTS = [_parts(v["text"]) for v in RESPONSES["utter_crisis"]]
CONCERN_TEXTS = {folded(v["text"]) for name, vs in RESPONSES.items() if name.startswith("utter_zorg_") for v in vs}


def texts_of(reply) -> List[str]:
    """The texts of a REST reply (a list of message dicts), folded."""
    return [folded(m.get("text", "")) for m in reply if m.get("text")]


def crisis_answer_first(texts: List[str]) -> Optional[str]:
    """The crisis answer the reply starts with (its parts joined), or None."""
    for parts in CRISIS_VARIANTS:
        if texts[: len(parts)] == parts:
            return " ".join(parts)
    return None


def has_concern_line(texts: Iterable[str]) -> bool:
    return any(folded(t) in CONCERN_TEXTS for t in texts)
