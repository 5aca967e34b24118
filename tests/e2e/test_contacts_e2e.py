"""Every gemeente x topic x asker, through the running bot's REST channel, the way a new user
tries it: "I am a parent / I am 14, we live in <place>", then a topic button.

Each answer must hold a local contact usable today without the school (a service's own phone
or website, or the gemeente's own route), taken from the directory's shown contacts (verified,
with a source and an assured_date), and never a hidden detail or the old 'search the
internet' text. The expected contacts come from the directory files, not from this test.
"""
from __future__ import annotations

import pytest

from hulpwijzer.core import concepts
from hulpwijzer.core.directory.store import DEFAULT_PATH, load_directory

SERVICES = load_directory(DEFAULT_PATH)
ASKERS = {
    "ouder": "ik ben een moeder, we wonen in {plaats}",
    "jongere": "ik ben 14, we wonen in {plaats}",
    None: "we wonen in {plaats}",
}
DIRECT = ("vrij-toegankelijk", "afspraak")


def _usable_today(gemeente: str) -> set:
    """Phone numbers and web addresses of local help one may contact without the school."""
    values = set()
    for service in SERVICES:
        organization = service.organization
        if organization.gemeente == gemeente and service.access in DIRECT:
            values |= {c.value for c in organization.shown_contacts() if c.type in ("phone", "website", "chat")}
    return values


HIDDEN = {c.value for s in SERVICES for c in s.organization.contacts if not c.shown or not s.organization.verified}


@pytest.mark.parametrize("asker", list(ASKERS), ids=lambda a: a or "onbekend")
@pytest.mark.parametrize("gemeente", concepts.gemeente_names())
def test_every_topic_answer_holds_a_sourced_contact_usable_today(bot, gemeente, asker):
    usable = _usable_today(gemeente)
    assert usable, f"no shown local contact at all for {gemeente}"
    failures = []
    for topic in concepts.topics():
        sender = bot.new_sender()
        bot.send(sender, ASKERS[asker].format(plaats=gemeente))
        slots = bot.slots(sender)
        assert slots["gemeente"] == gemeente and slots["doelgroep"] == asker, (gemeente, asker, slots)
        answer = bot.texts(sender, f"/{concepts.TOPIC_INTENT_PREFIX}{topic.id}")
        if not any(value in answer for value in usable):
            failures.append(f"{topic.id}: no local contact usable today in:\n{answer}")
        shown_hidden = [value for value in HIDDEN if value in answer]
        if shown_hidden:
            failures.append(f"{topic.id}: hidden details shown: {shown_hidden}")
        if "zoek op internet" in answer.lower() or "nog niet gecontroleerd" in answer:
            failures.append(f"{topic.id}: the old 'not checked, search the internet' text")
    assert not failures, f"{gemeente} ({asker}):\n" + "\n\n".join(failures)
