"""Weaker signals of who is asking, for messages without a clear one ("ben 15", "Krijg ik een
strafblad?", "Moeder: ... onze dochter (16) ..."). hulpwijzer/core/audience.py tries its clear
signals first and asks this module only when they say nothing.

Each signal adds points for a parent or for a young person; the side with more points wins,
a tie is "don't know" (the bot then asks, with two buttons). The signals are general ways of
writing, not phrases from one message: measured on the real questions of tests/heldout by
`make eval` (docs/nlu-evaluation.md).
"""
from __future__ import annotations

import re
from typing import List, Optional, Pattern, Tuple

PARENT = "ouder"
YOUNG_PERSON = "jongere"

_CHILD = r"(?:zoon|zoons|zoontje|dochter|dochters|dochtertje|kind|kinderen|kindje|meisje|jongen|puber|tiener)"
_AGE = r"(?:\d{1,2}|tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien)"
_I = r"(?:ik|k|ikke)"

_PARENT: List[Tuple[Pattern, int]] = [
    # "zoon (16 jaar)", "dochter van 14", "een meisje van 9 jaar"
    (re.compile(rf"\b{_CHILD}\s*(?:\(\s*{_AGE}|van\s+{_AGE}\b)", re.I), 2),
    # "mijn 14-jarige dochter", "onze tienjarige zoon"
    (re.compile(rf"\b{_AGE}\s*-?\s*jarige\s+{_CHILD}", re.I), 2),
    # "ik heb een dochter", "heb ik twee zoons", "uit een eerder huwelijk heb ik een dochter"
    (re.compile(rf"\b(?:{_I}\s+heb|heb\s+{_I})\s+(?:een|twee|drie|vier|vijf|\d)\s+(?:\w+\s+)?{_CHILD}", re.I), 2),
    # A letter signed at the start: "Moeder: ...", "Bonusvader: ..."
    (re.compile(r"^\W*(?:bonus)?(?:moeder|vader|ouder|ouders|mama|papa|pleegmoeder|pleegvader)\s*:", re.I), 3),
    # Parents among themselves: "jullie kinderen", "je kind", "ons jong", "ons meissie", "bonuskinderen"
    (re.compile(rf"\b(?:jullie|je|ons|onze|haar|zijn)\s+(?:{_CHILD}|jong|meissie|ventje|mannetje)\b", re.I), 1),
    (re.compile(r"\bbonus\w*kind", re.I), 2),
    (re.compile(r"\b(?:wij|we)\s+als\s+ouders?\b|\bals\s+ouders\b", re.I), 2),
    # Speaking about a child at school, in the third person: "hij wil niet naar school", "ze slaapt slecht"
    (re.compile(r"\b(?:hij|zij)\s+(?:wil|gaat|slaapt|eet|gamet|blowt|zit|komt|heeft|doet|is)\b", re.I), 1),
]

_YOUNG: List[Tuple[Pattern, int]] = [
    # "ben 15", "ik (14)", "als 13-jarig meisje", "ik ben een meisje van 13"
    (re.compile(rf"(?:^|[\s,.!?])(?:{_I}\s+)?ben\s+(?:pas\s+|net\s+)?1\d\b", re.I), 2),
    (re.compile(r"\b(?:ik|k)\s*\(\s*1\d\s*\)", re.I), 2),
    (re.compile(rf"\bals\s+{_AGE}\s*-?\s*jarig", re.I), 2),
    (re.compile(rf"\b{_I}\s+ben\s+een\s+(?:meisje|jongen|meid|tiener|puber|leerling|scholier)\b", re.I), 2),
    # My school life: "mijn cijfers", "onze klas", "mijn mentor", "mijn schooladvies"
    (re.compile(r"\b(?:mijn|mn|m'n|me|onze)\s+(?:klas|cijfers|huiswerk|toetsen|toets|examens?|schooladvies|rooster|"
                r"mentor|klasgenoten|klasgenoot|leraar|lerares|docent|vrienden|vriendinnen|stage|bijbaantje)\b", re.I), 2),
    (re.compile(rf"\b{_I}\s+(?:zit|sta)\s+(?:in|op)\s+(?:\w+\s+)?(?:klas|school|brugklas|\d\s*(?:havo|vwo|vmbo|mavo))\b", re.I), 2),
    (re.compile(rf"\b{_I}\s+(?:zit\s+thuis|spijbel|blow|vape|drink|game|rook|snuif)\b", re.I), 1),
    # A young person's own questions: "Krijg ik een strafblad?", "Mag ik ...", "Heb ik recht op ..."
    (re.compile(r"(?:^|[.!?]\s*)(?:krijg|mag|moet|heb|kan|ben|word)\s+ik\b", re.I), 1),
    (re.compile(r"\b(?:mijn|mn|m'n)\s+(?:ouders|moeder|vader|stiefvader|stiefmoeder|broer|zus|zusje|broertje)\b", re.I), 2),
    # Young people's own words for their age and class: "ben pas vijftien", "ik zit in de 3e", "k zit in havo 3"
    (re.compile(rf"(?:^|[\s,.!?])(?:{_I}\s+)?ben\s+(?:pas\s+|net\s+)?(?:twaalf|dertien|veertien|vijftien|zestien|zeventien)\b", re.I), 2),
    (re.compile(rf"\b{_I}\s+zit\s+(?:nu\s+)?in\s+(?:de\s+|het\s+)?(?:\d+(?:e|de|ste)?|eerste|tweede|derde|vierde|"
                r"vijfde|zesde|havo|vwo|vmbo|mavo|atheneum|gymnasium|brugklas|klas|groep)\b", re.I), 2),
    # What happens to a pupil: "k moet naar halt", "ik ben gepakt", "ik heb huisarrest"
    (re.compile(rf"\b{_I}\s+(?:moet|ben|werd|word|heb|kreeg|krijg)\s+(?:naar\s+halt|(?:een\s+)?halt\W?straf|gepakt|"
                r"opgepakt|betrapt|geschorst|huisarrest|strafwerk)\b", re.I), 2),
    # A boyfriend, a crush, a best friend: "mijn vriendje", "mn crush", "mijn beste vriendin"
    (re.compile(r"\b(?:mijn|mn|m'n)\s+(?:vriendje|vriendinnetje|crush|bestie|besties|beste\s+vriend|beste\s+vriendin)\b", re.I), 2),
    # Chat spelling that parents seldom use: "kweet nie", "idk", "wrm", "ngl"
    (re.compile(r"\b(?:kweet|kheb|kben|kzit|wrm|idk|ngl|nie|wss|bruh|fr)\b", re.I), 1),
]

# My own school, in the first person and about no child: "ik heb stress van school", "ik wil niet naar school"
_OWN_SCHOOL = re.compile(r"\b(?:op|naar|van|met)\s+(?:school|de\s+les|les)\b", re.I)

SELF_STORY_WORDS = 8
# Someone writing about themselves only: "ik", "mij", and no child in the third person.
_FIRST_PERSON = re.compile(rf"\b(?:{_I}|mij|me|mijn|mn|m'n)\b", re.I)
_THIRD_PERSON_CHILD = re.compile(rf"\b(?:{_CHILD}|hij|hem|zijn|zij|ze|haar|kids)\b", re.I)


def _points(text: str, signals: List[Tuple[Pattern, int]]) -> int:
    return sum(weight for pattern, weight in signals if pattern.search(text))


def weak_audience(text: str) -> Optional[str]:
    """"ouder", "jongere" or None, from the weaker signals above."""
    if not text:
        return None
    parent, young = _points(text, _PARENT), _points(text, _YOUNG)
    # A story about oneself, long enough to tell, with no child in it: in this bot's world
    # mostly a young person. "ik voel me somber" alone is too short to tell (a parent may say it).
    about_no_child = _FIRST_PERSON.search(text) and not _THIRD_PERSON_CHILD.search(text)
    if len(text.split()) >= SELF_STORY_WORDS and about_no_child:
        young += 1
    if about_no_child and _OWN_SCHOOL.search(text):
        young += 1
    if parent > young:
        return PARENT
    if young > parent:
        return YOUNG_PERSON
    return None
