"""The staff-edited topic word list (data/concepts/topic_words.yml): its topics are exactly the
topic ids of data/concepts/topics.yml, and a word stands under one topic only, unless it is
listed under 'gedeeld' with the topics it belongs to and why."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from hulpwijzer.core import concepts

WORDS_FILE = Path(__file__).resolve().parents[2] / "data" / "concepts" / "topic_words.yml"
MIN_WORDS_PER_TOPIC = 20


def _load() -> dict:
    return yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))


def _key(word) -> str:
    """How a reader sees the word: 'Blowen ' and 'blowen' are the same entry."""
    return " ".join(str(word).lower().split())


WORD_LIST = _load()
TOPIC_WORDS = WORD_LIST["topics"]
SHARED = WORD_LIST.get("gedeeld") or []


def test_the_topics_are_exactly_the_topic_ids():
    assert list(TOPIC_WORDS) == list(concepts.topic_ids())


@pytest.mark.parametrize("topic_id", concepts.topic_ids())
def test_each_topic_has_a_list_of_words(topic_id):
    words = TOPIC_WORDS[topic_id]
    assert isinstance(words, list) and len(words) >= MIN_WORDS_PER_TOPIC
    assert all(isinstance(w, str) and w.strip() for w in words), topic_id


def doubled_words(word_list: dict) -> list:
    """Words that stand twice: in one list, in two topics, or in a topic and under 'gedeeld'."""
    listed = Counter(_key(w) for words in word_list["topics"].values() for w in words)
    listed.update(_key(entry["woord"]) for entry in word_list.get("gedeeld") or [])
    return sorted(w for w, n in listed.items() if n > 1)


def test_no_word_is_listed_twice():
    assert doubled_words(WORD_LIST) == []


@pytest.mark.parametrize("entry", SHARED, ids=lambda e: str(e.get("woord")))
def test_a_shared_word_names_two_or_more_known_topics_and_why(entry):
    topics = entry["onderwerpen"]
    assert len(set(topics)) == len(topics) >= 2
    assert set(topics) <= set(concepts.topic_ids())
    assert str(entry.get("waarom") or "").strip()


def test_the_duplicate_check_finds_a_word_under_two_topics_or_also_shared():
    """The check is not blind: the same word in two lists (other case, extra space) is found,
    and so is a shared word that also stands under one topic."""
    broken = {
        "topics": {"middelen": ["Gamen", "blowen"], "opvoeding": ["gamen ", "schermtijd"]},
        "gedeeld": [{"woord": "schermtijd", "onderwerpen": ["opvoeding", "middelen"], "waarom": "."}],
    }
    assert doubled_words(broken) == ["gamen", "schermtijd"]
