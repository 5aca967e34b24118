"""Benchmark of the tracker store: one message's read and write, ours against Rasa's own.

    python -m tools.measure.bench_tracker_store [--conversations 100]

Rasa reads a conversation's tracker when a message arrives and writes the new events when it
has answered. This runs that cycle for conversations of six messages (each adds a user
message, a form step, a slot, a bot message and action_listen, as the bot's help form does)
on a fresh SQLite file, with our store (hulpwijzer/rasa_server/stores/redacting_tracker_store.py) and with Rasa's
SQLTrackerStore, and prints the milliseconds per message (median of 5 runs each).
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered

from hulpwijzer.rasa_server.stores.redacting_tracker_store import RedactingSQLTrackerStore

from hulpwijzer.config import ROOT
MESSAGES_PER_CONVERSATION = 6


async def _one_message(store, sender: str, number: int) -> None:
    tracker = await store.get_or_create_tracker(sender)
    if number == 0:
        for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
            tracker.update(event)
    text = f"mijn zoon wordt gepest, bericht {number}"
    tracker.update(UserUttered(text, {"name": "hulp_pesten", "confidence": 0.9}, [], {"text": text}))
    tracker.update(ActionExecuted("hulp_form"))
    tracker.update(SlotSet("topic", "pesten"))
    tracker.update(BotUttered("In welke gemeente woon je?"))
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)


async def _milliseconds_per_message(store, conversations: int) -> float:
    started = time.perf_counter()
    for conversation in range(conversations):
        for number in range(MESSAGES_PER_CONVERSATION):
            await _one_message(store, f"bench-{conversation}", number)
    return (time.perf_counter() - started) * 1000 / (conversations * MESSAGES_PER_CONVERSATION)


def measure(store_class, domain: Domain, conversations: int, runs: int = 5) -> float:
    figures = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            store = store_class(domain=domain, dialect="sqlite", db=str(Path(folder) / "tracker.db"))
            figures.append(asyncio.run(_milliseconds_per_message(store, conversations)))
            store.engine.dispose()
    return statistics.median(figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=100)
    args = parser.parse_args()
    domain = Domain.load(str(ROOT / "bot" / "domain"))
    ours = measure(RedactingSQLTrackerStore, domain, args.conversations)
    rasas = measure(SQLTrackerStore, domain, args.conversations)
    print(f"read + write per message, SQLite, {args.conversations} conversations of {MESSAGES_PER_CONVERSATION} messages:")
    print(f"  ours (hulpwijzer/rasa_server/stores/redacting_tracker_store.py): {ours:.2f} ms")
    print(f"  Rasa's SQLTrackerStore:                   {rasas:.2f} ms  ({rasas / ours:.1f} x ours)")


if __name__ == "__main__":
    main()
