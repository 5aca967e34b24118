"""Rasa's SQL tracker store, but personal data is redacted before an event is written.

One class for SQLite (the default) and PostgreSQL (production): both are Rasa's
SQLTrackerStore underneath. Used in endpoints.yml as
`type: stores.redacting_tracker_store.RedactingSQLTrackerStore`.

Why here and not (only) in the NLU: Rasa stores the user's text twice (the event's `text`
and `parse_data.text`) and the first one comes straight from the channel, so the store is
the one place every stored message passes, whichever channel or API it came through.

Database errors are re-raised without their SQL parameters (which hold message text), so a
broken database never writes conversations into the logs.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, Iterator, Optional, Text

import sqlalchemy as sa
import sqlalchemy.exc
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from privacy.redaction import redact

logger = logging.getLogger(__name__)


class TrackerStoreUnavailable(Exception):
    """The database could not be reached; the message says which operation, no data."""


def redact_event_data(data: Dict[str, Any]) -> Dict[str, Any]:
    """A copy of a serialised event with personal data redacted from what the user wrote:
    the message, its parse data and entities, and slot values.

    The bot's own messages are kept as they are: they hold the checked phone numbers of the
    help lines, which the phone pattern would otherwise replace in the stored conversation.
    Whatever a bot message repeats from the user (a place name) was redacted on arrival.
    """
    data = dict(data)
    if data.get("event") == "user" and isinstance(data.get("text"), str):
        data["text"] = redact(data["text"])
    parse_data = data.get("parse_data")
    if isinstance(parse_data, dict):
        parse_data = dict(parse_data)
        if isinstance(parse_data.get("text"), str):
            parse_data["text"] = redact(parse_data["text"])
        parse_data["entities"] = [
            {**e, "value": redact(e["value"])} if isinstance(e.get("value"), str) else e
            for e in parse_data.get("entities") or []
        ]
        data["parse_data"] = parse_data
    if data.get("event") == "slot" and isinstance(data.get("value"), str):
        data["value"] = redact(data["value"])
    return data


def redacted(event: Event) -> Event:
    data = event.as_dict()
    clean = redact_event_data(data)
    return event if clean == data else Event.from_parameters(clean)


def _engine_kwargs(url: Any) -> Dict[str, Any]:
    """Rasa's engine settings; for SQLite a pool that keeps its connections open. SQLAlchemy
    1.4 opens and closes a file connection per session there, and the last close of a
    write-ahead-logged file writes the log back and syncs: a slow disk write per message."""
    if sa.engine.make_url(url).get_backend_name() != "sqlite":
        return create_engine_kwargs(url)
    # One event loop thread uses the store, but Rasa may hand a session to a worker thread.
    return {"poolclass": sa.pool.QueuePool, "connect_args": {"check_same_thread": False}}


def _tune_sqlite(connection: Any, _record: Any) -> None:
    """Write-ahead log for the embedded SQLite store: a commit appends to the log with one
    sync instead of rewriting pages with several (make bench measured the commit as the
    biggest cost of a save), and readers no longer wait for the writer. With synchronous
    NORMAL a power cut can lose the last commits, never corrupt the file: fine for chat history."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class RedactingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Check a pooled connection before use, so the store recovers by itself after the
        # database restarts instead of failing once per stale connection.
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **_engine_kwargs(url))
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _tune_sqlite)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        for event in super()._additional_events(session, tracker):
            yield redacted(event)

    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            await super().save(tracker)
        except sqlalchemy.exc.SQLAlchemyError as error:
            raise TrackerStoreUnavailable(f"saving failed ({type(error).__name__})") from None

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        try:
            return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        except sqlalchemy.exc.SQLAlchemyError as error:
            raise TrackerStoreUnavailable(f"reading failed ({type(error).__name__})") from None

    async def keys(self):
        try:
            return await super().keys()
        except sqlalchemy.exc.SQLAlchemyError as error:
            raise TrackerStoreUnavailable(f"listing failed ({type(error).__name__})") from None
