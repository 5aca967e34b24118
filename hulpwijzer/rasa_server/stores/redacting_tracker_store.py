"""Rasa's SQL tracker store, but personal data is redacted before an event is written.

One class for SQLite (the default) and PostgreSQL (production): both are Rasa's
SQLTrackerStore underneath. Used in endpoints.yml as
`type: hulpwijzer.rasa_server.stores.redacting_tracker_store.RedactingSQLTrackerStore`.

Why here and not (only) in the NLU: Rasa stores the user's text twice (the event's `text`
and `parse_data.text`) and the first one comes straight from the channel, so the store is
the one place every stored message passes, whichever channel or API it came through.

Reading and writing use a few SQL statements built once (SQLAlchemy Core) instead of Rasa's
ORM queries, on the same `events` table: `make bench` found SQLAlchemy rebuilding the ORM
queries for every message to be most of the store's time (docs/performance.md).

Database errors are re-raised without their SQL parameters (which hold message text), so a
broken database never writes conversations into the logs.
"""
from __future__ import annotations

import itertools
import json
import logging
from typing import Any, Dict, List, Optional, Text

import sqlalchemy as sa
import sqlalchemy.exc
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from rasa.shared.core.trackers import DialogueStateTracker

from hulpwijzer.core.redaction import redact
from hulpwijzer.rasa_server.compat.sql_tracker_store import (
    SQLTrackerStoreWithOwnQueries, check_schema, events_table, rasa_engine_options, replace_engine,
)

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


def _engine_kwargs(url: Any) -> Dict[str, Any]:
    """Rasa's engine settings; for SQLite a pool that keeps its connections open. SQLAlchemy
    1.4 opens and closes a file connection per session there, and the last close of a
    write-ahead-logged file writes the log back and syncs: a slow disk write per message."""
    if sa.engine.make_url(url).get_backend_name() != "sqlite":
        return rasa_engine_options(url)
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


def _statements(events: sa.Table) -> Dict[str, Any]:
    """The store's statements, built once. Rasa's rule: the latest conversation session is
    every event from the newest `session_started` on (all events if there is none); events
    are ordered by id, as timestamps need not be unique."""
    sender = sa.bindparam("sender_id")
    session_start = (
        sa.select(sa.func.max(events.c.timestamp))
        .where(events.c.sender_id == sender, events.c.type_name == SessionStarted.type_name)
        .scalar_subquery()
    )
    in_latest_session = sa.and_(
        events.c.sender_id == sender, sa.or_(session_start.is_(None), events.c.timestamp >= session_start)
    )
    return {
        "latest_session": sa.select(events.c.data).where(in_latest_session).order_by(events.c.id),
        "all_sessions": sa.select(events.c.data).where(events.c.sender_id == sender).order_by(events.c.id),
        "count_latest_session": sa.select(sa.func.count()).select_from(events).where(in_latest_session),
        "insert": events.insert(),
    }


def _row(sender_id: Text, event: Event) -> Dict[str, Any]:
    """An events-table row for one event, personal data redacted."""
    data = redact_event_data(event.as_dict())
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": (data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


def _create_engine(url: Any) -> sa.engine.Engine:
    """Our engine: it checks a pooled connection before use, so the store recovers by itself
    after the database restarts instead of failing once per stale connection."""
    engine = sa.create_engine(url, pool_pre_ping=True, **_engine_kwargs(url))
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _tune_sqlite)
    return engine


class RedactingSQLTrackerStore(SQLTrackerStoreWithOwnQueries):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.database = replace_engine(self, _create_engine)
        self._sql = _statements(events_table(self))
        # Rasa checks a configured PostgreSQL schema in every ORM session; the statements
        # above do not open one, so it is checked once here (a missing schema stops Rasa).
        check_schema(self)

    def _new_rows(self, connection: Any, tracker: DialogueStateTracker) -> List[Dict[str, Any]]:
        """Rows for the tracker's events that are not stored yet (as Rasa's store decides it:
        the events after as many as the latest session already has in the database)."""
        stored = connection.execute(self._sql["count_latest_session"], {"sender_id": tracker.sender_id}).scalar()
        return [_row(tracker.sender_id, event) for event in itertools.islice(tracker.events, stored, None)]

    async def write_new_events(self, tracker: DialogueStateTracker) -> None:
        try:
            with self.database.begin() as connection:  # one transaction: count and insert
                rows = self._new_rows(connection, tracker)
                if rows:
                    connection.execute(self._sql["insert"], rows)
        except sqlalchemy.exc.SQLAlchemyError as error:
            raise TrackerStoreUnavailable(f"saving failed ({type(error).__name__})") from None

    async def read_tracker(self, sender_id: Text, all_sessions: bool) -> Optional[DialogueStateTracker]:
        query = self._sql["all_sessions" if all_sessions else "latest_session"]
        try:
            with self.database.connect() as connection:
                events = [json.loads(data) for (data,) in connection.execute(query, {"sender_id": sender_id})]
        except sqlalchemy.exc.SQLAlchemyError as error:
            raise TrackerStoreUnavailable(f"reading failed ({type(error).__name__})") from None
        if not (self.domain and events):
            return None
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    async def keys(self):
        try:
            return await super().keys()
        except sqlalchemy.exc.SQLAlchemyError as error:
            raise TrackerStoreUnavailable(f"listing failed ({type(error).__name__})") from None
