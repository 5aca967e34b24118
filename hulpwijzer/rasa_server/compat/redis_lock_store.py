"""The Redis client of Rasa's RedisLockStore and how it stores a lock there.

Rasa 3.6.21's RedisLockStore (rasa.core.lock_store) keeps its redis client in the attribute
`red` and stores each conversation's TicketLock under `key_prefix + conversation id`, as the
JSON of TicketLock.dumps() (read back with TicketLock.from_dict). A lock store that changes
locks in Redis transactions needs all three; they were checked against the versions in
compat/versions.py.
"""
from __future__ import annotations

import json
from typing import Any, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import RedisLockStore


def redis_client(store: RedisLockStore) -> Any:
    """The store's redis.StrictRedis."""
    return store.red


def lock_key(store: RedisLockStore, conversation_id: Text) -> Text:
    """The Redis key of this conversation's lock."""
    return store.key_prefix + conversation_id


def lock_from_redis(stored: Optional[bytes]) -> Optional[TicketLock]:
    """The lock Rasa stored (None when there is none)."""
    return TicketLock.from_dict(json.loads(stored)) if stored else None


def lock_for_redis(lock: TicketLock) -> Text:
    """The lock as Rasa stores it."""
    return lock.dumps()
