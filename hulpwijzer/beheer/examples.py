"""Example questions per topic (the intent hulp_<topic> in data/nlu/): add and remove, then
publish like an answer (make check, one git commit) and train in the background."""
from __future__ import annotations

import io
from pathlib import Path
from typing import List, Optional, Tuple

from ruamel.yaml.scalarstring import LiteralScalarString

from hulpwijzer.beheer import project, publishing
from hulpwijzer.beheer.documents import _yaml, fingerprint

NLU_STYLE = 0  # `- intent:` flush with `nlu:` in data/nlu/*.yml


def intent_of(topic: str) -> str:
    return f"{project.concepts.TOPIC_INTENT_PREFIX}{topic}"


def _find(intent: str) -> Tuple[Optional[Path], object, Optional[dict]]:
    """The file, its data and the block of `intent`."""
    for path in sorted(project.nlu_folder().glob("*.yml")):
        data = _yaml(NLU_STYLE).load(path.read_text(encoding="utf-8"))
        for block in (data or {}).get("nlu") or []:
            if isinstance(block, dict) and block.get("intent") == intent:
                return path, data, block
    return None, None, None


def _lines(block: dict) -> List[str]:
    return [line.strip()[2:].strip() for line in str(block.get("examples", "")).splitlines() if line.strip().startswith("- ")]


def examples(topic: str) -> Tuple[List[str], str]:
    """The topic's example questions (as written, with [place](plaats) marks) and their version."""
    _, _, block = _find(intent_of(topic))
    found = _lines(block) if block else []
    return found, fingerprint(found)


def publish(topic: str, remove: List[str], add: List[str], seen_version: str, user) -> str:
    """Write the changed list, check it, commit it; returns the commit message."""
    intent = intent_of(topic)
    with publishing.lock:
        path, data, block = _find(intent)
        if block is None:
            raise publishing.Refused([f"Er zijn nog geen voorbeeldvragen voor dit onderwerp ({intent})."])
        current = _lines(block)
        if fingerprint(current) != seen_version:
            raise publishing.Refused(["Iemand anders heeft de voorbeeldvragen net veranderd. Open ze opnieuw."])
        new = [e for e in current if e not in remove] + [e for e in add if e not in current]
        if not remove and len(new) == len(current):
            raise publishing.Refused(["Er is niets veranderd: geen vraag weggehaald of toegevoegd."])
        block["examples"] = LiteralScalarString("".join(f"- {e}\n" for e in new))
        out = io.StringIO()
        _yaml(NLU_STYLE).dump(data, out)
        problems = publishing.errors(publishing.check({path: out.getvalue()}))
        if problems:
            raise publishing.Refused(problems)
        path.write_text(out.getvalue(), encoding="utf-8")
        added, removed = len(new) - len(current) + len(set(remove) & set(current)), len(set(remove) & set(current))
        message = f"Voorbeeldvragen bij {topic}: {added} erbij, {removed} weg"
        publishing.commit(path, user, message)
        return message
