"""Choices on a chat app without buttons (WhatsApp): a numbered list, and a typed answer.

The bot offers choices as buttons (title + payload). Where buttons cannot be shown the pupil
reads them as a numbered list, and may answer with the number or the words of a choice; that
answer then counts as a click on the button. The offered choices are read from the stored
conversation (the last bot message with buttons), so this works with several Rasa servers.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence

from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from hulpwijzer.core.texts import channel_text

NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")

Button = Dict[str, Any]


def as_numbered_text(text: str, buttons: Sequence[Button]) -> str:
    """One message: the question, the choices one per line, and how to choose.

    Single line breaks only: the WhatsApp connector sends every paragraph as its own message.
    """
    lines = [f"{number}. {button.get('title', '')}" for number, button in enumerate(buttons, start=1)]
    return "\n".join([text.strip(), *lines, channel_text("kies_een_nummer")])


def _plain(text: str) -> str:
    return re.sub(r"[\s.!?]+$", "", text.strip()).casefold()


def chosen_payload(text: str, buttons: Sequence[Button]) -> Optional[str]:
    """The payload of the choice the pupil typed ("2", "2.", or its title), or None."""
    number = NUMBER.match(text or "")
    if number:
        index = int(number.group(1)) - 1
        return buttons[index].get("payload") if 0 <= index < len(buttons) else None
    typed = _plain(text or "")
    for button in buttons:
        if typed and _plain(str(button.get("title", ""))) == typed:
            return button.get("payload")
    return None


def offered_choices(tracker: Optional[DialogueStateTracker]) -> List[Button]:
    """The buttons of the bot's last message with buttons, if the user has not answered since."""
    if tracker is None:
        return []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return []
        if isinstance(event, BotUttered) and event.data.get("buttons"):
            return list(event.data["buttons"])
    return []
