"""The place a message means, corrections included: "nee, ik bedoel Uden", "niet Veghel maar
Uden", "ik woon niet in Veghel, in Uden" mean Uden.

The place table (hulpwijzer/core/places.py) finds one name at a time; here every name in the message
is found, a name said with "niet"/"geen" just before it is dropped, and after a correction
word the last remaining one counts (otherwise the first: "we wonen in Oss, school is in Uden").
"""
from __future__ import annotations

import re
from typing import Iterable, List, Optional

from hulpwijzer.core import places

# Words that say the message corrects an earlier place.
_CORRECTION = re.compile(r"\b(?:bedoel|bedoelde|sorry|oeps|verkeerd|fout|nee|neen|nope|niet\s+\w+(?:\s+\w+)?\s+maar)\b", re.I)
# "niet (in) Veghel", "geen Veghel": that place is what the person does NOT mean.
_DENIED_BEFORE = re.compile(r"\b(?:niet|geen)\s+(?:in\s+|uit\s+|te\s+)?$", re.I)


def mentions(text: str, offset: int = 0) -> List[places.PlaceMention]:
    """Every place named in `text`, in order. The table finds the longest name first
    ("Den Haag" before "Rijswijk"), so the text before and after each find is searched again."""
    mention = places.find(text) if text.strip() else None
    if mention is None:
        return []
    here = places.PlaceMention(mention.start + offset, mention.end + offset, mention.match)
    return [*mentions(text[:mention.start], offset), here, *mentions(text[mention.end:], offset + mention.end)]


def meant_place(text: str, entity_values: Iterable[str] = ()) -> Optional[places.PlaceMatch]:
    """The place the message means, or None. Entity values (the NLU's `plaats`) are used when
    the text itself names no place the table knows."""
    text = text or ""
    if text.startswith("/"):
        return None  # a button payload
    named = [m for m in mentions(text) if not _DENIED_BEFORE.search(text[:m.start])]
    if named:
        return (named[-1] if _CORRECTION.search(text) else named[0]).match
    for value in entity_values:
        match = places.resolve(str(value), allow_ambiguous=False)
        if match:
            return match
    return None
