"""The parts of Rasa's SQLTrackerStore a tracker store with its own SQL needs.

Rasa 3.6.21's SQLTrackerStore (rasa.core.tracker_store) keeps its SQLAlchemy engine and the
ORM sessionmaker bound to it in the attributes `engine` and `sessionmaker`, builds the
engine's settings (pool size, PostgreSQL schema) with `create_engine_kwargs`, keeps the
`events` table as the ORM class `SQLEvent`, checks a configured PostgreSQL schema in every
`session_scope()` (exiting when it is missing), reads through the private
`_retrieve(sender_id, fetch_events_from_all_sessions)` behind `retrieve` and
`retrieve_full_tracker`, and its `save` first streams the new events to the event broker
(`stream_events`) and then writes them. Those are the internals used here, by our tracker
store (hulpwijzer/rasa_server/stores/redacting_tracker_store.py) and the retention job
(hulpwijzer/ops/retention.py); they were checked against the versions in compat/versions.py.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, Optional, Text, Tuple

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker


def rasa_engine_options(url: Any) -> Dict[str, Any]:
    """The keyword arguments Rasa gives sa.create_engine for this URL."""
    return create_engine_kwargs(url)


def replace_engine(store: SQLTrackerStore, create: Callable[[Any], Any]) -> Any:
    """Close Rasa's engine and use create(its URL) instead, also for Rasa's own ORM sessions."""
    url = store.engine.url
    store.engine.dispose()
    store.engine = create(url)
    store.sessionmaker = sa.orm.session.sessionmaker(bind=store.engine)
    return store.engine


def events_table(store: SQLTrackerStore) -> sa.Table:
    """Rasa's `events` table (columns id, sender_id, type_name, timestamp, intent_name,
    action_name, data)."""
    return store.SQLEvent.__table__


def check_schema(store: SQLTrackerStore) -> None:
    """Rasa's check of a configured PostgreSQL schema (POSTGRESQL_SCHEMA); a missing one stops Rasa."""
    with store.session_scope():
        pass


def delete_events_before(store: SQLTrackerStore, cutoff: float) -> Tuple[int, int]:
    """Delete the events with a timestamp before `cutoff` in one of Rasa's sessions: (events
    deleted, conversations that had events and have none left)."""
    event = store.SQLEvent
    with store.session_scope() as session:
        before = {s for (s,) in session.query(event.sender_id).distinct()}
        events = session.query(event).filter(event.timestamp < cutoff).delete(synchronize_session=False)
        session.commit()
        after = {s for (s,) in session.query(event.sender_id).distinct()}
    return events, len(before - after)


class SQLTrackerStoreWithOwnQueries(SQLTrackerStore):
    """Rasa's SQLTrackerStore whose reading and writing a subclass does in public methods:
    read_tracker for retrieve and retrieve_full_tracker, write_new_events for save (after the
    events went to the event broker, as in Rasa's save)."""

    async def read_tracker(self, sender_id: Text, all_sessions: bool) -> Optional[DialogueStateTracker]:
        raise NotImplementedError

    async def write_new_events(self, tracker: DialogueStateTracker) -> None:
        raise NotImplementedError

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        return await self.read_tracker(sender_id, fetch_events_from_all_sessions)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        await self.write_new_events(tracker)
