"""Per-sender flood protection: one sender can never keep the server busy for everyone.

Two limits per sender, both cheap to check:
- at most MAX_WAITING messages of one sender are in the server at the same time (Rasa
  handles one conversation's messages one after the other, so more would only queue up);
- a token bucket: BURST messages at once, then one per REFILL_SECONDS on average.
A message over a limit is not processed at all: it gets a short "slow down" answer at once,
so it costs the server almost nothing. Limits are per Rasa process (see docs/production.md).
"""
from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable

from hulpwijzer import config


@dataclass
class _Bucket:
    tokens: float
    updated: float
    in_flight: int = 0


@dataclass
class SenderGuard:
    # Nobody types 10 messages within a second or two; a script or a stuck resend does.
    burst: float = field(default_factory=lambda: config.number("SENDER_BURST", 10))
    refill_seconds: float = field(default_factory=lambda: config.number("SENDER_REFILL_SECONDS", 1))
    max_waiting: int = field(default_factory=lambda: int(config.number("SENDER_MAX_WAITING", 3)))
    max_senders: int = 100_000  # memory bound: the least recently seen senders are forgotten
    clock: Callable[[], float] = time.monotonic
    _buckets: "OrderedDict[str, _Bucket]" = field(default_factory=OrderedDict)

    def try_enter(self, sender: str) -> bool:
        """True if this message may be processed; then call leave(sender) when done."""
        now = self.clock()
        bucket = self._buckets.get(sender)
        if bucket is None:
            bucket = self._buckets[sender] = _Bucket(tokens=self.burst, updated=now)
            while len(self._buckets) > self.max_senders:
                self._buckets.popitem(last=False)
        self._buckets.move_to_end(sender)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) / self.refill_seconds)
        bucket.updated = now
        if bucket.in_flight >= self.max_waiting or bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        bucket.in_flight += 1
        return True

    def leave(self, sender: str) -> None:
        bucket = self._buckets.get(sender)
        if bucket is not None and bucket.in_flight > 0:
            bucket.in_flight -= 1
