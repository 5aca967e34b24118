"""The tracker store reads and writes Rasa's `events` table with its own SQL statements.

It must keep Rasa's rules exactly: the latest conversation session is what a message sees,
the full tracker holds every session, a save appends only the events not stored yet, and
Rasa's own SQLTrackerStore reads what ours wrote (and the other way round), so Rasa's tools,
the retention command and the report keep working on the same database.
"""
from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain():
    from rasa.shared.core.domain import Domain

    return Domain.load(str(ROOT / "bot" / "domain"))


def _ours(domain, db: Path):
    from hulpwijzer.rasa_server.stores.redacting_tracker_store import RedactingSQLTrackerStore

    return RedactingSQLTrackerStore(domain=domain, dialect="sqlite", db=str(db))


def _rasas(domain, db: Path):
    from rasa.core.tracker_store import SQLTrackerStore

    return SQLTrackerStore(domain=domain, dialect="sqlite", db=str(db))


def _two_sessions(domain, sender: str):
    """A conversation of two sessions; the second starts at timestamp 100."""
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker(sender, domain.slots)
    for number, start in enumerate((10.0, 100.0)):
        for offset, event in enumerate([
            ActionExecuted("action_session_start"),
            SessionStarted(),
            ActionExecuted("action_listen"),
            UserUttered(f"hulp bij opvoeden {number}", {"name": "hulp_vragen", "confidence": 0.9}),
            SlotSet("gemeente", "oss"),
            ActionExecuted("utter_greet"),
            BotUttered("Hallo!"),
            ActionExecuted("action_listen"),
        ]):
            event.timestamp = start + offset
            tracker.update(event)
    return tracker


def _texts(tracker):
    return [getattr(e, "text", None) for e in tracker.events if e.type_name == "user"]


def test_a_message_sees_the_latest_session_and_the_full_tracker_every_session(domain, tmp_path):
    store = _ours(domain, tmp_path / "t.db")
    asyncio.run(store.save(_two_sessions(domain, "s")))

    latest = asyncio.run(store.retrieve("s"))
    full = asyncio.run(store.retrieve_full_tracker("s"))
    assert _texts(latest) == ["hulp bij opvoeden 1"]
    assert _texts(full) == ["hulp bij opvoeden 0", "hulp bij opvoeden 1"]
    assert len(full.events) == 16 and latest.get_slot("gemeente") == "oss"
    assert asyncio.run(store.retrieve("someone else")) is None


def test_saving_again_appends_only_the_new_events_in_order(domain, tmp_path):
    from rasa.shared.core.events import ActionExecuted, UserUttered

    db = tmp_path / "t.db"
    store = _ours(domain, db)
    asyncio.run(store.save(_two_sessions(domain, "s")))
    tracker = asyncio.run(store.retrieve("s"))
    tracker.update(UserUttered("nee dank je", {"name": "ontkennen", "confidence": 0.9}))
    tracker.update(ActionExecuted("action_listen"))
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(tracker))  # nothing new: nothing written

    rows = sqlite3.connect(db).execute("select type_name, intent_name, action_name from events order by id").fetchall()
    assert len(rows) == 18
    assert rows[-2:] == [("user", "ontkennen", None), ("action", None, "action_listen")]
    assert _texts(asyncio.run(store.retrieve("s"))) == ["hulp bij opvoeden 1", "nee dank je"]


@pytest.mark.parametrize("writer, reader", [(_ours, _rasas), (_rasas, _ours)])
def test_rasas_own_store_and_ours_read_each_others_rows(domain, tmp_path, writer, reader):
    db = tmp_path / "t.db"
    original = _two_sessions(domain, "s")
    asyncio.run(writer(domain, db).save(original))

    for fetch in ("retrieve", "retrieve_full_tracker"):
        mine = asyncio.run(getattr(_ours(domain, db), fetch)("s"))
        theirs = asyncio.run(getattr(_rasas(domain, db), fetch)("s"))
        assert [e.as_dict() for e in mine.events] == [e.as_dict() for e in theirs.events]
    assert list(asyncio.run(reader(domain, db).retrieve_full_tracker("s")).events) == list(original.events)
