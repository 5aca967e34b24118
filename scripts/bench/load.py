"""Load over the REST channel: N conversations at once, each a fixed script of messages.

A conversation sends its next message only after the answer to the previous one, as a person
does. Every message's latency is kept; a message counts as an error when the answer is not
HTTP 200 with at least one text.
"""
from __future__ import annotations

import asyncio
import math
import time
import uuid
from dataclasses import dataclass, field
from typing import List, Sequence

import aiohttp

REQUEST_TIMEOUT_SECONDS = 120


@dataclass
class LoadResult:
    concurrency: int
    latencies: List[float] = field(default_factory=list)
    errors: int = 0
    wall_seconds: float = 0.0

    @property
    def messages(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.messages / self.wall_seconds if self.wall_seconds else 0.0

    def percentile(self, fraction: float) -> float:
        """Nearest-rank percentile in milliseconds."""
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        rank = min(len(ordered), max(1, math.ceil(fraction * len(ordered))))
        return ordered[rank - 1] * 1000


async def _send(session: aiohttp.ClientSession, url: str, sender: str, text: str) -> bool:
    try:
        async with session.post(url, json={"sender": sender, "message": text}) as response:
            if response.status != 200:
                return False
            body = await response.json(content_type=None)
            return isinstance(body, list) and any(m.get("text") for m in body)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        return False


async def _worker(session, url: str, script: Sequence[str], until: int, result: LoadResult) -> None:
    while result.messages < until:
        sender = f"bench-{uuid.uuid4().hex[:12]}"
        for text in script:
            started = time.perf_counter()
            ok = await _send(session, url, sender, text)
            result.latencies.append(time.perf_counter() - started)
            result.errors += 0 if ok else 1


async def _run(url: str, script: Sequence[str], concurrency: int, messages: int) -> LoadResult:
    result = LoadResult(concurrency)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
    connector = aiohttp.TCPConnector(limit=concurrency * 2)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(_worker(session, url, script, messages, result) for _ in range(concurrency)))
        result.wall_seconds = time.perf_counter() - started
    return result


def run_load(url: str, script: Sequence[str], concurrency: int, messages: int) -> LoadResult:
    """At least `messages` messages in conversations of `script`, `concurrency` at a time."""
    return asyncio.run(_run(url, script, concurrency, messages))


def warm_up(url: str, script: Sequence[str], conversations: int = 3) -> None:
    """First messages load TensorFlow graphs and caches; they are not measured."""
    run_load(url, script, 1, conversations * len(script))
