"""Messages in another language: a Rasa NLU component that runs after the classifier.

English messages get the intent `engels` (the bot answers briefly in English); other
languages get `andere_taal` (a short Dutch + English note with the national lines).
Dutch chat text is short and often misread by language detectors (as Afrikaans, say), so
only messages without common Dutch words count, and only with high certainty. Two words are
too few for the detector ("dag dag" reads as Somali): a two-word message is only judged when
the classifier did not understand it ("Necesito ayuda"), and then only if near-certain. Three cues need no detector: text that is mostly not in the Latin alphabet
(Arabic, Cyrillic, Chinese, Greek...) is never Dutch; everyday English words ("i", "need",
"my") with no Dutch word make a short message English ("I need help").
The detector's profiles are case-sensitive: a message in capitals is read in sentence case
(Dutch in capitals reads as German otherwise). Place names of the region say nothing about
the language ("halt in Oss" read as German), so they are left out before detecting.
The detector (langdetect) ships its language profiles: nothing is downloaded.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text

from langdetect import DetectorFactory, LangDetectException, detect_langs

DetectorFactory.seed = 0  # the same answer for the same text, every time

ENGLISH_INTENT = "engels"
FALLBACK_INTENT = "nlu_fallback"
OTHER_LANGUAGE_INTENT = "andere_taal"
DUTCH_LIKE = {"nl", "af"}
MIN_WORDS = 2
MIN_PROBABILITY = 0.9
MIN_PROBABILITY_TWO_WORDS = 0.99  # nonsense like "krakel snurf" gets at most ~0.86
# Everyday English words that are not Dutch ("me", "we", "help", "is", "in" are both).
_ENGLISH_WORDS = {
    "i", "im", "need", "my", "the", "you", "your", "please", "with", "where", "what", "how",
    "can", "could", "would", "am", "are", "and", "get", "want", "child", "son", "daughter",
    "bullied", "anyone", "someone", "talk", "to", "of", "for", "do", "does", "dont", "have",
    "has", "this", "that", "there", "they", "she", "it", "at", "on", "parents", "mother",
    "father", "mom", "dad", "school's", "free", "live", "who", "why", "when", "feel", "sad",
}
# Words that are Dutch and not also everyday English, German or French ("is", "in", "school",
# "je", "die", "wie", "kind" are left out), so "my son is bullied at school" counts as English.
_DUTCH_WORDS = {
    "ik", "jij", "mijn", "mn", "het", "een", "niet", "van", "wat", "hoe", "waar", "voor", "naar",
    "hulp", "zoon", "dochter", "ouders", "wordt", "heb", "heeft", "kan", "wil", "zijn", "dat",
    "bij", "ook", "maar", "nog", "wel", "geen", "gepest", "kinderen", "moet", "mag", "bent", "zit",
    "deze", "dit", "t", "gratis", "niks", "nee", "ja", "hoi", "doei", "oke", "graag",
    "nodig", "zoek", "zoeken", "wonen", "woon", "onze", "bedankt", "dankje", "dankjewel", "hoor",
    "iemand", "ruzie", "steeds", "pesten", "gemist", "gezin", "toets", "k", "ff", "aub", "weet",
}
# Dutch word parts: "ij" (mijn, wij, krijg) is almost never English, German or French.
_DUTCH_PARTS = re.compile(r"ij(?![aeiou])|^(jeugd|thuis|opvoed|school\w+|leerplicht|gemeente)")
_DUTCH_PHRASES = re.compile(r"\bdank (?:je|u)\b")
_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _place_words() -> frozenset:
    """Lower-case words of every place name of the region (data/concepts/gemeenten.yml)."""
    from hulpwijzer.core import concepts

    return frozenset(
        word for gemeente in concepts.gemeenten() for name in gemeente.all_names
        for word in _WORD.findall(name.lower())
    )


def _mostly_other_script(text: str) -> bool:
    """More than half of the letters are outside the Latin alphabet."""
    letters = [ch for ch in text if ch.isalpha()]
    other = [ch for ch in letters if not unicodedata.name(ch, "").startswith("LATIN")]
    return bool(letters) and len(other) * 2 > len(letters)


def _language_code(text: str) -> str:
    try:
        return detect_langs(text)[0].lang
    except LangDetectException:
        return "und"  # undetermined (ISO 639-2)


def detect_language(text: str, understood: bool = True) -> Optional[str]:
    """An ISO code like "en" or "tr" for clearly non-Dutch text, else None.

    `understood`: the classifier found an intent (not the fallback) for this text."""
    text = text or ""
    if _mostly_other_script(text):
        return _language_code(text)
    text = text.capitalize() if text.isupper() else text
    if _DUTCH_PHRASES.search(text.lower()):
        return None
    text = " ".join(w for w in text.split() if w.lower().strip(".,!?:;") not in _place_words())
    words = _WORD.findall(text.lower().replace("'", ""))
    if len(words) < MIN_WORDS or any(w in _DUTCH_WORDS or _DUTCH_PARTS.search(w) for w in words):
        return None
    if sum(w in _ENGLISH_WORDS for w in words) * 2 >= len(words):
        return "en"
    if len(words) == MIN_WORDS and understood:
        return None
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return None
    needed = MIN_PROBABILITY_TWO_WORDS if len(words) == MIN_WORDS else MIN_PROBABILITY
    if best.lang in DUTCH_LIKE or best.prob < needed:
        return None
    return best.lang


try:
    from rasa.engine.graph import ExecutionContext, GraphComponent
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe
    from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData
except ImportError:  # pragma: no cover
    DefaultV1Recipe = None


if DefaultV1Recipe is not None:

    @DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
    class LanguageDetector(GraphComponent):
        @classmethod
        def create(cls, config: Dict[Text, Any], model_storage, resource, execution_context: ExecutionContext):
            return cls()

        def process_training_data(self, training_data: TrainingData) -> TrainingData:
            return training_data

        def process(self, messages: List[Message]) -> List[Message]:
            for message in messages:
                text = message.get(TEXT) or ""
                if text.strip() and not _WORD.search(text):
                    # Only emoji or symbols: no language and nothing to classify. The
                    # fallback asks kindly what the user means, instead of staying silent.
                    fallback = {"name": FALLBACK_INTENT, "confidence": 1.0}
                    message.set(INTENT, fallback, add_to_output=True)
                    message.set(INTENT_RANKING_KEY, [fallback], add_to_output=True)
                    continue
                understood = (message.get(INTENT) or {}).get("name") != FALLBACK_INTENT
                language = detect_language(text, understood)
                if language is None:
                    continue
                name = ENGLISH_INTENT if language == "en" else OTHER_LANGUAGE_INTENT
                intent = {"name": name, "confidence": 1.0}
                message.set(INTENT, intent, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
                message.set("language", language, add_to_output=True)
            return messages
