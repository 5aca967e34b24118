"""Real phrasing quoted from public pages (data/nlu/real_phrasing.yml) keeps its source: every
block of examples has the address of its page on the comment line above it, so an evaluation
set can be kept apart by page (issue 14: split by source, never by sentence)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import List, Tuple

import yaml

from hulpwijzer.core import concepts

REAL_PHRASING = Path(__file__).resolve().parents[2] / "data" / "nlu" / "real_phrasing.yml"
ADDRESS = re.compile(r"^# (https?://\S+)$")


def blocks_with_source(text: str) -> List[Tuple[str, str]]:
    """(address or '', intent) for every '- intent:' block, the address read from the line above."""
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines):
        if line.startswith("- intent:"):
            above = ADDRESS.match(lines[number - 1]) if number else None
            found.append((above.group(1) if above else "", line.split(":", 1)[1].strip()))
    return found


def test_every_block_names_the_page_it_was_quoted_from():
    blocks = blocks_with_source(REAL_PHRASING.read_text(encoding="utf-8"))
    assert blocks, "no blocks found"
    assert [intent for address, intent in blocks if not address] == []


def test_the_check_finds_a_block_without_its_page():
    text = "nlu:\n# https://example.nl/a\n- intent: hulp_pesten\n  examples: |\n    - x\n- intent: hulp_halt\n"
    assert blocks_with_source(text) == [("https://example.nl/a", "hulp_pesten"), ("", "hulp_halt")]


def test_quotes_are_topic_requests_read_by_rasa_as_examples():
    data = yaml.safe_load(REAL_PHRASING.read_text(encoding="utf-8"))
    topic_intents = set(concepts.topic_intents())
    for block in data["nlu"]:
        assert block["intent"] in topic_intents, block["intent"]
        lines = [line for line in block["examples"].splitlines() if line.strip()]
        # Rasa skips an example line that does not start with '- '; a comment inside the block would be lost.
        assert lines and all(line.startswith("- ") for line in lines), block["intent"]
