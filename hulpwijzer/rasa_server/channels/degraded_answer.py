"""The answer when part of the bot is down (action server, database): never silence.

Built in the Rasa server itself from the partner directory, with checked contact details
only: the gemeente's own help (when the conversation or the message names a place) and the
free national lines. It does not need the action server or the tracker store.
"""
from __future__ import annotations

import logging
from typing import List, Optional

from hulpwijzer.core import places, replies
from hulpwijzer.core.directory.lookup import find_help
from hulpwijzer.core.directory.schema import NATIONAL
from hulpwijzer.core.directory.store import get_store
from hulpwijzer.core.texts import channel_text

logger = logging.getLogger(__name__)

GENERAL_TOPIC = "jeugdhulp"
# The national lines named in this answer, in this order (ids in data/directory/landelijk.yml).
NATIONAL_LINE_IDS = ("kindertelefoon", "stichting-113", "veilig-thuis")
# Only when data/concepts/kanaalteksten.yml cannot be read: a number, not a sentence.
EMERGENCY_LINE = "112"



def gemeente_in(text: Optional[str]) -> Optional[str]:
    try:
        match = places.resolve(text or "")
    except Exception:  # a lookup problem must never cost the answer
        return None
    return match.gemeente if match else None


def _contact_summary(organization) -> Optional[str]:
    contacts = [c for c in organization.shown_contacts() if c.type in ("phone", "chat", "website")]
    if not contacts:
        return None
    order = ("phone", "chat", "website")
    parts = [replies.CONTACT_LINES[c.type].format(value=c.value) for c in sorted(contacts, key=lambda c: order.index(c.type))]
    return f"{organization.name}: " + ". ".join(parts) + "."


def national_lines() -> List[str]:
    organizations = {s.organization.id: s.organization for s in get_store().services if s.organization.gemeente == NATIONAL}
    lines = [_contact_summary(organizations[i]) for i in NATIONAL_LINE_IDS if i in organizations]
    return [line for line in lines if line]


def local_help(gemeente: str) -> List[str]:
    services = [s for s in find_help(get_store().services, GENERAL_TOPIC, gemeente) if s.organization.gemeente == gemeente]
    return [replies.service_message(s, gemeente) for s in services[:1]]


def degraded_answer(gemeente: Optional[str]) -> List[str]:
    """The messages to send: intro, local help for the gemeente if known, national lines."""
    try:
        messages = [channel_text("storing", "intro")]
        danger = channel_text("gevaar")
    except Exception as error:  # the texts file itself is broken: the line that must always be there
        logger.error("Channel texts unavailable for the degraded answer (%s).", type(error).__name__)
        return [EMERGENCY_LINE]
    try:
        if gemeente:
            messages.extend(local_help(gemeente))
        else:
            messages.append(channel_text("storing", "plaats_onbekend"))
        national = national_lines()
        messages.append(channel_text("storing", "hulplijnen") + "\n" + "\n".join(national + [danger]))
    except Exception as error:  # the directory itself is broken: still say something useful
        logger.error("Directory unavailable for the degraded answer (%s).", type(error).__name__)
        messages.append(danger)
    return messages
