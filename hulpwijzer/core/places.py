"""The place table: any woonplaats, village or district a user names -> one of the seven gemeenten.

Names come from data/concepts/gemeenten.yml. Matching ignores case, accents, hyphens and
apostrophes ("'s-Gravenhage" = "s gravenhage" = "Den Haag"), and tolerates small typos.
Places outside the region are recognised too, so the bot can say honestly that it does not
cover them instead of asking again and again.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterable, Optional, Tuple

from hulpwijzer.core import concepts

# Names that are also ordinary Dutch words or other places; in running text they only count
# after "in/uit/te/bij" ("ik woon in Zeeland"), or when they are the whole message.
AMBIGUOUS = {"centrum", "laak", "zeeland", "haren", "reek", "maren", "kessel", "keent", "erp",
             "eerde", "olland", "haag", "geffen", "lith", "megen", "demen", "herpen", "volkel",
             # outside the region, and everyday words: "ik doe mijn best", "my son"
             "best", "son", "grave"}

# Well-known places OUTSIDE the region, only to answer "we don't cover that" honestly.
# Not a source of facts about those places.
OUTSIDE_REGION = (
    "Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Tilburg", "Groningen", "Almere", "Breda",
    "Nijmegen", "Arnhem", "Haarlem", "Enschede", "Apeldoorn", "Amersfoort", "Zaanstad",
    "Den Bosch", "'s-Hertogenbosch", "Zwolle", "Leiden", "Zoetermeer", "Delft", "Maastricht",
    "Dordrecht", "Helmond", "Venlo", "Deventer", "Alkmaar", "Leeuwarden", "Roosendaal",
    "Bergen op Zoom", "Boxtel", "Cuijk", "Grave", "Land van Cuijk", "Boxmeer", "Wijchen",
    "Westland", "Wassenaar", "Pijnacker", "Nootdorp", "Delfgauw", "Voorschoten", "Gouda",
    "Vught", "Sint-Michielsgestel", "Heusden", "Waalwijk", "Drunen", "Rosmalen", "Nuland",
    "Gemert", "Laarbeek", "Beek en Donk", "Best", "Son", "Nuenen", "Veldhoven", "Boekel",
)

PREPOSITION = re.compile(r"\b(in|uit|te|bij|van|rond|omgeving|gemeente|wonen|woon|woont)\s+$")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[’'`´]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class PlaceMatch:
    gemeente: Optional[str]  # one of the seven names, or None outside the region
    place: str               # the place as the user wrote it (or our spelling of it)

    @property
    def in_region(self) -> bool:
        return self.gemeente is not None


@lru_cache(maxsize=None)
def _table() -> Dict[str, Optional[str]]:
    """normalised name -> gemeente (None for places outside the region)."""
    table: Dict[str, Optional[str]] = {normalise(name): None for name in OUTSIDE_REGION}
    for gemeente in concepts.gemeenten():
        for name in gemeente.all_names:
            table[normalise(name)] = gemeente.name
    # "s gravenhage" also reads as "gravenhage": the apostrophe-s is often left out.
    return table


def _display(normalised: str) -> str:
    for gemeente in concepts.gemeenten():
        for name in gemeente.all_names:
            if normalise(name) == normalised:
                return name
    for name in OUTSIDE_REGION:
        if normalise(name) == normalised:
            return name
    return normalised.title()


# A word as people type it: letters and digits, with an apostrophe inside ("d'r") kept.
_WORD = re.compile(r"[^\W_]+(?:['’`´][^\W_]+)*")
_APOSTROPHES = "'’`´"


@dataclass(frozen=True)
class PlaceMention:
    """Where in the text the place is named (character offsets), and what it resolves to."""
    start: int
    end: int
    match: PlaceMatch


@dataclass(frozen=True)
class _Word:
    norm: str
    start: int
    end: int


def _words(text: str) -> Tuple[_Word, ...]:
    words = ((normalise(found.group()), found.start(), found.end()) for found in _WORD.finditer(text))
    return tuple(_Word(norm, start, end) for norm, start, end in words if norm)


def _ngrams(words: Tuple[_Word, ...], size: int) -> Iterable[Tuple[int, str]]:
    for start in range(len(words) - size + 1):
        yield start, " ".join(word.norm for word in words[start:start + size])


def _mention(text: str, words: Tuple[_Word, ...], first: int, size: int, name: str) -> PlaceMention:
    start, end = words[first].start, words[first + size - 1].end
    # "'s-Gravenhage": the apostrophe belongs to the name.
    if start > 0 and text[start - 1] in _APOSTROPHES:
        start -= 1
    return PlaceMention(start, end, PlaceMatch(_table()[name], _display(name)))


def find(text: str, allow_ambiguous: bool = True) -> Optional[PlaceMention]:
    """The first place named in `text` and where it is, or None.

    With allow_ambiguous=False a lone ambiguous name ("Centrum", "Zeeland") is not taken:
    used for entity values cut out of a longer message.
    """
    words = _words(text or "")
    if not words:
        return None
    table = _table()
    whole = " ".join(word.norm for word in words)
    if whole in table and (allow_ambiguous or whole not in AMBIGUOUS):
        return _mention(text, words, 0, len(words), whole)
    # Longest names first: "leidschendam voorburg" before "voorburg", "den haag" before "haag".
    for size in (3, 2, 1):
        for first, gram in _ngrams(words, size):
            if gram in table:
                before = " ".join(word.norm for word in words[:first]) + " "
                if gram in AMBIGUOUS and not PREPOSITION.search(before):
                    continue
                return _mention(text, words, first, size, gram)
    return _fuzzy(text, words)


def resolve(text: str, allow_ambiguous: bool = True) -> Optional[PlaceMatch]:
    """The place named in `text` (a whole message or an entity value), or None."""
    mention = find(text, allow_ambiguous)
    return mention.match if mention else None


def _fuzzy(text: str, words: Tuple[_Word, ...]) -> Optional[PlaceMention]:
    """Small typos: "veghl", "schijndl", "heeswijk dinter". Only words of 4+ letters.

    A typo is close to the name, has as many words, and each word starts with the same
    letter: so "terecht" is not "Utrecht", "de buren" not "Deursen", "en haal" not "Den Haag".
    """
    for size in (2, 1):
        candidates = [name for name in _table()
                      if name not in AMBIGUOUS and len(name) >= 4 and len(name.split()) == size]
        for first, gram in _ngrams(words, size):
            if len(gram) < 4:
                continue
            cutoff = 0.8 if len(gram) >= 6 else 0.86
            for name in difflib.get_close_matches(gram, candidates, n=3, cutoff=cutoff):
                if all(typed[0] == known[0] for typed, known in zip(gram.split(), name.split())):
                    return _mention(text, words, first, size, name)
    return None
