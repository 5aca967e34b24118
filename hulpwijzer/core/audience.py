"""Who is asking: a parent ("mijn zoon") or a young person ("ik word gepest")?

Clear signals first; without them, weaker ones (hulpwijzer/core/asker_signals.py) are weighed. When
in doubt the answer is None and the bot asks, or shows help for both.
"""
from __future__ import annotations

import re
from typing import Optional

from hulpwijzer.core.asker_signals import weak_audience

PARENT = "ouder"
YOUNG_PERSON = "jongere"

_MY = r"(?:mijn|mn|m'n|m n|me|onze|ons)"
_PARENT_SIGNALS = re.compile(
    rf"\b{_MY}\s+(?:zoon|zoontje|dochter|dochtertje|kind|kinderen|kids|kindje|puber|pubers|tiener|"
    r"pleegkind|pleegzoon|pleegdochter|stiefzoon|stiefdochter|jongste|oudste|middelste|baby|peuter|kleuter)\b"
    r"|\bik\s+ben\s+(?:een\s+)?(?:moeder|vader|ouder|mama|papa|pleegouder|pleegmoeder|pleegvader)\b"
    r"|\bals\s+(?:ouder|moeder|vader)\b|\bopvoeden\b|\bopvoeding\s+van\b",
    re.IGNORECASE,
)
_YOUNG_SIGNALS = re.compile(
    rf"\b{_MY}\s+(?:ouders|moeder|vader|mama|mam|papa|pap|pa|ma|stiefvader|stiefmoeder|mentor|juf|meester|"
    r"klasgenoten|leraar|lerares)\b"
    r"|\b(?:ik|k)\s+(?:word|wordt|werd)\s+(?:gepest|geslagen|uitgescholden|buitengesloten)\b"
    r"|\b(?:ik|k)\s+(?:zit|ben)\s+(?:in|op)\s+(?:de\s+|het\s+)?(?:klas|groep|brugklas|havo|vwo|vmbo|mbo|middelbare)\b"
    r"|\b(?:ik|k)\s+(?:spijbel|blow|rook|drink|game)\b|\b(?:ik|k)\s+ben\s+(?:1[0-9]|[89])\b",
    re.IGNORECASE,
)


def infer_audience(text: str) -> Optional[str]:
    """"ouder", "jongere" or None. Parent signals win: "mijn zoon wordt gepest" is a parent."""
    if not text:
        return None
    if _PARENT_SIGNALS.search(text):
        return PARENT
    if _YOUNG_SIGNALS.search(text):
        return YOUNG_PERSON
    return weak_audience(text)
