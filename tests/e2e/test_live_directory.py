"""A directory edit reaches users of the running bot without a restart, and a broken edit
never does: the last good directory stays in use.

The session bot's action server reads a copy of data/directory (bot.directory, see
conftest.py); these tests edit that copy, the way staff edit the real files, and put it back.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from hulpwijzer.core.directory.store import CHECK_INTERVAL_SECONDS

QUESTION = "waar kan ik opvoedondersteuning krijgen in Oss?"
ORIGINAL = "Gratis advies en hulp voor ouders en jongeren, ook zonder school."
EDITED = "Gratis hulp bij opvoeden, voor ouders en jongeren. Je hebt de school niet nodig."
# The CJG Oss has no checked contact yet, so the answer gives the gemeente's number and says
# what to ask for. Staff then find the CJG's website at the source (an example address here:
# this edits the session's copy only) and the CJG itself is shown.
ROUTE_VIA_GEMEENTE = "Vraag naar het Centrum voor Jeugd & Gezin (CJG)."
CJG_WITHOUT_CONTACT = "    contacts: []\n    services:\n      - id: oss-cjg-jeugdhulp"
CJG_WITH_CONTACT = (
    '    contacts:\n      - {type: website, value: "https://www.example.org/cjg-oss", verified: true, '
    'source: "test: checked at the source", assured_date: 2026-11-01}\n    services:\n      - id: oss-cjg-jeugdhulp'
)


@pytest.fixture
def oss_file(bot):
    """oss.yml in the directory the running action server reads; restored afterwards."""
    path = Path(bot.directory) / "oss.yml"
    original = path.read_text(encoding="utf-8")
    yield path
    path.write_text(original, encoding="utf-8")
    wait_for_reload()
    assert ROUTE_VIA_GEMEENTE in bot.texts(bot.new_sender(), QUESTION), "the directory copy was not restored"


def wait_for_reload() -> None:
    """The store looks for changed files at most once per CHECK_INTERVAL_SECONDS."""
    time.sleep(CHECK_INTERVAL_SECONDS + 0.5)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_changed_description_and_a_newly_checked_website_are_answered_at_once(bot, oss_file):
    before = bot.texts(bot.new_sender(), QUESTION)
    assert ROUTE_VIA_GEMEENTE in before and "14 0412" in before and "example.org" not in before

    edit(oss_file, ORIGINAL, EDITED)
    edit(oss_file, CJG_WITHOUT_CONTACT, CJG_WITH_CONTACT)  # staff checked the website at the source
    wait_for_reload()

    after = bot.texts(bot.new_sender(), QUESTION)
    assert EDITED in after and ORIGINAL not in after
    assert "Website: https://www.example.org/cjg-oss" in after and ROUTE_VIA_GEMEENTE not in after


def test_a_broken_edit_while_running_keeps_the_last_good_directory(bot, oss_file):
    edit(oss_file, ORIGINAL, EDITED)
    edit(oss_file, CJG_WITHOUT_CONTACT, CJG_WITH_CONTACT)
    wait_for_reload()
    assert EDITED in bot.texts(bot.new_sender(), QUESTION)

    # A new text together with a mistake (a topic that does not exist): nothing of it is used.
    broken_text = "Deze tekst staat in een kapot bestand."
    edit(oss_file, EDITED, broken_text)
    edit(oss_file, "topics: [jongerenwerk]", "topics: [jongerenwerk, dansen]")
    wait_for_reload()
    answer = bot.texts(bot.new_sender(), QUESTION)
    assert EDITED in answer and broken_text not in answer

    # A YAML syntax error is not used either, and the bot still answers.
    oss_file.write_text(oss_file.read_text(encoding="utf-8") + "\n  - id: [kapot\n", encoding="utf-8")
    wait_for_reload()
    answer = bot.texts(bot.new_sender(), QUESTION)
    assert EDITED in answer and broken_text not in answer
