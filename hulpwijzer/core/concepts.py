"""The shared vocabulary: topic ids, gemeenten and their places.

Defined once in data/concepts/*.yml and read here for the actions, the directory checks,
the NLU data generator and the tests.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from hulpwijzer.config import CONCEPTS_DIR


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    national_first: bool = False


@dataclass(frozen=True)
class Gemeente:
    name: str
    cbs: str
    places: Tuple[str, ...]
    aliases: Tuple[str, ...]

    @property
    def all_names(self) -> Tuple[str, ...]:
        """Every name that means this gemeente: its own name, places and aliases."""
        return (self.name, *self.places, *self.aliases)


def use_folder(folder: Path) -> None:
    """Read the concepts from another folder from now on (`make check` on a copy of the project)."""
    global CONCEPTS_DIR
    if Path(folder).resolve() != CONCEPTS_DIR.resolve():
        CONCEPTS_DIR = Path(folder)
        for cached in (topics, topic_ids, gemeenten, gemeente_names, gemeente_by_cbs):
            cached.cache_clear()


def _read(name: str) -> dict:
    with open(CONCEPTS_DIR / name, encoding="utf-8") as file:
        return yaml.safe_load(file)


@lru_cache(maxsize=None)
def topics() -> Tuple[Topic, ...]:
    return tuple(
        Topic(t["id"], t["label"], bool(t.get("national_first", False)))
        for t in _read("topics.yml")["topics"]
    )


def topic(topic_id: str) -> Topic:
    return next(t for t in topics() if t.id == topic_id)


@lru_cache(maxsize=None)
def topic_ids() -> Tuple[str, ...]:
    return tuple(t.id for t in topics())


@lru_cache(maxsize=None)
def gemeenten() -> Tuple[Gemeente, ...]:
    return tuple(
        Gemeente(g["name"], g["cbs"], tuple(g.get("places", [])), tuple(g.get("aliases", [])))
        for g in _read("gemeenten.yml")["gemeenten"]
    )


@lru_cache(maxsize=None)
def gemeente_names() -> Tuple[str, ...]:
    return tuple(g.name for g in gemeenten())


@lru_cache(maxsize=None)
def gemeente_by_cbs() -> Dict[str, Gemeente]:
    return {g.cbs: g for g in gemeenten()}


TOPIC_INTENT_PREFIX = "hulp_"


def topic_from_intent(intent_name: str):
    """`hulp_pesten` -> `pesten`; None for any other intent."""
    if intent_name and intent_name.startswith(TOPIC_INTENT_PREFIX):
        candidate = intent_name[len(TOPIC_INTENT_PREFIX):]
        if candidate in topic_ids():
            return candidate
    return None


def topic_intents() -> List[str]:
    return [f"{TOPIC_INTENT_PREFIX}{topic_id}" for topic_id in topic_ids()]
