"""Two close topics: when the classifier cannot tell two topics apart, the bot names both as
buttons ("Gaat het vooral over gamen, of over school?") instead of guessing one.

Read from the parse's intent ranking, so the same rule serves the bot and `make eval`.
"""
from __future__ import annotations

from typing import Tuple

from hulpwijzer.core import concepts

# The second topic is close when its confidence is at least this share of the first one's.
# Chosen on the real questions and chat requests (docs/nlu-evaluation.md): closer bars showed
# buttons more often but rarely with the right topic among them, and cost direct answers.
CLOSE_RATIO = 0.8
# Below this the second topic is noise, however the first one scores.
MIN_CONFIDENCE = 0.2
# Intents after which two topic buttons make sense: a topic, or not understood at all.
OPEN_INTENTS = ("nlu_fallback", "hulp_vragen")


def close_topics(parse: dict, ratio: float = CLOSE_RATIO, floor: float = MIN_CONFIDENCE) -> Tuple[str, ...]:
    """The two topics to offer as buttons, best first, or () when one topic is clear enough."""
    intent = (parse.get("intent") or {}).get("name")
    if not (concepts.topic_from_intent(intent) or intent in OPEN_INTENTS):
        return ()
    ranked = [(concepts.topic_from_intent(r.get("name")), r.get("confidence") or 0.0)
              for r in parse.get("intent_ranking") or []]
    ranked = [(topic, confidence) for topic, confidence in ranked if topic]
    if len(ranked) < 2:
        return ()
    (first, c1), (second, c2) = ranked[0], ranked[1]
    if c2 >= floor and c2 >= ratio * c1:
        return (first, second)
    return ()
