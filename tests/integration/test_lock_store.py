"""The production lock store hands out unique tickets across processes (real Redis).

Two store objects with their own connections stand for two Rasa servers. The interleaving
that breaks Rasa's own RedisLockStore (both read the lock, then both write it) is forced
here, not left to chance.
"""
from __future__ import annotations

import asyncio

import pytest
from rasa.core.lock_store import RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from own_stack import redis_server
from hulpwijzer.rasa_server.stores.redis_lock_store import AtomicRedisLockStore

CONVERSATION = "lock-test"


@pytest.fixture(scope="module")
def redis():
    with redis_server() as server:
        yield server


def _config(redis) -> EndpointConfig:
    # As Rasa reads deploy/endpoints.production.yml: strings from environment variables.
    return EndpointConfig(url="127.0.0.1", type="hulpwijzer.rasa_server.stores.redis_lock_store.AtomicRedisLockStore",
                          port=str(redis.port), db=str(redis.db), password="", key_prefix="hulpwijzer")


class InterleavedAfterRead(AtomicRedisLockStore):
    """Lets the other server take a ticket right after this one has read the lock."""

    def __init__(self, other, **kwargs):
        super().__init__(**kwargs)
        self.other, self.interfered = other, False

    def _change(self, conversation_id, change):
        def change_after_the_other(lock):
            if not self.interfered:
                self.interfered = True
                self.other.issue_ticket(conversation_id)
            return change(lock)

        return super()._change(conversation_id, change_after_the_other)


def test_rasa_own_redis_lock_store_loses_a_ticket_in_this_interleaving(redis):
    """Why hulpwijzer/rasa_server/stores/redis_lock_store.py exists: the same steps with Rasa's store."""
    first, second = RedisLockStore(port=redis.port, key_prefix="stock"), RedisLockStore(port=redis.port, key_prefix="stock")
    lock_read_by_first = first.get_or_create_lock(CONVERSATION)
    ticket_of_second = second.issue_ticket(CONVERSATION)
    ticket_of_first = lock_read_by_first.issue_ticket(60)
    first.save_lock(lock_read_by_first)
    assert ticket_of_first == ticket_of_second  # both would hold the lock at once
    first.delete_lock(CONVERSATION)


def test_tickets_stay_unique_when_another_server_writes_in_between(redis):
    other = AtomicRedisLockStore(endpoint_config=_config(redis))
    store = InterleavedAfterRead(other, endpoint_config=_config(redis))
    ticket = store.issue_ticket(CONVERSATION)
    lock = store.get_lock(CONVERSATION)
    assert store.interfered
    assert ticket == 1 and [t.number for t in lock.tickets] == [0, 1]
    assert lock.is_locked(ticket) and not lock.is_locked(0)
    store.cleanup(CONVERSATION, 0)
    store.cleanup(CONVERSATION, 1)
    assert store.get_lock(CONVERSATION) is None


def test_the_lock_is_kept_while_someone_waits_and_deleted_after(redis):
    first = AtomicRedisLockStore(endpoint_config=_config(redis))
    second = AtomicRedisLockStore(endpoint_config=_config(redis))
    served = []

    async def handle(store, name, pause):
        async with store.lock(CONVERSATION, wait_time_in_seconds=0.05):
            served.append(f"{name} start")
            await asyncio.sleep(pause)
            served.append(f"{name} end")

    async def both():
        await asyncio.gather(handle(first, "a", 0.3), handle(second, "b", 0))

    asyncio.run(both())
    assert served == ["a start", "a end", "b start", "b end"]
    assert first.get_lock(CONVERSATION) is None
    assert redis.keys("hulpwijzer:*") == []
