"""Rasa's Redis lock store, with every change of a lock made atomically in Redis.

Why: Rasa Open Source 3.6's RedisLockStore reads a conversation's lock, changes it in
Python and writes it back (GET, then SET). Two Rasa servers that get a message for the same
conversation at the same moment can both read "no tickets", both take ticket 0 and handle
the two messages at the same time: one message's events are then lost from the tracker
store (seen in tests/e2e/test_production.py). Rasa fixed this only in its commercial edition.

Here each read-change-write runs as a Redis transaction (WATCH / MULTI / EXEC, retried when
another process changed the lock in between), so tickets are unique across processes and a
lock is never deleted while someone still waits for it. The stored format is Rasa's own.

Used in deploy/endpoints.production.yml as
`type: hulpwijzer.rasa_server.stores.redis_lock_store.AtomicRedisLockStore` with the usual redis settings.
"""
from __future__ import annotations

from typing import Callable, Optional, Text, Tuple, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from hulpwijzer.rasa_server.compat.redis_lock_store import lock_for_redis, lock_from_redis, lock_key, redis_client

Result = TypeVar("Result")
# A change gets the current lock (None if there is none) and returns the lock to store
# (None: delete it) and a result for the caller.
Change = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], Result]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs) -> None:
        # Rasa builds lock stores named by module path from their endpoint config.
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
            kwargs = {k: v for k, v in kwargs.items() if k != "type"}
        super().__init__(**kwargs)

    def _change(self, conversation_id: Text, change: Change) -> Result:
        key = lock_key(self, conversation_id)

        def transaction(pipe) -> Result:
            current = lock_from_redis(pipe.get(key))  # watched: EXEC fails if another process writes
            new_lock, result = change(current)
            pipe.multi()
            if new_lock is None:
                pipe.delete(key)
            else:
                pipe.set(key, lock_for_redis(new_lock))
            return result

        return redis_client(self).transaction(transaction, key, value_from_callable=True)

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: Optional[TicketLock]):
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, issue)
        except Exception as error:
            raise LockError(f"Error while acquiring lock ({type(error).__name__}).") from error

    def update_lock(self, conversation_id: Text) -> None:
        def drop_expired(lock: Optional[TicketLock]):
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        def finish(lock: Optional[TicketLock]):
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._change(conversation_id, finish)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Remove our ticket; delete the lock only if nobody waits (in one step)."""

        def finish_and_maybe_delete(lock: Optional[TicketLock]):
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._change(conversation_id, finish_and_maybe_delete)
