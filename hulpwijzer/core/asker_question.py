"""Ask once who is asking, when the bot cannot tell and the answer depends on it: a parent
gets parent routes, a pupil youth routes (hulpwijzer/core/directory/lookup.py). Two buttons,
"Ik ben ouder" / "Ik ben jongere" (bot/domain/asking.yml).

The help for both comes first, so nobody in need waits for a click; the question stands in
place of "anything else?", and a click gives the answer again, for that person.
"""
from __future__ import annotations

from typing import Optional, Sequence

from hulpwijzer.core import audience
from hulpwijzer.core.directory.lookup import find_routes

ASKED_SLOT = "doelgroep_gevraagd"
LAST_TOPIC_SLOT = "vorig_onderwerp"  # the topic of the latest answer, to answer it again
CHOSE_ASKER_INTENT = "doelgroep_kiezen"


def answer_depends_on_asker(services: Sequence, topic: str, gemeente: Optional[str]) -> bool:
    """True when a parent and a young person would get different help for this question."""
    def routes(doelgroep):
        return [(r.service.id, r.is_gemeente_route) for r in find_routes(services, topic, gemeente, doelgroep)]

    return routes(audience.PARENT) != routes(audience.YOUNG_PERSON)


def should_ask(services: Sequence, topic: str, gemeente: Optional[str], doelgroep: Optional[str], asked: bool) -> bool:
    return not doelgroep and not asked and answer_depends_on_asker(services, topic, gemeente)
