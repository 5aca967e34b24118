"""Writes data/nlu/places.yml from data/concepts/gemeenten.yml (`make nlu-places`).

The place names are defined once, in the concepts file (and the well-known places outside the
region in hulpwijzer/core/places.py, so "ik woon in Breda" is a place too and gets an honest answer);
this lookup table lets the NLU pipeline's RegexFeaturizer recognise them. A test checks that
the file is up to date.
"""
from __future__ import annotations

import sys
from pathlib import Path

from hulpwijzer.config import ROOT
from hulpwijzer.core import concepts
from hulpwijzer.core.places import AMBIGUOUS, OUTSIDE_REGION, normalise

TARGET = ROOT / "data" / "nlu" / "places.yml"


def render() -> str:
    # Ambiguous names ("Centrum", "Zeeland") would mark ordinary words as places.
    all_names = [name for g in concepts.gemeenten() for name in g.all_names] + list(OUTSIDE_REGION)
    names = sorted({name for name in all_names if len(name) > 2 and normalise(name) not in AMBIGUOUS})
    lines = [
        "# Made by `make nlu-places` from data/concepts/gemeenten.yml and hulpwijzer/core/places.py. Do not edit by hand.",
        'version: "3.1"',
        "nlu:",
        "- lookup: plaats",
        "  examples: |",
    ]
    lines += [f"    - {name}" for name in names]
    # Other names of a gemeente (old gemeenten, local names, spellings) become its own name,
    # so the `plaats` entity carries one spelling: "Rooi" -> Meierijstad, "The Hague" -> Den Haag.
    for gemeente in concepts.gemeenten():
        aliases = sorted({a for a in gemeente.aliases if a.lower() != gemeente.name.lower()
                          and normalise(a) not in AMBIGUOUS})
        if aliases:
            lines += [f"- synonym: {gemeente.name}", "  examples: |"] + [f"    - {a}" for a in aliases]
    return "\n".join(lines) + "\n"


def main() -> int:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"Wrote {TARGET.relative_to(TARGET.parents[2])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
