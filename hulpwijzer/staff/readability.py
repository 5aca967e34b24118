"""B1 readability of Dutch text: Flesch-Douma reading ease and sentence length.

Flesch-Douma (Douma, 1960): 206.84 - 0.77 x syllables per 100 words - 0.93 x words per
sentence. Higher is easier; 60-70 reads as plain language, above 70 as easy. Used by the
tone test and by `make check` for every answer the bot gives.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List

MIN_READING_EASE = 60.0
MAX_WORDS_PER_SENTENCE = 20

_URL = re.compile(r"https?://\S+|www\.\S+")
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:[-'][A-Za-zÀ-ÿ]+)*|\d+(?:[-:. ]\d+)*")
_VOWEL_GROUP = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+")


def syllables(word: str) -> int:
    """Vowel groups: 'opvoeding' -> o-voe-ding = 3. Numbers count as one."""
    if word[0].isdigit():
        return 1
    return max(1, len(_VOWEL_GROUP.findall(word.lower())))


def sentences(text: str) -> List[str]:
    text = _URL.sub("link", text)
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if _WORD.search(s)]


@dataclass(frozen=True)
class Readability:
    reading_ease: float
    longest_sentence: int
    longest_sentence_text: str

    def problems(self) -> List[str]:
        found = []
        if self.reading_ease < MIN_READING_EASE:
            found.append(f"moeilijk te lezen (Flesch-Douma {self.reading_ease:.0f}, minimaal {MIN_READING_EASE:.0f})")
        if self.longest_sentence > MAX_WORDS_PER_SENTENCE:
            found.append(
                f"zin te lang ({self.longest_sentence} woorden, maximaal {MAX_WORDS_PER_SENTENCE}): "
                f"'{self.longest_sentence_text[:60]}...'"
            )
        return found


def measure(text: str) -> Readability:
    parts = sentences(text)
    words_per_sentence = [len(_WORD.findall(s)) for s in parts] or [0]
    words = [w for s in parts for w in _WORD.findall(s)]
    if not words:
        return Readability(100.0, 0, "")
    syllables_per_100 = 100 * sum(syllables(w) for w in words) / len(words)
    ease = 206.84 - 0.77 * syllables_per_100 - 0.93 * (len(words) / len(parts))
    longest = max(range(len(parts)), key=lambda i: words_per_sentence[i])
    return Readability(ease, words_per_sentence[longest], parts[longest])
