"""Text preparation for the crisis classifier's features only (the patterns keep `normalise`).

Children and teenagers write "k wil dd", "gwn", "ff", "kheb"; other writers write the same
words in full. Writing both the same way lets a word learnt from one writer count for the
other. Lemmas ("sneed" -> "snijden") do the same for verb forms.
"""
from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from typing import Dict, Iterable, Set

# Chat spelling -> the full word, on top of crisis_net.CHAT_WORDS (which the patterns use).
MORE_CHAT_WORDS = {
    "k": "ik", "kheb": "ik heb", "kga": "ik ga", "kweet": "ik weet", "kzou": "ik zou", "kdenk": "ik denk",
    "kvoel": "ik voel", "kmoet": "ik moet", "kwou": "ik wou", "kwist": "ik wist", "khoop": "ik hoop",
    "kwilde": "ik wilde", "kkan": "ik kan", "kvind": "ik vind", "ni": "niet", "nx": "niks", "ff": "even",
    "gwn": "gewoon", "mss": "misschien", "wrm": "waarom", "wss": "waarschijnlijk", "iem": "iemand",
    "egt": "echt", "echtt": "echt", "tog": "toch", "ma": "maar", "da": "dat", "wa": "wat", "n": "een",
    "dr": "er", "zelfmoort": "zelfmoord", "zm": "zelfmoord", "doot": "dood", "sws": "sowieso",
    "vnd": "vind", "vnv": "vanavond", "vn": "van", "ok": "oke", "okey": "oke", "pls": "alsjeblieft",
    "plz": "alsjeblieft", "aub": "alsjeblieft", "idk": "ik weet het niet",
    "im": "i am", "dont": "do not", "cant": "can not", "wont": "will not", "u": "you", "ur": "your",
}
_REPEATS = re.compile(r"([a-z])\1+")


def chat_text(normalised: str) -> str:
    """A text already through crisis_net.normalise, with the chat words above in full and
    "echtt" -> "echt": a doubled consonant at the end of a word is chat, not spelling, in
    almost every Dutch word."""
    words = []
    for word in normalised.split():
        bare = word.strip(".,!?;:'\"()")
        if len(bare) > 2 and bare[-1] == bare[-2] and bare[-1] not in "aeiou" and not bare.endswith(("ss", "ll", "ff")):
            word = word.replace(bare, bare[:-1])
        words.append(MORE_CHAT_WORDS.get(word, word))
    return " ".join(words)


@lru_cache(maxsize=1)
def lemma_table() -> Dict[str, str]:
    """spaCy's Dutch lookup lemmas (spacy-lookups-data, already a dependency of the spaCy model)."""
    import spacy_lookups_data

    path = spacy_lookups_data.__path__[0] + "/data/nl_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def lemma_text(text: str, table: Dict[str, str]) -> str:
    """Every word by its lemma when the table knows it ("sneed" -> "snijden")."""
    return " ".join(table.get(w, w) for w in re.findall(r"\w+", text))


def lemmas_for(texts: Iterable[str]) -> Dict[str, str]:
    """The part of the lemma table that can matter for a model trained on these texts: the
    words whose lemma occurs in them (a word never seen in training still counts through its
    lemma, "sneed" through "snijden"; the other lemmas have no weight anyway)."""
    table = lemma_table()
    seen: Set[str] = set()
    for text in texts:
        seen.update(table.get(w, w) for w in re.findall(r"\w+", text))
    return {word: lemma for word, lemma in table.items() if lemma in seen and lemma != word}
