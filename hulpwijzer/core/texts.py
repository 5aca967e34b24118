"""The sentences users see that are not bot/domain responses, read from YAML staff can edit.

- data/concepts/hulpteksten.yml: the words of the help answer (labels, contact lines, intro);
- data/concepts/gidsfouten.yml: how a problem in the partner directory is told to staff;
- data/concepts/kanaalteksten.yml: what the channels say themselves (the flood guard, "only
  text", the WhatsApp choice line, the degraded answer), with the 112 line written once.

Files are re-read when they change, so a running process picks up an edit.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Tuple

import yaml

from hulpwijzer import config

logger = logging.getLogger(__name__)

ANSWER_TEXTS = "hulpteksten.yml"
CHANNEL_TEXTS = "kanaalteksten.yml"


@lru_cache(maxsize=8)
def _read(path: Path, stamp: float) -> dict:
    with open(path, encoding="utf-8") as file:
        return yaml.safe_load(file) or {}


_last_good: Dict[str, dict] = {}


def _load(name: str) -> dict:
    """The file as now; if an edit broke it, the last version that could be read (and a log line)."""
    path = Path(config.CONCEPTS_DIR) / name
    try:
        texts = _read(path, path.stat().st_mtime)
    except (OSError, yaml.YAMLError) as error:
        if name not in _last_good:
            raise
        logger.error("%s cannot be read (%s); the last good version stays.", name, type(error).__name__)
        return _last_good[name]
    _last_good[name] = texts
    return texts


def answer_texts() -> dict:
    """The words of the help answer (data/concepts/hulpteksten.yml)."""
    return _load(ANSWER_TEXTS)


def channel_texts() -> dict:
    """All channel sentences (data/concepts/kanaalteksten.yml), as written."""
    return _load(CHANNEL_TEXTS)


def channel_text(*keys: str) -> str:
    """One channel sentence, e.g. channel_text("storing", "intro"), with {gevaar} filled in."""
    texts = channel_texts()
    value: Any = texts
    for key in keys:
        value = value[key]
    return str(value).replace("{gevaar}", texts["gevaar"])


DIRECTORY_PROBLEMS = "gidsfouten.yml"


class _Blank(dict):
    def __missing__(self, key):
        return ""


def directory_problem(code: str, field: str, values: dict) -> Tuple[str, str]:
    """A directory problem in Dutch, and how to fix it (data/concepts/gidsfouten.yml)."""
    table = _load(DIRECTORY_PROBLEMS)
    line = table.get(code) or table["other"]
    filled = _Blank({"field": field, **values})
    field_help = (table.get("velden") or {}).get(field, "")
    fix = line.get("oplossing", "")
    if field_help and (code == "not_one_of" or not fix):
        fix = field_help
    return line["probleem"].format_map(filled), fix.format_map(filled)
