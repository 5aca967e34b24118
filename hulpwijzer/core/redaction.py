"""Removes personal data from a message: phone numbers, e-mail addresses, BSNs, IBANs,
postcodes and house numbers become a placeholder such as [telefoonnummer].

Used before a message is stored (hulpwijzer/rasa_server/stores/redacting_tracker_store.py) and as soon as it
arrives in a channel (hulpwijzer/rasa_server/channels/guarded.py), so logs and the NLU never see the data either.
Names are not recognised: the bot asks people not to type them (the privacy answer).
"""
from __future__ import annotations

import re
from typing import Callable, List, Tuple

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)

IBAN = re.compile(r"\b[A-Z]{2}\d{2}[ ]?[A-Z]{4}(?:[ ]?\d){10}\b", re.IGNORECASE)

# A BSN is 9 digits (written together or as 3-3-3 / 4-2-3 groups) that pass the "elfproef".
BSN_CANDIDATE = re.compile(r"(?<![\d+])(\d{4}[ .]?\d{2}[ .]?\d{3}|\d{3}[ .]?\d{3}[ .]?\d{3})(?![\d])")

# Any phone number as people write it: 8 to 13 digits with spaces, dashes, dots or brackets,
# optionally starting with + or 00 (06-12345678, 010 123 45 67, +31 (0)6 1234 5678, 0800-0432).
PHONE = re.compile(r"(?<![\w\d])(?:\+|00)?\d(?:[ \-.()/]{0,3}\d){7,13}(?![\d])")

# Dutch postcode: 4 digits (not starting with 0) and 2 letters. Written with a space the
# letters must be capitals or no common two-letter word ("in 2020 al", "1000 en").
COMMON_TWO_LETTER_WORDS = {"al", "en", "is", "op", "in", "te", "ik", "je", "ze", "we", "er", "om",
                           "na", "of", "af", "ja", "nu", "zo", "de", "in", "an", "at", "on", "or",
                           "to", "so", "he", "me", "my", "it", "be", "by", "do", "go", "no", "us"}
POSTCODE = re.compile(r"\b([1-9]\d{3})(\s?)([A-Za-z]{2})\b")

STREET_SUFFIX = (r"straat|laan|weg|plein|gracht|kade|singel|dijk|hof|dreef|pad|steeg|markt|park|"
                 r"ring|baan|dam|veld|erf|hoek|wal|akker|kamp|donk|haven|allee|boulevard|passage|"
                 r"promenade|plantsoen|vaart|zijde|kant|eind|straatje|hout|dal|berg|beek|burg|wijk|"
                 r"oord|horst|hage|hof|poort|staete|tuin|tuinen")
# "Kerkstraat 12", "Dorpsstraat 3a", "Laan van Meerdervoort 1-2", "Plein 1944 nr 3".
NUMBER = r"\d{1,5}(?:\s?[a-zA-Z]\b)?(?:\s?[-/]\s?\d{1,4}[a-zA-Z]?)?(?![\d])"
STREET_TAIL = r"(?:\s+(?:van|de|der|den|het|'t)\s+[^\W\d_]+){0,3}\s+"
HOUSE_NUMBER = re.compile(
    r"(\b[^\W\d_]{2,}(?:" + STREET_SUFFIX + r")\b" + STREET_TAIL + ")" + NUMBER,
    re.IGNORECASE | re.UNICODE,
)
# A street that is only the suffix word, written with a capital: "Laan van Meerdervoort 12".
BARE_STREET = re.compile(r"(\b(?:Laan|Plein|Markt|Kade|Singel|Dreef|Weg|Hof|Dijk|Gracht|Wal)\b" + STREET_TAIL + ")" + NUMBER)
NUMBER_WORD = re.compile(r"\b(huisnummer|huisnr\.?|nummer|nr\.?)(\s*)\d{1,5}(?:\s?[a-zA-Z]\b)?", re.IGNORECASE)

PLACEHOLDERS = {
    "email": "[e-mailadres]",
    "iban": "[rekeningnummer]",
    "bsn": "[bsn]",
    "phone": "[telefoonnummer]",
    "postcode": "[postcode]",
    "house_number": "[huisnummer]",
}


def _passes_elfproef(digits: str) -> bool:
    if len(digits) != 9 or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1)))
    return total % 11 == 0


def _bsn(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(1))
    return PLACEHOLDERS["bsn"] if _passes_elfproef(digits) else match.group(0)


def _postcode(match: re.Match) -> str:
    letters, space = match.group(3), match.group(2)
    if space and not letters.isupper() and letters.lower() in COMMON_TWO_LETTER_WORDS:
        return match.group(0)
    if letters.upper() in {"SA", "SD", "SS"}:  # never issued as postcode letters
        return match.group(0)
    return PLACEHOLDERS["postcode"]


# Order matters: e-mail and IBAN first (they contain digits), BSN before phone numbers.
RULES: List[Tuple[re.Pattern, Callable[[re.Match], str]]] = [
    (EMAIL, lambda m: PLACEHOLDERS["email"]),
    (IBAN, lambda m: PLACEHOLDERS["iban"]),
    (BSN_CANDIDATE, _bsn),
    (PHONE, lambda m: PLACEHOLDERS["phone"]),
    (POSTCODE, _postcode),
    (HOUSE_NUMBER, lambda m: m.group(1) + PLACEHOLDERS["house_number"]),
    (BARE_STREET, lambda m: m.group(1) + PLACEHOLDERS["house_number"]),
    (NUMBER_WORD, lambda m: m.group(1) + (m.group(2) or " ") + PLACEHOLDERS["house_number"]),
]


def redact(text: str) -> str:
    """The text with personal data replaced by placeholders; other text stays as it was."""
    if not text or not any(ch.isdigit() or ch == "@" for ch in text):
        return text  # fast path: without digits or @ there is nothing to find
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text
