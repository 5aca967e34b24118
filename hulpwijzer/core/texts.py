"""The sentences users see that are not bot/domain responses, read from YAML staff can edit.

- data/concepts/hulpteksten.yml: the words of the help answer (labels, contact lines, intro);
- data/concepts/gidsfouten.yml: how a problem in the partner directory is told to staff;
- data/concepts/kanaalteksten.yml: what the channels say themselves (the flood guard, "only
  text", the WhatsApp choice line, the degraded answer), with the 112 line written once.

Files are re-read when they change, so a running process picks up an edit.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Tuple

import yaml

from hulpwijzer import config

ANSWER_TEXTS = "hulpteksten.yml"
CHANNEL_TEXTS = "kanaalteksten.yml"


@lru_cache(maxsize=8)
def _read(path: Path, stamp: float) -> dict:
    with open(path, encoding="utf-8") as file:
        return yaml.safe_load(file) or {}


def _load(name: str) -> dict:
    path = Path(config.CONCEPTS_DIR) / name
    return _read(path, path.stat().st_mtime)


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
